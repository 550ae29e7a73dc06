import RaceModel

/// Compute (§5): buying chips, renting them, building capacity.
extension LaneEngine {
    /// `X buys N CHIP [from Y]`.
    func buyChips(_ buyer: Int, _ countFormula: Int, _ chip: Int, _ seller: Int?, _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
        try requireAvailable(chip, context)
        let n = try amount(countFormula, .chipCount, &context)
        buy(n, chip, by: resolve(buyer, context.bound), from: seller.map { resolve($0, context.bound) }, lanes: context.lanes)
        return [n]
    }

    /// `X buys A of CHIP [from Y]`: N = A / CHIP.price(now). The amount is worked out
    /// (`L.cash * 10%`: the product too), checked, and divided by the price in one pass; the
    /// failing lane is looked for only when there is one.
    func buyChipsWorth(_ buyer: Int, _ amountFormula: Int, _ chip: Int, _ seller: Int?, _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
        try requireAvailable(chip, context)
        let (base, a, scale) = product(amountFormula, bound: context.bound)
        defer { top = base }
        let index = context.index
        try checkEvaluation(span: self.actionSpan(index), lanes: context.lanes)
        let n = actionRow(context.nextRow), spent = actionRow(context.nextRow + 1)
        context.nextRow += 2
        let on = context.lanes, price = chipRow(.price, chip), factor = LaneVector(repeating: scale), zero = LaneVector(repeating: 0)
        var bad = LaneCondition(repeating: false), unpriced = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let buying = on.condition(at: s), amount = a.vector(at: s) * factor, p = price.vector(at: s)
            bad .|= buying .& .!(amount.finite .& (amount .>= zero))
            unpriced .|= buying .& .!(p .> zero)
            spent.store(amount, at: s)
            n.store(amount / p, at: s)
        }
        if anyLane(bad) {
            try rejectBadLanes(spent, .amountSpent, spanOf: { self.actionSpan(index) }, lanes: on, nonNegative: true)
        }
        if anyLane(unpriced) {
            for s in 0..<lanes where on[s] && !(price[s] > 0) {
                throw error(.chipLacks(chip: chip, .price), span: actionSpan(index), lane: s)
            }
        }
        let paidPrice = actionRow(context.nextRow)
        context.nextRow += 1
        paidPrice.copy(from: price)
        buy(n, chip, by: resolve(buyer, context.bound), from: seller.map { resolve($0, context.bound) }, lanes: on)
        return [spent, n, paidPrice]
    }

    /// Buys `count` chips in the given lanes: the buyer pays, chips without a lead time join
    /// its fleet at once (the others are delivered), and its fleet totals are summed again in
    /// the same pass (over the chips from zero, as `refreshFleetTotals(of:)` sums them).
    private func buy(_ count: LaneRow, _ chip: Int, by buyer: Int, from seller: Int?, lanes on: LaneMask) {
        let price = chipRow(.price, chip), lead = chipRow(.lead, chip), zero = LaneVector(repeating: 0)
        let money = row(.cash, buyer), out = row(.paid, buyer), owned = fleetRow(buyer, chip)
        let compute = row(.ownedCompute, buyer), chips = row(.ownedChips, buyer), opex = row(.ownedOpex, buyer)
        var delayed = LaneCondition(repeating: false), overflowing = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let buying = on.condition(at: s), n = count.vector(at: s), paying = n * price.vector(at: s)
            let now = lead.vector(at: s) .== zero
            let m = money.vector(at: s), o = out.vector(at: s)
            money.store(m.replacing(with: m - paying, where: buying), at: s)
            out.store(o.replacing(with: o + paying, where: buying), at: s)
            let had = owned.vector(at: s)
            owned.store(had.replacing(with: had + n, where: buying .& now), at: s)
            delayed .|= buying .& .!now
            var totalCompute = zero, totalChips = zero, totalOpex = zero
            for c in 0..<chipCount {
                let u = fleetRow(buyer, c).vector(at: s)
                totalCompute = totalCompute + u * chipRow(.perf, c).vector(at: s)
                totalChips = totalChips + u
                totalOpex = totalOpex + u * chipRow(.opex, c).vector(at: s)
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
                let cost = count[s] * price[s]
                money[s] = on[s] ? money[s] + cost : money[s]
                got[s] = on[s] ? got[s] + cost : got[s]
            }
        }
        guard anyLane(delayed) else { return }
        // Lead times may differ between lanes: one delivery per lead time.
        for months in Set((0..<lanes).filter { on[$0] && lead[$0] != 0 }.map { Int(lead[$0]) }).sorted() {
            let delivery = memory.makeRow(), arriving = memory.row(delivery)
            for s in 0..<lanes where on[s] && Int(lead[s]) == months { arriving[s] = count[s] }
            deliveriesOf[buyer].append(deliveries.add(DeliveryItem(entity: buyer, chip: chip, step: step + months, count: delivery)))
        }
    }

    /// `X rents CHIP from Y for A over D`: a contract of A / D a month for D months, during
    /// which X has (A / D) / CHIP.rent chips rented.
    func rent(_ renter: Int, _ chip: Int, _ provider: Int, _ amountFormula: Int, _ monthsFormula: Int,
              _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
        try requireAvailable(chip, context)
        let a = try amount(amountFormula, .contractAmount, &context)
        let d = try months(monthsFormula, &context)
        let on = context.lanes, rent = chipRow(.rent, chip), x = resolve(renter, context.bound), y = resolve(provider, context.bound)
        // Contracts of different lengths in different lanes get one contract per length.
        for length in Set((0..<lanes).filter { on[$0] }.map { Int(d[$0]) }).sorted() {
            let payment = memory.makeRow(), chips = memory.makeRow()
            let pay = memory.row(payment), count = memory.row(chips)
            for s in 0..<lanes where on[s] && Int(d[s]) == length {
                guard rent[s] > 0 else { throw error(.chipLacks(chip: chip, .rent), span: actionSpan(context.index), lane: s) }
                pay[s] = a[s] / Double(length)
                count[s] = pay[s] / rent[s]
            }
            let number = contracts.add(ContractItem(renter: x, provider: y, chip: chip, lastStep: step + length - 1,
                                                    payment: payment, chips: chips))
            rentedBy[x].append(number)
            providedBy[y].append(number)
        }
        refreshContractTotals(of: x)
        return [a, d]
    }

    /// `X builds W of CHIP for A over D`: X pays A / D a month for D months; W / CHIP.power
    /// chips join its fleet in month `now + D`.
    func build(_ builder: Int, _ powerFormula: Int, _ chip: Int, _ amountFormula: Int, _ monthsFormula: Int,
               _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
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
            buildsOf[x].append(builds.add(BuildItem(builder: x, lastStep: step + length - 1, payment: payment)))
            deliveriesOf[x].append(deliveries.add(DeliveryItem(entity: x, chip: chip, step: step + length, count: delivery)))
        }
        refreshContractTotals(of: x)
        return [w, a, d]
    }
}
