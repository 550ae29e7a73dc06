import RaceModel
import XCTest
@testable import RaceEngine

/// The engine runs samples in lanes; each lane must compute exactly what the same sample
/// computes alone — every month's value, status, exit and stake, bit for bit — and the fast
/// paths (`settle`, fused comparisons and products) exactly what the general path computes.
/// The batch runs with its fast paths, the lone sample without: both differences at once.
final class LaneEquivalenceTests: XCTestCase {
    /// Statements added to a generated scenario so that samples differ (distributions) and part
    /// ways (rules that fire in some lanes only, labs that run out of cash in some).
    static let uncertainty = """

    param boost = 0.5 to 2
    param extra_burn = $20M/month to $400M/month
    lab L0 { burn: $300M/month * boost growing 1%/month }
    lab L1 { burn: extra_burn + $100M/month }
    for each lab L: when L.runway < 6 months: L raises L.burn * 6 months at L.valuation * boost + $5B
    for each lab L: whenever L.cash > $20B * boost: L buys $500M of K0
    on 2025-02: L1 builds 0.1 GW of K0 for $2B * boost over (if boost > 1 then 4 months else 2 months)
    on 2025-03: L0 rents K0 from L1 for $1B * boost over (if boost > 1 then 6 months else 3 months)
    """

    func testEveryLaneEqualsItsSampleRunAloneOnTheGeneralPath() throws {
        var random = SeededGenerator(seed: 20_251_122)
        var compared = 0
        for _ in 0..<120 {
            let generated = GeneratedScenario(using: &random)
            let text = generated.text() + Self.uncertainty
            let (model, diagnostics) = Engine.model(text)
            guard let model else { return XCTFail("does not check: \(diagnostics.map(\.message))\n\(text)") }
            let plan = Lowering.lower(model)
            let lanes = 7
            var draws: [[Double]] = []
            for id in 0..<plan.model.distributionCount {
                let lane = (0..<lanes).map(Double.init)
                draws.append(id == 0 ? lane.map { 0.5 + 0.25 * $0 } : lane.map { 20e6 + 60e6 * $0 })
            }
            if try compareLanes(plan, draws: draws, lanes: lanes, text: text) { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 60, "too few generated scenarios ran to the end to compare")
    }

    func testAPlainRunEqualsEveryLaneOfABatchOfItsMediansOnTheConformanceScenarios() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EndToEndTests/Conformance")
        for case_ in ["01-flows-growth", "02-rounds-stakes", "03-buying-chips", "04-renting-building", "05-running-out",
                      "06-rules", "07-consolidation", "08-formulas"] {
            let text = try String(contentsOf: folder.appendingPathComponent("\(case_)/main.race"), encoding: .utf8)
            let (model, _) = Engine.model(text)
            let plan = Lowering.lower(try XCTUnwrap(model))
            _ = try compareLanes(plan, draws: nil, lanes: 11, text: case_)
        }
    }

    /// Runs `plan` in `lanes` lanes (with `draws[id][lane]`, or the medians) with fast paths
    /// and a recorder of every month, and each lane alone on the general path; asserts every
    /// month's values and the end's statuses, exits and stakes agree. False when it failed
    /// (then both must fail, with the same error for the first failing sample).
    @discardableResult
    private func compareLanes(_ plan: Plan, draws: [[Double]]?, lanes: Int, text: String,
                              file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        var alone: [Result<RunResult, RunError>] = []
        for s in 0..<lanes {
            do {
                alone.append(.success(try Engine.runAlone(plan, draws: draws?.map { $0[s] }, fastPaths: false)))
            } catch let error as RunError {
                alone.append(.failure(error.inSample(s)))
            }
        }
        let failures = alone.compactMap { if case .failure(let error) = $0 { return error } else { return nil } }
        let batch = try LaneEngine(plan: plan, samples: lanes, draws: draws.map { .given($0) } ?? .medians)
        let months = AllLanesRecorder(plan: plan, lanes: lanes)
        batch.recorder = months
        do {
            try batch.run()
        } catch {
            // The batch stops at its first failure in time: that sample's own failure, with no
            // sample failing alone in an earlier month. (Monte Carlo then looks for the
            // earliest failing sample: `MonteCarloTests`.)
            let sample = try XCTUnwrap(error.sample, file: file, line: line)
            guard case .failure(let own) = alone[sample] else {
                XCTFail("the batch failed in sample \(sample), which runs alone\n\(text)", file: file, line: line)
                return false
            }
            XCTAssertEqual(String(describing: error.problem), String(describing: own.problem), "\(text)", file: file, line: line)
            XCTAssertEqual(error.step, own.step, "\(text)", file: file, line: line)
            XCTAssertFalse(failures.contains { $0.step < error.step }, "a sample failed earlier alone\n\(text)", file: file, line: line)
            return false
        }
        XCTAssertTrue(failures.isEmpty, "the batch ran where a sample failed\n\(text)", file: file, line: line)
        for s in 0..<lanes {
            guard case .success(let run) = alone[s] else { continue }
            for e in plan.model.entities.indices {
                for step in 0..<plan.steps {
                    for field in RecordedField.allCases {
                        let a = run.value(field, entity: e, step: step), b = months.value(field, entity: e, step: step, lane: s)
                        XCTAssertTrue(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN),
                                      "\(plan.model.entities[e].name).\(field.name) month \(step) lane \(s): alone \(a), batch \(b)\n\(text)",
                                      file: file, line: line)
                    }
                }
                XCTAssertEqual(run.statuses[e], batch.status(entity: e, lane: s), "\(plan.model.entities[e].name) lane \(s)", file: file, line: line)
                XCTAssertEqual(run.exitSteps[e], batch.exitStep(entity: e, lane: s), "\(plan.model.entities[e].name) lane \(s)", file: file, line: line)
                for h in plan.model.entities.indices {
                    let a = run.owners[e].first { $0.holder == h }?.share ?? 0
                    XCTAssertEqual(a, max(0, batch.stake(of: h, in: e, lane: s)), "stake of \(h) in \(e), lane \(s)", file: file, line: line)
                }
            }
        }
        return true
    }

    /// A batch runs in whole vectors of lanes; the lanes past its samples repeat the last
    /// sample and must never be counted: an expectation that holds everywhere holds in
    /// exactly as many lanes as there are samples.
    func testLanesPastTheSamplesAreNeverCounted() throws {
        let text = """
        scenario "padding"
        start 2025-01
        run 3 months
        param g = 1%/month to 5%/month
        lab A { cash: $10B, burn: $100M/month growing g }
        expect A.cash > $1B at 2025-03
        """
        let (model, diagnostics) = Engine.model(text)
        let plan = Lowering.lower(try XCTUnwrap(model, "\(diagnostics.map(\.message))"))
        for samples in [1, 3, 7, 8, 9, 13] {
            let draws = [(0..<samples).map { 0.01 + 0.04 * Double($0) / Double(max(samples - 1, 1)) }]
            let batch = try LaneEngine(plan: plan, samples: samples, draws: .given(draws))
            try batch.run()
            XCTAssertEqual(batch.expectationsHeld, [samples], "\(samples) samples")
            XCTAssertEqual(batch.samples, samples)
        }
    }

    /// A rule's first action runs without checking that its entity is active (the rule
    /// fired only where it is); a later action must check again, since an earlier one may
    /// have ended the entity. A lab that leaves everywhere is skipped by repeating rules.
    func testARuleActionAfterAnExitSkipsTheLanesWhereItsEntityLeft() throws {
        let left = try assertEveryLaneMatchesItsScalarRun("""
        scenario "exit then buy"
        start 2025-01
        run 12 months
        chip K { price: $10k, perf: 1 PFLOP/s, power: 1 kW, opex: $100/month }
        param burn = $50M/month to $2B/month
        lab A { cash: $10B, burn: burn, fleet: 1k K }
        lab B { cash: $10B, burn: burn * 2 }
        for each lab L: when L.cash < $8B {
          L exits
          L buys $1M of K
        }
        for each lab L: whenever L.cash > $1B: L buys $10M of K
        """, draws: { 50e6 * pow(40, $0) })
        XCTAssertGreaterThan(left, 0, "no lab left in any lane: the test would not test the exit")
        XCTAssertLessThan(left, 2 * 16, "every lab left in every lane")
    }

    /// Streams change hands and get replaced in some lanes only: an entity's streams then
    /// number one, two or more per kind, and a single stream stands in for its total.
    func testStreamsThatChangeHandsOrAreReplacedInSomeLanes() throws {
        let left = try assertEveryLaneMatchesItsScalarRun("""
        scenario "streams"
        start 2025-01
        run 18 months
        param push = 0 to 1
        lab A { cash: $50B, revenue: $200M/month growing 3%/month, burn: $500M/month growing 1%/month }
        lab B { cash: $5B, revenue: $100M/month growing 6%/month, burn: $300M/month growing 2%/month }
        lab C { cash: $5B, revenue: $50M/month, burn: $400M/month growing 4%/month }
        company D { cash: $20B, revenue: $10M/month growing 1%/month }
        when push > 0.5 and A.cash > $40B: A acquires B for $1B
        when push > 0.3 and C.cash < $4B: set C.burn = $100M/month growing 1%/month
        when push > 0.8 and C.cash < $3B: D acquihires C for $0
        whenever A.cash < $30B: set A.revenue = A.revenue * 1.1
        """, draws: { $0 })
        XCTAssertGreaterThan(left, 0, "nothing changed hands in any lane")
    }

    /// An entity settles its flows, exit and growth in one pass in months without contracts
    /// or expectations: labs run out of cash in some lanes (one of them paying for a build),
    /// a company without cash only grows, and an expectation's month takes the long way.
    func testEntitiesThatSettleTheirMonthInOnePassMatchTheScalarRun() throws {
        let left = try assertEveryLaneMatchesItsScalarRun("""
        scenario "settle"
        start 2025-01
        run 24 months
        chip K { price: $10k, perf: 1 PFLOP/s, power: 1 kW, opex: $100/month, rent: $2/hour }
        param g = 1%/month to 30%/month
        lab A { cash: $4B, revenue: $50M/month growing g, burn: $300M/month growing 2%/month }
        lab B { cash: $6B, revenue: $10M/month growing 5%/month, burn: $200M/month growing g }
        company C { revenue: $5M/month growing g, burn: $1M/month growing 1%/month }
        on 2025-04: B builds 0.01 GW of K for $500M over 6 months
        on 2025-09: A rents K from C for $100M over 3 months
        expect A.cash > $0 at 2025-06
        """, draws: { $0 })
        XCTAssertGreaterThan(left, 0, "no lab ran out of cash in any lane")
        XCTAssertLessThan(left, 2 * 16, "every lab ran out of cash in every lane")
    }

    /// A flow that turns infinite fails the batch with the message the scalar run gives for
    /// the first failing sample, whichever way the month was settled.
    func testABrokenFlowFailsTheBatchAsTheFirstFailingSampleFails() throws {
        try assertTheBatchFailsAsItsFirstFailingSample("""
        scenario "broken"
        start 2025-01
        run 60 months
        param g = 1%/month to 1e10%/month
        lab A { cash: $1B, revenue: $1M/month growing g, burn: $1M/month }
        """, draws: { 0.01 * pow(1e10, $0) })
    }

    /// An amount spent on chips that is negative, or not a number, in some lanes fails the
    /// batch as the first failing sample fails (the check shares a pass with the division).
    func testABadAmountSpentFailsTheBatchAsTheFirstFailingSampleFails() throws {
        // A difference; products whose multiplication moves into the checking pass (a row
        // times a number either way round, NaN in every lane, negative in every lane).
        for amount in ["A.cash - $9.5B", "(A.cash - A.cash) / (A.cash - A.cash) * $1M", "A.cash * -10%", "-10% * A.cash"] {
            try assertTheBatchFailsAsItsFirstFailingSample("""
            scenario "bad amount"
            start 2025-01
            run 12 months
            chip K { price: $1k, perf: 1 PFLOP/s, power: 1 kW }
            param burn = $10M/month to $200M/month
            lab A { cash: $10B, burn: burn }
            whenever A.cash > $9B: A buys \(amount) of K
            """, draws: { 10e6 + 190e6 * $0 })
        }
    }

    /// Runs `text` in 16 lanes and sample by sample, and asserts that the batch fails with
    /// the error of the first sample that fails.
    private func assertTheBatchFailsAsItsFirstFailingSample(_ text: String, draws: (Double) -> Double,
                                                            file: StaticString = #filePath, line: UInt = #line) throws {
        let (model, diagnostics) = Engine.model(text)
        let plan = Lowering.lower(try XCTUnwrap(model, "\(diagnostics.map(\.message))", file: file, line: line))
        let column = (0..<16).map { draws(Double($0) / 15) }
        let byDistribution = Array(repeating: column, count: plan.model.distributionCount)
        XCTAssertFalse(try compareLanes(plan, draws: byDistribution, lanes: 16, text: text, file: file, line: line),
                       "no sample failed: the test would not test a failure", file: file, line: line)
    }

    /// A condition that ends in a comparison is compared in the pass that decides where
    /// the rule fires: every operator, scalar and row sides, a side that is NaN in some
    /// lanes (0 / 0 where revenue is zero), right sides that end in a multiplication (of a
    /// row, an aggregate or two numbers), for rules that fire once and every month.
    func testRulesWhoseConditionIsAComparisonFireWhereTheScalarRunFires() throws {
        _ = try assertEveryLaneMatchesItsScalarRun("""
        scenario "comparisons"
        start 2025-01
        run 12 months
        chip K { price: $1k, perf: 1 PFLOP/s, power: 1 kW, opex: $1/month }
        param r = $0/month to $100M/month
        lab A { cash: $10B, revenue: r, burn: $50M/month }
        whenever A.revenue / A.revenue != 1: A buys $1M of K
        whenever A.revenue / A.revenue == 1: A buys $2M of K
        whenever A.revenue < $30M/month: A buys $3M of K
        whenever $60M/month <= A.revenue: A buys $4M of K
        when A.cash > $9.9B + A.revenue * 1 month: A buys $5M of K
        when A.revenue >= A.burn: A buys $6M of K
        whenever A.cash > 190 months * A.burn: A buys $7M of K
        whenever A.cash < A.revenue * 150 months: A buys $8M of K
        whenever A.cash != $2 * 3: A buys $9M of K
        whenever total(cash) >= 1.5 months * total(revenue): A buys $10M of K
        """, draws: { $0 < 0.2 ? 0 : 100e6 * $0 })
    }

    /// Runs `text` in 16 lanes (distribution d of lane s drawn as `draws(s / 15)`) and each
    /// lane alone, asserts they agree, and returns how many (entity, lane) pairs ended inactive.
    private func assertEveryLaneMatchesItsScalarRun(_ text: String, draws: (Double) -> Double,
                                                    file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let (model, diagnostics) = Engine.model(text)
        let plan = Lowering.lower(try XCTUnwrap(model, "\(diagnostics.map(\.message))", file: file, line: line))
        let lanes = 16
        let column = (0..<lanes).map { draws(Double($0) / Double(lanes - 1)) }
        let byDistribution = Array(repeating: column, count: plan.model.distributionCount)
        XCTAssertTrue(try compareLanes(plan, draws: byDistribution, lanes: lanes, text: text, file: file, line: line),
                      "the run failed", file: file, line: line)
        let batch = try LaneEngine(plan: plan, samples: lanes, draws: .given(byDistribution))
        try batch.run()
        var left = 0
        for s in 0..<lanes {
            for e in plan.model.entities.indices where batch.status(entity: e, lane: s) != .active { left += 1 }
        }
        return left
    }
}

/// Keeps every month of every lane, as Monte Carlo's series does.
final class AllLanesRecorder: MonthRecorder {
    let entities: Int
    let lanes: Int
    let steps: Int
    private var values: [Double]

    init(plan: Plan, lanes: Int) {
        entities = plan.entityCount
        self.lanes = lanes
        steps = plan.steps
        values = Array(repeating: .nan, count: steps * entities * RecordedField.allCases.count * lanes)
    }

    func record(_ engine: LaneEngine) {
        let work = engine.scratch(.record)
        for e in 0..<entities {
            for field in RecordedField.allCases {
                let row = engine.recordedRow(field, e, scratch: work)
                for s in 0..<lanes { values[index(field, e, engine.step, s)] = row[s] }
            }
        }
    }

    func value(_ field: RecordedField, entity e: Int, step: Int, lane s: Int) -> Double { values[index(field, e, step, s)] }

    private func index(_ field: RecordedField, _ e: Int, _ step: Int, _ s: Int) -> Int {
        ((step * entities + e) * RecordedField.allCases.count + field.rawValue) * lanes + s
    }
}
