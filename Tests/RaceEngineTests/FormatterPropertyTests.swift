import Foundation
import RaceModel
import RaceReport
import RaceSyntax
@testable import RaceEngine
import XCTest

/// `race fmt` never changes what a scenario means: on every shipped scenario, every
/// conformance file and generated scenarios written in a messy layout, the formatted text
/// is a fixed point of the formatter, checks to the same model and runs to the same numbers,
/// events and Monte Carlo draws, bit for bit.
final class FormatterPropertyTests: XCTestCase {
    static let packageFolder = PipelineFuzzTests.conformanceFolder.deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private func format(_ text: String, name: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard case .formatted(let formatted) = Formatter.format(SourceFile(name: name, text: text)) else {
            XCTFail("\(name) does not format", file: file, line: line)
            return nil
        }
        guard case .formatted(let again) = Formatter.format(SourceFile(name: name, text: formatted)) else {
            XCTFail("\(name): the formatted text does not format", file: file, line: line)
            return nil
        }
        XCTAssertEqual(again, formatted, "\(name): formatting is not idempotent", file: file, line: line)
        return formatted
    }

    /// Loads `path` with every file read through `transform` (the formatter, or as it is).
    private func load(_ path: String, files: [String: String], transform: @escaping (String, String) -> String?) -> Model? {
        let loader = ScenarioLoader(read: { name in
            let key = ScenarioLoader.normalize(name)
            return files[key].flatMap { transform($0, key) }.map { Array($0.utf8) }
        })
        let loaded = loader.load(path: path)
        guard !loaded.diagnostics.hasErrors else {
            XCTFail("\(path): " + DiagnosticRenderer().render(loaded.diagnostics))
            return nil
        }
        return Checker.check(loaded.statements, origin: loaded.source).model
    }

    /// The original and the formatted files check to models that run the same.
    private func assertSameRuns(_ path: String, files: [String: String], samples: Int = 24,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        guard let original = load(path, files: files, transform: { text, _ in text }),
              let formatted = load(path, files: files, transform: { text, name in self.format(text, name: name) }) else {
            return XCTFail("\(path) does not check", file: file, line: line)
        }
        let (outcomeA, ra) = Self.plainRun(original), (outcomeB, rb) = Self.plainRun(formatted)
        XCTAssertEqual(outcomeA, outcomeB, path, file: file, line: line)
        guard let ra, let rb else { return }
        XCTAssertEqual(ra.values.map(\.bitPattern), rb.values.map(\.bitPattern), "\(path): values", file: file, line: line)
        XCTAssertEqual(ra.events.map(ra.text(of:)), rb.events.map(rb.text(of:)), "\(path): events", file: file, line: line)
        XCTAssertEqual(ra.skipped.map(ra.text(of:)), rb.skipped.map(rb.text(of:)), "\(path): skipped", file: file, line: line)
        // A run that stops (a feature the engine does not run yet) stops the same way formatted.
        guard let ma = try? MonteCarlo.run(plan: Lowering.lower(original), samples: samples, seed: 5, threads: 1) else { return }
        let mb = try MonteCarlo.run(plan: Lowering.lower(formatted), samples: samples, seed: 5, threads: 1)
        for e in 0..<ma.entityCount {
            XCTAssertEqual(ma.values(.cash, entity: e)?.map(\.bitPattern), mb.values(.cash, entity: e)?.map(\.bitPattern),
                           "\(path): Monte Carlo cash of entity \(e)", file: file, line: line)
        }
    }

    /// "ran" and the result, or how the run stopped (a feature the engine does not run yet
    /// stops the original and the formatted text alike).
    static func plainRun(_ model: Model) -> (String, RunResult?) {
        do {
            let engine = try LaneEngine.plainRun(Lowering.lower(model))
            try engine.run()
            return ("ran", engine.result)
        } catch {
            return ("\(error.problem) at step \(error.step), line \(error.span?.location.line ?? 0)", nil)
        }
    }

    func testTheShippedScenariosRunTheSameFormatted() throws {
        let folder = Self.packageFolder.appendingPathComponent("Scenarios")
        var files: [String: String] = [:]
        for url in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where url.pathExtension == "race" {
            files["Scenarios/" + url.lastPathComponent] = try String(contentsOf: url, encoding: .utf8)
        }
        XCTAssertEqual(files.count, 7)  // the seven of Scenarios/, deals-2024-2025.race and observed-2025.race the newest
        for path in files.keys.sorted() { try assertSameRuns(path, files: files) }
    }

    func testTheConformanceFilesRunTheSameFormatted() throws {
        let enumerator = FileManager.default.enumerator(at: PipelineFuzzTests.conformanceFolder, includingPropertiesForKeys: nil)!
        let urls = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "race" && !$0.path.contains("/errors/") }
        XCTAssertGreaterThan(urls.count, 8)
        for url in urls {
            let folder = url.deletingLastPathComponent()
            var files: [String: String] = [:]
            for sibling in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                where sibling.pathExtension == "race" {
                files[sibling.lastPathComponent] = try String(contentsOf: sibling, encoding: .utf8)
            }
            try assertSameRuns(url.lastPathComponent, files: files)
        }
    }

    func testGeneratedScenariosInAMessyLayoutRunTheSameFormatted() throws {
        var random = SeededGenerator(seed: 17)
        for round in 0..<40 {
            let text = GeneratedScenario(using: &random).text()
            let messy = MessyLayout.rewrite(text, using: &random)
            try assertSameRuns("generated.race", files: ["generated.race": messy], samples: 8)
            // The messy layout and the tidy one format to the same text, but for comments
            // and the line breaks the messy one added inside blocks.
            if round < 5, let tidy = format(text, name: "tidy.race") {
                XCTAssertTrue(tidy.split(separator: "\n").allSatisfy { !$0.hasSuffix(" ") }, tidy)
            }
        }
    }
}

/// Rewrites a scenario with the same tokens in a careless layout: extra spaces and tabs
/// between tokens, random indentation, trailing spaces, blank lines, and comments at the ends
/// of lines and on lines of their own.
enum MessyLayout {
    static func rewrite(_ text: String, using random: inout SeededGenerator) -> String {
        let source = SourceFile(name: "messy.race", text: text)
        var lexer = Lexer(source, keepingComments: true)
        let (tokens, _) = lexer.tokenize()
        var out = ""
        var previous: Token?
        for token in tokens {
            switch token.kind {
            case .end: continue
            case .newline:
                if Bool.random(using: &random) { out += "   # note \(Int.random(in: 0..<100, using: &random))" }
                out += String(repeating: "\n", count: Int.random(in: 1...3, using: &random))
                if Int.random(in: 0..<4, using: &random) == 0 { out += "# a comment line\n" }
                out += String(repeating: Bool.random(using: &random) ? "\t" : " ", count: Int.random(in: 0...4, using: &random))
                previous = nil
                continue
            default:
                break
            }
            if let previous {
                if token.followsLineBreak {
                    out += "\n" + String(repeating: " ", count: Int.random(in: 0...6, using: &random))
                } else {
                    let gap = source.text(from: previous.end, to: token.start)
                    out += gap.isEmpty ? "" : String(repeating: Bool.random(using: &random) ? " " : "\t", count: Int.random(in: 1...3, using: &random))
                }
            }
            out += source.text(from: token.start, to: token.end)
            previous = token
        }
        return out + "\n"
    }
}
