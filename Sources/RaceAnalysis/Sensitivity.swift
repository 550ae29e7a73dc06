import RaceEngine
import RaceModel

/// `race explain` (docs/reference/explain.md): the random inputs ranked by how much each moves each outcome.
///
/// From samples, each input's effect on an outcome is the Spearman rank correlation of the two
/// and the swing: the outcome's median among the samples whose input is in its lowest tenth
/// (at or below its 10th percentile) and among those in its highest tenth (at or above its
/// 90th); for an exit, the share of those samples in which the entity left. One at a time
/// (no samples), the swing is the outcome with the input at its 5th and at its 95th
/// percentile, the others at their medians (an event that may happen: without and with it).
public struct Sensitivity: Sendable {
    public enum Method: Sendable {
        /// From `samples` samples with `seed`; `effective` is the effective sample size when
        /// weighted by observations.
        case samples(count: Int, seed: UInt64, effective: Double?)
        case oneAtATime
    }

    /// One input's effect on one outcome.
    public struct Effect: Sendable {
        public let input: RandomInput
        /// Spearman's ρ (from samples); nil one at a time, or when the outcome does not vary.
        public let correlation: Double?
        /// The outcome (median, or share for an exit) with the input low and high.
        public let low: Double
        public let high: Double
        /// The input's value at its low and high end: its 10th and 90th percentiles (samples)
        /// or 5th and 95th (one at a time); 0 and 1 for an event that may happen.
        public let lowInput: Double
        public let highInput: Double
        /// One at a time: the run error that stopped a run of this input (the swing is then NaN).
        public let failure: RunError?

        /// How far the outcome moves from the input's low end to its high end.
        public var swing: Double { high - low }
    }

    /// The inputs ranked for one outcome.
    public struct Ranking: Sendable {
        public let outcome: ExplainOutcome
        public let name: String
        /// Nil for an exit (its numbers are shares).
        public let dimension: Dimension?
        /// The outcome's median over all samples (its share for an exit), or the median run's value.
        public let center: Double
        /// Most influential first.
        public let effects: [Effect]
    }

    public let model: Model
    public let method: Method
    /// The explained month (a step of the run).
    public let step: Int
    public let rankings: [Ranking]

    /// The size of a correlation that sampling noise alone could give (two standard errors
    /// of ρ for independent inputs, 2/√(n − 1) with n the effective sample size); nil one at a time.
    public var noise: Double? {
        guard case .samples(let count, _, let effective) = method else { return nil }
        let n = effective ?? Double(count)
        return n > 1 ? 2 / (n - 1).squareRoot() : nil
    }

    /// The ranking from the samples of `result` (a run that kept the draws of `inputs` and the
    /// outcomes' fields), weighted by its observations when it is.
    public static func fromSamples(_ result: MonteCarloResult, inputs: [RandomInput], outcomes: [ExplainOutcome],
                                   step: Int, threads: Int = 1) -> Sensitivity {
        let weights = result.weights
        // Each input's ranks, then each outcome's ranking, on the run's threads: they do not
        // depend on each other, and one thread left this analysis at 0.3 of a two-thread run.
        let prepared = MonteCarlo.concurrentMap(inputs.count, threads: threads) { k -> PreparedInput? in
            guard let draws = result.draws(inputs[k].id) else { return nil }
            return PreparedInput(input: inputs[k], draws: draws, weights: weights)
        }.compactMap { $0 }
        let total = weights.map { $0.reduce(0, +) } ?? Double(result.samples)
        let rankings = MonteCarlo.concurrentMap(outcomes.count, threads: threads) { k -> Ranking in
            let outcome = outcomes[k]
            let values = outcome.values(result.columns)
            // With a value in every sample, ρ is a dot product of standardized ranks.
            let complete = !values.contains { $0.isNaN }
            let ranks = complete ? Ranks.standardized(Ranks.positions(values, weights: weights), weights: weights) : nil
            let effects = prepared.map { p -> Effect in
                let rho: Double?
                if complete {
                    rho = ranks.flatMap { y in p.standardizedRanks.map { correlation($0, y, weights, total) } }
                } else {
                    rho = Ranks.spearman(p.draws, values, weights: weights)
                }
                return Effect(input: p.input, correlation: rho, low: middle(values, of: p.low, outcome, weights),
                              high: middle(values, of: p.high, outcome, weights), lowInput: p.lowValue,
                              highInput: p.highValue, failure: nil)
            }
            return Ranking(outcome: outcome, name: outcome.name(result.model), dimension: outcome.dimension(result.model),
                           center: middle(values, of: nil, outcome, weights), effects: effects.sorted(by: strongerBySamples))
        }
        let method = Method.samples(count: result.samples, seed: result.seed, effective: result.weighting?.effectiveSamples)
        return Sensitivity(model: result.model, method: method, step: step, rankings: rankings)
    }

    /// Σ w·x·y / Σ w of two standardized vectors: their correlation, within −1…1.
    static func correlation(_ x: [Double], _ y: [Double], _ weights: [Double]?, _ total: Double) -> Double {
        var sum = 0.0
        if let weights {
            for i in x.indices where weights[i] > 0 { sum += weights[i] * x[i] * y[i] }
        } else {
            for i in x.indices { sum += x[i] * y[i] }
        }
        return max(-1, min(1, sum / total))
    }

    /// The outcome's weighted median over the samples `set` (all when nil), or for an exit
    /// the weighted share in which the entity left.
    static func middle(_ values: [Double], of set: [Int]?, _ outcome: ExplainOutcome, _ weights: [Double]?) -> Double {
        let chosen = set.map { $0.map { values[$0] } } ?? values
        let w = weights.map { weights in set.map { $0.map { weights[$0] } } ?? weights }
        if outcome.isExit { return Percentiles.share(chosen, weights: w) { $0 == 1 } }
        guard let w else { return Percentiles.of(chosen)?.p50 ?? .nan }
        return Percentiles.of(chosen, weights: w)?.p50 ?? .nan
    }

    /// Stronger first: a larger |ρ|, then a larger |swing|; inputs with no ρ last, in input order.
    static func strongerBySamples(_ a: Effect, _ b: Effect) -> Bool {
        let x = a.correlation.map(abs) ?? -1, y = b.correlation.map(abs) ?? -1
        if x != y { return x > y }
        let s = a.swing.isNaN ? -1 : abs(a.swing), t = b.swing.isNaN ? -1 : abs(b.swing)
        return s != t ? s > t : a.input.id < b.input.id
    }

    /// An input's draws with what every outcome's effect reads of them, worked out once.
    struct PreparedInput: Sendable {
        let input: RandomInput
        let draws: [Double]
        /// Its rank positions, standardized (nil when all are tied).
        let standardizedRanks: [Double]?
        let lowValue: Double
        let highValue: Double
        /// The samples in its lowest and highest tenths.
        let low: [Int]
        let high: [Int]

        /// Nil when the input does not vary (nothing to rank).
        init?(input: RandomInput, draws: [Double], weights: [Double]?) {
            let order = Ranks.order(draws, weights: weights)
            guard let first = order.first, let last = order.last, draws[first] < draws[last],
                  let low = Ranks.quantile(draws, 0.1, order: order, weights: weights),
                  let high = Ranks.quantile(draws, 0.9, order: order, weights: weights) else { return nil }
            self.input = input
            self.draws = draws
            standardizedRanks = Ranks.standardized(Ranks.positions(draws, order: order, weights: weights), weights: weights)
            lowValue = low
            highValue = high
            self.low = order.filter { draws[$0] <= low }.sorted()
            self.high = order.filter { draws[$0] >= high }.sorted()
        }
    }
}
