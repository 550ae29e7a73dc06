import Foundation
import RaceModel

extension BatchSimulation {
    /// Evaluates compiled formula `index` for every lane into `target`.
    func evaluate(_ index: Int, bound: Int, into target: UnsafeMutablePointer<Double>) {
        let formula = plan.formulas[index]
        run(formula.code, from: 0, to: formula.code.count, bound: bound, into: target)
    }

    /// Runs instructions over all lanes. Stack slot k is row `top + k` of `stack`.
    private func run(_ code: [Instruction], from start: Int, to end: Int, bound: Int, into target: UnsafeMutablePointer<Double>) {
        evaluationDepth += 1
        defer { evaluationDepth -= 1 }
        let l = lanes
        guard evaluationDepth <= Simulation.maximumEvaluationDepth, top + 64 < stack.rows else {
            if evaluationProblem == nil {
                evaluationProblem = "formulas depend on each other in a loop (a revenue or burn formula that reads itself?)"
            }
            target.update(repeating: .nan, count: l)
            return
        }
        let base = top
        var pc = start
        @inline(__always) func pushRow() -> UnsafeMutablePointer<Double> {
            let row = stack.row(top)
            top += 1
            return row
        }
        while pc < end {
            switch code[pc] {
            case .push(let v):
                // A constant operand of the next instruction is applied as a scalar, not
                // spread over a row first (`L.cash * 10%`): same arithmetic, one pass less.
                if top > base, pc + 1 < end, applyConstant(v, code[pc + 1]) {
                    pc += 2
                    continue
                }
                pushRow().update(repeating: v, count: l)
            case .param(let i):
                ensureParam(i)
                pushRow().update(from: params.row(i), count: l)
            case .distribution(let i):
                let row = pushRow()
                if i < draws.rows { row.update(from: draws.row(i), count: l) } else { row.update(repeating: .nan, count: l) }
            case .monthsSinceStart: pushRow().update(repeating: Double(step), count: l)
            case .currentDate: pushRow().update(repeating: Double(plan.model.start + step), count: l)
            case .labsActive:
                let row = pushRow()
                row.update(repeating: 0, count: l)
                for lab in plan.labs {
                    let a = active.row(lab)
                    for s in 0..<l { row[s] += a[s] }
                }
            case let .quantity(entity, quantity):
                let row = pushRow()
                self.quantity(entity < 0 ? bound : entity, quantity, into: row)
            case let .stake(entity, holder):
                let e = entity < 0 ? bound : entity, h = holder < 0 ? bound : holder
                let row = pushRow()
                if e >= 0 && h >= 0 { row.update(from: stakes.row(e * entityCount + h), count: l) }
                else { row.update(repeating: .nan, count: l) }
            case let .aggregate(kind, length):
                let row = pushRow()
                let value = stack.row(top)
                top += 1
                let any = stack.row(top)
                top += 1
                row.update(repeating: kind == .total ? 0 : -Double.infinity, count: l)
                any.update(repeating: 0, count: l)
                for lab in plan.labs {
                    let a = active.row(lab)
                    var anyActive = false
                    for s in 0..<l where a[s] != 0 { anyActive = true; break }
                    if !anyActive { continue }
                    run(code, from: pc + 1, to: pc + 1 + length, bound: lab, into: value)
                    if kind == .total {
                        for s in 0..<l where a[s] != 0 { row[s] = row[s] + value[s]; any[s] = 1 }
                    } else {
                        for s in 0..<l where a[s] != 0 { row[s] = Swift.max(row[s], value[s]); any[s] = 1 }
                    }
                }
                for s in 0..<l where any[s] == 0 { row[s] = 0 }
                top -= 2
                pc += length
            case let .formula(index, entity):
                let e = entity < 0 ? bound : entity
                let compiled = plan.formulas[plan.letFormulas[index]]
                let row = pushRow()
                run(compiled.code, from: 0, to: compiled.code.count, bound: e, into: row)
            case .negate:
                let a = stack.row(top - 1)
                for s in 0..<l { a[s] = -a[s] }
            case .not:
                let a = stack.row(top - 1)
                for s in 0..<l { a[s] = a[s] == 0 ? 1 : 0 }
            case .add: binary { $0 + $1 }
            case .subtract: binary { $0 - $1 }
            case .multiply: binary { $0 * $1 }
            case .divide: binary { $0 / $1 }
            case .power: binary { pow($0, $1) }
            case .compare(let op):
                switch op {
                case .less: binary { $0 < $1 ? 1 : 0 }
                case .lessEqual: binary { $0 <= $1 ? 1 : 0 }
                case .greater: binary { $0 > $1 ? 1 : 0 }
                case .greaterEqual: binary { $0 >= $1 ? 1 : 0 }
                case .equal: binary { $0 == $1 ? 1 : 0 }
                case .notEqual: binary { $0 != $1 ? 1 : 0 }
                }
            case .and: binary { $0 != 0 && $1 != 0 ? 1 : 0 }
            case .or: binary { $0 != 0 || $1 != 0 ? 1 : 0 }
            case .function(let f):
                let a = stack.row(top - 1)
                switch f {
                case .log10: for s in 0..<l { a[s] = log10(a[s]) }
                case .ln: for s in 0..<l { a[s] = log(a[s]) }
                case .exp: for s in 0..<l { a[s] = exp(a[s]) }
                case .sqrt: for s in 0..<l { a[s] = a[s].squareRoot() }
                case .abs: for s in 0..<l { a[s] = Swift.abs(a[s]) }
                }
            case .binaryFunction(let f):
                if f == .min { binary { Swift.min($0, $1) } } else { binary { Swift.max($0, $1) } }
            case .select:
                let otherwise = stack.row(top - 1), then = stack.row(top - 2), condition = stack.row(top - 3)
                for s in 0..<l { condition[s] = condition[s] != 0 ? then[s] : otherwise[s] }
                top -= 2
            }
            pc += 1
        }
        if top > base { target.update(from: stack.row(top - 1), count: l) } else { target.update(repeating: .nan, count: l) }
        top = base
    }

    /// Applies `instruction` with `v` as its right operand to the top of the stack, if it is
    /// a binary arithmetic or comparison; false (nothing done) otherwise.
    private func applyConstant(_ v: Double, _ instruction: Instruction) -> Bool {
        switch instruction {
        case .add: withConstant(v) { $0 + $1 }
        case .subtract: withConstant(v) { $0 - $1 }
        case .multiply: withConstant(v) { $0 * $1 }
        case .divide: withConstant(v) { $0 / $1 }
        case .compare(let op):
            switch op {
            case .less: withConstant(v) { $0 < $1 ? 1 : 0 }
            case .lessEqual: withConstant(v) { $0 <= $1 ? 1 : 0 }
            case .greater: withConstant(v) { $0 > $1 ? 1 : 0 }
            case .greaterEqual: withConstant(v) { $0 >= $1 ? 1 : 0 }
            case .equal: withConstant(v) { $0 == $1 ? 1 : 0 }
            case .notEqual: withConstant(v) { $0 != $1 ? 1 : 0 }
            }
        default: return false
        }
        return true
    }

    @inline(__always) private func withConstant(_ v: Double, _ op: (Double, Double) -> Double) {
        let a = stack.row(top - 1)
        for s in 0..<lanes { a[s] = op(a[s], v) }
    }

    @inline(__always) private func binary(_ op: (Double, Double) -> Double) {
        let b = stack.row(top - 1), a = stack.row(top - 2)
        for s in 0..<lanes { a[s] = op(a[s], b[s]) }
        top -= 1
    }

    /// A param's lanes, computed on first use.
    func ensureParam(_ index: Int) {
        if !paramReady[index] {
            paramReady[index] = true
            evaluate(plan.paramFormulas[index], bound: -1, into: params.row(index))
        }
    }

    /// A quantity of an entity in every lane (§4.4), as `Simulation.quantity`.
    func quantity(_ e: Int, _ quantity: EntityQuantity, into row: UnsafeMutablePointer<Double>) {
        let l = lanes
        guard e >= 0 else { row.update(repeating: .nan, count: l); return }
        switch quantity {
        case .cash: row.update(from: cash.row(e), count: l)
        case .revenue: flow(e, revenue: true, into: row)
        case .burn: flow(e, revenue: false, into: row)
        case .compute:
            let a = active.row(e), owned = ownedCompute.row(e), rented = rentedCompute.row(e)
            for s in 0..<l { let v = owned[s] + rented[s]; row[s] = a[s] != 0 ? v : 0 }
        case .flop: row.update(from: flop.row(e), count: l)
        case .chips:
            let a = active.row(e), owned = ownedChips.row(e), rented = rentedChips.row(e)
            for s in 0..<l { let v = owned[s] + rented[s]; row[s] = a[s] != 0 ? v : 0 }
        case .spend: spend(e, into: row)
        case .netBurn, .runway:
            let revenue = scratchRow()
            defer { releaseScratch() }
            spend(e, into: row)
            flow(e, revenue: true, into: revenue)
            if quantity == .netBurn {
                for s in 0..<l { row[s] = row[s] - revenue[s] }
            } else {
                let money = cash.row(e)
                let tracks = plan.entities[e].tracksCash
                for s in 0..<l {
                    let net = row[s] - revenue[s], months = money[s] / net
                    row[s] = net > 0 && tracks ? months : .infinity
                }
            }
        case .valuation: row.update(from: valuation.row(e), count: l)
        case .active: row.update(from: active.row(e), count: l)
        case .paid: row.update(from: paid.row(e), count: l)
        case .received: row.update(from: received.row(e), count: l)
        case .age: row.update(repeating: Double(step), count: l)
        case .utilization: row.update(from: utilization.row(e), count: l)
        }
    }

    /// A row of the stack to use as scratch inside a quantity.
    private func scratchRow() -> UnsafeMutablePointer<Double> {
        let row = stack.row(top)
        top += 1
        return row
    }

    private func releaseScratch() { top -= 1 }

    /// Revenue or burn: the formula (in lanes that use it) plus the streams, 0 once inactive.
    func flow(_ e: Int, revenue: Bool, into row: UnsafeMutablePointer<Double>) {
        let l = lanes
        let a = active.row(e)
        let streams = revenue ? streamRevenue.row(e) : streamBurn.row(e)
        if let f = revenue ? revenueFormula[e] : burnFormula[e] {
            let uses = revenue ? usesRevenueFormula.row(e) : usesBurnFormula.row(e)
            evaluate(f, bound: e, into: row)
            for s in 0..<l {
                let stream = streams[s], both = row[s] + stream
                row[s] = a[s] == 0 ? 0 : (uses[s] != 0 ? both : stream)
            }
        } else {
            for s in 0..<l { let stream = streams[s]; row[s] = a[s] != 0 ? stream : 0 }
        }
    }

    /// Burn, chip opex, contract and build payments, as `Simulation.spend`.
    func spend(_ e: Int, into row: UnsafeMutablePointer<Double>) {
        flow(e, revenue: false, into: row)
        spend(e, burn: row, into: row)
    }

    /// Spend from a burn already worked out this month (phase 4 has it in hand).
    func spend(_ e: Int, burn: UnsafeMutablePointer<Double>, into row: UnsafeMutablePointer<Double>) {
        let a = active.row(e), opex = ownedOpex.row(e), rent = rentPayments.row(e), build = buildPayments.row(e)
        for s in 0..<lanes { let v = burn[s] + opex[s] + rent[s] + build[s]; row[s] = a[s] != 0 ? v : 0 }
    }
}
