import RaceModel
import XCTest

@testable import RaceReport

/// XCTest brings in Foundation, whose `Dimension` would make the bare name ambiguous.
private typealias Dimension = RaceModel.Dimension

final class QuantityFormatTests: XCTestCase {
    private func h(_ v: Double, _ d: Dimension) -> String { QuantityFormat.human(v, d) }
    private let perMonth = TimeUnits.secondsPerMonth

    func testMoneyAtEachMagnitudeAndSign() {
        XCTAssertEqual(h(0, .money), "$0")
        XCTAssertEqual(h(-0.0, .money), "$0")
        XCTAssertEqual(h(2.4, .money), "$2.4")
        XCTAssertEqual(h(0.5, .money), "$0.5")
        XCTAssertEqual(h(850, .money), "$850")
        XCTAssertEqual(h(4_200, .money), "$4.2k")
        XCTAssertEqual(h(12_345, .money), "$12.3k")
        XCTAssertEqual(h(850e6, .money), "$850M")
        XCTAssertEqual(h(12.3e9, .money), "$12.3B")
        XCTAssertEqual(h(13.54e9, .money), "$13.5B")
        XCTAssertEqual(h(1.4e12, .money), "$1.4T")
        XCTAssertEqual(h(1.3987e12, .money), "$1.40T")  // rounded: the zero is significant
        XCTAssertEqual(h(-1.2e9, .money), "-$1.2B")
        XCTAssertEqual(h(-4_200, .money), "-$4.2k")
        XCTAssertEqual(h(2.5e15, .money), "$2.5e15")  // past the largest prefix
        XCTAssertEqual(h(1.2e9, .moneyRate), "$1.2B/month")
        XCTAssertEqual(h(520e6, .moneyRate), "$520M/month")
        XCTAssertEqual(h(-924e6, .moneyRate), "-$924M/month")
    }

    func testRoundingCarriesIntoTheNextPrefix() {
        XCTAssertEqual(h(999.96e6, .money), "$1.00B")
        XCTAssertEqual(h(999.4e6, .money), "$999M")
        XCTAssertEqual(h(999.96e3, .money), "$1.00M")
        XCTAssertEqual(h(-999.96e9, .money), "-$1.00T")
        XCTAssertEqual(h(999.96e12, .money), "$1.00e15")
        XCTAssertEqual(h(9.996e9, .money), "$10.0B")
        XCTAssertEqual(h(99.96e9, .money), "$100B")
        XCTAssertEqual(h(999_960, .chips), "1.00M chips")
        XCTAssertEqual(h(999.96e12 * perMonth, .computeRate), "1.00 PFLOP/s")
        XCTAssertEqual(h(9.996, .time), "10.0 months")
        XCTAssertEqual(h(99.96, .time), "100 months")
        XCTAssertEqual(h(0.9996, .ratio), "1.00")
        XCTAssertEqual(h(9.996e25, .flop), "1.00e26 FLOP")
    }

    func testComputeRateIsShownPerSecond() {
        XCTAssertEqual(h(9.89e14 * perMonth, .computeRate), "989 TFLOP/s")
        XCTAssertEqual(h(3.4e18 * perMonth, .computeRate), "3.4 EFLOP/s")
        XCTAssertEqual(h(1.2e21 * perMonth, .computeRate), "1.2 ZFLOP/s")
        XCTAssertEqual(h(500 * perMonth, .computeRate), "500 FLOP/s")
        XCTAssertEqual(h(0, .computeRate), "0 FLOP/s")
        XCTAssertEqual(h(5e28 * perMonth, .computeRate), "5e28 FLOP/s")
        XCTAssertEqual(h(-2e15 * perMonth, .computeRate), "-2 PFLOP/s")
        XCTAssertEqual(QuantityFormat.base(9.89e14 * perMonth, .computeRate), 9.89e14, accuracy: 1)
        XCTAssertEqual(QuantityFormat.base(989e12 * perMonth, .computeRatePerChip), 989e12, accuracy: 1)
        XCTAssertEqual(QuantityFormat.base(7, .money), 7)
        XCTAssertEqual(QuantityFormat.base(7, .flop), 7)
        XCTAssertEqual(QuantityFormat.base(7, .growthRate), 7)
        XCTAssertEqual(QuantityFormat.unitText(.computeRate), "FLOP/s")
        XCTAssertEqual(QuantityFormat.unitText(.computeRatePerChip), "FLOP/chip·s")
        XCTAssertEqual(QuantityFormat.unitText(Dimension(money: -1, time: -1, flop: 1)), "FLOP/$·s")
        XCTAssertEqual(QuantityFormat.unitText(.moneyRate), "$/month")
    }

    func testComputeTimeChipsPower() {
        XCTAssertEqual(h(2.1e26, .flop), "2.1e26 FLOP")
        XCTAssertEqual(h(2.0987e26, .flop), "2.10e26 FLOP")
        XCTAssertEqual(h(1e27, .flop), "1e27 FLOP")
        XCTAssertEqual(h(500, .flop), "500 FLOP")
        XCTAssertEqual(h(0, .flop), "0 FLOP")
        XCTAssertEqual(h(8.2, .time), "8.2 months")
        XCTAssertEqual(h(33.4, .time), "33.4 months")
        XCTAssertEqual(h(24.000_001, .time), "24.0 months")
        XCTAssertEqual(h(12, .time), "12 months")
        XCTAssertEqual(h(1, .time), "1 month")
        XCTAssertEqual(h(0.5, .time), "0.5 months")
        XCTAssertEqual(h(0, .time), "0 months")
        XCTAssertEqual(h(-3, .time), "-3 months")
        XCTAssertEqual(h(150.6, .time), "151 months")
        XCTAssertEqual(h(1234, .time), "1,234 months")
        XCTAssertEqual(h(1_234_567, .time), "1,234,567 months")
        XCTAssertEqual(h(1e12, .time), "1e12 months")
        XCTAssertEqual(h(200_000, .chips), "200k chips")
        XCTAssertEqual(h(1.2e6, .chips), "1.2M chips")
        XCTAssertEqual(h(850, .chips), "850 chips")
        XCTAssertEqual(h(1, .chips), "1 chip")
        XCTAssertEqual(h(0, .chips), "0 chips")
        XCTAssertEqual(h(1_400, .power), "1.4 kW")
        XCTAssertEqual(h(2.1e9, .power), "2.1 GW")
        XCTAssertEqual(h(500, .power), "500 W")
        XCTAssertEqual(h(0, .power), "0 W")
    }

    func testRatiosPercentsAndGrowth() {
        XCTAssertEqual(h(0.45, .ratio), "0.45")
        XCTAssertEqual(h(26.3, .ratio), "26.3")
        XCTAssertEqual(h(0.1 + 0.2, .ratio), "0.3")
        XCTAssertEqual(h(1.0 / 3, .ratio), "0.333")
        XCTAssertEqual(h(0.00123, .ratio), "0.00123")
        XCTAssertEqual(h(12_345, .ratio), "12.3k")
        XCTAssertEqual(h(1e20, .ratio), "1e20")
        XCTAssertEqual(h(0.0001, .ratio), "1e-4")
        XCTAssertEqual(h(-2, .ratio), "-2")
        XCTAssertEqual(h(0, .ratio), "0")
        XCTAssertEqual(QuantityFormat.percent(0.45), "45.0%")
        XCTAssertEqual(QuantityFormat.percent(0.0079), "0.79%")
        XCTAssertEqual(QuantityFormat.percent(1), "100.0%")
        XCTAssertEqual(QuantityFormat.percent(0.05), "5.0%")
        XCTAssertEqual(QuantityFormat.percent(0), "0.00%")
        XCTAssertEqual(QuantityFormat.percent(-0.000_01), "0.00%")
        XCTAssertEqual(QuantityFormat.percent(-0.25), "-25.0%")
        XCTAssertEqual(QuantityFormat.percent(.nan), "—")
        XCTAssertEqual(h(0.05, .growthRate), "5%/month")
        XCTAssertEqual(h(0.025, .growthRate), "2.5%/month")
        XCTAssertEqual(h(1.0 / 300, .growthRate), "0.333%/month")
        XCTAssertEqual(h(-0.02, .growthRate), "-2%/month")
    }

    func testPerChipAndOtherDimensions() {
        XCTAssertEqual(h(30_000, .moneyPerChip), "$30k per chip")
        XCTAssertEqual(h(1_200, .moneyRatePerChip), "$1.2k/month per chip")
        XCTAssertEqual(h(989e12 * perMonth, .computeRatePerChip), "989 TFLOP/s per chip")
        XCTAssertEqual(h(1_400, .powerPerChip), "1.4 kW per chip")
        XCTAssertEqual(h(5e9, Dimension(money: 1, time: 1)), "5e9 $·month")
        XCTAssertEqual(h(1e17, Dimension(money: -1, flop: 1)), "1e17 FLOP/$")
        XCTAssertEqual(h(2.5, Dimension(time: -2)), "2.5 1/month^2")
    }

    func testNonFiniteAndMissing() {
        for d in [Dimension.money, .computeRate, .time, .ratio, .moneyPerChip] {
            XCTAssertEqual(h(.nan, d), "—")
            XCTAssertEqual(h(.infinity, d), "∞")
            XCTAssertEqual(h(-.infinity, d), "-∞")
            XCTAssertEqual(QuantityFormat.human(nil as Double?, d), "—")
        }
        XCTAssertEqual(QuantityFormat.human(8.2 as Double?, .time), "8.2 months")
        XCTAssertEqual(QuantityFormat.noValue, "—")
    }

    func testPlainNumbers() {
        XCTAssertEqual(QuantityFormat.plain(200_000), "200000")
        XCTAssertEqual(QuantityFormat.plain(-3), "-3")
        XCTAssertEqual(QuantityFormat.plain(0), "0")
        XCTAssertEqual(QuantityFormat.plain(-0.0), "-0")
        XCTAssertEqual(QuantityFormat.plain(0.1), "0.1")
        XCTAssertEqual(QuantityFormat.plain(0.1 + 0.2), "0.30000000000000004")
        XCTAssertEqual(QuantityFormat.plain(1.5e10), "15000000000")
        XCTAssertEqual(QuantityFormat.plain(9_007_199_254_740_992), "9007199254740992")
        XCTAssertEqual(QuantityFormat.plain(9_007_199_254_740_994), "9.007199254740994e15")
        XCTAssertEqual(QuantityFormat.plain(1e20), "1e20")
        XCTAssertEqual(QuantityFormat.plain(1e-300), "1e-300")
        XCTAssertEqual(QuantityFormat.plain(1.7976931348623157e308), "1.7976931348623157e308")
        XCTAssertEqual(QuantityFormat.plain(.nan), "")
        XCTAssertEqual(QuantityFormat.plain(.infinity), "")
        XCTAssertEqual(QuantityFormat.plain(nil as Double?), "")
        // Every finite output reads back to the same bits.
        let samples: [Double] = [1e-5, 1.5e-7, 123.456, -987654.321, .leastNonzeroMagnitude, 2.2250738585072014e-308,
                                 .pi, 1e22, 1e23, 4.35e26, -0.0, 0.5, 2_629_800 * 9.89e14]
        for x in samples {
            let text = QuantityFormat.plain(x)
            XCTAssertEqual(Double(text)?.bitPattern, x.bitPattern, text)
            XCTAssertFalse(text.contains("+"), text)
        }
    }
}
