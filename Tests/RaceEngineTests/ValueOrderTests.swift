import RaceEngine
import XCTest

/// The radix sort of `ValueOrder` against the comparison sort it replaced: by value, ties by
/// index, on values with ties, both zeros, infinities, subnormals and negative numbers.
final class ValueOrderTests: XCTestCase {
    /// The order the comparison sort gave: value, then index (−0 == +0, as `<` has it).
    private func expected(_ indices: [Int], _ values: [Double]) -> [Int] {
        indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }

    private func randomValue(_ rng: inout SeededGenerator) -> Double {
        switch rng.next() % 10 {
        case 0: return [0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                        .greatestFiniteMagnitude, -.greatestFiniteMagnitude][Int(rng.next() % 8)]
        case 1, 2: return Double(Int(rng.next() % 7) - 3)  // many ties
        case 3: return Double(bitPattern: rng.next())  // any bit pattern (NaN drawn again below)
        default: return (Double(rng.next() % 2_000_000) - 1_000_000) * 1e3
        }
    }

    func testTheRadixOrderIsTheComparisonOrder() {
        var rng = SeededGenerator(seed: 20261203)
        for size in [0, 1, 2, 3, 17, 256, 1000, 4097] {
            for _ in 0..<5 {
                var values: [Double] = []
                while values.count < size {
                    let v = randomValue(&rng)
                    if !v.isNaN { values.append(v) }
                }
                // Every index, and an increasing subset with gaps (the samples that count).
                let all = Array(values.indices)
                let some = all.filter { _ in rng.next() % 3 != 0 }
                XCTAssertEqual(ValueOrder.sorted(all) { values[$0] }, expected(all, values), "size \(size)")
                XCTAssertEqual(ValueOrder.sorted(some) { values[$0] }, expected(some, values), "subset of size \(size)")
                let narrow = some.map { Int32($0) }
                XCTAssertEqual(ValueOrder.sorted(narrow) { values[Int($0)] }.map { Int($0) }, expected(some, values))
            }
        }
    }

    func testValuesOfOneMagnitudeAndAllEqual() {
        let close = (0..<500).map { 1e9 + Double(($0 * 7919) % 500) }
        XCTAssertEqual(ValueOrder.sorted(Array(close.indices)) { close[$0] }, expected(Array(close.indices), close))
        let same = [Double](repeating: 2.5, count: 300)
        XCTAssertEqual(ValueOrder.sorted(Array(same.indices)) { same[$0] }, Array(same.indices))
        let zeros = (0..<50).map { $0 % 2 == 0 ? 0.0 : -0.0 }
        XCTAssertEqual(ValueOrder.sorted(Array(zeros.indices)) { zeros[$0] }, Array(zeros.indices), "−0 and +0 are one value")
    }
}
