#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

/// The distributions of docs/reference/uncertainty.md: their medians (a plain run) and draws (Monte Carlo).
public enum Distributions {
    /// z of the 95th percentile of the standard normal.
    static let z95 = 1.6448536269514722

    /// The value a plain run uses: median of a lognormal, mean of a normal, midpoint of a uniform.
    public static func median(_ shape: Distribution.Shape, _ a: Double, _ b: Double) -> Double {
        switch shape {
        case .lognormal: return (a * b).squareRoot()
        case .range: return a > 0 && a < b ? (a * b).squareRoot() : (a + b) / 2
        case .normal: return a
        case .uniform: return (a + b) / 2
        // docs/reference/uncertain-events.md: the earlier of two middle months; an event happens when P ≥ 50%.
        case .wholeMonths: return a + ((b - a) / 2).rounded(.down)
        case .chance: return a >= 0.5 ? 1 : 0
        }
    }

    /// The value at standard-normal deviate `z` (or uniform `u` in 0..<1 for a uniform).
    public static func quantile(_ shape: Distribution.Shape, _ a: Double, _ b: Double, z: Double, u: Double) -> Double {
        switch shape {
        case .lognormal:
            let (mu, sigma) = logParameters(a, b)
            return exp(mu + sigma * z)
        case .range:
            if a > 0 && a < b { return quantile(.lognormal, a, b, z: z, u: u) }
            return (a + b) / 2 + (b - a) / (2 * z95) * z
        case .normal: return a + b * z
        case .uniform: return a + (b - a) * u
        // Every whole month from a to b alike; 1 with probability a.
        case .wholeMonths: return a + Swift.min((u * (b - a + 1)).rounded(.down), b - a)
        case .chance: return u < a ? 1 : 0
        }
    }

    /// Whether `quantile` draws lognormally from these bounds.
    static func isLognormal(_ shape: Distribution.Shape, _ a: Double, _ b: Double) -> Bool {
        shape == .lognormal || (shape == .range && a > 0 && a < b)
    }

    /// The lognormal's log-median and log-sd from its 90% interval [a, b]: what `quantile`
    /// computes, so a sampler may work it out once per run and draw `exp(mu + sigma * z)`.
    static func logParameters(_ a: Double, _ b: Double) -> (mu: Double, sigma: Double) {
        ((log(a) + log(b)) / 2, (log(b) - log(a)) / (2 * z95))
    }
}
