import RaceSyntax

/// A checked expression: names resolved to indices, units converted to base units,
/// dimensions verified. The engine lowers these into its plan.
public indirect enum Formula: Sendable {
    /// A number in base units ($, months, chips, FLOP, W; compute rates in FLOP/month).
    case constant(Double)
    /// The value of parameter `index`.
    case param(Int)
    /// An uncertain value: drawn once per sample before month 0 (docs/reference/uncertainty.md).
    case distribution(Distribution)
    /// `t`: months since start.
    case monthsSinceStart
    /// `date`: the current month as a month index (comparable with date literals).
    case currentDate
    /// `labs_active`: the number of active labs.
    case labsActive
    /// A read-only quantity of an entity.
    case quantity(EntityReference, EntityQuantity)
    /// `X.stake(H)`: the fraction of X that H owns.
    case stake(EntityReference, holder: EntityReference)
    /// `total(F)` or `largest(F)` over active labs; `body` is evaluated with each lab bound.
    case aggregate(Aggregate, body: Formula)
    /// A `let` formula, with the entity bound to its parameter when it has one.
    case formula(Int, argument: EntityReference?)
    case negate(Formula)
    case not(Formula)
    case arithmetic(ArithmeticOperator, Formula, Formula)
    case comparison(ComparisonOperator, Formula, Formula)
    case logical(LogicalOperator, Formula, Formula)
    case function(MathFunction, Formula)
    case binaryFunction(BinaryMathFunction, Formula, Formula)
    case conditional(Formula, then: Formula, else: Formula)
}

/// Which entity an expression is about.
public enum EntityReference: Hashable, Sendable {
    /// A declared entity, by index into `Model.entities`.
    case entity(Int)
    /// The entity bound by the innermost `for each`, `let f(L)` parameter or aggregate.
    case bound
}

/// The read-only quantities of an entity (docs/reference/entities.md) that expressions may read.
public enum EntityQuantity: String, CaseIterable, Sendable {
    case cash, revenue, burn, compute, flop, chips, spend
    case netBurn = "net_burn"
    case runway, valuation, active, paid, received, age, utilization
    /// The principal of loans outstanding (docs/reference/financing.md): money.
    case debt

    /// The dimension of the quantity; `nil` for booleans.
    public var dimension: Dimension? {
        switch self {
        case .cash, .valuation, .paid, .received, .debt: return .money
        case .revenue, .burn, .spend, .netBurn: return .moneyRate
        case .compute: return .computeRate
        case .flop: return .flop
        case .chips: return .chips
        case .runway, .age: return .time
        case .utilization: return .ratio
        case .active: return nil
        }
    }
}

public enum Aggregate: String, Sendable { case total, largest }

public enum ArithmeticOperator: Sendable { case add, subtract, multiply, divide, power }

public enum ComparisonOperator: Sendable { case less, lessEqual, greater, greaterEqual, equal, notEqual }

public enum LogicalOperator: Sendable { case and, or }

public enum MathFunction: String, CaseIterable, Sendable { case log10, ln, exp, sqrt, abs }

public enum BinaryMathFunction: String, CaseIterable, Sendable { case min, max }

/// A distribution written in the source (docs/reference/uncertainty.md). `id` numbers the random variables in
/// source order, so two runs of the same scenario draw the same variable for the same node.
public struct Distribution: Sendable {
    public enum Shape: String, Sendable {
        /// `lognormal(P5, P95)`, or `A to B` with 0 < A < B.
        case lognormal
        /// `normal(MEAN, SD)`.
        case normal
        /// `A to B`: lognormal when 0 < A < B, otherwise a normal with those 5th and 95th percentiles.
        case range
        /// `uniform(LOW, HIGH)`.
        case uniform
        /// docs/reference/uncertain-events.md: uniform over the whole numbers `first…second`, both included, drawn as a whole
        /// number. A date range `2026-06 to 2027-06` (bounds: absolute month indices) or a
        /// delay range `3 months to 12 months` (bounds: month counts). The plain run's value
        /// is the earlier middle, `first + ⌊(second − first) / 2⌋`.
        case wholeMonths
        /// docs/reference/uncertain-events.md `with probability P`: 1 with probability P (`first`, a ratio), else 0; `second`
        /// is unused (0). The plain run's value is 1 when P ≥ 50%, else 0.
        case chance
    }
    public let id: Int
    public let shape: Shape
    public let first: Formula
    public let second: Formula
    /// How it was written, for diffs and error messages.
    public let text: String
    /// A name for the random variable that stays the same across scenarios (docs/reference/diff.md's common
    /// random numbers): `param:NAME#k` for the k-th distribution in param NAME's value,
    /// else `at:TEXT#n` for the n-th distribution written TEXT (both counted from 0).
    public let key: String
    /// Where it is written (nil for one made by a tool rather than read from a file).
    public let span: Span?
    /// The dimension of its values; nil for a date range (values are month indices).
    public let dimension: Dimension?

    public init(id: Int, shape: Shape, first: Formula, second: Formula, text: String, key: String = "", span: Span? = nil,
                dimension: Dimension? = nil) {
        self.id = id
        self.shape = shape
        self.first = first
        self.second = second
        self.text = text
        self.key = key
        self.span = span
        self.dimension = dimension
    }
}

extension Formula {
    /// Whether a distribution appears in the formula, or a parameter it reads is uncertain
    /// (`paramIsUncertain(i)`, known for each parameter once it is checked), so that its value
    /// may differ between Monte Carlo samples. Parameters are not followed into their values:
    /// a chain of 100,000 of them, or one that uses another twice at every step, costs one
    /// look-up each. `let` formulas are not followed.
    public func containsDistribution(paramIsUncertain: (Int) -> Bool) -> Bool {
        func walk(_ f: Formula) -> Bool {
            switch f {
            case .distribution: return true
            case .param(let i): return paramIsUncertain(i)
            case .constant, .monthsSinceStart, .currentDate, .labsActive, .quantity, .stake, .formula: return false
            case .negate(let a), .not(let a), .function(_, let a), .aggregate(_, let a): return walk(a)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b),
                 .binaryFunction(_, let a, let b):
                return walk(a) || walk(b)
            case .conditional(let c, let a, let b): return walk(c) || walk(a) || walk(b)
            }
        }
        return walk(self)
    }

    /// Whether evaluating the formula needs no state of the run (only params and constants).
    public var isStatic: Bool {
        switch self {
        case .constant, .param, .distribution: return true
        case .monthsSinceStart, .currentDate, .labsActive, .quantity, .stake, .aggregate, .formula: return false
        case .negate(let a), .not(let a), .function(_, let a): return a.isStatic
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b),
             .binaryFunction(_, let a, let b):
            return a.isStatic && b.isStatic
        case .conditional(let c, let a, let b): return c.isStatic && a.isStatic && b.isStatic
        }
    }
}
