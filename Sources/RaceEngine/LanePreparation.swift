#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceSyntax

/// Month 0's state, and the checked evaluation that actions and declarations share.
extension LaneEngine {
    /// Draws, params, chips and entities as declared, before any phase runs.
    func prepare(_ draws: Draws) throws(RunError) {
        mask(.all).fill(true)
        for e in 0..<entityCount {
            row(.active, e).fill(1)
            row(.exitStep, e).fill(-1)
            row(.utilization, e).fill(0.4)
        }
        for c in 0..<chipCount { chipRow(.priceFactor, c).fill(1) }
        for k in plan.observations.indices { observationRow(k).fill(.nan) }
        try drawDistributions(draws)
        for (i, param) in plan.model.params.enumerated() {
            ensureParam(i)
            try checkArithmetic(in: nil, span: param.span)
            try rejectBadLanes(paramRow(i), .param(i), spanOf: { param.span }, lanes: nil, nonNegative: false)
        }
        for (c, chip) in plan.chips.enumerated() {
            let span = plan.model.chips[c].span
            if let f = chip.price { try values(f, .chipPrice(chip: c), span: span, into: chipRow(.price, c)) }
            if let g = chip.priceGrowth { try growthFactors(g, span: span, into: chipRow(.priceFactor, c)) }
            if let f = chip.perf { try values(f, .chipPerf, span: span, into: chipRow(.perf, c)) }
            if let f = chip.power { try values(f, .chipPower, span: span, into: chipRow(.power, c)) }
            if let f = chip.opex { try values(f, .chipOpex, span: span, into: chipRow(.opex, c)) }
            if let f = chip.rent { try values(f, .chipRent, span: span, into: chipRow(.rent, c)) }
            if let f = chip.lead {
                let lead = chipRow(.lead, c)
                try values(f, .chipLead, span: span, into: lead)
                for s in 0..<lanes where !(lead[s] >= 0 && lead[s] == lead[s].rounded() && lead[s] <= 1200) {
                    throw error(.leadNotWhole(value: lead[s]), span: span, lane: s)
                }
            }
        }
        let t = scratch(.third)
        let everywhere = mask(.all)
        for (e, entity) in plan.entities.enumerated() {
            let span = entity.span
            if let f = entity.cash { try values(f, .cash, span: span, into: row(.cash, e)) }
            if let f = entity.valuation { try values(f, .valuation, span: span, into: row(.valuation, e)) }
            if let f = entity.utilization { try values(f, .utilization, span: span, into: row(.utilization, e)) }
            for (chip, count) in entity.fleet {
                try values(count, .fleetSize, span: span, into: t)
                let fleet = fleetRow(e, chip)
                for s in 0..<lanes { fleet[s] += t[s] }
            }
            for (holder, share) in entity.owners {
                try values(share, .stake, span: span, into: t)
                let stake = stakeRowMaking(of: holder, in: e)
                for s in 0..<lanes { stake[s] += t[s] }
            }
            try install(entity.revenue, for: e, revenue: true, span: span, bound: -1, lanes: everywhere)
            try install(entity.burn, for: e, revenue: false, span: span, bound: -1, lanes: everywhere)
        }
        for e in 0..<entityCount { refreshTotals(of: e) }
        try checkOverflow(span: nil)
        try prepareSchedules()
    }

    /// Evaluates a formula into `target` and insists every lane (of `lanes`, if given) is
    /// finite — made so by no step that divided by zero — and, with `nonNegative`, not below
    /// zero: checked in one vector pass, the failing lane looked for only when there is one.
    func values(_ formula: Int, _ quantity: RunQuantity, span: Span?, bound: Int = -1, into target: LaneRow,
                lanes: LaneMask? = nil, nonNegative: Bool = false) throws(RunError) {
        try values(formula, quantity, spanOf: { span }, bound: bound, into: target, lanes: lanes, nonNegative: nonNegative)
    }

    /// `values`, with the span asked for only when there is an error: reading an action's
    /// span out of the plan counts a reference to its source, every month. With `checked`
    /// false the lanes are left for the caller to check in a pass of its own.
    func values(_ formula: Int, _ quantity: RunQuantity, spanOf: () -> Span?, bound: Int = -1, into target: LaneRow,
                lanes: LaneMask? = nil, nonNegative: Bool = false, checked: Bool = true) throws(RunError) {
        evaluate(formula, bound: bound, into: target)
        if let problem = stack.evaluationProblem {
            stack.evaluationProblem = nil
            throw error(problem, span: spanOf(), lane: lanes?.first() ?? 0)
        }
        // A value that is not finite is named for what it is; a step that went through a
        // non-finite value on its way to a finite one is still an error of its own.
        defer { forgetArithmetic() }
        if checked { try checkFinite(target, quantity, spanOf: spanOf, lanes: lanes, nonNegative: nonNegative) }
        if stack.arithmeticFailed { try checkArithmetic(in: lanes, span: spanOf()) }
    }

    /// Throws for the first lane (of `lanes`) whose value is not finite, or with `nonNegative`
    /// below zero: checked in one vector pass, the failing lane looked for only when there is one.
    private func checkFinite(_ target: LaneRow, _ quantity: RunQuantity, spanOf: () -> Span?, lanes: LaneMask?,
                             nonNegative: Bool) throws(RunError) {
        let floor = LaneVector(repeating: nonNegative ? 0 : -.infinity)
        var bad = LaneCondition(repeating: false)
        if let lanes {
            LaneVector.forEachVector(self.lanes) { s in
                let v = target.vector(at: s)
                bad .|= lanes.condition(at: s) .& .!(v.finite .& (v .>= floor))
            }
        } else {
            LaneVector.forEachVector(self.lanes) { s in
                let v = target.vector(at: s)
                bad .|= .!(v.finite .& (v .>= floor))
            }
        }
        if anyLane(bad) { try rejectBadLanes(target, quantity, spanOf: spanOf, lanes: lanes, nonNegative: nonNegative) }
    }

    /// Throws for the first lane (of `lanes`) that is not finite, else for the first below
    /// zero with `nonNegative`.
    func rejectBadLanes(_ target: LaneRow, _ quantity: RunQuantity, spanOf: () -> Span?, lanes: LaneMask?,
                        nonNegative: Bool) throws(RunError) {
        for s in 0..<self.lanes where !target[s].isFinite && (lanes?[s] ?? true) {
            throw error(.notFinite(quantity, value: target[s]), span: spanOf(), lane: s)
        }
        for s in 0..<self.lanes where nonNegative && target[s] < 0 && (lanes?[s] ?? true) {
            throw error(.negative(quantity, value: target[s]), span: spanOf(), lane: s)
        }
    }

    /// `(1 ± R·P)^(1/P)` per lane for a rate written per period P (docs/reference/units.md).
    func growthFactors(_ growth: GrowthPlan, span: Span?, bound: Int = -1, into target: LaneRow, lanes: LaneMask? = nil) throws(RunError) {
        try values(growth.rate, .growthRate, span: span, bound: bound, into: target, lanes: lanes)
        // A monthly rate (the usual case) needs no power: whole vectors, checked as they go.
        if growth.period == 1 {
            let one = LaneVector(repeating: 1), zero = LaneVector(repeating: 0), sign = LaneVector(repeating: growth.falling ? -1 : 1)
            var bad = LaneCondition(repeating: false)
            LaneVector.forEachVector(self.lanes) { s in
                // `-rate` is `rate × -1` exactly, and `× 1` (the period) changes nothing.
                let factor = one + target.vector(at: s) * sign
                target.store(factor, at: s)
                bad .|= .!(factor.finite .& (factor .>= zero))
            }
            if !anyLane(bad) { return }
            for s in 0..<self.lanes where (lanes?[s] ?? true) && !(target[s].isFinite && target[s] >= 0) {
                throw error(.fallsByMoreThanAll, span: span, lane: s)
            }
            return
        }
        for s in 0..<self.lanes {
            let rate = target[s]
            let base = 1 + (growth.falling ? -rate : rate) * growth.period
            let factor = pow(base, 1 / growth.period)
            if (lanes?[s] ?? true) && !(factor.isFinite && factor >= 0) {
                throw error(.fallsByMoreThanAll, span: span, lane: s)
            }
            target[s] = factor
        }
    }

    /// Replaces an entity's revenue or burn in the given lanes (a `set`, or the declaration).
    /// The new values are worked out before the old streams stop, so
    /// `set X.revenue = X.revenue growing 2%/month` reads the revenue as it was.
    func install(_ flow: FlowPlan, for entity: Int, revenue: Bool, span: Span?, bound: Int, lanes on: LaneMask) throws(RunError) {
        var newStreams: [(value: Int, factor: Int)] = []
        if case .streams(let list) = flow {
            for stream in list {
                let value = memory.makeRow(), factor = memory.makeRow(fill: 1)
                newStreams.append((value, factor))
                try values(stream.initial, revenue ? .revenue : .burn, span: span, bound: bound, into: memory.row(value), lanes: on)
                if let g = stream.growth { try growthFactors(g, span: span, bound: bound, into: memory.row(factor), lanes: on) }
            }
        }
        // The old streams stop in these lanes; one that stops in every lane is gone.
        let kind = 2 * entity + (revenue ? 0 : 1)
        var kept: [Int] = []
        for i in ledger.streamsOf[kind] {
            let stream = ledger.streams[i], value = memory.row(stream.value)
            for s in 0..<lanes where on[s] { value[s] = 0 }
            if value.anyNonZero() {
                kept.append(i)
            } else {
                memory.release(stream.value)
                memory.release(stream.factor)
            }
        }
        ledger.streamsOf[kind] = kept
        for (value, factor) in newStreams {
            let v = memory.row(value), f = memory.row(factor)
            for s in 0..<lanes where !on[s] {
                v[s] = 0
                f[s] = 1
            }
            ledger.streams.append(StreamItem(owner: entity, isRevenue: revenue, value: value, factor: factor))
            ledger.streamsOf[kind].append(ledger.streams.count - 1)
        }
        let uses = row(revenue ? .usesRevenueFormula : .usesBurnFormula, entity)
        if case .formula(let f) = flow {
            ledger.hasFormulaFlows = true
            if revenue { ledger.revenueFormula[entity] = f } else { ledger.burnFormula[entity] = f }
            for s in 0..<lanes where on[s] { uses[s] = 1 }
        } else {
            for s in 0..<lanes where on[s] { uses[s] = 0 }
        }
        refreshStreamTotals(of: entity)
    }
}
