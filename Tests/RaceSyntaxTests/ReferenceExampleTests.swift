import XCTest
@testable import RaceSyntax

/// Every ```race block of the documentation (docs/ and the README) parses without errors;
/// EndToEndTests' DocumentationTests go on to check and run them.
final class ReferenceExampleTests: XCTestCase {
    /// The package's folder, found from this file's place in it.
    static let packageFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// README.md and every Markdown file under docs/, sorted.
    static func documentationFiles() throws -> [URL] {
        let docs = packageFolder.appendingPathComponent("docs")
        let found = FileManager.default.enumerator(at: docs, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        return [packageFolder.appendingPathComponent("README.md")] + found.sorted { $0.path < $1.path }
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

    /// Every block of the reference, the tutorial and the README.
    static func allBlocks() throws -> [(file: String, text: String)] {
        try documentationFiles().flatMap { url in
            raceBlocks(in: try String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) }
        }
    }

    func testEveryExampleOfTheDocumentationParses() throws {
        let blocks = try Self.allBlocks()
        XCTAssertGreaterThan(blocks.count, 35, "the documentation lost its examples")
        for (file, block) in blocks {
            let parsed = Parser.parse(SourceFile(name: file, text: block))
            XCTAssertEqual(parsed.diagnostics.map { DiagnosticRenderer().render($0) }, [], "in \(file):\n\(block)")
            XCTAssertFalse(parsed.isIncomplete, "in \(file):\n\(block)")
            XCTAssertFalse(parsed.statements.isEmpty, "in \(file):\n\(block)")
        }
    }

    func testEveryPageOfTheReferenceHasAnExample() throws {
        for url in try Self.documentationFiles() where url.deletingLastPathComponent().lastPathComponent == "reference" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let name = url.lastPathComponent
            let examples = Self.raceBlocks(in: text).count + text.components(separatedBy: "```sh").count - 1
                + text.components(separatedBy: "```text").count - 1 + text.components(separatedBy: "```json").count - 1
            XCTAssertGreaterThan(examples, 0, "\(name) has no example")
        }
    }

    func testTheFirstScenarioHasTheExpectedShape() {
        let text = """
            scenario "Two labs and a cloud"
            start 2025-01
            horizon 2026-12                      # inclusive: 24 monthly steps

            param price_cut = 25%/year

            chip H100 { price: $30k falling price_cut, perf: 989 TFLOP/s, power: 1.4 kW,
                        opex: $1.2k/month, rent: $2.40/hour }

            company Microsoft                    # no cash field: an unbounded backer
            company Azure { cash: $0 }           # a tracked balance that starts at zero

            lab Alpha {
              cash: $10B
              valuation: $150B
              revenue: $1B/month growing 5%/month
              burn: $1.2B/month growing 2%/month
              fleet: 200k H100
              owners: Microsoft 30%
            }

            lab Beta {
              cash: $2B
              revenue: $50M/month growing 8%/month
              burn: $300M/month
            }

            on 2025-06: Microsoft invests $5B in Alpha
            on 2025-09 as beta_round: Beta raises $3B at $30B post
            on 2025-10: Beta rents H100 from Azure for $6B over 24 months

            for each lab L:
              when L.runway < 3 months: L raises L.burn * 12 months at L.revenue * 10 years

            let capability(L) = log10(L.flop / 1 FLOP)

            report cash, runway, compute, capability, valuation
            """
        let parsed = Parser.parse(SourceFile(name: "example.race", text: text))
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
