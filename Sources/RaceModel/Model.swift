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
    /// `observe …` statements (docs/reference/observations.md), in source order.
    public var observations: [Observation] = []
    /// Every distribution (random input), by id: what `race explain` and `--per-sample` name.
    public var distributions: [Distribution] = []
    /// Indices into `params` in an order where each param comes after every param it uses:
    /// evaluating them in this order needs no recursion, however long a chain of params is.
    public var paramOrder: [Int] = []

    /// The month index of the last step.
    public var horizon: Int { start + steps - 1 }

    public func entityIndex(named name: String) -> Int? { entities.firstIndex { $0.name == name } }
    public func paramIndex(named name: String) -> Int? { params.firstIndex { $0.name == name } }
    public func chipIndex(named name: String) -> Int? { chips.firstIndex { $0.name == name } }

    /// Whether a formula's value may differ between Monte Carlo samples: it holds a
    /// distribution, or reads a parameter whose value does.
    public func isUncertain(_ formula: Formula) -> Bool {
        formula.containsDistribution { params.indices.contains($0) && params[$0].isUncertain }
    }
}

/// `param NAME = VALUE`: evaluated once before month 0; overridable.
public struct Param: Sendable {
    public let name: String
    public var value: Formula
    /// The value's dimension; `.time` for a date parameter (see `isDate`).
    public var dimension: Dimension
    /// The period in months of the rate as written (`25%/year` → 12), for growth (docs/reference/units.md).
    public var ratePeriod: Double
    /// The value as written, for diffs.
    public var text: String
    public var span: Span
    /// A date parameter (docs/reference/uncertain-events.md: `param ready = 2026-07`, or a range `2026-06 to 2027-06`): its
    /// value is an **absolute** month index (`year * 12 + month - 1`, as `Formula.currentDate`
    /// and date literals), usable wherever a date may stand.
    public var isDate: Bool = false
    /// Whether the value may differ between samples: it holds a distribution, or uses a
    /// parameter that does.
    public var isUncertain: Bool = false
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

/// `chip NAME { ... }` (docs/reference/chips.md). A missing field is an error only when an action needs it.
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

/// A value that compounds each month: `V growing R` (docs/reference/units.md).
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
    /// `founded: DATE` (docs/reference/uncertain-events.md): the step (a month index **relative to start**, 0 = start) from
    /// which the entity is in the race; a static formula, evaluated once per sample, that may
    /// hold a date range (`Distribution.Shape.wholeMonths`). `nil` for an ordinary entity, and
    /// for a constant date at or before start. A value ≤ 0 in a sample also means ordinary.
    public var founded: Formula? = nil

    /// Whether the balance is tracked: labs always, companies only with a `cash` field.
    public var tracksCash: Bool { kind == .lab || cash != nil }
}

/// An event with its months resolved (relative to start: step indices, possibly outside 0..<N).
///
/// The schedule is kept two ways. `steps` is the plain run's resolution (every date range at
/// its earlier middle, every delay range at its middle) and is exact when `isCertain`, the
/// common case. `first`, `period` and `last` are the schedule as static formulas (evaluated
/// once per sample before month 0), for an engine that draws uncertain dates per sample:
/// occurrence k falls in step `first + k × period` for every k ≥ 0 with that step ≤ `last`.
/// Whether the event happens at all in a sample is `happens`.
public struct ScheduledEvent: Sendable {
    public var label: String?
    public var steps: [Int]
    public var actions: [ActionDeclaration]
    /// How the schedule was written, for diffs (`2025-06`, `every 6 months from 2025-01`),
    /// then, when a date is uncertain, each delay (` delayed by 3 months to 12 months`), then
    /// ` with probability P` when the event may not happen.
    public var scheduleText: String
    public var span: Span
    /// The step of the first occurrence, a month index **relative to start** (0 = start),
    /// with every `delay` added. A static formula; it may hold `wholeMonths` distributions
    /// (a date range, a date parameter that is a range, a delay range).
    public var first: Formula = .constant(0)
    /// Months between occurrences of a recurring event (`every 6 months`); `nil` for `on`.
    public var period: Int? = nil
    /// A recurring event's last allowed step, inclusive, relative to start: its `until` date
    /// (else the horizon) plus every `delay`, so that a delayed series keeps its occurrences.
    /// `nil` for `on`. Static, like `first`.
    public var last: Formula? = nil
    /// `with probability P` (docs/reference/uncertain-events.md): a `chance` distribution, 1 when the event happens in a
    /// sample (all its occurrences) and 0 when it does not; `nil` when it is certain.
    public var happens: Formula? = nil

    /// Whether `steps` is the schedule of every sample: no date or delay is uncertain
    /// (through a distribution or a parameter that holds one) and `happens` is `nil`.
    public var isCertain: Bool = true
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
    /// Whether the scenario wrote a `report` (else the default of docs/reference/output.md).
    public var isExplicit: Bool
}

/// `expect CONDITION [at DATE]`.
public struct Expectation: Sendable {
    public var condition: Formula
    /// For a comparison, its two sides, so a failure can show the values compared.
    public var sides: (Formula, Formula)?
    public var sideDimension: Dimension?
    /// The step at which it is checked (relative to start); for an uncertain date, the
    /// plain run's (see `at`).
    public var step: Int
    public var text: String
    public var span: Span
    /// The step as a static formula (relative to start) when the date is uncertain (a date
    /// parameter that is a range, docs/reference/uncertain-events.md); `nil` when `step` holds in every sample.
    public var at: Formula? = nil
}

/// `observe EXPR at DATE = VALUE ± ERROR` or `observe CONDITION at DATE` (docs/reference/observations.md): a fact that
/// weights each Monte Carlo sample by how well it reproduces it.
public struct Observation: Sendable {
    /// What was observed.
    public enum Measure: Sendable {
        /// `= VALUE ± ERROR`: both static formulas in the base units of `dimension`. With
        /// `isRelative` the error is a ratio of the value (`± 20%`): the likelihood is normal
        /// on the log scale with standard deviation ln(1 + ERROR); otherwise ERROR is an
        /// absolute standard deviation in the expression's own unit.
        case value(observed: Formula, error: Formula, isRelative: Bool)
        /// `observe CONDITION at DATE`: a sample where the condition is false weighs 0.
        case condition
    }
    /// The expression (a quantity) or the condition, evaluated at the end of the month like
    /// an `expect` (after phase 6, before growth).
    public var formula: Formula
    /// The expression's dimension; `nil` for a condition.
    public var dimension: Dimension?
    public var measure: Measure
    /// The step it is observed at, relative to start (the plain run's for an uncertain date).
    public var step: Int
    /// The step as a static formula (relative to start) when the date is uncertain; else `nil`.
    public var at: Formula? = nil
    /// The statement as written, without `observe`: `OpenAI.valuation at 2025-03 = $300B ± 20%`.
    public var text: String
    public var span: Span

    public init(formula: Formula, dimension: Dimension?, measure: Measure, step: Int, at: Formula? = nil,
                text: String, span: Span) {
        self.formula = formula
        self.dimension = dimension
        self.measure = measure
        self.step = step
        self.at = at
        self.text = text
        self.span = span
    }
}
