import RaceModel
import RaceReport
import XCTest
@testable import RaceEngine

/// docs/reference/uncertain-events.md: events at uncertain months or with a probability, uncertain delays, entities founded
/// during the run; docs/reference/uncertainty.md: a runway is missing once its entity has left.
final class UncertaintyTests: XCTestCase {
    func plan(_ text: String) throws -> Plan {
        let (model, diagnostics) = Engine.model(text)
        return Lowering.lower(try XCTUnwrap(model, "\(diagnostics.map(\.message))"))
    }

    static let base = "start 2025-01\nhorizon 2025-12\ncompany Fund\nlab X { cash: $1B, valuation: $10B }\n"

    func testAnEventWithAProbabilityHappensInThatShareOfSamplesAndInAPlainRunFromHalfOn() throws {
        for (p, plainEvents) in [(30, 0), (50, 1), (70, 1)] {
            let text = Self.base + "on 2025-04 with probability \(p)%: Fund invests $1B in X\n"
            XCTAssertEqual(try Engine.run(text).events.count, plainEvents, "\(p)%")
            let result = try MonteCarlo.run(plan: plan(text), samples: 4000, seed: 9, threads: 2)
            let raised = try XCTUnwrap(result.values(.received, entity: 1)).filter { $0 > 0 }.count
            XCTAssertEqual(Double(raised) / 4000, Double(p) / 100, accuracy: 0.03, "\(p)%")
        }
    }

    func testADateRangeIsUniformOverItsWholeMonthsAndAPlainRunTakesTheEarlierMiddle() throws {
        let text = Self.base + "param ready = 2025-03 to 2025-06\non ready: Fund invests $1B in X\n"
        XCTAssertEqual(try Engine.run(text).events.map(\.step), [3], "2025-03..2025-06: the earlier middle is 2025-04")
        let plan = try plan(text)
        var months: [Int: Int] = [:]
        for s in 0..<2000 {
            let run = try Engine.runAlone(plan, draws: MonteCarlo.draws(plan: plan, seed: 4, sample: s))
            months[run.events.first!.step, default: 0] += 1
        }
        XCTAssertEqual(months.keys.sorted(), [2, 3, 4, 5])
        for count in months.values { XCTAssertEqual(Double(count) / 2000, 0.25, accuracy: 0.04) }
    }

    func testARecurringEventWithAProbabilityHappensForAllItsOccurrencesOrNone() throws {
        let text = Self.base + "every 3 months from 2025-01 with probability 50%: Fund invests $100M in X\n"
        let result = try MonteCarlo.run(plan: plan(text), samples: 500, seed: 2, threads: 1)
        let received = Set(try XCTUnwrap(result.values(.received, entity: 1)))
        XCTAssertEqual(received, [0, 400e6])
    }

    func testAnEntityFoundedLaterIsNotInTheRaceUntilThen() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-12
            company Fund
            lab New { founded: 2025-06, cash: $1B, revenue: $10M/month growing 10%/month, burn: $50M/month }
            lab Late { founded: 2027-01, cash: $2B }
            on 2025-03: Fund invests $100M in New at $1B post
            on 2025-07: Fund invests $100M in New at $1B post
            """)
        XCTAssertEqual(r.skipped.map { r.reason(of: $0) }, ["New is not founded until 2025-06"])
        XCTAssertEqual(r.final("New", .cash, step: 4), 1e9, "its declared stocks before it enters")
        XCTAssertEqual(r.final("New", .revenue, step: 4), 0)
        XCTAssertTrue(r.final("New", .runway, step: 4).isNaN, "no runway before it enters")
        XCTAssertEqual(r.final("New", .revenue, step: 5), 10e6, "its streams did not grow before it entered")
        XCTAssertEqual(r.status("Late"), "not founded")
        XCTAssertEqual(r.status("New"), "active")
    }

    func testARunwayIsMissingOnceItsLabHasLeftAndAnExpectationOnItFails() throws {
        let r = try Engine.run("""
            start 2025-01
            horizon 2025-12
            lab X { cash: $100M, burn: $50M/month }
            lab Y { cash: $1B }
            expect X.runway > 1 month
            expect not (Y.runway < 1 month)
            """)
        XCTAssertTrue(r.final("X", .runway).isNaN)
        XCTAssertEqual(r.final("Y", .runway), .infinity)
        XCTAssertEqual(r.expectations.map(\.passed), [false, true])
    }

    func testAFailedExpectationOnALeftEntitySaysWhyItHasNoValue() throws {
        let r = try Engine.run("start 2025-01\nhorizon 2026-12\nlab OpenAI { cash: $10B, burn: $1B/month }\nexpect OpenAI.runway > 12 months\n")
        XCTAssertEqual(ExpectationReport.all(r).map(\.detail), ["OpenAI is out of cash since 2025-11"])
    }
}
