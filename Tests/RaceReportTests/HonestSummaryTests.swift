import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax
import XCTest

/// docs/reference/uncertainty.md in the reports, on results that hold both kinds of non-number: an infinite runway
/// (nothing burnt) and a missing one (NaN: the lab has left). Each summary states both shares.
final class HonestSummaryTests: XCTestCase {
    /// One lab, ten samples: runway 1…5 months in five, ∞ in three, missing in two; cash finite.
    func result() throws -> MonteCarloResult {
        let source = SourceFile(name: "honest.race", text: "start 2025-01\nhorizon 2025-12\nlab A { cash: $1B }\nreport cash, runway\n")
        let model = try XCTUnwrap(Checker.check(Parser.parse(source).statements, origin: source).model)
        let runway: [Double] = [1, 2, 3, 4, 5, .infinity, .infinity, .infinity, .nan, .nan]
        let cash = (1...10).map { Double($0) * 1e9 }
        let exits: [SampleColumns.ExitStep] = [-1, -1, -1, -1, -1, -1, -1, -1, 7, 9]
        let statuses: [EntityStatus] = exits.map { $0 < 0 ? .active : .outOfCash }
        let columns = SampleColumns(samples: 10, entities: 1, fields: [.cash, .runway], formulaColumns: 0, finals: cash + runway,
                                    exits: exits, statuses: statuses, draws: [], observed: [], stakes: [:], held: [])
        return try MonteCarloResult(model: model, seed: 0, columns: columns, targets: [], weighted: false)
    }

    func testTheRunwayIsSummarisedOverEverySampleInWhichItExists() throws {
        let p = try XCTUnwrap(try result().summary(.runway, entity: 0))
        XCTAssertEqual(p.count, 8)
        XCTAssertEqual(p.infinite, 0.3)
        XCTAssertEqual(p.missing, 0.2)
        XCTAssertEqual(p.p50, 4.5, "the median of 1…5, ∞, ∞, ∞")
        XCTAssertEqual(p.p95, .infinity)
        XCTAssertEqual(p.mean, 3, "over the finite values")
    }

    func testTheTableShowsInfinityAndTheShares() throws {
        let table = MonteCarloTable.render(try result())
        XCTAssertTrue(table.contains("4.50 months [1.35 – ∞], ∞ in 30.0%, missing in 20.0%")
                      || table.contains("4.5 months [1.35 – ∞], ∞ in 30.0%, missing in 20.0%"), table)
        XCTAssertEqual(MonteCarloTable.compact(Percentiles(p5: 5.8, p50: 15, p95: .infinity, mean: 12, count: 100, infinite: 0.31),
                                               .time), "15 months [5.8 – ∞], ∞ in 31.0%")
    }

    func testJSONGivesEveryNumberItsSharesAndNullForInfinity() throws {
        let document = MonteCarloJSON.document(try result())
        let entity = try XCTUnwrap(document["entities"]?.arrayValue?.first)
        let runway = try XCTUnwrap(entity["final"]?["runway"])
        XCTAssertEqual(runway["infinite"]?.numberValue, 0.3)
        XCTAssertEqual(runway["missing"]?.numberValue, 0.2)
        XCTAssertEqual(runway["p50"]?.numberValue, 4.5)
        XCTAssertTrue(runway.serialized(pretty: false).contains("\"p95\":null"), runway.serialized(pretty: false))
        XCTAssertEqual(entity["final"]?["cash"]?["infinite"]?.numberValue, 0)
        XCTAssertEqual(entity["final"]?["cash"]?["missing"]?.numberValue, 0)
        XCTAssertEqual(entity["p_exit"]?.numberValue, 0.2)
        XCTAssertEqual(entity["exit_p5"]?.stringValue, "2025-08")
        XCTAssertEqual(entity["exit_p50"]?.stringValue, "2025-08")
        XCTAssertEqual(entity["exit_p95"]?.stringValue, "2025-10")
    }

    func testCSVGainsInfiniteAndMissingColumns() throws {
        let lines = MonteCarloCSV.render(try result()).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init), row = lines[1].map(String.init)
        let cell = { (name: String) in row[header.firstIndex(of: name)!] }
        XCTAssertEqual(cell("runway_infinite"), "0.3")
        XCTAssertEqual(cell("runway_missing"), "0.2")
        XCTAssertEqual(cell("runway_p95"), "", "∞ has no number in CSV")
        XCTAssertEqual(cell("exit_p95"), "2025-10")
    }
}
