import RaceSyntax

extension Checker {
    /// The second pass: resolves every declaration into the model.
    func buildModel() -> Model {
        let d = declarations
        checkParamsAndFormulas()
        let (start, steps) = header()
        (runStart, runSteps) = (start, steps)

        let params = d.params.enumerated().map { i, p in
            Param(name: p.name.text, value: paramFormulas[i] ?? .constant(0), dimension: paramDimensions[i] ?? .ratio,
                  ratePeriod: paramPeriods[i], text: p.value.span.canonicalText, span: p.name.span, isDate: paramIsDate[i],
                  isUncertain: paramIsUncertain[i])
        }
        let formulas = d.formulas.enumerated().map { i, f in
            let type = formulaTypes[i]
            var dimension: Dimension?
            if case .quantity(let dim)? = type { dimension = dim }
            return FormulaDeclaration(name: f.name.text, hasParameter: f.parameter != nil, body: formulaBodies[i] ?? .constant(0),
                                      dimension: dimension, text: f.body.span.canonicalText, span: f.name.span)
        }
        let chips = d.chips.map { chip($0.name, $0.fields) }
        let entities = d.entities.enumerated().map { i, e in entity(i, e) }
        let events = d.events.compactMap { scheduledEvent($0) }
        var rules: [RuleDeclaration] = []
        for pending in d.rules {
            var scope = Scope()
            scope.boundName = pending.forEach?.variable.text
            let condition = checkCondition(pending.rule.condition, in: scope)
            let actions = pending.rule.actions.compactMap { action($0, in: scope) }
            rules.append(RuleDeclaration(isRepeating: pending.rule.isRepeating, condition: condition ?? .constant(0),
                                         actions: actions, forEach: pending.forEach?.kind,
                                         variable: pending.forEach?.variable.text, text: pending.rule.span.canonicalText,
                                         span: pending.rule.span))
        }
        let report = reportRequest()
        var expectations: [Expectation] = []
        for (condition, at, span) in d.expectations {
            guard let formula = checkCondition(condition, in: Scope()) else { continue }
            var step = steps - 1
            var uncertainStep: Formula?
            if let at {
                guard let date = dateInRun(at, what: "an expectation's date") else { continue }
                step = date.step
                uncertainStep = date.uncertain
            }
            var sides: (Formula, Formula)?
            var sideDimension: Dimension?
            if case let .comparison(_, a, b) = formula {
                sides = (a, b)
                if case let .binary(_, left, right) = condition.kind {
                    let saved = (distributionCount, diagnostics.count)
                    sideDimension = check(left, in: Scope())?.dimension ?? check(right, in: Scope())?.dimension
                    (distributionCount, _) = saved
                    diagnostics.removeLast(diagnostics.count - saved.1)
                }
            }
            expectations.append(Expectation(condition: formula, sides: sides, sideDimension: sideDimension, step: step,
                                            text: condition.span.canonicalText, span: span, at: uncertainStep))
        }
        let observations = d.observations.compactMap { observation($0) }
        var model = Model(title: d.title, start: start, steps: steps, params: params, formulas: formulas, chips: chips,
                          entities: entities, events: events, rules: rules, report: report, expectations: expectations,
                          distributionCount: distributionCount, observations: observations, paramOrder: paramOrder)
        model.distributions = Array(distributionsMade.prefix(distributionCount))
        return model
    }

    private func header() -> (start: Int, steps: Int) {
        let d = declarations
        guard let start = d.start else {
            error("the scenario has no start month", at: d.origin,
                  hint: "add a line such as 'start 2025-01' (or extend a file that has one)")
            return (0, 1)
        }
        var steps = 1
        if let horizon = d.horizon {
            steps = horizon.month - start.month + 1
            if steps < 1 {
                error("the horizon \(horizon.text) is before the start \(start.text)", at: horizon.span,
                      hint: "the horizon is the last month of the run and must not come before 'start'")
                return (start.month, 1)
            }
        } else if let length = d.runLength {
            var scope = Scope()
            scope.readsState = false
            if let formula = check(length, as: .time, what: "the run's length", in: scope),
               let months = statics.evaluate(formula) {
                guard months >= 1, months == months.rounded(), months <= 1200 else {
                    error("the run's length must be a whole number of months from 1 to 1,200", at: length.span)
                    return (start.month, 1)
                }
                steps = Int(months)
            }
        } else {
            error("the scenario has no horizon", at: start.span,
                  hint: "add 'horizon YYYY-MM' (the last month, inclusive) or 'run 48 months'")
        }
        if steps > 1200 {
            error("the run has \(steps) months; at most 1,200 are allowed", at: d.horizon?.span ?? start.span,
                  hint: "choose a horizon within 100 years of the start")
            steps = 1200
        }
        return (start.month, steps)
    }

    /// The period in months of a rate as written: `20%/year` → 12, a param → its own period
    /// (known once the param is checked; while a param's later value is checked, its own
    /// name stands for the value before).
    func ratePeriod(of expression: Expression) -> Double {
        switch expression.kind {
        case let .binary(.divide, _, unit):
            return periodOfUnit(unit) ?? 1
        case let .binary(.multiply, a, b):
            let pa = ratePeriod(of: a), pb = ratePeriod(of: b)
            return pa != 1 ? pa : pb
        case .unary(_, let inner): return ratePeriod(of: inner)
        case .range(let a, _): return ratePeriod(of: a)
        case .call(_, let arguments): return arguments.first.map(ratePeriod(of:)) ?? 1
        case .name(let name):
            if let earlier = earlierValue, earlier.name == name.text { return earlier.period }
            if let i = paramIndex[name.text] { return paramPeriods[i] }
            return 1
        default: return 1
        }
    }

    /// The length in months of a time written as a unit: `month` → 1, `(24 months)` → 24.
    private func periodOfUnit(_ expression: Expression) -> Double? {
        switch expression.kind {
        case .name(let word): return UnitWords.months(in: word.text)
        case let .quantity(count, word):
            guard let months = UnitWords.months(in: word.text) else { return nil }
            if case .number(let n) = count.kind, n > 0 { return n * months }
            return nil
        default: return nil
        }
    }

    func growthRate(_ growth: Growth?, in scope: Scope) -> GrowthRate? {
        guard let growth else { return nil }
        guard let rate = check(growth.rate, as: .growthRate, what: "a growth rate", in: scope) else { return nil }
        return GrowthRate(rate: rate, falling: growth.direction == .falling, periodInMonths: ratePeriod(of: growth.rate))
    }
}
