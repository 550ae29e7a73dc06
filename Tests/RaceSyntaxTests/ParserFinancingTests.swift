import XCTest
@testable import RaceSyntax

/// The actions of docs/reference/capacity.md (loans, secondary sales, cap tables, payments, leases by quantity,
/// purchases at an agreed price), each as it parses and as it fails.
final class ParserFinancingTests: XCTestCase {
    private func action(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        Syntax.action(text, file: file, line: line)
    }

    private func failure(_ text: String) -> [(line: Int, message: String)] { Syntax.errors("on 2025-01: " + text) }

    func testLoansWithAndWithoutALender() {
        XCTAssertEqual(action("xAI borrows $5B from Apollo at 12%/year over 12 months"),
                       "borrow xAI $5000000000 from Apollo at (/ 0.12 year) over (12 months)")
        XCTAssertEqual(action("xAI borrows $3B at 9%/year over 9 months"),
                       "borrow xAI $3000000000 at (/ 0.09 year) over (9 months)")
    }

    func testALoanWithoutItsRateOrLengthSaysWhatIsMissing() {
        XCTAssertTrue(failure("xAI borrows $5B over 12 months").first?.message.contains("'at' and a rate") ?? false)
        XCTAssertTrue(failure("xAI borrows $5B at 8%/year").first?.message.contains("'over'") ?? false)
    }

    func testSecondarySalesFromAnEntityAndFromOthers() {
        XCTAssertEqual(action("SoftBank buys 1% of OpenAI from Microsoft for $5B"),
                       "secondarySale SoftBank 0.01 of OpenAI from Microsoft for $5000000000")
        XCTAssertEqual(action("Thrive buys 1.5% of OpenAI from others for $7.5B"),
                       "secondarySale Thrive 0.015 of OpenAI from others for $7500000000")
    }

    func testThePrimaryAndWorthFormsOfBuysAreUnchanged() {
        XCTAssertEqual(action("Nvidia buys 5% of OpenAI for $10B"), "buyStake Nvidia 0.05 of OpenAI for $10000000000")
        XCTAssertEqual(action("xAI buys $4.5B of B200 from Nvidia"), "buyChipsWorth xAI $4500000000 of B200 from Nvidia")
    }

    func testBuyingFromOthersNeedsAPrice() {
        XCTAssertTrue(failure("Thrive buys 1% of OpenAI from others").first?.message.contains("'for' and a price") ?? false)
    }

    func testAPurchaseOfChipsAtAnAgreedPrice() {
        XCTAssertEqual(action("Oracle buys 50k GB200 for $2.5B"), "buyChips Oracle 50000 GB200 for $2500000000")
        XCTAssertEqual(action("xAI buys 100k H100 from Nvidia for $4.5B"),
                       "buyChips xAI 100000 H100 from Nvidia for $4500000000")
    }

    func testSettingACapTable() {
        XCTAssertEqual(action("set OpenAI.owners = Microsoft 27%, SoftBank 11%, Thrive 2%"),
                       "setOwners OpenAI = Microsoft 0.27, SoftBank 0.11, Thrive 0.02")
    }

    func testACapTableInABlockStopsBeforeTheNextAction() {
        XCTAssertEqual(Syntax.statement("on 2025-10 { set OpenAI.owners = Microsoft 27%, SoftBank 11%, Thrive exits }"),
                       "on 2025-10: setOwners OpenAI = Microsoft 0.27, SoftBank 0.11; exit Thrive")
    }

    func testOneOffPaymentsAndPaymentContracts() {
        XCTAssertEqual(action("Microsoft pays $250M to OpenAI"), "payOnce Microsoft $250000000 to OpenAI")
        XCTAssertEqual(action("OpenAI pays $70M/month to Microsoft for 12 months"),
                       "payContract OpenAI (/ $70000000 month) to Microsoft for (12 months)")
    }

    func testAPaymentsAmountMayBeARangeInParentheses() {
        XCTAssertEqual(action("OpenAI pays ($100M to $500M) to Microsoft"),
                       "payOnce OpenAI (to $100000000 $500000000) to Microsoft")
        let errors = failure("OpenAI pays $100M to $500M to Microsoft")
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.message.contains("the payee after 'to'") ?? false, "\(errors)")
        let parsed = Syntax.parse("on 2025-01: OpenAI pays $100M to $500M to Microsoft")
        XCTAssertTrue(parsed.diagnostics.first?.hint?.contains("parentheses") ?? false)
    }

    func testLeasesByCountAndByPower() {
        XCTAssertEqual(action("OpenAI rents 120k GB200 from Oracle over 12 months"),
                       "rentQuantity OpenAI (120000 GB200) of GB200 from Oracle over (12 months)")
        XCTAssertEqual(action("Anthropic rents 1 GW of GB200 from Oracle for $20B over 24 months"),
                       "rentQuantity Anthropic (1 GW) of GB200 from Oracle for $20000000000 over (24 months)")
    }

    func testTheAmountFormOfRentIsUnchanged() {
        XCTAssertEqual(action("Beta rents H100 from Azure for $6B over 24 months"),
                       "rent Beta H100 from Azure for $6000000000 over (24 months)")
    }

    func testALeaseWithoutAChipIsLocated() {
        let errors = failure("OpenAI rents 120k from Oracle over 12 months")
        XCTAssertEqual(errors.first?.message, "expected a chip, or a quantity of chips or power, after 'rents'")
    }

    func testTheAmountFormWithoutAnAmountSuggestsTheQuantityForm() {
        let parsed = Syntax.parse("on 2025-01: Beta rents H100 from Azure over 24 months")
        XCTAssertTrue(parsed.diagnostics.first?.hint?.contains("rents 100k H100 from Azure") ?? false,
                      "\(parsed.diagnostics.map(\.hint))")
    }

    func testTheNewVerbsAreKeywordsThatEndAnInvestorList() {
        XCTAssertEqual(Syntax.statement("on 2025-01 { A raises $1B at $10B from X, Y, B pays $1M to X }"),
                       "on 2025-01: raise A $1000000000 at $10000000000 post from X, Y; payOnce B $1000000 to X")
    }
}
