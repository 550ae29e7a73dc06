import RaceEngine
import RaceModel
import RaceSyntax

/// `race diff A B --samples S` (docs/reference/diff.md under uncertainty.md): A and B run with the same seed, so a
/// distribution they share (by its stable key) draws the same value in the same sample
/// (common random numbers), and each outcome's change is summarised over the paired
/// differences b_i − a_i: what the edit does within one imagined future, not the gap
/// between two clouds of futures.
///
/// Under observations (docs/reference/observations.md) each side's summaries are weighted by its own observations, and
/// the paired differences by A's weights (B's when only B observes): the pairs count as
/// much as the future they share reproduces what was observed.
public struct SampledDiff: Sendable {
    /// One entity's field at the compared month, in docs/reference/output.md's base units.
    public struct Outcome: Sendable {
        public var entity: String
        public var field: RecordedField
        public var a: Percentiles?
        public var b: Percentiles?
        /// Percentiles of b_i − a_i over the samples where both have a value.
        public var delta: Percentiles?
        /// Percentiles of (b_i − a_i) / |a_i| over the samples where both have a value and a_i ≠ 0.
        public var relative: Percentiles?

        /// Whether every paired difference is zero (or there is none).
        public var isUnchanged: Bool {
            guard let delta else { return a == nil && b == nil }
            return delta.p5 == 0 && delta.p95 == 0 && delta.mean == 0 && a?.count == b?.count
        }
    }

    /// How likely an entity is to have left by the compared month, in A and in B.
    public struct Exit: Sendable {
        public var entity: String
        public var a: Double
        public var b: Double
        /// The median month of the exits (a month index), or nil when none.
        public var medianA: Int?
        public var medianB: Int?
        /// The share of samples in which the entity is active in one run and not in the other.
        public var discordant: Double
    }

    public var samples: Int
    public var seed: UInt64
    /// The compared calendar month (a month index).
    public var month: Int
    public var outcomes: [Outcome]
    public var exits: [Exit]

    /// Pairs the samples of two Monte Carlo runs at `month` (a calendar month both contain;
    /// the horizon of each unless both kept their series).
    public static func make(a: MonteCarloResult, b: MonteCarloResult, month: Int,
                            fields: [RecordedField] = RunJSON.finalFields) -> SampledDiff {
        let stepA = month - a.model.start, stepB = month - b.model.start
        let common = DiffOutcomes.commonEntities(a.model, b.model)
        let n = min(a.samples, b.samples)
        let pairWeights = (a.weights ?? b.weights).map { Array($0.prefix(n)) }
        var outcomes: [Outcome] = []
        for (name, i, j) in common {
            for field in fields {
                let x = values(a, field, entity: i, step: stepA), y = values(b, field, entity: j, step: stepB)
                var deltas = [Double](repeating: .nan, count: n), relatives = [Double](repeating: .nan, count: n)
                if let x, let y {
                    for s in 0..<n {
                        let u = x[s], v = y[s]
                        guard u.isFinite, v.isFinite else { continue }
                        deltas[s] = v - u
                        if u != 0 { relatives[s] = (v - u) / abs(u) }
                    }
                }
                func summary(_ p: Percentiles?) -> Percentiles? { p?.map { QuantityFormat.base($0, field.dimension) } }
                outcomes.append(Outcome(
                    entity: name, field: field,
                    a: summary(x.flatMap { weighted($0, a.weights) }),
                    b: summary(y.flatMap { weighted($0, b.weights) }),
                    delta: summary(pairs(deltas, pairWeights)), relative: pairs(relatives, pairWeights)))
            }
        }
        let exits = common.map { name, i, j -> Exit in
            var discordant = 0.0, total = 0.0
            for s in 0..<n {
                let left = (a.exitStep(entity: i, sample: s).map { $0 <= stepA } ?? false)
                let right = (b.exitStep(entity: j, sample: s).map { $0 <= stepB } ?? false)
                let w = pairWeights?[s] ?? 1
                total += w
                if left != right { discordant += w }
            }
            return Exit(entity: name, a: a.exitProbability(entity: i, by: stepA), b: b.exitProbability(entity: j, by: stepB),
                        medianA: a.exitMedian(entity: i, by: stepA).map { $0 + a.model.start },
                        medianB: b.exitMedian(entity: j, by: stepB).map { $0 + b.model.start },
                        discordant: discordant / total)
        }
        return SampledDiff(samples: n, seed: a.seed, month: month, outcomes: outcomes, exits: exits)
    }

    /// A side's summary, weighted by its observations when it has them.
    static func weighted(_ values: [Double], _ weights: [Double]?) -> Percentiles? {
        guard let weights else { return Percentiles.of(values) }
        return Percentiles.of(values, weights: weights)
    }

    /// The summary of the paired differences (NaN where a pair has none), weighted as the type says.
    static func pairs(_ values: [Double], _ weights: [Double]?) -> Percentiles? {
        guard let weights else { return Percentiles.of(values.filter { !$0.isNaN }) }
        return Percentiles.of(values, weights: weights)
    }

    /// A field's values at a step, one per sample: the finals at the horizon, else the series.
    static func values(_ result: MonteCarloResult, _ field: RecordedField, entity: Int, step: Int) -> [Double]? {
        step == result.finalStep ? result.values(field, entity: entity) : result.values(field, entity: entity, step: step)
    }
}
