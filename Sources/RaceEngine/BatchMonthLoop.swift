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
        exitBankruptLabs()
        if step == plan.steps - 1 { captureReportFormulas() }
        tallyExpectations()
        grow()
        settledEarly.update(repeating: false, count: max(1, entityCount))
    }

    /// A comparison as `x test y` (with x and y swapped when `swap`), negated when
    /// `negate`: `a > b` is `b < a`, `a != b` is `!(a == b)`, true and false alike with NaN.
    static func canonical(_ op: ComparisonOperator) -> (swap: Bool, test: ComparisonOperator, negate: Bool) {
        switch op {
        case .less: return (false, .less, false)
        case .lessEqual: return (false, .lessEqual, false)
        case .greater: return (true, .less, false)
        case .greaterEqual: return (true, .lessEqual, false)
        case .equal: return (false, .equal, false)
        case .notEqual: return (false, .equal, true)
        }
    }

    /// Whether this month an entity may settle phases 4, 5 and 7 in one pass of its own
    /// (`applyStreamFlows`): its flows read only its own rows, and its exit and growth can
    /// come before the other entities' flows. That holds when no contract moves money
    /// between entities after the flows and the entity pays for no build (phase 4 books
    /// those after every entity's flows, and an exit would zero them first), nothing reads
    /// the state between exits and growth (an expectation dated this month, the report's
    /// columns at the horizon), and the entity has one revenue and one burn stream (growth
    /// then writes just them).
    private func settlesEarly(_ e: Int) -> Bool {
        contractRows.isEmpty && !buildsAny[e] && step < plan.steps - 1 && !expectationDue[step]
            && singleStream[2 * e] >= 0 && singleStream[2 * e + 1] >= 0
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
            for s in 0..<samples where condition[s] != 0 && !condition[s].isNaN { expectationsHeld[i] += 1 }
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
        for r in 0..<plan.rules.count {
            let rule = ruleTable + r
            if let entities = rule.pointee.forEach {
                for k in 0..<entities.count { try apply(rule, r, bound: entities[k]) }
            } else {
                try apply(rule, r, bound: -1)
            }
        }
    }

    /// One rule, bound to entity `e` (or to none, `-1`), in the lanes where it is due.
    private func apply(_ rule: UnsafeMutablePointer<RulePlan>, _ r: Int, bound e: Int) throws {
        let condition = scratch.row(8), zero = LaneVector(repeating: 0), one = LaneVector(repeating: 1)
        let slot = ruleFired.row(r * max(entityCount, 1) + max(e, 0))
        // Due where the entity is active (a global rule: everywhere) and, for a rule that
        // fires once, where it has not fired yet. A repeating rule's due lanes are the
        // active ones: it is due somewhere unless the entity has left in every lane.
        let a = e >= 0 ? active.row(e) : allOnes
        let repeating = rule.pointee.isRepeating
        if repeating {
            if e >= 0 && !activeAnywhere[e] { return }
        } else {
            var due = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in due .|= (a.vector(at: s) .!= zero) .& (slot.vector(at: s) .== zero) }
            if !anyLane(due) { return }
        }
        // Only the due lanes of the condition are read, and there `e` is active.
        activeInLanesRead = e
        let compared = comparison(rule.pointee.condition, bound: e)
        if compared == nil && evaluationProblem == nil { evaluate(rule.pointee.condition, bound: e, into: condition) }
        activeInLanesRead = -1
        if let problem = evaluationProblem {
            evaluationProblem = nil
            let lane = (0..<lanes).first { a[$0] != 0 && (repeating || slot[$0] == 0) } ?? 0
            throw error(problem, span: rule.pointee.span, lane: lane)
        }
        // The rule fires in the due lanes where its condition holds; one that fires once
        // marks them fired.
        var fired = LaneCondition(repeating: false)
        // One loop per kind of rule and per comparison, so that each vector does only its
        // own work (a repeating rule has no fired slot to read or mark).
        @inline(__always) func fire(where truth: (Int) -> LaneCondition) {
            if repeating {
                LaneVector.forEachVector(lanes) { s in
                    let holds = (a.vector(at: s) .!= zero) .& truth(s)
                    firedMask.set(holds, at: s)
                    fired .|= holds
                }
            } else {
                LaneVector.forEachVector(lanes) { s in
                    let done = slot.vector(at: s)
                    let holds = (a.vector(at: s) .!= zero) .& (done .== zero) .& truth(s)
                    firedMask.set(holds, at: s)
                    slot.store(done.replacing(with: one, where: holds), at: s)
                    fired .|= holds
                }
            }
        }
        if let (base, op, left, right, rightScale) = compared {
            // A comparison is 1 or 0, so it holds where it is true: compared in the same pass
            // (and the right side's last multiplication by a number with it; × 1 is exact).
            let (swap, test, negate) = Self.canonical(op)
            let x = swap ? right : left, y = swap ? left : right
            let xScale = LaneVector(repeating: swap ? rightScale : 1), yScale = LaneVector(repeating: swap ? 1 : rightScale)
            let flip = LaneCondition(repeating: negate)
            @inline(__always) func u(_ s: Int) -> LaneVector { x.vector(at: s) * xScale }
            @inline(__always) func v(_ s: Int) -> LaneVector { y.vector(at: s) * yScale }
            switch test {
            case .less: fire { s in (u(s) .< v(s)) .^ flip }
            case .lessEqual: fire { s in (u(s) .<= v(s)) .^ flip }
            default: fire { s in (u(s) .== v(s)) .^ flip }
            }
            top = base
        } else {
            // Any other condition holds where it is neither 0 nor NaN.
            fire { s in
                let c = condition.vector(at: s)
                return (c .!= zero) .& (c .== c)
            }
        }
        if !anyLane(fired) { return }
        // The first action runs where the rule fired, all of them lanes where `e` is active;
        // a later one checks again (an earlier action may have ended `e` in some lanes).
        let first = ruleActionsStart[r]
        for k in first..<ruleActionsStart[r + 1] {
            try perform(ruleActions[k], bound: e, lanesMask: firedMask, activeIn: k == first ? e : -1)
        }
    }

    /// Phase 4: flows from the state after phase 3, applied together.
    private func applyFlows() throws {
        if hasFormulaFlows { try applyFormulaFlows() } else { try applyStreamFlows() }
        let l = lanes
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

    /// Phase 4's own flows when some revenue or burn is a formula: a formula may read
    /// another entity's cash, so every entity's flows are worked out before any is booked.
    private func applyFormulaFlows() throws {
        let l = lanes
        for e in 0..<entityCount {
            let a = active.row(e)
            var any = false
            for s in 0..<l where a[s] != 0 { any = true; break }
            if !any {
                monthRevenue.row(e).update(repeating: 0, count: l)
                monthBurn.row(e).update(repeating: 0, count: l)
                monthSpend.row(e).update(repeating: 0, count: l)
                monthCompute.row(e).update(repeating: 0, count: l)
                monthChips.row(e).update(repeating: 0, count: l)
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
            if broken == 0 { continue }
            for s in 0..<l where a[s] != 0 && !(revenue[s].isFinite && burn[s].isFinite) {
                throw error(MessageFormat.brokenFlow(of: plan.model.entities[e].name, revenue: revenue[s], burn: burn[s]),
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
    }

    /// Phase 4's own flows when every revenue and burn is streams: an entity's flows then
    /// read only its own rows, so one pass over the lanes works out its month (revenue,
    /// burn, spend, compute, chips) and books it, with the arithmetic of the general path.
    private func applyStreamFlows() throws {
        // The month's flows are kept only at the horizon, where the results read them;
        // in other months they live in registers. Contract and build payments read as the
        // shared row of zeros for an entity with none (the same sum, one row less to load).
        let keep = step == plan.steps - 1
        let zero = LaneVector(repeating: 0)
        for e in 0..<entityCount {
            if settlesEarly(e) {
                try settle(e)
                continue
            }
            let a = active.row(e), streamsIn = streamTotal(e, revenue: true), streamsOut = streamTotal(e, revenue: false)
            let contracts = rents[e], builds = buildsAny[e]
            let opex = ownedOpex.row(e), rent = contracts ? rentPayments.row(e) : allZeros
            let build = builds ? buildPayments.row(e) : allZeros
            let owned = ownedCompute.row(e), rented = contracts ? rentedCompute.row(e) : allZeros
            let ownedN = ownedChips.row(e), rentedN = contracts ? rentedChips.row(e) : allZeros
            let money = cash.row(e), total = flop.row(e), u = utilization.row(e)
            let revenueRow = monthRevenue.row(e), burnRow = monthBurn.row(e), spendRow = monthSpend.row(e)
            let computeRow = monthCompute.row(e), chipsRow = monthChips.row(e)
            var broken = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let on = a.vector(at: s) .!= zero
                let revenue = zero.replacing(with: streamsIn.vector(at: s), where: on)
                let burn = zero.replacing(with: streamsOut.vector(at: s), where: on)
                let spend = zero.replacing(with: burn + opex.vector(at: s) + rent.vector(at: s) + build.vector(at: s), where: on)
                let compute = zero.replacing(with: owned.vector(at: s) + rented.vector(at: s), where: on)
                if keep {
                    revenueRow.store(revenue, at: s)
                    burnRow.store(burn, at: s)
                    spendRow.store(spend, at: s)
                    computeRow.store(compute, at: s)
                    chipsRow.store(zero.replacing(with: ownedN.vector(at: s) + rentedN.vector(at: s), where: on), at: s)
                }
                broken .|= on .& .!(revenue.finite .& burn.finite)
                let m = money.vector(at: s), f = total.vector(at: s)
                money.store(m.replacing(with: m + (revenue - spend), where: on), at: s)
                total.store(f.replacing(with: f + compute * u.vector(at: s), where: on), at: s)
            }
            guard anyLane(broken) else { continue }
            for s in 0..<lanes where a[s] != 0 && !(streamsIn[s].isFinite && streamsOut[s].isFinite) {
                throw error(MessageFormat.brokenFlow(of: plan.model.entities[e].name, revenue: streamsIn[s], burn: streamsOut[s]),
                            span: plan.entities[e].span, lane: s)
            }
        }
    }

    /// Phases 4, 5 and 7 for one entity in one pass (where `settlesEarly(e)`): its flows
    /// as `applyStreamFlows` books them, then, for a lab, the lanes where it ran out of
    /// cash, then its two streams grown as `grow` grows them. It leaves after the pass.
    private func settle(_ e: Int) throws {
        let zero = LaneVector(repeating: 0)
        let a = active.row(e), streamsIn = streamTotal(e, revenue: true), streamsOut = streamTotal(e, revenue: false)
        let factorIn = streamFactor.row(singleStream[2 * e]), factorOut = streamFactor.row(singleStream[2 * e + 1])
        let opex = ownedOpex.row(e), owned = ownedCompute.row(e)
        let money = cash.row(e), total = flop.row(e), u = utilization.row(e)
        let lab = LaneCondition(repeating: isLab[e])
        var leaving = LaneCondition(repeating: false)
        // The first vector with a broken flow, and its flows as read (before growth).
        var broken = (at: -1, lanes: LaneCondition(repeating: false), revenue: zero, burn: zero)
        LaneVector.forEachVector(lanes) { s in
            let on = a.vector(at: s) .!= zero
            let flowIn = streamsIn.vector(at: s), flowOut = streamsOut.vector(at: s)
            let revenue = zero.replacing(with: flowIn, where: on)
            let burn = zero.replacing(with: flowOut, where: on)
            // Rent and build payments are the row of zeros here, as `applyStreamFlows` reads them.
            let spend = zero.replacing(with: burn + opex.vector(at: s) + zero + zero, where: on)
            let compute = zero.replacing(with: owned.vector(at: s) + zero, where: on)
            let failing = on .& .!(revenue.finite .& burn.finite)
            if broken.at < 0 && anyLane(failing) { broken = (s, failing, flowIn, flowOut) }
            let m = money.vector(at: s), f = total.vector(at: s)
            let after = m.replacing(with: m + (revenue - spend), where: on)
            money.store(after, at: s)
            total.store(f.replacing(with: f + compute * u.vector(at: s), where: on), at: s)
            let out = lab .& on .& (after .< zero)
            mask.set(out, at: s)
            leaving .|= out
            streamsIn.store(zero + flowIn * factorIn.vector(at: s), at: s)
            streamsOut.store(zero + flowOut * factorOut.vector(at: s), at: s)
        }
        if broken.at >= 0 {
            // The first failing lane, named as the phase-by-phase order names it (the pass
            // went on, but a failed batch is thrown away).
            for k in 0..<LaneVector.scalarCount where broken.lanes[k] {
                throw error(MessageFormat.brokenFlow(of: plan.model.entities[e].name, revenue: broken.revenue[k], burn: broken.burn[k]),
                            span: plan.entities[e].span, lane: broken.at + k)
            }
        }
        settledEarly[e] = true
        if anyLane(leaving) { leave(e, as: .outOfCash, lanesMask: mask) }
    }

    /// Phase 5: labs below zero run out of cash (per lane).
    private func exitBankruptLabs() {
        let zero = LaneVector(repeating: 0)
        for k in 0..<plan.labs.count where !settledEarly[plan.labs[k]] {
            let e = plan.labs[k], a = active.row(e), money = cash.row(e)
            var some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let out = (a.vector(at: s) .!= zero) .& (money.vector(at: s) .< zero)
                mask.set(out, at: s)
                some .|= out
            }
            if anyLane(some) { leave(e, as: .outOfCash, lanesMask: mask) }
        }
    }

    /// Phase 7: growth, and the stream totals after it in the same pass: each stream is
    /// grown and added to its entity's total, the first stream of an entity and kind
    /// starting the total from zero, so the totals are summed in list order from zero
    /// exactly as `refreshTotals(of:)` sums them. A single stream is its own total
    /// (`singleStream`): it keeps `0 + value`, one row written instead of two.
    private func grow() {
        let zero = LaneVector(repeating: 0)
        let started = totalStarted
        started.update(repeating: false, count: 2 * entityCount)
        for (i, row) in streamRows.enumerated() {
            let k = 2 * row.owner + (row.isRevenue ? 0 : 1)
            let value = streamValue.row(i), factor = streamFactor.row(i), first = !started[k]
            started[k] = true
            if settledEarly[row.owner] { continue }
            if singleStream[k] == i {
                LaneVector.forEachVector(lanes) { s in value.store(zero + value.vector(at: s) * factor.vector(at: s), at: s) }
                continue
            }
            let total = row.isRevenue ? streamRevenue.row(row.owner) : streamBurn.row(row.owner)
            LaneVector.forEachVector(lanes) { s in
                let v = value.vector(at: s) * factor.vector(at: s)
                value.store(v, at: s)
                total.store((first ? zero : total.vector(at: s)) + v, at: s)
            }
        }
        for e in 0..<entityCount {
            if !started[2 * e] { streamRevenue.row(e).update(repeating: 0, count: lanes) }
            if !started[2 * e + 1] { streamBurn.row(e).update(repeating: 0, count: lanes) }
        }
        for c in 0..<chipCount {
            let price = chipPrice.row(c), factor = chipPriceFactor.row(c)
            LaneVector.forEachVector(lanes) { s in price.store(price.vector(at: s) * factor.vector(at: s), at: s) }
        }
    }

    /// An entity leaves in the masked lanes: flows, fleet, contracts and builds end there.
    func leave(_ e: Int, as newStatus: EntityStatus, lanesMask: LaneMask) {
        let zero = LaneVector(repeating: 0), code = LaneVector(repeating: Double(StatusCode.encode(newStatus)))
        let now = LaneVector(repeating: Double(step))
        let a = active.row(e), codes = status.row(e), steps = exitStep.row(e), fleetRows = fleet.row(e * chipCount)
        let l = lanes, kinds = chipCount
        LaneVector.forEachVector(l) { s in
            let leaving = lanesMask.condition(at: s)
            a.store(a.vector(at: s).replacing(with: zero, where: leaving), at: s)
            codes.store(codes.vector(at: s).replacing(with: code, where: leaving), at: s)
            steps.store(steps.vector(at: s).replacing(with: now, where: leaving), at: s)
            for c in 0..<kinds {
                let row = fleetRows + c * l
                row.store(row.vector(at: s).replacing(with: zero, where: leaving), at: s)
            }
        }
        var stillActive = LaneCondition(repeating: false)
        LaneVector.forEachVector(l) { s in stillActive .|= a.vector(at: s) .!= zero }
        activeAnywhere[e] = anyLane(stillActive)
        var dealings = false
        for (i, row) in contractRows.enumerated() where row.renter == e || row.provider == e {
            let payment = contractPayment.row(i), chips = contractChips.row(i)
            for s in 0..<lanes where lanesMask[s] { payment[s] = 0; chips[s] = 0 }
            dealings = true
        }
        for (i, row) in buildRows.enumerated() where row.builder == e {
            let payment = buildPayment.row(i)
            for s in 0..<lanes where lanesMask[s] { payment[s] = 0 }
            dealings = true
        }
        for (i, row) in deliveryRows.enumerated() where row.entity == e {
            let count = deliveryCount.row(i)
            for s in 0..<lanes where lanesMask[s] { count[s] = 0 }
        }
        // The totals that read what was zeroed: its fleet's; with contracts or builds, all of
        // its own and its contracts' other parties'. (Its streams are not zeroed: an
        // inactive entity's flows read as zero.)
        guard dealings else { refreshFleetTotals(of: e); return }
        refreshTotals(of: e)
        for row in contractRows where row.renter == e || row.provider == e {
            if row.renter != e { refreshTotals(of: row.renter) }
            if row.provider != e { refreshTotals(of: row.provider) }
        }
    }
}
