/// What a run reports besides its numbers (docs/reference/output.md `events`, `skipped`, `warnings`), as data:
/// which action, which month, which entities, which amounts. `RaceReport` writes the
/// sentences.

/// An action carried out, or a lab running out of cash.
public struct RunEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `RunResult.actions[index]` was carried out, with `amounts`.
        case action(Int)
        /// `entity` ran out of cash (docs/reference/month.md phase 5).
        case outOfCash
    }
    public let step: Int
    public let kind: Kind
    /// The subject of the sentence (`Microsoft` in `Microsoft invests …`); nil for `note`.
    public let entity: Int?
    /// The entity a `for each` rule was bound to, or nil.
    public let bound: Int?
    /// What the action computed that month, in base units:
    /// - `raises`: the amount, the post-money valuation, then each named investor's amount;
    /// - `invests`: the amount, the post-money valuation;
    /// - `buys P of X for A`: the share, the price;
    /// - `buys N CHIP`: the count; `buys A of CHIP`: the amount, the count, the price per chip;
    /// - `rents`: the amount, the months; `builds`: the power, the amount, the months;
    /// - `acquires`/`acquihires`: the price, when one was given;
    /// - any other action: none.
    public let amounts: [Double]

    public init(step: Int, kind: Kind, entity: Int?, bound: Int?, amounts: [Double]) {
        self.step = step
        self.kind = kind
        self.entity = entity
        self.bound = bound
        self.amounts = amounts
    }
}

/// An action not carried out (docs/reference/actions.md): an entity it names has left the race.
public struct SkippedAction: Sendable, Equatable {
    public let step: Int
    /// `RunResult.actions[action]`.
    public let action: Int
    public let entity: Int?
    public let bound: Int?
    public let reason: SkipReason

    public init(step: Int, action: Int, entity: Int?, bound: Int?, reason: SkipReason) {
        self.step = step
        self.action = action
        self.entity = entity
        self.bound = bound
        self.reason = reason
    }
}

public enum SkipReason: Sendable, Equatable {
    /// `entity` had left the race, with `status`, in `step`.
    case left(entity: Int, status: EntityStatus, step: Int?)
    /// `entity` enters the race only in `step` (docs/reference/uncertain-events.md `founded`).
    case notFounded(entity: Int, step: Int)
    /// A secondary sale's seller (nil: the untracked holders) holds less of `target` than asked.
    case holdsLess(seller: Int?, target: Int, held: Double, asked: Double)
}

/// Something worth knowing that does not stop the run.
public struct RunWarning: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A company's tracked balance went below zero (once per company).
        case belowZero(cash: Double)
        /// The entity left the race owing a loan's principal (docs/reference/financing.md): a default.
        case defaulted(principal: Double, lender: Int?)
        /// A lease got fewer chips than it asked: the provider had only `free` free (docs/reference/capacity.md).
        case partialLease(provider: Int, chip: Int, granted: Double, asked: Double)
    }
    public let step: Int
    public let entity: Int
    public let kind: Kind

    public init(step: Int, entity: Int, kind: Kind) {
        self.step = step
        self.entity = entity
        self.kind = kind
    }
}
