import XCTest
@testable import RaceSyntax

/// Each action form of docs/reference/actions.md, in an event.
final class ParserActionTests: XCTestCase {
    private func action(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        Syntax.action(text, file: file, line: line)
    }

    private func failure(_ text: String) -> String {
        Syntax.errors("on 2025-01: " + text).map(\.message).joined(separator: "; ")
    }

    func testRaise() {
        XCTAssertEqual(action("Beta raises $3B at $30B"), "raise Beta $3000000000 at $30000000000 post")
        XCTAssertEqual(action("Anthropic raises $3.5B at $58B pre"), "raise Anthropic $3500000000 at $58000000000 pre")
        XCTAssertEqual(action("OpenAI raises $6.6B at $157B post from Thrive $1.3B, Microsoft $0.75B, Nvidia $0.1B"),
                       "raise OpenAI $6600000000 at $157000000000 post from Thrive $1300000000, Microsoft $750000000, Nvidia $100000000")
        XCTAssertEqual(action("Anthropic raises $13B at $183B from Nvidia, Thrive"),
                       "raise Anthropic $13000000000 at $183000000000 post from Nvidia, Thrive")
        XCTAssertEqual(action("L raises L.burn * 12 months at L.valuation * 1.5 from Fund"),
                       "raise L (* L.burn (12 months)) at (* L.valuation 1.5) post from Fund")
    }

    func testInvestorListStopsBeforeTheNextActionInABlock() {
        XCTAssertEqual(Syntax.statement("on 2025-01 { A raises $1B at $10B from X, Y, B exits }"),
                       "on 2025-01: raise A $1000000000 at $10000000000 post from X, Y; exit B")
    }

    func testInvest() {
        XCTAssertEqual(action("Amazon invests $4B in Anthropic"), "invest Amazon $4000000000 in Anthropic")
        XCTAssertEqual(action("Backer invests $4B in Steady at $20B post"),
                       "invest Backer $4000000000 in Steady at $20000000000 post")
        XCTAssertEqual(action("Backer invests $4B in Steady at $16B pre"),
                       "invest Backer $4000000000 in Steady at $16000000000 pre")
    }

    func testBuyStake() {
        XCTAssertEqual(action("Nvidia buys 5% of OpenAI for $10B"), "buyStake Nvidia 0.05 of OpenAI for $10000000000")
    }

    func testBuyChips() {
        XCTAssertEqual(action("xAI buys 50k H100 from Nvidia"), "buyChips xAI 50000 H100 from Nvidia")
        XCTAssertEqual(action("B buys 100k H100"), "buyChips B 100000 H100")
    }

    func testBuyChipsWorth() {
        XCTAssertEqual(action("xAI buys $4.5B of B200 from Nvidia"), "buyChipsWorth xAI $4500000000 of B200 from Nvidia")
        XCTAssertEqual(action("xAI buys $1B of B200"), "buyChipsWorth xAI $1000000000 of B200")
    }

    func testBuyWithoutAChipIsAnError() {
        XCTAssertEqual(failure("xAI buys 50k"), "expected a chip after the count, as in `xAI buys 50k H100`")
    }

    func testRent() {
        XCTAssertEqual(action("Anthropic rents GB200 from Microsoft for $30B over 5 years"),
                       "rent Anthropic GB200 from Microsoft for $30000000000 over (5 years)")
    }

    func testBuild() {
        XCTAssertEqual(action("OpenAI builds 1 GW of GB200 for $50B over 24 months"),
                       "build OpenAI (1 GW) of GB200 for $50000000000 over (24 months)")
    }

    func testAcquireAndAcquihire() {
        XCTAssertEqual(action("Google acquires Character for $2.7B"), "acquire Google Character for $2700000000")
        XCTAssertEqual(action("Google acquires Character"), "acquire Google Character")
        XCTAssertEqual(action("MicrosoftAI acquihires Inflection for $650M"), "acquihire MicrosoftAI Inflection for $650000000")
        XCTAssertEqual(action("MicrosoftAI acquihires Inflection"), "acquihire MicrosoftAI Inflection")
    }

    func testExitSetAndNote() {
        XCTAssertEqual(action("Beta exits"), "exit Beta")
        XCTAssertEqual(action("set OpenAI.burn = $1B/month growing 2%/month"),
                       "set OpenAI.burn = (/ $1000000000 month) growing (/ 0.02 month)")
        XCTAssertEqual(action("set A.valuation = A.valuation * 2"), "set A.valuation = (* A.valuation 2)")
        XCTAssertEqual(action("note \"A holds more than $4B\""), "note \"A holds more than $4B\"")
    }

    func testUnknownVerbNamesTheVerbs() {
        let message = failure("Microsoft sells H100")
        XCTAssertTrue(message.hasPrefix("expected an action after 'Microsoft' (raises, invests"), message)
        XCTAssertTrue(message.hasSuffix("found 'sells'"), message)
    }

    func testMissingPartsSayWhatWasExpected() {
        XCTAssertTrue(failure("A raises $1B").contains("expected 'at'"))
        XCTAssertTrue(failure("A invests $1B").contains("expected 'in'"))
        XCTAssertTrue(failure("A rents H100 for $1B over 3 months").contains("expected 'from'"))
        XCTAssertTrue(failure("A rents H100 from B for $1B").contains("expected 'over'"))
        XCTAssertTrue(failure("A builds 1 GW for $1B over 3 months").contains("expected 'of'"))
        XCTAssertTrue(failure("set A = 3").contains("expected '.'"))
        XCTAssertTrue(failure("note hello").contains("note"))
    }
}
