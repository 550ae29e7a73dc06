/// Events, rules and actions (docs/reference/actions.md, rules.md).
extension SyntaxParser {
    /// `on DATE [as LABEL] [with probability P] (: action | { actions })`; DATE may be a
    /// date parameter or a range (docs/reference/uncertain-events.md).
    func parseOnEvent() throws -> Event {
        let start = advance().start
        let date = try parseDate(after: "'on'")
        let (label, probability) = try parseLabelAndProbability()
        let actions = try parseActionBody(after: label == nil ? "the event's date" : "the event's label")
        return Event(schedule: .once(date), label: label, probability: probability, actions: actions, span: span(from: start))
    }

    /// `every PERIOD from DATE [until DATE] [as LABEL] [with probability P] (: action | { actions })`
    func parseEveryEvent() throws -> Event {
        let start = advance().start
        let period = try parseExpression()
        try expectKeyword(.from, "'from' and a first date after the period, as in `every 6 months from 2025-01`")
        let first = try parseDate(after: "'from'")
        var until: Expression?
        if current.isKeyword(.until) {
            advance()
            until = try parseDate(after: "'until'")
        }
        let (label, probability) = try parseLabelAndProbability()
        let actions = try parseActionBody(after: label == nil ? "the event's dates" : "the event's label")
        return Event(schedule: .every(period: period, from: first, until: until), label: label, probability: probability,
                     actions: actions, span: span(from: start))
    }

    /// `as NAME`, if present.
    func parseLabel() throws -> Name? {
        guard current.isKeyword(.as) else { return nil }
        advance()
        return try expectName("a label after 'as'")
    }

    /// `when COND (: action | { actions })` or the same with `whenever`.
    func parseRule() throws -> Rule {
        let first = advance()
        let condition = try parseExpression()
        let actions = try parseActionBody(after: "the condition")
        return Rule(isRepeating: first.isKeyword(.whenever), condition: condition, actions: actions,
                    span: span(from: first.start))
    }

    /// `: action` or `{ action ... }`.
    func parseActionBody(after what: String) throws -> [Action] {
        if current.isSymbol(.colon) {
            advance()
            return [try parseAction()]
        }
        if current.isSymbol(.leftBrace) {
            return parseBlock(of: .actions, parseAction)
        }
        throw expected("':' or '{' after \(what)")
    }

    // MARK: - Actions

    func parseAction() throws -> Action {
        let start = current.start
        let kind: Action.Kind
        switch current.kind {
        case .keyword(.set):
            kind = try parseSet()
        case .keyword(.note):
            advance()
            kind = .note(try expectString("the text of the note in quotes, as in `note \"Beta is low\"`").text)
        case .identifier:
            let subject = try expectName("an entity")
            kind = try parseVerb(subject)
        default:
            throw expected("an action", hint: "an action starts with who acts, as in `Microsoft invests $5B in Alpha`, or with `set` or `note`")
        }
        return Action(kind, span: span(from: start))
    }

    /// The rest of an action after its subject.
    func parseVerb(_ subject: Name) throws -> Action.Kind {
        guard let verb = current.keyword, verb.isActionVerb else {
            throw expected("an action after '\(subject.text)' (raises, invests, buys, rents, builds, borrows, pays, acquires, acquihires or exits)")
        }
        advance()
        switch verb {
        case .raises:
            let amount = try parseExpression()
            try expectKeyword(.at, "'at' and a valuation after the amount, as in `\(subject.text) raises $1B at $10B post`")
            let valuation = try parseValuation()
            var investors: [Investor] = []
            if current.isKeyword(.from) {
                advance()
                investors = try parseInvestors()
            }
            return .raise(company: subject, amount: amount, valuation: valuation, investors: investors)
        case .invests:
            let amount = try parseExpression()
            if case .quantity(_, let unit) = amount.kind, !current.isKeyword(.in) {
                // `invests $5B Alpha`: the company was read as a unit of the amount.
                throw ParseError(diagnostic: .error("expected 'in' before '\(unit.text)'", at: unit.span,
                                                    hint: "write `\(subject.text) invests AMOUNT in \(unit.text)`"),
                                 atEnd: false)
            }
            try expectKeyword(.in, "'in' and the company invested in, as in `\(subject.text) invests $5B in Alpha`")
            let target = try expectName("the company invested in after 'in'")
            var valuation: Valuation?
            if current.isKeyword(.at) {
                advance()
                valuation = try parseValuation()
            }
            return .invest(investor: subject, amount: amount, target: target, valuation: valuation)
        case .buys:
            return try parseBuy(subject)
        case .rents:
            // The amount form names the chip first; a quantity starts with a number (or a
            // parameter before `of CHIP`).
            if current.identifier == nil || peek().isKeyword(.of) { return try parseRentQuantity(subject) }
            let chip = try expectName("a chip after 'rents'")
            try expectKeyword(.from, "'from' and a provider after the chip, as in `\(subject.text) rents \(chip.text) from Azure for $6B over 24 months`")
            let provider = try expectName("a provider after 'from'")
            guard current.isKeyword(.for) else {
                throw expected("'for' and an amount after the provider",
                               hint: "or rent a quantity: `\(subject.text) rents 100k \(chip.text) from \(provider.text) over 12 months`")
            }
            advance()
            let amount = try parseExpression()
            try expectKeyword(.over, "'over' and a duration after the amount, as in `for $6B over 24 months`")
            return .rent(renter: subject, chip: chip, provider: provider, amount: amount, duration: try parseExpression())
        case .borrows:
            return try parseBorrow(subject)
        case .pays:
            return try parsePay(subject)
        case .builds:
            let power = try parseExpression()
            try expectKeyword(.of, "'of' and a chip after the power, as in `\(subject.text) builds 1 GW of GB200 for $50B over 24 months`")
            let chip = try expectName("a chip after 'of'")
            try expectKeyword(.for, "'for' and an amount after the chip")
            let amount = try parseExpression()
            try expectKeyword(.over, "'over' and a duration after the amount, as in `for $50B over 24 months`")
            return .build(builder: subject, power: power, chip: chip, amount: amount, duration: try parseExpression())
        case .acquires, .acquihires:
            let target = try expectName("the company \(verb.rawValue == "acquires" ? "acquired" : "acquihired") after '\(verb.rawValue)'")
            var price: Expression?
            if current.isKeyword(.for) {
                advance()
                price = try parseExpression()
            }
            return verb == .acquires ? .acquire(buyer: subject, target: target, price: price)
                                     : .acquihire(buyer: subject, target: target, price: price)
        default:
            return .exit(subject)
        }
    }

    /// `Y buys P of X for A`, `Z buys P of X from Y for A` (a secondary sale, docs/reference/financing.md),
    /// `X buys A of CHIP [from Y]` or `X buys N CHIP [from Y] [for A]`.
    func parseBuy(_ buyer: Name) throws -> Action.Kind {
        let amount = try parseExpression()
        if current.isKeyword(.of) {
            advance()
            let target = try expectName("a company or chip after 'of'")
            if current.isKeyword(.for) {
                advance()
                return .buyStake(buyer: buyer, share: amount, target: target, price: try parseExpression())
            }
            let seller = try parseSeller()
            if let seller, current.isKeyword(.for) {
                advance()
                return .secondarySale(buyer: buyer, share: amount, target: target,
                                      seller: seller.text == "others" ? nil : seller, price: try parseExpression())
            }
            if let seller, seller.text == "others" {
                throw expected("'for' and a price after 'from others', as in `\(buyer.text) buys 1% of \(target.text) from others for $5B`")
            }
            return .buyChipsWorth(buyer: buyer, amount: amount, chip: target, seller: seller)
        }
        guard case .quantity(let count, let chip) = amount.kind else {
            throw ParseError(diagnostic: .error("expected a chip after the count, as in `\(buyer.text) buys 50k H100`",
                                                at: amount.span,
                                                hint: "to buy a stake, write `\(buyer.text) buys 5% of X for $1B`"),
                             atEnd: false)
        }
        let seller = try parseSeller()
        var price: Expression?
        if current.isKeyword(.for) {
            advance()
            price = try parseExpression()
        }
        return .buyChips(buyer: buyer, count: count, chip: chip, seller: seller, price: price)
    }

    func parseSeller() throws -> Name? {
        guard current.isKeyword(.from) else { return nil }
        advance()
        return try expectName("a seller after 'from'")
    }

    /// `at V [post|pre]`, after the `at`.
    func parseValuation() throws -> Valuation {
        let amount = try parseExpression()
        var basis = Valuation.Basis.post
        if current.isKeyword(.pre) {
            basis = .pre
            advance()
        } else if current.isKeyword(.post) {
            advance()
        }
        return Valuation(amount: amount, basis: basis)
    }

    /// `Thrive $1.3B, Microsoft $0.75B` or `Nvidia, Thrive`. A `,` continues the list
    /// before a name that does not start a new action (`, Y invests ...` in a block).
    func parseInvestors() throws -> [Investor] {
        var investors: [Investor] = []
        repeat {
            if !investors.isEmpty { advance() }
            let name = try expectName("an investor after 'from'")
            var amount: Expression?
            if !atItemSeparator && !current.isSymbol(.rightBrace) {
                amount = try parseExpression()
            }
            investors.append(Investor(name: name, amount: amount))
        } while current.isSymbol(.comma) && peek().identifier != nil && !(peek(2).keyword?.isActionVerb ?? false)
        return investors
    }

    /// `set X.FIELD = VALUE [growing R]`, or `set X.owners = H1 P1, H2 P2, ...` (docs/reference/financing.md)
    func parseSet() throws -> Action.Kind {
        advance()
        let entity = try expectName("an entity after 'set', as in `set OpenAI.burn = $1B/month`")
        try expectSymbol(.dot, "'.' and a field after the entity, as in `set \(entity.text).burn = $1B/month`")
        let field = try expectName("a field after '.'")
        try expectSymbol(.equal, "'=' and the new value after the field")
        if field.text == "owners" {
            return .setOwners(entity: entity, holdings: try parseOwners(example: "set \(entity.text).owners = Microsoft 27%, SoftBank 11%"))
        }
        let value = try parseExpression()
        return .set(entity: entity, field: field, value: value, growth: try parseGrowth())
    }
}
