import RaceModel
import RaceSyntax

extension Simulation {
    /// Runs months until `lastStep` (inclusive) or the horizon, whichever is first.
    public func run(through lastStep: Int) throws {
        while step < plan.steps && step <= lastStep {
            try runMonth()
            step += 1
        }
    }

    /// Runs to the horizon.
    public func run() throws {
        try run(through: plan.steps - 1)
    }

    /// Whether every month has run.
    public var isFinished: Bool { step >= plan.steps }

    /// The seven phases of §7.
    private func runMonth() throws {
        deliver()
        for action in plan.actionsByStep[step] { try perform(action, bound: -1) }
        try applyRules()
        try applyFlows()
        if exitBankruptLabs() { refreshTotals() }
        record()
        grow()
        refreshTotals()
    }

    /// Phase 1: chips arrive; contracts and builds past their last month end.
    private func deliver() {
        if !deliveries.isEmpty {
            for delivery in deliveries where delivery.step <= step && active[delivery.entity] {
                fleet[delivery.entity * chipCount + delivery.chip] += delivery.count
            }
            deliveries.removeAll { $0.step <= step }
        }
        if !contracts.isEmpty { contracts.removeAll { $0.lastStep < step } }
        if !builds.isEmpty { builds.removeAll { $0.lastStep < step } }
        refreshTotals()
    }

    /// Phase 3: rules in source order; under `for each`, entities in declaration order.
    private func applyRules() throws {
        for (r, rule) in plan.rules.enumerated() {
            if let over = rule.forEach {
                for e in over where active[e] {
                    let slot = r * entityCount + e
                    if !rule.isRepeating && ruleFired[slot] { continue }
                    if try condition(rule.condition, bound: e, span: rule.span) {
                        ruleFired[slot] = true
                        for action in rule.actions { try perform(action, bound: e) }
                    }
                }
            } else {
                let slot = r * max(entityCount, 1)
                if !rule.isRepeating && ruleFired[slot] { continue }
                if try condition(rule.condition, bound: -1, span: rule.span) {
                    ruleFired[slot] = true
                    for action in rule.actions { try perform(action, bound: -1) }
                }
            }
        }
    }

    private func condition(_ formula: Int, bound: Int, span: Span) throws -> Bool {
        let v = evaluate(formula, bound: bound)
        if let problem = evaluationProblem {
            evaluationProblem = nil
            throw RunError(message: problem, span: span, step: step, sample: nil)
        }
        return v != 0 && !v.isNaN
    }

    /// Phase 4: every active entity's flows from the state after phase 3, applied together.
    private func applyFlows() throws {
        for e in 0..<entityCount {
            guard active[e] else {
                monthRevenue[e] = 0; monthBurn[e] = 0; monthSpend[e] = 0; monthCompute[e] = 0; monthChips[e] = 0
                continue
            }
            monthRevenue[e] = flow(e, revenue: true)
            monthBurn[e] = flow(e, revenue: false)
            monthSpend[e] = spend(e)
            monthCompute[e] = compute(e)
            monthChips[e] = chips(e)
            if let problem = evaluationProblem {
                evaluationProblem = nil
                throw RunError(message: problem, span: plan.entities[e].span, step: step, sample: nil)
            }
            if !(monthRevenue[e].isFinite && monthBurn[e].isFinite) {
                throw RunError(message: MessageFormat.brokenFlow(of: plan.model.entities[e].name, revenue: monthRevenue[e], burn: monthBurn[e]),
                               span: plan.entities[e].span, step: step, sample: nil)
            }
        }
        for e in 0..<entityCount where active[e] {
            cash[e] += monthRevenue[e] - monthSpend[e]
            flop[e] += monthCompute[e] * utilization[e]
        }
        for contract in contracts {
            paid[contract.renter] += contract.payment
            cash[contract.provider] += contract.payment
            received[contract.provider] += contract.payment
        }
        for build in builds { paid[build.builder] += build.payment }
    }

    /// Phase 5: a lab below zero is out of cash; a company below zero gets one warning.
    @discardableResult
    private func exitBankruptLabs() -> Bool {
        var anyLeft = false
        for e in 0..<entityCount where active[e] && cash[e] < 0 {
            if plan.entities[e].isLab {
                events.append(LogEntry(step: step, entity: e, text: "\(plan.model.entities[e].name) runs out of cash"))
                leave(e, as: .outOfCash)
                anyLeft = true
            } else if plan.entities[e].tracksCash && !warned[e] {
                warned[e] = true
                warnings.append(BalanceWarning(step: step, entity: e, cash: cash[e]))
            }
        }
        return anyLeft
    }

    /// Phase 6: the month's row, and the expectations dated this month.
    private func record() {
        let fields = RecordedField.allCases.count
        for e in 0..<entityCount {
            let base = (step * entityCount + e) * fields
            let net = monthSpend[e] - monthRevenue[e]
            values[base + RecordedField.cash.rawValue] = plan.entities[e].tracksCash ? cash[e] : .nan
            values[base + RecordedField.revenue.rawValue] = monthRevenue[e]
            values[base + RecordedField.burn.rawValue] = monthBurn[e]
            values[base + RecordedField.spend.rawValue] = monthSpend[e]
            values[base + RecordedField.compute.rawValue] = monthCompute[e]
            values[base + RecordedField.chips.rawValue] = monthChips[e]
            values[base + RecordedField.flop.rawValue] = flop[e]
            values[base + RecordedField.valuation.rawValue] = valuation[e]
            // An unbounded company has no balance, so no runway (§4.4).
            values[base + RecordedField.runway.rawValue] = active[e] && net > 0 && plan.entities[e].tracksCash ? cash[e] / net : .infinity
            values[base + RecordedField.paid.rawValue] = paid[e]
            values[base + RecordedField.received.rawValue] = received[e]
            let columns = plan.reportFormulas.count
            for (k, index) in plan.reportFormulas.enumerated() {
                let f = plan.letFormulas[index]
                formulaValues[(step * entityCount + e) * columns + k] = evaluate(f, bound: e)
            }
        }
        for (k, f) in plan.watchFormulas.enumerated() {
            watchValues[step * plan.watchFormulas.count + k] = evaluate(f, bound: -1)
        }
        evaluationProblem = nil
        for (i, expectation) in plan.expectations.enumerated() where expectation.step == step {
            let v = evaluate(expectation.formula, bound: -1)
            let sides = expectation.sides.map { evaluate($0, bound: -1) }
            evaluationProblem = nil
            expectationOutcomes.append(ExpectationOutcome(index: i, passed: v != 0 && !v.isNaN, sides: sides))
        }
    }

    /// Phase 7: every growing or falling value takes its monthly factor.
    private func grow() {
        for i in streams.indices { streams[i].value *= streams[i].factor }
        for c in 0..<chipCount { chipPrice[c] *= chipPriceFactor[c] }
    }

    /// An entity leaves the race (§7 "Leaving"): its flows, fleet, contracts and builds end.
    func leave(_ e: Int, as newStatus: EntityStatus) {
        active[e] = false
        status[e] = newStatus
        exitStep[e] = step
        for c in 0..<chipCount { fleet[e * chipCount + c] = 0 }
        contracts.removeAll { $0.renter == e || $0.provider == e }
        builds.removeAll { $0.builder == e }
        deliveries.removeAll { $0.entity == e }
    }

    /// What the run has produced so far.
    public var result: RunResult {
        var owners: [[(holder: Int, share: Double)]] = []
        for e in 0..<entityCount {
            var list: [(holder: Int, share: Double)] = []
            for h in 0..<entityCount where stakes[e * entityCount + h] > 0 { list.append((h, stakes[e * entityCount + h])) }
            owners.append(list)
        }
        return RunResult(model: plan.model, values: values, formulaValues: formulaValues, watchValues: watchValues,
                         watchCount: plan.watchFormulas.count, stepsRun: step,
                         statuses: status, exitSteps: exitStep, owners: owners, events: events, skipped: skipped,
                         warnings: warnings, expectations: expectationOutcomes)
    }
}
