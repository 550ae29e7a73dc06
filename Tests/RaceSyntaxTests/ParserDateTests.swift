import XCTest
@testable import RaceSyntax

/// docs/reference/uncertain-events.md and docs/reference/observations.md as they parse: dates that are parameters or ranges, `with probability`,
/// uncertain delays, `founded:`, `observe` with `±` or `+-`, and the REPL's `EXPR at DATE`.
final class ParserDateTests: XCTestCase {
    func testDateParametersAndRanges() {
        XCTAssertEqual(Syntax.statement("param stargate_ready = 2026-07"), "param stargate_ready = 2026-07")
        XCTAssertEqual(Syntax.statement("param p = 2026-06 to 2027-06"), "param p = (to 2026-06 2027-06)")
    }

    func testAnEventOnADateParameterOrARange() {
        XCTAssertEqual(Syntax.statement("on stargate_ready: X exits"), "on stargate_ready: exit X")
        XCTAssertEqual(Syntax.statement("on 2026-01 to 2026-09: X exits"), "on (to 2026-01 2026-09): exit X")
        XCTAssertEqual(Syntax.statement("every 6 months from start_date until end_date: X exits"),
                       "every (6 months) from start_date until end_date: exit X")
    }

    func testProbabilityBeforeOrAfterTheLabel() {
        XCTAssertEqual(Syntax.statement("on tranche with probability 60%: X exits"),
                       "on tranche with probability 0.6: exit X")
        XCTAssertEqual(Syntax.statement("on 2025-10 as t with probability 30%: X exits"),
                       "on 2025-10 as t with probability 0.3: exit X")
        XCTAssertEqual(Syntax.statement("on 2025-10 with probability 30% as t: X exits"),
                       "on 2025-10 as t with probability 0.3: exit X")
        XCTAssertEqual(Syntax.statement("every 3 months from 2025-01 with probability p { X exits }"),
                       "every (3 months) from 2025-01 with probability p: exit X")
    }

    func testAProbabilityNeedsItsWordAndComesOnce() {
        XCTAssertEqual(Syntax.errors("on 2025-10 with 30%: X exits").first?.message,
                       "expected 'probability' after 'with', as in `with probability 60%`, found '30%'")
        XCTAssertEqual(Syntax.errors("on 2025-10 with probability 30% with probability 20%: X exits").first?.message,
                       "this event already has a probability")
    }

    func testAnEventsDateMustStillLookLikeADate() {
        let errors = Syntax.errors("on 2025: X exits")
        XCTAssertEqual(errors.first?.message, "expected a date (YYYY-MM) after 'on', found '2025'")
    }

    func testExpectAtADateParameter() {
        XCTAssertEqual(Syntax.statement("expect X.active at ready"), "expect X.active at ready")
    }

    func testAnUncertainDelay() {
        XCTAssertEqual(Syntax.statement("delay stargate by 3 months to 12 months"),
                       "delay stargate by (to (3 months) (12 months))")
    }

    func testFoundedIsAnOrdinaryField() {
        XCTAssertEqual(Syntax.statement("lab MSL { founded: 2025-06, cash: $14B }"),
                       "lab MSL { founded: 2025-06 | cash: $14000000000 }")
    }

    func testObservationsWithPlusMinusInBothSpellings() {
        XCTAssertEqual(Syntax.statement("observe OpenAI.valuation at 2025-03 = $300B ± 20%"),
                       "observe OpenAI.valuation at 2025-03 = $300000000000 ± 0.2")
        XCTAssertEqual(Syntax.statement("observe OpenAI.valuation at 2025-03 = $300B +- $30B"),
                       "observe OpenAI.valuation at 2025-03 = $300000000000 ± $30000000000")
        XCTAssertEqual(Syntax.statement("observe OpenAI.cash + OpenAI.debt at ready = $10B * 2 ± 10%"),
                       "observe (+ OpenAI.cash OpenAI.debt) at ready = (* $10000000000 2) ± 0.1")
    }

    func testAnObservedCondition() {
        XCTAssertEqual(Syntax.statement("observe Inflection.active == false at 2024-03"),
                       "observe (== Inflection.active false) at 2024-03")
    }

    func testAnObservedValueNeedsItsError() {
        let parsed = Syntax.parse("observe OpenAI.cash at 2025-06 = $10B")
        XCTAssertEqual(parsed.diagnostics.first?.message, "expected '±' and the observation's error after the value, found the end of the text")
        XCTAssertTrue(parsed.diagnostics.first?.hint?.contains("+-") ?? false)
        XCTAssertTrue(Syntax.errors("observe OpenAI.cash = $10B ± 1%").first?.message.contains("'at' and a date") ?? false)
    }

    func testPlusMinusOutsideAnObservation() {
        // `+-` keeps its v1 meaning, `+` then a unary minus; `±` is reported where it stands.
        XCTAssertEqual(Syntax.expression("a +-b"), "(+ a (- b))")
        XCTAssertEqual(Syntax.expression("a +- 2 * c"), "(+ a (- (* 2 c)))")
        let errors = Syntax.errors("let x = a ± b")
        XCTAssertEqual(errors.map(\.message), ["'±' only separates an observation's value from its error"])
        XCTAssertEqual(errors.first?.line, 1)
    }

    func testPlusMinusTokens() {
        let (tokens, problems) = Syntax.tokens("1 ± 2 +- 3 + -4")
        XCTAssertEqual(problems.count, 0)
        let symbols = tokens.compactMap { token -> String? in
            if case .symbol(let s) = token.kind { return s.rawValue + "@\(token.start)-\(token.end)" }
            return nil
        }
        XCTAssertEqual(symbols, ["±@2-4", "±@7-9", "+@12-13", "-@14-15"])
    }

    func testAQueryAtAPastMonth() {
        let (query, diagnostics, _) = Parser.parseQuery(Syntax.source("OpenAI.cash at 2025-06"))
        XCTAssertEqual(diagnostics.map(\.message), [])
        XCTAssertEqual(query.map { Syntax.print($0.expression) }, "OpenAI.cash")
        XCTAssertEqual(query?.date.map(Syntax.print), "2025-06")
        let (now, _, _) = Parser.parseQuery(Syntax.source("total(compute)"))
        XCTAssertNil(now?.date)
        XCTAssertNotNil(now)
    }

    func testAQueryWithSomethingAfterItsDate() {
        let (query, diagnostics, _) = Parser.parseQuery(Syntax.source("OpenAI.cash at 2025-06 now"))
        XCTAssertNil(query)
        XCTAssertEqual(diagnostics.first?.message, "expected the end of the expression, found 'now'")
    }

    func testObserveStartsAStatementAfterAnUnclosedBlock() {
        let parsed = Syntax.parse("lab A {\n  cash: $1B\nobserve A.cash at 2025-01 = $1B ± 1%\n")
        XCTAssertEqual(parsed.statements.count, 2)
        XCTAssertEqual(parsed.diagnostics.map(\.message), ["this '{' is never closed"])
    }
}
