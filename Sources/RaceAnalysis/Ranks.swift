import RaceEngine

/// Rank statistics over (possibly weighted) samples: the rank correlation of `race explain`
/// (docs/reference/explain.md) and the quantiles that cut an input into tenths.
///
/// With weights, a sample counts as much as its weight: its rank is the weight of the samples
/// below it plus half the weight of its ties, over the total weight (a value in 0…1). Without
/// weights every sample weighs 1, and these positions are the mid-ranks (ties averaged),
/// rescaled: the Spearman correlation is the Pearson correlation of them.
public enum Ranks {
    /// Each value's weighted mid-rank position in 0…1; NaN where the value is NaN or the
    /// sample weighs 0. Infinite values rank above (or below) every number.
    public static func positions(_ values: [Double], weights: [Double]?) -> [Double] {
        positions(values, order: order(values, weights: weights), weights: weights)
    }

    /// The samples with a value and a weight above 0, in increasing order of value (ties by
    /// index).
    public static func order(_ values: [Double], weights: [Double]?) -> [Int] {
        let counted = values.indices.filter { !values[$0].isNaN && (weights?[$0] ?? 1) > 0 }
        return ValueOrder.sorted(counted) { values[$0] }
    }

    /// `positions` from the values' `order`.
    static func positions(_ values: [Double], order: [Int], weights: [Double]?) -> [Double] {
        var positions = [Double](repeating: .nan, count: values.count)
        let total = order.reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        guard total > 0 else { return positions }
        var below = 0.0, start = 0
        while start < order.count {
            var end = start, group = 0.0
            while end < order.count && values[order[end]] == values[order[start]] {
                group += weights?[order[end]] ?? 1
                end += 1
            }
            let position = (below + group / 2) / total
            for k in start..<end { positions[order[k]] = position }
            below += group
            start = end
        }
        return positions
    }

    /// `values` less their weighted mean, over their weighted standard deviation (NaN where
    /// NaN); nil when they do not vary. The correlation of two such is Σ w·x·y / Σ w.
    static func standardized(_ values: [Double], weights: [Double]?) -> [Double]? {
        var total = 0.0, sum = 0.0
        for i in values.indices where !values[i].isNaN {
            let w = weights?[i] ?? 1
            total += w
            sum += w * values[i]
        }
        guard total > 0 else { return nil }
        let mean = sum / total
        var squares = 0.0
        for i in values.indices where !values[i].isNaN {
            let d = values[i] - mean
            squares += (weights?[i] ?? 1) * d * d
        }
        guard squares > 0 else { return nil }
        let scale = 1 / (squares / total).squareRoot()
        return values.map { ($0 - mean) * scale }
    }

    /// The weighted Pearson correlation of `x` and `y` over the samples where both are
    /// numbers and the weight is above 0; nil when either does not vary there.
    public static func correlation(_ x: [Double], _ y: [Double], weights: [Double]?) -> Double? {
        var total = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            let w = weights?[i] ?? 1
            total += w
            sx += w * x[i]
            sy += w * y[i]
        }
        guard total > 0 else { return nil }
        let mx = sx / total, my = sy / total
        var cov = 0.0, vx = 0.0, vy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            let w = weights?[i] ?? 1, dx = x[i] - mx, dy = y[i] - my
            cov += w * dx * dy
            vx += w * dx * dx
            vy += w * dy * dy
        }
        guard vx > 0, vy > 0 else { return nil }
        return max(-1, min(1, cov / (vx * vy).squareRoot()))
    }

    /// Spearman's rank correlation of `x` and `y` (weighted), over the samples where both
    /// are numbers: the correlation of their rank positions among those samples.
    public static func spearman(_ x: [Double], _ y: [Double], weights: [Double]?) -> Double? {
        let both = x.indices.map { !x[$0].isNaN && !y[$0].isNaN }
        let keep = both.allSatisfy { $0 } ? weights : x.indices.map { both[$0] ? weights?[$0] ?? 1 : 0 }
        return correlation(positions(x, weights: keep), positions(y, weights: keep), weights: keep)
    }

    /// The smallest value at or below which lies at least the share `q` of the weight (the
    /// inverse of the weighted distribution: always one of the values). Nil when no value counts.
    public static func quantile(_ values: [Double], _ q: Double, weights: [Double]?) -> Double? {
        quantile(values, q, order: order(values, weights: weights), weights: weights)
    }

    static func quantile(_ values: [Double], _ q: Double, order: [Int], weights: [Double]?) -> Double? {
        let total = order.reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        guard total > 0 else { return nil }
        var seen = 0.0
        for i in order {
            seen += weights?[i] ?? 1
            if seen >= q * total { return values[i] }
        }
        return order.last.map { values[$0] }
    }
}
