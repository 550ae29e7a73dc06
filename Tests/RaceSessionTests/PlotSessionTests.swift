import XCTest
import RaceCharts
import RaceModel
import RaceSyntax
@testable import RaceSession

final class PlotSessionTests: XCTestCase {
    func testPlotDrawsExpressionsFromTheStartToTheClock() {
        let (session, _) = makeSession()
        session.chartSize = { (90, 30) }
        ok(session, ":load Scenarios/test.race")
        ok(session, ":goto 2025-08")
        let out = ok(session, ":plot Alpha.cash, Beta.cash")
        XCTAssertTrue(out.hasPrefix("Alpha.cash, Beta.cash"), out)
        XCTAssertTrue(out.contains("● Alpha.cash"))
        XCTAssertTrue(out.contains("■ Beta.cash"))
        // From the start to the clock: January to August.
        XCTAssertTrue(out.contains("2025-01") || out.contains("2025"), out)
        XCTAssertFalse(out.contains("2025-10"), "nothing after the clock")
        XCTAssertFalse(out.contains("\u{1B}"), "no colour unless the REPL asks for it")
        XCTAssertLessThanOrEqual(out.split(separator: "\n").count, 28, "fits the terminal with room for the prompt")
        session.chartColour = true
        XCTAssertTrue(ok(session, ":plot Alpha.cash").contains("\u{1B}["))
    }

    func testABareFieldMeansThatFieldOfEveryLab() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":run")
        let out = ok(session, ":plot cash, total(compute), share")
        XCTAssertTrue(out.contains("\ncash") || out.hasPrefix("cash"), out)
        XCTAssertTrue(out.contains("● Alpha"))
        XCTAssertTrue(out.contains("■ Beta"))
        XCTAssertTrue(out.contains("total(compute)"))
        XCTAssertTrue(out.contains("share"), "a let of one lab is a field too")
    }

    /// A lab founded during the run is drawn from its founding month: before it, its cash of
    /// $0 is not a position in the race (a `$0` on the axis would show that it was drawn).
    func testALabIsDrawnFromItsFounding() {
        let later = """
            scenario "Founded later"
            start 2025-01
            horizon 2025-12
            lab Old { cash: $3B, burn: $100M/month }
            lab New { founded: 2025-06, burn: $200M/month }
            on 2025-06: Old invests $5B in New at $20B post
            """
        let (session, _) = makeSession(files: ["Scenarios/later.race": later])
        session.chartSize = { (90, 30) }
        ok(session, ":load Scenarios/later.race")
        ok(session, ":run")
        let out = ok(session, ":plot New.cash")
        XCTAssertTrue(out.contains("$5B") || out.contains("$4B"), out)
        XCTAssertFalse(out.contains("$0 ┤"), "the months before the founding are drawn:\n\(out)")
    }

    func testPlotSaysWhatIsWrong() {
        let (session, _) = makeSession()
        XCTAssertTrue(fails(session, ":plot Alpha.cash").contains("no scenario"))
        ok(session, ":load Scenarios/test.race")
        XCTAssertTrue(fails(session, ":plot Alpha.cash").contains("nothing has run yet"))
        ok(session, ":step 3")
        XCTAssertTrue(fails(session, ":plot").contains(":plot takes expressions"))
        let condition = fails(session, ":plot Alpha.cash, Alpha.cash > $1B")
        XCTAssertTrue(condition.contains("a condition"), condition)
        XCTAssertTrue(condition.contains("<repl>:"), "located: \(condition)")
        let unknown = fails(session, ":plot Alpha.cahs")
        XCTAssertTrue(unknown.contains("cahs"), unknown)
        XCTAssertTrue(fails(session, ":plot date").contains("a date"))
        // A failed :plot changes nothing.
        XCTAssertTrue(ok(session, ":show").contains("2025-03"))
    }

    func testCompletionKnowsPlotAndItsFields() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertEqual(session.completions(lineBeforeCursor: ":pl").candidates, [":plot"])
        let fields = session.completions(lineBeforeCursor: ":plot ca")
        XCTAssertEqual(fields.candidates.first, "cash")
        XCTAssertEqual(fields.replacing, 2)
        XCTAssertEqual(session.completions(lineBeforeCursor: ":plot cash, Al").candidates, ["Alpha"])
        XCTAssertTrue(session.completions(lineBeforeCursor: ":plot Alpha.ru").candidates.contains("runway"))
        XCTAssertTrue(session.completions(lineBeforeCursor: ":plot sh").candidates.contains("share"))
    }

    func testTopLevelPartsKeepCommasInsideParentheses() {
        let parts = Session.topLevelParts(" max(Alpha.cash, Beta.cash),  total(cash) ,")
        XCTAssertEqual(parts.map(\.text), ["max(Alpha.cash, Beta.cash)", "total(cash)"])
        XCTAssertEqual(parts.map(\.offset), [1, 30])
    }
}

final class SourceCommentsTests: XCTestCase {
    let scenario = """
        extends "base.race"
        # Scenarios/x.race
        #
        # Question: what if the money stops?
        # Who runs out first?
        #
        # seed 003: a bubble.

        scenario "X"

        # ---- the money stops

        # assumption: a guess,
        # over two lines
        param growth = 5%/month   # press: a trailing note
        param other = 2 to 3
        lab A {
          # press: last round
          cash: $1B   # rounded
          burn: $100M/month
        }
        # press: the deal
        on 2025-03 as deal: A raises $1B at $10B   # announced in March
        """

    func testCommentsAboveAndBesideADeclaration() throws {
        let file = SourceFile(name: "x.race", text: scenario)
        let statements = Parser.parse(file).statements
        let params = statements.compactMap { s -> Name? in if case .param(let n, _) = s.kind { return n }; return nil }
        XCTAssertEqual(SourceComments.comments(around: params[0].span, trailing: .firstLine),
                       "assumption: a guess, over two lines press: a trailing note")
        XCTAssertEqual(SourceComments.comments(around: params[1].span, trailing: .firstLine), "")
        XCTAssertEqual(SourceComments.introduction(file), ["Question: what if the money stops? Who runs out first?", "seed 003: a bubble."])
        guard case .entity(_, _, let fields)? = statements.first(where: { if case .entity = $0.kind { return true }; return false })?.kind
        else { return XCTFail("no lab") }
        XCTAssertEqual(SourceComments.comments(around: fields[0].span, trailing: .firstLine), "press: last round rounded")
        XCTAssertEqual(SourceComments.value(of: "cash:      $1B", field: "cash"), "$1B")
        guard case .event(let event)? = statements.last?.kind else { return XCTFail("no event") }
        XCTAssertEqual(SourceComments.comments(around: event.span, trailing: .everyLine), "press: the deal announced in March")
        XCTAssertNil(SourceComments.trailingComment("note \"a # in a string\""))
    }

    func testSourcesOfAModel() throws {
        let io = MemoryIO(files: ["base.race": "start 2025-01\nhorizon 2025-12\n", "x.race": scenario])
        let compiled = Pipeline.compile(path: "x.race", read: io.read, overrides: [("other", "4")])
        let model = try XCTUnwrap(compiled.model, "\(compiled.diagnostics.map(\.message))")
        let sources = SourceComments.sources(model: model, statements: compiled.statements, main: compiled.source,
                                             overridden: ["other"])
        XCTAssertEqual(sources.parameters.map(\.name), ["growth", "other"])
        XCTAssertEqual(sources.parameters[0].location, "x.race:15")
        XCTAssertNil(sources.parameters[0].distribution)
        XCTAssertEqual(sources.parameters[1].source, "set on the command line")
        XCTAssertEqual(sources.parameters[1].value, "4")
        XCTAssertEqual(sources.entities.first?.fields.map(\.name), ["cash", "burn"])
        XCTAssertEqual(sources.events.first?.label, "deal")
        XCTAssertEqual(sources.events.first?.source, "press: the deal announced in March")
        XCTAssertEqual(sources.introduction.first, "Question: what if the money stops? Who runs out first?")
    }

    func testADistributionIsNamed() throws {
        let io = MemoryIO(files: ["x.race": "start 2025-01\nhorizon 2025-03\nparam p = 2 to 3\nlab A { cash: $1B }\n"])
        let compiled = Pipeline.compile(path: "x.race", read: io.read)
        let model = try XCTUnwrap(compiled.model)
        XCTAssertNotNil(SourceComments.sources(model: model, statements: compiled.statements, main: nil).parameters[0].distribution)
    }
}

final class PlotPipelineTests: XCTestCase {
    private func model() throws -> Model {
        let io = MemoryIO(files: ["t.race": testScenario + "report cash, share\n"])
        return try XCTUnwrap(Pipeline.compile(path: "t.race", read: io.read).model)
    }

    /// The problem's message, then its hint when it has one.
    private func problem(_ request: PlotPipeline.Request) throws -> String {
        guard case .failure(.request(let message, let hint)) = PlotPipeline.charts(model: try model(), request: request) else {
            XCTFail("expected a problem with the request")
            return ""
        }
        return message + (hint.map { "\nhint: \($0)" } ?? "")
    }

    func testFieldsEntitiesAndMonths() throws {
        guard case .success(let charts) = PlotPipeline.charts(model: try model(), request: .init(
            fields: ["cash", "share"], entities: ["Beta"], from: 2025 * 12 + 2, to: 2025 * 12 + 5)) else { return XCTFail() }
        XCTAssertEqual(charts.map(\.title), ["cash", "share"])
        XCTAssertEqual(charts[0].series.map(\.name), ["Beta"])
        XCTAssertEqual(charts[0].months, 4)
        XCTAssertEqual(charts[0].firstMonth, 2025 * 12 + 2)
        XCTAssertFalse(charts[1].series[0].values.contains { $0.isNaN }, "the let is recorded every month")
    }

    func testSampledChartsAreFans() throws {
        let io = MemoryIO(files: ["t.race": testScenario.replacing("param growth = 5%/month", with: "param growth = 2%/month to 8%/month")])
        let model = try XCTUnwrap(Pipeline.compile(path: "t.race", read: io.read).model)
        guard case .success(let charts) = PlotPipeline.charts(model: model, request: .init(
            fields: ["cash", "share"], sampling: .init(samples: 50, seed: 3, threads: 1))) else { return XCTFail() }
        XCTAssertTrue(charts.allSatisfy(\.isFan))
        XCTAssertEqual(charts[0].series.map(\.name), ["Alpha", "Beta"])
    }

    func testClearProblems() throws {
        XCTAssertTrue(try problem(.init(fields: ["cashh"])).contains("'cashh' is not a field; fields are cash,"))
        XCTAssertTrue(try problem(.init(fields: ["cashh"])).hasSuffix("hint: did you mean 'cash'?"))
        XCTAssertTrue(try problem(.init(fields: ["net_burn"])).contains("not recorded month by month"))
        XCTAssertTrue(try problem(.init(fields: ["cash"], entities: ["Alph"])).contains("did you mean 'Alpha'?"))
        XCTAssertTrue(try problem(.init(fields: ["cash"], from: 2030 * 12)).contains("--from 2030-01 is outside the run (2025-01..2025-12)"))
        XCTAssertTrue(try problem(.init(fields: ["cash"], from: 2025 * 12 + 5, to: 2025 * 12 + 2)).contains("is after --to"))
    }
}
