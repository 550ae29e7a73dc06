import XCTest
import RaceModel
@testable import RaceEngine

/// docs/reference/actions.md rounds: `raises` (post/pre, with and without investor amounts), `invests` (with and
/// without `at`), `buys P of X`. Every expected number is worked out by hand from the table.
final class RoundTests: XCTestCase {
    /// One month, so no flows blur the round: X starts with $1B, a $10B valuation, M owns 50%.
    func scenario(_ event: String) -> String {
        """
        start 2025-01
        horizon 2025-01
        company M
        company T { cash: $10B }
        lab X { cash: $1B, valuation: $10B, owners: M 50% }
        on 2025-01: \(event)
        """
    }

    func testRaisePostWithInvestorAmountsDilutesAndGivesEachInvestorItsShare() throws {
        let r = try Engine.run(scenario("X raises $2B at $20B post from T $1B, M $0.5B"))
        // keep = 1 − 2/20 = 0.9; M: 0.5·0.9 + 0.5/20; T: 1/20; the other $0.5B comes from others.
        assertClose(r.stake(of: "M", in: "X"), 0.475)
        assertClose(r.stake(of: "T", in: "X"), 0.05)
        assertClose(r.final("X", .cash), 3e9)
        assertClose(r.final("X", .received), 2e9)
        assertClose(r.final("X", .valuation), 20e9)
        assertClose(r.final("T", .cash), 9e9)
        assertClose(r.final("T", .paid), 1e9)
        assertClose(r.final("M", .paid), 0.5e9)
        XCTAssertTrue(r.final("M", .cash).isNaN, "an unbounded company's cash is not tracked")
        XCTAssertEqual(r.log.map(\.entity), ["X"])
    }

    func testRaisePreAddsTheAmountToGetPostAndWithoutFromAllComesFromOthers() throws {
        let r = try Engine.run(scenario("X raises $2B at $18B pre"))
        assertClose(r.final("X", .valuation), 20e9)
        assertClose(r.stake(of: "M", in: "X"), 0.45)
        XCTAssertEqual(r.owners[r.index("X")].count, 1)
        assertClose(r.final("X", .cash), 3e9)
        assertClose(r.final("M", .paid), 0)
    }

    func testRaiseWithoutAmountsSplitsEquallyAmongNamedInvestors() throws {
        let r = try Engine.run(scenario("X raises $2B at $20B from T, M"))
        assertClose(r.stake(of: "T", in: "X"), 0.05)
        assertClose(r.stake(of: "M", in: "X"), 0.5)  // 0.45 kept + 0.05 new
        assertClose(r.final("T", .paid), 1e9)
        assertClose(r.final("M", .paid), 1e9)
        assertClose(r.final("T", .cash), 9e9)
    }

    func testInvestWithoutAtUsesTheValuationAsPreMoney() throws {
        let r = try Engine.run(scenario("T invests $2B in X"))
        // post = 10 + 2 = 12; keep = 5/6.
        assertClose(r.final("X", .valuation), 12e9)
        assertClose(r.stake(of: "T", in: "X"), 2.0 / 12.0)
        assertClose(r.stake(of: "M", in: "X"), 0.5 * 5.0 / 6.0)
        assertClose(r.final("X", .cash), 3e9)
        assertClose(r.final("T", .cash), 8e9)
        XCTAssertEqual(r.log.map(\.entity), ["T"], "the investor is the subject")
    }

    func testInvestAtPreAndAtPost() throws {
        let pre = try Engine.run(scenario("T invests $2B in X at $8B pre"))
        assertClose(pre.final("X", .valuation), 10e9)
        assertClose(pre.stake(of: "T", in: "X"), 0.2)
        assertClose(pre.stake(of: "M", in: "X"), 0.4)
        let post = try Engine.run(scenario("T invests $2B in X at $8B"))
        assertClose(post.final("X", .valuation), 8e9)
        assertClose(post.stake(of: "T", in: "X"), 0.25)
        assertClose(post.stake(of: "M", in: "X"), 0.375)
    }

    func testInvestWithoutAtInAnEntityWithNoValuationStopsTheRun() throws {
        let error = try Engine.runError("""
            start 2025-01
            horizon 2025-03
            company T
            lab X { cash: $1B }
            on 2025-02: T invests $2B in X
            """)
        XCTAssertTrue(error.message.contains("no valuation"), error.message)
        XCTAssertEqual(error.step, 1)
        XCTAssertEqual(error.span?.location.line, 5)
    }

    func testBuyingAStakeIsARoundAtPostMoneyPriceOverShare() throws {
        let r = try Engine.run(scenario("T buys 10% of X for $3B"))
        assertClose(r.final("X", .valuation), 30e9)
        assertClose(r.stake(of: "T", in: "X"), 0.1)
        assertClose(r.stake(of: "M", in: "X"), 0.45)
        assertClose(r.final("X", .cash), 4e9)
        assertClose(r.final("T", .paid), 3e9)
    }

    func testInvestorAmountsAboveTheRoundStopTheRun() throws {
        let error = try Engine.runError(scenario("X raises $1B at $20B from T $1B, M $0.5B"))
        XCTAssertTrue(error.message.contains("more than the round"), error.message)
        XCTAssertEqual(error.span?.location.line, 6)
    }

    func testAmountsForSomeInvestorsOnlyIsACheckError() {
        let (model, diagnostics) = Engine.model(scenario("X raises $1B at $20B from T $1B, M"))
        XCTAssertNil(model)
        XCTAssertTrue(diagnostics.contains { $0.message.contains("every investor or for none") })
    }

    func testRoundsCompoundAndCashFlowsContinue() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-04
            company T { cash: $10B }
            lab X { cash: $1B, valuation: $10B, revenue: $100M/month, burn: $300M/month }
            on 2025-02: T invests $1B in X
            on 2025-03: X raises $2B at $22B pre from T
            """)
        // Month 1: post 11 → T 1/11. Month 2: post 24, keep 22/24 → T 1/11·22/24 + 2/24.
        assertClose(r.stake(of: "T", in: "X"), 1.0 / 11.0 * 22.0 / 24.0 + 2.0 / 24.0)
        assertClose(r.final("X", .cash), 1e9 + 3e9 - 4 * 200e6)
        assertClose(r.final("X", .valuation), 24e9)
        assertClose(r.final("T", .cash), 7e9)
        assertClose(r.final("X", .runway), (1e9 + 3e9 - 4 * 200e6) / 200e6)
        XCTAssertEqual(r.log.map(\.step), [1, 2])
    }

    func testRunwayIsInfiniteWhenNothingIsBurnt() throws {
        let r = try Engine.run("start 2025-01\nhorizon 2025-02\nlab X { cash: $1B, revenue: $2M/month, burn: $1M/month }\n")
        XCTAssertEqual(r.final("X", .runway), .infinity)
        assertClose(r.final("X", .cash), 1e9 + 2e6)
    }
}
