import RaceSyntax

/// What a checked expression is: a quantity of some dimension, a truth value, a month,
/// an entity (only as the base of `.field` or an argument), or text.
enum ValueType {
    case quantity(Dimension)
    case boolean
    case date
    case entity(EntityReference)
    case text

    var description: String {
        switch self {
        case .quantity(let d): return d.description
        case .boolean: return "a truth value"
        case .date: return "a date"
        case .entity: return "an entity"
        case .text: return "text"
        }
    }
}

/// A checked expression: its formula and type; `isZero` lets a literal 0 stand for any dimension.
struct Typed {
    var formula: Formula
    var type: ValueType
    var isZero = false

    var dimension: Dimension? {
        if case .quantity(let d) = type { return d }
        return nil
    }
}

/// Where an expression is checked: what `L` means, whether state may be read.
struct Scope {
    /// Inside a `lab X { ... }` block: unqualified field names refer to X.
    var selfEntity: Int?
    /// The variable of `for each`, a `let f(L)` parameter: its name and kind.
    var boundName: String?
    /// Whether the expression is evaluated during the run (false for params, chip fields).
    var readsState = true
    /// A short phrase for messages: "a parameter", "a chip field".
    var context = "this expression"

    /// Where a value is worked out once before month 0 (`context` names it in messages).
    static func fixedBeforeRun(_ context: String) -> Scope {
        var scope = Scope()
        scope.readsState = false
        scope.context = context
        return scope
    }
}

extension Checker {
    /// Checks an expression and reports problems; returns nil when it cannot be typed.
    func check(_ expression: Expression, in scope: Scope) -> Typed? {
        depth += 1
        defer { depth -= 1 }
        if depth > 300 {
            error("this expression is nested too deeply", at: expression.span)
            return nil
        }
        switch expression.kind {
        case .number(let value):
            return Typed(formula: .constant(value), type: .quantity(.ratio), isZero: value == 0)
        case .money(let value):
            return Typed(formula: .constant(value), type: .quantity(.money), isZero: value == 0)
        case .date(let literal):
            return Typed(formula: .constant(Double(literal.month)), type: .date)
        case .string:
            error("text can only follow 'note' or 'scenario'", at: expression.span)
            return nil
        case .boolean(let value):
            return Typed(formula: .constant(value ? 1 : 0), type: .boolean)
        case .name(let name):
            return resolve(name, in: scope)
        case let .quantity(number, unit):
            guard let count = check(number, in: scope) else { return nil }
            if let word = UnitWords.lookup(unit.text) {
                guard let d = count.dimension else { return mismatch("a number before '\(unit.text)'", count, at: number.span) }
                return Typed(formula: scaled(count.formula, by: word.scale), type: .quantity(d * word.dimension),
                             isZero: count.isZero)
            }
            if chipIndex[unit.text] != nil {
                guard let d = count.dimension else { return mismatch("a chip count", count, at: number.span) }
                return Typed(formula: count.formula, type: .quantity(d * .chips), isZero: count.isZero)
            }
            error("unknown unit '\(unit.text)'", at: unit.span,
                  hint: suggestions.hint(for: unit.text, among: UnitWords.all + Array(chipIndex.keys))
                    ?? "units are s, hours, days, weeks, months, quarters, years, FLOP (kFLOP … ZFLOP), W (kW, MW, GW), chips or a chip's name")
            return nil
        case let .member(base, member):
            return checkMember(base, member, arguments: nil, in: scope, span: expression.span)
        case let .memberCall(base, member, arguments):
            return checkMember(base, member, arguments: arguments, in: scope, span: expression.span)
        case let .call(function, arguments):
            return checkCall(function, arguments, in: scope, span: expression.span)
        case let .unary(op, operand):
            guard let value = check(operand, in: scope) else { return nil }
            switch op {
            case .negate:
                guard value.dimension != nil else { return mismatch("a number after '-'", value, at: operand.span) }
                return Typed(formula: .negate(value.formula), type: value.type, isZero: value.isZero)
            case .not:
                guard case .boolean = value.type else { return mismatch("a condition after 'not'", value, at: operand.span) }
                return Typed(formula: .not(value.formula), type: .boolean)
            }
        case let .binary(op, left, right):
            guard let a = check(left, in: scope), let b = check(right, in: scope) else { return nil }
            return binary(op, a, b, expression)
        case let .range(low, high):
            return distribution(.range, low, high, in: scope, span: expression.span)
        case let .conditional(condition, then, otherwise):
            guard let c = check(condition, in: scope), let a = check(then, in: scope),
                  let b = check(otherwise, in: scope) else { return nil }
            guard case .boolean = c.type else { return mismatch("a condition after 'if'", c, at: condition.span) }
            guard let type = common(a, b) else {
                error("the two branches differ: \(a.type.description) and \(b.type.description)", at: expression.span)
                return nil
            }
            return Typed(formula: .conditional(c.formula, then: a.formula, else: b.formula), type: type)
        }
    }

    /// Checks and requires a dimension; reports "X must be money ($), but this is …".
    func check(_ expression: Expression, as dimension: Dimension, what: String, in scope: Scope) -> Formula? {
        guard let value = check(expression, in: scope) else { return nil }
        if value.isZero { return value.formula }
        guard let d = value.dimension, d == dimension else {
            error("\(what) must be \(dimension.description), but this is \(value.type.description)", at: expression.span)
            return nil
        }
        return value.formula
    }

    /// Checks a condition (a truth value).
    func checkCondition(_ expression: Expression, in scope: Scope) -> Formula? {
        guard let value = check(expression, in: scope) else { return nil }
        guard case .boolean = value.type else {
            error("a condition must be true or false, but this is \(value.type.description)", at: expression.span,
                  hint: "compare it with something, as in 'L.runway < 6 months'")
            return nil
        }
        return value.formula
    }

    private func mismatch(_ wanted: String, _ got: Typed, at span: Span) -> Typed? {
        error("expected \(wanted), but this is \(got.type.description)", at: span)
        return nil
    }

    private func scaled(_ formula: Formula, by scale: Double) -> Formula {
        if scale == 1 { return formula }
        if case .constant(let v) = formula { return .constant(v * scale) }
        return .arithmetic(.multiply, formula, .constant(scale))
    }

    private func common(_ a: Typed, _ b: Typed) -> ValueType? {
        switch (a.type, b.type) {
        case (.boolean, .boolean): return .boolean
        case (.date, .date): return .date
        case let (.quantity(x), .quantity(y)):
            if x == y { return a.type }
            if a.isZero { return b.type }
            if b.isZero { return a.type }
            return nil
        default: return nil
        }
    }

    private func binary(_ op: BinaryOperator, _ a: Typed, _ b: Typed, _ expression: Expression) -> Typed? {
        switch op {
        case .add, .subtract:
            if case .date = a.type, let d = b.dimension, d == .time {  // 2026-01 + 3 months
                return Typed(formula: .arithmetic(op == .add ? .add : .subtract, a.formula, b.formula), type: .date)
            }
            guard let x = a.dimension, let y = b.dimension, let type = common(a, b) else {
                if case .date = a.type, case .date = b.type, op == .subtract {
                    return Typed(formula: .arithmetic(.subtract, a.formula, b.formula), type: .quantity(.time))
                }
                error("cannot \(op == .add ? "add" : "subtract") \(b.type.description) \(op == .add ? "to" : "from") \(a.type.description)",
                      at: expression.span)
                return nil
            }
            _ = (x, y)
            return Typed(formula: .arithmetic(op == .add ? .add : .subtract, a.formula, b.formula), type: type)
        case .multiply, .divide:
            guard let x = a.dimension, let y = b.dimension else {
                error("cannot \(op == .multiply ? "multiply" : "divide") \(a.type.description) by \(b.type.description)", at: expression.span)
                return nil
            }
            let d = op == .multiply ? x * y : x / y
            if op == .multiply, case .constant(let u) = a.formula, case .constant(let v) = b.formula {
                return Typed(formula: .constant(u * v), type: .quantity(d))
            }
            return Typed(formula: .arithmetic(op == .multiply ? .multiply : .divide, a.formula, b.formula), type: .quantity(d))
        case .power:
            guard let x = a.dimension, let y = b.dimension, y == .ratio else {
                error("an exponent must be a plain number, but this is \(b.type.description)", at: expression.span)
                return nil
            }
            if x == .ratio { return Typed(formula: .arithmetic(.power, a.formula, b.formula), type: .quantity(.ratio)) }
            guard case .constant(let n) = b.formula, n == n.rounded(), abs(n) <= 8 else {
                error("\(a.type.description) can only be raised to a whole constant power", at: expression.span)
                return nil
            }
            return Typed(formula: .arithmetic(.power, a.formula, b.formula), type: .quantity(x.power(Int8(n))))
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
            let comparable: Bool
            switch (a.type, b.type) {
            case (.quantity, .quantity): comparable = common(a, b) != nil
            case (.date, .date), (.boolean, .boolean): comparable = true
            default: comparable = false
            }
            guard comparable else {
                error("cannot compare \(a.type.description) with \(b.type.description)", at: expression.span)
                return nil
            }
            let map: [BinaryOperator: ComparisonOperator] = [.less: .less, .lessEqual: .lessEqual, .greater: .greater,
                                                             .greaterEqual: .greaterEqual, .equal: .equal, .notEqual: .notEqual]
            return Typed(formula: .comparison(map[op]!, a.formula, b.formula), type: .boolean)
        case .and, .or:
            guard case .boolean = a.type, case .boolean = b.type else {
                error("'\(op.rawValue)' joins conditions, but this is \(a.type.description) \(op.rawValue) \(b.type.description)",
                      at: expression.span)
                return nil
            }
            return Typed(formula: .logical(op == .and ? .and : .or, a.formula, b.formula), type: .boolean)
        }
    }

    func distribution(_ shape: Distribution.Shape, _ first: Expression, _ second: Expression,
                      in scope: Scope, span: Span) -> Typed? {
        var staticScope = scope
        staticScope.readsState = false
        staticScope.context = "a distribution's bounds"
        guard let a = check(first, in: staticScope), let b = check(second, in: staticScope) else { return nil }
        if case .date = a.type, case .date = b.type { return dateRange(shape, a, b, span: span) }
        guard let type = common(a, b), case .quantity = type else {
            error("a distribution's two values must have the same unit: \(a.type.description) and \(b.type.description)", at: span)
            return nil
        }
        if shape != .normal, case .constant(let low) = a.formula, case .constant(let high) = b.formula, low > high {
            error("the low end of 'A to B' is above the high end", at: span, hint: "write the 5th percentile first")
            return nil
        }
        var dimension: Dimension?
        if case .quantity(let d) = type { dimension = d }
        let d = newDistribution(shape, a.formula, b.formula, text: span.canonicalText, span: span, dimension: dimension)
        return Typed(formula: .distribution(d), type: type)
    }

    /// docs/reference/uncertain-events.md: `2026-06 to 2027-06`, uniform over the whole months between, both included.
    private func dateRange(_ shape: Distribution.Shape, _ a: Typed, _ b: Typed, span: Span) -> Typed? {
        guard shape == .range else {
            error("a range of dates is written `FIRST to LAST`, as in `2026-06 to 2027-06`", at: span,
                  hint: "it is uniform over the whole months between the two, both included")
            return nil
        }
        if let low = statics.evaluate(a.formula), let high = statics.evaluate(b.formula), low > high {
            let (first, last) = (MonthIndex.format(low) ?? "beyond any calendar", MonthIndex.format(high) ?? "beyond any calendar")
            error("the first month of the range, \(first), comes after its last, \(last)", at: span, hint: "write the earlier month first")
            return nil
        }
        let d = newDistribution(.wholeMonths, a.formula, b.formula, text: span.canonicalText, span: span)
        return Typed(formula: .distribution(d), type: .date)
    }
}
