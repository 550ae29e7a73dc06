import XCTest
import RaceSyntax
@testable import RaceModel

/// The unit algebra of docs/reference/units.md: dimensions multiply, divide and raise to powers; unit words
/// scale to base units (dollars, months, chips, FLOP, watts; compute rate in FLOP/month).
final class DimensionTests: XCTestCase {
    func testMultiplyingARateByATimeGivesTheStock() {
        XCTAssertEqual(Dimension.moneyRate * .time, .money)
        XCTAssertEqual(Dimension.computeRate * .time, .flop)
        XCTAssertEqual(Dimension.growthRate * .time, .ratio)
        XCTAssertEqual(Dimension.moneyPerChip * .chips, .money)
    }

    func testDividingGivesRatesAndRatios() {
        XCTAssertEqual(Dimension.money / .time, .moneyRate)
        XCTAssertEqual(Dimension.flop / .flop, .ratio)
        XCTAssertEqual(Dimension.money / .money, .ratio)
        XCTAssertEqual(Dimension.ratio / .time, .growthRate)
        XCTAssertEqual(Dimension.power / .chips, .powerPerChip)
        XCTAssertTrue((Dimension.moneyRate / .moneyRate).isRatio)
        XCTAssertFalse(Dimension.money.isRatio)
    }

    func testPowersMultiplyEveryExponent() {
        XCTAssertEqual(Dimension.money.power(2), Dimension(money: 2))
        XCTAssertEqual(Dimension.moneyRate.power(3), Dimension(money: 3, time: -3))
        XCTAssertEqual(Dimension.time.power(-1), .growthRate)
        XCTAssertEqual(Dimension.flop.power(0), .ratio)
        XCTAssertEqual(Dimension.computeRate.power(2), Dimension.computeRate * .computeRate)
    }

    func testDescriptionsNameTheDimensionAndItsUnit() {
        XCTAssertEqual(Dimension.ratio.description, "a ratio")
        XCTAssertEqual(Dimension.money.description, "money ($)")
        XCTAssertEqual(Dimension.moneyRate.description, "money per time ($/month)")
        XCTAssertEqual(Dimension.time.description, "time (months)")
        XCTAssertEqual(Dimension.computeRate.description, "compute rate (FLOP/s)")
        XCTAssertEqual(Dimension.flop.description, "compute (FLOP)")
        XCTAssertEqual(Dimension.power.description, "power (W)")
        XCTAssertEqual(Dimension.chips.description, "chips")
        XCTAssertEqual(Dimension.growthRate.description, "a rate per time (%/month)")
        XCTAssertEqual(Dimension.moneyPerChip.description, "money per chip ($/chip)")
    }

    func testUnusualDimensionsAreSpelledInBaseUnits() {
        XCTAssertEqual(Dimension(money: 2).unitText, "$^2")
        XCTAssertEqual(Dimension(money: 1, time: 1).unitText, "$·month")
        XCTAssertEqual(Dimension(time: -2).unitText, "1/month^2")
        XCTAssertEqual(Dimension.moneyRatePerChip.unitText, "$/chip·month")
        XCTAssertEqual(Dimension.computeRate.unitText, "FLOP/s")
        XCTAssertEqual(Dimension.ratio.unitText, "1")
        XCTAssertTrue(Dimension(money: 1, time: 1).description.contains("$·month"))
    }

    func testTimeWordsConvertToMonthsExactly() {
        XCTAssertEqual(UnitWords.months(in: "month"), 1)
        XCTAssertEqual(UnitWords.months(in: "months"), 1)
        XCTAssertEqual(UnitWords.months(in: "quarter"), 3)
        XCTAssertEqual(UnitWords.months(in: "years"), 12)
        XCTAssertEqual(UnitWords.months(in: "year"), 12)
        XCTAssertEqual(UnitWords.months(in: "s")!, 1 / 2_629_800, accuracy: 1e-20)
        XCTAssertEqual(UnitWords.months(in: "hours")!, 1 / 730.5, accuracy: 1e-15)
        XCTAssertEqual(UnitWords.months(in: "day")!, 1 / 30.4375, accuracy: 1e-15)
        XCTAssertEqual(UnitWords.months(in: "weeks")!, 7 / 30.4375, accuracy: 1e-15)
        XCTAssertNil(UnitWords.months(in: "FLOP"))
        XCTAssertNil(UnitWords.months(in: "fortnight"))
        // 1 month = 730.5 hours = 2,629,800 s
        XCTAssertEqual(730.5 * UnitWords.months(in: "hour")!, 1, accuracy: 1e-12)
        XCTAssertEqual(TimeUnits.secondsPerMonth, 730.5 * 3600)
    }

    func testFlopWordsTakeEveryPrefixFromKiloToZetta() {
        let expected: [(String, Double)] = [("FLOP", 1), ("kFLOP", 1e3), ("MFLOP", 1e6), ("GFLOP", 1e9),
                                            ("TFLOP", 1e12), ("PFLOP", 1e15), ("EFLOP", 1e18), ("ZFLOP", 1e21)]
        for (word, scale) in expected {
            let unit = UnitWords.lookup(word)
            XCTAssertEqual(unit?.scale, scale, word)
            XCTAssertEqual(unit?.dimension, .flop, word)
        }
        XCTAssertNil(UnitWords.lookup("YFLOP"))
        XCTAssertNil(UnitWords.lookup("flop"), "unit words are case-sensitive")
    }

    func testWattWordsTakeOnlyKiloMegaGiga() {
        let expected: [(String, Double)] = [("W", 1), ("kW", 1e3), ("MW", 1e6), ("GW", 1e9)]
        for (word, scale) in expected {
            XCTAssertEqual(UnitWords.lookup(word)?.scale, scale, word)
            XCTAssertEqual(UnitWords.lookup(word)?.dimension, .power, word)
        }
        XCTAssertNil(UnitWords.lookup("TW"))
        XCTAssertNil(UnitWords.lookup("PW"))
    }

    func testChipWordsAreCounts() {
        XCTAssertEqual(UnitWords.lookup("chip")?.dimension, .chips)
        XCTAssertEqual(UnitWords.lookup("chips")?.scale, 1)
        XCTAssertTrue(UnitWords.all.contains("GW"))
        XCTAssertEqual(UnitWords.all, UnitWords.all.sorted())
    }

    func testQuantitiesInSourceAreStoredInBaseUnits() throws {
        let model = try checkedModel(header + """
            param perf = 989 TFLOP/s
            param rent = $2.40/hour
            param per_year = $12B/year
            param power = 1.4 kW
            param lead = 2 quarters
            param cut = 25%/year
            param contract = $1B/month * 12 months
            param ratio = 2 PFLOP / 1 TFLOP
            """)
        func value(_ name: String) -> Double? {
            model.paramIndex(named: name).flatMap { staticValue(model.params[$0].value, in: model) }
        }
        XCTAssertEqual(value("perf")!, 989e12 * 2_629_800, accuracy: 1e6)
        XCTAssertEqual(model.params[model.paramIndex(named: "perf")!].dimension, .computeRate)
        XCTAssertEqual(value("rent")!, 2.40 * 730.5, accuracy: 1e-9)
        XCTAssertEqual(value("per_year")!, 1e9, accuracy: 1e-3)
        XCTAssertEqual(value("power"), 1400)
        XCTAssertEqual(value("lead"), 6)
        XCTAssertEqual(value("cut")!, 0.25 / 12, accuracy: 1e-15)
        XCTAssertEqual(model.params[model.paramIndex(named: "cut")!].ratePeriod, 12)
        XCTAssertEqual(model.params[model.paramIndex(named: "cut")!].dimension, .growthRate)
        XCTAssertEqual(value("contract")!, 12e9, accuracy: 1e-3)
        XCTAssertEqual(model.params[model.paramIndex(named: "contract")!].dimension, .money)
        XCTAssertEqual(value("ratio")!, 2000, accuracy: 1e-9)
        XCTAssertEqual(model.params[model.paramIndex(named: "ratio")!].dimension, .ratio)
    }

    func testHeaderGivesStepsInclusiveOfBothEnds() throws {
        let model = try checkedModel("start 2025-01\nhorizon 2026-12\n")
        XCTAssertEqual(model.steps, 24)
        XCTAssertEqual(model.start, 2025 * 12)
        XCTAssertEqual(MonthIndex.format(model.horizon), "2026-12")
        let byLength = try checkedModel("start 2025-01\nrun 48 months\n")
        XCTAssertEqual(byLength.steps, 48)
        let single = try checkedModel("start 2025-01\nhorizon 2025-01\n")
        XCTAssertEqual(single.steps, 1)
    }
}
