import RaceModel

/// Compute (docs/reference/actions.md): buying chips, renting them, building capacity.
extension LaneEngine {
    /// `X buys N CHIP [from Y] [for A]`: N × CHIP.price now, or A when a price was agreed.
    func buyChips(_ buyer: Int, _ countFormula: Int, _ chip: Int, _ seller: Int?, _ priceFormula: Int?,
                  _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        try requireAvailable(chip, context)
        let n = try amount(countFormula, .chipCount, &context)
        let agreed = try priceFormula.map { f throws(RunError) in try amount(f, .price, &context) }
        buy(chip, by: resolve(buyer, context.bound), from: seller.map { resolve($0, context.bound) }, cost: agreed,
            lanes: context.lanes, count: n) { s, _ in n.vector(at: s) }
        return agreed.map { ActionAmounts(n, $0) } ?? ActionAmounts(n)
    }

    /// `X buys A of CHIP [from Y]`: N = A / CHIP.price(now). The amount is worked out
    /// (`L.cash * 10%`: the product too), then checked, divided by the price and spent in one
    /// pass; the failing lane is looked for only when there is one (a failed batch is thrown
    /// away, so the pass need not stop before it).
    func buyChipsWorth(_ buyer: Int, _ amountFormula: Int, _ chip: Int, _ seller: Int?, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        try requireAvailable(chip, context)
        let (base, a, scale) = product(amountFormula, bound: context.bound)
        defer { stack.top = base }
        let index = context.index
        try checkEvaluation(span: self.actionSpan(index), lanes: context.lanes)
        let n = actionRow(context.nextRow), spent = actionRow(context.nextRow + 1), paidPrice = actionRow(context.nextRow + 2)
        context.nextRow += 3
        let on = context.lanes, price = chipRow(.price, chip), factor = LaneVector(repeating: scale), zero = LaneVector(repeating: 0)
        var bad = LaneCondition(repeating: false), unpriced = LaneCondition(repeating: false)
        buy(chip, by: resolve(buyer, context.bound), from: seller.map { resolve($0, context.bound) }, cost: nil, lanes: on,
            count: n) { s, buying in
            let amount = a.vector(at: s) * factor, p = price.vector(at: s)
            bad .|= buying .& .!(amount.finite .& (amount .>= zero))
            unpriced .|= buying .& .!(p .> zero)
            spent.store(amount, at: s)
            return amount / p
        }
        if anyLane(bad) {
            try rejectBadLanes(spent, .amountSpent, spanOf: { self.actionSpan(index) }, lanes: on, nonNegative: true)
        }
        if anyLane(unpriced) {
            for s in 0..<lanes where on[s] && !(price[s] > 0) {
                throw error(.chipLacks(chip: chip, .price), span: actionSpan(index), lane: s)
            }
        }
        paidPrice.copy(from: price)
        return ActionAmounts(spent, n, paidPrice)
    }

    /// Buys chips in the given lanes at `cost` in all (nil: at the chip's price now), in one
    /// pass: `counting` gives each vector's count (kept in `countRow` for the seller and the
    /// deliveries), the buyer pays, chips without a lead time join its fleet at once (the
    /// others are delivered), and its fleet totals are summed again (over the chips from zero,
    /// as `refreshFleetTotals(of:)` sums them).
    @inline(__always)
    private func buy(_ chip: Int, by buyer: Int, from seller: Int?, cost agreed: LaneRow?, lanes on: LaneMask,
                     count countRow: LaneRow, counting: (Int, LaneCondition) -> LaneVector) {
        let listPrice = chipRow(.price, chip), lead = chipRow(.lead, chip), zero = LaneVector(repeating: 0)
        // What is paid: the agreed total, or the count at the list price.
        let price = agreed ?? listPrice, isAgreed = agreed != nil
        let money = row(.cash, buyer), out = row(.paid, buyer), owned = fleetRow(buyer, chip)
        let compute = row(.ownedCompute, buyer), chips = row(.ownedChips, buyer), opex = row(.ownedOpex, buyer)
        let fleet = fleetBlock(buyer), leased = leasedBlock(buyer), perf = chipBlock(.perf), cost = chipBlock(.opex)
        let kinds = chipCount
        var delayed = LaneCondition(repeating: false), overflowing = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let buying = on.condition(at: s), n = counting(s, buying)
            countRow.store(n, at: s)
            let paying = isAgreed ? price.vector(at: s) : n * price.vector(at: s)
            let now = lead.vector(at: s) .== zero
            let m = money.vector(at: s), o = out.vector(at: s)
            money.store(m.replacing(with: m - paying, where: buying), at: s)
            out.store(o.replacing(with: o + paying, where: buying), at: s)
            let had = owned.vector(at: s)
            owned.store(had.replacing(with: had + n, where: buying .& now), at: s)
            delayed .|= buying .& .!now
            var totalCompute = zero, totalChips = zero, totalOpex = zero
            for c in 0..<kinds {
                // Chips leased out run for the renter; their owner still pays their opex.
                let u = fleet[c].vector(at: s), working = u - leased[c].vector(at: s)
                totalCompute = totalCompute + working * perf[c].vector(at: s)
                totalChips = totalChips + working
                totalOpex = totalOpex + u * cost[c].vector(at: s)
            }
            compute.store(totalCompute, at: s)
            chips.store(totalChips, at: s)
            opex.store(totalOpex, at: s)
            overflowing .|= .!(totalCompute.finite .& totalOpex.finite)
        }
        if anyLane(overflowing) { noteOverflow(of: buyer, compute) }
        if let seller {
            let money = row(.cash, seller), got = row(.received, seller)
            for s in 0..<lanes {
                let cost = agreed?[s] ?? countRow[s] * price[s]
                money[s] = on[s] ? money[s] + cost : money[s]
                got[s] = on[s] ? got[s] + cost : got[s]
            }
        }
        guard anyLane(delayed) else { return }
        // Lead times may differ between lanes: one delivery per lead time.
        for months in Set((0..<lanes).filter { on[$0] && lead[$0] != 0 }.map { Int(lead[$0]) }).sorted() {
            let delivery = memory.makeRow(), arriving = memory.row(delivery)
            for s in 0..<lanes where on[s] && Int(lead[s]) == months { arriving[s] = countRow[s] }
            ledger.deliveriesOf[buyer].append(ledger.deliveries.add(DeliveryItem(entity: buyer, chip: chip, step: step + months, count: delivery)))
        }
    }

    /// `X builds W of CHIP for A over D`: X pays A / D a month for D months; W / CHIP.power
    /// chips join its fleet in month `now + D`.
    func build(_ builder: Int, _ powerFormula: Int, _ chip: Int, _ amountFormula: Int, _ monthsFormula: Int,
               _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        try requireAvailable(chip, context)
        let w = try amount(powerFormula, .capacityBuilt, &context)
        let a = try amount(amountFormula, .buildCost, &context)
        let d = try months(monthsFormula, &context)
        let on = context.lanes, power = chipRow(.power, chip), x = resolve(builder, context.bound)
        for length in Set((0..<lanes).filter { on[$0] }.map { Int(d[$0]) }).sorted() {
            let payment = memory.makeRow(), delivery = memory.makeRow()
            let pay = memory.row(payment), count = memory.row(delivery)
            for s in 0..<lanes where on[s] && Int(d[s]) == length {
                guard power[s] > 0 else { throw error(.chipLacks(chip: chip, .power), span: actionSpan(context.index), lane: s) }
                pay[s] = a[s] / Double(length)
                count[s] = w[s] / power[s]
            }
            ledger.buildsOf[x].append(ledger.builds.add(BuildItem(builder: x, lastStep: step + length - 1, payment: payment)))
            ledger.deliveriesOf[x].append(ledger.deliveries.add(DeliveryItem(entity: x, chip: chip, step: step + length, count: delivery)))
        }
        refreshContractTotals(of: x)
        return ActionAmounts(w, a, d)
    }
}
