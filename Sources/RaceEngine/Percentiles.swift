/// What docs/reference/uncertainty.md reports for a number under Monte Carlo: its 5th, 50th and 95th percentiles and
/// its mean, with the shares of samples in which it was infinite or missing (docs/reference/output.md).
///
/// Percentiles interpolate linearly between order statistics, as numpy's default
/// (`method="linear"`): the p-quantile of n sorted values x₀…xₙ₋₁ is at rank h = (n−1)·p,
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`, with numpy's way of rounding that sum.
///
/// docs/reference/output.md: the percentiles are taken over every sample in which the value exists. An infinite
/// value (a runway when nothing is burnt) sorts above every number, so a percentile that
/// falls on it, or interpolates towards it, is infinite. A missing value (NaN: the runway
/// of a lab that has left, an unbounded company's cash) has no place in the order; the
/// share of samples in which it was missing says so. The mean is over the finite values.
public struct Percentiles: Sendable, Equatable {
    public var p5: Double
    public var p50: Double
    public var p95: Double
    /// The mean of the finite values; NaN when none is finite.
    public var mean: Double
    /// The samples in which the value exists (finite or infinite).
    public var count: Int
    /// The share of samples (weighted, under observations) in which the value was infinite.
    public var infinite: Double
    /// The share of samples (weighted, under observations) in which the value was missing.
    public var missing: Double

    public init(p5: Double, p50: Double, p95: Double, mean: Double, count: Int, infinite: Double = 0, missing: Double = 0) {
        self.p5 = p5
        self.p50 = p50
        self.p95 = p95
        self.mean = mean
        self.count = count
        self.infinite = infinite
        self.missing = missing
    }

    /// Equal when every number is the same, NaN (a mean with no finite value) equal to NaN.
    public static func == (a: Percentiles, b: Percentiles) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(a.p5, b.p5) && same(a.p50, b.p50) && same(a.p95, b.p95) && same(a.mean, b.mean)
            && a.count == b.count && same(a.infinite, b.infinite) && same(a.missing, b.missing)
    }

    /// The same summary with every number mapped (a unit change that is linear and
    /// increasing, such as per month to per second, commutes with percentiles and means).
    public func map(_ transform: (Double) -> Double) -> Percentiles {
        Percentiles(p5: transform(p5), p50: transform(p50), p95: transform(p95), mean: transform(mean), count: count,
                    infinite: infinite, missing: missing)
    }

    /// The summary of `values`; nil when every value is missing.
    public static func of(_ values: [Double]) -> Percentiles? {
        values.withUnsafeBufferPointer { of($0) }
    }

    /// The summary of a buffer of samples (indexed by sample); the mean adds them in sample
    /// order, so the result does not depend on how the samples were spread over threads.
    public static func of(_ values: UnsafeBufferPointer<Double>) -> Percentiles? {
        var scratch: [Double] = []
        scratch.reserveCapacity(values.count)
        var sum = 0.0, finite = 0, infinite = 0
        for v in values where !v.isNaN {
            scratch.append(v)
            if v.isFinite {
                sum += v
                finite += 1
            } else {
                infinite += 1
            }
        }
        guard !scratch.isEmpty else { return nil }
        let n = scratch.count, all = Double(values.count)
        let mean = finite > 0 ? sum / Double(finite) : .nan
        return scratch.withUnsafeMutableBufferPointer { buffer in
            var selector = OrderStatistics(buffer)
            let p5 = selector.quantile(0.05), p50 = selector.quantile(0.5), p95 = selector.quantile(0.95)
            // A sum that overflows has no honest mean; the median stands in, as before docs/reference/output.md.
            return Percentiles(p5: p5, p50: p50, p95: p95, mean: mean.isFinite || finite == 0 ? mean : p50, count: n,
                               infinite: Double(infinite) / all, missing: Double(values.count - n) / all)
        }
    }

    /// numpy's `_lerp`: exact at both ends, monotone in t. Towards an infinite value the
    /// result is that infinity (the limit), never the NaN that ∞ − ∞ would give.
    @inline(__always)
    static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        if !a.isFinite || !b.isFinite { return a.isFinite ? b : a }
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

/// Finds order statistics of a buffer in place by selection (expected linear time, not a
/// full sort): a million samples per number would otherwise cost a sort each. Quantiles
/// must be asked for in increasing order; each search then only looks above the last.
struct OrderStatistics {
    let values: UnsafeMutableBufferPointer<Double>
    /// Everything below `settled` is ≤ everything at or above it.
    private var settled = 0

    init(_ values: UnsafeMutableBufferPointer<Double>) {
        self.values = values
    }

    /// The p-quantile by linear interpolation (see `Percentiles`).
    mutating func quantile(_ p: Double) -> Double {
        let n = values.count
        let h = Double(n - 1) * p
        let low = Int(h.rounded(.down))
        let fraction = h - Double(low)
        let a = select(low)
        guard low + 1 < n, fraction > 0 else { return a }
        // After selecting rank `low`, the next order statistic is the least value above it.
        return Percentiles.lerp(a, least(from: low + 1), fraction)
    }

    /// The least of `values[start...]` (no NaN, at least one). Eight running minima:
    /// one minimum carried through the values waits a comparison's latency per value, and
    /// this scan was most of a summary's time (measured with perf).
    func least(from start: Int) -> Double {
        typealias Vector = SIMD8<Double>
        let n = values.count, base = values.baseAddress!
        var i = start, result = values[start]
        if n - start >= 2 * Vector.scalarCount {
            var minima = UnsafeRawPointer(base + i).loadUnaligned(as: Vector.self)
            i += Vector.scalarCount
            while i + Vector.scalarCount <= n {
                minima = pointwiseMin(minima, UnsafeRawPointer(base + i).loadUnaligned(as: Vector.self))
                i += Vector.scalarCount
            }
            let four = pointwiseMin(minima.lowHalf, minima.highHalf), two = pointwiseMin(four.lowHalf, four.highHalf)
            result = Swift.min(two[0], two[1])
        }
        while i < n {
            if values[i] < result { result = values[i] }
            i += 1
        }
        return result
    }

    /// The value of rank `k` (0-based), moving it to index k with smaller values before it
    /// and larger after (selection with a median-of-three pivot; a sort takes over when a
    /// range stops shrinking fast enough, so the worst case stays n log n).
    mutating func select(_ k: Int) -> Double {
        var low = max(settled, 0), high = values.count - 1
        if k < low { low = 0 }
        var budget = 2 * (Int.bitWidth - high.leadingZeroBitCount) + 8
        settled = k
        while high > low {
            if high - low < 16 || budget == 0 {
                var range = UnsafeMutableBufferPointer(rebasing: values[low...high])
                range.sort()
                break
            }
            budget -= 1
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            let below = partition(low, high + 1) { $0 < pivot }
            if k < below {
                high = below - 1
                continue
            }
            // Values equal to the pivot next: with many ties (a column of whole chips, or
            // of labs that all left) a range of equals would otherwise never shrink.
            let equalEnd = partition(below, high + 1) { $0 <= pivot }
            if k < equalEnd { return pivot }
            low = equalEnd
        }
        return values[k]
    }

    /// Moves the values of `start..<end` that satisfy `first` before the others and returns
    /// where the others begin. Without a branch on the comparison: every value is swapped
    /// into place and the boundary moves by the comparison's outcome. On random samples a
    /// branch per value mispredicts about half the time, and that was most of a summary's
    /// cost (Hoare's partition, measured with perf).
    @inline(__always)
    private func partition(_ start: Int, _ end: Int, _ first: (Double) -> Bool) -> Int {
        let base = values.baseAddress!
        var boundary = start
        for i in start..<end {
            let value = base[i]
            let goesFirst = first(value)
            base[i] = base[boundary]
            base[boundary] = value
            boundary &+= Int(unsafeBitCast(goesFirst, to: UInt8.self))  // not `? 1 : 0`: that compiled to a branch
        }
        return boundary
    }
}
