#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

/// The random streams of a Monte Carlo run (docs/reference/uncertainty.md): distribution d of sample s takes the first
/// uniform u of `RandomStream(seed: seed, sample: s).substream(d's key)`, its normal deviate
/// is z = Φ⁻¹(u), and its value is `Distributions.quantile(shape, a, b, z: z, u: u)`. So a
/// sample's draws depend only on the seed, its index and the distributions' keys: not on the
/// thread, the block, or the other distributions a scenario declares.
public struct RandomDraws: Sendable {
    public let seed: UInt64
    /// `RandomStream.salt` of each distribution's stream label (a hash of its stable key).
    let salts: [UInt64]

    public init(plan: Plan, seed: UInt64) {
        self.seed = seed
        var seen: [String: Int] = [:]
        salts = plan.distributions.enumerated().map { id, d in
            var key = d.key.isEmpty ? "id:\(id)" : d.key
            // Keys are unique by construction; should two ever meet, the later one still gets
            // a stream of its own.
            if let n = seen[key] {
                seen[key] = n + 1
                key += "/\(n + 1)"
            } else {
                seen[key] = 0
            }
            return RandomStream.salt(RandomStream.hash(key))
        }
    }
}

extension LaneEngine {
    /// Draws every distribution into its row, in id order: a bound may read an earlier
    /// distribution (the checker numbers a bound's distributions before the distribution
    /// itself), so each bound is evaluated per lane after the draws it reads.
    func drawDistributions(_ draws: Draws) throws(RunError) {
        let a = scratch(.first), b = scratch(.second)
        for (id, d) in plan.distributions.enumerated() {
            let target = drawRow(id)
            if case .given(let values) = draws {
                let given = id < values.count ? values[id] : []
                for s in 0..<lanes { target[s] = given.isEmpty ? .nan : given[min(s, given.count - 1, samples - 1)] }
                continue
            }
            evaluate(d.first, bound: -1, into: a)
            evaluate(d.second, bound: -1, into: b)
            forgetArithmetic()
            for s in 0..<lanes where !(a[s].isFinite && b[s].isFinite) {
                throw error(.distributionBounds(key: d.key), span: d.span, lane: s)
            }
            switch draws {
            case .medians:
                for s in 0..<lanes { target[s] = Distributions.median(d.shape, a[s], b[s]) }
            case .random(let random):
                drawRandom(d.shape, a: a, b: b, seed: random.seed, salt: random.salts[id], into: target)
            case .given: break
            }
        }
        // Params read while drawing saw only the draws made so far; they are worked out again.
        for i in ledger.paramReady.indices { ledger.paramReady[i] = false }
    }

    /// One distribution's draws for every lane from its random streams.
    private func drawRandom(_ shape: Distribution.Shape, a: LaneRow, b: LaneRow, seed: UInt64, salt: UInt64, into target: LaneRow) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: lanes) { keys in
            for s in 0..<lanes { keys[s] = RandomStream(seed: seed, sample: firstSample + min(s, samples - 1)).key }
            RandomStream.firstUniforms(keys: keys.baseAddress!, salt: salt, count: lanes, into: target.start)
        }
        if shape == .uniform {
            for s in 0..<lanes { target[s] = Distributions.quantile(shape, a[s], b[s], z: 0, u: target[s]) }
            return
        }
        let uniforms = stackRow(stack.top)
        uniforms.copy(from: target)
        RandomStream.inverseNormals(target.start, count: lanes)
        // A lognormal's log-median and log-sd, worked out once when every lane has the same
        // bounds (two logarithms a draw fewer, the same numbers).
        if Distributions.isLognormal(shape, a[0], b[0]), (0..<lanes).allSatisfy({ a[$0] == a[0] && b[$0] == b[0] }) {
            let (mu, sigma) = Distributions.logParameters(a[0], b[0])
            for s in 0..<lanes { target[s] = exp(mu + sigma * target[s]) }
            return
        }
        for s in 0..<lanes { target[s] = Distributions.quantile(shape, a[s], b[s], z: target[s], u: uniforms[s]) }
    }
}
