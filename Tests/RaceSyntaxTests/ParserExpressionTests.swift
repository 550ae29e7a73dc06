import XCTest
@testable import RaceSyntax

final class ParserExpressionTests: XCTestCase {
    private func parsed(_ text: String) -> String { Syntax.expression(text) }

    func testJuxtapositionMakesQuantities() {
        XCTAssertEqual(parsed("3 months"), "(3 months)")
        XCTAssertEqual(parsed("989 TFLOP"), "(989 TFLOP)")
        XCTAssertEqual(parsed("200k H100"), "(200000 H100)")
        XCTAssertEqual(parsed("1.4 kW"), "(1.4 kW)")
        XCTAssertEqual(parsed("$1B B200"), "($1000000000 B200)")
    }

    func testQuantityBindsTighterThanDivision() {
        XCTAssertEqual(parsed("989 TFLOP/s"), "(/ (989 TFLOP) s)")
        XCTAssertEqual(parsed("$1B/month"), "(/ $1000000000 month)")
        XCTAssertEqual(parsed("$1B/month * 12 months"), "(* (/ $1000000000 month) (12 months))")
    }

    func testUnaryMinusIsLooserThanJuxtaposition() {
        XCTAssertEqual(parsed("-3 months"), "(- (3 months))")
        XCTAssertEqual(parsed("-a * b"), "(* (- a) b)")
        XCTAssertEqual(parsed("-a ^ 2"), "(- (^ a 2))")
        XCTAssertEqual(parsed("a * -b"), "(* a (- b))")
    }

    func testArithmeticPrecedenceAndAssociativity() {
        XCTAssertEqual(parsed("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(parsed("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(parsed("8 / 4 / 2"), "(/ (/ 8 4) 2)")
        XCTAssertEqual(parsed("2 ^ 3 ^ 2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(parsed("2 ^ -1"), "(^ 2 (- 1))")
        XCTAssertEqual(parsed("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(parsed("$2B/month * 1.08 ^ (t / 1 month)"),
                       "(* (/ $2000000000 month) (^ 1.08 (/ t (1 month))))")
    }

    func testLogicAndComparisons() {
        XCTAssertEqual(parsed("a < b and c >= d or not e"), "(or (and (< a b) (>= c d)) (not e))")
        XCTAssertEqual(parsed("not a < b"), "(not (< a b))")
        XCTAssertEqual(parsed("not not a"), "(not (not a))")
        XCTAssertEqual(parsed("a == b"), "(== a b)")
        XCTAssertEqual(parsed("a != b + 1"), "(!= a (+ b 1))")
        XCTAssertEqual(parsed("date >= 2026-01"), "(>= date 2026-01)")
        XCTAssertEqual(parsed("true and false"), "(and true false)")
    }

    func testComparisonsAndRangesDoNotChain() {
        XCTAssertTrue(parsed("a < b < c").contains("comparisons do not chain"))
        XCTAssertTrue(parsed("1 to 2 to 3").contains("one 'to'"))
        XCTAssertTrue(parsed("a == not b").contains("'not'"))
    }

    func testRangeIsTheLoosestOperator() {
        XCTAssertEqual(parsed("$25k to $40k"), "(to $25000 $40000)")
        XCTAssertEqual(parsed("1 + 2 to 3 * 4"), "(to (+ 1 2) (* 3 4))")
    }

    func testConditional() {
        XCTAssertEqual(parsed("if a > 1 then b else c + 1"), "(if (> a 1) b (+ c 1))")
        XCTAssertEqual(parsed("(if a then 1 else 2) * 3"), "(* (if a 1 2) 3)")
        XCTAssertTrue(parsed("1 + if a then 1 else 2").contains("'if'"))
        XCTAssertTrue(parsed("if a then 1").contains("'else'"))
    }

    func testMembersAndCalls() {
        XCTAssertEqual(parsed("L.runway"), "L.runway")
        XCTAssertEqual(parsed("OpenAI.stake(Microsoft)"), "OpenAI.stake(Microsoft)")
        XCTAssertEqual(parsed("log10(L.flop / 1 FLOP)"), "log10((/ L.flop (1 FLOP)))")
        XCTAssertEqual(parsed("total(cash) + largest(compute)"), "(+ total(cash) largest(compute))")
        XCTAssertEqual(parsed("f()"), "f()")
        XCTAssertEqual(parsed("normal(1, 2)"), "normal(1, 2)")
        XCTAssertEqual(parsed("a.b.c"), "a.b.c")
    }

    func testLiterals() {
        XCTAssertEqual(parsed("\"text\""), "\"text\"")
        XCTAssertEqual(parsed("2025-06"), "2025-06")
        XCTAssertEqual(parsed("5%"), "0.05")
        XCTAssertEqual(parsed("1_000"), "1000")
    }

    func testNewlinesInsideParenthesesDoNotMakeQuantities() {
        XCTAssertTrue(parsed("(3\nmonths)").hasPrefix("errors:"))
        XCTAssertEqual(parsed("(1 +\n 2)"), "(+ 1 2)")
    }

    func testSpansCoverTheWrittenText() {
        let (expression, _, _) = Parser.parseExpression(Syntax.source("  (a + 2 months) * b.c(d) "))
        XCTAssertEqual(expression?.span.text, "(a + 2 months) * b.c(d)")
        guard case .binary(_, let left, let right)? = expression?.kind else { return XCTFail() }
        XCTAssertEqual(left.span.text, "(a + 2 months)")
        XCTAssertEqual(right.span.text, "b.c(d)")
    }

    func testTrailingTextIsAnError() {
        let (expression, diagnostics, incomplete) = Parser.parseExpression(Syntax.source("a b"))
        XCTAssertNil(expression)
        XCTAssertEqual(diagnostics.map(\.message), ["expected the end of the expression, found 'b'"])
        XCTAssertFalse(incomplete)
    }

    func testLoneExpressionIncompleteInput() {
        for text in ["OpenAI.", "1 +", "f(1,", "(a", "not", "if a then"] {
            let (_, diagnostics, incomplete) = Parser.parseExpression(Syntax.source(text))
            XCTAssertTrue(incomplete, text)
            XCTAssertTrue(diagnostics.hasErrors, text)
        }
        let (_, _, incomplete) = Parser.parseExpression(Syntax.source("a +* b"))
        XCTAssertFalse(incomplete)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        XCTAssertEqual(parsed(deep), "errors: expression is nested too deeply (more than 256 levels)")
        let fine = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        XCTAssertEqual(parsed(fine), "1")
        XCTAssertTrue(parsed(String(repeating: "-", count: 1000) + "1").contains("nested too deeply"))
        XCTAssertTrue(parsed(String(repeating: "not ", count: 1000) + "a").contains("nested too deeply"))
        XCTAssertTrue(parsed(Array(repeating: "2", count: 1000).joined(separator: "^")).contains("nested too deeply"))
        XCTAssertTrue(parsed(String(repeating: "f(", count: 1000) + "1" + String(repeating: ")", count: 1000))
            .contains("nested too deeply"))
    }
}
