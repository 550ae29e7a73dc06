/// One action of an event or rule, as written (docs/reference/actions.md).
public struct Action: Sendable {
    public enum Kind: Sendable {
        /// `X raises A at V [post|pre] [from Y1 a1, Y2 a2]`
        case raise(company: Name, amount: Expression, valuation: Valuation, investors: [Investor])
        /// `Y invests A in X [at V [post|pre]]`
        case invest(investor: Name, amount: Expression, target: Name, valuation: Valuation?)
        /// `Y buys P of X for A`
        case buyStake(buyer: Name, share: Expression, target: Name, price: Expression)
        /// `X buys N CHIP [from Y]`
        case buyChips(buyer: Name, count: Expression, chip: Name, seller: Name?)
        /// `X buys A of CHIP [from Y]`
        case buyChipsWorth(buyer: Name, amount: Expression, chip: Name, seller: Name?)
        /// `X rents CHIP from Y for A over D`
        case rent(renter: Name, chip: Name, provider: Name, amount: Expression, duration: Expression)
        /// `X builds W of CHIP for A over D`
        case build(builder: Name, power: Expression, chip: Name, amount: Expression, duration: Expression)
        /// `Y acquires X [for A]`
        case acquire(buyer: Name, target: Name, price: Expression?)
        /// `Y acquihires X [for A]`
        case acquihire(buyer: Name, target: Name, price: Expression?)
        /// `set X.FIELD = VALUE [growing R]`
        case set(entity: Name, field: Name, value: Expression, growth: Growth?)
        /// `X exits`
        case exit(Name)
        /// `note "text"`
        case note(String)
    }

    public let kind: Kind
    public let span: Span

    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// `at V [post|pre]` in a round.
public struct Valuation: Sendable {
    public enum Basis: String, Sendable { case post, pre }
    public let amount: Expression
    public let basis: Basis
    public init(amount: Expression, basis: Basis) {
        self.amount = amount
        self.basis = basis
    }
}

/// `Thrive $1.3B` (or just `Thrive`) in a round's `from` list.
public struct Investor: Sendable {
    public let name: Name
    public let amount: Expression?
    public init(name: Name, amount: Expression?) {
        self.name = name
        self.amount = amount
    }
}
