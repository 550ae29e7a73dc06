import RaceModel
import RaceSyntax

/// Phase 4 (docs/reference/month.md): every active entity's revenue, spend and compute, worked out from the state
/// after the rules and booked together; contract payments reach their counterparties.
extension LaneEngine {
    func applyFlows() throws(RunError) {
        if ledger.hasFormulaFlows { try applyFormulaFlows() } else { try applyStreamFlows() }
        if !ledger.loans.isEmpty { bookLoanPayments() }
        for i in ledger.contracts.order {
            let contract = ledger.contracts[i], payment = memory.row(contract.payment)
            let out = row(.paid, contract.renter), into = row(.cash, contract.provider), got = row(.received, contract.provider)
            LaneVector.forEachVector(lanes) { s in
                let p = payment.vector(at: s)
                out.store(out.vector(at: s) + p, at: s)
                into.store(into.vector(at: s) + p, at: s)
                got.store(got.vector(at: s) + p, at: s)
            }
        }
        for i in ledger.builds.order {
            let build = ledger.builds[i], payment = memory.row(build.payment), out = row(.paid, build.builder)
            LaneVector.forEachVector(lanes) { s in out.store(out.vector(at: s) + payment.vector(at: s), at: s) }
        }
    }

    /// Flows when some revenue or burn is a formula: a formula may read another entity's
    /// cash, so every entity's flows are worked out before any is booked.
    private func applyFormulaFlows() throws(RunError) {
        for e in 0..<entityCount {
            let revenue = row(.monthRevenue, e), burn = row(.monthBurn, e), spend = row(.monthSpend, e)
            guard ledger.activeAnywhere[e] else {
                for month in [revenue, burn, spend, row(.monthCompute, e), row(.monthChips, e)] { month.fill(0) }
                continue
            }
            flow(e, revenue: true, into: revenue)
            flow(e, revenue: false, into: burn)
            self.spend(e, burn: burn, into: spend)
            quantity(e, .compute, into: row(.monthCompute, e))
            quantity(e, .chips, into: row(.monthChips, e))
            let active = row(.active, e)
            if stack.evaluationProblem != nil || stack.arithmeticFailed {
                try checkEvaluation(span: plan.entities[e].span, lanes: activeLanes(e))
            }
            var broken = LaneCondition(repeating: false)
            let zero = LaneVector(repeating: 0)
            LaneVector.forEachVector(lanes) { s in
                broken .|= (active.vector(at: s) .!= zero) .& .!(revenue.vector(at: s).finite .& burn.vector(at: s).finite)
            }
            if anyLane(broken) { try rejectBrokenFlow(e, revenue: revenue, burn: burn) }
        }
        let zero = LaneVector(repeating: 0)
        for e in 0..<entityCount where ledger.activeAnywhere[e] {
            let a = row(.active, e), money = row(.cash, e), total = row(.flop, e), u = row(.utilization, e)
            let revenue = row(.monthRevenue, e), spend = row(.monthSpend, e), compute = row(.monthCompute, e)
            var overflowed = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let on = a.vector(at: s) .!= zero
                let m = money.vector(at: s), f = total.vector(at: s)
                let cash = m + (revenue.vector(at: s) - spend.vector(at: s)), flop = f + compute.vector(at: s) * u.vector(at: s)
                money.store(m.replacing(with: cash, where: on), at: s)
                total.store(f.replacing(with: flop, where: on), at: s)
                overflowed .|= on .& .!(cash.finite .& flop.finite)
            }
            if anyLane(overflowed) { try rejectOverflow(e) }
        }
    }

    /// The error for the first active lane whose cash or FLOP went past what a number holds.
    private func rejectOverflow(_ e: Int) throws(RunError) {
        let a = row(.active, e), money = row(.cash, e), total = row(.flop, e)
        for s in 0..<lanes where a[s] != 0 && !(money[s].isFinite && total[s].isFinite) {
            throw error(.overflow(entity: e, money[s].isFinite ? .flop : .cash), span: plan.entities[e].span, lane: s)
        }
    }

    /// Flows when every revenue and burn is streams: an entity's flows then read only its own
    /// rows, so one pass over the lanes works out its month and books it.
    private func applyStreamFlows() throws(RunError) {
        // The month's flows are kept when the month is recorded and at the horizon, where the
        // results read them; in other months they live in registers. Contract and build
        // payments read as the shared row of zeros for an entity with none.
        let keep = recorder != nil || step == plan.steps - 1
        let zero = LaneVector(repeating: 0), nothing = zeros
        for e in 0..<entityCount {
            guard ledger.activeAnywhere[e] || keep else { continue }
            if canSettleInOnePass(e) {
                try settle(e)
                continue
            }
            let a = row(.active, e), streamsIn = streamTotal(e, revenue: true), streamsOut = streamTotal(e, revenue: false)
            let renting = !ledger.rentedBy[e].isEmpty, building = !ledger.buildsOf[e].isEmpty
            let opex = row(.ownedOpex, e), rent = renting ? row(.rentPayments, e) : nothing
            let build = building ? row(.buildPayments, e) : nothing
            let loans = ledger.loansOf[e].isEmpty ? nothing : row(.loanPayments, e)
            let owned = row(.ownedCompute, e), rented = renting ? row(.rentedCompute, e) : nothing
            let ownedN = row(.ownedChips, e), rentedN = renting ? row(.rentedChips, e) : nothing
            let money = row(.cash, e), total = row(.flop, e), u = row(.utilization, e)
            let revenueRow = row(.monthRevenue, e), burnRow = row(.monthBurn, e), spendRow = row(.monthSpend, e)
            let computeRow = row(.monthCompute, e), chipsRow = row(.monthChips, e)
            var broken = LaneCondition(repeating: false), overflowed = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let on = a.vector(at: s) .!= zero
                let revenue = zero.replacing(with: streamsIn.vector(at: s), where: on)
                let burn = zero.replacing(with: streamsOut.vector(at: s), where: on)
                let spend = zero.replacing(with: burn + opex.vector(at: s) + rent.vector(at: s) + build.vector(at: s)
                                                 + loans.vector(at: s), where: on)
                let compute = zero.replacing(with: owned.vector(at: s) + rented.vector(at: s), where: on)
                if keep {
                    revenueRow.store(revenue, at: s)
                    burnRow.store(burn, at: s)
                    spendRow.store(spend, at: s)
                    computeRow.store(compute, at: s)
                    chipsRow.store(zero.replacing(with: ownedN.vector(at: s) + rentedN.vector(at: s), where: on), at: s)
                }
                let m = money.vector(at: s), f = total.vector(at: s)
                let cash = m + (revenue - spend), flop = f + compute * u.vector(at: s)
                money.store(m.replacing(with: cash, where: on), at: s)
                total.store(f.replacing(with: flop, where: on), at: s)
                // One test for both faults, as in `settle`.
                let failing = on .& .!(revenue + burn + cash + flop).finite
                if anyLane(failing) {
                    broken .|= on .& .!(revenue.finite .& burn.finite)
                    overflowed .|= on .& .!(cash.finite .& flop.finite)
                }
            }
            if anyLane(broken) { try rejectBrokenFlow(e, revenue: streamsIn, burn: streamsOut) }
            if anyLane(overflowed) { try rejectOverflow(e) }
        }
    }

    /// Whether entity `e` may settle phases 4, 5 and 7 of this month in one pass of its own
    /// (`settle`): its flows read only its own rows, and its exit and growth may come before
    /// the other entities' flows. That holds when no contract moves money between entities
    /// after the flows and the entity pays for no build (phase 4 books those after every
    /// entity's flows, and an exit would zero them first); when nothing reads the state
    /// between exits and growth (an expectation dated this month, the report's columns at the
    /// horizon, a recorder, the event log's order of exits); when no loan is paid (its
    /// payments are booked after the flows too); when the entity has no founding month (its
    /// streams do not grow before it); and when the entity has one revenue and one burn
    /// stream (growth then writes just them).
    func canSettleInOnePass(_ e: Int) -> Bool {
        fastPaths && ledger.contracts.isEmpty && ledger.loans.isEmpty && ledger.buildsOf[e].isEmpty && step < plan.steps - 1
            && !expectationDue[step] && plan.entities[e].founded == nil
            && recorder == nil && logLane == nil && ledger.singleStream[2 * e] >= 0 && ledger.singleStream[2 * e + 1] >= 0
    }

    /// Phases 4, 5 and 7 for one entity in one pass (where `canSettleInOnePass(e)`): its flows
    /// as `applyStreamFlows` books them, then, for a lab, the lanes where it ran out of cash,
    /// then its two streams grown as `grow` grows them. It leaves after the pass.
    private func settle(_ e: Int) throws(RunError) {
        assert(canSettleInOnePass(e), "settle(\(e)) outside its precondition")
        let zero = LaneVector(repeating: 0)
        let a = row(.active, e), streamsIn = streamTotal(e, revenue: true), streamsOut = streamTotal(e, revenue: false)
        let factorIn = memory.row(ledger.streams[ledger.singleStream[2 * e]].factor), factorOut = memory.row(ledger.streams[ledger.singleStream[2 * e + 1]].factor)
        let opex = row(.ownedOpex, e), owned = row(.ownedCompute, e)
        let money = row(.cash, e), total = row(.flop, e), u = row(.utilization, e)
        let lab = LaneCondition(repeating: isLab[e]), leaving = mask(.leaving)
        var out = LaneCondition(repeating: false), overflowed = LaneCondition(repeating: false)
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
            let m = money.vector(at: s), f = total.vector(at: s)
            let after = m.replacing(with: m + (revenue - spend), where: on), flop = f + compute * u.vector(at: s)
            money.store(after, at: s)
            total.store(f.replacing(with: flop, where: on), at: s)
            // One test for both faults: a sum of finite numbers is finite unless it is vast,
            // and then the lanes are looked at one by one (and found fine).
            let failing = on .& .!(revenue + burn + after + flop).finite
            if anyLane(failing) {
                let brokenLanes = on .& .!(revenue.finite .& burn.finite)
                if broken.at < 0 && anyLane(brokenLanes) { broken = (s, brokenLanes, flowIn, flowOut) }
                overflowed .|= on .& .!(after.finite .& flop.finite)
            }
            let leaves = lab .& on .& (after .< zero)
            leaving.set(leaves, at: s)
            out .|= leaves
            streamsIn.store(zero + flowIn * factorIn.vector(at: s), at: s)
            streamsOut.store(zero + flowOut * factorOut.vector(at: s), at: s)
        }
        if broken.at >= 0 {
            for k in 0..<LaneVector.scalarCount where broken.lanes[k] {
                let revenue = broken.revenue[k], burn = broken.burn[k]
                throw error(.brokenFlow(entity: e, revenue: !revenue.isFinite, value: revenue.isFinite ? burn : revenue),
                            span: plan.entities[e].span, lane: broken.at + k)
            }
        }
        if anyLane(overflowed) { try rejectOverflow(e) }
        ledger.settledEarly[e] = true
        if anyLane(out) { leave(e, as: .outOfCash, lanes: leaving) }
    }

    /// The error for the first active lane whose revenue or burn is not finite.
    private func rejectBrokenFlow(_ e: Int, revenue: LaneRow, burn: LaneRow) throws(RunError) {
        let a = row(.active, e)
        for s in 0..<lanes where a[s] != 0 && !(revenue[s].isFinite && burn[s].isFinite) {
            throw error(.brokenFlow(entity: e, revenue: !revenue[s].isFinite, value: revenue[s].isFinite ? burn[s] : revenue[s]),
                        span: plan.entities[e].span, lane: s)
        }
    }

    /// The lanes where `e` is active, as a mask (the `action` mask, borrowed).
    func activeLanes(_ e: Int) -> LaneMask {
        let lanesMask = mask(.action), a = row(.active, e), zero = LaneVector(repeating: 0)
        LaneVector.forEachVector(lanes) { s in lanesMask.set(a.vector(at: s) .!= zero, at: s) }
        return lanesMask
    }

    /// Phase 7: growth, and the stream totals after it in the same pass: each stream is grown
    /// and added to its entity's total, the first stream of an entity and kind starting the
    /// total from zero, so the totals are summed in creation order from zero exactly as
    /// `refreshStreamTotals(of:)` sums them. A single stream is its own total.
    func grow() {
        let zero = LaneVector(repeating: 0)
        for e in 0..<entityCount where !ledger.settledEarly[e] {
            if plan.entities[e].founded != nil && growBeforeFounding(e) { continue }
            // (Kinds counted, not listed: a literal array here was a heap allocation a month.)
            for k in 0..<2 {
                let revenue = k == 0
                let list = ledger.streamsOf[2 * e + k]
                if list.isEmpty { continue }
                if ledger.singleStream[2 * e + k] >= 0 {
                    let stream = ledger.streams[list[0]], value = memory.row(stream.value), factor = memory.row(stream.factor)
                    LaneVector.forEachVector(lanes) { s in value.store(zero + value.vector(at: s) * factor.vector(at: s), at: s) }
                    continue
                }
                let total = row(revenue ? .streamRevenue : .streamBurn, e)
                for (n, i) in list.enumerated() {
                    let value = memory.row(ledger.streams[i].value), factor = memory.row(ledger.streams[i].factor)
                    LaneVector.forEachVector(lanes) { s in
                        let v = value.vector(at: s) * factor.vector(at: s)
                        value.store(v, at: s)
                        total.store((n == 0 ? zero : total.vector(at: s)) + v, at: s)
                    }
                }
            }
        }
        for c in 0..<chipCount {
            let price = chipRow(.price, c), factor = chipRow(.priceFactor, c)
            LaneVector.forEachVector(lanes) { s in price.store(price.vector(at: s) * factor.vector(at: s), at: s) }
        }
    }

    /// Growth of an entity that is not founded in some lanes: its streams wait there (docs/reference/uncertain-events.md:
    /// they do not grow before the entity enters). Returns false, with nothing done, when it
    /// is founded in every lane (the usual growth then applies).
    private func growBeforeFounding(_ e: Int) -> Bool {
        let status = row(.status, e), waiting = Double(StatusCode.encode(.notFounded))
        guard (0..<lanes).contains(where: { status[$0] == waiting }) else { return false }
        for i in ledger.streamsOf[2 * e] + ledger.streamsOf[2 * e + 1] {
            let value = memory.row(ledger.streams[i].value), factor = memory.row(ledger.streams[i].factor)
            for s in 0..<lanes where status[s] != waiting { value[s] = value[s] * factor[s] }
        }
        refreshStreamTotals(of: e)
        return true
    }
}
