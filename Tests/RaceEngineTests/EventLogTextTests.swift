import RaceEngine
import RaceModel
import XCTest

/// The event log names what happened with the amounts computed that month and the entity a
/// `for each` rule was bound to, not the formula that decided it (Grammar/CHANGES.md).
final class EventLogTextTests: XCTestCase {
    func texts(_ body: String) throws -> [String] {
        try Engine.run("start 2025-01\nhorizon 2025-03\n" + body).eventTexts
    }

    func testARuleUnderForEachLogsTheEntityAndTheComputedAmounts() throws {
        let log = try texts("""
            lab Alpha { cash: $1B, burn: $500M/month, valuation: $10B }
            lab Beta { cash: $50B, burn: $100M/month, valuation: $20B }
            for each lab L:
              when L.runway < 3 months: L raises L.burn * 12 months at L.valuation * 1.5
            """)
        XCTAssertEqual(log, ["Alpha raises $6B at $15B post"])
    }

    /// A loan's rate is logged in the period it was written in, and the words in the order a
    /// scenario writes them, not as the monthly rate it compounds to.
    func testALoanLogsItsRateAsWritten() throws {
        let log = try texts("""
            company Bank
            lab A { cash: $1B }
            on 2025-01 {
              A borrows $27B from Bank at 6.5%/year over 240 months
              A borrows $1B at 1%/month over 6 months
              A borrows $2B from Bank at 10%/(24 months) over 2 years
            }
            """)
        XCTAssertEqual(log, ["A borrows $27B from Bank at 6.5%/year over 240 months",
                             "A borrows $1B at 1%/month over 6 months",
                             "A borrows $2B from Bank at 10%/(24 months) over 24 months"])
    }

    func testAPreMoneyRoundLogsItsPostMoneyAndInvestors() throws {
        let log = try texts("""
            company Fund
            company Bank
            lab A { cash: $1B, valuation: $10B }
            on 2025-02: A raises $3B at $12B pre from Fund $2B, Bank $1B
            """)
        XCTAssertEqual(log, ["A raises $3B at $15B post from Fund $2B, Bank $1B"])
    }

    func testChipsContractsAndBuildsLogTheirComputedQuantities() throws {
        let log = try texts("""
            chip H100 { price: $25k, perf: 989 TFLOP/s, power: 1.4 kW, rent: $2/hour }
            company Cloud
            lab A { cash: $100B, revenue: $1B/month }
            on 2025-01 {
              A buys A.revenue * 2 months of H100
              A buys 100_000 H100 from Cloud
              A rents H100 from Cloud for A.revenue * 24 months over 2 years
              A builds 0.4 GW of H100 for $19B over 24 months
            }
            """)
        XCTAssertEqual(log, [
            "A buys $2B of H100 (80k at $25k)",
            "A buys 100k H100 from Cloud",
            "A rents H100 from Cloud for $24B over 24 months",
            "A builds 400 MW of H100 for $19B over 24 months",
        ])
    }

    func testSetAndSkippedActionsNameTheBoundEntity() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-03
            lab A { cash: $1B, burn: $2B/month }
            lab B { cash: $10B, burn: $100M/month }
            for each lab L:
              when L.cash > $5B: set L.burn = L.burn * 2
            on 2025-03: A raises $1B at $10B
            """)
        XCTAssertEqual(r.eventTexts, ["set B.burn = B.burn * 2", "A runs out of cash"])
        XCTAssertEqual(r.skipped.map { r.text(of: $0) }, ["A raises $1B at $10B"])
    }
}
