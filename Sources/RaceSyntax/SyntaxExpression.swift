/// An identifier as written, with where it was written.
public struct Name: Sendable {
    public let text: String
    public let span: Span
    public init(_ text: String, span: Span) {
        self.text = text
        self.span = span
    }
}

/// A month literal such as `2025-06`.
public struct DateLiteral: Sendable {
    /// Months since January of year 0: `year * 12 + (month - 1)`.
    public let month: Int
    public let span: Span
    public init(month: Int, span: Span) {
        self.month = month
        self.span = span
    }

    /// `YYYY-MM`.
    public var text: String { MonthIndex.format(month) }
}

/// Month arithmetic shared by every stage.
public enum MonthIndex {
    /// `YYYY-MM` for a month index (`year * 12 + month - 1`).
    public static func format(_ month: Int) -> String {
        let year = month >= 0 ? month / 12 : (month - 11) / 12
        let m = month - year * 12 + 1
        let yearText = String(year)
        let padded = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return padded + "-" + (m < 10 ? "0" : "") + String(m)
    }

    /// `YYYY-MM` for a month index worked out as a number (`2025-01 + 1e300 months`); nil
    /// when it is not a number or no calendar reaches it, rather than a trap converting it.
    public static func format(_ month: Double) -> String? {
        guard month.isFinite, abs(month) < 12 * 1_000_000 else { return nil }
        return format(Int(month.rounded(.down)))
    }
}

/// An operator between two expressions.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "==", notEqual = "!="
    case and, or
}

/// An operator before one expression.
public enum UnaryOperator: String, Sendable {
    case negate = "-", not
}

/// An expression as written.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        /// A plain number with its magnitude suffix or `%` already applied (`30k` → 30000, `5%` → 0.05).
        case number(Double)
        /// `$30k` → 30000 dollars.
        case money(Double)
        case date(DateLiteral)
        case string(String)
        case boolean(Bool)
        /// An identifier: a param, let, entity, chip, bound variable, global or unit word.
        case name(Name)
        /// A number followed by a unit word: `3 months`, `989 TFLOP`, `200k H100`.
        case quantity(Expression, unit: Name)
        /// `base.member`, as in `L.runway`.
        case member(Expression, Name)
        /// `function(arguments)`, as in `log10(x)`, `total(cash)`, `capability(L)`, `normal(a, b)`.
        case call(Name, [Expression])
        /// `base.function(arguments)`, as in `OpenAI.stake(Microsoft)`.
        case memberCall(Expression, Name, [Expression])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `low to high`: an uncertain value whose 5th and 95th percentiles are given.
        case range(Expression, Expression)
        /// `if condition then a else b`.
        case conditional(Expression, Expression, Expression)
    }

    public let kind: Kind
    public let span: Span
    /// Levels of nodes from this one down to its deepest leaf (a leaf is 1). The parser
    /// builds no tree higher than its nesting limit, so every walk over a tree it built
    /// (checking, printing, and the release of its nodes) recurses a bounded number of levels.
    public let height: Int

    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
        self.height = Self.height(of: kind)
    }

    private static func height(of kind: Kind) -> Int {
        switch kind {
        case .number, .money, .date, .string, .boolean, .name:
            return 1
        case .quantity(let inner, _), .member(let inner, _), .unary(_, let inner):
            return inner.height + 1
        case .call(_, let arguments):
            return (arguments.lazy.map(\.height).max() ?? 0) + 1
        case let .memberCall(base, _, arguments):
            return max(base.height, arguments.lazy.map(\.height).max() ?? 0) + 1
        case let .binary(_, left, right), let .range(left, right):
            return max(left.height, right.height) + 1
        case let .conditional(condition, then, otherwise):
            return max(condition.height, then.height, otherwise.height) + 1
        }
    }
}

/// `growing R` or `falling R` after a value.
public struct Growth: Sendable {
    public enum Direction: String, Sendable { case growing, falling }
    public let direction: Direction
    public let rate: Expression
    public let span: Span
    public init(direction: Direction, rate: Expression, span: Span) {
        self.direction = direction
        self.rate = rate
        self.span = span
    }
}
