import RaceSyntax

/// Events (docs/reference/actions.md) with the v2 schedule (docs/reference/uncertain-events.md): dates that are parameters or ranges, uncertain
/// delays, `with probability`.
extension Checker {
    /// The event's schedule as static formulas and as the plain run's steps, its probability,
    /// and its actions. Distributions of a labelled event are keyed by its label
    /// (`event:LABEL:date`, `:from`, `:until`, `:probability`, `:happens`; `delay:LABEL`).
    func scheduledEvent(_ pending: Declarations.PendingEvent) -> ScheduledEvent? {
        let event = pending.event
        let label = event.label?.text
        let key = { (role: String) in label.map { "event:\($0):\(role)" } }
        var shift = Formula.constant(0), plainShift = 0
        for delay in pending.delays {
            guard let (formula, months) = delayMonths(delay, label: label ?? "") else { return nil }
            shift = sum(shift, formula)
            plainShift += months
        }
        var scheduled = ScheduledEvent(label: label, steps: [], actions: [], scheduleText: "", span: event.span)
        switch event.schedule {
        case .once(let dateExpression):
            guard let date = staticDate(dateExpression, what: "an event's date", key: key("date")) else { return nil }
            scheduled.first = sum(relativeToStart(date.formula), shift)
            scheduled.steps = [date.month - runStart + plainShift]
            scheduled.scheduleText = Self.spaced(dateExpression.span.text)
        case let .every(periodExpression, fromExpression, untilExpression):
            guard let period = eventPeriod(periodExpression),
                  let from = staticDate(fromExpression, what: "an event's first date", key: key("from")) else { return nil }
            var until: (formula: Formula, month: Int)?
            if let untilExpression {
                guard let date = staticDate(untilExpression, what: "an event's last date", key: key("until")) else { return nil }
                until = date
            }
            let horizon = runStart + runSteps - 1
            scheduled.period = period
            scheduled.first = sum(relativeToStart(from.formula), shift)
            scheduled.last = sum(relativeToStart(until?.formula ?? .constant(Double(horizon))), shift)
            let last = (until?.month ?? horizon) - runStart
            var step = from.month - runStart
            while step <= last && scheduled.steps.count < 1200 {
                scheduled.steps.append(step + plainShift)
                step += period
            }
            scheduled.scheduleText = "every \(Self.spaced(periodExpression.span.text)) from \(Self.spaced(fromExpression.span.text))"
                + (untilExpression.map { " until \(Self.spaced($0.span.text))" } ?? "")
        }
        let datesAreCertain = !isUncertain(scheduled.first) && !(scheduled.last.map(isUncertain) ?? false)
        if !datesAreCertain {
            // The plain run's months do not say where an uncertain event falls: the text
            // keeps its delays as written, so two scenarios that differ in one differ here.
            scheduled.scheduleText += pending.delays.map { " delayed by \(Self.spaced($0.span.text))" }.joined()
        }
        if let probability = event.probability {
            guard let happens = chance(probability, of: event) else { return nil }
            scheduled.happens = happens
            scheduled.scheduleText += " with probability \(Self.spaced(probability.span.text))"
        }
        scheduled.isCertain = scheduled.happens == nil && datesAreCertain
        if scheduled.steps.isEmpty || scheduled.steps.allSatisfy({ $0 < 0 || $0 >= runSteps }) {
            warning("this event falls outside \(MonthIndex.format(runStart))..\(MonthIndex.format(runStart + runSteps - 1)) and never happens",
                    at: event.span)
        }
        scheduled.actions = event.actions.compactMap { action($0, in: Scope()) }
        return scheduled
    }

    /// `every PERIOD`: a whole number of months, at least 1, fixed before the run (a
    /// distribution's median is used).
    private func eventPeriod(_ expression: Expression) -> Int? {
        guard let formula = check(expression, as: .time, what: "an event's period", in: .fixedBeforeRun("an event's period")) else {
            return nil
        }
        guard let months = statics.evaluate(formula), months >= 1, months == months.rounded(),
              months <= 12_000 else {
            error("an event's period must be a whole number of months, at least 1", at: expression.span)
            return nil
        }
        return Int(months)
    }

    /// `with probability P` (docs/reference/uncertain-events.md): a `chance` distribution of P, a ratio fixed before the run
    /// (a constant or a parameter), between 0% and 100%. Keyed `event:LABEL:happens`, or
    /// `chance:HEADER` (the event's text before its actions) for an event with no label.
    private func chance(_ probability: Expression, of event: Event) -> Formula? {
        let key = event.label.map { "event:\($0.text):probability" }
        guard let p = keyed(by: key, {
            check(probability, as: .ratio, what: "a probability", in: .fixedBeforeRun("an event's probability"))
        }) else { return nil }
        if !isUncertain(p), let value = statics.evaluate(p), !(0...1).contains(value) {
            error("a probability must be between 0% and 100%, but this is \(Self.percent(value))", at: probability.span,
                  hint: "write it as a percentage, as in `with probability 60%`")
            return nil
        }
        let stem = event.label.map { "event:\($0.text):happens" } ?? "chance:\(Self.spaced(event.header))"
        return .distribution(newDistribution(.chance, p, .constant(0), text: Self.spaced(event.header), stem: stem,
                                             span: probability.span, dimension: .ratio))
    }

    /// Text as `race fmt` spaces it, on one line (`Formatter.canonicalLine`), so that the
    /// layout of a file changes neither a schedule's text nor a random variable's key.
    static func spaced(_ text: String) -> String {
        Formatter.canonicalLine(text)
    }
}
