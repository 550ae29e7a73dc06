import RaceModel

/// Renting compute (docs/reference/actions.md, docs/reference/capacity.md): `X rents CHIP from Y for A over D` and, by quantity,
/// `X rents Q CHIP from Y [for A] over D`.
///
/// Capacity is conserved like money: when Y owns chips of the kind, the rented chips come out
/// of Y's own fleet for the contract's months (its `chips` and `compute` fall, X's rise; Y
/// keeps paying their opex), and return when the contract ends or either side leaves. With
/// fewer free chips than asked, X rents the free ones and pays in proportion (one warning per
/// contract). A provider owning none of that chip — a cloud whose capacity the scenario does
/// not model — rents without limit.
extension LaneEngine {
    func rent(_ renter: Int, _ chip: Int, _ provider: Int, quantity: Int?, isPower: Bool, amount amountFormula: Int?,
              months monthsFormula: Int, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        try requireAvailable(chip, context)
        let total = try amountFormula.map { f throws(RunError) in try amount(f, .contractAmount, &context) }
        let d = try months(monthsFormula, &context)
        let q = try quantity.map { f throws(RunError) in try amount(f, isPower ? .capacityBuilt : .chipCount, &context) }
        let asked = actionRow(context.nextRow), pay = actionRow(context.nextRow + 1), granted = actionRow(context.nextRow + 2)
        context.nextRow += 3
        let rent = chipRow(.rent, chip), power = chipRow(.power, chip), span = actionSpan(context.index), on = context.lanes
        for s in 0..<lanes where on[s] {
            // The chips asked for and the monthly pay: from the amount (A / D a month, at the
            // chip's rent), or from the quantity (at A / D, or the chips at the chip's rent).
            if q != nil, isPower && !(power[s] > 0) { throw error(.chipLacks(chip: chip, .power), span: span, lane: s) }
            if q == nil || total == nil, !(rent[s] > 0) { throw error(.chipLacks(chip: chip, .rent), span: span, lane: s) }
            let monthly = total.map { $0[s] / d[s].rounded() }
            asked[s] = q.map { isPower ? $0[s] / power[s] : $0[s] } ?? monthly! / rent[s]
            pay[s] = monthly ?? asked[s] * rent[s]
        }
        let x = resolve(renter, context.bound), y = resolve(provider, context.bound)
        let leasing = leaseFromFleet(of: y, chip: chip, asked: asked, into: granted, lanes: on)
        for s in 0..<lanes where on[s] && asked[s] > 0 && granted[s] < asked[s] { pay[s] *= granted[s] / asked[s] }
        for (length, lanesOfLength) in lengths(d, in: on) {
            let payment = memory.makeRow(), chips = memory.makeRow(), leased = leasing ? memory.makeRow() : nil
            let payRow = memory.row(payment), chipsRow = memory.row(chips)
            for s in lanesOfLength {
                payRow[s] = pay[s]
                chipsRow[s] = granted[s]
                if let leased, isLeased(y, chip, lane: s) { memory.row(leased)[s] = granted[s] }
            }
            addContract(ContractItem(renter: x, provider: y, chip: chip, lastStep: step + length - 1, payment: payment,
                                     chips: chips, leased: leased))
            if let lane = logLane, lanesOfLength.contains(lane), granted[lane] < asked[lane] {
                ledger.warnings.append(RunWarning(step: step, entity: x, kind: .partialLease(provider: y, chip: chip,
                                                                                           granted: granted[lane], asked: asked[lane])))
            }
        }
        refreshContractTotals(of: x)
        if leasing { refreshFleetTotals(of: y) }
        // The event log: the contract's total and length, the chips it got and asked for.
        let whole = actionRow(context.nextRow)
        context.nextRow += 1
        for s in 0..<lanes { whole[s] = granted[s] == asked[s] ? total?[s] ?? pay[s] * d[s] : pay[s] * d[s] }
        return ActionAmounts(whole, d, granted, asked)
    }

    /// Takes `asked` chips out of Y's own fleet where Y owns chips of the kind (its fleet of
    /// it, leased ones included, above 0), as many as are free; elsewhere Y rents without
    /// limit. Writes the chips granted and returns whether any lane took from the fleet.
    private func leaseFromFleet(of y: Int, chip: Int, asked: LaneRow, into granted: LaneRow, lanes on: LaneMask) -> Bool {
        let fleet = fleetRow(y, chip), leased = leasedRow(y, chip)
        var any = false
        for s in 0..<lanes {
            guard on[s], fleet[s] > 0 else {
                granted[s] = asked[s]
                continue
            }
            granted[s] = max(0, min(asked[s], fleet[s] - leased[s]))
            leased[s] += granted[s]
            any = true
        }
        return any
    }

    /// Whether Y's chips of the kind are leased out in lane `s` (it owns some).
    private func isLeased(_ y: Int, _ chip: Int, lane s: Int) -> Bool { fleetRow(y, chip)[s] > 0 }

    /// Chips leased out under `contract` return to its provider in `on` (the contract ended,
    /// or one side left).
    func returnLeasedChips(_ contract: ContractItem, lanes on: LaneMask?) {
        guard let leased = contract.leased, contract.chip >= 0 else { return }
        let lent = memory.row(leased), out = leasedRow(contract.provider, contract.chip)
        for s in 0..<lanes where on?[s] ?? true {
            out[s] = max(0, out[s] - lent[s])
            lent[s] = 0
        }
        refreshFleetTotals(of: contract.provider)
    }
}
