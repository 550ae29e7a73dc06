#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceEngine
import RaceModel
import RaceSyntax

/// The event log's sentences (docs/reference/output.md `events`, `skipped`, `warnings`): the engine reports each
/// as data (which action, which month, which entities, what amounts); these are the words.
///
/// An action carried out reads as the scenario wrote it, but with the amounts it computed
/// that month and the entity a `for each` rule was bound to: a rule written
/// `L raises L.burn * 12 months at L.valuation * 1.5` logs `xAI raises $7.2B at $120B post`.
/// The analyst reads what happened, not the formula that decided it.
extension RunResult {
    /// The sentence of an event.
    public func text(of event: RunEvent) -> String {
        switch event.kind {
        case .outOfCash: return "\(name(event.entity)) runs out of cash"
        case .action(let index): return sentence(index, bound: event.bound, amounts: event.amounts)
        }
    }

    /// Which statement an event came from: the action as written, the rule's variable
    /// replaced (for an event that is no action, its text).
    public func written(_ event: RunEvent) -> String {
        switch event.kind {
        case .outOfCash: return text(of: event)
        case .action(let index): return written(index, bound: event.bound)
        }
    }

    /// A skipped action as written, the rule's variable replaced.
    public func text(of skipped: SkippedAction) -> String { written(skipped.action, bound: skipped.bound) }

    /// Why an action was skipped.
    public func reason(of skipped: SkippedAction) -> String {
        switch skipped.reason {
        case let .left(e, status, step):
            let how = RunResultText.status(status, in: model)
            let when = step.map { " in \(MonthIndex.format(model.start + $0))" } ?? ""
            return "\(name(e)) has left the race (\(how)\(when))"
        case let .notFounded(e, step):
            return "\(name(e)) is not founded until \(MonthIndex.format(model.start + step))"
        case let .holdsLess(seller, target, held, asked):
            return "\(seller.map { name($0) } ?? "others") hold\(seller == nil ? "" : "s") \(EventText.percentOf(held)) of "
                + "\(name(target)), less than \(EventText.percentOf(asked))"
        }
    }

    /// A warning's sentence.
    public func text(of warning: RunWarning) -> String {
        switch warning.kind {
        case .belowZero(let cash): return "\(name(warning.entity))'s balance went below $0 (\(QuantityFormat.human(cash, .money)))"
        case let .defaulted(principal, lender):
            return "\(name(warning.entity)) defaults on \(EventText.money(principal)) owed to "
                + (lender.map { name($0) } ?? "lenders outside the model")
        case let .partialLease(provider, chip, granted, asked):
            let chipName = model.chips.indices.contains(chip) ? model.chips[chip].name : "?"
            return "\(name(warning.entity)) rents \(EventText.whole(granted)) \(chipName) of the \(EventText.whole(asked)) asked: "
                + "\(name(provider)) has only \(EventText.whole(granted)) free"
        }
    }

    /// The text of a status (docs/reference/output.md): `active`, `out of cash`, `acquired by NAME`, …
    public func statusText(_ entity: Int) -> String {
        RunResultText.status(statuses[entity], in: model)
    }

    private func name(_ e: Int?) -> String {
        guard let e, model.entities.indices.contains(e) else { return "?" }
        return model.entities[e].name
    }

    private func name(_ reference: EntityReference, bound: Int?) -> String {
        switch reference {
        case .entity(let e): return name(e)
        case .bound: return name(bound)
        }
    }

    /// The action as written, with a rule's `for each` variable replaced by its entity.
    private func written(_ index: Int, bound: Int?) -> String {
        let text = actions[index].text
        guard let variable = actionVariables[index], let bound else { return text }
        return EventText.substitute(variable, with: name(bound), in: text)
    }

    /// The sentence of action `index` carried out with `amounts` (see `RunEvent.amounts`).
    private func sentence(_ index: Int, bound: Int?, amounts: [Double]) -> String {
        func entity(_ reference: EntityReference) -> String { name(reference, bound: bound) }
        func chip(_ c: Int) -> String { model.chips.indices.contains(c) ? model.chips[c].name : "?" }
        func from(_ seller: EntityReference?) -> String { seller.map { " from " + entity($0) } ?? "" }
        func amount(_ k: Int) -> Double { k < amounts.count ? amounts[k] : .nan }
        let money = EventText.money
        switch actions[index].kind {
        case let .raise(company, _, _, _, investors, given):
            let backers = investors.enumerated().map { i, investor in
                entity(investor) + (given == nil ? "" : " " + money(amount(2 + i)))
            }
            return "\(entity(company)) raises \(money(amount(0))) at \(money(amount(1))) post"
                + (backers.isEmpty ? "" : " from " + backers.joined(separator: ", "))
        case let .invest(investor, _, target, valuation, _):
            return "\(entity(investor)) invests \(money(amount(0))) in \(entity(target))"
                + (valuation == nil ? "" : " at \(money(amount(1))) post")
        case let .buyStake(buyer, _, target, _):
            return "\(entity(buyer)) buys \(EventText.share(amount(0))) of \(entity(target)) for \(money(amount(1)))"
        case let .buyChips(buyer, _, c, seller, price):
            return "\(entity(buyer)) buys \(EventText.count(amount(0))) \(chip(c))\(from(seller))"
                + (price == nil ? "" : " for \(money(amount(1)))")
        case let .buyChipsWorth(buyer, _, c, seller):
            return "\(entity(buyer)) buys \(money(amount(0))) of \(chip(c))\(from(seller)) "
                + "(\(EventText.count(amount(1))) at \(money(amount(2))))"
        case let .rent(renter, c, provider, _, _):
            return "\(entity(renter)) rents \(chip(c)) from \(entity(provider)) for \(money(amount(0))) over \(EventText.months(amount(1)))"
                + (amount(2) < amount(3) ? " (\(EventText.count(amount(2))) of the \(EventText.count(amount(3))) chips asked)" : "")
        case let .rentQuantity(renter, _, _, c, provider, _, _):
            return "\(entity(renter)) rents \(EventText.count(amount(2))) \(chip(c)) from \(entity(provider)) "
                + "for \(money(amount(0))) over \(EventText.months(amount(1)))"
                + (amount(2) < amount(3) ? " (of the \(EventText.count(amount(3))) asked)" : "")
        case let .borrow(borrower, _, lender, rate, _):
            return "\(entity(borrower)) borrows \(money(amount(0)))\(from(lender)) "
                + "at \(EventText.rate(monthly: amount(2), per: rate.periodInMonths)) over \(EventText.months(amount(1)))"
        case let .secondarySale(buyer, _, target, seller, _):
            return "\(entity(buyer)) buys \(EventText.share(amount(0))) of \(entity(target)) from \(seller.map(entity) ?? "others") "
                + "for \(money(amount(1)))"
        case let .payOnce(payer, _, payee):
            return "\(entity(payer)) pays \(money(amount(0))) to \(entity(payee))"
        case let .payContract(payer, _, payee, _):
            return "\(entity(payer)) pays \(money(amount(0)))/month to \(entity(payee)) for \(EventText.months(amount(1)))"
        case let .build(builder, _, c, _, _):
            return "\(entity(builder)) builds \(EventText.power(amount(0))) of \(chip(c)) for \(money(amount(1))) "
                + "over \(EventText.months(amount(2)))"
        case let .acquire(buyer, target, price):
            return "\(entity(buyer)) acquires \(entity(target))" + (price == nil ? "" : " for " + money(amount(0)))
        case let .acquihire(buyer, target, price):
            return "\(entity(buyer)) acquihires \(entity(target))" + (price == nil ? "" : " for " + money(amount(0)))
        case .note(let text):
            return text
        case .set, .exit:
            return written(index, bound: bound)
        }
    }
}

/// Status words shared by the tables, the JSON and the event log.
public enum RunResultText {
    /// The status in words, naming a buyer from the model (no list of every name made).
    public static func status(_ status: EntityStatus, in model: Model) -> String {
        switch status {
        case .acquired(let by): return "acquired by \(model.entities[by].name)"
        case .acquihired(let by): return "acquihired by \(model.entities[by].name)"
        default: return self.status(status, entities: [])
        }
    }

    public static func status(_ status: EntityStatus, entities: [String]) -> String {
        switch status {
        case .active: return "active"
        case .exited: return "exited"
        case .outOfCash: return "out of cash"
        case .acquired(let by): return "acquired by \(entities[by])"
        case .acquihired(let by): return "acquihired by \(entities[by])"
        case .notFounded: return "not founded"
        }
    }
}

/// Short numbers for the event log and run errors: `$7.2B`, `100k`, `400 MW`, `49%`.
enum EventText {
    static func money(_ value: Double) -> String {
        let sign = value < 0 ? "-" : ""
        let a = Swift.abs(value)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where a >= scale {
            return sign + "$" + number(a / scale) + suffix
        }
        return sign + "$" + number(a)
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "not a number" : (value > 0 ? "infinity" : "-infinity") }
        return printfText("%.3g", value)
    }

    /// A number of chips: `350`, `100k`, `1.25M`.
    static func count(_ value: Double) -> String {
        let a = Swift.abs(value)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where a >= scale {
            return number(value / scale) + suffix
        }
        return number(value)
    }

    /// Electric power: `400 MW`, `1.2 GW`.
    static func power(_ watts: Double) -> String {
        let a = Swift.abs(watts)
        for (scale, unit) in [(1e9, "GW"), (1e6, "MW"), (1e3, "kW")] where a >= scale {
            return number(watts / scale) + " " + unit
        }
        return number(watts) + " W"
    }

    /// A share: `49%`, `0.5%`.
    static func share(_ ratio: Double) -> String { number(ratio * 100) + "%" }

    /// A loan's monthly rate in the period it was written in (`6.5%/year`, not the
    /// `0.526%/month` it compounds to): (1 + monthly)^period − 1 per period.
    static func rate(monthly: Double, per period: Double) -> String {
        switch period {
        case 1: return share(monthly) + "/month"
        case 12: return share(pow(1 + monthly, 12) - 1) + "/year"
        default: return share(pow(1 + monthly, period) - 1) + "/(\(EventText.months(period)))"
        }
    }

    /// A share to one decimal, as a cap table reads: `3.5%`.
    static func percentOf(_ ratio: Double) -> String {
        let percent = ratio * 100
        guard percent.isFinite, Swift.abs(percent) < 1e15 else { return number(percent) + "%" }
        return percent == percent.rounded() ? "\(Int(percent))%" : printfText("%.1f%%", percent)
    }

    /// A whole count written out: `230000`.
    static func whole(_ value: Double) -> String {
        value.isFinite && Swift.abs(value) < 1e15 ? "\(Int(value.rounded()))" : number(value)
    }

    static func months(_ n: Double) -> String {
        guard n.isFinite, Swift.abs(n) < 1e15 else { return "\(number(n)) months" }
        return n == 1 ? "1 month" : "\(Int(n)) months"
    }

    /// `text` with every identifier `variable` (outside strings) replaced by `name`:
    /// `set L.burn = L.burn * 0.8` → `set xAI.burn = xAI.burn * 0.8`.
    static func substitute(_ variable: String, with name: String, in text: String) -> String {
        var out = ""
        var word = ""
        var inString = false
        func flush() {
            out += word == variable ? name : word
            word = ""
        }
        for c in text {
            if inString {
                out.append(c)
                if c == "\"" { inString = false }
            } else if c.isLetter || c.isNumber || c == "_" {
                word.append(c)
            } else {
                flush()
                if c == "\"" { inString = true }
                out.append(c)
            }
        }
        flush()
        return out
    }
}
