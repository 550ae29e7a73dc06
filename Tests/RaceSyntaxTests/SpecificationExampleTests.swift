import XCTest
@testable import RaceSyntax

/// Every ```race block of LANGUAGE.md parses without errors.
final class SpecificationExampleTests: XCTestCase {
    /// LANGUAGE.md, looked for in `shared/spec/` beside an ancestor folder of this file
    /// (`../shared/spec/LANGUAGE.md` from the package); absent on most machines.
    static func specificationText(_ filePath: String = #filePath) -> String? {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("shared/spec/LANGUAGE.md")
            if let text = try? String(contentsOf: candidate, encoding: .utf8) { return text }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The contents of the ```race blocks of a Markdown text.
    static func raceBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```race" {
                current = []
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// §4.4 writes `lab NAME { FIELD: VALUE ... }`, where `...` is prose for "more fields",
    /// not syntax; it is dropped before parsing.
    static func withoutEllipses(_ block: String) -> String {
        block.replacingOccurrences(of: " ...", with: "")
    }

    private func assertParses(_ blocks: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(blocks.isEmpty, file: file, line: line)
        for block in blocks {
            let parsed = Parser.parse(SourceFile(name: "LANGUAGE.md", text: Self.withoutEllipses(block)))
            XCTAssertEqual(parsed.diagnostics.map { DiagnosticRenderer().render($0) }, [],
                           "in block:\n\(block)", file: file, line: line)
            XCTAssertFalse(parsed.isIncomplete, file: file, line: line)
            XCTAssertFalse(parsed.statements.isEmpty, file: file, line: line)
        }
    }

    func testEmbeddedCopyOfTheSpecificationExamplesParses() {
        assertParses(LanguageExamples.blocks)
        XCTAssertEqual(LanguageExamples.blocks.count, 8)
    }

    func testEverySpecificationExampleParses() throws {
        guard let text = Self.specificationText() else {
            throw XCTSkip("LANGUAGE.md is not beside this package (../shared/spec); the embedded copy is tested instead")
        }
        let blocks = Self.raceBlocks(in: text)
        assertParses(blocks)
        XCTAssertEqual(blocks.map { $0.trimmingCharacters(in: .newlines) },
                       LanguageExamples.blocks.map { $0.trimmingCharacters(in: .newlines) },
                       "LANGUAGE.md changed: refresh Tests/RaceSyntaxTests/Fixtures/LanguageExamples.swift")
    }

    func testTheFirstScenarioHasTheExpectedShape() {
        let parsed = Parser.parse(SourceFile(name: "example.race", text: LanguageExamples.blocks[0]))
        XCTAssertEqual(parsed.statements.map(Syntax.print), [
            "scenario \"Two labs and a cloud\"", "start 2025-01", "horizon 2026-12",
            "param price_cut = (/ 0.25 year)",
            "chip H100 { price: $30000 falling price_cut | perf: (/ (989 TFLOP) s) | power: (1.4 kW) | "
                + "opex: (/ $1200 month) | rent: (/ $2.4 hour) }",
            "company Microsoft", "company Azure { cash: $0 }",
            "lab Alpha { cash: $10000000000 | valuation: $150000000000 | revenue: (/ $1000000000 month) growing (/ 0.05 month) | "
                + "burn: (/ $1200000000 month) growing (/ 0.02 month) | fleet: 200000 H100 | owners: Microsoft 0.3 }",
            "lab Beta { cash: $2000000000 | revenue: (/ $50000000 month) growing (/ 0.08 month) | burn: (/ $300000000 month) }",
            "on 2025-06: invest Microsoft $5000000000 in Alpha",
            "on 2025-09 as beta_round: raise Beta $3000000000 at $30000000000 post",
            "on 2025-10: rent Beta H100 from Azure for $6000000000 over (24 months)",
            "for each lab L: when (< L.runway (3 months)): raise L (* L.burn (12 months)) at (* L.revenue (10 years)) post",
            "let capability(L) = log10((/ L.flop (1 FLOP)))",
            "report cash, runway, compute, capability, valuation",
        ])
    }
}
