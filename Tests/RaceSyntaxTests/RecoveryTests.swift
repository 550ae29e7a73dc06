import XCTest
@testable import RaceSyntax

/// Errors: every one in a file is reported, each once, where it is, and the statements
/// around them still parse.
final class RecoveryTests: XCTestCase {
    func testSeveralErrorsInOneFileAreAllReported() {
        let text = """
            start 2025-01
            on 2025-03 Microsoft invests $1B in A
            lab A { cash: $1B }
            param = 3
            on 2025-04: A sells everything
            horizon 2026-12
            """
        let parsed = Syntax.parse(text)
        let errors = parsed.diagnostics.filter(\.isError)
        XCTAssertEqual(errors.map { $0.span!.location.line }, [2, 4, 5])
        XCTAssertEqual(errors[0].message, "expected ':' or '{' after the event's date, found 'Microsoft'")
        XCTAssertEqual(errors[1].message, "expected a parameter name after 'param', found '='")
        XCTAssertFalse(parsed.isIncomplete)
        XCTAssertEqual(parsed.statements.map(Syntax.print), ["start 2025-01", "lab A { cash: $1000000000 }", "horizon 2026-12"])
    }

    func testErrorsInsideABlockAreReportedPerLineAndTheBlockGoesOn() {
        let parsed = Syntax.parse("""
            lab A {
              cash: $1B +
              valuation $5B
              burn: $1B/month
              revenue: * 2
            }
            lab B
            """)
        XCTAssertEqual(parsed.diagnostics.map { $0.span!.location.line }, [3, 5])
        XCTAssertEqual(parsed.statements.map(Syntax.print),
                       ["lab A { cash: (+ $1000000000 valuation) | burn: (/ $1000000000 month) }", "lab B"])
    }

    func testAnUnclosedBlockIsReportedAtItsBraceAndTheTextIsIncomplete() {
        let parsed = Syntax.parse("lab A {\n  cash: $1B\n")
        XCTAssertTrue(parsed.isIncomplete)
        XCTAssertEqual(parsed.diagnostics.count, 1)
        let error = parsed.diagnostics[0]
        XCTAssertEqual(error.message, "this '{' is never closed")
        XCTAssertEqual(error.span?.location.line, 1)
        XCTAssertEqual(error.span?.text, "{")
    }

    func testAnUnclosedBlockBeforeAnotherStatementIsAnErrorButNotIncomplete() {
        let parsed = Syntax.parse("lab A {\n  cash: $1B\nlab B { cash: $2B }\n")
        XCTAssertFalse(parsed.isIncomplete)
        XCTAssertEqual(parsed.diagnostics.map(\.message), ["this '{' is never closed"])
        XCTAssertEqual(parsed.statements.map(Syntax.print), ["lab A { cash: $1000000000 }", "lab B { cash: $2000000000 }"])
    }

    func testIncompleteInputs() {
        for text in ["lab A {", "lab A { cash: $1B", "chip H100 { price: $30k,", "param x = 1 +",
                     "param x = (1 +\n 2", "on 2025-03:", "on 2025-03 as", "on 2025-03 as\n", "report cash,",
                     "for each lab L:\n", "let f(L", "on 2025-01 {\n A exits\n", "every 6 months from"] {
            let parsed = Syntax.parse(text)
            XCTAssertTrue(parsed.isIncomplete, "\(text.debugDescription) should be incomplete: \(parsed.diagnostics.map(\.message))")
            XCTAssertTrue(parsed.diagnostics.hasErrors, text)
        }
    }

    func testCompleteButWrongInputsAreNotIncomplete() {
        for text in ["on 2025-03", "on 2025-03\n", "lab A { cash: }", "param x = 1 + )", "lab A { cash: $$1B",
                     "start 2025-13", "scenario x"] {
            let parsed = Syntax.parse(text)
            XCTAssertFalse(parsed.isIncomplete, "\(text.debugDescription): \(parsed.diagnostics.map(\.message))")
            XCTAssertTrue(parsed.diagnostics.hasErrors, text)
        }
        XCTAssertFalse(Syntax.parse("start 2025-01").isIncomplete)
    }

    func testUnclosedParenthesisIsReportedAtIt() {
        let errors = Syntax.errors("param x = (1 + 2")
        XCTAssertEqual(errors.map(\.message), ["this '(' is never closed"])
    }

    func testALexicalErrorDoesNotAlsoBreakItsStatement() {
        let parsed = Syntax.parse("lab A { cash: $ }\nlab B { cash: $1B }")
        XCTAssertEqual(parsed.diagnostics.count, 1)
        XCTAssertTrue(parsed.diagnostics[0].message.contains("'$'"))
    }

    func testKeywordsCannotBeNames() {
        let errors = Syntax.errors("lab note { cash: $1B }")
        XCTAssertEqual(errors.map(\.message), ["expected a name after 'lab', found the keyword 'note'"])
    }

    func testActionOutsideAnEventGetsAHint() {
        let parsed = Syntax.parse("Microsoft invests $5B in Alpha")
        XCTAssertEqual(parsed.diagnostics.first?.message, "expected a statement, found 'Microsoft'")
        XCTAssertTrue(parsed.diagnostics.first?.hint?.contains("on 2025-06: Microsoft invests") ?? false)
    }

    func testFieldsOutsideABlockGetAHint() {
        let parsed = Syntax.parse("lab A\n  cash: $1B\nx = 3")
        XCTAssertEqual(parsed.diagnostics.map(\.message), ["expected a statement, found 'cash'", "expected a statement, found 'x'"])
        XCTAssertEqual(parsed.diagnostics.first?.hint, "fields go inside the `{ }` of a lab, company or chip")
        XCTAssertEqual(parsed.diagnostics.last?.hint, "write `param x = …` for a parameter or `let x = …` for a formula")
    }

    func testStrayClosingBrace() {
        let parsed = Syntax.parse("lab A { cash: $1B } }\nlab B")
        XCTAssertEqual(parsed.diagnostics.count, 1)
        XCTAssertEqual(parsed.statements.count, 2)
    }

    func testBrokenStatementSkipsPastItsBlock() {
        let parsed = Syntax.parse("chip { price: $1\n perf: 2 }\nlab B")
        XCTAssertEqual(parsed.diagnostics.count, 1)
        XCTAssertEqual(parsed.statements.map(Syntax.print), ["lab B"])
    }

    func testErrorAtTheEndOfALinePointsAfterTheLastToken() {
        let parsed = Syntax.parse("on 2025-03\nlab A")
        let error = parsed.diagnostics[0]
        XCTAssertEqual(error.message, "expected ':' or '{' after the event's date, found the end of the line")
        XCTAssertEqual(error.span?.location.line, 1)
        XCTAssertEqual(error.span?.location.column, 11)
    }

    func testDiagnosticsAreInSourceOrder() {
        let parsed = Syntax.parse("start 2025-13\nparam = 1\nhorizon 2026-14\n")
        XCTAssertEqual(parsed.diagnostics.map { $0.span!.location.line }, [1, 2, 3])
    }

    func testRendererShowsTheCaret() {
        let parsed = Syntax.parse("lab A {\n  cash: $1B")
        let text = DiagnosticRenderer().render(parsed.diagnostics)
        XCTAssertTrue(text.hasPrefix("test.race:1:7: error: this '{' is never closed"), text)
    }

    func testAnUnclosedBlockEndingInACommaStillLetsTheNextStatementParse() {
        let parsed = Syntax.parse("chip H100 { price: $30k,\nlab B { cash: $2B }\n")
        XCTAssertEqual(parsed.diagnostics.map(\.message), ["this '{' is never closed"])
        XCTAssertEqual(parsed.statements.map(Syntax.print), ["chip H100 { price: $30000 }", "lab B { cash: $2000000000 }"])
    }
}
