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
        /// `X buys N CHIP [from Y]`
        case buyChips(buyer: EntityReference, count: Formula, chip: Int, seller: EntityReference?)
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
        case let .buyChips(buyer, _, _, seller), let .buyChipsWorth(buyer, _, _, seller):
            return [buyer] + (seller.map { [$0] } ?? [])
        case let .rent(renter, _, provider, _, _): return [renter, provider]
        case let .build(builder, _, _, _, _): return [builder]
        case let .acquire(buyer, target, _), let .acquihire(buyer, target, _): return [buyer, target]
        case let .set(entity, _): return [entity]
        case let .exit(entity): return [entity]
        case .note: return []
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
}
