import XCTest
import RaceModel
@testable import RaceEngine

/// Chip actions (docs/reference/actions.md): buying by count and by money (lead time, falling
/// price), renting, building; compute and flop (entities.md); availability (chips.md).
/// Numbers worked out by hand.
final class ChipActionTests: XCTestCase {
    let chips = """
        start 2025-01
        horizon 2025-03
        chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW, opex: $1k/month }
        company N { cash: $0 }
        lab X { cash: $10B }

        """

    func testBuyingByCountPaysTheSellerAndChipsArriveAtOnceWithoutLead() throws {
        let r = try Engine.run(chips + "on 2025-02: X buys 1000 H from N\n")
        assertClose(r.final("X", .cash), 10e9 - 30e6 - 2 * 1e6)  // price, then opex in months 1 and 2
        assertClose(r.final("X", .paid), 30e6)
        assertClose(r.final("N", .cash), 30e6)
        assertClose(r.final("N", .received), 30e6)
        XCTAssertEqual(r.final("X", .chips, step: 0), 0)
        XCTAssertEqual(r.final("X", .chips, step: 1), 1000)
        assertClose(r.final("X", .compute), 1000 * 1e15 * secondsPerMonth)
        assertClose(r.final("X", .flop), 2 * 1000 * 1e15 * secondsPerMonth * 0.4)
        assertClose(r.final("X", .spend), 1e6)
    }

    func testBuyingWithoutASellerPaysNoOne() throws {
        let r = try Engine.run(chips + "on 2025-01: X buys 100 H\n")
        assertClose(r.final("X", .paid), 3e6)
        assertClose(r.final("N", .received), 0)
        assertClose(r.final("N", .cash), 0)
    }

    func testAMonthlyFallingPriceCompoundsEachMonth() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            chip P { price: $30k falling 20%/month, perf: 1 PFLOP/s, power: 1 kW }
            lab X { cash: $10B }
            on 2025-03: X buys 1000 P
            """)
        assertClose(r.final("X", .paid), 1000 * 30e3 * 0.8 * 0.8)
    }

    func testAYearlyFallingPriceFallsByTheTwelfthRootEachMonth() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            chip P { price: $30k falling 30%/year, perf: 1 PFLOP/s, power: 1 kW }
            lab X { cash: $10B }
            on 2025-03: X buys 1000 P
            """)
        assertClose(r.final("X", .paid), 1000 * 30e3 * pow(0.7, 2.0 / 12.0))
    }

    func testBuyingByMoneyWithLeadTimeDeliversInMonthNowPlusLead() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-06
            chip B { price: $45k, perf: 2 PFLOP/s, power: 1.8 kW, opex: $2k/month, lead: 3 months, available: 2025-02 }
            company N { cash: $0 }
            lab X { cash: $10B }
            on 2025-02: X buys $4.5M of B from N
            """)
        // 100 chips bought in month 1, delivered in phase 1 of month 4; opex in months 4 and 5.
        XCTAssertEqual(r.final("X", .chips, step: 3), 0)
        assertClose(r.final("X", .chips, step: 4), 100)
        XCTAssertEqual(r.final("X", .compute, step: 3), 0)
        assertClose(r.final("X", .cash), 10e9 - 4.5e6 - 2 * 100 * 2e3)
        assertClose(r.final("N", .received), 4.5e6)
        assertClose(r.final("X", .flop), 2 * 100 * 2e15 * secondsPerMonth * 0.4)
    }

    func testBuyingAChipBeforeItIsAvailableStopsTheRunNamingTheMonth() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-06
            chip B { price: $45k, perf: 2 PFLOP/s, power: 1.8 kW, available: 2025-04 }
            lab X { cash: $10B }
            on 2025-02: X buys 10 B
            """)
        XCTAssertEqual(error.step, 1)
        XCTAssertEqual(error.span?.location.line, 5)
        XCTAssertTrue(error.message.contains("available from 2025-04"), error.message)
        XCTAssertTrue(error.diagnostic.message.hasPrefix("in 2025-02:"))
    }

    func testRentingPaysAOverDMonthlyAndRentsThatManyChips() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-05
            chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, rent: $5/hour }
            company C { cash: $0 }
            lab X { cash: $1B }
            on 2025-02: X rents G from C for $7.305M over 2 months
            """)
        // $3.6525M a month at $5 × 730.5 = $3,652.50 per chip-month: 1000 chips in months 1 and 2.
        XCTAssertEqual(r.final("X", .chips, step: 0), 0)
        assertClose(r.final("X", .chips, step: 1), 1000)
        assertClose(r.final("X", .chips, step: 2), 1000)
        XCTAssertEqual(r.final("X", .chips, step: 3), 0)
        assertClose(r.final("X", .spend, step: 1), 3.6525e6)
        XCTAssertEqual(r.final("X", .spend, step: 3), 0)
        assertClose(r.final("X", .cash), 1e9 - 7.305e6)
        assertClose(r.final("X", .paid), 7.305e6)
        assertClose(r.final("C", .cash), 7.305e6)
        assertClose(r.final("C", .received), 7.305e6)
        assertClose(r.final("X", .flop), 2 * 1000 * 2.5e15 * secondsPerMonth * 0.4)
    }

    func testBuildingPaysMonthlyToNoOneAndChipsArriveAtNowPlusD() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-07
            chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW }
            lab X { cash: $1B }
            on 2025-02: X builds 1 MW of G for $10M over 4 months
            """)
        XCTAssertEqual(r.final("X", .chips, step: 4), 0)
        assertClose(r.final("X", .chips, step: 5), 500)
        assertClose(r.final("X", .spend, step: 4), 2.5e6)
        XCTAssertEqual(r.final("X", .spend, step: 5), 0)
        assertClose(r.final("X", .cash), 1e9 - 10e6)
        assertClose(r.final("X", .paid), 10e6)
        assertClose(r.final("X", .flop), 2 * 500 * 2.5e15 * secondsPerMonth * 0.4)
    }

    func testUtilizationScalesFlopButNotCompute() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-01
            chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
            lab X { fleet: 10 H, utilization: 50% }
            """)
        assertClose(r.final("X", .compute), 10 * 1e15 * secondsPerMonth)
        assertClose(r.final("X", .flop), 10 * 1e15 * secondsPerMonth * 0.5)
        XCTAssertEqual(r.final("X", .cash), 0, "a lab without cash starts at $0")
    }

    func testContractLengthMustBeAWholeNumberOfMonths() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-05
            chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, rent: $5/hour }
            company C
            lab X { cash: $1B }
            on 2025-02: X rents G from C for $1M over 2 weeks
            """)
        XCTAssertTrue(error.message.contains("whole number of months"), error.message)
        XCTAssertEqual(error.step, 1)
    }
}
