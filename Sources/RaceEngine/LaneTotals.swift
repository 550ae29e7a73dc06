import RaceSyntax

/// Per-entity totals of streams, fleets, contracts and builds, refreshed whenever one of
/// those changes (an action, a delivery, an exit, growth), so that reading a quantity in a
/// rule or formula costs one row, not a scan. Each refresh reads only what the entity holds
/// (its own lists), so its cost does not grow with the scenario.
extension LaneEngine {
    func refreshTotals(of e: Int) {
        refreshFleetTotals(of: e)
        refreshStreamTotals(of: e)
        refreshContractTotals(of: e)
    }

    /// An entity's owned compute, chips and opex, summed over the chips from zero. Chips
    /// leased out run for their renter: they count in the owner's opex, not its compute.
    func refreshFleetTotals(of e: Int) {
        let compute = row(.ownedCompute, e), chips = row(.ownedChips, e), opex = row(.ownedOpex, e)
        let zero = LaneVector(repeating: 0)
        if chipCount == 0 {
            for total in [compute, chips, opex] { total.fill(0) }
            return
        }
        var bad = LaneCondition(repeating: false)
        let fleet = fleetBlock(e), leased = leasedBlock(e), perfs = chipBlock(.perf), costs = chipBlock(.opex)
        for chip in 0..<chipCount {
            let count = fleet[chip], out = leased[chip], perf = perfs[chip], cost = costs[chip]
            let first = chip == 0, last = chip == chipCount - 1
            LaneVector.forEachVector(lanes) { s in
                let n = count.vector(at: s), working = n - out.vector(at: s)
                let c = (first ? zero : compute.vector(at: s)) + working * perf.vector(at: s)
                let o = (first ? zero : opex.vector(at: s)) + n * cost.vector(at: s)
                compute.store(c, at: s)
                chips.store((first ? zero : chips.vector(at: s)) + working, at: s)
                opex.store(o, at: s)
                if last { bad .|= .!(c.finite .& o.finite) }
            }
        }
        if anyLane(bad) { noteOverflow(of: e, compute) }
    }

    /// Notes entity `e`'s totals overflowed (compute, else opex) for `checkOverflow`.
    func noteOverflow(of e: Int, _ compute: LaneRow) {
        if ledger.overflow != nil { return }
        let computeBroken = (0..<lanes).contains { !compute[$0].isFinite }
        ledger.overflow = (e, computeBroken ? .compute : .spend)
    }

    /// Throws when some entity's totals overflowed since the last check.
    func checkOverflow(span: Span?) throws(RunError) {
        guard let (e, quantity) = ledger.overflow else { return }
        ledger.overflow = nil
        let compute = row(.ownedCompute, e)
        throw error(.overflow(entity: e, quantity), span: span ?? plan.entities[e].span,
                    lane: (0..<lanes).first { !compute[$0].isFinite } ?? 0)
    }

    /// An entity's revenue and burn from streams, summed from zero in creation order. A kind
    /// with one stream keeps its total in the stream's own row (`singleStream`): the row then
    /// holds `0 + value`, which only ever turns −0 into +0, and every reader of a stream's
    /// row adds it to zero anyway.
    func refreshStreamTotals(of e: Int) {
        for k in 0..<2 {
            let revenue = k == 0
            let list = ledger.streamsOf[2 * e + k]
            let total = row(revenue ? .streamRevenue : .streamBurn, e)
            total.fill(0)
            for i in list {
                let value = memory.row(ledger.streams[i].value)
                LaneVector.forEachVector(lanes) { s in total.store(total.vector(at: s) + value.vector(at: s), at: s) }
            }
            if list.count == 1 {
                ledger.singleStream[2 * e + k] = list[0]
                memory.row(ledger.streams[list[0]].value).copy(from: total)
            } else {
                ledger.singleStream[2 * e + k] = -1
            }
        }
    }

    /// An entity's rented compute and chips and its contract and build payments.
    func refreshContractTotals(of e: Int) {
        let rentedCompute = row(.rentedCompute, e), rentedChips = row(.rentedChips, e), rent = row(.rentPayments, e)
        rentedCompute.fill(0)
        rentedChips.fill(0)
        rent.fill(0)
        for i in ledger.rentedBy[e] {
            let contract = ledger.contracts[i], payment = memory.row(contract.payment)
            for s in 0..<lanes { rent[s] += payment[s] }
            // A payment contract has no chips.
            guard contract.chip >= 0 else { continue }
            let count = memory.row(contract.chips), perf = chipRow(.perf, contract.chip)
            for s in 0..<lanes {
                rentedCompute[s] += count[s] * perf[s]
                rentedChips[s] += count[s]
            }
        }
        let build = row(.buildPayments, e)
        build.fill(0)
        for i in ledger.buildsOf[e] {
            let payment = memory.row(ledger.builds[i].payment)
            for s in 0..<lanes { build[s] += payment[s] }
        }
    }
}
