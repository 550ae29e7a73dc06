#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceSyntax

/// What an `observe` says was seen (docs/reference/observations.md), in the engine's units: the stated value and its
/// error, absolute (a standard deviation in the value's unit) or relative (the standard
/// deviation on the log scale is ln(1 + error)). Nil stands for a condition.
public struct ObservationTarget: Sendable, Equatable {
    public let value: Double
    public let error: Double
    public let isRelative: Bool

    public init(value: Double, error: Double, isRelative: Bool) {
        self.value = value
        self.error = error
        self.isRelative = isRelative
    }

    /// How far `x` is from the stated value, in standard deviations (on the log scale when
    /// relative); nil when `x` cannot be compared (missing, infinite, or not above zero on
    /// a log scale).
    public func deviation(_ x: Double) -> Double? {
        guard x.isFinite else { return nil }
        if isRelative {
            guard x > 0 else { return nil }
            return (log(x) - log(value)) / log(1 + error)
        }
        return (x - value) / error
    }
}

/// The importance weights of docs/reference/observations.md: each sample weighs the likelihood of the observations
/// given what the sample shows at their months. A value observed with error gives a normal
/// likelihood, exp(−z²/2) with z its deviation (the constant factors are the same in every
/// sample and drop out); a condition weighs 1 where it held and 0 where not; a value the
/// sample cannot show (missing, infinite, or not above zero under a relative error) weighs 0.
///
/// The weights are scaled so the largest is 1 (exp of the log weight less the largest log
/// weight), so no sample's weight underflows merely because every sample is far off.
public struct ObservationWeights: Sendable {
    /// Per sample: Σ −z²/2 over the observations; −∞ where the sample weighs 0.
    public let logWeights: [Double]
    /// Per sample: exp(log weight − the largest log weight), in 0…1.
    public let weights: [Double]
    /// Kish's effective sample size, (Σw)² / Σw².
    public let effectiveSamples: Double

    /// The log weight of one observation's value in one sample.
    public static func logLikelihood(_ x: Double, _ target: ObservationTarget?) -> Double {
        guard let target else { return x == 1 ? 0 : -.infinity }
        guard let z = target.deviation(x) else { return -.infinity }
        return -0.5 * z * z
    }

    /// Weights from what each observation saw in each sample: `observed[k * samples + s]`.
    /// Throws when no sample has a weight above 0.
    public init(observed: [Double], targets: [ObservationTarget?], samples: Int) throws(NoSampleFitsObservations) {
        var logs = [Double](repeating: 0, count: samples)
        for (k, target) in targets.enumerated() {
            let base = k * samples
            for s in 0..<samples { logs[s] += Self.logLikelihood(observed[base + s], target) }
        }
        let top = logs.max() ?? -.infinity
        guard top > -.infinity else {
            // Name an observation that no sample meets, if one alone is to blame.
            let alone = targets.indices.first { k in
                (0..<samples).allSatisfy { Self.logLikelihood(observed[k * samples + $0], targets[k]) == -.infinity }
            }
            throw NoSampleFitsObservations(observation: alone)
        }
        var weights = [Double](repeating: 0, count: samples)
        var sum = 0.0, squares = 0.0
        for s in 0..<samples {
            let w = exp(logs[s] - top)
            weights[s] = w
            sum += w
            squares += w * w
        }
        logWeights = logs
        self.weights = weights
        effectiveSamples = sum * sum / squares
    }

    /// Whether `effective` samples are too few to trust the weighted numbers (docs/reference/observations.md): below 100,
    /// or below 1% of the samples run.
    public static func isLow(_ effective: Double, samples: Int) -> Bool {
        effective < 100 || effective < 0.01 * Double(samples)
    }
}

/// Every sample weighs 0 under the observations: none reproduces them.
public struct NoSampleFitsObservations: Error, Sendable {
    /// The observation (`Model.observations` index) that no sample meets, when one alone does
    /// it; nil when each is met somewhere but never all together.
    public let observation: Int?
}

extension ObservationTarget {
    /// The stated value and error of each observation of `plan`, nil for a condition:
    /// evaluated once (they are fixed before the run) in a plain engine at month 0.
    public static func all(_ plan: Plan) throws(RunError) -> [ObservationTarget?] {
        guard !plan.observations.isEmpty else { return [] }
        let engine = try LaneEngine(plan: plan, samples: 1, draws: .medians, logEvents: false)
        return plan.model.observations.indices.map { k in
            guard case .value(_, _, let isRelative) = plan.model.observations[k].measure,
                  let (value, error) = engine.observationTarget(k) else { return nil }
            return ObservationTarget(value: value, error: error, isRelative: isRelative)
        }
    }
}
