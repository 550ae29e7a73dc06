#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

extension Simulation {
    /// Deepest chain of formulas calling formulas (a revenue formula that reads another
    /// entity's revenue formula, and so on) before the run reports a loop.
    static let maximumEvaluationDepth = 48

    /// Evaluates compiled formula `index` with `bound` as the bound entity (-1: none).
    /// Problems (a loop between formulas, a stack overflow) are left in `evaluationProblem`.
    func evaluate(_ index: Int, bound: Int) -> Double {
        if treeWalking { return walk(plan.formulaTrees[index], bound: bound) }
        let formula = plan.formulas[index]
        return run(formula.code, from: 0, to: formula.code.count, bound: bound, depth: formula.stackDepth)
    }

    func run(_ code: [Instruction], from start: Int, to end: Int, bound: Int, depth: Int) -> Double {
        evaluationDepth += 1
        defer { evaluationDepth -= 1 }
        guard evaluationDepth <= Self.maximumEvaluationDepth, top + depth + 1 < stackCapacity else {
            if evaluationProblem == nil {
                evaluationProblem = "formulas depend on each other in a loop (a revenue or burn formula that reads itself?)"
            }
            return .nan
        }
        let base = top
        var pc = start
        while pc < end {
            switch code[pc] {
            case .push(let v): push(v)
            case .param(let i): push(paramValue(i))
            case .distribution(let i): push(i < draws.count ? draws[i] : .nan)
            case .monthsSinceStart: push(Double(step))
            case .currentDate: push(Double(plan.model.start + step))
            case .labsActive:
                var count = 0
                for lab in plan.labs where active[lab] { count += 1 }
                push(Double(count))
            case let .quantity(entity, quantity):
                push(self.quantity(entity < 0 ? bound : entity, quantity))
            case let .stake(entity, holder):
                let e = entity < 0 ? bound : entity, h = holder < 0 ? bound : holder
                push(e >= 0 && h >= 0 ? stakes[e * entityCount + h] : .nan)
            case let .aggregate(kind, length):
                var result = kind == .total ? 0.0 : -Double.infinity
                var any = false
                for lab in plan.labs where active[lab] {
                    let v = run(code, from: pc + 1, to: pc + 1 + length, bound: lab, depth: depth)
                    result = kind == .total ? result + v : Swift.max(result, v)
                    any = true
                }
                push(any ? result : 0)
                pc += length
            case let .formula(index, entity):
                let e = entity < 0 ? bound : entity
                let compiled = plan.formulas[plan.letFormulas[index]]
                push(run(compiled.code, from: 0, to: compiled.code.count, bound: e, depth: compiled.stackDepth))
            case .negate: stack[top - 1] = -stack[top - 1]
            case .not: stack[top - 1] = stack[top - 1] == 0 ? 1 : 0
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
                let x = stack[top - 1]
                switch f {
                case .log10: stack[top - 1] = log10(x)
                case .ln: stack[top - 1] = log(x)
                case .exp: stack[top - 1] = exp(x)
                case .sqrt: stack[top - 1] = x.squareRoot()
                case .abs: stack[top - 1] = Swift.abs(x)
                }
            case .binaryFunction(let f):
                binary { f == .min ? Swift.min($0, $1) : Swift.max($0, $1) }
            case .select:
                let otherwise = stack[top - 1], then = stack[top - 2], condition = stack[top - 3]
                top -= 2
                stack[top - 1] = condition != 0 ? then : otherwise
            }
            pc += 1
        }
        let result = top > base ? stack[top - 1] : .nan
        top = base
        return result
    }

    @inline(__always) private func push(_ v: Double) {
        stack[top] = v
        top += 1
    }

    @inline(__always) private func binary(_ op: (Double, Double) -> Double) {
        let b = stack[top - 1], a = stack[top - 2]
        top -= 1
        stack[top - 1] = op(a, b)
    }

    /// A param's value, computed on first use (params may use other params).
    func paramValue(_ index: Int) -> Double {
        if !paramReady[index] {
            paramReady[index] = true
            params[index] = evaluate(plan.paramFormulas[index], bound: -1)
        }
        return params[index]
    }

    /// A read-only quantity of an entity (§4.4), from the state now.
    func quantity(_ e: Int, _ quantity: EntityQuantity) -> Double {
        guard e >= 0 else { return .nan }
        switch quantity {
        case .cash: return cash[e]
        case .revenue: return flow(e, revenue: true)
        case .burn: return flow(e, revenue: false)
        case .compute: return compute(e)
        case .flop: return flop[e]
        case .chips: return chips(e)
        case .spend: return spend(e)
        case .netBurn: return spend(e) - flow(e, revenue: true)
        case .runway:
            let net = spend(e) - flow(e, revenue: true)
            return net > 0 && plan.entities[e].tracksCash ? cash[e] / net : .infinity
        case .valuation: return valuation[e]
        case .active: return active[e] ? 1 : 0
        case .paid: return paid[e]
        case .received: return received[e]
        case .age: return Double(step)
        case .utilization: return utilization[e]
        case .debt: return 0  // v2-engine: no loan runs here yet (a loan stops the run), so no debt
        }
    }

    /// Revenue or burn this month: the formula, or the sum of the entity's streams.
    func flow(_ e: Int, revenue: Bool) -> Double {
        guard active[e] else { return 0 }
        // A formula flow, plus the streams it took over in an acquisition (§7 "Streams").
        if let f = revenue ? revenueFormula[e] : burnFormula[e] { return evaluate(f, bound: e) + (revenue ? streamRevenue[e] : streamBurn[e]) }
        return revenue ? streamRevenue[e] : streamBurn[e]
    }

    /// FLOP per month: owned chips and rented chips (§4.4).
    func compute(_ e: Int) -> Double {
        active[e] ? ownedCompute[e] + rentedCompute[e] : 0
    }

    func chips(_ e: Int) -> Double {
        active[e] ? ownedChips[e] + rentedChips[e] : 0
    }

    /// Burn, chip opex, contract and build payments this month.
    func spend(_ e: Int) -> Double {
        guard active[e] else { return 0 }
        return flow(e, revenue: false) + ownedOpex[e] + rentPayments[e] + buildPayments[e]
    }
}

extension Simulation {
    /// Evaluates a checked formula against the state now (the REPL's `:eval`). It may
    /// name distributions only by the ids the plan already has.
    public func evaluate(_ formula: Formula) -> Double {
        let compiled = FormulaCompiler.compile(formula)
        let saved = evaluationProblem
        defer { evaluationProblem = saved }
        return run(compiled.code, from: 0, to: compiled.code.count, bound: -1, depth: compiled.stackDepth)
    }
}
