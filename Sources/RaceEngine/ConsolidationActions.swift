import RaceModel

/// Consolidation (docs/reference/actions.md): `acquires` and `acquihires`.
extension LaneEngine {
    /// `Y acquires X [for A]`: Y pays A to X's holders by stake; X's cash, fleet, contracts,
    /// builds and streams pass to Y; X leaves ("acquired by Y").
    func acquire(_ buyer: Int, _ target: Int, _ priceFormula: Int?, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
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
                leasedRow(y, c)[s] += leasedRow(x, c)[s]
                leasedRow(x, c)[s] = 0
            }
        }
        // In the order they were made, whichever side X stands on: payments are booked in
        // that order, and so summed.
        for number in Set(ledger.rentedBy[x] + ledger.providedBy[x]).sorted() { moveContract(number, from: x, to: y, lanes: on) }
        for number in ledger.buildsOf[x] {
            let build = ledger.builds[number]
            let moved = moveLanes(of: build.payment, lanes: on)
            ledger.buildsOf[y].append(ledger.builds.add(BuildItem(builder: y, lastStep: build.lastStep, payment: moved)))
        }
        for number in ledger.deliveriesOf[x] {
            let delivery = ledger.deliveries[number]
            let moved = moveLanes(of: delivery.count, lanes: on)
            ledger.deliveriesOf[y].append(ledger.deliveries.add(DeliveryItem(entity: y, chip: delivery.chip, step: delivery.step, count: moved)))
        }
        for kind in 0..<2 {
            for i in ledger.streamsOf[2 * x + kind] { moveStream(i, to: y, lanes: on) }
        }
        // Loans pass to the buyer on either side (docs/reference/financing.md): it owes what X owed, or is owed.
        for number in Set(ledger.loansOf[x] + ledger.lentBy[x]).sorted() { moveLoan(number, from: x, to: y, lanes: on) }
        let debtX = row(.debt, x), debtY = row(.debt, y)
        for s in 0..<lanes where on[s] {
            debtY[s] += debtX[s]
            debtX[s] = 0
        }
        stopFormulaFlows(of: x, lanes: on)
        leave(x, as: .acquired(by: y), lanes: on)
        refreshTotals(of: y)
        refreshLoanPayments(of: y)
        return price.map { ActionAmounts($0) } ?? ActionAmounts()
    }

    /// `Y acquihires X [for A]`: Y pays A to X's holders by stake; X's burn joins Y's; X's
    /// remaining cash goes to its holders by stake; its revenue, fleet and contracts end.
    func acquihire(_ buyer: Int, _ target: Int, _ priceFormula: Int?, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let y = resolve(buyer, context.bound), x = resolve(target, context.bound), on = context.lanes
        let price = try priceFormula.map { f throws(RunError) in try amount(f, .price, &context) }
        payHolders(of: x, by: y, amount: price, lanes: on)
        if let formula = ledger.burnFormula[x] {
            // A formula burn joins the buyer as its value this month, a stream that does not grow.
            let current = actionRow(context.nextRow)
            context.nextRow += 1
            evaluate(formula, bound: x, into: current)
            stack.evaluationProblem = nil
            forgetArithmetic()
            let uses = row(.usesBurnFormula, x), value = memory.makeRow(), factor = memory.makeRow(fill: 1)
            let v = memory.row(value)
            for s in 0..<lanes { v[s] = on[s] && uses[s] != 0 && current[s].isFinite ? current[s] : 0 }
            ledger.streams.append(StreamItem(owner: y, isRevenue: false, value: value, factor: factor))
            ledger.streamsOf[2 * y + 1].append(ledger.streams.count - 1)
        }
        for i in ledger.streamsOf[2 * x + 1] { moveStream(i, to: y, lanes: on) }
        for i in ledger.streamsOf[2 * x] {
            let value = memory.row(ledger.streams[i].value)
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
        return price.map { ActionAmounts($0) } ?? ActionAmounts()
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
        for h in ledger.holdersOf[x] {
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
        let stream = ledger.streams[i], factor = memory.makeRow()
        memory.row(factor).copy(from: memory.row(stream.factor))
        ledger.streams.append(StreamItem(owner: y, isRevenue: stream.isRevenue, value: moveLanes(of: stream.value, lanes: on), factor: factor))
        ledger.streamsOf[2 * y + (stream.isRevenue ? 0 : 1)].append(ledger.streams.count - 1)
    }

    /// Loan `number` passes to `y` (on whichever side X stands) in the given lanes.
    private func moveLoan(_ number: Int, from x: Int, to y: Int, lanes on: LaneMask) {
        var loan = ledger.loans[number]
        loan.principal = moveLanes(of: loan.principal, lanes: on)
        loan.interest = moveLanes(of: loan.interest, lanes: on)
        if loan.borrower == x { loan.borrower = y }
        if loan.lender == x { loan.lender = y }
        let moved = ledger.loans.add(loan)
        ledger.loansOf[loan.borrower].append(moved)
        if let lender = loan.lender { ledger.lentBy[lender].append(moved) }
    }

    /// Contract `number` passes to `y` (on whichever side X stands) in the given lanes.
    private func moveContract(_ number: Int, from x: Int, to y: Int, lanes on: LaneMask) {
        var contract = ledger.contracts[number]
        contract.payment = moveLanes(of: contract.payment, lanes: on)
        contract.chips = moveLanes(of: contract.chips, lanes: on)
        contract.leased = contract.leased.map { moveLanes(of: $0, lanes: on) }
        if contract.renter == x { contract.renter = y }
        if contract.provider == x { contract.provider = y }
        let moved = ledger.contracts.add(contract)
        ledger.rentedBy[contract.renter].append(moved)
        ledger.providedBy[contract.provider].append(moved)
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
