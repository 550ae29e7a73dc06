#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceReport

/// The vertical scale of a chart: which values map where, and the ticks on its axis.
///
/// Ticks fall on round values in the units an analyst reads (`$40B`, `2 ZFLOP/s`, not
/// 4.3e10 or per month): the scale works in display units (`QuantityFormat.base`) and
/// labels each tick with `QuantityFormat.human`. When the values span more than two decades
/// (issue 16: one lab dwarfs another, or growth is exponential), the axis is logarithmic;
/// when such values also reach zero or below (a lab that ran out of cash), it is a
/// symmetric log: linear between −c and c, logarithmic beyond, so zero and negative cash
/// stay on the chart instead of being dropped.
struct ValueScale {
    enum Kind: Equatable {
        case linear
        case log
        /// Linear within ±threshold (display units), logarithmic beyond.
        case symlog(threshold: Double)
    }

    let kind: Kind
    let format: ValueFormat
    /// The domain in transformed units (`transform`): the bottom and top of the axis.
    let low: Double
    let high: Double
    /// Tick values in display units, bottom to top.
    let ticks: [Double]
    /// Whether +∞ or −∞ occurs: the chart keeps a strip for it above or below the finite values.
    let hasInfinity: Bool
    let hasNegativeInfinity: Bool

    /// Engine units to display units (compute per month to per second); 1 for the rest.
    let factor: Double

    /// A scale covering every value of `values` (engine units) with about `targetTicks` ticks.
    init(values: [Double], format: ValueFormat, targetTicks: Int) {
        self.format = format
        var factor = 1.0
        if case .quantity(let dimension) = format { factor = QuantityFormat.base(1, dimension) }
        self.factor = factor
        let display = values.map { $0 * factor }
        let finite = display.filter(\.isFinite)
        hasInfinity = display.contains { $0 == .infinity }
        hasNegativeInfinity = display.contains { $0 == -.infinity }
        (kind, low, high, ticks) = Self.axis(finite, target: max(2, targetTicks))
    }

    /// The kind of axis, its bounds in transformed units and its ticks, for finite display values.
    private static func axis(_ finite: [Double], target: Int) -> (Kind, Double, Double, [Double]) {
        guard let smallest = finite.min(), let largest = finite.max() else { return (.linear, 0, 1, [0, 1]) }
        // Magnitudes a billion times below the largest are rounding noise around zero, not values.
        let biggest = finite.map(abs).max() ?? 0
        let magnitudes = finite.map(abs).filter { $0 > biggest * 1e-9 }
        guard let least = magnitudes.min(), biggest / least > 100 else {
            let (low, high, ticks) = linearAxis(smallest, largest, target: target)
            return (.linear, low, high, ticks)
        }
        // Below a millionth of the largest value, detail no longer shows; cap the decades.
        let floor = max(least, biggest / 1e6)
        if smallest > 0 {
            let (low, high, ticks) = logAxis(max(smallest, floor), largest, target: target)
            return (.log, low, high, ticks)
        }
        // The linear part around zero reaches up to the decade below most of the values
        // (their lower quartile): values near zero are only passing through it (cash on its
        // way below zero, or frozen there after an exit), and a threshold at the least of
        // them would spend decades of the axis on nothing.
        let sorted = magnitudes.sorted()
        let typical = max(sorted[sorted.count / 4], floor)
        let threshold = pow10(Int(log10(typical).rounded(.down)))
        let (low, high, ticks) = symlogAxis(smallest, largest, threshold: threshold, target: target)
        return (.symlog(threshold: threshold), low, high, ticks)
    }

    var isLogarithmic: Bool { kind != .linear }

    /// A display value in transformed units (log10 on a log axis).
    func transform(_ v: Double) -> Double {
        switch kind {
        case .linear: return v
        case .log: return log10(v)
        case .symlog(let c):
            let m = abs(v)
            let t = m <= c ? m / c : 1 + log10(m / c)
            return v < 0 ? -t : t
        }
    }

    /// Where an engine value sits between the bottom (0) and the top (1) of the finite
    /// values; nil for a missing value. Infinities return ±∞: the renderer puts them in
    /// their strip.
    func position(_ value: Double) -> Double? {
        if value.isNaN { return nil }
        if value.isInfinite { return value }
        let t = transform(value * factor)
        return high > low ? (t - low) / (high - low) : 0.5
    }

    /// A tick's position, 0 to 1.
    func tickPosition(_ tick: Double) -> Double {
        high > low ? (transform(tick) - low) / (high - low) : 0.5
    }

    /// The axis text of a tick, in human units without the unit the title already names.
    func label(_ tick: Double) -> String {
        AxisText.label(tick / factor, format)
    }

    // MARK: - Axes

    /// Round ticks 1, 2 or 5 × 10^k apart covering `a...b`; zero joins the axis when the
    /// values come within half their size of it (so a bar of cash is read from $0).
    static func linearAxis(_ a: Double, _ b: Double, target: Int) -> (Double, Double, [Double]) {
        var (lo, hi) = (a, b)
        if lo == hi {
            if lo == 0 { hi = 1 } else if lo > 0 { lo = 0 } else { hi = 0 }
        }
        if lo > 0 && lo <= hi / 2 { lo = 0 }
        if hi < 0 && hi >= lo / 2 { hi = 0 }
        let step = NiceNumber.step(for: (hi - lo) / Double(target))
        let first = Int((lo / step.value).rounded(.down)), last = Int((hi / step.value).rounded(.up))
        let ticks = (first...max(first + 1, last)).map { step.multiple($0) }
        return (ticks.first!, ticks.last!, ticks)
    }

    /// Bounds on the 1-2-5 sequence around `a...b` (both positive), ticks at the decades,
    /// with 2× and 5× between them when there are few decades and room for them.
    static func logAxis(_ a: Double, _ b: Double, target: Int) -> (Double, Double, [Double]) {
        let lo = NiceNumber.below(a), hi = NiceNumber.above(b)
        let low = log10(lo), high = max(log10(hi), low + 1)
        let firstDecade = Int(low.rounded(.down)), lastDecade = Int(high.rounded(.up))
        let decades = (firstDecade...lastDecade).map { pow10($0) }.filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
        var ticks = decades
        let perDecade = Double(target) / max(1, high - low)
        if perDecade >= 3 || decades.count < 2 {
            ticks = (firstDecade...lastDecade).flatMap { k in [1.0, 2, 5].map { $0 * pow10(k) } }
                .filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
        }
        return (low, high, thin(ticks, to: target, keeping: decades))
    }

    /// Zero, then ±threshold × 10^k outward to cover `a...b`.
    static func symlogAxis(_ a: Double, _ b: Double, threshold c: Double, target: Int) -> (Double, Double, [Double]) {
        func t(_ v: Double) -> Double {
            let m = abs(v)
            let r = m <= c ? m / c : 1 + log10(m / c)
            return v < 0 ? -r : r
        }
        let low = a >= 0 ? 0 : -(-t(a)).rounded(.up), high = b <= 0 ? 0 : t(b).rounded(.up)
        var ticks: [Double] = []
        if low < 0 { ticks += stride(from: Int(-low), through: 1, by: -1).map { -c * pow10($0 - 1) } }
        ticks.append(0)
        if high > 0 { ticks += (1...Int(high)).map { c * pow10($0 - 1) } }
        return (low, max(high, low + 1), thin(ticks, to: target, keeping: [0]))
    }

    /// Every n-th tick when there are half again as many as `target` (decade labels are short:
    /// a few extra cost less than a skipped decade), keeping the ones in `keeping` when it can
    /// (the decades, or zero).
    static func thin(_ ticks: [Double], to target: Int, keeping: [Double]) -> [Double] {
        let most = target + target / 2 + 1
        guard ticks.count > most else { return ticks }
        let kept = ticks.filter { keeping.contains($0) }
        let pool = kept.count >= 2 ? kept : ticks
        guard pool.count > most else { return pool }
        let every = (pool.count + target - 1) / target
        // Count from zero, or else from the top decade, so that it stays labelled.
        let anchor = pool.firstIndex(of: 0) ?? pool.count - 1
        var chosen = pool.indices.filter { ($0 - anchor) % every == 0 }
        // The top of the axis keeps its label: it says how far the axis reaches.
        if let last = chosen.last, last != pool.count - 1 {
            if pool.count - 1 - last < every && pool[last] != 0 { chosen.removeLast() }
            chosen.append(pool.count - 1)
        }
        return chosen.map { pool[$0] }
    }

    static func pow10(_ k: Int) -> Double {
        // Exact decimals for negative powers: 1 / 1e3 is 0.001 exactly as written.
        k >= 0 ? (0..<k).reduce(1.0) { v, _ in v * 10 } : 1 / pow10(-k)
    }
}

/// Round numbers: 1, 2 and 5 times a power of ten.
enum NiceNumber {
    /// A step `mantissa × 10^exponent`, so multiples are computed without drift.
    struct Step {
        let mantissa: Int
        let exponent: Int
        var value: Double { multiple(1) }

        /// `k × step`, exact for decimals (3 × 0.1 is 0.3, not 0.30000000000000004).
        func multiple(_ k: Int) -> Double {
            let whole = Double(k * mantissa)
            return exponent >= 0 ? whole * ValueScale.pow10(exponent) : whole / ValueScale.pow10(-exponent)
        }
    }

    /// The one of 1, 2, 5 × 10^k nearest `raw` (positive), on a log scale: the ticks come out
    /// as close to the number asked for as round steps allow, fewer or more.
    static func step(for raw: Double) -> Step {
        guard raw.isFinite, raw > 0 else { return Step(mantissa: 1, exponent: 0) }
        var exponent = Int(log10(raw).rounded(.down))
        let scaled = raw / ValueScale.pow10(exponent)
        let mantissa: Int
        // Midpoints on a log scale: √2, √10, √50.
        if scaled < 1.414 { mantissa = 1 } else if scaled < 3.162 { mantissa = 2 } else if scaled < 7.071 { mantissa = 5 } else {
            mantissa = 1
            exponent += 1
        }
        return Step(mantissa: mantissa, exponent: exponent)
    }

    /// The largest of 1, 2, 5 × 10^k at most `v` (positive).
    static func below(_ v: Double) -> Double {
        let k = Int(log10(v).rounded(.down))
        let d = ValueScale.pow10(k)
        return [5.0, 2, 1].map { $0 * d }.first { $0 <= v * 1.000001 } ?? d
    }

    /// The smallest of 1, 2, 5 × 10^k at least `v` (positive).
    static func above(_ v: Double) -> Double {
        let k = Int(log10(v).rounded(.down))
        let d = ValueScale.pow10(k)
        return [1.0, 2, 5, 10].map { $0 * d }.first { $0 >= v / 1.000001 } ?? 10 * d
    }
}
