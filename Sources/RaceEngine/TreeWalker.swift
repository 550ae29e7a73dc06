#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

extension Simulation {
    /// Evaluates a formula by recursion over its tree: the simple way, kept as the
    /// in-house baseline that the compiled instructions and the batch engine are measured
    /// against. Same arithmetic in the same order as the instructions.
    func walk(_ formula: Formula, bound: Int) -> Double {
        evaluationDepth += 1
        defer { evaluationDepth -= 1 }
        if evaluationDepth > Self.maximumEvaluationDepth * 8 {
            if evaluationProblem == nil { evaluationProblem = "formulas depend on each other in a loop" }
            return .nan
        }
        func entity(_ reference: EntityReference) -> Int {
            if case .entity(let e) = reference { return e }
            return bound
        }
        switch formula {
        case .constant(let v): return v
        case .param(let i): return paramValue(i)
        case .distribution(let d): return d.id < draws.count ? draws[d.id] : .nan
        case .monthsSinceStart: return Double(step)
        case .currentDate: return Double(plan.model.start + step)
        case .labsActive: return Double(plan.labs.filter { active[$0] }.count)
        case let .quantity(reference, q): return quantity(entity(reference), q)
        case let .stake(reference, holder):
            let e = entity(reference), h = entity(holder)
            return e >= 0 && h >= 0 ? stakes[e * entityCount + h] : .nan
        case let .aggregate(kind, body):
            var result = kind == .total ? 0.0 : -Double.infinity
            var any = false
            for lab in plan.labs where active[lab] {
                let v = walk(body, bound: lab)
                result = kind == .total ? result + v : Swift.max(result, v)
                any = true
            }
            return any ? result : 0
        case let .formula(index, argument):
            return walk(plan.formulaTrees[plan.letFormulas[index]], bound: argument.map(entity) ?? bound)
        case .negate(let a): return -walk(a, bound: bound)
        case .not(let a): return walk(a, bound: bound) == 0 ? 1 : 0
        case let .arithmetic(op, a, b):
            let x = walk(a, bound: bound), y = walk(b, bound: bound)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return pow(x, y)
            }
        case let .comparison(op, a, b):
            let x = walk(a, bound: bound), y = walk(b, bound: bound)
            switch op {
            case .less: return x < y ? 1 : 0
            case .lessEqual: return x <= y ? 1 : 0
            case .greater: return x > y ? 1 : 0
            case .greaterEqual: return x >= y ? 1 : 0
            case .equal: return x == y ? 1 : 0
            case .notEqual: return x != y ? 1 : 0
            }
        case let .logical(op, a, b):
            let x = walk(a, bound: bound), y = walk(b, bound: bound)
            return op == .and ? (x != 0 && y != 0 ? 1 : 0) : (x != 0 || y != 0 ? 1 : 0)
        case let .function(f, a):
            let x = walk(a, bound: bound)
            switch f {
            case .log10: return log10(x)
            case .ln: return log(x)
            case .exp: return exp(x)
            case .sqrt: return x.squareRoot()
            case .abs: return Swift.abs(x)
            }
        case let .binaryFunction(f, a, b):
            let x = walk(a, bound: bound), y = walk(b, bound: bound)
            return f == .min ? Swift.min(x, y) : Swift.max(x, y)
        case let .conditional(c, a, b):
            let condition = walk(c, bound: bound), x = walk(a, bound: bound), y = walk(b, bound: bound)
            return condition != 0 ? x : y
        }
    }
}
