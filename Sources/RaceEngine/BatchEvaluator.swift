#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

extension BatchSimulation {
    /// Evaluates compiled formula `index` for every lane into `target`.
    func evaluate(_ index: Int, bound: Int, into target: UnsafeMutablePointer<Double>) {
        run(code, from: codeStart[index], to: codeStart[index + 1], bound: bound, into: target)
    }

    /// For a formula whose last instruction is a comparison (`L.cash > 12 months * L.burn`):
    /// runs the rest and returns the comparison with its two sides as rows, so the caller
    /// can compare and use the result in one pass of its own. A side's row may be a state
    /// row read in place or a row of the stack, valid until `top` is set back to `base`.
    /// When the right side ends in a multiplication by a number (`12 months * L.burn`),
    /// that product is left to the caller too: the right side is `right × rightScale`.
    /// Nil for any other formula, or (with `evaluationProblem` set) when it cannot run.
    func comparison(_ index: Int, bound: Int) -> (base: Int, op: ComparisonOperator, left: UnsafeMutablePointer<Double>,
                                                  right: UnsafeMutablePointer<Double>, rightScale: Double)? {
        let start = codeStart[index], end = codeStart[index + 1]
        guard end - start >= 3, case .compare(let op) = code[end - 1] else { return nil }
        let base = top
        var scale = 1.0
        if let (row, factor) = scaled(from: start, to: end - 1, bound: bound, base: base + 1) {
            operandRow[base + 1] = row
            scale = factor
            top = base + 2
        }
        guard evaluationProblem == nil, top == base + 2 else {
            top = base
            return nil
        }
        return (base, op, materialized(base), materialized(base + 1), scale)
    }

    /// A formula's value as `row × scale`, for a caller that consumes it in a pass of its own:
    /// `L.cash * 10%` is `cash` read in place with scale 0.1, so the multiplication happens
    /// in the caller's pass instead of a pass that writes a row first; any other formula
    /// runs as usual and comes back with scale 1 (a product with 1 is the value itself in
    /// IEEE arithmetic, NaN and infinities included). The row may be a state row or a row
    /// of the stack, valid until `top` is set back to `base`; with `evaluationProblem` set,
    /// the row is not to be read.
    func product(_ index: Int, bound: Int) -> (base: Int, row: UnsafeMutablePointer<Double>, scale: Double) {
        let base = top
        if let (row, factor) = scaled(from: codeStart[index], to: codeStart[index + 1], bound: bound, base: base) {
            return (base, row, factor)
        }
        guard evaluationProblem == nil, top == base + 1 else {
            // Nothing usable was left: NaN, as `run` gives a target in that case.
            top = base + 1
            stack.row(base).update(repeating: .nan, count: lanes)
            return (base, stack.row(base), 1)
        }
        return (base, materialized(base), 1)
    }

    /// Runs `code[start..<end]`, whose value lands at stack position `base`. When its last
    /// instruction multiplies a row by a number, that multiplication is left out and the
    /// row and the number returned (the stack holding the row at `base`); otherwise it runs
    /// as usual and nil is returned. (Code ending inside an aggregate's body stops after the
    /// aggregate, which ran its body whole: that is the usual result too.) Multiplication is
    /// commutative in IEEE arithmetic, so `row × number` in the caller's pass is the product
    /// `run` would give.
    private func scaled(from start: Int, to end: Int, bound: Int, base: Int) -> (UnsafeMutablePointer<Double>, Double)? {
        guard end - start >= 3, case .multiply = code[end - 1] else {
            run(code, from: start, to: end, bound: bound, into: nil)
            return nil
        }
        run(code, from: start, to: end - 1, bound: bound, into: nil)
        guard evaluationProblem == nil, top == base + 2 else { return nil }
        switch (operandRow[base], operandRow[base + 1]) {
        case let (row?, nil):
            top = base + 1
            return (row, operandScalar[base + 1])
        case let (nil, row?):
            top = base + 1
            operandRow[base] = row
            return (row, operandScalar[base])
        default:
            binary(nil) { $0 * $1 }
            return nil
        }
    }

    /// Runs instructions over all lanes. Stack position k is row `top + k` of `stack`, but
    /// an operand need not live there: a value that is one number in every lane (a
    /// constant, the month) stays a scalar, and a state row (`L.cash`, a param, a draw) is
    /// read where it is, not copied. Each operation writes its result into its position's
    /// row, the last one straight into `target`, so `L.cash * 10%` is one pass over the
    /// lanes. The arithmetic per lane is the same as `Evaluator`'s, operation for operation.
    /// With no `target`, the operands the instructions leave stay on the stack (`comparison`).
    private func run(_ code: UnsafePointer<Instruction>, from start: Int, to end: Int, bound: Int, into target: UnsafeMutablePointer<Double>?) {
        evaluationDepth += 1
        defer { evaluationDepth -= 1 }
        let l = lanes
        guard evaluationDepth <= Simulation.maximumEvaluationDepth, top + 64 < stack.rows else {
            if evaluationProblem == nil {
                evaluationProblem = "formulas depend on each other in a loop (a revenue or burn formula that reads itself?)"
            }
            target?.update(repeating: .nan, count: l)
            return
        }
        let base = top
        var pc = start
        /// Takes the next position; its operand is its own row until said otherwise.
        @inline(__always) func pushRow() -> UnsafeMutablePointer<Double> {
            let row = stack.row(top)
            operandRow[top] = row
            top += 1
            return row
        }
        @inline(__always) func pushBorrowed(_ row: UnsafeMutablePointer<Double>) {
            operandRow[top] = row
            top += 1
        }
        @inline(__always) func pushScalar(_ v: Double) {
            operandRow[top] = nil
            operandScalar[top] = v
            top += 1
        }
        while pc < end {
            // The result of the formula's last instruction goes straight into the target.
            let last = pc == end - 1
            switch code[pc] {
            case .push(let v): pushScalar(v)
            case .param(let i):
                ensureParam(i)
                pushBorrowed(params.row(i))
            case .distribution(let i):
                if i < draws.rows { pushBorrowed(draws.row(i)) } else { pushScalar(.nan) }
            case .monthsSinceStart: pushScalar(Double(step))
            case .currentDate: pushScalar(Double(plan.model.start + step))
            case .labsActive:
                let row = pushRow()
                row.update(repeating: 0, count: l)
                for lab in plan.labs {
                    let a = active.row(lab)
                    for s in 0..<l { row[s] += a[s] }
                }
            case let .quantity(entity, quantity):
                let e = entity < 0 ? bound : entity
                if let row = storedRow(e, quantity) { pushBorrowed(row) }
                else if e == activeInLanesRead, let row = streamFlowRow(e, quantity) { pushBorrowed(row) }
                else if quantity == .age && e >= 0 { pushScalar(Double(step)) }
                else { self.quantity(e, quantity, into: pushRow()) }
            case let .stake(entity, holder):
                let e = entity < 0 ? bound : entity, h = holder < 0 ? bound : holder
                if e >= 0 && h >= 0 { pushBorrowed(stakes.row(e * entityCount + h)) } else { pushScalar(.nan) }
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
                let row = pushRow()
                evaluate(plan.letFormulas[index], bound: e, into: row)
            case .negate: unary(last ? target : nil) { -$0 }
            case .not: unary(last ? target : nil) { $0 == 0 ? 1 : 0 }
            case .add: binary(last ? target : nil) { $0 + $1 }
            case .subtract: binary(last ? target : nil) { $0 - $1 }
            case .multiply: binary(last ? target : nil) { $0 * $1 }
            case .divide: binary(last ? target : nil) { $0 / $1 }
            case .power: binary(last ? target : nil) { pow($0, $1) }
            case .compare(let op):
                let into = last ? target : nil
                switch op {
                case .less: binary(into) { $0 < $1 ? 1 : 0 }
                case .lessEqual: binary(into) { $0 <= $1 ? 1 : 0 }
                case .greater: binary(into) { $0 > $1 ? 1 : 0 }
                case .greaterEqual: binary(into) { $0 >= $1 ? 1 : 0 }
                case .equal: binary(into) { $0 == $1 ? 1 : 0 }
                case .notEqual: binary(into) { $0 != $1 ? 1 : 0 }
                }
            case .and: binary(last ? target : nil) { $0 != 0 && $1 != 0 ? 1 : 0 }
            case .or: binary(last ? target : nil) { $0 != 0 || $1 != 0 ? 1 : 0 }
            case .function(let f):
                let into = last ? target : nil
                switch f {
                case .log10: unary(into) { log10($0) }
                case .ln: unary(into) { log($0) }
                case .exp: unary(into) { exp($0) }
                case .sqrt: unary(into) { $0.squareRoot() }
                case .abs: unary(into) { Swift.abs($0) }
                }
            case .binaryFunction(let f):
                if f == .min { binary(last ? target : nil) { Swift.min($0, $1) } } else { binary(last ? target : nil) { Swift.max($0, $1) } }
            case .select:
                let otherwise = materialized(top - 1), then = materialized(top - 2), condition = materialized(top - 3)
                let result = (last ? target : nil) ?? stack.row(top - 3)
                for s in 0..<l { result[s] = condition[s] != 0 ? then[s] : otherwise[s] }
                operandRow[top - 3] = result
                top -= 2
            }
            pc += 1
        }
        guard let target else { return }
        if top > base {
            if let row = operandRow[top - 1] {
                if row != target { target.update(from: row, count: l) }
            } else {
                target.update(repeating: operandScalar[top - 1], count: l)
            }
        } else {
            target.update(repeating: .nan, count: l)
        }
        top = base
    }

    /// A quantity kept in a row of its own, to be read in place.
    @inline(__always) private func storedRow(_ e: Int, _ quantity: EntityQuantity) -> UnsafeMutablePointer<Double>? {
        guard e >= 0 else { return nil }
        switch quantity {
        case .cash: return cash.row(e)
        case .flop: return flop.row(e)
        case .valuation: return valuation.row(e)
        case .active: return active.row(e)
        case .paid: return paid.row(e)
        case .received: return received.row(e)
        case .utilization: return utilization.row(e)
        default: return nil
        }
    }

    /// Revenue or burn read in place from the stream total, for an entity active in every
    /// lane whose result is read (`activeInLanesRead`) and without a formula flow: there
    /// the quantity is the stream total itself, and the other lanes are never looked at.
    @inline(__always) private func streamFlowRow(_ e: Int, _ quantity: EntityQuantity) -> UnsafeMutablePointer<Double>? {
        switch quantity {
        case .revenue: return revenueFormula[e] == nil ? streamTotal(e, revenue: true) : nil
        case .burn: return burnFormula[e] == nil ? streamTotal(e, revenue: false) : nil
        default: return nil
        }
    }

    /// Operand `p` as a row, spreading a scalar over its position's row first.
    private func materialized(_ p: Int) -> UnsafeMutablePointer<Double> {
        if let row = operandRow[p] { return row }
        let row = stack.row(p)
        row.update(repeating: operandScalar[p], count: lanes)
        operandRow[p] = row
        return row
    }

    /// Applies `op` to the top operand: a scalar stays a scalar (unless it is the result).
    @inline(__always) private func unary(_ into: UnsafeMutablePointer<Double>?, _ op: (Double) -> Double) {
        let p = top - 1, l = lanes
        guard let a = operandRow[p] else {
            let v = op(operandScalar[p])
            if let into { into.update(repeating: v, count: l); operandRow[p] = into } else { operandScalar[p] = v }
            return
        }
        let result = into ?? stack.row(p)
        for s in 0..<l { result[s] = op(a[s]) }
        operandRow[p] = result
    }

    /// Applies `op` to the two top operands, lane by lane, with a scalar operand read once.
    @inline(__always) private func binary(_ into: UnsafeMutablePointer<Double>?, _ op: (Double, Double) -> Double) {
        let p = top - 2, l = lanes
        defer { top -= 1 }
        let result = into ?? stack.row(p)
        switch (operandRow[p], operandRow[p + 1]) {
        case let (a?, b?):
            for s in 0..<l { result[s] = op(a[s], b[s]) }
        case let (a?, nil):
            let v = operandScalar[p + 1]
            for s in 0..<l { result[s] = op(a[s], v) }
        case let (nil, b?):
            let v = operandScalar[p]
            for s in 0..<l { result[s] = op(v, b[s]) }
        case (nil, nil):
            let v = op(operandScalar[p], operandScalar[p + 1])
            if into == nil { operandScalar[p] = v; return }
            result.update(repeating: v, count: l)
        }
        operandRow[p] = result
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
        case .debt: row.update(repeating: 0, count: l)  // v2-engine: no loan runs here yet, so no debt
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
        let streams = streamTotal(e, revenue: revenue)
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
