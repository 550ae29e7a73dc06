#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates formulas that need no run state (constants, params, distributions at their
/// medians), for what must be fixed before a run: durations, periods, lead times.
struct StaticValue {
    /// Each param's value, nil when it cannot be known before the run (or did not check).
    private var params: [Double?]

    /// With each param's value worked out already (the checker keeps them as it checks).
    init(values: [Double?]) {
        params = values
    }

    /// Evaluates the params in `order`, each after the params it uses, so a long chain of
    /// params is worked out in a loop, not by recursion.
    init(params formulas: [Formula?], order: [Int]) {
        params = Array(repeating: nil, count: formulas.count)
        for i in order { params[i] = formulas[i].flatMap(evaluate) }
    }

    func evaluate(_ formula: Formula) -> Double? {
        switch formula {
        case .constant(let v): return v
        case .param(let i): return params[i]
        case .distribution(let d): return Self.median(d, first: evaluate(d.first), second: evaluate(d.second))
        case .negate(let a): return evaluate(a).map { -$0 }
        case let .arithmetic(op, a, b):
            guard let x = evaluate(a), let y = evaluate(b) else { return nil }
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return pow(x, y)
            }
        case let .function(f, a):
            guard let x = evaluate(a) else { return nil }
            switch f {
            case .log10: return log10(x)
            case .ln: return log(x)
            case .exp: return exp(x)
            case .sqrt: return x.squareRoot()
            case .abs: return Swift.abs(x)
            }
        case let .binaryFunction(f, a, b):
            guard let x = evaluate(a), let y = evaluate(b) else { return nil }
            return f == .min ? Swift.min(x, y) : Swift.max(x, y)
        default: return nil
        }
    }

    /// The value a plain run uses (docs/reference/uncertainty.md): the median of a lognormal, the mean of a normal,
    /// the midpoint of a uniform, the earlier middle of a range of whole months, and for a
    /// chance 1 when its probability is at least 50%.
    static func median(_ d: Distribution, first: Double?, second: Double?) -> Double? {
        guard let a = first, let b = second else { return nil }
        switch d.shape {
        case .lognormal: return (a * b).squareRoot()
        case .range: return a > 0 && a < b ? (a * b).squareRoot() : (a + b) / 2
        case .normal: return a
        case .uniform: return (a + b) / 2
        case .wholeMonths: return a + ((b - a) / 2).rounded(.down)
        case .chance: return a >= 0.5 ? 1 : 0
        }
    }
}
