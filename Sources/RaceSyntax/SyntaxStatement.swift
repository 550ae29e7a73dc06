/// One statement of a scenario file or REPL line.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `scenario "Title"`
        case scenario(String)
        /// `start 2025-01`
        case start(DateLiteral)
        /// `horizon 2026-12`
        case horizon(DateLiteral)
        /// `run 48 months`: the number of monthly steps.
        case runLength(Expression)
        /// `extends "base.race"`; the path is relative to the file that says it.
        case extends(path: String, pathSpan: Span)
        /// `param name = value`
        case param(Name, Expression)
        /// `let name = expr` or `let name(L) = expr`
        case formula(Name, parameter: Name?, Expression)
        /// `chip NAME { field: value, ... }`
        case chip(Name, [Field])
        /// `lab NAME { ... }` or `company NAME { ... }`; the block may be absent.
        case entity(EntityKind, Name, [Field])
        /// `on DATE …` or `every PERIOD from DATE …`
        case event(Event)
        /// `when …` or `whenever …`
        case rule(Rule)
        /// `for each lab L: rule`
        case forEach(EntityKind, variable: Name, rules: [Rule])
        /// `cancel label`
        case cancel(Name)
        /// `delay label by 6 months`, or by a range of months `3 months to 12 months` (docs/reference/uncertain-events.md)
        case delay(Name, by: Expression)
        /// `report cash, runway for OpenAI monthly`
        case report(Report)
        /// `expect condition [at DATE]`; the date is an expression of a date (a literal or a
        /// date parameter, docs/reference/uncertain-events.md).
        case expect(Expression, at: Expression?)
        /// `observe EXPR at DATE = VALUE ± ERROR` or `observe CONDITION at DATE` (docs/reference/observations.md)
        case observe(ObserveStatement)
    }

    public let kind: Kind
    public let span: Span

    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// Whether an entity competes in the race (a lab) or backs it (a company).
public enum EntityKind: String, Sendable {
    case lab, company
}

/// `name: value`, `name: value growing rate`, or `name = formula` inside a declaration block.
public struct Field: Sendable {
    public enum Value: Sendable {
        /// `cash: $10B`, `revenue: $1B/month growing 5%/month`, `available: 2025-06`
        case value(Expression, growth: Growth?)
        /// `revenue = market * share`: recomputed each month.
        case formula(Expression)
        /// `fleet: 200k H100, 50k GB200`
        case fleet([ChipCount])
        /// `owners: Microsoft 49%, Amazon 10%`
        case owners([Holding])
    }
    public let name: Name
    public let value: Value
    public let span: Span
    public init(name: Name, value: Value, span: Span) {
        self.name = name
        self.value = value
        self.span = span
    }
}

/// `200k H100` in a fleet or a purchase.
public struct ChipCount: Sendable {
    public let count: Expression
    public let chip: Name
    public let span: Span
    public init(count: Expression, chip: Name, span: Span) {
        self.count = count
        self.chip = chip
        self.span = span
    }
}

/// `Microsoft 49%` in an owners list.
public struct Holding: Sendable {
    public let holder: Name
    public let share: Expression
    public let span: Span
    public init(holder: Name, share: Expression, span: Span) {
        self.holder = holder
        self.share = share
        self.span = span
    }
}

/// A dated event: `on 2025-03 [as label]: action` or a block of actions;
/// `every 6 months from 2025-01 [until 2027-12] [as label]: action`; either may say
/// `with probability P` (docs/reference/uncertain-events.md).
///
/// Each date is an expression the checker requires to be a date fixed before the run: a
/// literal (`2025-03`), a date parameter (`stargate_ready`), or a range of months written in
/// place (`2026-01 to 2026-09`).
public struct Event: Sendable {
    public enum Schedule: Sendable {
        case once(Expression)
        case every(period: Expression, from: Expression, until: Expression?)
    }
    public let schedule: Schedule
    public let label: Name?
    /// `with probability P`: the chance that the event happens at all (docs/reference/uncertain-events.md).
    public let probability: Expression?
    public let actions: [Action]
    public let span: Span
    public init(schedule: Schedule, label: Name?, probability: Expression? = nil, actions: [Action], span: Span) {
        self.schedule = schedule
        self.label = label
        self.probability = probability
        self.actions = actions
        self.span = span
    }

    /// The event's text before its actions: `on 2025-10 with probability 30%`.
    public var header: String {
        let end = actions.first.map { $0.span.start } ?? span.end
        var text = span.file.text(from: span.start, to: max(span.start, end))
        while let last = text.last, ":{} \n\t\r".contains(last) {
            text.removeLast()
        }
        return text
    }
}

/// `observe EXPR at DATE = VALUE ± ERROR`, or `observe CONDITION at DATE` when `value` is nil.
public struct ObserveStatement: Sendable {
    public let expression: Expression
    /// A date: a literal or a date parameter.
    public let date: Expression
    /// The value observed and its error (`$300B ± 20%`); `nil` for a condition.
    public let value: Expression?
    public let error: Expression?
    public let span: Span
    public init(expression: Expression, date: Expression, value: Expression?, error: Expression?, span: Span) {
        self.expression = expression
        self.date = date
        self.value = value
        self.error = error
        self.span = span
    }
}

/// A REPL question: `EXPR`, or `EXPR at DATE` for the value recorded at the end of a past
/// month (`OpenAI.cash at 2025-06`).
public struct Query: Sendable {
    public let expression: Expression
    /// The month asked about (a date literal or a date parameter); `nil`: now.
    public let date: Expression?
    public let span: Span
    public init(expression: Expression, date: Expression?, span: Span) {
        self.expression = expression
        self.date = date
        self.span = span
    }
}

/// `when condition: action` (fires once) or `whenever condition: action` (every month it holds).
public struct Rule: Sendable {
    public let isRepeating: Bool
    public let condition: Expression
    public let actions: [Action]
    public let span: Span
    public init(isRepeating: Bool, condition: Expression, actions: [Action], span: Span) {
        self.isRepeating = isRepeating
        self.condition = condition
        self.actions = actions
        self.span = span
    }
}

/// `report FIELD, ... [for X, Y ...] [monthly | quarterly | yearly]`
public struct Report: Sendable {
    public enum Period: String, Sendable { case monthly, quarterly, yearly }
    public let fields: [Name]
    public let entities: [Name]
    public let period: Period?
    public init(fields: [Name], entities: [Name], period: Period?) {
        self.fields = fields
        self.entities = entities
        self.period = period
    }
}
