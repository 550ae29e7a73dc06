import RaceReport
import XCTest
import RaceSyntax
import RaceModel
@testable import RaceEngine

/// No scenario, however mangled, crashes the pipeline (docs/reference/diagnostics.md): seeded mutations of the
/// conformance scenarios go through parse → check → lower → run (at most 36 months).
/// A trap would kill the test process, so surviving every iteration is the assertion.
final class PipelineFuzzTests: XCTestCase {
    static var conformanceFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EndToEndTests/Conformance")
    }

    static func seeds() throws -> [String] {
        let files = FileManager.default.enumerator(at: conformanceFolder, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "race" }.sorted { $0.path < $1.path }
        var texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        var random = SeededGenerator(seed: 99)
        for _ in 0..<4 { texts.append(GeneratedScenario(using: &random).text()) }
        return texts
    }

    static let numbers = ["0", "-1", "1e308", "1e-308", "999999999999", "0.0001", "1_000", "100%", "0.5", "1e999"]
    static let units = ["months", "years", "s", "hours", "FLOP", "PFLOP/s", "kW", "GW", "chips", "%/month", "%/year", ""]
    static let dates = ["1900-01", "2024-12", "2025-01", "2025-06", "2026-12", "2030-01", "9999-12", "2025-00"]
    static let templates = [
        "whenever A.cash < $1B: A raises $1B at A.valuation",
        "on 2025-03: A acquires B for $1B", "on 2025-02: A acquihires B", "on 2025-04: B exits",
        "for each lab L:\n  whenever L.runway < 3 months: L raises L.burn * 12 months at L.valuation + $1B",
        "every 1 month from 2025-01: A invests $1B in B", "on 2025-05: set A.burn = $1B/month growing 50%/month",
        "let f(L) = L.cash / (L.revenue * 1 month)", "lab A { revenue = A.revenue }",
        "on 2025-02: A rents H from B for $1B over 3 months", "on 2025-02: A builds 1 GW of H for $0 over 1 month",
        "on 2025-02: A buys 0% of B for $0", "on 2025-02: A buys $1B of H", "lab B { burn: $1B/month falling 100%/month }",
        "chip H { price: $0, perf: 0 FLOP/s, power: 0 W, rent: $0/hour }", "report cash, f monthly",
        "expect A.cash > $0", "param p = $1B to $2B",
        // v2 (docs/reference/financing.md, docs/reference/uncertain-events.md, docs/reference/observations.md): the front end takes them; the engine may stop on them.
        "on 2025-03: A borrows $1B from B at 8%/year over 12 months", "on 2025-02: A pays $1M/month to B for 3 months",
        "on 2025-02 to 2025-05 as u with probability 50%: B exits", "delay u by 1 month to 3 months",
        "observe A.cash at 2025-06 = $1B ± 10%", "on 2025-02: A rents 1 GW of H from B over 3 months",
        "param d = 2025-02 to 2025-09", "lab C { founded: d }", "on 2025-02: set A.owners = B 50%",
        "on 2025-04: A buys 1% of B from others for $1B",
    ]

    static func mutate(_ text: String, using random: inout SeededGenerator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let names = Array(Set(text.split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init)
            .filter { $0.first!.isUppercase && $0.count > 1 }))
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            guard !lines.isEmpty else { lines = [""]; continue }
            let i = Int.random(in: 0..<lines.count, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0: lines[i] = replace(in: lines[i], #"[0-9]+(\.[0-9]+)?"#, with: numbers.randomElement(using: &random)!, &random)
            case 1: lines[i] = replace(in: lines[i], #"[0-9]{4}-[0-9]{2}"#, with: dates.randomElement(using: &random)!, &random)
            case 2: lines.remove(at: i)
            case 3: lines.insert(lines.randomElement(using: &random)!, at: Int.random(in: 0...lines.count, using: &random))
            case 4 where names.count > 1:
                lines[i] = replace(in: lines[i], #"\b[A-Z][A-Za-z0-9_]+\b"#, with: names.randomElement(using: &random)!, &random)
            case 5: lines[i] = replace(in: lines[i], #"\b(months?|years?|kW|GW|PFLOP/s|TFLOP/s|%/month|%/year)\b"#,
                                       with: units.randomElement(using: &random)!, &random)
            case 6, 7, 8:
                var statement = templates.randomElement(using: &random)!
                if names.count > 1 {
                    statement = statement.replacingOccurrences(of: "A.", with: names.randomElement(using: &random)! + ".")
                        .replacingOccurrences(of: " B", with: " " + names.randomElement(using: &random)!)
                }
                lines.insert(statement, at: Int.random(in: 0...lines.count, using: &random))
            default:
                let cut = Int.random(in: 0...lines[i].count, using: &random)
                lines[i] = String(lines[i].prefix(cut)) + ["{", "}", "(", ",", " * 0", " / 0", ":", ""].randomElement(using: &random)!
                    + String(lines[i].dropFirst(cut))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces one random match of `pattern` in `line`.
    static func replace(in line: String, _ pattern: String, with replacement: String, _ random: inout SeededGenerator) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return line }
        let matches = regex.matches(in: line, range: NSRange(line.startIndex..., in: line))
        guard let match = matches.randomElement(using: &random), let range = Range(match.range, in: line) else { return line }
        return line.replacingCharacters(in: range, with: replacement)
    }

    enum Stage { case parse, check, ran, runError }

    /// The whole pipeline on one text: parse, check, lower, run (36 months at most).
    static func pipeline(_ text: String, stopAt stop: Int? = nil) -> Stage {
        let source = SourceFile(name: "fuzz.race", text: text)
        let parsed = Parser.parse(source)
        _ = DiagnosticRenderer().render(parsed.diagnostics)
        if parsed.diagnostics.hasErrors { return .parse }
        let checked = Checker.check(parsed.statements, origin: source)
        _ = DiagnosticRenderer(colour: true).render(checked.diagnostics)
        guard var model = checked.model else { return .check }
        model.steps = min(model.steps, 36)
        do {
            let engine = try LaneEngine.plainRun(Lowering.lower(model))
            if let stop { try engine.run(through: stop) }
            try engine.run()
            let result = engine.result
            _ = (0..<result.entityCount).map { result.statusText($0) }
            _ = result.events.map { result.text(of: $0) }
            return .ran
        } catch {
            _ = RunErrorText.diagnostic(error, model: model)
            return .runError
        }
    }

    func testSeedScenariosRunCleanly() throws {
        let seeds = try Self.seeds()
        XCTAssertGreaterThanOrEqual(seeds.count, 14, "conformance scenarios not found in \(Self.conformanceFolder.path)")
        for text in seeds where !text.hasPrefix("# expect:") && !text.hasPrefix("extends") {
            XCTAssertEqual(Self.pipeline(text), .ran, text)
        }
    }

    func testMutatedScenariosNeverCrashThePipeline() throws {
        let seeds = try Self.seeds().filter { !$0.hasPrefix("# expect:") && !$0.hasPrefix("extends") }
        // RACE_FUZZ_ITERATIONS and RACE_FUZZ_SEED run a longer or another campaign by hand.
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["RACE_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 400
        var random = SeededGenerator(seed: environment["RACE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 2024)
        var stages: [Stage: Int] = [:]
        let started = Date()
        for iteration in 0..<iterations {
            var text = seeds.randomElement(using: &random)!
            text = Self.mutate(text, using: &random)
            let stage = Self.pipeline(text, stopAt: iteration % 5 == 0 ? Int.random(in: 0...10, using: &random) : nil)
            stages[stage, default: 0] += 1
        }
        // The mutations must reach the engine often enough to test it.
        XCTAssertGreaterThan((stages[.ran] ?? 0) + (stages[.runError] ?? 0), 100, "\(stages)")
        XCTAssertGreaterThan(stages[.check] ?? 0, 20, "\(stages)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 60 * Double(iterations) / 400)
    }
}
