import XCTest
@testable import RaceSyntax

/// The conformance scenarios parse: without errors, except those in `errors/`, which
/// may have errors but are parsed to the end.
final class ConformanceParseTests: XCTestCase {
    static var conformanceFolder: URL {
        Syntax.packageRoot().appendingPathComponent("Tests/EndToEndTests/Conformance").resolvingSymlinksInPath()
    }

    /// Every `.race` file under the conformance folder, sorted.
    static func scenarioFiles() -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: conformanceFolder, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "race" }
            .sorted { $0.path < $1.path }
    }

    static func load(_ url: URL) throws -> SourceFile {
        let bytes = [UInt8](try Data(contentsOf: url))
        return try SourceFile.decode(name: url.lastPathComponent, bytes: bytes).get()
    }

    func testScenariosParseWithoutErrors() throws {
        let files = Self.scenarioFiles().filter { $0.deletingLastPathComponent().lastPathComponent != "errors" }
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for url in files {
            let parsed = Parser.parse(try Self.load(url))
            XCTAssertEqual(parsed.diagnostics.map { DiagnosticRenderer().render($0) }, [], url.path)
            XCTAssertFalse(parsed.isIncomplete, url.path)
            XCTAssertGreaterThan(parsed.statements.count, 2, url.path)
        }
    }

    func testErrorScenariosParseToTheEnd() throws {
        let files = Self.scenarioFiles().filter { $0.deletingLastPathComponent().lastPathComponent == "errors" }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for url in files {
            let parsed = Parser.parse(try Self.load(url))
            XCTAssertGreaterThanOrEqual(parsed.statements.count, 3, url.path)
        }
    }

    /// The syntax errors among them are found by the parser, on the line and with the
    /// word their `# expect:` header names.
    func testSyntaxErrorScenariosReportTheExpectedProblem() throws {
        let expectations: [String: (lines: Set<Int>, word: String)] = [
            "bad-month.race": ([3], "month"),
            "day-in-date.race": ([6], "day"),
            "unclosed-block.race": ([5, 6, 7], "{"),
        ]
        for (name, expected) in expectations {
            let url = Self.conformanceFolder.appendingPathComponent("errors/\(name)")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let parsed = Parser.parse(try Self.load(url))
            let errors = parsed.diagnostics.filter(\.isError)
            XCTAssertEqual(errors.count, 1, "\(name): \(errors.map(\.message))")
            guard let error = errors.first else { continue }
            XCTAssertTrue(expected.lines.contains(error.span?.location.line ?? 0), "\(name): line \(error.span?.location.line ?? 0)")
            XCTAssertTrue(error.message.contains(expected.word) || (error.hint ?? "").contains(expected.word),
                          "\(name): \(error.message)")
        }
    }
}
