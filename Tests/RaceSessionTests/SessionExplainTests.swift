import XCTest
@testable import RaceSession

/// `:explain X.FIELD [S]` (docs/reference/explain.md) in the REPL: the tornado of one outcome.
final class SessionExplainTests: XCTestCase {
    func testExplainRanksTheInputsOfOneOutcome() {
        let (session, _) = makeSession(files: ["Scenarios/uncertain.race": """
            start 2025-01
            horizon 2025-12
            param growth = 2%/month to 8%/month
            lab Alpha { cash: $5B to $9B, revenue: $1B/month growing growth, burn: $1.5B/month }

            """])
        ok(session, ":load Scenarios/uncertain.race")
        let oneAtATime = ok(session, ":explain Alpha.cash")
        XCTAssertTrue(oneAtATime.contains("one input at a time"), oneAtATime)
        XCTAssertTrue(oneAtATime.contains("Alpha.cash — median"), oneAtATime)
        let lines = oneAtATime.split(separator: "\n")
        let growth = lines.firstIndex { $0.hasPrefix("  growth") }, cash = lines.firstIndex { $0.contains("$5B to $9B") }
        XCTAssertNotNil(growth)
        XCTAssertNotNil(cash)
        let sampled = ok(session, ":explain Alpha.cash 300")
        XCTAssertTrue(sampled.contains("300 samples"), sampled)
        XCTAssertTrue(sampled.contains("ρ"), sampled)
    }

    func testExplainSaysWhatIsWrong() {
        let (session, _) = makeSession()
        XCTAssertTrue(session.handle(":explain Alpha.cash").errors.contains("no scenario"))
        ok(session, ":load Scenarios/test.race")
        XCTAssertTrue(session.handle(":explain").errors.contains(":explain takes an outcome"))
        XCTAssertTrue(session.handle(":explain Alpha.nonsense").errors.contains("is not an outcome"))
        XCTAssertTrue(session.handle(":explain Gamma.cash").errors.contains("no entity named 'Gamma'"))
        XCTAssertTrue(session.handle(":explain Alpha.cash many").errors.contains(":explain takes an outcome"))
    }
}
