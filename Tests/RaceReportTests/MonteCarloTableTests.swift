import RaceEngine
import RaceModel
@testable import RaceReport
import XCTest

/// Ranges in the Monte Carlo table: `median [p5–p95]`, compact, and never a range whose two
/// ends print the same when they differ.
final class MonteCarloTableTests: XCTestCase {
    func range(_ p5: Double, _ p50: Double, _ p95: Double, _ dimension: RaceModel.Dimension) -> String {
        MonteCarloTable.compact(Percentiles(p5: p5, p50: p50, p95: p95, mean: p50, count: 100), dimension)
    }

    func testBoundsUseTheMediansPrefixWithTwoDigits() {
        XCTAssertEqual(range(2.2e9, 4.1e9, 7.9e9, .money), "$4.1B [2.2–7.9]")
    }

    /// A bound a hundred times the median keeps its own prefix, so that it does not read as a
    /// number smaller than the median.
    func testASkewedRangeGivesEachBoundItsPrefix() {
        XCTAssertEqual(range(0, 1.02e9, 684e9, .chips), "1.02B chips [0–684B]")
        XCTAssertEqual(range(0, 1.02e9, 98e9, .chips), "1.02B chips [0–98]")
        XCTAssertEqual(range(-5e9, 2e7, 3e9, .money), "$20M [-$5B – $3B]")
    }

    func testANarrowRangeGetsTheDigitsThatTellItsEndsApart() {
        XCTAssertEqual(range(28.68, 28.7, 28.72, .ratio), "28.7 [28.68–28.72]")
        XCTAssertEqual(range(2.21e9, 2.22e9, 2.24e9, .money), "$2.22B [2.21–2.24]")
    }

    func testAFixedNumberIsJustTheMedian() {
        XCTAssertEqual(range(5e9, 5e9, 5e9, .money), "$5B")
    }

    func testNumbersKeepTwoSignificantDigitsByDefault() {
        XCTAssertEqual(MonteCarloTable.number(2.24), "2.2")
        XCTAssertEqual(MonteCarloTable.number(14.2), "14")
        XCTAssertEqual(MonteCarloTable.number(1500), "1,500")
        XCTAssertEqual(MonteCarloTable.number(28.64, digits: 3), "28.6")
        XCTAssertEqual(MonteCarloTable.number(286.4, digits: 3), "286")
    }
}
