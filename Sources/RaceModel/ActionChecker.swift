import RaceSyntax

extension Checker {
    /// An entity named in an action: the bound variable or a declared entity.
    func entityReference(_ name: Name, in scope: Scope) -> EntityReference? {
        if name.text == scope.boundName { return .bound }
        if let index = entityIndex[name.text] { return .entity(index) }
        unknownEntity(name)
        return nil
    }

    func chipReference(_ name: Name) -> Int? {
        if let index = chipIndex[name.text] { return index }
        error("unknown chip '\(name.text)'", at: name.span,
              hint: suggestions.hint(for: name.text, among: Array(chipIndex.keys))
                ?? "declare it with 'chip \(name.text) { price: …, perf: …, power: … }'")
        return nil
    }

    /// Checks an action of an event or rule (docs/reference/actions.md).
    func action(_ action: Action, in scope: Scope) -> ActionDeclaration? {
        func money(_ e: Expression, _ what: String) -> Formula? { check(e, as: .money, what: what, in: scope) }
        func ratio(_ e: Expression, _ what: String) -> Formula? { check(e, as: .ratio, what: what, in: scope) }
        func time(_ e: Expression, _ what: String) -> Formula? { check(e, as: .time, what: what, in: scope) }
        func entity(_ n: Name) -> EntityReference? { entityReference(n, in: scope) }
        func make(_ kind: ActionDeclaration.Kind?, subject: EntityReference?) -> ActionDeclaration? {
            guard let kind else { return nil }
            return ActionDeclaration(kind: kind, subject: subject, text: action.span.canonicalText, span: action.span)
        }

        switch action.kind {
        case let .raise(company, amount, valuation, investors):
            let x = entity(company), a = money(amount, "the amount raised"), v = money(valuation.amount, "a valuation")
            let ys = investors.map { entity($0.name) }
            let given = investors.filter { $0.amount != nil }
            if !given.isEmpty && given.count != investors.count {
                error("give an amount for every investor or for none", at: action.span,
                      hint: "without amounts, the round is split equally among the investors")
                return nil
            }
            let amounts = given.isEmpty ? nil : given.map { money($0.amount!, "an investor's amount") }
            guard let x, let a, let v, ys.allSatisfy({ $0 != nil }), amounts?.allSatisfy({ $0 != nil }) ?? true else { return nil }
            if ys.contains(where: { $0 == x }) {
                error("'\(company.text)' cannot invest in its own round", at: action.span,
                      hint: "a company's own money is already its cash; list only outside investors")
                return nil
            }
            return make(.raise(company: x, amount: a, valuation: v, pre: valuation.basis == .pre,
                               investors: ys.map { $0! }, amounts: amounts?.map { $0! }), subject: x)
        case let .invest(investor, amount, target, valuation):
            let y = entity(investor), a = money(amount, "the amount invested"), x = entity(target)
            let v = valuation.map { money($0.amount, "a valuation") }
            guard let y, let a, let x, v == nil || v! != nil else { return nil }
            if y == x { error("an entity cannot invest in itself", at: action.span); return nil }
            return make(.invest(investor: y, amount: a, target: x, valuation: v ?? nil, pre: valuation?.basis == .pre), subject: y)
        case let .buyStake(buyer, share, target, price):
            let y = entity(buyer), p = ratio(share, "the share bought"), x = entity(target), a = money(price, "the price")
            guard let y, let p, let x, let a else { return nil }
            if y == x { error("an entity cannot buy a stake of itself", at: action.span); return nil }
            return make(.buyStake(buyer: y, share: p, target: x, price: a), subject: y)
        case let .buyChips(buyer, count, chipName, seller, price):
            let x = entity(buyer), n = ratio(count, "a chip count"), chip = chipReference(chipName)
            let y = seller.map(entity), a = price.map { money($0, "the price") }
            guard let x, let n, let chip, y == nil || y! != nil, a == nil || a! != nil else { return nil }
            // An agreed price (docs/reference/capacity.md) replaces the list price, which is then not needed.
            requireChipFields(chip, price == nil ? ["price", "perf"] : ["perf"], for: "buying", at: chipName.span)
            return make(.buyChips(buyer: x, count: n, chip: chip, seller: y ?? nil, price: a ?? nil), subject: x)
        case let .buyChipsWorth(buyer, amount, chipName, seller):
            let x = entity(buyer), a = money(amount, "the amount spent"), chip = chipReference(chipName)
            let y = seller.map(entity)
            guard let x, let a, let chip, y == nil || y! != nil else { return nil }
            requireChipFields(chip, ["price", "perf"], for: "buying", at: chipName.span)
            return make(.buyChipsWorth(buyer: x, amount: a, chip: chip, seller: y ?? nil), subject: x)
        case let .rent(renter, chipName, provider, amount, duration):
            let x = entity(renter), chip = chipReference(chipName), y = entity(provider)
            let a = money(amount, "the contract's amount"), d = time(duration, "the contract's length")
            guard let x, let chip, let y, let a, let d else { return nil }
            requireChipFields(chip, ["rent", "perf"], for: "renting", at: chipName.span)
            return make(.rent(renter: x, chip: chip, provider: y, amount: a, months: d), subject: x)
        case let .build(builder, power, chipName, amount, duration):
            let x = entity(builder), w = check(power, as: .power, what: "the capacity built", in: scope)
            let chip = chipReference(chipName), a = money(amount, "the build's cost"), d = time(duration, "the build's length")
            guard let x, let w, let chip, let a, let d else { return nil }
            requireChipFields(chip, ["power", "perf"], for: "building", at: chipName.span)
            return make(.build(builder: x, power: w, chip: chip, amount: a, months: d), subject: x)
        case let .acquire(buyer, target, price), let .acquihire(buyer, target, price):
            let y = entity(buyer), x = entity(target), a = price.map { money($0, "the price") }
            guard let y, let x, a == nil || a! != nil else { return nil }
            if y == x { error("an entity cannot acquire itself", at: action.span); return nil }
            if case .acquire = action.kind { return make(.acquire(buyer: y, target: x, price: a ?? nil), subject: y) }
            return make(.acquihire(buyer: y, target: x, price: a ?? nil), subject: y)
        case let .set(entityName, field, value, growth):
            guard let x = entity(entityName) else { return nil }
            let settable: SettableField?
            switch field.text {
            case "cash": settable = money(value, "cash").map { .cash($0) }
            case "valuation": settable = money(value, "valuation").map { .valuation($0) }
            case "utilization": settable = ratio(value, "utilization").map { .utilization($0) }
            case "revenue", "burn":
                guard let initial = check(value, as: .moneyRate, what: field.text, in: scope) else { return nil }
                let flow = Flow.streams([Stream(initial: initial, growth: growthRate(growth, in: scope))])
                settable = field.text == "revenue" ? .revenue(flow) : .burn(flow)
            default:
                error("'set' can change cash, revenue, burn, valuation or utilization, not '\(field.text)'", at: field.span,
                      hint: suggestions.hint(for: field.text, among: ["cash", "revenue", "burn", "valuation", "utilization"]))
                return nil
            }
            if growth != nil, field.text != "revenue", field.text != "burn" {
                error("only revenue and burn can grow or fall", at: action.span)
            }
            guard let settable else { return nil }
            return make(.set(entity: x, field: settable), subject: x)
        case .exit(let name):
            guard let x = entity(name) else { return nil }
            return make(.exit(x), subject: x)
        case .note(let text):
            return make(.note(text), subject: nil)
        case .borrow, .secondarySale, .setOwners, .payOnce, .payContract, .rentQuantity:
            return financingAction(action, in: scope)
        }
    }

    /// docs/reference/chips.md: a missing price, perf or power is an error when an action needs it.
    func requireChipFields(_ chip: Int, _ fields: [String], for use: String, at span: Span) {
        let declared = declarations.chips[chip].fields
        for field in fields where !declared.contains(field) {
            error("chip '\(declarations.chips[chip].name.text)' has no '\(field)', which \(use) it needs", at: span,
                  hint: "add '\(field): …' to its declaration")
        }
    }
}
