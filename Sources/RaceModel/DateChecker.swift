import RaceSyntax

/// Dates fixed before the run (docs/reference/uncertain-events.md): literals, date parameters, ranges of months.
extension Checker {
    /// The params at their plain-run values, for what must be known before the run.
    var statics: StaticValue { StaticValue(values: paramStaticValues) }

    /// A date worked out before month 0: a literal, a date parameter or an expression of them.
    /// Gives its formula (an absolute month index, possibly uncertain) and the plain run's month.
    /// Distributions in it are keyed by `key` when given (a labelled event's `event:L:date`).
    func staticDate(_ expression: Expression, what: String, key: String? = nil) -> (formula: Formula, month: Int)? {
        guard let typed = keyed(by: key, { check(expression, in: .fixedBeforeRun(what)) }) else { return nil }
        guard case .date = typed.type else {
            error("\(what) must be a date, but this is \(typed.type.description)", at: expression.span,
                  hint: "write a month, as in 2025-06, or the name of a date parameter")
            return nil
        }
        guard let month = statics.evaluate(typed.formula), month.isFinite,
              abs(month) < 1e7, month == month.rounded() else {
            error("\(what) must fall on a whole month", at: expression.span,
                  hint: "add whole months to a date, as in `2025-06 + 3 months`")
            return nil
        }
        return (typed.formula, Int(month))
    }

    /// A month index made relative to the run's start (step 0 = `start`).
    func relativeToStart(_ month: Formula) -> Formula {
        if case .constant(let m) = month { return .constant(m - Double(runStart)) }
        return .arithmetic(.subtract, month, .constant(Double(runStart)))
    }

    /// `a + b`, folded when both are constants and leaving out a constant 0.
    func sum(_ a: Formula, _ b: Formula) -> Formula {
        switch (a, b) {
        case let (.constant(x), .constant(y)): return .constant(x + y)
        case (.constant(0), _): return b
        case (_, .constant(0)): return a
        default: return .arithmetic(.add, a, b)
        }
    }

    /// Whether a formula's value may differ between samples (through a param too).
    func isUncertain(_ formula: Formula) -> Bool {
        formula.containsDistribution { paramIsUncertain[$0] }
    }

    /// `delay LABEL by D` (docs/reference/what-ifs.md): the months to add to the event's dates, as a static
    /// formula and the plain run's count. A range written in place (`3 months to 12 months`)
    /// is uniform over the whole months between, keyed `delay:LABEL#k`; any other delay must
    /// be certain and whole.
    func delayMonths(_ delay: Expression, label: String) -> (formula: Formula, months: Int)? {
        let scope = Scope.fixedBeforeRun("a delay")
        if case let .range(low, high) = delay.kind {
            guard let a = check(low, as: .time, what: "a delay", in: scope),
                  let b = check(high, as: .time, what: "a delay", in: scope) else { return nil }
            guard let x = statics.evaluate(a), let y = statics.evaluate(b), x == x.rounded(), y == y.rounded(),
                  abs(x) <= 12_000, abs(y) <= 12_000 else {
                error("a delay's range must run between whole numbers of months", at: delay.span,
                      hint: "as in `delay \(label) by 3 months to 12 months`")
                return nil
            }
            guard x <= y else {
                error("the low end of the delay's range is above its high end", at: delay.span, hint: "write the shorter delay first")
                return nil
            }
            let d = newDistribution(.wholeMonths, a, b, text: delay.span.canonicalText, stem: "delay:\(label)", span: delay.span,
                                    dimension: .time)
            return (.distribution(d), Int(x + ((y - x) / 2).rounded(.down)))
        }
        guard let formula = check(delay, as: .time, what: "a delay", in: scope) else { return nil }
        if isUncertain(formula) {
            error("an uncertain delay is a range of whole months written in the `delay`", at: delay.span,
                  hint: "write `delay \(label) by 3 months to 12 months`: uniform over the whole months between")
            return nil
        }
        guard let months = statics.evaluate(formula), months == months.rounded(),
              abs(months) <= 12_000 else {
            error("a delay must be a whole number of months", at: delay.span)
            return nil
        }
        return (formula, Int(months))
    }
}
