import RaceModel
import RaceSyntax

/// A problem found while running (docs/reference/actions.md, docs/reference/month.md): the run stops and says where and when. A value,
/// not a sentence: `RaceReport` words it (`RunErrorText`).
public struct RunError: Error, Sendable {
    public let problem: RunProblem
    /// The statement it happened in, when there is one.
    public let span: Span?
    public let step: Int
    /// The Monte Carlo sample, when there are several.
    public let sample: Int?

    public init(_ problem: RunProblem, span: Span?, step: Int, sample: Int?) {
        self.problem = problem
        self.span = span
        self.step = step
        self.sample = sample
    }

    /// The same error in another sample (a lane's error becomes its sample's).
    func inSample(_ sample: Int?) -> RunError { RunError(problem, span: span, step: step, sample: sample) }
}

/// What went wrong, with the numbers involved.
public enum RunProblem: Sendable, Equatable {
    /// Formulas that read each other in a loop (a revenue formula that reads itself, through
    /// others), found by how deep evaluation went (`RowLayout.maximumEvaluationDepth`).
    case formulaLoop
    /// A value that must be a finite number is NaN or infinite.
    case notFinite(RunQuantity, value: Double)
    /// An amount that must not be negative is.
    case negative(RunQuantity, value: Double)
    /// A step of a formula made a value that is not finite out of finite ones (a division by
    /// zero, the logarithm of zero, an overflow).
    case arithmetic(value: Double)
    /// A chip's lead time is not a whole number of months from 0 to 1,200.
    case leadNotWhole(value: Double)
    /// A growth rate falls by more than 100% per period.
    case fallsByMoreThanAll
    /// A contract, build or loan length is not a whole number of months, at least 1.
    case monthsNotWhole(value: Double)
    /// A chip used before the month it is available (`firstStep`, relative to start).
    case notYetAvailable(chip: Int, firstStep: Int)
    /// `invests … in X` without `at` when X has no valuation.
    case noValuation(entity: Int)
    /// A share bought outside (0%, 100%].
    case shareOutOfRange(value: Double)
    /// A chip without the price, rent or power an action needs.
    case chipLacks(chip: Int, ChipNeed)
    /// A round that would buy more than the whole company.
    case roundTooLarge(amount: Double, post: Double)
    /// `set X.owners` with shares adding up to more than 100%.
    case ownersExceedAll(sum: Double)
    /// Named investors' amounts that add up to more than the round.
    case investorsExceedRound(sum: Double, amount: Double)
    /// An entity's revenue or burn that is not finite this month.
    case brokenFlow(entity: Int, revenue: Bool, value: Double)
    /// A quantity of an entity's state grew past what a number holds (its compute, cash, …).
    case overflow(entity: Int, EntityQuantity)
    /// A distribution whose bounds are not finite, by its key (`Distribution.key`).
    case distributionBounds(key: String)
    /// A feature of the language this engine does not run yet.
    case unsupported(RunFeature)
    /// A plain run whose months would not fit in the machine's memory.
    case tooLargePlain(bytes: Double, available: Double, entities: Int, months: Int)
    /// A run whose memory would exceed what the machine has.
    case tooLarge(bytes: Double, available: Double, series: Bool, samples: Int)
}

/// Features of v2 whose running is being built.
public enum RunFeature: Sendable, Equatable {
    case agreedPrice, capTable, loan, secondarySale, payment, lease, founding, uncertainEvent, observation
}

/// What a chip lacks for an action.
public enum ChipNeed: Sendable, Equatable {
    case price, rent, power
}

/// The value a problem is about.
public enum RunQuantity: Sendable, Equatable {
    case distributionBound
    /// Param `index`'s value.
    case param(Int)
    case chipPrice(chip: Int)
    case chipPerf, chipPower, chipOpex, chipRent, chipLead
    case cash, valuation, utilization, fleetSize, stake, revenue, burn
    case growthRate
    case amountRaised, roundValuation, investorAmount, amountInvested, shareBought, price, amountBorrowed
    case chipCount, amountSpent, contractAmount, months, capacityBuilt, buildCost
}

extension RunProblem {
    /// How deep formulas may read formulas before the run stops with `formulaLoop`.
    public static let formulaDepthLimit = 256
}
