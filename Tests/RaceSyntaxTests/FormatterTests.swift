import XCTest
@testable import RaceSyntax

/// `race fmt`'s layout rules, one behaviour per test (docs/reference/formatting.md).
final class FormatterTests: XCTestCase {
    private func format(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        switch Formatter.format(Syntax.source(text)) {
        case .formatted(let formatted):
            // Every layout is a fixed point: formatting it again changes nothing.
            if case .formatted(let again) = Formatter.format(Syntax.source(formatted)) {
                XCTAssertEqual(again, formatted, "not idempotent", file: file, line: line)
            }
            return formatted
        case .failed(let diagnostics):
            XCTFail("did not format: \(diagnostics.map(\.message))", file: file, line: line)
            return ""
        }
    }

    func testSpacesAroundOperatorsAndAfterCommasAndColons() {
        XCTAssertEqual(format("let x=(1+2)*3-4/5^2\non 2025-06:A invests $5B in B\non 2025-07{A exits,set B.burn=$1B/month}\n"),
                       "let x = (1 + 2) * 3 - 4 / 5 ^ 2\non 2025-06: A invests $5B in B\non 2025-07 { A exits, set B.burn = $1B/month }\n")
    }

    func testRatesAreWrittenTightAndDivisionsSpaced() {
        XCTAssertEqual(format("param a = $1B / month\nparam b = 989 TFLOP / s\nlet c(L) = L.cash/L.burn\nlet d = x/month.y\n"),
                       "param a = $1B/month\nparam b = 989 TFLOP/s\nlet c(L) = L.cash / L.burn\nlet d = x / month.y\n")
    }

    func testUnaryMinusStaysOnItsOperand() {
        XCTAssertEqual(format("let a = - 3 months\nlet b = 2 * - x\nlet c = min(- 1, x - 1)\nlet d = if x then - 1 else 2\n"),
                       "let a = -3 months\nlet b = 2 * -x\nlet c = min(-1, x - 1)\nlet d = if x then -1 else 2\n")
    }

    func testCallsMembersAndGroups() {
        XCTAssertEqual(format("let s(L) = log10 ( L . flop / 1 FLOP ) + L.stake( M )\nexpect not (a and b)\n"),
                       "let s(L) = log10(L.flop / 1 FLOP) + L.stake(M)\nexpect not (a and b)\n")
    }

    func testOneStatementPerLine() {
        XCTAssertEqual(format("start 2025-01; horizon 2025-12;lab A { cash: $1B; burn: $1M/month }\n"),
                       "start 2025-01\nhorizon 2025-12\nlab A { cash: $1B; burn: $1M/month }\n")
    }

    func testBlocksIndentTwoSpacesAndKeepTheAuthorsLineBreaks() {
        let text = "lab A {\ncash: $1B\n      burn: $1M/month; revenue: $2M/month\n}\non 2025-02 as deal {\n\t\tA exits\n}\n"
        XCTAssertEqual(format(text),
                       "lab A {\n  cash: $1B\n  burn: $1M/month; revenue: $2M/month\n}\non 2025-02 as deal {\n  A exits\n}\n")
    }

    func testItemsAfterABraceOnTheSameLineAlignWithTheFirst() {
        let text = "chip H100 {price: $30k, perf: 989 TFLOP/s,\n  power: 1.4 kW,\n     rent: $2/hour }\n"
        XCTAssertEqual(format(text),
                       "chip H100 { price: $30k, perf: 989 TFLOP/s,\n            power: 1.4 kW,\n            rent: $2/hour }\n")
    }

    func testContinuationLinesAreIndentedTwoMore() {
        XCTAssertEqual(format("for each lab L:\nwhen L.runway < 3 months:\nL raises L.burn * 12 months at L.valuation *\n1.5\n"),
                       "for each lab L:\n  when L.runway < 3 months:\n  L raises L.burn * 12 months at L.valuation *\n  1.5\n")
        XCTAssertEqual(format("let x = max(1,\n2)\n"), "let x = max(1,\n  2)\n")
    }

    func testNestedBlocks() {
        XCTAssertEqual(format("for each lab L {\nwhen L.cash < $1B {\nnote \"low\"\n}\n}\n"),
                       "for each lab L {\n  when L.cash < $1B {\n    note \"low\"\n  }\n}\n")
    }

    func testCommentsStayOnTheirLinesAndTrailingOnesAlign() {
        let text = """
            # header
            company M # unbounded
            company Azure { cash: $0 }    # a cloud
            lab A {
            # the cash
            cash: $1B   # assumption
              # a lone comment before the end
            }
            # footer
            """
        XCTAssertEqual(format(text), """
            # header
            company M                   # unbounded
            company Azure { cash: $0 }  # a cloud
            lab A {
              # the cash
              cash: $1B  # assumption
              # a lone comment before the end
            }
            # footer

            """)
    }

    func testFieldValuesAndParamsAlignAcrossCommentsButNotBlankLines() {
        let text = "param a = 1\n# why b\nparam longer_name = 2\n\nparam c = 3\nlab A {\n  cash: $1B\n  # why\n  valuation: $2B\n}\n"
        XCTAssertEqual(format(text), """
            param a           = 1
            # why b
            param longer_name = 2

            param c = 3
            lab A {
              cash:      $1B
              # why
              valuation: $2B
            }

            """)
    }

    func testBlankLinesCollapseToOneAndNoneInsideBraceEdges() {
        XCTAssertEqual(format("\n\nstart 2025-01\n\n\n\nhorizon 2025-12\nlab A {\n\n  cash: $1B\n\n}\n\n\n"),
                       "start 2025-01\n\nhorizon 2025-12\nlab A {\n  cash: $1B\n}\n")
    }

    func testLiteralsKeepTheirSpelling() {
        XCTAssertEqual(format("param a = 1_000 + 2e25 + 30k + 5%\nlet b = $2.40 + $6.6B\nscenario \"a \\\"q\\\" b\"\n"),
                       "param a = 1_000 + 2e25 + 30k + 5%\nlet b = $2.40 + $6.6B\nscenario \"a \\\"q\\\" b\"\n")
    }

    func testEmptyBlocksAndCRLF() {
        XCTAssertEqual(format("lab A {}\r\nlab B { }\r\n"), "lab A {}\nlab B {}\n")
    }

    func testATextWithSyntaxErrorsIsNotFormatted() {
        guard case .failed(let diagnostics) = Formatter.format(Syntax.source("lab A {\n  cash: $1B\n")) else {
            return XCTFail("an unclosed block was formatted")
        }
        XCTAssertTrue(diagnostics.contains { $0.message.contains("never closed") }, "\(diagnostics.map(\.message))")
    }

    func testWordsAndOperatorsTheRulesDoNotKnowAreSpacedLikeTheirKind() {
        // The layout works from tokens, not from the grammar: an action or clause added to the
        // language later is laid out by the same rules. Here, an identifier-led "action" the
        // parser reads as statements of known shape still gets canonical spacing.
        XCTAssertEqual(format("on 2025-06:  A raises   $1B at $10B post from  M $0.5B ,N\n"),
                       "on 2025-06: A raises $1B at $10B post from M $0.5B, N\n")
    }

    func testTheLexerKeepsCommentsApartFromTheParsersTokens() {
        let source = Syntax.source("a = 1 # one\n# two\nb = 2\n")
        var plain = Lexer(source)
        var keeping = Lexer(source, keepingComments: true)
        let (plainTokens, _) = plain.tokenize()
        let (keptTokens, _) = keeping.tokenize()
        XCTAssertEqual(plainTokens.map(\.kind), keptTokens.map(\.kind))
        XCTAssertEqual(plain.comments.count, 0)
        XCTAssertEqual(keeping.comments.map(\.kind), [.comment("# one"), .comment("# two")])
        XCTAssertEqual(keeping.comments.map(\.followsLineBreak), [false, true])
    }
}
