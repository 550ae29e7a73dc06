import Foundation
import RaceEngine
import RaceModel
import RaceReport
import RaceSession
import RaceSyntax
import XCTest

/// `race diff` (docs/reference/diff.md) on the conformance pair 09 and on scenarios written here.
final class DiffSessionTests: XCTestCase {
    static let conformance = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EndToEndTests/Conformance")
    static let base = conformance.appendingPathComponent("09-extends-base/base.race").path
    static let whatIf = conformance.appendingPathComponent("09-extends-whatif/whatif.race").path

    static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    func diff09(_ options: DiffSession.Options = .init()) throws -> ScenarioDiff {
        let comparison = DiffSession.compare(pathA: Self.base, pathB: Self.whatIf, read: Self.readFile, options: options)
        XCTAssertNil(comparison.problem, "\(comparison.diagnostics.map(\.message))")
        return try XCTUnwrap(comparison.diff)
    }

    /// Compares two in-memory scenarios.
    func compare(_ a: String, _ b: String, _ options: DiffSession.Options = .init()) -> DiffSession.Comparison {
        let files = ["a.race": a, "b.race": b]
        return DiffSession.compare(pathA: "a.race", pathB: "b.race", read: { files[$0].map { Array($0.utf8) } },
                                   options: options)
    }

    func run(_ path: String) throws -> JSONValue {
        let compiled = Pipeline.compile(path: path, read: Self.readFile)
        let model = try XCTUnwrap(compiled.model)
        let result = try Pipeline.run(model).get()
        return RunJSON.document(result, series: false)
    }

    static func close(_ x: Double, _ y: Double, scale: Double) -> Bool {
        abs(x - y) <= 1e-9 * max(scale, 1)
    }

    // MARK: - The conformance pair

    /// Attribution re-runs A once per assumption: past `attributionBudget` it is left out
    /// with a warning, and the rest of the diff is given (race-fuzz: a diff of 20,000
    /// params took longer than its time limit).
    func testAttributionPastItsBudgetIsLeftOutWithAWarning() throws {
        func scenario(_ factor: Int, params: Int) -> String {
            "start 2025-01\nhorizon 2025-03\nlab A { cash: $1B * p\(params - 1) }\n"
                + (0..<params).map { "param p\($0) = \(factor * ($0 + 1))\n" }.joined()
        }
        let small = compare(scenario(1, params: 10), scenario(2, params: 10))
        XCTAssertEqual(small.diff?.isAttributed, true)
        XCTAssertFalse(small.diagnostics.contains { $0.message.contains("attribution left out") })

        let params = 1200  // 1,200 assumptions × 2,406 statements > 2,000,000
        let large = compare(scenario(1, params: params), scenario(2, params: params))
        let diff = try XCTUnwrap(large.diff, "\(large.diagnostics.map(\.message))")
        XCTAssertEqual(diff.assumptions.count, params)
        XCTAssertFalse(diff.isAttributed)
        XCTAssertEqual(diff.outcomes.first { $0.entity == "A" && $0.field == .cash }?.delta, Double(params) * 1e9)
        XCTAssertTrue(large.diagnostics.contains { $0.severity == .warning && $0.message.contains("attribution left out") },
                      "\(large.diagnostics.map(\.message))")
    }

    func testThe09PairDiffersInTheParamTheFieldTheCancelAndTheDelay() throws {
        let diff = try diff09()
        let found = diff.assumptions.map { "\($0.id) \($0.kind.rawValue) \($0.name): \($0.a ?? "null") → \($0.b ?? "null")" }
        XCTAssertEqual(found, [
            "0 param growth: 6%/month → 3%/month",
            "1 field Beta.burn: $300M/month → $250M/month",
            "2 event alpha_round: 2025-06: Alpha raises round_size at $60B from Microsoft → 2025-10: Alpha raises round_size at $60B from Microsoft",
            "3 event beta_exit: 2025-09: Beta exits → null",
        ])
    }

    func testEveryOutcomeDeltaIsTheDifferenceOfTheTwoRunsJSON() throws {
        let diff = try diff09()
        let a = try run(Self.base), b = try run(Self.whatIf)
        func final(_ doc: JSONValue, _ entity: String, _ field: String) -> Double? {
            doc["entities"]?.arrayValue?.first { $0["name"]?.stringValue == entity }?["final"]?[field]?.numberValue
        }
        XCTAssertEqual(diff.outcomes.count, 3 * RunJSON.finalFields.count, "Microsoft, Alpha and Beta × every final field")
        for outcome in diff.outcomes {
            let x = final(a, outcome.entity, outcome.field.name), y = final(b, outcome.entity, outcome.field.name)
            XCTAssertEqual(outcome.a, x, "\(outcome.entity).\(outcome.field.name) in A")
            XCTAssertEqual(outcome.b, y, "\(outcome.entity).\(outcome.field.name) in B")
            if let x, let y {
                XCTAssertEqual(try XCTUnwrap(outcome.delta), y - x, "\(outcome.entity).\(outcome.field.name)")
            } else {
                XCTAssertNil(outcome.delta)
            }
        }
        let alphaCash = try XCTUnwrap(diff.outcomes.first { $0.entity == "Alpha" && $0.field == .cash })
        XCTAssertEqual(try XCTUnwrap(alphaCash.relative), -0.548, accuracy: 0.001)
    }

    func testEffectsPlusInteractionAddUpToTheDelta() throws {
        let diff = try diff09()
        XCTAssertEqual(diff.attribution.count, diff.outcomes.count)
        for (outcome, entry) in zip(diff.outcomes, diff.attribution) {
            XCTAssertEqual(entry.effects.count, diff.assumptions.count)
            guard let delta = outcome.delta else { XCTAssertNil(entry.interaction); continue }
            let interaction = try XCTUnwrap(entry.interaction)
            let sum = entry.effects.reduce(0) { $0 + ($1 ?? 0) } + interaction
            XCTAssertTrue(Self.close(sum, delta, scale: abs(delta)), "\(outcome.entity).\(outcome.field.name): \(sum) vs \(delta)")
        }
        // Every assumption of the pair can be applied alone, so no effect is missing.
        XCTAssertFalse(diff.attribution.contains { $0.interaction != nil && $0.effects.contains { $0 == nil } })
    }

    func testAnEffectIsTheOutcomeOfAWithThatAssumptionAloneMinusA() throws {
        let diff = try diff09()
        let slower = Pipeline.compile(path: Self.base, read: Self.readFile, overrides: [("growth", "3%/month")])
        let variant = try Pipeline.run(try XCTUnwrap(slower.model)).get()
        let horizon = variant.stepsRun - 1
        let alpha = try XCTUnwrap(variant.model.entityIndex(named: "Alpha"))
        let cash = try XCTUnwrap(RunJSON.baseValue(variant, .cash, entity: alpha, step: horizon))
        let k = try XCTUnwrap(diff.outcomes.firstIndex { $0.entity == "Alpha" && $0.field == .cash })
        let a = try XCTUnwrap(diff.outcomes[k].a)
        XCTAssertEqual(try XCTUnwrap(diff.attribution[k].effects[0]), cash - a)
        // Cancelling beta_exit alone keeps Beta in the race: its revenue at the horizon is B's.
        let beta = try XCTUnwrap(diff.outcomes.firstIndex { $0.entity == "Beta" && $0.field == .revenue })
        XCTAssertEqual(try XCTUnwrap(diff.attribution[beta].effects[3]), try XCTUnwrap(diff.outcomes[beta].delta),
                       accuracy: 1e-6)
        // Delaying the round does not change Alpha's cash at the horizon.
        XCTAssertEqual(diff.attribution[k].effects[2], 0)
    }

    func testStatusChangesAndDivergence() throws {
        let diff = try diff09()
        XCTAssertEqual(diff.status.map { "\($0.entity): \($0.a) → \($0.b)" }, ["Beta: exited 2025-09 → active"])
        XCTAssertEqual(diff.divergence.map(MonthIndex.format), "2025-01", "Beta burns less from the first month")
        XCTAssertEqual(MonthIndex.format(diff.month), "2026-12")
        XCTAssertTrue(diff.isHorizon)
    }

    func testAtComparesAnEarlierMonthAndFieldsChooseTheOutcomes() throws {
        let at = try XCTUnwrap(DiffSession.parseMonth("2025-08"))
        let diff = try diff09(.init(month: at, fields: [.cash, .runway]))
        XCTAssertEqual(Set(diff.outcomes.map(\.field.name)), ["cash", "runway"])
        XCTAssertEqual(diff.status.count, 0, "Beta exits in 2025-09, after the month compared")
        XCTAssertFalse(diff.isHorizon)
        let compiled = Pipeline.compile(path: Self.base, read: Self.readFile)
        let run = try Pipeline.run(try XCTUnwrap(compiled.model)).get()
        let alphaCash = try XCTUnwrap(diff.outcomes.first { $0.entity == "Alpha" && $0.field == .cash })
        XCTAssertEqual(alphaCash.a, RunJSON.baseValue(run, .cash, entity: 1, step: 7))
    }

    // MARK: - Other pairs

    func testUnrelatedScenariosListTheEntitiesOfOneOnlyAndCompareTheRest() throws {
        let comparison = compare("""
            start 2025-01
            horizon 2025-12
            lab Alpha { cash: $4B; burn: $300M/month }
            company Cloud { cash: $1B }
            on 2025-03: Alpha raises $1B at $10B
            """, """
            start 2025-01
            horizon 2025-12
            lab Alpha { cash: $5B; burn: $300M/month }
            lab Gamma { cash: $1B; burn: $100M/month }
            """)
        let diff = try XCTUnwrap(comparison.diff)
        let entities = diff.assumptions.filter { $0.kind == .entity }
        XCTAssertEqual(entities.map(\.name), ["Cloud", "Gamma"])
        XCTAssertEqual(entities[0].a, "company Cloud { cash: $1B }")
        XCTAssertNil(entities[0].b)
        XCTAssertNil(entities[1].a)
        XCTAssertEqual(Set(diff.outcomes.map(\.entity)), ["Alpha"], "only entities present in both are compared")
        XCTAssertTrue(diff.assumptions.contains { $0.kind == .field && $0.name == "Alpha.cash" })
        XCTAssertTrue(diff.assumptions.contains { $0.kind == .event && $0.b == nil })
        _ = DiffRender.table(diff)
    }

    func testScenariosWithNoEntityInCommonStillDiff() throws {
        let comparison = compare("start 2025-01\nhorizon 2025-06\nlab A { cash: $1B }\n",
                                 "start 2025-01\nhorizon 2025-06\nlab B { cash: $1B }\n")
        let diff = try XCTUnwrap(comparison.diff)
        XCTAssertEqual(diff.assumptions.map(\.name), ["A", "B"])
        XCTAssertTrue(diff.outcomes.isEmpty)
        XCTAssertNil(diff.divergence)
        XCTAssertTrue(DiffRender.table(diff).contains("no entity is in both scenarios"))
    }

    /// With a single difference, A with that assumption applied is B: the effect is the
    /// whole delta. This pins down how each kind of assumption is applied to A.
    func testASingleAssumptionExplainsTheWholeChange() throws {
        let base = """
            start 2025-01
            horizon 2026-06
            param g = 5%/month
            let scale = 2
            chip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW }
            lab Alpha { cash: $4B; revenue: $100M/month growing g; burn: $400M/month }
            lab Beta { cash: $2B; burn: $100M/month }
            on 2025-04: Alpha buys 10k H100
            on 2025-05: Beta raises $1B at $10B
            whenever Alpha.cash < $3B: note "low"
            for each lab L:
              when L.runway < 10 months: L raises $500M at $5B
            """
        let edits: [(String, String, Assumption.Kind)] = [
            ("param g = 5%/month", "param g = 2%/month", .param),
            ("burn: $400M/month }", "burn: $350M/month }", .field),
            ("lab Beta { cash: $2B; burn: $100M/month }", "lab Beta { cash: $2B }", .field),
            ("lab Beta { cash: $2B; burn: $100M/month }", "lab Beta { cash: $2B; burn: $100M/month; valuation: $9B }", .field),
            ("price: $30k,", "price: $20k,", .chip),
            ("on 2025-05: Beta raises $1B at $10B", "", .event),
            ("on 2025-04: Alpha buys 10k H100", "on 2025-09: Alpha buys 10k H100", .event),
            ("whenever Alpha.cash < $3B: note \"low\"", "when Beta.cash < $2.5B: Beta raises $1B at $8B", .rule),
            ("  when L.runway < 10 months: L raises $500M at $5B", "  when L.runway < 20 months: L raises $500M at $5B", .rule),
            ("horizon 2026-06", "horizon 2026-09", .header),
            ("lab Beta { cash: $2B; burn: $100M/month }", "lab Beta { cash: $2B; burn: $100M/month }\ncompany Cloud", .entity),
        ]
        var singles = 0
        for (old, new, kind) in edits {
            XCTAssertTrue(base.contains(old), old)
            let comparison = compare(base, base.replacingOccurrences(of: old, with: new))
            let diff = try XCTUnwrap(comparison.diff, "\(new): \(comparison.diagnostics.map(\.message))")
            let kinds = diff.assumptions.map(\.kind)
            // A changed rule is the old one gone and the new one added.
            XCTAssertEqual(Set(kinds), [kind], "\(old) → \(new): \(diff.assumptions.map(\.name))")
            guard diff.assumptions.count == 1 else { continue }
            singles += 1
            for (outcome, entry) in zip(diff.outcomes, diff.attribution) {
                guard let delta = outcome.delta else { continue }
                let effect = try XCTUnwrap(entry.effects[0], "\(new): \(outcome.entity).\(outcome.field.name)")
                XCTAssertTrue(Self.close(effect, delta, scale: max(abs(outcome.a ?? 0), abs(delta))),
                              "\(new): \(outcome.entity).\(outcome.field.name) effect \(effect), delta \(delta)")
            }
        }
        XCTAssertEqual(singles, 8, "the edits that make exactly one assumption")
    }

    func testAFormulaChangeIsAnAssumption() throws {
        let a = "start 2025-01\nhorizon 2025-06\nlet market = 2\nlab X { cash: $1B; revenue = $1M/month * market }\n"
        let diff = try XCTUnwrap(compare(a, a.replacingOccurrences(of: "market = 2", with: "market = 3")).diff)
        XCTAssertEqual(diff.assumptions.map { "\($0.kind.rawValue) \($0.name) \($0.a ?? "") \($0.b ?? "")" },
                       ["formula market 2 3"])
        let revenue = try XCTUnwrap(diff.outcomes.firstIndex { $0.field == .revenue })
        XCTAssertEqual(try XCTUnwrap(diff.attribution[revenue].effects[0]), 1e6, accuracy: 1e-6)
    }

    func testIdenticalScenariosHaveNoDifferences() throws {
        let text = "start 2025-01\nhorizon 2025-06\nlab X { cash: $1B; burn: $10M/month }\n"
        let diff = try XCTUnwrap(compare(text, "# the same, laid out differently\n" + text).diff)
        XCTAssertTrue(diff.assumptions.isEmpty)
        XCTAssertTrue(diff.status.isEmpty)
        XCTAssertTrue(diff.outcomes.allSatisfy(\.isUnchanged))
        XCTAssertNil(diff.divergence)
    }

    func testEventsMatchByDateAndTextWhenUnlabelled() throws {
        let a = "start 2025-01\nhorizon 2025-12\nlab X { cash: $1B }\non 2025-03: X raises $1B at $5B\non 2025-05 as r: X raises $2B at $9B\n"
        let b = "start 2025-01\nhorizon 2025-12\nlab X { cash: $1B }\non 2025-05: X raises $2B at $9B\non 2025-03: X raises $1B at $5B\n"
        let diff = try XCTUnwrap(compare(a, b).diff)
        XCTAssertTrue(diff.assumptions.isEmpty, "\(diff.assumptions.map(\.name))")
    }

    // MARK: - Problems

    func testDifferentStartMonthsNeedAnExplicitMonth() throws {
        let a = "start 2025-01\nhorizon 2026-12\nlab X { cash: $1B; burn: $10M/month }\n"
        let b = "start 2025-06\nhorizon 2026-12\nlab X { cash: $1B; burn: $10M/month }\n"
        let refused = compare(a, b)
        XCTAssertNil(refused.diff)
        guard case .incomparable(let message)? = refused.problem else { return XCTFail("\(String(describing: refused.problem))") }
        XCTAssertTrue(message.contains("start in different months"), message)
        XCTAssertTrue(message.contains("--at"), message)

        let at = try XCTUnwrap(DiffSession.parseMonth("2026-06"))
        let diff = try XCTUnwrap(compare(a, b, .init(month: at)).diff)
        XCTAssertEqual(diff.assumptions.map(\.name), ["start"])
        let cash = try XCTUnwrap(diff.outcomes.first { $0.field == .cash })
        // At 2026-06, A has burnt 18 months and B 13.
        XCTAssertEqual(try XCTUnwrap(cash.delta), 5 * 10e6, accuracy: 1e-3)
        let entry = try XCTUnwrap(diff.attribution.first { $0.field == .cash })
        XCTAssertEqual(try XCTUnwrap(entry.effects[0]), 5 * 10e6, accuracy: 1e-3)

        let outside = compare(a, b, .init(month: try XCTUnwrap(DiffSession.parseMonth("2025-03"))))
        guard case .incomparable(let text)? = outside.problem else { return XCTFail() }
        XCTAssertTrue(text.contains("not within both runs"), text)
    }

    func testErrorsInEitherScenarioAreReported() {
        let comparison = compare("start 2025-01\nhorizon 2025-06\nlab X { cash: $1B + 1 month }\n",
                                 "start 2025-01\nhorizon 2025-06\nlab X { cash: $1B }\n")
        XCTAssertNil(comparison.diff)
        XCTAssertEqual(comparison.problem, .scenario)
        XCTAssertTrue(comparison.diagnostics.hasErrors)
        let missing = DiffSession.compare(pathA: "nope.race", pathB: "nope.race", read: { _ in nil })
        XCTAssertEqual(missing.problem, .scenario)
    }

    func testParseMonth() {
        XCTAssertEqual(DiffSession.parseMonth("2025-01"), 2025 * 12)
        XCTAssertNil(DiffSession.parseMonth("2025-13"))
        XCTAssertNil(DiffSession.parseMonth("2025-1"))
        XCTAssertNil(DiffSession.parseMonth("2025-01-01"))
        XCTAssertNil(DiffSession.parseMonth("soon"))
    }

    // MARK: - Statements, as the REPL holds them

    func testForksGivenAsStatementsCompare() throws {
        func statements(_ text: String) -> [Statement] { Parser.parse(SourceFile(name: "<repl>", text: text)).statements }
        let main = statements("start 2025-01\nhorizon 2025-12\nlab X { cash: $1B; burn: $100M/month }\n")
        let fork = main + statements("lab X { burn: $50M/month }\n")
        let comparison = DiffSession.compare(.init(name: "main", statements: main), .init(name: "cheap", statements: fork))
        let diff = try XCTUnwrap(comparison.diff)
        XCTAssertEqual(diff.assumptions.map { "\($0.name): \($0.a ?? "") → \($0.b ?? "")" },
                       ["X.burn: $100M/month → $50M/month"])
        let table = DiffRender.table(diff)
        XCTAssertTrue(table.contains("A: main"))
        XCTAssertTrue(table.contains("X.burn"))
    }
}
