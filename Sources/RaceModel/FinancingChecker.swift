import RaceSyntax

/// The actions of docs/reference/financing.md and capacity.md: loans, secondary sales, cap tables, payments, leases by quantity.
extension Checker {
    func financingAction(_ action: Action, in scope: Scope) -> ActionDeclaration? {
        func money(_ e: Expression, _ what: String) -> Formula? { check(e, as: .money, what: what, in: scope) }
        func entity(_ n: Name) -> EntityReference? { entityReference(n, in: scope) }
        func make(_ kind: ActionDeclaration.Kind, subject: EntityReference) -> ActionDeclaration {
            ActionDeclaration(kind: kind, subject: subject, text: action.span.canonicalText, span: action.span)
        }
        func distinct(_ x: EntityReference, _ y: EntityReference?, _ message: String) -> Bool {
            guard x == y else { return true }
            error(message, at: action.span)
            return false
        }

        switch action.kind {
        case let .borrow(borrowerName, amount, lenderName, rate, duration):
            let x = entity(borrowerName), a = money(amount, "the amount borrowed"), y = lenderName.map(entity)
            let r = loanRate(rate, in: scope), d = wholeMonths(duration, "a loan's length", in: scope)
            guard let x, let a, y == nil || y! != nil, let r, let d else { return nil }
            guard distinct(x, y ?? nil, "an entity cannot lend to itself") else { return nil }
            return make(.borrow(borrower: x, amount: a, lender: y ?? nil, rate: r, months: d), subject: x)
        case let .secondarySale(buyerName, share, targetName, sellerName, price):
            if chipIndex[targetName.text] != nil {
                error("'\(targetName.text)' is a chip; a stake is bought in a lab or company", at: targetName.span,
                      hint: "chips at an agreed price are bought with `\(buyerName.text) buys 100k \(targetName.text) from Y for $4B`")
                return nil
            }
            let z = entity(buyerName), x = entity(targetName), y = sellerName.map(entity)
            let p = shareSold(share, in: scope), a = money(price, "the price")
            guard let z, let x, y == nil || y! != nil, let p, let a else { return nil }
            guard distinct(z, x, "an entity cannot hold a stake in itself"), distinct(x, y ?? nil, "an entity cannot hold a stake in itself"),
                  distinct(z, y ?? nil, "the buyer and the seller of a stake must differ") else { return nil }
            return make(.secondarySale(buyer: z, share: p, target: x, seller: y ?? nil, price: a), subject: z)
        case let .setOwners(entityName, holdings):
            guard let x = entity(entityName) else { return nil }
            var table: [(holder: EntityReference, share: Formula)] = []
            for holding in holdings {
                guard let holder = entity(holding.holder),
                      let share = check(holding.share, as: .ratio, what: "a stake", in: scope) else { return nil }
                if holder == x { error("an entity cannot own itself", at: holding.holder.span); return nil }
                table.append((holder, share))
            }
            checkStakesSum(table.map(\.share), at: action.span)
            return make(.set(entity: x, field: .owners(table)), subject: x)
        case let .payOnce(payerName, amount, payeeName):
            let x = entity(payerName), y = entity(payeeName), a = payment(amount, isContract: false, in: scope)
            guard let x, let y, let a, distinct(x, y, "an entity cannot pay itself") else { return nil }
            return make(.payOnce(payer: x, amount: a, payee: y), subject: x)
        case let .payContract(payerName, rate, payeeName, duration):
            let x = entity(payerName), y = entity(payeeName)
            let r = payment(rate, isContract: true, in: scope)
            let d = wholeMonths(duration, "a payment contract's length", in: scope)
            guard let x, let y, let r, let d, distinct(x, y, "an entity cannot pay itself") else { return nil }
            return make(.payContract(payer: x, rate: r, payee: y, months: d), subject: x)
        case let .rentQuantity(renterName, quantity, chipName, providerName, amount, duration):
            let x = entity(renterName), y = entity(providerName), chip = chipReference(chipName)
            let a = amount.map { money($0, "the lease's amount") }, d = wholeMonths(duration, "a lease's length", in: scope)
            guard let x, let y, let chip, a == nil || a! != nil, let d,
                  let (q, isPower) = leaseQuantity(quantity, chip: chip, chipName: chipName, in: scope) else { return nil }
            guard distinct(x, y, "an entity cannot rent from itself") else { return nil }
            requireChipFields(chip, amount == nil ? ["perf", "rent"] : ["perf"], for: "renting", at: chipName.span)
            return make(.rentQuantity(renter: x, quantity: q, isPower: isPower, chip: chip, provider: y, amount: a ?? nil,
                                      months: d), subject: x)
        default:
            return nil
        }
    }

    /// A loan's rate R (docs/reference/financing.md): a ratio per time, remembered with the period it was written in.
    private func loanRate(_ rate: Expression, in scope: Scope) -> GrowthRate? {
        guard let typed = check(rate, in: scope) else { return nil }
        if typed.dimension == .ratio && !typed.isZero {
            error("a rate without a time unit: a loan's rate is a ratio per time", at: rate.span,
                  hint: "write it per year or per month, as in `\(rate.span.text)/year` or `\(rate.span.text)/month`")
            return nil
        }
        guard typed.dimension == .growthRate || typed.isZero else {
            error("a loan's rate must be \(Dimension.growthRate.description), but this is \(typed.type.description)", at: rate.span,
                  hint: "as in `8%/year`")
            return nil
        }
        return GrowthRate(rate: typed.formula, falling: false, periodInMonths: ratePeriod(of: rate))
    }

    /// D of docs/reference/financing.md: a time; when fixed before the run, a whole number of months, at least 1.
    private func wholeMonths(_ duration: Expression, _ what: String, in scope: Scope) -> Formula? {
        guard let formula = check(duration, as: .time, what: what, in: scope) else { return nil }
        if formula.isStatic, !isUncertain(formula), let months = statics.evaluate(formula),
           !(months >= 1 && months == months.rounded()) {
            error("\(what) must be a whole number of months, at least 1", at: duration.span, hint: "as in `over 12 months`")
            return nil
        }
        return formula
    }

    /// P of a secondary sale: a ratio above 0% and at most 100% of the company when constant.
    private func shareSold(_ share: Expression, in scope: Scope) -> Formula? {
        guard let p = check(share, as: .ratio, what: "the share sold", in: scope) else { return nil }
        if p.isStatic, !isUncertain(p), let value = statics.evaluate(p), !(value > 0 && value <= 1) {
            error(value > 1 ? "a secondary sale of \(Self.percent(value)) is more than 100% of the company"
                            : "a secondary sale must be of more than 0% of the company",
                  at: share.span, hint: "P is a share of all of the company, as in `buys 1.5% of OpenAI from others for $7.5B`")
            return nil
        }
        return p
    }

    /// A of `X pays A to Y` (money) or R of `X pays R to Y for D` (money per time); the
    /// other of the two is the other form of payment, and the message says how to write it.
    private func payment(_ amount: Expression, isContract: Bool, in scope: Scope) -> Formula? {
        guard let typed = check(amount, in: scope) else { return nil }
        let wanted: Dimension = isContract ? .moneyRate : .money
        if typed.dimension == wanted || typed.isZero { return typed.formula }
        if isContract && typed.dimension == .money {
            error("a payment contract pays money per time, but this is money ($)", at: amount.span,
                  hint: "write `\(amount.span.text)/month`, or leave out `for D` for a one-off payment")
        } else if !isContract && typed.dimension == .moneyRate {
            error("a payment of money per time needs its length", at: amount.span,
                  hint: "add `for D`, as in `pays \(amount.span.text) to Y for 12 months`; a one-off payment is money, as in `$250M`")
        } else {
            error("\(isContract ? "a payment contract pays" : "a payment must be") \(wanted.description), but this is \(typed.type.description)",
                  at: amount.span)
        }
        return nil
    }

    /// Q of `X rents Q CHIP from Y`: a count of chips, or a power (watts) that needs the
    /// chip's `power` to become a count.
    private func leaseQuantity(_ quantity: Expression, chip: Int, chipName: Name, in scope: Scope) -> (Formula, Bool)? {
        guard let typed = check(quantity, in: scope) else { return nil }
        switch typed.dimension {
        case .chips?: return (typed.formula, false)
        case .power?:
            guard declarations.chips[chip].fields.contains("power") else {
                error("a lease of watts from a chip with no `power`", at: quantity.span,
                      hint: "add `power: …` to chip \(chipName.text), or rent a count of chips, as in `100k \(chipName.text)`")
                return nil
            }
            return (typed.formula, true)
        default:
            error("a lease's quantity is chips or power, but this is \(typed.type.description)", at: quantity.span,
                  hint: "as in `100k \(chipName.text)` or `1 GW of \(chipName.text)`")
            return nil
        }
    }
}
