import RaceModel

/// `set X.FIELD = VALUE` (docs/reference/actions.md) for the stocks and ratios, and an entity leaving the race
/// (docs/reference/month.md "Leaving"): `X exits`, running out of cash, being acquired.
extension LaneEngine {
    func setValue(_ field: RowLayout.EntityField, of entity: Int, _ formula: Int, _ context: inout ActionContext) throws(RunError) {
        let quantity: RunQuantity = field == .cash ? .cash : field == .valuation ? .valuation : .utilization
        let v = try amount(formula, quantity, &context, negativeAllowed: true)
        let target = row(field, resolve(entity, context.bound))
        for s in 0..<lanes where context.lanes[s] { target[s] = v[s] }
    }

    /// Entity `e` leaves in the given lanes: its flows, compute and chips read as zero from
    /// now on, its fleet, contracts (on either side), builds and deliveries end there.
    func leave(_ e: Int, as newStatus: EntityStatus, lanes on: LaneMask) {
        let zero = LaneVector(repeating: 0), code = LaneVector(repeating: Double(StatusCode.encode(newStatus)))
        let now = LaneVector(repeating: Double(step))
        let a = row(.active, e), codes = row(.status, e), steps = row(.exitStep, e)
        if let lane = logLane, on[lane], a[lane] != 0, newStatus == .outOfCash {
            ledger.events.append(RunEvent(step: step, kind: .outOfCash, entity: e, bound: nil, amounts: []))
        }
        var stillActive = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let leaving = on.condition(at: s)
            let left = a.vector(at: s).replacing(with: zero, where: leaving)
            a.store(left, at: s)
            codes.store(codes.vector(at: s).replacing(with: code, where: leaving), at: s)
            steps.store(steps.vector(at: s).replacing(with: now, where: leaving), at: s)
            stillActive .|= left .!= zero
        }
        for c in 0..<chipCount {
            let owned = fleetRow(e, c), leased = leasedRow(e, c)
            LaneVector.forEachVector(lanes) { s in
                let leaving = on.condition(at: s)
                owned.store(owned.vector(at: s).replacing(with: zero, where: leaving), at: s)
                leased.store(leased.vector(at: s).replacing(with: zero, where: leaving), at: s)
            }
        }
        ledger.activeAnywhere[e] = anyLane(stillActive)
        var counterparties: Set<Int> = []
        for number in Set(ledger.rentedBy[e] + ledger.providedBy[e]).sorted() {
            let contract = ledger.contracts[number]
            // Chips leased from a provider return to it at once (docs/reference/capacity.md).
            if contract.renter == e { returnLeasedChips(contract, lanes: on) }
            zeroLanes(contract.payment, on)
            zeroLanes(contract.chips, on)
            if let leased = contract.leased { zeroLanes(leased, on) }
            counterparties.insert(contract.renter == e ? contract.provider : contract.renter)
        }
        for number in ledger.buildsOf[e] { zeroLanes(ledger.builds[number].payment, on) }
        for number in ledger.deliveriesOf[e] { zeroLanes(ledger.deliveries[number].count, on) }
        if !ledger.loansOf[e].isEmpty { defaultLoans(of: e, lanes: on) }
        // Totals that read what was zeroed: its own, and its contracts' other parties'. (Its
        // streams are not zeroed: an inactive entity's flows read as zero.)
        refreshFleetTotals(of: e)
        refreshContractTotals(of: e)
        for other in counterparties.sorted() where other != e { refreshContractTotals(of: other) }
    }

    private func zeroLanes(_ id: Int, _ on: LaneMask) {
        let values = memory.row(id)
        for s in 0..<lanes where on[s] { values[s] = 0 }
    }
}
