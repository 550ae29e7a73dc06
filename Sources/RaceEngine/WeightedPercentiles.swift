/// Percentiles of weighted samples (docs/reference/observations.md: each sample weighted by how well it reproduces the
/// observations).
///
/// The weighted p-quantile places each sample at the middle of its weight: sorted by value
/// (ties by sample index, so the order is total), sample i sits at mᵢ = Sᵢ + wᵢ/2 where Sᵢ
/// is the weight before it. The positions are mapped linearly so that the first sample is
/// at 0 and the last at 1, and the quantile interpolates linearly between the two samples
/// around p. With equal weights this is numpy's linear method, which is why samples that all
/// weigh the same (no observation, or only conditions, which weigh 1 or 0) take the plain
/// path over the samples that count: the same numbers to the last bit.
extension Percentiles {
    /// The weighted summary of `values`; `weights` has one weight (≥ 0, finite) per value.
    /// Samples of weight 0 do not count. Nil when no sample with weight has a value.
    public static func of(_ values: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>) -> Percentiles? {
        precondition(values.count == weights.count, "one weight per value")
        var total = 0.0, missing = 0.0, infinite = 0.0
        var kept: [Int32] = []
        kept.reserveCapacity(values.count)
        var firstWeight = -1.0, equal = true
        for i in 0..<values.count {
            let w = weights[i]
            guard w > 0 else { continue }
            total += w
            let v = values[i]
            if v.isNaN {
                missing += w
                continue
            }
            if v.isInfinite { infinite += w }
            if firstWeight < 0 { firstWeight = w } else if w != firstWeight { equal = false }
            kept.append(Int32(i))
        }
        guard !kept.isEmpty, total > 0 else { return nil }
        var summary: Percentiles
        if equal {
            let plain = kept.map { values[Int($0)] }
            guard let p = of(plain) else { return nil }
            summary = p
        } else {
            summary = unequal(values, weights, kept)
        }
        summary.count = kept.count
        summary.infinite = infinite / total
        summary.missing = missing / total
        return summary
    }

    public static func of(_ values: [Double], weights: [Double]) -> Percentiles? {
        values.withUnsafeBufferPointer { v in weights.withUnsafeBufferPointer { w in of(v, weights: w) } }
    }

    /// The summary of the samples `kept` (each with a value and a weight above 0), whose
    /// weights differ.
    private static func unequal(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>,
                                _ kept: [Int32]) -> Percentiles {
        var sum = 0.0, finiteWeight = 0.0
        for i in kept {
            let v = values[Int(i)]
            guard v.isFinite else { continue }
            sum += weights[Int(i)] * v
            finiteWeight += weights[Int(i)]
        }
        let order = sortedByValue(values, kept)
        var middles = [Double](repeating: 0, count: order.count)
        var before = 0.0
        for (k, i) in order.enumerated() {
            let w = weights[Int(i)]
            middles[k] = before + w / 2
            before += w
        }
        func quantile(_ p: Double) -> Double {
            let first = middles[0], last = middles[middles.count - 1]
            guard order.count > 1, last > first else { return values[Int(order[0])] }
            let h = first + p * (last - first)
            // The last position at or below h (binary search: positions increase).
            var low = 0, high = middles.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if middles[mid] <= h { low = mid } else { high = mid - 1 }
            }
            let a = values[Int(order[low])]
            guard low + 1 < order.count else { return a }
            let t = (h - middles[low]) / (middles[low + 1] - middles[low])
            return t > 0 ? lerp(a, values[Int(order[low + 1])], Swift.min(t, 1)) : a
        }
        let mean = finiteWeight > 0 ? sum / finiteWeight : .nan
        let p50 = quantile(0.5)
        return Percentiles(p5: quantile(0.05), p50: p50, p95: quantile(0.95),
                           mean: mean.isFinite || finiteWeight == 0 ? mean : p50, count: kept.count)
    }

    /// The samples `kept` in increasing order of value, ties by sample index: pairs sorted in
    /// one contiguous array (an index sort that looked values up in its comparison was most
    /// of a weighted summary's cost).
    static func sortedByValue(_ values: UnsafeBufferPointer<Double>, _ kept: [Int32]) -> [Int32] {
        ValueOrder.sorted(kept) { values[Int($0)] }
    }

    /// The weighted share of samples whose value satisfies `test` (NaN values never do),
    /// over all samples of weight above 0: `weights` nil counts every sample alike.
    public static func share(_ values: [Double], weights: [Double]?, where test: (Double) -> Bool) -> Double {
        guard let weights else {
            guard !values.isEmpty else { return .nan }
            return Double(values.reduce(0) { $0 + (test($1) ? 1 : 0) }) / Double(values.count)
        }
        var total = 0.0, hit = 0.0
        for (v, w) in zip(values, weights) where w > 0 {
            total += w
            if test(v) { hit += w }
        }
        return total > 0 ? hit / total : .nan
    }
}
