import Foundation
import RaceEngine
import RaceReport
import RaceSession
import XCTest

/// The three output formats of `race diff` (docs/reference/diff.md) on the conformance pair 09.
final class DiffRenderTests: XCTestCase {
    func diff09(_ options: DiffSession.Options = .init()) throws -> ScenarioDiff {
        let comparison = DiffSession.compare(pathA: DiffSessionTests.base, pathB: DiffSessionTests.whatIf,
                                             read: DiffSessionTests.readFile, options: options)
        return try XCTUnwrap(comparison.diff)
    }

    func testJSONHasExactlyTheShapeOfSection14() throws {
        let text = DiffRender.json(try diff09()).serialized(pretty: true)
        let json = try JSONValue.parse(text)
        XCTAssertEqual(json.objectValue?.map(\.0), ["a", "b", "assumptions", "status", "outcomes", "divergence", "attribution"])
        XCTAssertTrue(json["a"]?.stringValue?.hasSuffix("09-extends-base/base.race") ?? false)
        XCTAssertEqual(json["divergence"]?.stringValue, "2025-01")

        let assumptions = try XCTUnwrap(json["assumptions"]?.arrayValue)
        XCTAssertEqual(assumptions.count, 4)
        for item in assumptions { XCTAssertEqual(item.objectValue?.map(\.0), ["id", "kind", "name", "a", "b"]) }
        XCTAssertEqual(assumptions[0]["kind"]?.stringValue, "param")
        XCTAssertEqual(assumptions[0]["a"]?.stringValue, "6%/month")
        XCTAssertEqual(assumptions[3]["name"]?.stringValue, "beta_exit")
        XCTAssertEqual(assumptions[3]["a"]?.stringValue, "2025-09: Beta exits")
        XCTAssertEqual(assumptions[3]["b"]?.isNull, true)

        let status = try XCTUnwrap(json["status"]?.arrayValue)
        XCTAssertEqual(status.first?.objectValue?.map(\.0), ["entity", "a", "b"])
        XCTAssertEqual(status.first?["a"]?.stringValue, "exited 2025-09")
        XCTAssertEqual(status.first?["b"]?.stringValue, "active")

        let outcomes = try XCTUnwrap(json["outcomes"]?.arrayValue)
        XCTAssertEqual(outcomes.count, 33, "unchanged outcomes are kept in JSON (3 entities × the 11 final fields)")
        for item in outcomes {
            XCTAssertEqual(item.objectValue?.map(\.0), ["entity", "field", "a", "b", "delta", "relative"])
        }
        let alphaCash = try XCTUnwrap(outcomes.first { $0["entity"]?.stringValue == "Alpha" && $0["field"]?.stringValue == "cash" })
        XCTAssertEqual(try XCTUnwrap(alphaCash["a"]?.numberValue), 4.48e9, accuracy: 0.01e9)
        XCTAssertEqual(try XCTUnwrap(alphaCash["b"]?.numberValue), 2.03e9, accuracy: 0.01e9)

        let attribution = try XCTUnwrap(json["attribution"]?.arrayValue)
        XCTAssertEqual(attribution.count, outcomes.count)
        for (entry, outcome) in zip(attribution, outcomes) {
            XCTAssertEqual(entry.objectValue?.map(\.0), ["entity", "field", "effects", "interaction"])
            XCTAssertEqual(entry["effects"]?.objectValue?.map(\.0), ["0", "1", "2", "3"])
            guard let delta = outcome["delta"]?.numberValue else { continue }
            let effects = entry["effects"]?.objectValue?.compactMap { $0.1.numberValue } ?? []
            let sum = effects.reduce(0, +) + (entry["interaction"]?.numberValue ?? .nan)
            XCTAssertTrue(abs(sum - delta) <= 1e-9 * max(abs(delta), 1), "\(sum) vs \(delta) after a round trip")
        }
    }

    func testComputeIsInFLOPPerSecondInJSONAndHumanInTheTable() throws {
        let a = "start 2025-01\nhorizon 2025-03\nchip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW }\n"
            + "lab X { cash: $1B; fleet: 1k H100 }\n"
        let files = ["a.race": a, "b.race": a.replacingOccurrences(of: "1k H100", with: "2k H100")]
        let comparison = DiffSession.compare(pathA: "a.race", pathB: "b.race", read: { files[$0].map { Array($0.utf8) } })
        let diff = try XCTUnwrap(comparison.diff)
        let compute = try XCTUnwrap(diff.outcomes.first { $0.field == .compute })
        XCTAssertEqual(try XCTUnwrap(compute.a), 989e15, accuracy: 1e6)
        XCTAssertEqual(try XCTUnwrap(compute.delta), 989e15, accuracy: 1e6)
        let json = DiffRender.json(diff)
        let first = json["outcomes"]?.arrayValue?.first { $0["field"]?.stringValue == "compute" }
        XCTAssertEqual(try XCTUnwrap(first?["b"]?.numberValue), 1.978e18, accuracy: 1e6)
        XCTAssertTrue(DiffRender.table(diff).contains("+989 PFLOP/s"), DiffRender.table(diff))
    }

    func testCSVHasOneRowPerOutcomeWithEffectColumns() throws {
        let diff = try diff09()
        let lines = DiffRender.csv(diff).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "entity,field,a,b,delta,relative,effect_param_growth,effect_field_Beta.burn,effect_event_alpha_round,effect_event_beta_exit,interaction")
        XCTAssertEqual(lines.count, 1 + diff.outcomes.count)
        XCTAssertTrue(lines.contains { $0.hasPrefix("Alpha,cash,4484277419.") })
    }

    func testTableShowsTheSectionsAndLeavesOutUnchangedRows() throws {
        let table = DiffRender.table(try diff09())
        for heading in ["Assumptions", "Status", "Outcomes at 2026-12", "Divergence: 2025-01", "Attribution"] {
            XCTAssertTrue(table.contains(heading), heading)
        }
        XCTAssertTrue(table.contains("Beta    exited 2025-09  active"))
        let outcomes = table.components(separatedBy: "Outcomes at")[1].components(separatedBy: "Divergence")[0]
        XCTAssertFalse(outcomes.contains("Microsoft"), "Microsoft's outcomes are the same in both")
        XCTAssertTrue(outcomes.contains("-54.8%"))
        // Largest relative change first: Alpha's cash (-54.8%) before Alpha's revenue (-48.3%).
        let cash = try XCTUnwrap(outcomes.range(of: "-54.8%")), revenue = try XCTUnwrap(outcomes.range(of: "-48.3%"))
        XCTAssertLessThan(cash.lowerBound, revenue.lowerBound)
        XCTAssertTrue(outcomes.contains("$4.48B"))
        XCTAssertTrue(table.contains("[0] growth"))
    }

    func testFieldsLimitTheOutcomesOfEveryFormat() throws {
        let diff = try diff09(.init(fields: [.runway]))
        XCTAssertEqual(diff.outcomes.map(\.entity), ["Microsoft", "Alpha", "Beta"])
        XCTAssertEqual(DiffRender.csv(diff).split(separator: "\n").count, 4)
    }
}
