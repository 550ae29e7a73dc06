import XCTest

@testable import RaceReport

final class JSONValueTests: XCTestCase {
    private let tricky = [
        "", "plain", "quote \" and backslash \\", "slash /", "new\nline", "cr\rtab\t",
        "\u{08}\u{0C}", "nul \u{00} unit-sep \u{1F} del \u{7F}", "é 深度求索 😀 e\u{301}",
        "\u{2028}\u{2029}", "\\u0041 is not an escape here", "\r\n",
    ]

    func testStringEscaping() {
        XCTAssertEqual(JSONValue.string("a\"b\\c/d").serialized(pretty: false), #""a\"b\\c/d""#)
        XCTAssertEqual(JSONValue.string("\n\r\t\u{08}\u{0C}").serialized(pretty: false), #""\n\r\t\b\f""#)
        XCTAssertEqual(JSONValue.string("\u{00}\u{01}\u{1B}\u{1F}").serialized(pretty: false),
                       #""\u0000\u0001\u001B\u001F""#)
        XCTAssertEqual(JSONValue.string("é😀\u{7F}").serialized(pretty: false), "\"é😀\u{7F}\"")
    }

    func testTrickyStringsRoundTrip() throws {
        for s in tricky {
            for pretty in [false, true] {
                let text = JSONValue.array([.string(s)]).serialized(pretty: pretty)
                XCTAssertEqual(try JSONValue.parse(text), .array([.string(s)]), text)
            }
        }
        let keyed = JSONValue.object(tricky.map { ($0, .string($0)) })
        XCTAssertEqual(try JSONValue.parse(keyed.serialized(pretty: true)), keyed)
    }

    func testNumbersRoundTripBitExact() throws {
        let numbers: [Double] = [1e-300, 1.7976931348623157e308, -0.0, 0, 0.1 + 0.2, .leastNonzeroMagnitude,
                                 200_000, -1.5e10, 1.2345678901234568e17, 2.0e27, .pi, 1e-7]
        let text = JSONValue.array(numbers.map { .number($0) }).serialized(pretty: false)
        XCTAssertEqual(text, "[1e-300,1.7976931348623157e308,-0,0,0.30000000000000004,5e-324,"
            + "200000,-15000000000,1.2345678901234568e17,2e27,3.141592653589793,1e-7]")
        guard case .array(let back) = try JSONValue.parse(text) else { return XCTFail("not an array") }
        XCTAssertEqual(back.map { $0.numberValue?.bitPattern }, numbers.map { $0.bitPattern })
    }

    func testNonFiniteNumbersBecomeNull() {
        let v = JSONValue.array([.number(.nan), .number(.infinity), .number(-.infinity), .number(nil), .number(2.5)])
        XCTAssertEqual(v.serialized(pretty: false), "[null,null,null,null,2.5]")
    }

    func testPrettyLayoutAndKeyOrder() {
        let v: JSONValue = [
            "scenario": "Two labs", "samples": 1, "entities": [["name": "Alpha", "exit": nil,
            "final": ["cash": 1.2e10, "runway": nil]]], "skipped": [], "extra": [:], "ok": true,
        ]
        XCTAssertEqual(v.serialized(pretty: true), """
            {
              "scenario": "Two labs",
              "samples": 1,
              "entities": [
                {
                  "name": "Alpha",
                  "exit": null,
                  "final": {
                    "cash": 12000000000,
                    "runway": null
                  }
                }
              ],
              "skipped": [],
              "extra": {},
              "ok": true
            }
            """)
        XCTAssertEqual(v.serialized(pretty: false),
            #"{"scenario":"Two labs","samples":1,"entities":[{"name":"Alpha","exit":null,"#
            + #""final":{"cash":12000000000,"runway":null}}],"skipped":[],"extra":{},"ok":true}"#)
        XCTAssertEqual(v["entities"]?[0]?["final"]?["cash"]?.numberValue, 1.2e10)
        XCTAssertEqual(v["entities"]?[0]?["exit"]?.isNull, true)
        XCTAssertNil(v["missing"])
        XCTAssertNil(v["entities"]?[5])
    }

    func testParseAcceptsValidJSON() throws {
        let v = try JSONValue.parse(" \r\n\t{ \"b\" : [ 1 , true , false , null , \"x\" , -0.5E+2 ] , \"a\" : { } , \"b\" : [] } ")
        XCTAssertEqual(v, .object([("b", [1, true, false, nil, "x", -50]), ("a", .object([])), ("b", [])]))
        XCTAssertEqual(v.objectValue?.map { $0.0 }, ["b", "a", "b"])  // order and duplicates kept
        XCTAssertEqual(try JSONValue.parse(#""\ud83d\ude00 \u00e9\u0041\/""#), .string("😀 éA/"))
        XCTAssertEqual(try JSONValue.parse("0"), .number(0))
        XCTAssertEqual(try JSONValue.parse("1e400").numberValue, .infinity)
        XCTAssertEqual(try JSONValue.parse("\"深度求索\""), .string("深度求索"))
    }

    func testParseRejectsInvalidJSONWithoutCrashing() {
        let bad = [
            "", " ", "{", "}", "[", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "{\"a\"}",
            "{'a':1}", "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
            "\"\\ud800x\"", "\"a\u{01}b\"", "\"tab\there\"", "nul", "tru", "falsy", "null null", "1 2", "[]]",
            "// c\n1", "/* c */ 1", "\u{FEFF}1", "\"\\", "[\"a\\\"]",
        ]
        for text in bad {
            XCTAssertThrowsError(try JSONValue.parse(text), "accepted: \(text.debugDescription)")
        }
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 100_000)))
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "{\"a\":", count: 100_000)))
        XCTAssertNoThrow(try JSONValue.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)))
        do {
            _ = try JSONValue.parse("[1, x]")
            XCTFail("accepted")
        } catch let e as JSONValue.ParseError {
            XCTAssertEqual(e.offset, 4)
            XCTAssertEqual(e.description, "JSON error at byte 4: unexpected character")
        } catch { XCTFail("\(error)") }
    }

    func testEveryPrefixAndSingleByteCorruptionEitherParsesOrThrows() {
        let text = JSONValue.object([("k\u{01}é", [1.5, "s\"\\", nil, true, ["x": -0.0]])]).serialized(pretty: true)
        let bytes = Array(text.utf8)
        for n in 0...bytes.count {
            let prefix = String(decoding: bytes[..<n], as: UTF8.self)
            let parsed = try? JSONValue.parse(prefix)
            if n == bytes.count { XCTAssertNotNil(parsed) }
        }
        for i in bytes.indices {
            for replacement in Array("\"\\{}[],:0e-u ".utf8) {
                var mutated = bytes
                mutated[i] = replacement
                _ = try? JSONValue.parse(String(decoding: mutated, as: UTF8.self))
            }
        }
    }
}
