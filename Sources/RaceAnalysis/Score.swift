import RaceEngine
import RaceModel

/// `race score` (docs/reference/observations.md): how well the scenario, without its observations, predicted them. For
/// each observed value: the predicted 5th, 50th and 95th percentiles, the PIT (the share of
/// samples below the observed value, ties counting half), whether it lies inside the
/// predicted 90% interval, and the CRPS; then the coverage, the share of observed values
/// inside their intervals. A condition (`observe CONDITION at DATE`) gets the predicted
/// probability that it holds and its Brier score, which is the CRPS of a yes/no forecast.
public struct Score: Sendable {
    public struct Entry: Sendable {
        /// `Model.observations[index]`.
        public let index: Int
        /// The observed value (engine units); nil for a condition.
        public let observed: Double?
        /// The samples' values (unweighted), with the shares missing and infinite (docs/reference/output.md).
        public let predicted: Percentiles?
        /// PIT in 0…1; nil for a condition or when no sample has a value.
        public let pit: Double?
        /// Whether the observed value lies within [p5, p95]; nil for a condition.
        public let inside: Bool?
        /// The CRPS in the observed quantity's unit (engine units), or a condition's Brier score.
        public let crps: Double?
        /// For a condition: the predicted probability that it holds.
        public let probability: Double?
    }

    public let model: Model
    public let samples: Int
    public let seed: UInt64
    public let entries: [Entry]

    /// The share of observed values inside their predicted 90% intervals; nil without one.
    public var coverage: Double? {
        let judged = entries.compactMap(\.inside)
        return judged.isEmpty ? nil : Double(judged.filter { $0 }.count) / Double(judged.count)
    }

    /// The scores of `result`, a run of the scenario that ignored its observations (not weighted).
    public static func of(_ result: MonteCarloResult) -> Score {
        let entries = result.model.observations.indices.map { k -> Entry in
            let values = result.observed(k)
            guard let target = result.targets[k] else {
                let p = values.isEmpty ? Double.nan : Double(values.filter { $0 == 1 }.count) / Double(values.count)
                return Entry(index: k, observed: nil, predicted: nil, pit: nil, inside: nil, crps: (1 - p) * (1 - p), probability: p)
            }
            let predicted = Percentiles.of(values)
            let y = target.value
            return Entry(index: k, observed: y, predicted: predicted, pit: pit(values, y),
                         inside: predicted.map { $0.p5 <= y && y <= $0.p95 }, crps: crps(values, y), probability: nil)
        }
        return Score(model: result.model, samples: result.samples, seed: result.seed, entries: entries)
    }

    /// The probability integral transform of `y` under the samples' values: the share below
    /// it, those equal to it counting half (so the median of an odd number of samples has
    /// PIT ½ exactly). Missing values are left out; an infinite one lies above every number.
    public static func pit(_ values: [Double], _ y: Double) -> Double? {
        var below = 0.0, equal = 0.0, count = 0.0
        for x in values where !x.isNaN {
            count += 1
            if x < y { below += 1 } else if x == y { equal += 1 }
        }
        return count > 0 ? (below + equal / 2) / count : nil
    }

    /// The continuous ranked probability score of the samples' distribution (each sample
    /// weighing 1/n) against `y`: E|X − y| − ½·E|X − X′|, exactly, with the pairs' sum taken
    /// over the sorted values (Σᵢ (2i − n + 1)·x₍ᵢ₎ counts each |xᵢ − xⱼ| once). Infinite
    /// when a sample is; nil when none has a value.
    public static func crps(_ values: [Double], _ y: Double) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let n = Double(sorted.count)
        guard n > 0 else { return nil }
        if sorted.contains(where: \.isInfinite) { return .infinity }
        var distance = 0.0, pairs = 0.0
        for (i, x) in sorted.enumerated() {
            distance += abs(x - y)
            pairs += (2 * Double(i) - n + 1) * x
        }
        return distance / n - pairs / (n * n)
    }
}
