import XCTest
import RaceModel
@testable import RaceEngine

/// `acquires`, `acquihires`, `set`, `exits`, `note` (docs/reference/actions.md) and leaving
/// the race (month.md), worked out by hand.
final class ConsolidationTests: XCTestCase {
    /// X: $1B cash, M owns 20% (tracked), G 5% (unbounded); $10M/month revenue growing 10%/month,
    /// $50M/month burn, 100 chips. Y: $5B, $100M/month burn. The deal is in month 1 of 3.
    func scenario(_ deal: String) -> String {
        """
        start 2024-01
        horizon 2024-03
        chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
        company M { cash: $10B }
        company G
        lab X {
          cash: $1B; valuation: $4B; owners: M 20%, G 5%
          revenue: $10M/month growing 10%/month
          burn: $50M/month
          fleet: 100 H
        }
        lab Y { cash: $5B, burn: $100M/month }
        on 2024-02: \(deal)
        """
    }

    func testAcquiringPaysHoldersByStakeAndTakesCashFleetAndStreams() throws {
        let r = try Engine.run(scenario("Y acquires X for $2B"))
        // Month 0: X 1 + 0.01 − 0.05 = 0.96B; Y 4.9B. Month 1: Y pays 2B, takes 0.96B, then flows
        // 11M − 150M. Month 2: 12.1M − 150M.
        assertClose(r.final("Y", .cash), 4.9e9 - 2e9 + 0.96e9 + 11e6 - 150e6 + 12.1e6 - 150e6)
        assertClose(r.final("Y", .revenue), 12.1e6)
        assertClose(r.final("Y", .burn), 150e6)
        assertClose(r.final("Y", .chips), 100)
        assertClose(r.final("Y", .paid), 2e9)
        assertClose(r.final("M", .received), 0.4e9)
        assertClose(r.final("M", .cash), 10.4e9)
        assertClose(r.final("G", .received), 0.1e9)
        XCTAssertEqual(r.status("X"), "acquired by Y")
        XCTAssertEqual(r.exitSteps[r.index("X")], 1)
        XCTAssertEqual(r.final("X", .cash), 0)
        XCTAssertEqual(r.final("X", .chips), 0)
        XCTAssertEqual(r.final("X", .revenue), 0)
        XCTAssertEqual(r.final("X", .valuation), 4e9, "valuation stays as it was")
        assertClose(r.stake(of: "M", in: "X"), 0.2)
        assertClose(r.stake(of: "G", in: "X"), 0.05)
    }

    func testAcquiringWithoutAPriceMovesNoMoney() throws {
        let r = try Engine.run(scenario("Y acquires X"))
        assertClose(r.final("Y", .paid), 0)
        assertClose(r.final("M", .received), 0)
        assertClose(r.final("Y", .cash), 4.9e9 + 0.96e9 + 11e6 - 150e6 + 12.1e6 - 150e6)
    }

    func testAcquiringPassesContractsAndPendingDeliveries() throws {
        let r = try Engine.run("""
            start 2024-01
            horizon 2024-06
            chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW, rent: $1k/month, lead: 3 months }
            company C { cash: $0 }
            lab X { cash: $1B }
            lab Y { cash: $1B }
            on 2024-01: X rents H from C for $6M over 6 months
            on 2024-01: X buys 10 H
            on 2024-02: Y acquires X
            """)
        // Y pays the $1M/month rent from month 1 and gets the 10 chips in month 3.
        assertClose(r.final("Y", .chips, step: 2), 1000)
        assertClose(r.final("Y", .chips, step: 3), 1010)
        assertClose(r.final("C", .received), 6e6)
        assertClose(r.final("Y", .paid), 5e6)
        assertClose(r.final("X", .paid), 1e6 + 300e3)
    }

    func testAcquihiringPaysHoldersDistributesCashAndOnlyTheBurnJoinsTheBuyer() throws {
        let r = try Engine.run(scenario("Y acquihires X for $2B"))
        // Month 1: Y pays 2B; X's 0.96B goes to M (20%) and G (5%); Y burns 150M in months 1 and 2.
        assertClose(r.final("Y", .cash), 4.9e9 - 2e9 - 150e6 - 150e6)
        assertClose(r.final("Y", .burn), 150e6)
        XCTAssertEqual(r.final("Y", .revenue), 0)
        XCTAssertEqual(r.final("Y", .chips), 0)
        assertClose(r.final("M", .received), 0.4e9 + 0.192e9)
        assertClose(r.final("M", .cash), 10e9 + 0.592e9)
        assertClose(r.final("G", .received), 0.1e9 + 0.048e9)
        XCTAssertEqual(r.status("X"), "acquihired by Y")
        XCTAssertEqual(r.final("X", .cash), 0)
    }

    func testSetReplacesTheFlowWithOneNewStream() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab X { cash: $1B, burn: $100M/month growing 50%/month }
            on 2025-02: set X.burn = $200M/month growing 10%/month
            """)
        assertClose(r.final("X", .cash), 1e9 - 100e6 - 200e6 - 220e6)
        assertClose(r.final("X", .burn), 220e6)
    }

    func testSetCashAndValuation() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-02
            lab X { cash: $1B, valuation: $1B, burn: $10M/month }
            on 2025-02: set X.cash = $5B
            on 2025-02: set X.valuation = X.valuation * 3
            """)
        assertClose(r.final("X", .cash), 5e9 - 10e6)
        assertClose(r.final("X", .valuation), 3e9)
    }

    func testExitingStopsFlowsAndKeepsCash() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
            lab X { cash: $1B, revenue: $50M/month, burn: $10M/month, fleet: 5 H }
            on 2025-02: X exits
            """)
        XCTAssertEqual(r.status("X"), "exited")
        XCTAssertEqual(r.exitSteps[r.index("X")], 1)
        assertClose(r.final("X", .cash), 1e9 + 40e6)
        XCTAssertEqual(r.final("X", .revenue), 0)
        XCTAssertEqual(r.final("X", .compute), 0)
        XCTAssertEqual(r.final("X", .chips), 0)
        XCTAssertEqual(r.log.map(\.step), [1])
    }

    func testNoteWritesItsTextWithNoSubject() throws {
        let r = try Engine.run("start 2025-01\nhorizon 2025-02\non 2025-02: note \"hello there\"\n")
        XCTAssertEqual(r.events.count, 1)
        XCTAssertNil(r.events[0].entity)
        XCTAssertEqual(r.eventTexts[0], "hello there")
        XCTAssertEqual(r.events[0].step, 1)
    }

    func testRunningOutOfCashShowsTheFlowsThatEmptiedIt() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-06
            lab X { cash: $250M, revenue: $10M/month, burn: $110M/month }
            """)
        // 250 → 150 → 50 → −50: out of cash in month 2, with that month's flows in its row.
        XCTAssertEqual(r.status("X"), "out of cash")
        XCTAssertEqual(r.exitSteps[r.index("X")], 2)
        assertClose(r.final("X", .burn, step: 2), 110e6)
        XCTAssertEqual(r.final("X", .burn, step: 3), 0)
        assertClose(r.final("X", .cash), -50e6)
        XCTAssertEqual(r.log.map(\.step), [2])
        XCTAssertEqual(r.eventTexts[0], "X runs out of cash")
    }

    func testACompanyBelowZeroGetsOneWarning() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            company F { cash: $1B }
            lab X { cash: $1B, valuation: $10B }
            on 2025-01: F invests $2B in X
            on 2025-03: F invests $1B in X
            """)
        XCTAssertEqual(r.warnings.map(\.entity), [r.index("F")])
        XCTAssertEqual(r.warnings.first?.step, 0)
        XCTAssertEqual(r.status("F"), "active")
        assertClose(r.final("F", .cash), -2e9)
    }
}
