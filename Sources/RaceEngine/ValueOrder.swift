/// Samples in the order of their values, ties by sample index: the order weighted percentiles
/// (docs/reference/observations.md) and the ranks of `race explain` (docs/reference/explain.md)
/// are taken in.
///
/// A least-significant-digit radix sort on the values' bits: eight stable counting passes over
/// bytes, a pass skipped when every key has the same byte there (the high bytes of values of
/// one magnitude). Sorting (value, index) pairs with comparisons took 12% of a 10,000-sample
/// run with observations (perf); this is several times cheaper and gives the same order, which
/// `ValueOrderTests` holds it to.
public enum ValueOrder {
    /// `indices`, which must be in increasing order and name no NaN, ordered by `value(i)`;
    /// equal values (−0 and +0 among them) keep the order of their indices.
    @inlinable  // specialized where it is called: a generic radix sort with a closure is several times slower
    public static func sorted<Index: BinaryInteger>(_ indices: [Index], by value: (Index) -> Double) -> [Index] {
        let n = indices.count
        guard n > 1 else { return indices }
        assert(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }, "indices in increasing order")
        var keys = indices.map { key(value($0)) }
        var order = indices
        var counts = [Int](repeating: 0, count: 8 * 256)
        for k in keys {
            for digit in 0..<8 { counts[digit << 8 | Int(truncatingIfNeeded: k >> (digit * 8)) & 0xFF] += 1 }
        }
        var nextKeys = keys, nextOrder = order
        for digit in 0..<8 where counts[digit << 8 | Int(truncatingIfNeeded: keys[0] >> (digit * 8)) & 0xFF] < n {
            var offsets = [Int](repeating: 0, count: 256)
            var sum = 0
            for byte in 0..<256 {
                offsets[byte] = sum
                sum += counts[digit << 8 | byte]
            }
            for k in 0..<n {
                let byte = Int(truncatingIfNeeded: keys[k] >> (digit * 8)) & 0xFF
                let at = offsets[byte]
                offsets[byte] = at + 1
                nextKeys[at] = keys[k]
                nextOrder[at] = order[k]
            }
            swap(&keys, &nextKeys)
            swap(&order, &nextOrder)
        }
        return order
    }

    /// A key whose unsigned order is the numeric order of `v` (not NaN), infinities at the
    /// ends: the sign bit set for positive numbers, every bit flipped for negative ones. −0 is
    /// made +0 first, since the two are equal.
    @inlinable @inline(__always)
    static func key(_ v: Double) -> UInt64 {
        let bits = (v == 0 ? 0.0 : v).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | 1 << 63
    }
}
