import RaceSyntax

/// A checked scenario: every name resolved, every unit verified, `extends` merged,
/// redeclarations applied. The engine turns it into a plan; nothing here runs.
public struct Model: Sendable {
    public var title: String?
    /// The first month, as a month index (`year * 12 + month - 1`).
    public var start: Int
    /// The number of monthly steps N (month 0 = start).
    public var steps: Int
    public var params: [Param]
    public var formulas: [FormulaDeclaration]
    public var chips: [Chip]
    public var entities: [Entity]
    public var events: [ScheduledEvent]
    public var rules: [RuleDeclaration]
    public var report: ReportRequest
    public var expectations: [Expectation]
    /// How many distributions the scenario holds (ids 0..<count).
    public var distributionCount: Int
    /// Indices into `params` in an order where each param comes after every param it uses:
    /// evaluating them in this order needs no recursion, however long a chain of params is.
    public var paramOrder: [Int]

    /// The month index of the last step.
    public var horizon: Int { start + steps - 1 }

    public func entityIndex(named name: String) -> Int? { entities.firstIndex { $0.name == name } }
    public func paramIndex(named name: String) -> Int? { params.firstIndex { $0.name == name } }
    public func chipIndex(named name: String) -> Int? { chips.firstIndex { $0.name == name } }
}

/// `param NAME = VALUE`: evaluated once before month 0; overridable.
public struct Param: Sendable {
    public let name: String
    public var value: Formula
    public var dimension: Dimension
    /// The period in months of the rate as written (`25%/year` → 12), for growth (§3).
    public var ratePeriod: Double
    /// The value as written, for diffs.
    public var text: String
    public var span: Span
}

/// `let NAME[(P)] = EXPR`.
public struct FormulaDeclaration: Sendable {
    public let name: String
    public var hasParameter: Bool
    public var body: Formula
    /// `nil` for a boolean formula.
    public var dimension: Dimension?
    public var text: String
    public var span: Span
}

/// `chip NAME { ... }` (§4.3). A missing field is an error only when an action needs it.
public struct Chip: Sendable {
    public let name: String
    /// Money per chip, and its growth (a `falling` price).
    public var price: Stream?
    /// FLOP per month per chip.
    public var perf: Formula?
    /// Watts per chip.
    public var power: Formula?
    /// Money per month per owned chip.
    public var opex: Formula?
    /// Money per month per rented chip.
    public var rent: Formula?
    /// Delivery delay in months.
    public var lead: Formula?
    /// The first month index it can be bought, rented or built.
    public var available: Int?
    public var fieldTexts: [(String, String)]
    public var span: Span
}

/// A value that compounds each month: `V growing R` (§3).
public struct Stream: Sendable {
    public var initial: Formula
    /// The monthly factor's ingredients; `nil` when the value does not grow.
    public var growth: GrowthRate?

    public init(initial: Formula, growth: GrowthRate?) {
        self.initial = initial
        self.growth = growth
    }
}

/// `growing R` / `falling R`: the monthly factor is `(1 ± R·P)^(1/P)` for a rate
/// written per period P months (`5%/month`: 1.05; `20%/year`: 1.2^(1/12)).
public struct GrowthRate: Sendable {
    public var rate: Formula
    public var falling: Bool
    public var periodInMonths: Double

    public init(rate: Formula, falling: Bool, periodInMonths: Double) {
        self.rate = rate
        self.falling = falling
        self.periodInMonths = periodInMonths
    }
}

/// A revenue or burn: a sum of streams, or a formula recomputed each month.
public enum Flow: Sendable {
    case streams([Stream])
    case formula(Formula)

    public static let zero = Flow.streams([])
}

/// A lab or company after every redeclaration has been merged.
public struct Entity: Sendable {
    public let kind: EntityKind
    public let name: String
    /// `nil`: an unbounded company (or a lab without cash, which starts at $0).
    public var cash: Formula?
    public var revenue: Flow
    public var burn: Flow
    public var fleet: [(chip: Int, count: Formula)]
    public var valuation: Formula?
    public var owners: [(holder: Int, share: Formula)]
    public var utilization: Formula?
    /// Each field as written, for diffs: name → text.
    public var fieldTexts: [(String, String)]
    public var span: Span

    /// Whether the balance is tracked: labs always, companies only with a `cash` field.
    public var tracksCash: Bool { kind == .lab || cash != nil }
}

/// An event with its months resolved (relative to start: step indices, possibly outside 0..<N).
public struct ScheduledEvent: Sendable {
    public var label: String?
    public var steps: [Int]
    public var actions: [ActionDeclaration]
    /// How the schedule was written, for diffs (`2025-06`, `every 6 months from 2025-01`).
    public var scheduleText: String
    public var span: Span
}

/// `when` / `whenever`, possibly under `for each`.
public struct RuleDeclaration: Sendable {
    public var isRepeating: Bool
    public var condition: Formula
    public var actions: [ActionDeclaration]
    /// Under `for each lab|company V:` the kind iterated; the rule's `.bound` is that entity.
    public var forEach: EntityKind?
    /// `V` of `for each lab V:`, so the event log can name the entity where the source says `V`.
    public var variable: String? = nil
    public var text: String
    public var span: Span
}

/// `report ...`: which fields, for whom, how often.
public struct ReportRequest: Sendable {
    public enum Column: Sendable {
        case quantity(EntityQuantity)
        /// A `let` with one parameter (`capability(L)`), or without (a global).
        case formula(Int)
    }
    public var columns: [(name: String, column: Column)]
    /// `nil`: every lab.
    public var entities: [Int]?
    public var period: Report.Period?
    /// Whether the scenario wrote a `report` (else the default of §10).
    public var isExplicit: Bool
}

/// `expect CONDITION [at DATE]`.
public struct Expectation: Sendable {
    public var condition: Formula
    /// For a comparison, its two sides, so a failure can show the values compared.
    public var sides: (Formula, Formula)?
    public var sideDimension: Dimension?
    /// The step at which it is checked.
    public var step: Int
    public var text: String
    public var span: Span
}
