import RaceEngine
import RaceModel

/// `race explain` (§19): the random inputs ranked by how much each moves each outcome.
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
                                   step: Int) -> Sensitivity {
        let weights = result.weights
        let prepared = inputs.compactMap { input -> PreparedInput? in
            guard let draws = result.draws(input.id) else { return nil }
            return PreparedInput(input: input, draws: draws, weights: weights)
        }
        let rankings = outcomes.map { outcome -> Ranking in
            let values = outcome.values(result.columns)
            let complete = !values.contains { $0.isNaN }
            let outcomeRanks = complete ? Ranks.positions(values, weights: weights) : []
            let effects = prepared.map { p -> Effect in
                let rho = complete ? Ranks.correlation(p.ranks, outcomeRanks, weights: weights)
                    : Ranks.spearman(p.draws, values, weights: weights)
                return Effect(input: p.input, correlation: rho, low: middle(values, of: p.lowSet, outcome, weights),
                              high: middle(values, of: p.highSet, outcome, weights), lowInput: p.lowValue,
                              highInput: p.highValue, failure: nil)
            }
            return Ranking(outcome: outcome, name: outcome.name(result.model), dimension: outcome.dimension(result.model),
                           center: middle(values, of: nil, outcome, weights), effects: effects.sorted(by: strongerBySamples))
        }
        let method = Method.samples(count: result.samples, seed: result.seed, effective: result.weighting?.effectiveSamples)
        return Sensitivity(model: result.model, method: method, step: step, rankings: rankings)
    }

    /// The outcome's weighted median over the samples in `set` (all when nil), or for an exit
    /// the weighted share in which the entity left.
    static func middle(_ values: [Double], of set: [Bool]?, _ outcome: ExplainOutcome, _ weights: [Double]?) -> Double {
        let chosen = values.indices.map { i -> Double in (set?[i] ?? true) ? (weights?[i] ?? 1) : 0 }
        if outcome.isExit { return Percentiles.share(values, weights: chosen) { $0 == 1 } }
        return Percentiles.of(values, weights: chosen)?.p50 ?? .nan
    }

    /// Stronger first: a larger |ρ|, then a larger |swing|; inputs with no ρ last, in input order.
    static func strongerBySamples(_ a: Effect, _ b: Effect) -> Bool {
        let x = a.correlation.map(abs) ?? -1, y = b.correlation.map(abs) ?? -1
        if x != y { return x > y }
        let s = a.swing.isNaN ? -1 : abs(a.swing), t = b.swing.isNaN ? -1 : abs(b.swing)
        return s != t ? s > t : a.input.id < b.input.id
    }

    /// An input's draws with what every outcome's effect reads of them, worked out once.
    struct PreparedInput {
        let input: RandomInput
        let draws: [Double]
        let ranks: [Double]
        let lowValue: Double
        let highValue: Double
        let lowSet: [Bool]
        let highSet: [Bool]

        /// Nil when the input does not vary (nothing to rank).
        init?(input: RandomInput, draws: [Double], weights: [Double]?) {
            guard let low = Ranks.quantile(draws, 0.1, weights: weights), let high = Ranks.quantile(draws, 0.9, weights: weights),
                  let least = Ranks.quantile(draws, 0, weights: weights), let most = Ranks.quantile(draws, 1, weights: weights),
                  least < most else { return nil }
            self.input = input
            self.draws = draws
            ranks = Ranks.positions(draws, weights: weights)
            lowValue = low
            highValue = high
            lowSet = draws.map { $0 <= low }
            highSet = draws.map { $0 >= high }
        }
    }
}
