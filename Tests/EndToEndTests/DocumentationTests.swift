import Foundation
import RaceModel
import RaceReport
@testable import RaceSession
import RaceSyntax
import XCTest

/// The documentation is true: every ```race example checks (a whole scenario also runs),
/// every `race …` command of the README, the tutorial and the reference runs as written, the
/// REPL's `:help` shows the same pages, and the formatting page is formatted.
final class DocumentationTests: XCTestCase {
    func testEveryRaceExampleChecksAndEveryScenarioRuns() throws {
        var checked = 0
        for url in try Documentation.files() {
            var saved: [String: String] = [:]
            for block in try Documentation.blocks(of: url) where block.language == "race" {
                let name: String, text: String
                if let file = block.savedFile {
                    saved[file.name] = (file.continues ? (saved[file.name] ?? "") + "\n" : "") + block.text + "\n"
                    (name, text) = (file.name, saved[file.name]!)
                } else if Documentation.isWholeScenario(block.text) {
                    (name, text) = ("example.race", block.text + "\n")
                } else {
                    (name, text) = ("fragment.race", Documentation.prelude + block.text + "\n")
                }
                assertChecksAndRuns(name, text, from: url.lastPathComponent)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 35)
    }

    /// `text` saved as `name` in the package's folder (so `extends "Scenarios/…"` finds the
    /// shipped scenarios) checks without errors and runs to its horizon.
    private func assertChecksAndRuns(_ name: String, _ text: String, from page: String) {
        let read: ScenarioLoader.Reader = { path in
            path == name ? Array(text.utf8) : try? [UInt8](Data(contentsOf: Documentation.packageFolder.appendingPathComponent(path)))
        }
        let compiled = Pipeline.compile(path: name, read: read)
        let problems = compiled.diagnostics.filter(\.isError)
        XCTAssertEqual(problems.map { DiagnosticRenderer().render($0) }, [], "\(page), example:\n\(text)")
        guard let model = compiled.model else { return }
        if case .failure(let error) = Pipeline.run(model) {
            XCTFail("\(page): the example's run stopped: \(RunErrorText.message(error.problem, model: model))\n\(text)")
        }
    }

    func testEveryCommandOfTheDocumentationRunsAsWritten() throws {
        let binaries = URL(fileURLWithPath: try RaceProcess.executable()).deletingLastPathComponent().path
        let path = binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var ran = 0
        for url in try Documentation.files() {
            let folder = try Self.cloneLikeFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            for block in try Documentation.blocks(of: url) {
                if let file = block.savedFile { try save(block, as: file, in: folder) }
                for (line, exitCode) in Documentation.raceCommands(in: block) {
                    let outcome = try RaceProcess.run(program: "/bin/bash", ["-c", line], in: folder, timeout: 300,
                                                      environment: ["PATH": path, "HOME": folder.path])
                    XCTAssertEqual(outcome.status, exitCode, "\(url.lastPathComponent): \(line)\n\(outcome.output)")
                    ran += 1
                }
            }
        }
        XCTAssertGreaterThan(ran, 30)
    }

    /// A scratch folder holding what a clone has at hand for the examples: `Scenarios/`.
    static func cloneLikeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("race-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Documentation.packageFolder.appendingPathComponent("Scenarios"),
                                         to: folder.appendingPathComponent("Scenarios"))
        return folder
    }

    private func save(_ block: Documentation.Block, as file: (name: String, continues: Bool), in folder: URL) throws {
        let url = folder.appendingPathComponent(file.name)
        let before = file.continues ? ((try? String(contentsOf: url, encoding: .utf8)) ?? "") + "\n" : ""
        try (before + block.text + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    func testTheReadmeOpensWithTheSetUpAndTheTestCommand() throws {
        let readme = try Documentation.blocks(of: Documentation.packageFolder.appendingPathComponent("README.md"))
        let first = try XCTUnwrap(readme.first)
        XCTAssertEqual(first.language, "sh")
        let lines = first.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, first.text)
        XCTAssertTrue(lines[0].contains("swift build -c release") && lines[0].contains("/usr/local/bin"), lines[0])
        XCTAssertTrue(lines[0].contains("race run Scenarios/"), "the set-up command runs a shipped scenario: \(lines[0])")
        XCTAssertEqual(lines.last, "swift test")
        // CI runs the same two commands.
        let ci = try String(contentsOf: Documentation.packageFolder.appendingPathComponent(".ci/run"), encoding: .utf8)
        XCTAssertTrue(ci.contains("swift test"), ci)
    }

    func testTheREPLsHelpShowsTheReferencePages() throws {
        let folder = Documentation.packageFolder.appendingPathComponent("docs/reference")
        let pages = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertEqual(ReferenceText.pages.map(\.name), pages.map { $0.deletingPathExtension().lastPathComponent },
                       "docs/reference changed: run Scripts/embed-reference.sh")
        for (page, url) in zip(ReferenceText.pages, pages) {
            XCTAssertEqual(page.text + "\n", try String(contentsOf: url, encoding: .utf8),
                           "docs/reference/\(page.name).md changed: run Scripts/embed-reference.sh")
        }
        let help = SessionHelp.text(topic: "actions")
        XCTAssertTrue(help.contains("## Rounds") && help.contains("    on 2025-03: OpenAI raises"), help)
    }

    func testTheFormattingPagesExamplesAreFormatted() throws {
        let page = Documentation.packageFolder.appendingPathComponent("docs/reference/formatting.md")
        for block in try Documentation.blocks(of: page) where block.language == "race" {
            guard case .formatted(let text) = Formatter.format(SourceFile(name: "formatting.md", text: block.text)) else {
                return XCTFail("does not format:\n\(block.text)")
            }
            XCTAssertEqual(text, block.text + "\n")
        }
    }
}
