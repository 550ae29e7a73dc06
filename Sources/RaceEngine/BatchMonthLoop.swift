import RaceModel
import RaceSyntax

extension BatchSimulation {
    /// Runs every month to the horizon (§7), all lanes together.
    public func run() throws {
        while step < plan.steps {
            try runMonth()
            step += 1
        }
    }

    private func runMonth() throws {
        deliver()
        if !plan.actionsByStep[step].isEmpty {
            eventMask.fill(true)
            for action in plan.actionsByStep[step] { try perform(action, bound: -1, lanesMask: eventMask) }
        }
        try applyRules()
        try applyFlows()
        if exitBankruptLabs() { refreshTotals() }
        if step == plan.steps - 1 { captureReportFormulas() }
        tallyExpectations()
        grow()
        // Growth changes stream values only (a chip's price is in no total).
        refreshStreamTotals()
    }

    /// The report's `let` columns at the horizon, taken where `Simulation` records them
    /// (after phase 5, before growth).
    private func captureReportFormulas() {
        for (k, index) in plan.reportFormulas.enumerated() {
            for e in 0..<entityCount {
                evaluate(plan.letFormulas[index], bound: e, into: finalFormulas.row(k * entityCount + e))
            }
        }
        evaluationProblem = nil
    }

    /// The expectations dated this month, where `Simulation` checks them (phase 6):
    /// counts, per expectation, the lanes in which it held.
    private func tallyExpectations() {
        let condition = scratch.row(9)
        for (i, expectation) in plan.expectations.enumerated() where expectation.step == step {
            evaluate(expectation.formula, bound: -1, into: condition)
            for s in 0..<lanes where condition[s] != 0 && !condition[s].isNaN { expectationsHeld[i] += 1 }
        }
        evaluationProblem = nil
    }

    /// Phase 1: deliveries arrive; contracts and builds past their last month end.
    private func deliver() {
        var changed = false
        if !deliveryRows.isEmpty {
            for (i, row) in deliveryRows.enumerated() where row.step <= step {
                let count = deliveryCount.row(i), target = fleet.row(row.entity * chipCount + row.chip), a = active.row(row.entity)
                for s in 0..<lanes where a[s] != 0 { target[s] += count[s] }
                changed = true
            }
            let rows = deliveryRows
            let kept = deliveryCount.compact { rows[$0].step <= step }
            deliveryRows = kept.map { rows[$0] }
        }
        if contractRows.contains(where: { $0.lastStep < step }) {
            let rows = contractRows
            _ = contractChips.compact { rows[$0].lastStep < step }
            let kept = contractPayment.compact { rows[$0].lastStep < step }
            contractRows = kept.map { rows[$0] }
            changed = true
        }
        if buildRows.contains(where: { $0.lastStep < step }) {
            let rows = buildRows
            let kept = buildPayment.compact { rows[$0].lastStep < step }
            buildRows = kept.map { rows[$0] }
            changed = true
        }
        if changed { refreshTotals() }
    }

    /// Phase 3: rules in source order; under `for each`, entities in declaration order.
    private func applyRules() throws {
        let condition = scratch.row(8)
        for (r, rule) in plan.rules.enumerated() {
            for e in rule.forEach ?? [-1] {
                let slot = ruleFired.row(r * max(entityCount, 1) + max(e, 0))
                // A global rule reads "active" as all ones; a repeating one, "fired" as all zeros.
                // Flags combine with integer `&` and `|`, not `&&`: loops the compiler vectorizes.
                let a = e >= 0 ? active.row(e) : allOnes
                let repeating = rule.isRepeating ? 1 : 0
                var any = 0
                for s in 0..<lanes {
                    let on = (a[s] != 0 ? 1 : 0) & (repeating | (slot[s] == 0 ? 1 : 0))
                    mask[s] = on != 0
                    any |= on
                }
                if any == 0 { continue }
                evaluate(rule.condition, bound: e, into: condition)
                if let problem = evaluationProblem {
                    evaluationProblem = nil
                    throw error(problem, span: rule.span, lane: mask.firstIndex(of: true) ?? 0)
                }
                any = 0
                for s in 0..<lanes {
                    let c = condition[s], holds = (mask[s] ? 1 : 0) & (c != 0 ? 1 : 0) & (c.isNaN ? 0 : 1)
                    mask[s] = holds != 0
                    slot[s] = holds != 0 ? 1 : slot[s]
                    any |= holds
                }
                if any == 0 { continue }
                firedMask.copy(from: mask)
                for action in rule.actions { try perform(action, bound: e, lanesMask: firedMask) }
            }
        }
    }

    /// Phase 4: flows from the state after phase 3, applied together.
    private func applyFlows() throws {
        let l = lanes
        for e in 0..<entityCount {
            let a = active.row(e)
            var any = false
            for s in 0..<l where a[s] != 0 { any = true; break }
            if !any {
                for row in [monthRevenue, monthBurn, monthSpend, monthCompute, monthChips] { row.row(e).update(repeating: 0, count: l) }
                continue
            }
            flow(e, revenue: true, into: monthRevenue.row(e))
            flow(e, revenue: false, into: monthBurn.row(e))
            spend(e, burn: monthBurn.row(e), into: monthSpend.row(e))
            quantity(e, .compute, into: monthCompute.row(e))
            quantity(e, .chips, into: monthChips.row(e))
            if let problem = evaluationProblem {
                evaluationProblem = nil
                throw error(problem, span: plan.entities[e].span, lane: 0)
            }
            let revenue = monthRevenue.row(e), burn = monthBurn.row(e)
            var broken = 0
            for s in 0..<l { broken |= (a[s] != 0 ? 1 : 0) & (revenue[s].isFinite ? 0 : 1) | (a[s] != 0 ? 1 : 0) & (burn[s].isFinite ? 0 : 1) }
            for s in 0..<l where broken != 0 && a[s] != 0 && !(revenue[s].isFinite && burn[s].isFinite) {
                let (value, name) = revenue[s].isFinite ? (burn[s], "burn") : (revenue[s], "revenue")
                throw error("\(plan.model.entities[e].name)'s \(name) is \(value.isNaN ? "not a number" : "infinite") (a division by zero, or a number too large)",
                            span: plan.entities[e].span, lane: s)
            }
        }
        for e in 0..<entityCount {
            let a = active.row(e), money = cash.row(e), total = flop.row(e), u = utilization.row(e)
            let revenue = monthRevenue.row(e), spend = monthSpend.row(e), compute = monthCompute.row(e)
            for s in 0..<l {
                let m = money[s] + (revenue[s] - spend[s]), f = total[s] + compute[s] * u[s], on = a[s] != 0
                money[s] = on ? m : money[s]
                total[s] = on ? f : total[s]
            }
        }
        for (i, row) in contractRows.enumerated() {
            let payment = contractPayment.row(i)
            let out = paid.row(row.renter), into = cash.row(row.provider), got = received.row(row.provider)
            for s in 0..<l {
                out[s] += payment[s]
                into[s] += payment[s]
                got[s] += payment[s]
            }
        }
        for (i, row) in buildRows.enumerated() {
            let payment = buildPayment.row(i), out = paid.row(row.builder)
            for s in 0..<l { out[s] += payment[s] }
        }
    }

    /// Phase 5: labs below zero run out of cash (per lane).
    private func exitBankruptLabs() -> Bool {
        var anyLeft = false
        for e in plan.labs {
            let a = active.row(e), money = cash.row(e)
            var any = 0
            for s in 0..<lanes {
                let out = (a[s] != 0 ? 1 : 0) & (money[s] < 0 ? 1 : 0)
                mask[s] = out != 0
                any |= out
            }
            if any != 0 {
                leave(e, as: .outOfCash, lanesMask: mask)
                anyLeft = true
            }
        }
        return anyLeft
    }

    /// Phase 7: growth.
    private func grow() {
        for i in 0..<streamRows.count {
            let value = streamValue.row(i), factor = streamFactor.row(i)
            for s in 0..<lanes { value[s] *= factor[s] }
        }
        for c in 0..<chipCount {
            let price = chipPrice.row(c), factor = chipPriceFactor.row(c)
            for s in 0..<lanes { price[s] *= factor[s] }
        }
    }

    /// An entity leaves in the masked lanes: flows, fleet, contracts and builds end there.
    func leave(_ e: Int, as newStatus: EntityStatus, lanesMask: LaneMask) {
        let code = BatchStatus.encode(newStatus)
        let a = active.row(e)
        for s in 0..<lanes where lanesMask[s] {
            a[s] = 0
            status[e * lanes + s] = code
            exitStep[e * lanes + s] = Int32(step)
        }
        for c in 0..<chipCount {
            let row = fleet.row(e * chipCount + c)
            for s in 0..<lanes where lanesMask[s] { row[s] = 0 }
        }
        for (i, row) in contractRows.enumerated() where row.renter == e || row.provider == e {
            let payment = contractPayment.row(i), chips = contractChips.row(i)
            for s in 0..<lanes where lanesMask[s] { payment[s] = 0; chips[s] = 0 }
        }
        for (i, row) in buildRows.enumerated() where row.builder == e {
            let payment = buildPayment.row(i)
            for s in 0..<lanes where lanesMask[s] { payment[s] = 0 }
        }
        for (i, row) in deliveryRows.enumerated() where row.entity == e {
            let count = deliveryCount.row(i)
            for s in 0..<lanes where lanesMask[s] { count[s] = 0 }
        }
    }
}
