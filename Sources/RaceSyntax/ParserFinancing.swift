/// The actions of docs/reference/financing.md and capacity.md: loans, payments, and rent by quantity.
extension SyntaxParser {
    /// `X borrows A [from Y] at R over D`, after `borrows`.
    func parseBorrow(_ borrower: Name) throws -> Action.Kind {
        let amount = try parseExpression()
        var lender: Name?
        if current.isKeyword(.from) {
            advance()
            lender = try expectName("a lender after 'from'")
        }
        try expectKeyword(.at, "'at' and a rate after the amount, as in `\(borrower.text) borrows $5B at 8%/year over 5 years`")
        let rate = try parseExpression()
        try expectKeyword(.over, "'over' and the loan's length after the rate, as in `at 8%/year over 5 years`")
        return .borrow(borrower: borrower, amount: amount, lender: lender, rate: rate, duration: try parseExpression())
    }

    /// `X pays A to Y` or `X pays R to Y for D`, after `pays`. The amount is read without
    /// `to` ranges, since `to` names the payee; a range goes in parentheses.
    func parsePay(_ payer: Name) throws -> Action.Kind {
        let amount = try parseExpressionWithoutRange()
        try expectKeyword(.to, "'to' and the payee after the amount, as in `\(payer.text) pays $250M to Microsoft`")
        guard current.identifier != nil else {
            if isNumber(current) {
                throw expected("the payee after 'to'", hint: "a range of amounts goes in parentheses: `\(payer.text) pays ($100M to $500M) to Y`")
            }
            throw expected("the payee after 'to'")
        }
        let payee = try expectName("the payee after 'to'")
        guard current.isKeyword(.for) else { return .payOnce(payer: payer, amount: amount, payee: payee) }
        advance()
        return .payContract(payer: payer, rate: amount, payee: payee, duration: try parseExpression())
    }

    /// `X rents Q CHIP from Y [for A] over D`, after `rents`: Q a count with the chip as its
    /// unit (`100k GB200`) or a power before `of CHIP` (`1 GW of GB200`).
    func parseRentQuantity(_ renter: Name) throws -> Action.Kind {
        let quantity = try parseExpression()
        let chip: Name
        if current.isKeyword(.of) {
            advance()
            chip = try expectName("a chip after 'of'")
        } else if case .quantity(_, let unit) = quantity.kind {
            chip = unit
        } else {
            throw ParseError(diagnostic: .error("expected a chip, or a quantity of chips or power, after 'rents'", at: quantity.span,
                                                hint: "as in `\(renter.text) rents 100k GB200 from Y over 12 months` or `1 GW of GB200`"),
                             atEnd: false)
        }
        try expectKeyword(.from, "'from' and a provider after the chips, as in `\(renter.text) rents 100k \(chip.text) from Oracle over 12 months`")
        let provider = try expectName("a provider after 'from'")
        var amount: Expression?
        if current.isKeyword(.for) {
            advance()
            amount = try parseExpression()
        }
        try expectKeyword(.over, "'over' and the lease's length, as in `over 12 months`")
        return .rentQuantity(renter: renter, quantity: quantity, chip: chip, provider: provider, amount: amount,
                             duration: try parseExpression())
    }

    /// An expression without a top-level `to` range (`if … then … else` still allowed).
    func parseExpressionWithoutRange() throws -> Expression {
        try enterNesting()
        defer { depth -= 1 }
        if current.isKeyword(.if) { return try parseConditional() }
        return try parseBinary(Precedence.or)
    }
}
