import RaceSyntax

/// `observe` (docs/reference/observations.md), dates of expectations, and the REPL's `EXPR at DATE`.
extension Checker {
    /// A date that must fall inside the run: its step (relative to start; the plain run's for
    /// an uncertain date) and, when it may differ between samples, the step as a formula.
    func dateInRun(_ expression: Expression, what: String) -> (step: Int, uncertain: Formula?)? {
        guard let date = staticDate(expression, what: what) else { return nil }
        let step = date.month - runStart
        guard step >= 0 && step < runSteps else {
            error("\(MonthIndex.format(date.month)) is outside the run (\(MonthIndex.format(runStart))..\(MonthIndex.format(runStart + runSteps - 1)))",
                  at: expression.span)
            return nil
        }
        return (step, isUncertain(date.formula) ? relativeToStart(date.formula) : nil)
    }

    /// `observe EXPR at DATE = VALUE ± ERROR` or `observe CONDITION at DATE`.
    func observation(_ statement: ObserveStatement) -> Observation? {
        guard let date = dateInRun(statement.date, what: "an observation's date") else { return nil }
        var text = Substring(statement.span.text)
        if text.hasPrefix("observe") { text = text.dropFirst("observe".count) }
        func make(_ formula: Formula, _ dimension: Dimension?, _ measure: Observation.Measure) -> Observation {
            Observation(formula: formula, dimension: dimension, measure: measure, step: date.step, at: date.uncertain,
                        text: Self.spaced(String(text)), span: statement.span)
        }
        guard let valueExpression = statement.value, let errorExpression = statement.error else {
            return checkCondition(statement.expression, in: Scope()).map { make($0, nil, .condition) }
        }
        guard let typed = check(statement.expression, in: Scope()) else { return nil }
        guard let dimension = typed.dimension else {
            error("what is observed with '= VALUE ± ERROR' must be a number or quantity, but this is \(typed.type.description)",
                  at: statement.expression.span, hint: "a fact that held is observed without a value: `observe CONDITION at DATE`")
            return nil
        }
        let scope = Scope.fixedBeforeRun("an observed value")
        guard let value = check(valueExpression, as: dimension, what: "the observed value", in: scope),
              let (errorFormula, isRelative) = observationError(errorExpression, of: dimension) else { return nil }
        for (formula, expression) in [(value, valueExpression), (errorFormula, errorExpression)] where isUncertain(formula) {
            error("an observation is what was seen, not a distribution", at: expression.span,
                  hint: "give the value seen and how far off it may be: `= $300B ± 20%`")
            return nil
        }
        if let e = statics.evaluate(errorFormula), !(e > 0) {
            error("an observation's error must be above zero", at: errorExpression.span,
                  hint: "it is the standard deviation of the observation: how far off it may be")
            return nil
        }
        if isRelative, let v = statics.evaluate(value), !(v > 0) {
            error("a relative error (a percentage) needs an observed value above zero", at: valueExpression.span,
                  hint: "give the error in the value's own unit instead")
            return nil
        }
        return make(typed.formula, dimension, .value(observed: value, error: errorFormula, isRelative: isRelative))
    }

    /// ERROR of `± ERROR`: in the observed quantity's unit (absolute), or a ratio of the value
    /// (relative, `± 20%`) when the quantity is not itself a ratio.
    private func observationError(_ expression: Expression, of dimension: Dimension) -> (Formula, Bool)? {
        guard let typed = check(expression, in: .fixedBeforeRun("an observation's error")) else { return nil }
        if typed.dimension == dimension || typed.isZero { return (typed.formula, false) }
        if typed.dimension == .ratio { return (typed.formula, true) }
        error("an observation's error must be \(dimension.description), or a percentage of the value, but this is \(typed.type.description)",
              at: expression.span, hint: "as in `± $20B` or `± 10%`")
        return nil
    }
}

/// A REPL question checked against a scenario: `EXPR`, or `EXPR at DATE` (docs/reference/repl.md, v2).
public struct CheckedQuery: Sendable {
    /// The expression's formula (indices as in the scenario's model); nil on errors.
    public let formula: Formula?
    /// Its dimension; nil for a condition or a date.
    public let dimension: Dimension?
    public let isCondition: Bool
    /// `at DATE`: the step (relative to start) whose recorded end-of-month value is asked
    /// for, the plain run's for a date parameter; nil: the state now.
    public let step: Int?
    public let diagnostics: [Diagnostic]
}

extension Checker {
    /// Checks a REPL question against a scenario's statements, as `checkExpression` does, and
    /// its month when it names one (a date inside the run).
    public static func checkQuery(_ query: Query, against statements: [Statement]) -> CheckedQuery {
        let checked = checkExpression(query.expression, against: statements)
        guard checked.formula != nil, let date = query.date else {
            return CheckedQuery(formula: checked.formula, dimension: checked.dimension, isCondition: checked.isCondition,
                                step: nil, diagnostics: checked.diagnostics)
        }
        let checker = Checker(statements, overrides: [], origin: nil)
        _ = checker.buildModel()
        checker.diagnostics = []
        guard let (step, _) = checker.dateInRun(date, what: "the month asked about") else {
            return CheckedQuery(formula: nil, dimension: nil, isCondition: false, step: nil, diagnostics: checker.diagnostics)
        }
        return CheckedQuery(formula: checked.formula, dimension: checked.dimension, isCondition: checked.isCondition,
                            step: step, diagnostics: checked.diagnostics)
    }
}
