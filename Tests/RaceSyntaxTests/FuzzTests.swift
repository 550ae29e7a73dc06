import XCTest
@testable import RaceSyntax

/// No input crashes or hangs the lexer and parser (docs/reference/diagnostics.md): mutated scenarios and
/// pathological texts all come back with a result, quickly.
final class FuzzTests: XCTestCase {
    /// SplitMix64: a small generator with a fixed seed, so failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes the mutations like to insert: the ones the grammar cares about, and junk.
    static let interesting: [UInt8] = Array("{}()[]\":,;$%.#\n\n\n \\-+*/^<>=!_0123456789kMBTe".utf8)
        + [0, 0x7F, 0xC3, 0xA9, 0xFF, 0xE2, 0x80]

    static func seedScenarios() throws -> [[UInt8]] {
        var seeds = try ConformanceParseTests.scenarioFiles().map { [UInt8](try Data(contentsOf: $0)) }
        seeds += try ReferenceExampleTests.allBlocks().map { Array($0.text.utf8) }
        return seeds
    }

    static func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !bytes.isEmpty:  // flip bits
                bytes[position] ^= UInt8.random(in: 1...255, using: &random)
            case 1:  // insert an interesting byte
                bytes.insert(interesting.randomElement(using: &random)!, at: position)
            case 2 where !bytes.isEmpty:  // delete a short range
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.removeSubrange(position..<end)
            case 3:  // truncate
                bytes.removeSubrange(position..<bytes.count)
            case 4 where !bytes.isEmpty:  // duplicate a chunk somewhere else
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                let chunk = bytes[position..<end]
                bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &random))
            case 5:  // insert a random byte
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            default:  // swap two bytes
                if bytes.count > 1 {
                    bytes.swapAt(position, Int.random(in: 0..<bytes.count, using: &random))
                }
            }
        }
        return bytes
    }

    /// Parses raw bytes (the lexer must survive even bytes that are not UTF-8) and checks
    /// the result hangs together.
    @discardableResult
    static func check(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> ParsedSource {
        let source = SourceFile(name: "fuzz.race", validBytes: bytes, firstLine: 1)
        let parsed = Parser.parse(source)
        for diagnostic in parsed.diagnostics {
            guard let span = diagnostic.span else { continue }
            XCTAssertTrue(0 <= span.start && span.start <= span.end && span.end <= bytes.count,
                          "span \(span.start)..<\(span.end) outside \(bytes.count) bytes", file: file, line: line)
        }
        if parsed.isIncomplete { XCTAssertTrue(parsed.diagnostics.hasErrors, file: file, line: line) }
        for statement in parsed.statements {
            XCTAssertTrue(statement.span.end <= bytes.count, file: file, line: line)
        }
        _ = Parser.parseExpression(source)
        return parsed
    }

    func testMutatedScenariosNeverCrash() throws {
        let seeds = try Self.seedScenarios()
        XCTAssertFalse(seeds.isEmpty)
        var random = SeededGenerator(state: 0x5EED_2025)
        let started = Date()
        for iteration in 0..<3000 {
            let seed = seeds[iteration % seeds.count]
            let mutated = Self.mutate(seed, using: &random)
            Self.check(mutated)
            // Also as the REPL and `race check` see it: decoded text, rendered diagnostics.
            let text = String(decoding: mutated, as: UTF8.self)
            let parsed = Parser.parse(SourceFile(name: "fuzz.race", text: text))
            _ = DiagnosticRenderer().render(parsed.diagnostics)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }

    private func timed(_ name: String, limit: TimeInterval = 10, _ bytes: [UInt8]) -> ParsedSource {
        let started = Date()
        let parsed = Self.check(bytes)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, limit, "\(name) took \(elapsed)s")
        if ProcessInfo.processInfo.environment["RACE_TIMINGS"] != nil { print("\(name): \(elapsed)s") }
        return parsed
    }

    func testPathologicalInputs() {
        XCTAssertTrue(timed("empty", []).diagnostics.isEmpty)
        XCTAssertTrue(timed("binary junk", (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 3) }).diagnostics.hasErrors)
        XCTAssertTrue(timed("NULs", [UInt8](repeating: 0, count: 10_000)).diagnostics.hasErrors)
        let parens = timed("100k (", Array(String(repeating: "(", count: 100_000).utf8))
        XCTAssertTrue(parens.diagnostics.hasErrors)
        let nested = timed("100k nested ()", Array(("param x = " + String(repeating: "(", count: 100_000) + "1"
            + String(repeating: ")", count: 100_000)).utf8))
        XCTAssertEqual(nested.diagnostics.map(\.message), ["expression is nested too deeply (more than 256 levels)"])
        XCTAssertTrue(timed("100k {", Array(String(repeating: "{", count: 100_000).utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("100k {}", Array((String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000)).utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("lab with 100k {", Array(("lab A " + String(repeating: "{", count: 100_000)).utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("100k }", Array(String(repeating: "}", count: 100_000).utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("100k -", Array(("param x = " + String(repeating: "-", count: 100_000) + "1").utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("100k ^", Array(("param x = 1" + String(repeating: "^1", count: 100_000)).utf8)).diagnostics.hasErrors)
        let identifier = timed("1 MB identifier", Array(("lab " + String(repeating: "a", count: 1_000_000)).utf8))
        XCTAssertEqual(identifier.statements.count, 1)
        XCTAssertTrue(timed("1 MB word", Array(String(repeating: "a", count: 1_000_000).utf8)).diagnostics.hasErrors)
        XCTAssertEqual(timed("1e999", Array("param x = 1e999".utf8)).diagnostics.map(\.message), ["number is too large"])
        XCTAssertTrue(timed("lone $", Array("$".utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("lone quote", Array("\"".utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("1 MB digits", Array(("param x = " + String(repeating: "9", count: 1_000_000)).utf8)).diagnostics.hasErrors)
        XCTAssertTrue(timed("many lines of errors", Array(String(repeating: "on 2025-01 x\n", count: 20_000).utf8)).diagnostics.count == 20_000)
    }

    /// The deepest legal expressions parse even from a thread with a small stack (512 KB,
    /// a secondary thread's size on some platforms).
    func testDeepExpressionsParseOnASmallStackThread() {
        let inputs = [
            "param x = " + String(repeating: "(", count: 255) + "1" + String(repeating: ")", count: 255),
            "param x = " + String(repeating: "a.f(", count: 255) + "1" + String(repeating: ")", count: 255),
            // Three levels of tree per parenthesis: 85 of them make 256 levels, the most there may be.
            "param x = " + String(repeating: "(1 + 2 * -", count: 85) + "1" + String(repeating: ")", count: 85),
            "param x = " + String(repeating: "(", count: 100_000),
            "on 2025-01: A raises " + String(repeating: "(", count: 23) + "1" + String(repeating: ")", count: 23) + " at $1B",
        ]
        // Read only after the thread has finished.
        nonisolated(unsafe) var results: [Bool] = []
        let finished = expectation(description: "parsed")
        let thread = Thread {
            for input in inputs {
                let parsed = Parser.parse(SourceFile(name: "deep", text: input))
                results.append(parsed.diagnostics.hasErrors)
            }
            finished.fulfill()
        }
        thread.stackSize = 512 << 10
        thread.start()
        wait(for: [finished], timeout: 60)
        XCTAssertEqual(results, [false, false, false, true, false])
    }

    func testDiagnosticsOfPathologicalInputsRender() {
        let huge = Parser.parse(SourceFile(name: "x", text: "lab A { " + String(repeating: "a", count: 1_000_000) + " $ }"))
        let text = DiagnosticRenderer().render(huge.diagnostics)
        XCTAssertLessThan(text.count, 2_000)
    }

    /// Parsing is linear: four times the text takes about four times as long, never the
    /// sixteen of a quadratic parser. A ratio, not a time, so a loaded or sanitized machine
    /// does not fail it (speed itself is for benchmarks).
    func testParsingAMegabyteScalesLinearly() throws {
        let seeds = try Self.seedScenarios().filter { bytes in
            !Parser.parse(SourceFile(name: "s", text: String(decoding: bytes, as: UTF8.self))).diagnostics.hasErrors
        }
        func text(_ bytes: Int) -> String {
            var text = "", index = 0
            while text.utf8.count < bytes {
                text += String(decoding: seeds[index % seeds.count], as: UTF8.self) + "\n"
                index += 1
            }
            return text
        }
        func seconds(_ text: String) -> Double {
            let started = Date()
            let parsed = Parser.parse(SourceFile(name: "big.race", text: text))
            XCTAssertEqual(parsed.diagnostics.filter(\.isError).count, 0)
            return Date().timeIntervalSince(started)
        }
        let small = text(250_000), large = text(1_000_000)
        let ratios = (0..<3).map { _ in seconds(large) / seconds(small) }
        XCTAssertLessThan(ratios.min()!, 8, "parsing 4× the text took \(ratios)× as long")
        XCTAssertGreaterThan(Parser.parse(SourceFile(name: "big.race", text: large)).statements.count, 10_000)
    }
}
