#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

/// The draws of every distribution for one Monte Carlo sample (§8): "each distribution
/// written in the source is one random variable, drawn once per sample before month 0".
///
/// A distribution's bounds are static (constants and params), so they are worked out once
/// for the whole run. The exception is a bound that reads another distribution
/// (`param b = a to $5B` with `a` uncertain): such bounds are evaluated again in every
/// sample, after the distributions they read (the checker numbers a bound's distributions
/// before the distribution itself, so drawing in id order suffices).
///
/// Distribution d of sample s takes the first uniform u of the stream
/// `RandomStream(seed: seed, sample: s).substream(d's key)`, its normal deviate is
/// z = Φ⁻¹(u), and its value is `Distributions.quantile(shape, a, b, z: z, u: u)`.
struct DistributionSampler: Sendable {
    let plan: Plan
    /// Stream labels: hashes of the distributions' stable keys (made unique if need be).
    let labels: [UInt64]
    /// `RandomStream.salt` of each label.
    let salts: [UInt64]
    /// The bounds of each distribution, or nil when they depend on another distribution.
    let fixedBounds: [(Double, Double)?]
    /// Whether any bound must be evaluated per sample.
    let hasDependentBounds: Bool
    /// For a lognormal with fixed bounds, its (mu, sigma), worked out once for the run:
    /// two logarithms a draw fewer, the same numbers.
    let logParameters: [(mu: Double, sigma: Double)?]

    init(plan: Plan) throws {
        try plan.requireRunnable()  // v2-engine:
        self.plan = plan
        let distributions = plan.distributions
        var seen: [String: Int] = [:]
        labels = distributions.enumerated().map { id, d in
            var key = d.key.isEmpty ? "id:\(id)" : d.key
            // Keys are unique by construction; should two ever meet, the later one still
            // gets a stream of its own.
            if let n = seen[key] {
                seen[key] = n + 1
                key += "/\(n + 1)"
            } else {
                seen[key] = 0
            }
            return RandomStream.hash(key)
        }
        var evaluator = StaticEvaluator(plan: plan, draws: Array(repeating: .nan, count: distributions.count))
        var fixed: [(Double, Double)?] = []
        for d in distributions {
            if evaluator.readsDraws(d.first) || evaluator.readsDraws(d.second) {
                fixed.append(nil)
            } else {
                fixed.append(try Self.bounds(d, evaluator: &evaluator, sample: nil))
            }
        }
        salts = labels.map(RandomStream.salt)
        fixedBounds = fixed
        hasDependentBounds = fixed.contains { $0 == nil }
        logParameters = zip(distributions, fixed).map { d, bounds in
            guard let (a, b) = bounds, Distributions.isLognormal(d.shape, a, b) else { return nil }
            return Distributions.logParameters(a, b)
        }
    }

    /// Fills `draws` (one value per distribution id) for sample `sample`.
    func draw(seed: UInt64, sample: Int, into draws: inout [Double]) throws {
        let stream = RandomStream(seed: seed, sample: sample)
        var evaluator: StaticEvaluator?
        if hasDependentBounds { evaluator = StaticEvaluator(plan: plan, draws: draws) }
        for (id, d) in plan.distributions.enumerated() {
            var sub = stream.substream(labels[id])
            let u = sub.nextUniform()
            let z = d.shape == .uniform ? 0 : RandomStream.inverseNormal(u)
            if let (mu, sigma) = logParameters[id] {
                draws[id] = exp(mu + sigma * z)
                continue
            }
            let a: Double, b: Double
            if let bounds = fixedBounds[id] {
                (a, b) = bounds
            } else {
                evaluator!.draws = draws
                evaluator!.resetParams()
                (a, b) = try Self.bounds(d, evaluator: &evaluator!, sample: sample)
            }
            draws[id] = Distributions.quantile(d.shape, a, b, z: z, u: u)
        }
    }

    /// The draws of the samples `range`, as `rows[id][lane]` for lane 0..<range.count: the
    /// numbers `draw(seed:sample:into:)` gives each sample, drawn a distribution at a time
    /// over the block so that the streams' arithmetic and most of the inverse normal run
    /// eight samples at a time. Bounds that read other distributions go sample by sample.
    func draw(seed: UInt64, samples range: Range<Int>, into rows: inout [[Double]]) throws {
        let count = range.count
        if hasDependentBounds {
            var draws = [Double](repeating: .nan, count: plan.distributions.count)
            for (lane, s) in range.enumerated() {
                try draw(seed: seed, sample: s, into: &draws)
                for id in draws.indices { rows[id][lane] = draws[id] }
            }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { keys in
            for (lane, s) in range.enumerated() { keys[lane] = RandomStream(seed: seed, sample: s).key }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { uniforms in
                for (id, d) in plan.distributions.enumerated() {
                    rows[id].withUnsafeMutableBufferPointer { row in
                        precondition(row.count >= count, "a draw row holds a lane per sample of the block")
                        let values = row.baseAddress!
                        RandomStream.firstUniforms(keys: keys.baseAddress!, salt: salts[id], count: count, into: values)
                        if let (mu, sigma) = logParameters[id] {
                            RandomStream.inverseNormals(values, count: count)
                            for lane in 0..<count { values[lane] = exp(mu + sigma * values[lane]) }
                            return
                        }
                        let (a, b) = fixedBounds[id]!
                        if d.shape != .uniform {
                            _ = uniforms.initialize(fromContentsOf: UnsafeBufferPointer(start: values, count: count))
                            RandomStream.inverseNormals(values, count: count)
                        }
                        for lane in 0..<count {
                            let z = d.shape == .uniform ? 0 : values[lane], u = d.shape == .uniform ? values[lane] : uniforms[lane]
                            values[lane] = Distributions.quantile(d.shape, a, b, z: z, u: u)
                        }
                    }
                }
            }
        }
    }

    private static func bounds(_ d: DistributionPlan, evaluator: inout StaticEvaluator, sample: Int?) throws -> (Double, Double) {
        let a = evaluator.evaluate(d.first), b = evaluator.evaluate(d.second)
        guard a.isFinite, b.isFinite else {
            throw RunError(message: "the bounds of \(describe(d.key)) are not finite numbers (a division by zero, or a number too large)",
                           span: nil, step: 0, sample: sample)
        }
        return (a, b)
    }

    /// `param:g#0` → "the distribution in param 'g'"; `at:$1B to $2B#0` → "'$1B to $2B'".
    static func describe(_ key: String) -> String {
        if key.hasPrefix("param:"), let hash = key.lastIndex(of: "#") {
            return "the distribution in param '\(key[key.index(key.startIndex, offsetBy: 6)..<hash])'"
        }
        if key.hasPrefix("at:"), let hash = key.lastIndex(of: "#") {
            return "'\(key[key.index(key.startIndex, offsetBy: 3)..<hash])'"
        }
        return "a distribution"
    }
}

/// Evaluates the static part of compiled formulas (constants, params, distributions and
/// arithmetic on them) without a `Simulation`, with the same operations as its evaluator,
/// so a bound computed here equals the one a run would compute. Anything that reads the
/// run's state gives NaN.
struct StaticEvaluator {
    let plan: Plan
    var draws: [Double]
    private var params: [Double?]
    private var paramReadsDraws: [Bool?]

    init(plan: Plan, draws: [Double]) {
        self.plan = plan
        self.draws = draws
        params = Array(repeating: nil, count: plan.paramFormulas.count)
        paramReadsDraws = Array(repeating: nil, count: plan.paramFormulas.count)
    }

    mutating func resetParams() {
        for i in params.indices { params[i] = nil }
    }

    /// Whether compiled formula `index` reads a distribution, directly or through params.
    mutating func readsDraws(_ index: Int) -> Bool {
        for instruction in plan.formulas[index].code {
            switch instruction {
            case .distribution: return true
            case .param(let p):
                if let known = paramReadsDraws[p] {
                    if known { return true }
                } else {
                    paramReadsDraws[p] = false  // params form no cycles (the checker says so)
                    let reads = readsDraws(plan.paramFormulas[p])
                    paramReadsDraws[p] = reads
                    if reads { return true }
                }
            default: continue
            }
        }
        return false
    }

    mutating func evaluate(_ index: Int) -> Double {
        var stack: [Double] = []
        for instruction in plan.formulas[index].code {
            switch instruction {
            case .push(let v): stack.append(v)
            case .param(let p):
                if params[p] == nil {
                    params[p] = .nan  // a guard against cycles; the checker rejects them
                    params[p] = evaluate(plan.paramFormulas[p])
                }
                stack.append(params[p]!)
            case .distribution(let d): stack.append(d < draws.count ? draws[d] : .nan)
            case .negate: stack[stack.count - 1] = -stack[stack.count - 1]
            case .not: stack[stack.count - 1] = stack[stack.count - 1] == 0 ? 1 : 0
            case .add: binary(&stack) { $0 + $1 }
            case .subtract: binary(&stack) { $0 - $1 }
            case .multiply: binary(&stack) { $0 * $1 }
            case .divide: binary(&stack) { $0 / $1 }
            case .power: binary(&stack) { pow($0, $1) }
            case .compare(let op):
                switch op {
                case .less: binary(&stack) { $0 < $1 ? 1 : 0 }
                case .lessEqual: binary(&stack) { $0 <= $1 ? 1 : 0 }
                case .greater: binary(&stack) { $0 > $1 ? 1 : 0 }
                case .greaterEqual: binary(&stack) { $0 >= $1 ? 1 : 0 }
                case .equal: binary(&stack) { $0 == $1 ? 1 : 0 }
                case .notEqual: binary(&stack) { $0 != $1 ? 1 : 0 }
                }
            case .and: binary(&stack) { $0 != 0 && $1 != 0 ? 1 : 0 }
            case .or: binary(&stack) { $0 != 0 || $1 != 0 ? 1 : 0 }
            case .function(let f):
                let x = stack[stack.count - 1]
                switch f {
                case .log10: stack[stack.count - 1] = log10(x)
                case .ln: stack[stack.count - 1] = log(x)
                case .exp: stack[stack.count - 1] = exp(x)
                case .sqrt: stack[stack.count - 1] = x.squareRoot()
                case .abs: stack[stack.count - 1] = Swift.abs(x)
                }
            case .binaryFunction(let f): binary(&stack) { f == .min ? Swift.min($0, $1) : Swift.max($0, $1) }
            case .select:
                let otherwise = stack.removeLast(), then = stack.removeLast(), condition = stack.removeLast()
                stack.append(condition != 0 ? then : otherwise)
            case .monthsSinceStart, .currentDate, .labsActive, .quantity, .stake, .aggregate, .formula:
                return .nan
            }
        }
        return stack.last ?? .nan
    }

    private func binary(_ stack: inout [Double], _ op: (Double, Double) -> Double) {
        let b = stack.removeLast(), a = stack.removeLast()
        stack.append(op(a, b))
    }
}
