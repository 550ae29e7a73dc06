import RaceCharts
import RaceEngine
import RaceModel
import XCTest

/// A lab founded during the run (docs/reference/uncertain-events.md) is drawn from its founding
/// month on: before it, it is not in the race, and a line at $0 would read as a lab with no money.
final class FoundingChartTests: XCTestCase {
    static let scenario = """
        scenario "Founded later"
        start 2025-01
        horizon 2025-12
        param burn = $100M/month to $300M/month
        lab Old { cash: $5B, burn: burn }
        lab New { founded: 2025-06, cash: $14B, burn: burn }
        report cash
        """

    func testAPlainLineStartsInTheFoundingMonth() throws {
        let result = try ChartSamples.run(Self.scenario)
        let new = try XCTUnwrap(result.model.entityIndex(named: "New")), old = try XCTUnwrap(result.model.entityIndex(named: "Old"))
        XCTAssertEqual(result.foundingSteps, [0, 5], "the engine says when each lab enters the race")
        let chart = ChartBuilder.lines(result, field: .recorded(.cash), entities: [old, new])
        let line = chart.series[1].values
        XCTAssertEqual(line.count, 12)
        XCTAssertTrue(line[..<5].allSatisfy(\.isNaN), "months before 2025-06 are drawn: \(line)")
        XCTAssertTrue(line[5...].allSatisfy(\.isFinite))
        XCTAssertGreaterThan(line[5], 1e10)
        XCTAssertTrue(chart.series[0].values.allSatisfy(\.isFinite), "a lab there from the start loses no month")
    }

    func testAFanStartsInTheFoundingMonth() throws {
        let model = try ChartSamples.model(Self.scenario)
        let new = try XCTUnwrap(model.entityIndex(named: "New"))
        let fields = ChartBuilder.keptFields([.cash], model: model, entities: [new])
        XCTAssertEqual(fields, [.cash, .runway], "the runway marks the months before the founding")
        XCTAssertEqual(ChartBuilder.keptFields([.cash], model: model, entities: [try XCTUnwrap(model.entityIndex(named: "Old"))]),
                       [.cash], "nothing more is kept when no entity drawn is founded later")
        let result = try MonteCarlo.run(plan: Lowering.lower(model), samples: 64, seed: 3, threads: 1, keepSeries: true,
                                        fields: fields)
        let fan = ChartBuilder.fan(result, field: .recorded(.cash), entities: [new]).series[0]
        XCTAssertTrue(fan.values[..<5].allSatisfy(\.isNaN), "median before the founding: \(fan.values)")
        XCTAssertTrue(fan.values[5...].allSatisfy(\.isFinite))
        let band = try XCTUnwrap(fan.band)
        XCTAssertTrue(band.low[..<5].allSatisfy(\.isNaN) && band.high[..<5].allSatisfy(\.isNaN))
        XCTAssertTrue(band.low[5...].allSatisfy(\.isFinite))
    }
}

