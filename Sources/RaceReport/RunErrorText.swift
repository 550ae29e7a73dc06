import RaceEngine
import RaceModel
import RaceSyntax

/// The words of a run error (docs/reference/actions.md, month.md): the engine reports what went wrong as data, this says it.
public enum RunErrorText {
    /// As a diagnostic: `file:line:col: error: in 2025-07[, sample 12]: …`.
    public static func diagnostic(_ error: RunError, model: Model) -> Diagnostic {
        let when = "in \(MonthIndex.format(model.start + error.step))" + (error.sample.map { ", sample \($0)" } ?? "")
        return .error("\(when): \(message(error.problem, model: model))", at: error.span)
    }

    /// The problem in a sentence, naming the model's entities and chips.
    public static func message(_ problem: RunProblem, model: Model) -> String {
        func entity(_ e: Int) -> String { model.entities.indices.contains(e) ? model.entities[e].name : "an entity" }
        func chip(_ c: Int) -> String { model.chips.indices.contains(c) ? model.chips[c].name : "a chip" }
        switch problem {
        case .formulaLoop:
            return "formulas read each other more than \(RunProblem.formulaDepthLimit) deep: in a loop (a revenue or burn formula that reads itself?) or in a chain of lets that long"
        case let .notFinite(quantity, value):
            return "\(what(quantity, model: model)) is \(notANumber(value)) (a division by zero, or a number too large)"
        case let .negative(quantity, value):
            return "\(what(quantity, model: model)) is negative (\(EventText.number(value)))"
        case .arithmetic(let value):
            return "a formula's value is \(notANumber(value)) here (a division by zero, the logarithm of zero, or a number too large)"
        case .leadNotWhole:
            return "a chip's lead time must be a whole number of months"
        case .fallsByMoreThanAll:
            return "a value cannot fall by more than 100% per period"
        case .monthsNotWhole(let value):
            return "a contract or build lasts a whole number of months, at least 1 (not \(EventText.number(value)))"
        case let .notYetAvailable(c, first):
            return "\(chip(c)) is available from \(MonthIndex.format(model.start + first)), not before"
        case .noValuation(let e):
            return "\(entity(e)) has no valuation to invest at"
        case .shareOutOfRange:
            return "a share bought must be above 0% and at most 100%"
        case let .chipLacks(c, need):
            switch need {
            case .price: return "\(chip(c)) has no price now"
            case .rent: return "\(chip(c)) has no rent price"
            case .power: return "\(chip(c)) has no power draw"
            }
        case let .roundTooLarge(amount, post):
            return "a round of \(EventText.money(amount)) cannot have a post-money valuation of \(EventText.money(post)): "
                + "the round would buy more than the whole company"
        case .ownersExceedAll(let sum):
            return "the owners' shares add up to \(EventText.number(sum * 100))%, more than 100%"
        case .investorsExceedRound:
            return "the investors' amounts add up to more than the round"
        case let .brokenFlow(e, revenue, value):
            return "\(entity(e))'s \(revenue ? "revenue" : "burn") is \(notANumber(value)) (a division by zero, or a number too large)"
        case .unsupported(let feature):
            let what: String
            switch feature {
            case .agreedPrice: what = "a purchase at an agreed price"
            case .capTable: what = "setting a cap table (set X.owners)"
            case .loan: what = "a loan (borrows)"
            case .secondarySale: what = "a secondary sale (buys P of X from Y)"
            case .payment: what = "a payment (pays)"
            case .lease: what = "a lease by quantity (rents Q CHIP from Y)"
            case .founding: what = "a founding date (founded: …)"
            case .uncertainEvent: what = "an event with an uncertain date or a probability"
            case .observation: what = "weighting samples by observations"
            }
            return "\(what) is not run by this engine yet"
        case let .overflow(e, quantity):
            return "\(entity(e))'s \(quantity.rawValue) is infinite (a number too large)"
        case .distributionBounds(let key):
            return "the bounds of \(distribution(key)) are not finite numbers (a division by zero, or a number too large)"
        case let .tooLargePlain(bytes, available, entities, months):
            return "\(entities) entities over \(months) months would keep about \(gigabytes(bytes)) of results; this machine has "
                + "\(gigabytes(available)). Use fewer months (run N months) or fewer entities"
        case let .tooLarge(bytes, available, series, samples):
            return "\(samples) samples would keep about \(gigabytes(bytes)) of results"
                + (series ? " (every month of every sample, for the series)" : "")
                + "; this machine has \(gigabytes(available)). Use fewer samples"
                + (series ? ", or leave out --series and periodic reports" : "")
        }
    }

    private static func gigabytes(_ b: Double) -> String { printfText(b >= 1e10 ? "%.0f GB" : "%.1f GB", b / 1e9) }

    private static func notANumber(_ value: Double) -> String { value.isNaN ? "not a number" : "infinite" }

    /// What a quantity is called in a message.
    static func what(_ quantity: RunQuantity, model: Model) -> String {
        switch quantity {
        case .distributionBound: return "a distribution's bound"
        case .param(let i): return model.params.indices.contains(i) ? "param '\(model.params[i].name)'" : "a param"
        case .chipPrice(let c): return "the price of \(model.chips.indices.contains(c) ? model.chips[c].name : "a chip")"
        case .chipPerf: return "perf"
        case .chipPower: return "power"
        case .chipOpex: return "opex"
        case .chipRent: return "rent"
        case .chipLead: return "lead"
        case .cash: return "cash"
        case .valuation: return "valuation"
        case .utilization: return "utilization"
        case .fleetSize: return "a fleet's size"
        case .stake: return "a stake"
        case .revenue: return "revenue"
        case .burn: return "burn"
        case .growthRate: return "a growth rate"
        case .amountRaised: return "the amount raised"
        case .roundValuation: return "the valuation"
        case .investorAmount: return "an investor's amount"
        case .amountInvested: return "the amount invested"
        case .shareBought: return "the share bought"
        case .price: return "the price"
        case .amountBorrowed: return "the amount borrowed"
        case .chipCount: return "the number of chips"
        case .amountSpent: return "the amount spent"
        case .contractAmount: return "the contract's amount"
        case .months: return "a length of time"
        case .capacityBuilt: return "the capacity built"
        case .buildCost: return "the build's cost"
        }
    }

    /// `param:g#0` → "the distribution in param 'g'"; `at:$1B to $2B#0` → "'$1B to $2B'".
    static func distribution(_ key: String) -> String {
        if key.hasPrefix("param:"), let hash = key.lastIndex(of: "#") {
            return "the distribution in param '\(key[key.index(key.startIndex, offsetBy: 6)..<hash])'"
        }
        if key.hasPrefix("at:"), let hash = key.lastIndex(of: "#") {
            return "'\(key[key.index(key.startIndex, offsetBy: 3)..<hash])'"
        }
        return "a distribution"
    }
}
