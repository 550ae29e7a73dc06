/// One action of an event or rule, as written (docs/reference/actions.md).
public struct Action: Sendable {
    public enum Kind: Sendable {
        /// `X raises A at V [post|pre] [from Y1 a1, Y2 a2]`
        case raise(company: Name, amount: Expression, valuation: Valuation, investors: [Investor])
        /// `Y invests A in X [at V [post|pre]]`
        case invest(investor: Name, amount: Expression, target: Name, valuation: Valuation?)
        /// `Y buys P of X for A`
        case buyStake(buyer: Name, share: Expression, target: Name, price: Expression)
        /// `X buys N CHIP [from Y] [for A]`: with `for`, the agreed total price (docs/reference/capacity.md).
        case buyChips(buyer: Name, count: Expression, chip: Name, seller: Name?, price: Expression?)
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
        // docs/reference/financing.md
        /// `X borrows A [from Y] at R over D`
        case borrow(borrower: Name, amount: Expression, lender: Name?, rate: Expression, duration: Expression)
        /// `Z buys P of X from Y for A`; `seller` is nil for `from others`.
        case secondarySale(buyer: Name, share: Expression, target: Name, seller: Name?, price: Expression)
        /// `set X.owners = H1 P1, H2 P2, ...`
        case setOwners(entity: Name, holdings: [Holding])
        /// `X pays A to Y`
        case payOnce(payer: Name, amount: Expression, payee: Name)
        /// `X pays R to Y for D`
        case payContract(payer: Name, rate: Expression, payee: Name, duration: Expression)
        /// `X rents Q CHIP from Y [for A] over D`. `quantity` is the quantity as written: the
        /// count with the chip as its unit (`100k GB200`), or the power before `of CHIP`
        /// (`1 GW` of `1 GW of GB200`); `chip` names the chip in both.
        case rentQuantity(renter: Name, quantity: Expression, chip: Name, provider: Name, amount: Expression?,
                          duration: Expression)
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
