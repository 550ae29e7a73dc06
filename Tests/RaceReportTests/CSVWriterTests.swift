import XCTest

@testable import RaceReport

final class CSVWriterTests: XCTestCase {
    func testQuotingPerRFC4180() {
        XCTAssertEqual(CSVWriter.escape("plain"), "plain")
        XCTAssertEqual(CSVWriter.escape(""), "")
        XCTAssertEqual(CSVWriter.escape("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.escape("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVWriter.escape("\""), "\"\"\"\"")
        XCTAssertEqual(CSVWriter.escape("a\nb"), "\"a\nb\"")
        XCTAssertEqual(CSVWriter.escape("a\rb"), "\"a\rb\"")
        XCTAssertEqual(CSVWriter.escape("a\r\nb"), "\"a\r\nb\"")
        XCTAssertEqual(CSVWriter.escape(" spaced "), " spaced ")
        XCTAssertEqual(CSVWriter.escape("深度求索"), "深度求索")
        XCTAssertEqual(CSVWriter.escape("\"\u{301}"), "\"\"\"\u{301}\"")  // quote + combining mark
    }

    func testRows() {
        var csv = CSVWriter()
        csv.row(["entity", "month", "cash"])
        csv.row(["Alpha", "2025-01", QuantityFormat.plain(1.2e10)])
        csv.row(["Beta, Inc.", "2025-01", QuantityFormat.plain(.nan)])
        csv.row([""])
        csv.row([])
        XCTAssertEqual(csv.text, """
            entity,month,cash
            Alpha,2025-01,12000000000
            "Beta, Inc.",2025-01,
            ""


            """)
        var crlf = CSVWriter(lineEnding: "\r\n")
        crlf.row(["a", "b"])
        crlf.row(["c", ""])
        XCTAssertEqual(crlf.text, "a,b\r\nc,\r\n")
    }

    func testRoundTripThroughAReader() {
        let rows = [["a", "b,c", "\"q\""], ["line\nbreak", "", "crlf\r\nx"], ["", "", ""], ["é", "x"]]
        var csv = CSVWriter()
        for row in rows { csv.row(row) }
        XCTAssertEqual(Self.read(csv.text), rows)
    }

    /// A strict RFC 4180 reader, independent of the writer's code.
    static func read(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let s = scalars.popFirst() {
            if quoted {
                if s == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append(s) }
                    else { quoted = false }
                } else { field.unicodeScalars.append(s) }
            } else if s == "\"" {
                quoted = true
            } else if s == "," {
                row.append(field); field = ""
            } else if s == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(s)
            }
        }
        return rows
    }
}
