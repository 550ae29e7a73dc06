#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceSyntax

/// The one evaluator of compiled formulas: runs instructions over all lanes.
///
/// Stack position k is row k of the evaluation stack, but an operand need not live there: a
/// value that is one number in every lane (a constant, the month) stays a scalar, and a state
/// row (`L.cash`, a param, a draw) is read where it is, not copied. Each operation writes its
/// result into its position's row, the last one straight into the caller's target, so
/// `L.cash * 10%` is one pass over the lanes.
///
/// docs/reference/month.md: a division by zero, or any other non-finite number, stops the run. A step that makes
/// a non-finite value out of finite operands marks its lanes in the `arithmetic` mask; the
/// caller, which knows which lanes it reads, turns that into an error (`checkArithmetic`).
/// Values that are not finite by nature (an infinite runway) pass through unmarked.
extension LaneEngine {
    /// Evaluates compiled formula `index` for every lane into `target`.
    func evaluate(_ index: Int, bound: Int, into target: LaneRow) {
        run(plan.code, from: plan.codeStart[index], to: plan.codeStart[index + 1], bound: bound, into: target)
    }

    /// For a formula whose last instruction is a comparison (`L.cash > 12 months * L.burn`):
    /// runs the rest and returns the comparison with its two sides as rows, so the caller
    /// compares in a pass of its own. When the right side ends in a multiplication by a number
    /// (`12 months * L.burn`), that product is left to the caller too: the right side is
    /// `right × rightScale`. A side's row may be a state row or a row of the stack, valid until
    /// `top` is set back to `base`. Nil for any other formula, or (with `evaluationProblem`
    /// set) when it cannot run.
    func comparison(_ index: Int, bound: Int) -> (base: Int, op: ComparisonOperator, left: LaneRow,
                                                  right: LaneRow, rightScale: Double)? {
        let start = plan.codeStart[index], end = plan.codeStart[index + 1]
        guard fastPaths, end - start >= 3, case .compare(let op) = plan.code[end - 1] else { return nil }
        let base = stack.top
        var scale = 1.0
        if let (row, factor) = scaled(from: start, to: end - 1, bound: bound, base: base + 1) {
            stack.operandRow[base + 1] = row
            scale = factor
            stack.top = base + 2
        }
        guard stack.evaluationProblem == nil, stack.top == base + 2 else {
            stack.top = base
            return nil
        }
        return (base, op, materialized(base), materialized(base + 1), scale)
    }

    /// A formula's value as `row × scale`, for a caller that consumes it in a pass of its own:
    /// `L.cash * 10%` is `cash` read in place with scale 0.1. Any other formula runs as usual
    /// and comes back with scale 1. The row is valid until `top` is set back to `base`.
    func product(_ index: Int, bound: Int) -> (base: Int, row: LaneRow, scale: Double) {
        let base = stack.top
        if fastPaths, let (row, factor) = scaled(from: plan.codeStart[index], to: plan.codeStart[index + 1], bound: bound, base: base) {
            return (base, row, factor)
        }
        if !fastPaths { run(plan.code, from: plan.codeStart[index], to: plan.codeStart[index + 1], bound: bound, into: nil) }
        guard stack.evaluationProblem == nil, stack.top == base + 1 else {
            stack.top = base + 1
            stackRow(base).fill(.nan)
            return (base, stackRow(base), 1)
        }
        return (base, materialized(base), 1)
    }

    /// Runs `code[start..<end]`, whose value lands at stack position `base`. When its last
    /// instruction multiplies a row by a number, that multiplication is left out and the row
    /// and the number returned; otherwise it runs as usual and nil is returned. Multiplication
    /// is commutative in IEEE arithmetic, so `row × number` in the caller's pass is the product
    /// `run` would give — and the caller checks the product's finiteness, as `binary` would.
    private func scaled(from start: Int, to end: Int, bound: Int, base: Int) -> (LaneRow, Double)? {
        guard end - start >= 3, case .multiply = plan.code[end - 1] else {
            run(plan.code, from: start, to: end, bound: bound, into: nil)
            return nil
        }
        run(plan.code, from: start, to: end - 1, bound: bound, into: nil)
        guard stack.evaluationProblem == nil, stack.top == base + 2 else { return nil }
        switch (stack.operandRow[base], stack.operandRow[base + 1]) {
        case let (row?, nil) where stack.operandScalar[base + 1].isFinite:
            stack.top = base + 1
            return (row, stack.operandScalar[base + 1])
        case let (nil, row?) where stack.operandScalar[base].isFinite:
            stack.top = base + 1
            stack.operandRow[base] = row
            return (row, stack.operandScalar[base])
        default:
            binary(nil, vector: { $0 * $1 }, scalar: { $0 * $1 })
            return nil
        }
    }

    /// Runs instructions `code[start..<end]` over all lanes. With no `target`, the operands
    /// they leave stay on the stack (`comparison`, `product`).
    func run(_ code: [Instruction], from start: Int, to end: Int, bound: Int, into target: LaneRow?) {
        stack.evaluationDepth += 1
        defer { stack.evaluationDepth -= 1 }
        guard stack.evaluationDepth <= RowLayout.maximumEvaluationDepth, stack.top + plan.stackDepth + 4 < stack.stackCapacity else {
            if stack.evaluationProblem == nil { stack.evaluationProblem = .formulaLoop }
            target?.fill(.nan)
            return
        }
        let base = stack.top
        var pc = start
        while pc < end {
            // The result of the formula's last instruction goes straight into the target.
            let into = pc == end - 1 ? target : nil
            switch code[pc] {
            case .push(let v): pushScalar(v)
            case .param(let i):
                ensureParam(i)
                pushBorrowed(paramRow(i))
            case .distribution(let i): pushBorrowed(drawRow(i))
            case .monthsSinceStart: pushScalar(Double(step))
            case .currentDate: pushScalar(Double(plan.model.start + step))
            case .labsActive:
                let count = pushRow()
                count.fill(0)
                for lab in plan.labs where ledger.activeAnywhere[lab] {
                    let a = row(.active, lab)
                    LaneVector.forEachVector(lanes) { s in count.store(count.vector(at: s) + a.vector(at: s), at: s) }
                }
            case let .quantity(entity, quantity):
                pushQuantity(entity < 0 ? bound : entity, quantity)
            case let .stake(entity, holder):
                let e = entity < 0 ? bound : entity, h = holder < 0 ? bound : holder
                if e >= 0 && h >= 0 { pushBorrowed(stakeRow(of: h, in: e) ?? zeros) } else { pushScalar(.nan) }
            case let .aggregate(kind, length):
                aggregate(kind, code, body: (pc + 1)..<(pc + 1 + length))
                pc += length
            case let .formula(index, entity):
                let e = entity < 0 ? bound : entity
                evaluate(plan.letFormulas[index], bound: e, into: pushRow())
            case .negate: unary(into, checked: false) { -$0 }
            case .not: unary(into, checked: false) { $0 == 0 ? 1 : 0 }
            case .add: binary(into, vector: { $0 + $1 }, scalar: { $0 + $1 })
            case .subtract: binary(into, vector: { $0 - $1 }, scalar: { $0 - $1 })
            case .multiply: binary(into, vector: { $0 * $1 }, scalar: { $0 * $1 })
            case .divide: binary(into, vector: { $0 / $1 }, scalar: { $0 / $1 })
            case .power: binary(into, checked: true) { pow($0, $1) }
            case .compare(let op):
                switch op {
                case .less: binary(into, checked: false) { $0 < $1 ? 1 : 0 }
                case .lessEqual: binary(into, checked: false) { $0 <= $1 ? 1 : 0 }
                case .greater: binary(into, checked: false) { $0 > $1 ? 1 : 0 }
                case .greaterEqual: binary(into, checked: false) { $0 >= $1 ? 1 : 0 }
                case .equal: binary(into, checked: false) { $0 == $1 ? 1 : 0 }
                case .notEqual: binary(into, checked: false) { $0 != $1 ? 1 : 0 }
                }
            case .and: binary(into, checked: false) { $0 != 0 && $1 != 0 ? 1 : 0 }
            case .or: binary(into, checked: false) { $0 != 0 || $1 != 0 ? 1 : 0 }
            case .function(let f):
                switch f {
                case .log10: unary(into, checked: true) { log10($0) }
                case .ln: unary(into, checked: true) { log($0) }
                case .exp: unary(into, checked: true) { exp($0) }
                case .sqrt: unary(into, checked: true) { $0.squareRoot() }
                case .abs: unary(into, checked: false) { Swift.abs($0) }
                }
            case .binaryFunction(let f):
                if f == .min { binary(into, checked: false) { Swift.min($0, $1) } } else { binary(into, checked: false) { Swift.max($0, $1) } }
            case .select: select(into)
            }
            pc += 1
        }
        guard let target else { return }
        if stack.top > base {
            if let row = stack.operandRow[stack.top - 1] { target.copy(from: row) } else { target.fill(stack.operandScalar[stack.top - 1]) }
        } else {
            target.fill(.nan)
        }
        stack.top = base
    }

    // MARK: - The stack

    /// Takes the next position; its operand is its own row until said otherwise.
    @inline(__always) func pushRow() -> LaneRow {
        let row = stackRow(stack.top)
        stack.operandRow[stack.top] = row
        stack.top += 1
        return row
    }

    @inline(__always) private func pushBorrowed(_ row: LaneRow) {
        stack.operandRow[stack.top] = row
        stack.top += 1
    }

    @inline(__always) private func pushScalar(_ v: Double) {
        stack.operandRow[stack.top] = nil
        stack.operandScalar[stack.top] = v
        stack.top += 1
    }

    /// Operand `p` as a row, spreading a scalar over its position's row first.
    func materialized(_ p: Int) -> LaneRow {
        if let row = stack.operandRow[p] { return row }
        let row = stackRow(p)
        row.fill(stack.operandScalar[p])
        stack.operandRow[p] = row
        return row
    }

    /// `total(F)` or `largest(F)` over the labs active in each lane: the body runs once per lab
    /// active in some lane, with that lab bound.
    private func aggregate(_ kind: Aggregate, _ code: [Instruction], body: Range<Int>) {
        let result = pushRow(), value = stackRow(stack.top), any = stackRow(stack.top + 1)
        stack.top += 2
        result.fill(kind == .total ? 0 : -Double.infinity)
        any.fill(0)
        for lab in plan.labs where ledger.activeAnywhere[lab] {
            let a = row(.active, lab)
            run(code, from: body.lowerBound, to: body.upperBound, bound: lab, into: value)
            for s in 0..<lanes where a[s] != 0 {
                let before = result[s]
                result[s] = kind == .total ? before + value[s] : Swift.max(before, value[s])
                any[s] = 1
                if kind == .total && !result[s].isFinite && before.isFinite && value[s].isFinite { markArithmetic(lane: s, result[s]) }
            }
        }
        for s in 0..<lanes where any[s] == 0 { result[s] = 0 }
        stack.top -= 2
    }

    private func select(_ into: LaneRow?) {
        let otherwise = materialized(stack.top - 1), then = materialized(stack.top - 2), condition = materialized(stack.top - 3)
        let result = into ?? stackRow(stack.top - 3)
        for s in 0..<lanes { result[s] = condition[s] != 0 ? then[s] : otherwise[s] }
        stack.operandRow[stack.top - 3] = result
        stack.top -= 2
    }

    // MARK: - Operations

    /// Applies `op` to the top operand; a scalar stays a scalar (unless it is the result).
    @inline(__always) private func unary(_ into: LaneRow?, checked: Bool, _ op: (Double) -> Double) {
        let p = stack.top - 1
        guard let a = stack.operandRow[p] else {
            let x = stack.operandScalar[p], v = op(x)
            if checked && !v.isFinite && x.isFinite { markArithmeticEverywhere(v) }
            if let into { into.fill(v); stack.operandRow[p] = into } else { stack.operandScalar[p] = v }
            return
        }
        let result = into ?? stackRow(p)
        var bad = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let x = a.vector(at: s)
            var v = LaneVector()
            for k in 0..<LaneVector.scalarCount { v[k] = op(x[k]) }
            result.store(v, at: s)
            if checked { bad .|= .!v.finite .& x.finite }
        }
        if checked && anyLane(bad) { markArithmetic(result, operands: a, nil) }
        stack.operandRow[p] = result
    }

    /// Applies `op` to the two top operands lane by lane, a scalar operand read once; `checked`
    /// marks lanes where the result is not finite though both operands are.
    @inline(__always) private func binary(_ into: LaneRow?, checked: Bool, _ op: (Double, Double) -> Double) {
        binary(into, checked: checked, vector: { a, b in
            var v = LaneVector()
            for k in 0..<LaneVector.scalarCount { v[k] = op(a[k], b[k]) }
            return v
        }, scalar: op)
    }

    /// `binary` with the operation written for whole vectors (`+ − × ÷`), checked.
    @inline(__always) private func binary(_ into: LaneRow?, vector: (LaneVector, LaneVector) -> LaneVector,
                                          scalar: (Double, Double) -> Double) {
        binary(into, checked: true, vector: vector, scalar: scalar)
    }

    @inline(__always) private func binary(_ into: LaneRow?, checked: Bool, vector: (LaneVector, LaneVector) -> LaneVector,
                                          scalar: (Double, Double) -> Double) {
        let p = stack.top - 2
        defer { stack.top -= 1 }
        let result = into ?? stackRow(p)
        var bad = LaneCondition(repeating: false)
        switch (stack.operandRow[p], stack.operandRow[p + 1]) {
        case let (a?, b?):
            LaneVector.forEachVector(lanes) { s in
                let x = a.vector(at: s), y = b.vector(at: s), v = vector(x, y)
                result.store(v, at: s)
                if checked { bad .|= .!v.finite .& x.finite .& y.finite }
            }
            if checked && anyLane(bad) { markArithmetic(result, operands: a, b) }
        case let (a?, nil):
            let y = LaneVector(repeating: stack.operandScalar[p + 1])
            LaneVector.forEachVector(lanes) { s in
                let x = a.vector(at: s), v = vector(x, y)
                result.store(v, at: s)
                if checked { bad .|= .!v.finite .& x.finite .& y.finite }
            }
            if checked && anyLane(bad) { markArithmetic(result, operands: a, nil, scalar: y[0]) }
        case let (nil, b?):
            let x = LaneVector(repeating: stack.operandScalar[p])
            LaneVector.forEachVector(lanes) { s in
                let y = b.vector(at: s), v = vector(x, y)
                result.store(v, at: s)
                if checked { bad .|= .!v.finite .& x.finite .& y.finite }
            }
            if checked && anyLane(bad) { markArithmetic(result, operands: b, nil, scalar: x[0]) }
        case (nil, nil):
            let x = stack.operandScalar[p], y = stack.operandScalar[p + 1], v = scalar(x, y)
            if checked && !v.isFinite && x.isFinite && y.isFinite { markArithmeticEverywhere(v) }
            if into == nil { stack.operandScalar[p] = v; return }
            result.fill(v)
        }
        stack.operandRow[p] = result
    }

    // MARK: - Non-finite values

    /// Marks the lanes where `result` is not finite though the operands are.
    private func markArithmetic(_ result: LaneRow, operands a: LaneRow, _ b: LaneRow?, scalar: Double = 0) {
        for s in 0..<lanes where !result[s].isFinite && a[s].isFinite && (b?[s] ?? scalar).isFinite {
            markArithmetic(lane: s, result[s])
        }
    }

    private func markArithmeticEverywhere(_ value: Double) {
        for s in 0..<lanes { markArithmetic(lane: s, value) }
    }

    private func markArithmetic(lane s: Int, _ value: Double) {
        let marks = mask(.arithmetic)
        if !stack.arithmeticFailed {
            marks.fill(false)
            stack.arithmeticFailed = true
            stack.arithmeticValue = value
        }
        marks[s] = true
    }

    /// Throws for the first lane of `lanes` (every lane when nil) where an arithmetic step of
    /// the evaluations since the last check made a non-finite value; forgets the marks.
    func checkArithmetic(in lanes: LaneMask?, span: Span?) throws(RunError) {
        guard stack.arithmeticFailed else { return }
        stack.arithmeticFailed = false
        let marks = mask(.arithmetic)
        for s in 0..<self.lanes where marks[s] && (lanes?[s] ?? true) {
            throw error(.arithmetic(value: stack.arithmeticValue), span: span, lane: s)
        }
    }

    /// Forgets the marks of evaluations whose non-finite results are shown as missing (report
    /// columns, watched formulas).
    func forgetArithmetic() { stack.arithmeticFailed = false }
}
