import RaceModel

/// Consolidation (§5): `acquires` and `acquihires`.
extension LaneEngine {
    /// `Y acquires X [for A]`: Y pays A to X's holders by stake; X's cash, fleet, contracts,
    /// builds and streams pass to Y; X leaves ("acquired by Y").
    func acquire(_ buyer: Int, _ target: Int, _ priceFormula: Int?, _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
        let y = resolve(buyer, context.bound), x = resolve(target, context.bound), on = context.lanes
        let price = try priceFormula.map { f throws(RunError) in try amount(f, .price, &context) }
        payHolders(of: x, by: y, amount: price, lanes: on)
        let cashX = row(.cash, x), cashY = row(.cash, y)
        for s in 0..<lanes where on[s] {
            cashY[s] += cashX[s]
            cashX[s] = 0
            for c in 0..<chipCount {
                fleetRow(y, c)[s] += fleetRow(x, c)[s]
                fleetRow(x, c)[s] = 0
            }
        }
        // In the order they were made, whichever side X stands on: payments are booked in
        // that order, and so summed.
        for number in Set(rentedBy[x] + providedBy[x]).sorted() { moveContract(number, from: x, to: y, lanes: on) }
        for number in buildsOf[x] {
            let build = builds[number]
            let moved = moveLanes(of: build.payment, lanes: on)
            buildsOf[y].append(builds.add(BuildItem(builder: y, lastStep: build.lastStep, payment: moved)))
        }
        for number in deliveriesOf[x] {
            let delivery = deliveries[number]
            let moved = moveLanes(of: delivery.count, lanes: on)
            deliveriesOf[y].append(deliveries.add(DeliveryItem(entity: y, chip: delivery.chip, step: delivery.step, count: moved)))
        }
        for kind in 0..<2 {
            for i in streamsOf[2 * x + kind] { moveStream(i, to: y, lanes: on) }
        }
        stopFormulaFlows(of: x, lanes: on)
        leave(x, as: .acquired(by: y), lanes: on)
        refreshTotals(of: y)
        return price.map { [$0] } ?? []
    }

    /// `Y acquihires X [for A]`: Y pays A to X's holders by stake; X's burn joins Y's; X's
    /// remaining cash goes to its holders by stake; its revenue, fleet and contracts end.
    func acquihire(_ buyer: Int, _ target: Int, _ priceFormula: Int?, _ context: inout ActionContext) throws(RunError) -> [LaneRow] {
        let y = resolve(buyer, context.bound), x = resolve(target, context.bound), on = context.lanes
        let price = try priceFormula.map { f throws(RunError) in try amount(f, .price, &context) }
        payHolders(of: x, by: y, amount: price, lanes: on)
        if let formula = burnFormula[x] {
            // A formula burn joins the buyer as its value this month, a stream that does not grow.
            let current = actionRow(context.nextRow)
            context.nextRow += 1
            evaluate(formula, bound: x, into: current)
            evaluationProblem = nil
            forgetArithmetic()
            let uses = row(.usesBurnFormula, x), value = memory.makeRow(), factor = memory.makeRow(fill: 1)
            let v = memory.row(value)
            for s in 0..<lanes { v[s] = on[s] && uses[s] != 0 && current[s].isFinite ? current[s] : 0 }
            streams.append(StreamItem(owner: y, isRevenue: false, value: value, factor: factor))
            streamsOf[2 * y + 1].append(streams.count - 1)
        }
        for i in streamsOf[2 * x + 1] { moveStream(i, to: y, lanes: on) }
        for i in streamsOf[2 * x] {
            let value = memory.row(streams[i].value)
            for s in 0..<lanes where on[s] { value[s] = 0 }
        }
        let cash = row(.cash, x)
        for s in 0..<lanes where on[s] {
            if cash[s] > 0 { distribute(cash[s], amongHoldersOf: x, lane: s) }
            cash[s] = 0
        }
        stopFormulaFlows(of: x, lanes: on)
        leave(x, as: .acquihired(by: y), lanes: on)
        refreshStreamTotals(of: x)
        refreshStreamTotals(of: y)
        return price.map { [$0] } ?? []
    }

    /// The buyer pays `amount` (nothing when nil), shared among X's tracked holders by stake.
    private func payHolders(of x: Int, by y: Int, amount: LaneRow?, lanes on: LaneMask) {
        let money = row(.cash, y), out = row(.paid, y)
        for s in 0..<lanes where on[s] {
            let a = amount?[s] ?? 0
            money[s] -= a
            out[s] += a
            distribute(a, amongHoldersOf: x, lane: s)
        }
    }

    private func distribute(_ amount: Double, amongHoldersOf x: Int, lane s: Int) {
        for h in holdersOf[x] {
            let share = stakeRow(of: h, in: x)![s]
            if share > 0 {
                row(.cash, h)[s] += amount * share
                row(.received, h)[s] += amount * share
            }
        }
    }

    /// A new row holding `id`'s values in the given lanes (0 elsewhere), those lanes of `id`
    /// zeroed: the row "moved" in some lanes.
    private func moveLanes(of id: Int, lanes on: LaneMask) -> Int {
        let moved = memory.makeRow(), from = memory.row(id), to = memory.row(moved)
        for s in 0..<lanes where on[s] {
            to[s] = from[s]
            from[s] = 0
        }
        return moved
    }

    /// Stream `i` passes to `y` in the given lanes, with its growth.
    private func moveStream(_ i: Int, to y: Int, lanes on: LaneMask) {
        let stream = streams[i], factor = memory.makeRow()
        memory.row(factor).copy(from: memory.row(stream.factor))
        streams.append(StreamItem(owner: y, isRevenue: stream.isRevenue, value: moveLanes(of: stream.value, lanes: on), factor: factor))
        streamsOf[2 * y + (stream.isRevenue ? 0 : 1)].append(streams.count - 1)
    }

    /// Contract `number` passes to `y` (on whichever side X stands) in the given lanes.
    private func moveContract(_ number: Int, from x: Int, to y: Int, lanes on: LaneMask) {
        var contract = contracts[number]
        contract.payment = moveLanes(of: contract.payment, lanes: on)
        contract.chips = moveLanes(of: contract.chips, lanes: on)
        if contract.renter == x { contract.renter = y }
        if contract.provider == x { contract.provider = y }
        let moved = contracts.add(contract)
        rentedBy[contract.renter].append(moved)
        providedBy[contract.provider].append(moved)
        if contract.renter != y { refreshContractTotals(of: contract.renter) }
    }

    /// X's revenue and burn formulas stop in the given lanes.
    private func stopFormulaFlows(of x: Int, lanes on: LaneMask) {
        let revenue = row(.usesRevenueFormula, x), burn = row(.usesBurnFormula, x)
        for s in 0..<lanes where on[s] {
            revenue[s] = 0
            burn[s] = 0
        }
    }
}
