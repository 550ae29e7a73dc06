import RaceSyntax

/// A checked action of an event or rule (docs/reference/actions.md), with entities and chips resolved.
public struct ActionDeclaration: Sendable {
    public enum Kind: Sendable {
        /// `X raises A at V [post|pre] [from ...]`; `investors` empty: all from "others".
        /// `amounts` is `nil` when no investor amount was given (split equally).
        case raise(company: EntityReference, amount: Formula, valuation: Formula, pre: Bool,
                   investors: [EntityReference], amounts: [Formula]?)
        /// `Y invests A in X [at V [post|pre]]`; without `at`, pre-money is X's valuation.
        case invest(investor: EntityReference, amount: Formula, target: EntityReference,
                    valuation: Formula?, pre: Bool)
        /// `Y buys P of X for A`: a round of A from Y at post-money A / P.
        case buyStake(buyer: EntityReference, share: Formula, target: EntityReference, price: Formula)
        /// `X buys N CHIP [from Y] [for A]`: `count` chips; `price` is the agreed total (docs/reference/capacity.md),
        /// paid instead of N × CHIP.price, or `nil` to pay the list price.
        case buyChips(buyer: EntityReference, count: Formula, chip: Int, seller: EntityReference?, price: Formula?)
        /// `X buys A of CHIP [from Y]`
        case buyChipsWorth(buyer: EntityReference, amount: Formula, chip: Int, seller: EntityReference?)
        /// `X rents CHIP from Y for A over D`
        case rent(renter: EntityReference, chip: Int, provider: EntityReference, amount: Formula, months: Formula)
        /// `X builds W of CHIP for A over D`
        case build(builder: EntityReference, power: Formula, chip: Int, amount: Formula, months: Formula)
        /// `Y acquires X [for A]`
        case acquire(buyer: EntityReference, target: EntityReference, price: Formula?)
        /// `Y acquihires X [for A]`
        case acquihire(buyer: EntityReference, target: EntityReference, price: Formula?)
        /// `set X.FIELD = VALUE`
        case set(entity: EntityReference, field: SettableField)
        /// `X exits`
        case exit(EntityReference)
        /// `note "text"`
        case note(String)

        // docs/reference/capacity.md: financing, payments and capacity.

        /// `X borrows A [from Y] at R over D`: a loan of `amount` (money) from `lender` (`nil`:
        /// a lender outside the model) for `months` (a time in months, whole and ≥ 1 when
        /// constant). `rate` is R as written: its `rate` formula is per month in base units
        /// and `periodInMonths` the period it was written in (`12%/year`: rate 0.01, period
        /// 12), so the monthly interest rate is `(1 + rate·period)^(1/period) − 1`, as for
        /// growth (docs/reference/financing.md); `falling` is always false.
        case borrow(borrower: EntityReference, amount: Formula, lender: EntityReference?, rate: GrowthRate,
                    months: Formula)
        /// `Z buys P of X from Y for A`: a secondary sale of `share` (a ratio of all of X) from
        /// `seller` (`nil`: `from others`, the untracked holders) to `buyer` for `price`.
        case secondarySale(buyer: EntityReference, share: Formula, target: EntityReference,
                           seller: EntityReference?, price: Formula)
        /// `X pays A to Y`: a one-off payment of `amount` (money).
        case payOnce(payer: EntityReference, amount: Formula, payee: EntityReference)
        /// `X pays R to Y for D`: a payment contract of `rate` (money per month, base units)
        /// for `months` (a time in months), from this month.
        case payContract(payer: EntityReference, rate: Formula, payee: EntityReference, months: Formula)
        /// `X rents Q CHIP from Y [for A] over D`: `quantity` is a count of chips when
        /// `isPower` is false (`100k GB200`), else watts (`1 GW of GB200`: quantity / CHIP.power
        /// chips). `amount` is the contract's total (paid `amount / months` a month), or `nil`
        /// to pay chips × CHIP.rent each month. `months` is a time in months.
        case rentQuantity(renter: EntityReference, quantity: Formula, isPower: Bool, chip: Int,
                          provider: EntityReference, amount: Formula?, months: Formula)
    }

    public var kind: Kind
    /// The subject of the sentence, for the event log (`nil` for `note`).
    public var subject: EntityReference?
    /// The action as written, for the event log.
    public var text: String
    public var span: Span

    /// Every entity the action names; if any has left the race, the action is skipped.
    public var namedEntities: [EntityReference] {
        switch kind {
        case let .raise(company, _, _, _, investors, _): return [company] + investors
        case let .invest(investor, _, target, _, _): return [investor, target]
        case let .buyStake(buyer, _, target, _): return [buyer, target]
        case let .buyChips(buyer, _, _, seller, _), let .buyChipsWorth(buyer, _, _, seller):
            return [buyer] + (seller.map { [$0] } ?? [])
        case let .rent(renter, _, provider, _, _): return [renter, provider]
        case let .build(builder, _, _, _, _): return [builder]
        case let .acquire(buyer, target, _), let .acquihire(buyer, target, _): return [buyer, target]
        case let .set(entity, .owners(holdings)): return [entity] + holdings.map(\.holder)
        case let .set(entity, _): return [entity]
        case let .exit(entity): return [entity]
        case .note: return []
        case let .borrow(borrower, _, lender, _, _): return [borrower] + (lender.map { [$0] } ?? [])
        case let .secondarySale(buyer, _, target, seller, _): return [buyer, target] + (seller.map { [$0] } ?? [])
        case let .payOnce(payer, _, payee), let .payContract(payer, _, payee, _): return [payer, payee]
        case let .rentQuantity(renter, _, _, _, provider, _, _): return [renter, provider]
        }
    }
}

/// The field a `set` action replaces, with its new value.
public enum SettableField: Sendable {
    case cash(Formula)
    case revenue(Flow)
    case burn(Flow)
    case valuation(Formula)
    case utilization(Formula)
    /// `set X.owners = H1 P1, H2 P2, ...` (docs/reference/financing.md): the new cap table, each share a ratio of X;
    /// the rest is held by others. No money moves.
    case owners([(holder: EntityReference, share: Formula)])
}
