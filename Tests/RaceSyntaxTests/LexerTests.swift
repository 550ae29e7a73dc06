import XCTest
@testable import RaceSyntax

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) -> [Token.Kind] {
        let (tokens, diagnostics) = Syntax.tokens(text)
        XCTAssertEqual(diagnostics.map(\.message), [], "in \(text)")
        return tokens.map(\.kind).filter { $0 != .end }
    }

    private func single(_ text: String) -> Token.Kind? {
        let all = kinds(text)
        XCTAssertEqual(all.count, 1, "\(text) → \(all)")
        return all.first
    }

    private func problems(_ text: String) -> [Diagnostic] { Syntax.tokens(text).1 }

    func testPlainNumbersWithFractionsExponentsAndSeparators() {
        XCTAssertEqual(single("12"), .number(12))
        XCTAssertEqual(single("1.5"), .number(1.5))
        XCTAssertEqual(single("2e25"), .number(2e25))
        XCTAssertEqual(single("2.5E-3"), .number(2.5e-3))
        XCTAssertEqual(single("1_000"), .number(1000))
        XCTAssertEqual(single("1_000_000.25"), .number(1_000_000.25))
    }

    func testMagnitudeSuffixesScaleTheNumber() {
        XCTAssertEqual(single("30k"), .number(30_000))
        XCTAssertEqual(single("50M"), .number(50e6))
        XCTAssertEqual(single("6.6B"), .number(6.6e9))
        XCTAssertEqual(single("1.4T"), .number(1.4e12))
    }

    func testPercentMeansHundredths() {
        XCTAssertEqual(single("5%"), .number(0.05))
        XCTAssertEqual(single("49%"), .number(0.49))
        XCTAssertEqual(single("12.5%"), .number(0.125))
    }

    func testMoneyTakesTheDollarAndTheSuffix() {
        XCTAssertEqual(single("$30k"), .money(30_000))
        XCTAssertEqual(single("$2.40"), .money(2.4))
        XCTAssertEqual(single("$6.6B"), .money(6.6e9))
        XCTAssertEqual(single("$1.4T"), .money(1.4e12))
        XCTAssertEqual(single("$1_000"), .money(1000))
        let (tokens, _) = Syntax.tokens("$30k")
        XCTAssertEqual(tokens[0].start, 0)
        XCTAssertEqual(tokens[0].end, 4)
    }

    func testSuffixFollowedByALetterIsAWordStuckToTheNumber() {
        let diagnostics = problems("1.4kW")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].message.contains("kW"), diagnostics[0].message)
        XCTAssertTrue(diagnostics[0].hint?.contains("space") ?? false)
        XCTAssertTrue(problems("3months").first?.message.contains("months") ?? false)
    }

    func testUnitWordAfterASpaceIsASeparateIdentifier() {
        XCTAssertEqual(kinds("989 TFLOP/s"), [.number(989), .identifier("TFLOP"), .symbol(.slash), .identifier("s")])
        XCTAssertEqual(kinds("200k H100"), [.number(200_000), .identifier("H100")])
    }

    func testHugeNumbersAreAnError() {
        let diagnostics = problems("1e999")
        XCTAssertEqual(diagnostics.map(\.message), ["number is too large"])
        XCTAssertEqual(problems("$1e308T").map(\.message), ["number is too large"])
    }

    func testDollarWithoutANumberIsAnError() {
        let diagnostics = problems("$")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].message.contains("'$'"), diagnostics[0].message)
        XCTAssertEqual(problems("$ 5").count, 1)
        XCTAssertEqual(problems("$x").count, 1)
    }

    func testDatesAreMonthIndices() {
        XCTAssertEqual(single("2025-01"), .date(2025 * 12))
        XCTAssertEqual(single("2026-12"), .date(2026 * 12 + 11))
        XCTAssertEqual(DateLiteral(month: 2025 * 12 + 5, span: Span(file: Syntax.source(""), start: 0, end: 0)).text, "2025-06")
    }

    func testSubtractionWithSpacesIsNotADate() {
        XCTAssertEqual(kinds("2025 - 01"), [.number(2025), .symbol(.minus), .number(1)])
        XCTAssertEqual(kinds("100-20"), [.number(100), .symbol(.minus), .number(20)])
        XCTAssertEqual(kinds("2025-100"), [.number(2025), .symbol(.minus), .number(100)])
    }

    func testMonthOutsideOneToTwelveIsAnErrorThatStillMakesADate() {
        let (tokens, diagnostics) = Syntax.tokens("2025-13")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].message.contains("month"), diagnostics[0].message)
        XCTAssertTrue(diagnostics[0].message.contains("13"))
        if case .date = tokens[0].kind {} else { XCTFail("expected a date token, got \(tokens[0].kind)") }
        XCTAssertEqual(problems("2025-00").count, 1)
    }

    func testDayPartIsAnErrorWithAHintToDropIt() {
        let (tokens, diagnostics) = Syntax.tokens("2025-03-15")
        XCTAssertEqual(diagnostics.count, 1)
        let diagnostic = diagnostics[0]
        XCTAssertTrue(diagnostic.message.contains("day") || (diagnostic.hint ?? "").contains("day"))
        XCTAssertTrue(diagnostic.message.contains("2025-03"), diagnostic.message)
        XCTAssertTrue(diagnostic.hint?.contains("drop the day") ?? false)
        XCTAssertEqual(tokens.map(\.kind), [.date(2025 * 12 + 2), .end])
    }

    func testStringsWithEscapes() {
        XCTAssertEqual(single(#""Two labs and a cloud""#), .string("Two labs and a cloud"))
        XCTAssertEqual(single(#""say \"hi\" \\ bye""#), .string(#"say "hi" \ bye"#))
        XCTAssertEqual(single(#""Beta below $1B — 𝔵""#), .string("Beta below $1B — 𝔵"))
    }

    func testUnknownEscapeAndUnterminatedStringAreErrors() {
        XCTAssertTrue(problems(#""a\nb""#).first?.message.contains("escape") ?? false)
        let unterminated = problems("\"abc\nlab A")
        XCTAssertEqual(unterminated.map(\.message), ["this string is never closed"])
        XCTAssertEqual(problems("\"").map(\.message), ["this string is never closed"])
    }

    func testCommentsRunToTheEndOfTheLine() {
        XCTAssertEqual(kinds("start 2025-01 # the first month é\nhorizon 2026-12"),
                       [.keyword(.start), .date(2025 * 12), .newline, .keyword(.horizon), .date(2026 * 12 + 11)])
    }

    func testKeywordsAndIdentifiers() {
        XCTAssertEqual(kinds("lab _x9 acquihires whenever"),
                       [.keyword(.lab), .identifier("_x9"), .keyword(.acquihires), .keyword(.whenever)])
        XCTAssertEqual(kinds("Lab labs"), [.identifier("Lab"), .identifier("labs")])
    }

    func testOperatorsAndPunctuation() {
        XCTAssertEqual(kinds("( ) { } , : ; . + - * / ^ < <= > >= == != ="),
                       [.symbol(.leftParen), .symbol(.rightParen), .symbol(.leftBrace), .symbol(.rightBrace),
                        .symbol(.comma), .symbol(.colon), .symbol(.semicolon), .symbol(.dot),
                        .symbol(.plus), .symbol(.minus), .symbol(.star), .symbol(.slash), .symbol(.caret),
                        .symbol(.less), .symbol(.lessEqual), .symbol(.greater), .symbol(.greaterEqual),
                        .symbol(.equalEqual), .symbol(.notEqual), .symbol(.equal)])
    }

    func testNewlinesEndStatementsAndCollapse() {
        XCTAssertEqual(kinds("a\n\n\n  b\n"), [.identifier("a"), .newline, .identifier("b"), .newline])
        XCTAssertEqual(kinds("\n\na"), [.identifier("a")])
    }

    func testNewlinesAfterOperatorsCommasColonsAndBracesContinueTheStatement() {
        for text in ["a +\nb", "a *\nb", "a ==\nb", "a and\nb", "a or\nb", "a to\nb", "a,\nb", "a:\nb", "{\nb"] {
            XCTAssertFalse(kinds(text).contains(.newline), text)
        }
    }

    func testNewlinesInsideParenthesesContinueButInsideBracesTheyDoNot() {
        XCTAssertFalse(kinds("f(a,\nb\n)").contains(.newline))
        XCTAssertEqual(kinds("{ a\nb }").filter { $0 == .newline }.count, 1)
        // A '}' closes a '(' left open inside its block, so newlines count again after it.
        XCTAssertEqual(Syntax.tokens("{ (a }\nb").0.filter(\.isNewline).count, 1)
    }

    func testLineBreakIsRememberedForJuxtaposition() {
        let (tokens, _) = Syntax.tokens("(3\nmonths)")
        XCTAssertTrue(tokens[2].followsLineBreak)
        XCTAssertFalse(tokens[1].followsLineBreak)
    }

    func testNonASCIIOutsideStringsIsAnUnexpectedCharacter() {
        let text = "lab Über"
        let diagnostics = problems(text)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics[0].message, "unexpected character 'Ü'")
        XCTAssertEqual(diagnostics[0].span?.start, 4)
        XCTAssertEqual(diagnostics[0].span?.location.column, 5)
    }

    func testControlCharactersAreReportedNotFatal() {
        let diagnostics = problems("a \u{0} \u{7} b")
        XCTAssertEqual(diagnostics.count, 2)
        XCTAssertEqual(diagnostics[0].message, "unexpected character U+0000")
        XCTAssertEqual(diagnostics[1].message, "unexpected character U+0007")
    }

    func testInvisibleCharactersAreShownByCodePoint() {
        XCTAssertEqual(problems("lab\u{A0}A").map(\.message), ["unexpected character U+00A0"])
        XCTAssertEqual(problems("a\u{200B}b").map(\.message), ["unexpected character U+200B"])
    }

    func testALeadingByteOrderMarkIsSkipped() {
        XCTAssertEqual(kinds("\u{FEFF}start 2025-01"), [.keyword(.start), .date(2025 * 12)])
    }

    func testARunOfJunkIsOneProblem() {
        XCTAssertEqual(problems("a ¤¤¤@@@``` b").count, 1)
        XCTAssertTrue(problems("a && b").first?.hint?.contains("and") ?? false)
        XCTAssertTrue(problems("!a").first?.hint?.contains("not") ?? false)
    }

    func testInvalidUTF8BytesAreReported() {
        let file = SourceFile(name: "bytes", validBytes: [0x61, 0xFF, 0xC3, 0x62], firstLine: 1)
        var lexer = Lexer(file)
        let (tokens, diagnostics) = lexer.tokenize()
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics[0].message, "unexpected character (byte 0xFF)")
        XCTAssertEqual(tokens.last?.kind, .end)
    }

    func testOpenBracketsAreCountedAtTheEnd() {
        var lexer = Lexer(Syntax.source("lab A { x: f(1"))
        _ = lexer.tokenize()
        XCTAssertEqual(lexer.openBracketCount, 2)
    }

    func testKeywordListMatchesTheSpecification() {
        let specified = """
            scenario start horizon run param let chip lab company on as every from
            until when whenever for each in raises invests buys rents builds acquires
            acquihires of at pre post over set exits note report cancel delay by extends
            growing falling if then else and or not to true false monthly quarterly yearly
            expect borrows pays with observe
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        XCTAssertEqual(Keywords.all, Set(specified))
        XCTAssertEqual(specified.count, Set(specified).count)
        XCTAssertTrue(Keywords.isKeyword("acquihires"))
        XCTAssertFalse(Keywords.isKeyword("cash"))
    }
}
