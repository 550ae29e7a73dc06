import XCTest
import RaceModel
@testable import RaceCharts

final class ValueScaleTests: XCTestCase {
    /// Whether `tick` is a whole multiple of a step of 1, 2 or 5 × 10^k.
    private func isRound(_ tick: Double, step: Double) -> Bool {
        let k = (tick / step).rounded()
        return abs(tick - k * step) <= abs(step) * 1e-9
    }

    func testLinearTicksAreRoundHumanMoney() {
        let scale = ValueScale(values: [0, 12e9, 37e9, 41e9], format: .quantity(.money), targetTicks: 4)
        XCTAssertEqual(scale.kind, .linear)
        XCTAssertEqual(scale.ticks.map(scale.label), ["$0", "$10B", "$20B", "$30B", "$40B", "$50B"])
        XCTAssertEqual(ValueScale(values: [2.1e9, 2.9e9], format: .quantity(.money), targetTicks: 4).ticks.map(scale.label),
                       ["$2B", "$2.2B", "$2.4B", "$2.6B", "$2.8B", "$3B"])
        XCTAssertLessThanOrEqual(scale.ticks.first!, 0)
        XCTAssertGreaterThanOrEqual(scale.ticks.last!, 41e9)
    }

    func testComputeTicksArePerSecond() {
        // Engine values are FLOP per month; the axis reads FLOP/s.
        let perMonth = TimeUnits.secondsPerMonth
        let scale = ValueScale(values: [1e21 * perMonth, 3.5e21 * perMonth], format: .quantity(.computeRate), targetTicks: 4)
        XCTAssertEqual(scale.ticks.map(scale.label), ["0 FLOP/s", "1 ZFLOP/s", "2 ZFLOP/s", "3 ZFLOP/s", "4 ZFLOP/s"])
    }

    func testRatesAndTimesLeaveTheirUnitToTheTitle() {
        let revenue = ValueScale(values: [0, 2e9], format: .quantity(.moneyRate), targetTicks: 4)
        XCTAssertEqual(revenue.ticks.map(revenue.label).last, "$2B")
        XCTAssertEqual(AxisText.unitNote(.quantity(.moneyRate)), "per month")
        let runway = ValueScale(values: [3, 17], format: .quantity(.time), targetTicks: 4)
        XCTAssertEqual(runway.ticks.map(runway.label), ["0", "5", "10", "15", "20"])
    }

    func testEveryTickIsRoundForManyRanges() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let a = Double.random(in: -1e12...1e12, using: &generator), b = Double.random(in: -1e3...1e12, using: &generator)
            let scale = ValueScale(values: [a, b], format: .quantity(.money), targetTicks: Int.random(in: 2...8))
            XCTAssertGreaterThanOrEqual(scale.ticks.count, 2)
            switch scale.kind {
            case .linear:
                let step = scale.ticks[1] - scale.ticks[0]
                let mantissa = step / ValueScale.pow10(Int(log10(step).rounded(.down)))
                XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(step) of \(a), \(b)")
                for tick in scale.ticks { XCTAssertTrue(isRound(tick, step: step), "\(tick) for \(a), \(b)") }
            case .log, .symlog:
                for tick in scale.ticks where tick != 0 {
                    let m = abs(tick) / ValueScale.pow10(Int(log10(abs(tick)).rounded(.down)))
                    XCTAssertTrue([1, 2, 5].contains { abs(m - $0) < 1e-9 }, "\(tick) for \(a), \(b)")
                }
            }
            // The ticks cover the values.
            XCTAssertLessThanOrEqual(scale.position(min(a, b))!, 1 + 1e-9)
            XCTAssertGreaterThanOrEqual(scale.position(min(a, b))!, -1e-9)
            XCTAssertLessThanOrEqual(scale.position(max(a, b))!, 1 + 1e-9)
        }
    }

    func testMoreThanTwoDecadesIsLogarithmic() {
        XCTAssertEqual(ValueScale(values: [1e9, 99e9], format: .quantity(.money), targetTicks: 5).kind, .linear)
        let log = ValueScale(values: [0.3e9, 80e9], format: .quantity(.money), targetTicks: 5)
        XCTAssertEqual(log.kind, .log)
        XCTAssertEqual(log.ticks.map(log.label), ["$1B", "$10B", "$100B"])
        XCTAssertTrue(log.position(0.3e9)! >= 0 && log.position(80e9)! <= 1)
    }

    func testNegativeValuesWithManyDecadesGetASymmetricLogAxis() {
        let scale = ValueScale(values: [73e9, 20e9, 5e9, 3e9, 1e9, 0.8e9, 0.5e9, 0.4e9, 0.3e9, -1.5e9], format: .quantity(.money),
                               targetTicks: 6)
        guard case .symlog = scale.kind else { return XCTFail("expected a symmetric log axis, got \(scale.kind)") }
        let labels = scale.ticks.map(scale.label)
        XCTAssertTrue(labels.contains("$0"))
        XCTAssertTrue(labels.contains("-$1B"), "\(labels)")
        XCTAssertLessThan(scale.position(-1.5e9)!, scale.position(0)!)
        XCTAssertLessThan(scale.position(0)!, scale.position(0.3e9)!)
    }

    func testDegenerateValues() {
        let flat = ValueScale(values: [7.3e9, 7.3e9], format: .quantity(.money), targetTicks: 4)
        XCTAssertEqual(flat.kind, .linear)
        XCTAssertTrue((0...1).contains(flat.position(7.3e9)!))
        let zero = ValueScale(values: [0, 0], format: .quantity(.money), targetTicks: 4)
        XCTAssertEqual(zero.ticks.first.map(zero.label), "$0")
        XCTAssertEqual(zero.position(0), 0)
        let none = ValueScale(values: [.nan, .nan], format: .quantity(.money), targetTicks: 4)
        XCTAssertNil(none.position(.nan))
        let infinite = ValueScale(values: [.infinity, 12, 30], format: .quantity(.time), targetTicks: 4)
        XCTAssertTrue(infinite.hasInfinity)
        XCTAssertEqual(infinite.position(.infinity), .infinity)
        XCTAssertEqual(ValueScale(values: [-.infinity, 1], format: .quantity(.time), targetTicks: 4).hasNegativeInfinity, true)
    }

    func testPercentLabels() {
        let scale = ValueScale(values: [0, 1], format: .percent, targetTicks: 4)
        XCTAssertEqual(scale.ticks.map(scale.label), ["0%", "20%", "40%", "60%", "80%", "100%"])
    }

    func testMonthTicksFallOnRoundDates() {
        let long = TimeAxis(firstMonth: 2024 * 12 + 11, months: 49).ticks { count, width in count * (width + 2) <= 60 }
        XCTAssertEqual(long.map(\.label), ["2025", "2026", "2027", "2028"])
        XCTAssertEqual(long.first?.index, 1)
        let short = TimeAxis(firstMonth: 2025 * 12, months: 12).ticks { count, width in count * (width + 2) <= 40 }
        XCTAssertEqual(short.map(\.label), ["2025-01", "2025-04", "2025-07", "2025-10"])
        let wider = TimeAxis(firstMonth: 2025 * 12, months: 12).ticks { count, width in count * (width + 2) <= 60 }
        XCTAssertEqual(wider.map(\.label), ["2025-01", "2025-03", "2025-05", "2025-07", "2025-09", "2025-11"])
        let one = TimeAxis(firstMonth: 2025 * 12 + 4, months: 1).ticks { _, _ in true }
        XCTAssertEqual(one.map(\.label), ["2025-05"])
    }
}

final class SVGNumberTests: XCTestCase {
    func testCoordinatesHaveAtMostTwoDecimals() {
        XCTAssertEqual([12, 12.5, 12.34, 12.345, 0.05, -0.004, -3.1, 1e6, 0.1 + 0.2, -0.0, .nan].map(SVGWriter.number),
                       ["12", "12.5", "12.34", "12.35", "0.05", "0", "-3.1", "1000000", "0.3", "0", "0"])
    }
}
