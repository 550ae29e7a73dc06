import XCTest
import RaceModel
import RaceReport
import RaceSyntax
@testable import RaceSession

/// `race diff` knows the v2 statements as assumptions (docs/reference/diff.md with docs/reference/financing.md, docs/reference/uncertain-events.md, docs/reference/observations.md): a loan, a
/// lease, a payment, a probability, a founding date, a date parameter and an observation are
/// listed, and each can be applied alone to A for attribution.
final class DiffV2Tests: XCTestCase {
    static let a = """
        start 2025-01
        horizon 2026-12
        param ready = 2025-06
        chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, rent: $5/hour }
        company Apollo { cash: $20B }
        lab X { cash: $1B }
        lab New { cash: $2B }
        on 2025-03 as loan: X borrows $1B from Apollo at 8%/year over 12 months
        on 2025-10 with probability 30%: X exits
        on ready as deal: Apollo invests $1B in X at $10B
        observe X.cash at 2025-06 = $1B ± 10%

        """
    static let b = """
        start 2025-01
        horizon 2026-12
        param ready = 2025-06 to 2025-09
        chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, rent: $5/hour }
        company Apollo { cash: $20B }
        lab X { cash: $1B }
        lab New { cash: $2B, founded: 2025-05 }
        on 2025-03 as loan: X borrows $2B from Apollo at 8%/year over 12 months
        on 2025-10 with probability 60%: X exits
        on ready as deal: Apollo invests $1B in X at $10B
        on 2025-04: X rents 10k G from Apollo over 12 months
        on 2025-05: X pays $1M to Apollo
        observe X.cash at 2025-06 = $1B ± 20%

        """

    func statements(_ text: String, _ name: String) -> [Statement] {
        Parser.parse(SourceFile(name: name, text: text)).statements
    }

    func model(_ statements: [Statement], file: StaticString = #filePath, line: UInt = #line) throws -> Model {
        let checked = Checker.check(statements)
        XCTAssertEqual(checked.diagnostics.filter(\.isError).map(\.message), [], file: file, line: line)
        return try XCTUnwrap(checked.model, file: file, line: line)
    }

    func testTheNewStatementsAreListedAsAssumptions() throws {
        let found = AssumptionDiff.compare(try model(statements(Self.a, "a.race")), try model(statements(Self.b, "b.race")))
            .map { "\($0.kind.rawValue) \($0.name): \($0.a ?? "null") → \($0.b ?? "null")" }
        XCTAssertEqual(found, [
            "param ready: 2025-06 → 2025-06 to 2025-09",
            "field New.founded: null → 2025-05",
            "event loan: 2025-03: X borrows $1B from Apollo at 8%/year over 12 months → 2025-03: X borrows $2B from Apollo at 8%/year over 12 months",
            "event deal: 2025-06: Apollo invests $1B in X at $10B → ready: Apollo invests $1B in X at $10B",
            "event X exits: 2025-10 with probability 30%: X exits → null",
            "event X exits: null → 2025-10 with probability 60%: X exits",
            "event X rents 10k G from Apollo over 12 months: null → 2025-04: X rents 10k G from Apollo over 12 months",
            "event X pays $1M to Apollo: null → 2025-05: X pays $1M to Apollo",
            "observation X.cash at 2025-06 = $1B ± 10%: X.cash at 2025-06 = $1B ± 10% → null",
            "observation X.cash at 2025-06 = $1B ± 20%: null → X.cash at 2025-06 = $1B ± 20%",
        ])
    }

    func testAnUncertainDelayIsAnAssumptionOfItsEvent() throws {
        let base = Self.a + "delay deal by 1 month\n"
        let moved = Self.a + "delay deal by 1 month to 4 months\n"
        let found = AssumptionDiff.compare(try model(statements(base, "a.race")), try model(statements(moved, "b.race")))
        XCTAssertEqual(found.map(\.name), ["deal"])
        XCTAssertEqual(found.first?.a, "2025-07: Apollo invests $1B in X at $10B")
        XCTAssertEqual(found.first?.b, "ready delayed by 1 month to 4 months: Apollo invests $1B in X at $10B")
    }

    /// Each assumption applied alone to A gives a scenario that checks, with B's version of
    /// that one thing and A's of everything else.
    func testEachAssumptionCanBeAppliedAlone() throws {
        let (sa, sb) = (statements(Self.a, "a.race"), statements(Self.b, "b.race"))
        let (ma, mb) = (try model(sa), try model(sb))
        let variant = DiffVariant(a: sa, b: sb, modelA: ma, modelB: mb)
        let assumptions = AssumptionDiff.compare(ma, mb)
        var applied: [String: Model] = [:]
        for assumption in assumptions {
            let changed = try XCTUnwrap(variant.statements(applying: assumption.subject), "\(assumption.name) cannot be applied")
            applied["\(assumption.id)"] = try model(changed)
        }
        XCTAssertTrue(try XCTUnwrap(applied["0"]).params[0].isDate)
        XCTAssertTrue(try XCTUnwrap(applied["0"]).isUncertain(try XCTUnwrap(applied["0"]).params[0].value), "B's date range")
        XCTAssertNotNil(try XCTUnwrap(applied["1"]).entities[2].founded, "B's founding date")
        XCTAssertEqual(try XCTUnwrap(applied["2"]).events.first { $0.label == "loan" }?.actions.first?.text,
                       "X borrows $2B from Apollo at 8%/year over 12 months")
        let withoutThirty = try XCTUnwrap(applied["4"])
        XCTAssertFalse(withoutThirty.events.contains { $0.scheduleText.hasSuffix("30%") }, "A's 30% event taken out")
        XCTAssertTrue(try XCTUnwrap(applied["5"]).events.contains { $0.scheduleText == "2025-10 with probability 60%" })
        XCTAssertTrue(try XCTUnwrap(applied["6"]).events.contains { $0.actions.first?.text.contains("rents 10k G") ?? false })
        XCTAssertEqual(try XCTUnwrap(applied["8"]).observations.count, 0, "A's observation taken out")
        XCTAssertEqual(try XCTUnwrap(applied["9"]).observations.map(\.text),
                       ["X.cash at 2025-06 = $1B ± 10%", "X.cash at 2025-06 = $1B ± 20%"])
        for (id, applied) in applied where id != "9" {
            XCTAssertLessThanOrEqual(applied.observations.count, 1, "assumption \(id) added an observation")
        }
    }

    func testAMovedEventWithAProbabilityIsReplacedNotDelayed() throws {
        let a = "start 2025-01\nhorizon 2025-12\nlab X\non 2025-03 as e with probability 40%: X exits\n"
        let b = "start 2025-01\nhorizon 2025-12\nlab X\non 2025-05 as e with probability 70%: X exits\n"
        let (sa, sb) = (statements(a, "a.race"), statements(b, "b.race"))
        let (ma, mb) = (try model(sa), try model(sb))
        let subject = try XCTUnwrap(AssumptionDiff.compare(ma, mb).first?.subject)
        let changed = try XCTUnwrap(DiffVariant(a: sa, b: sb, modelA: ma, modelB: mb).statements(applying: subject))
        XCTAssertEqual(try model(changed).events.map(\.scheduleText), ["2025-05 with probability 70%"])
    }
}
