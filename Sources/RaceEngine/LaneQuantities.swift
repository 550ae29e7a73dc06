import RaceModel

/// The read-only quantities of an entity (docs/reference/entities.md) in every lane, from the state now.
extension LaneEngine {
    /// Pushes a quantity: a row of the state read in place when the quantity is one, else
    /// worked out on the stack.
    func pushQuantity(_ e: Int, _ quantity: EntityQuantity) {
        if let row = storedRow(e, quantity) {
            stack.operandRow[stack.top] = row
            stack.top += 1
        } else if e >= 0 && e == stack.activeInLanesRead, let row = streamFlowRow(e, quantity) {
            stack.operandRow[stack.top] = row
            stack.top += 1
        } else if quantity == .age && e >= 0 {
            stack.operandRow[stack.top] = nil
            stack.operandScalar[stack.top] = Double(step)
            stack.top += 1
        } else {
            self.quantity(e, quantity, into: pushRow())
        }
    }

    /// A quantity kept in a row of its own, to be read in place.
    @inline(__always) private func storedRow(_ e: Int, _ quantity: EntityQuantity) -> LaneRow? {
        guard e >= 0 else { return nil }
        switch quantity {
        case .cash: return row(.cash, e)
        case .flop: return row(.flop, e)
        case .valuation: return row(.valuation, e)
        case .active: return row(.active, e)
        case .paid: return row(.paid, e)
        case .received: return row(.received, e)
        case .utilization: return row(.utilization, e)
        case .debt: return row(.debt, e)
        default: return nil
        }
    }

    /// Revenue or burn read in place from the stream total, for an entity active in every
    /// lane whose result is read (`activeInLanesRead`) and without a formula flow: there the
    /// quantity is the stream total itself, and the other lanes are never looked at.
    @inline(__always) private func streamFlowRow(_ e: Int, _ quantity: EntityQuantity) -> LaneRow? {
        guard fastPaths else { return nil }
        switch quantity {
        case .revenue: return ledger.revenueFormula[e] == nil ? streamTotal(e, revenue: true) : nil
        case .burn: return ledger.burnFormula[e] == nil ? streamTotal(e, revenue: false) : nil
        default: return nil
        }
    }

    /// A quantity of entity `e` in every lane.
    func quantity(_ e: Int, _ quantity: EntityQuantity, into target: LaneRow) {
        guard e >= 0 else { target.fill(.nan); return }
        let zero = LaneVector(repeating: 0)
        switch quantity {
        case .cash, .flop, .valuation, .active, .paid, .received, .utilization, .debt: target.copy(from: storedRow(e, quantity)!)
        case .revenue: flow(e, revenue: true, into: target)
        case .burn: flow(e, revenue: false, into: target)
        case .compute, .chips:
            let a = row(.active, e)
            let owned = row(quantity == .compute ? .ownedCompute : .ownedChips, e)
            let rented = row(quantity == .compute ? .rentedCompute : .rentedChips, e)
            LaneVector.forEachVector(lanes) { s in
                target.store(zero.replacing(with: owned.vector(at: s) + rented.vector(at: s), where: a.vector(at: s) .!= zero), at: s)
            }
        case .spend: spend(e, into: target)
        case .netBurn, .runway:
            let revenue = pushRow()
            defer { stack.top -= 1 }
            spend(e, into: target)
            flow(e, revenue: true, into: revenue)
            if quantity == .netBurn {
                LaneVector.forEachVector(lanes) { s in target.store(target.vector(at: s) - revenue.vector(at: s), at: s) }
            } else {
                runway(e, spend: target, revenue: revenue, into: target)
            }
        case .age: target.fill(Double(step))
        }
    }

    /// `cash / (spend − revenue)` where that is positive and the balance tracked, else +∞
    /// (nothing is burnt); missing (NaN) where the entity is not in the race (docs/reference/uncertainty.md).
    func runway(_ e: Int, spend: LaneRow, revenue: LaneRow, into target: LaneRow) {
        let money = row(.cash, e), a = row(.active, e), tracks = tracksCash[e]
        for s in 0..<lanes {
            let net = spend[s] - revenue[s], months = money[s] / net
            target[s] = a[s] == 0 ? .nan : net > 0 && tracks ? months : .infinity
        }
    }

    /// Revenue or burn: the formula (in lanes that use it) plus the streams; 0 once inactive.
    func flow(_ e: Int, revenue: Bool, into target: LaneRow) {
        let a = row(.active, e), total = streamTotal(e, revenue: revenue), zero = LaneVector(repeating: 0)
        if let f = revenue ? ledger.revenueFormula[e] : ledger.burnFormula[e] {
            let uses = row(revenue ? .usesRevenueFormula : .usesBurnFormula, e)
            evaluate(f, bound: e, into: target)
            for s in 0..<lanes {
                let stream = total[s], both = target[s] + stream
                target[s] = a[s] == 0 ? 0 : (uses[s] != 0 ? both : stream)
            }
        } else {
            LaneVector.forEachVector(lanes) { s in
                target.store(zero.replacing(with: total.vector(at: s), where: a.vector(at: s) .!= zero), at: s)
            }
        }
    }

    /// Burn, chip opex, contract and build payments.
    func spend(_ e: Int, into target: LaneRow) {
        flow(e, revenue: false, into: target)
        spend(e, burn: target, into: target)
    }

    /// Spend from a burn already worked out this month (phase 4 has it in hand).
    func spend(_ e: Int, burn: LaneRow, into target: LaneRow) {
        let a = row(.active, e), opex = row(.ownedOpex, e), rent = row(.rentPayments, e), build = row(.buildPayments, e)
        let loans = ledger.loansOf[e].isEmpty ? zeros : row(.loanPayments, e)
        let zero = LaneVector(repeating: 0)
        LaneVector.forEachVector(lanes) { s in
            let v = burn.vector(at: s) + opex.vector(at: s) + rent.vector(at: s) + build.vector(at: s) + loans.vector(at: s)
            target.store(zero.replacing(with: v, where: a.vector(at: s) .!= zero), at: s)
        }
    }

    /// A param's lanes, computed on first use (params may read other params and draws).
    func ensureParam(_ index: Int) {
        guard !ledger.paramReady[index] else { return }
        // The params it reads are worked out first, without recursion: a chain of params
        // declared last-first (`param p48 = p47 + 1` … `param p0 = 1`) is as long as it likes.
        // The checker refuses cycles; should one reach here, it is the loop it is.
        var pending = [index]
        while let p = pending.last {
            if pending.count > plan.paramFormulas.count {
                if stack.evaluationProblem == nil { stack.evaluationProblem = .formulaLoop }
                return
            }
            if let next = plan.paramUses[p].first(where: { !ledger.paramReady[$0] }) {
                pending.append(next)
                continue
            }
            pending.removeLast()
            guard !ledger.paramReady[p] else { continue }
            ledger.paramReady[p] = true
            evaluate(plan.paramFormulas[p], bound: -1, into: paramRow(p))
        }
    }
}
