import RaceModel
import XCTest
@testable import RaceEngine

/// docs/reference/financing.md: loans, payments and stakes that change hands, each pinned by its numbers.
final class FinancingTests: XCTestCase {
    static let header = "start 2025-01\nhorizon 2025-12\ncompany Bank { cash: $50B }\n"

    func testALoanPaysMonthlyInterestThenItsPrincipalAndItsDebtDropsInTheLastMonth() throws {
        let r = try Engine.run(Self.header + """
            lab X { cash: $1B }
            on 2025-02: X borrows $1.2B from Bank at 1%/month over 3 months
            whenever X.debt > $0: note "owes"
            """)
        // Interest $12M in each of 2025-03..2025-05, the principal in 2025-05.
        assertClose(r.final("X", .cash, step: 1), 2.2e9)
        assertClose(r.final("X", .cash, step: 2), 2.2e9 - 12e6)
        assertClose(r.final("X", .cash, step: 4), 2.2e9 - 36e6 - 1.2e9)
        XCTAssertEqual(r.final("X", .debt, step: 3), 1.2e9)
        XCTAssertEqual(r.final("X", .debt, step: 4), 0, "the month's row shows the debt repaid")
        assertClose(r.final("Bank", .cash), 50e9 + 36e6)
        assertClose(r.final("Bank", .received), 1.2e9 + 36e6)
        assertClose(r.final("X", .paid), 1.2e9 + 36e6)
        // A rule in the repayment month still sees the debt: notes in 2025-02..2025-05.
        XCTAssertEqual(r.eventTexts.filter { $0 == "owes" }.count, 4)
    }

    func testAYearlyRateCompoundsToItsMonthlyRate() throws {
        let r = try Engine.run(Self.header + "lab X { cash: $1B }\non 2025-01: X borrows $1B at 12%/year over 12 months\n")
        let monthly = pow(1.12, 1.0 / 12) - 1
        assertClose(r.final("X", .cash, step: 1), 2e9 - 1e9 * monthly)
    }

    func testABorrowerThatRunsOutOfCashDefaultsOnceAndKeepsItsDebt() throws {
        let r = try Engine.run(Self.header + """
            lab X { cash: $100M, burn: $200M/month }
            on 2025-01: X borrows $150M from Bank at 1%/month over 12 months
            """)
        XCTAssertEqual(r.status("X"), "out of cash")
        XCTAssertEqual(r.final("X", .debt), 150e6)
        XCTAssertEqual(r.warnings.map { r.text(of: $0) }, ["X defaults on $150M owed to Bank"])
    }

    func testAnAcquisitionPassesTheLoanToTheBuyerWithoutDefault() throws {
        let r = try Engine.run(Self.header + """
            lab X { cash: $1B }
            lab Y { cash: $5B }
            on 2025-01: X borrows $1B from Bank at 1%/month over 6 months
            on 2025-03: Y acquires X
            """)
        XCTAssertTrue(r.warnings.isEmpty)
        XCTAssertEqual(r.final("Y", .debt, step: 3), 1e9)
        XCTAssertEqual(r.final("Y", .debt), 0)
        assertClose(r.final("Bank", .received), 1e9 + 6 * 10e6)
    }

    func testAPaymentContractIsSpendAndEndsWhenThePayeeLeaves() throws {
        let r = try Engine.run(Self.header + """
            lab X { cash: $1B }
            lab Y { cash: $1B }
            on 2025-01: X pays $10M/month to Y for 12 months
            on 2025-01: X pays $5M to Y
            on 2025-04: Y exits
            """)
        assertClose(r.final("X", .spend, step: 0), 10e6)
        assertClose(r.final("Y", .received), 3 * 10e6 + 5e6)
        XCTAssertEqual(r.final("X", .spend), 0)
        assertClose(r.final("X", .cash), 1e9 - 35e6)
    }

    func testASecondarySaleMovesAStakeWithoutTouchingTheCompany() throws {
        let r = try Engine.run(Self.header + """
            company Fund { cash: $10B }
            lab X { cash: $1B, valuation: $10B, owners: Fund 30% }
            on 2025-02: Bank buys 10% of X from Fund for $1.5B
            on 2025-03: Bank buys 5% of X from others for $700M
            on 2025-04: Bank buys 25% of X from Fund for $1B
            """)
        XCTAssertEqual(r.stake(of: "Fund", in: "X"), 0.2, accuracy: 1e-12)
        XCTAssertEqual(r.stake(of: "Bank", in: "X"), 0.15, accuracy: 1e-12)
        XCTAssertEqual(r.final("X", .cash), 1e9)
        XCTAssertEqual(r.final("X", .valuation), 10e9)
        assertClose(r.final("Fund", .cash), 11.5e9)
        XCTAssertEqual(r.skipped.map { r.reason(of: $0) }, ["Fund holds 20% of X, less than 25%"])
    }

    func testCapTablesAboveAllOfACompanyStopTheRunWhereTheyAreSet() throws {
        let error = try Engine.runError(Self.header + """
            lab X { cash: $1B }
            company Fund
            on 2025-06: set X.owners = Bank 60%, Fund t / 1 month * 10%
            """)
        XCTAssertTrue(error.message.contains("110%, more than 100%"), error.message)
        XCTAssertEqual(error.step, 5)
    }

    func testALeaseTakesChipsOutOfTheProvidersFleetAndGivesThemBack() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-12
            chip K { price: $10k, perf: 1 PFLOP/s, power: 1 kW, opex: $100/month, rent: $2/hour }
            company Cloud { cash: $10B, fleet: 100k K }
            lab X { cash: $10B }
            lab Y { cash: $10B }
            on 2025-02: X rents 60k K from Cloud over 3 months
            on 2025-03: Y rents 60k K from Cloud over 6 months
            on 2025-06: X exits
            """)
        XCTAssertEqual(r.final("Cloud", .chips, step: 1), 40e3)
        XCTAssertEqual(r.final("X", .chips, step: 1), 60e3)
        XCTAssertEqual(r.final("Y", .chips, step: 2), 40e3, "only 40k were free")
        XCTAssertEqual(r.warnings.map { r.text(of: $0) }, ["Y rents 40000 K of the 60000 asked: Cloud has only 40000 free"])
        XCTAssertEqual(r.final("Cloud", .chips, step: 4), 60e3, "X's lease ended: its chips came back")
        XCTAssertEqual(r.final("Cloud", .chips), 100e3)
        // The owner pays the opex of every chip it owns, leased or not.
        assertClose(r.final("Cloud", .spend, step: 2), 100e3 * 100)
    }
}
