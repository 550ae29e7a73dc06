import XCTest
import RaceModel
@testable import RaceEngine

/// Recurring events and skipped actions (docs/reference/events.md), rules (rules.md), streams
/// and growth (units.md, month.md).
final class RuleAndEventTests: XCTestCase {
    func testRecurringEventFiresFromEveryPeriodUntilInclusive() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-12
            lab X { cash: $1B, valuation: $10B }
            every 3 months from 2025-01 until 2025-10: X raises $1B at X.valuation
            every 5 months from 2025-03: note "tick"
            """)
        XCTAssertEqual(r.log.filter { $0.entity == "X" }.map(\.step), [0, 3, 6, 9])
        XCTAssertEqual(r.log.filter { $0.entity == nil }.map(\.step), [2, 7])
        assertClose(r.final("X", .cash), 5e9)
        assertClose(r.final("X", .received), 4e9)
    }

    func testWhenFiresOncePerEntityUnderForEach() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2026-12
            company F
            lab A { cash: $1B, burn: $100M/month }
            lab B { cash: $2B, burn: $100M/month }
            for each lab L:
              when L.cash < $800M: L raises $1B at $10B from F
            """)
        // A: below $800M first in month 3; B in month 13. Both would be again ten months later.
        XCTAssertEqual(r.log.filter { $0.entity == "B" }.map(\.step), [13])
        XCTAssertEqual(r.log.filter { $0.entity == "A" }.map(\.step), [3, 20])
        XCTAssertEqual(r.status("A"), "out of cash")
        assertClose(r.final("A", .received), 1e9)
        assertClose(r.final("B", .cash), 0.6e9)
        assertClose(r.final("F", .paid), 2e9)
    }

    func testWhenRulesFireIndependentlyInAScenarioWithoutEntities() throws {
        // Each `when` keeps its own "has fired" mark, even when no entity is declared.
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            when t >= 1 month: note "a"
            when t >= 2 months: note "b"
            """)
        XCTAssertEqual(r.eventTexts, ["a", "b"])
        XCTAssertEqual(r.events.map(\.step), [1, 2])
    }

    func testWheneverFiresEveryMonthItsConditionHolds() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-12
            lab X { cash: $1.5B, burn: $100M/month }
            whenever X.cash < $800M: note "low"
            """)
        XCTAssertEqual(r.log.map(\.step), [8, 9, 10, 11])
    }

    func testRulesSeeTheStateLeftByThisMonthsEvents() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab X { cash: $1B, valuation: $10B }
            on 2025-02: X raises $5B at $20B
            when X.cash > $3B: note "rich"
            """)
        XCTAssertEqual(r.events.map(\.step), [1, 1])
        XCTAssertEqual(r.eventTexts.last, "rich")
    }

    func testMonthlyGrowthCompoundsByOnePlusR() throws {
        let r = try Engine.run("start 2025-01\nhorizon 2026-01\nlab X { revenue: $100M/month growing 5%/month }\n")
        assertClose(r.final("X", .revenue), 100e6 * pow(1.05, 12))
        let expectedCash = (0..<13).reduce(0.0) { $0 + 100e6 * pow(1.05, Double($1)) }
        assertClose(r.final("X", .cash), expectedCash)
    }

    func testYearlyGrowthCompoundsByTheTwelfthRoot() throws {
        let r = try Engine.run("start 2025-01\nhorizon 2026-01\nlab X { revenue: $100M/month growing 20%/year }\n")
        assertClose(r.final("X", .revenue, step: 1), 100e6 * pow(1.2, 1.0 / 12.0))
        assertClose(r.final("X", .revenue), 120e6)
        let falling = try Engine.run("start 2025-01\nhorizon 2026-01\nlab X { cash: $100B, burn: $100M/month falling 20%/year }\n")
        assertClose(falling.final("X", .burn), 80e6)
    }

    func testStreamsOfAnAcquiredEntityKeepTheirOwnGrowth() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            lab X { revenue: $100M/month growing 10%/month }
            lab Y { revenue: $10M/month growing 50%/month }
            on 2025-02: Y acquires X
            """)
        assertClose(r.final("Y", .revenue), 100e6 * pow(1.1, 3) + 10e6 * pow(1.5, 3))
    }

    func testAcquiredStreamsAddToTheBuyersFormulaFlow() throws {
        // docs/reference/month.md: X's streams "are added to Y's", also when Y's revenue is a formula.
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab X { revenue: $100M/month growing 10%/month }
            lab Y { revenue = $10M/month }
            on 2025-02: Y acquires X
            """)
        assertClose(r.final("Y", .revenue, step: 1), 10e6 + 110e6)
        assertClose(r.final("Y", .revenue), 10e6 + 121e6)
        assertClose(r.final("Y", .cash), 10e6 + 100e6 + 120e6 + 131e6)
    }

    func testAPlainRunUsesEachDistributionsMedian() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-01
            param a = $25k to $40k
            lab A { cash: a }
            lab B { cash: -$10 to $30 }
            lab C { cash: normal($5, $2) }
            lab D { cash: uniform($2, $4) }
            lab E { cash: lognormal($1, $100) }
            """)
        assertClose(r.final("A", .cash), (25e3 * 40e3).squareRoot())
        assertClose(r.final("B", .cash), 10)
        assertClose(r.final("C", .cash), 5)
        assertClose(r.final("D", .cash), 3)
        assertClose(r.final("E", .cash), 10)
    }

    func testGrowthFromAParameterUsesTheParametersPeriod() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2026-01
            param g = 44%/year
            lab X { revenue: $100M/month growing g }
            """)
        assertClose(r.final("X", .revenue), 144e6)
    }

    func testActionsNamingAnInactiveEntityAreSkippedWithAReason() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            company M { cash: $5B }
            lab X { cash: $1B, valuation: $10B }
            on 2025-02: X exits
            on 2025-03: M invests $1B in X
            on 2025-04: X raises $1B at $10B
            """)
        XCTAssertEqual(r.skipped.map(\.step), [2, 3])
        XCTAssertEqual(r.skipped.map { $0.entity.map { r.model.entities[$0].name } }, ["M", "X"])
        XCTAssertTrue(r.reason(of: r.skipped[0]).contains("X has left the race (exited in 2025-02)"), r.reason(of: r.skipped[0]))
        XCTAssertEqual(r.text(of: r.skipped[0]), "M invests $1B in X")
        assertClose(r.final("M", .cash), 5e9)
        assertClose(r.final("X", .cash), 1e9)
        XCTAssertEqual(r.events.count, 1)
    }

    func testForEachSkipsInactiveEntities() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab A { cash: $1B }
            lab B { cash: $1B }
            on 2025-01: A exits
            for each lab L:
              whenever L.cash > $0: note "tick"
            """)
        XCTAssertEqual(r.events.filter { $0.entity == nil }.count, 3, "only B, in each of 3 months")
    }

    func testFormulasAndAggregatesSeeTheCurrentState() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-02
            chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
            let market = $300M/month
            lab A { fleet: 100 H, revenue = market * compute / total(compute) }
            lab B { fleet: 200 H, revenue = market * compute / total(compute) }
            """)
        assertClose(r.final("A", .revenue), 100e6)
        assertClose(r.final("B", .cash), 400e6)
    }
}
