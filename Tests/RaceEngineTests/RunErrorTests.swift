import RaceReport
import XCTest
import RaceModel
@testable import RaceEngine

/// docs/reference/actions.md, month.md: problems found while running stop the run with a
/// `RunError` naming the line and month — never a trap — and big scenarios run to the end.
final class RunErrorTests: XCTestCase {
    func testANegativeAmountStopsTheRunAtItsLineAndMonth() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            param cut = -$1B
            lab X { cash: $1B, valuation: $10B }
            on 2025-03: X raises cut at $10B
            """)
        XCTAssertTrue(error.message.contains("negative"), error.message)
        XCTAssertEqual(error.step, 2)
        XCTAssertEqual(error.span?.location.line, 5)
        XCTAssertNil(error.sample)
    }

    func testANegativeAmountOfChipsStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
            lab X { cash: $1B }
            on 2025-02: X buys $1M - X.cash of H
            """)
        XCTAssertTrue(error.message.contains("negative"), error.message)
        XCTAssertEqual(error.step, 1)
    }

    func testDivisionByZeroInAFlowFormulaStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            lab X {
              cash: $1B
              revenue = $1B/month * (1 month / (2 months - t))
            }
            """)
        XCTAssertEqual(error.step, 2)
        XCTAssertTrue(error.message.contains("infinite") || error.message.contains("not a number"), error.message)
        XCTAssertNotNil(error.span)
        XCTAssertEqual(error.span?.file.name, "test.race")
    }

    func testDivisionByZeroInAnActionAmountStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            lab X { cash: $1B, valuation: $10B }
            on 2025-04: X raises $1B * (1 month / (t - 3 months)) at $10B
            """)
        XCTAssertEqual(error.step, 3)
        XCTAssertEqual(error.span?.location.line, 4)
        XCTAssertTrue(error.message.contains("infinite"), error.message)
    }

    /// docs/reference/month.md: a division by zero stops the run with a located error, in a rule's condition too
    /// (it used to compare as false, or fire on infinity, silently).
    func testZeroOverZeroInAConditionStopsTheRunAtTheRule() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-03
            lab X { cash: $0 }
            whenever X.cash / X.cash > 0: note "never"
            """)
        XCTAssertTrue(error.message.contains("not a number"), error.message)
        XCTAssertEqual(error.step, 0)
        XCTAssertEqual(error.span.map { $0.file.location(of: $0.start).line }, 4)
    }

    func testADivisionByZeroInAConditionStopsTheRunInsteadOfFiring() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            lab A { cash: $1B, valuation: $0 }
            when A.cash / A.valuation > 1: A exits
            """)
        XCTAssertTrue(error.message.contains("infinite"), error.message)
        XCTAssertEqual(error.span.map { $0.file.location(of: $0.start).line }, 4)
    }

    func testComputeThatOverflowsInAConditionStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            chip X { price: $1, perf: 1e300 FLOP/s, power: 1 W }
            lab A { cash: $1B, fleet: 1e9 X }
            whenever A.compute * 1e20 > 1 FLOP/s: note "huge"
            """)
        XCTAssertTrue(error.message.contains("infinite"), error.message)
    }

    /// An infinite runway is no error: nothing is burnt, and the comparison is false.
    func testAnInfiniteRunwayComparesAsLongerThanAnything() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab X { cash: $1B }
            whenever X.runway < 6 months: note "short"
            whenever X.runway * 2 > 6 months: note "long"
            """)
        XCTAssertEqual(r.eventTexts, ["long", "long", "long"])
    }

    func testADeclaredValueThatIsNotFiniteStopsBeforeMonthZero() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-03
            param zero = 0
            lab X { cash: $1B / zero }
            """)
        XCTAssertEqual(error.step, 0)
        XCTAssertTrue(error.message.contains("cash"), error.message)
        XCTAssertEqual(error.span?.location.line, 4)
    }

    func testFallingByMoreThanTheWholeValueStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-03
            lab X { burn: $1M/month falling 150%/month }
            """)
        XCTAssertTrue(error.message.contains("more than 100%"), error.message)
    }

    func testFlowFormulasThatReadEachOtherReportALoop() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-03
            lab A { revenue = B.revenue }
            lab B { revenue = A.revenue }
            """)
        XCTAssertTrue(error.message.contains("loop"), error.message)
        XCTAssertEqual(error.step, 0)
    }

    func testRunThroughStopsAtTheGivenMonthAndResumes() throws {
        let (model, _) = Engine.model("start 2025-01\nhorizon 2025-12\nlab X { cash: $1B, burn: $10M/month }\n")
        let engine = try LaneEngine.plainRun(Lowering.lower(try XCTUnwrap(model)))
        try engine.run(through: 4)
        XCTAssertEqual(engine.step, 5)
        XCTAssertFalse(engine.isFinished)
        XCTAssertEqual(engine.result.stepsRun, 5)
        assertClose(engine.result.final("X", .cash), 1e9 - 50e6)
        try engine.run()
        XCTAssertTrue(engine.isFinished)
        assertClose(engine.result.final("X", .cash), 1e9 - 120e6)
    }

    /// A 1,200-month scenario of 50 labs and 10 companies with rounds, rents, purchases and rules.
    static func bigScenario(labs: Int = 50) -> String {
        var text = "scenario \"Big\"\nstart 2025-01\nrun 1200 months\n"
        text += "chip H { price: $30k falling 20%/year, perf: 989 TFLOP/s, power: 1.4 kW, opex: $1k/month, rent: $2/hour }\n"
        for c in 0..<10 { text += "company C\(c) { cash: $\(100 + c)B }\n" }
        for l in 0..<labs {
            text += "lab L\(l) { cash: $\(1 + l % 7)B, valuation: $\(10 + l)B, owners: C\(l % 10) 10%, "
            text += "revenue: $\(50 + l)M/month growing \(l % 4)%/month, burn: $\(200 + 3 * l)M/month growing 1%/year, "
            text += "fleet: \(l + 1)k H }\n"
            text += "every 12 months from 2025-\(String(format: "%02d", 1 + l % 12)): C\(l % 10) invests $1B in L\(l)\n"
            text += "on 20\(26 + l % 40)-06: L\(l) rents H from C\((l + 3) % 10) for $\(l + 1)B over 36 months\n"
            text += "every 24 months from 2026-03: L\(l) buys $100M of H\n"
        }
        text += "for each lab L:\n  when L.runway < 6 months: L raises L.burn * 12 months at L.valuation * 1.2 from C0\n"
        text += "whenever labs_active < 10: note \"consolidated\"\n"
        text += "on 2030-01: L1 acquires L2 for $5B\non 2031-01: L3 acquihires L4 for $1B\n"
        return text
    }

    func testA1200Month50LabScenarioRunsToTheEnd() throws {
        let r = try Engine.run(Self.bigScenario())
        XCTAssertEqual(r.stepsRun, 1200)
        XCTAssertEqual(r.model.entities.count, 60)
        for e in 0..<r.entityCount {
            let share = r.owners[e].reduce(0) { $0 + $1.share }
            XCTAssertLessThanOrEqual(share, 1 + 1e-12)
        }
    }
}

/// Issue 13: a plain run whose months would not fit in memory is refused before anything is
/// allocated, with an error located at the entities that make it so.
final class PlainRunMemoryTests: XCTestCase {
    func testAPlainRunTooLargeForTheMachineIsRefusedWithItsSize() throws {
        let (model, _) = Engine.model("start 2025-01\nrun 1200 months\nlab A { cash: $1B }\nlab B { cash: $1B }\n")
        let plan = Lowering.lower(try XCTUnwrap(model))
        // 1,200 months × 2 entities × 12 fields × 8 bytes, and the engine's rows.
        XCTAssertGreaterThan(LaneEngine.bytesNeeded(plan), 230_400)
        XCTAssertNil(LaneEngine.memoryProblem(plan, budget: 1e9))
        let problem = try XCTUnwrap(LaneEngine.memoryProblem(plan, budget: 100_000))
        guard case let .tooLargePlain(_, _, entities, months) = problem else { return XCTFail("\(problem)") }
        XCTAssertEqual(entities, 2)
        XCTAssertEqual(months, 1200)
        XCTAssertTrue(RunErrorText.message(problem, model: plan.model).contains("2 entities over 1200 months"))
    }
}
