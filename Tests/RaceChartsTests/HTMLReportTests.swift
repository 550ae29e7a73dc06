import XCTest
import RaceEngine
import RaceReport
@testable import RaceCharts

final class HTMLReportTests: XCTestCase {
    private func report(samples: Int = 1, sensitivity: SensitivityRanking? = nil) throws -> String {
        let model = try ChartSamples.model(ChartSamples.uncertainScenario)
        let simulation = try LaneEngine.plainRun(Lowering.lower(model))
        try simulation.run()
        var report = ScenarioReport(path: "fan.race", command: "race report fan.race", sources: ReportSources(
            introduction: ["Question: does Alpha survive a burn of <$1B> & more?"],
            parameters: [ParameterSource(name: "burn", value: "$300M/month to $900M/month", distribution: "a range",
                                         source: "assumption: \"somewhere\" in between", location: "fan.race:4")],
            entities: [EntitySource(name: "Alpha", kind: "lab", source: "press: a lab",
                                    fields: [FieldSource(name: "cash", value: "$10B", source: "press: its last round")])],
            events: [EventSource(label: nil, schedule: "2025-06", actions: ["Backer invests $2B in Alpha"], source: "press: a deal",
                                 location: "fan.race:9")]),
            run: simulation.result, sensitivity: sensitivity)
        if samples > 1 {
            report.monteCarlo = try MonteCarlo.run(plan: Lowering.lower(model), samples: samples, seed: 1, threads: 1,
                                                   keepSeries: true, fields: [.cash, .revenue, .runway])
        }
        return HTMLReport.render(report)
    }

    /// Every `src` and `href` value of the document.
    private func links(_ check: XMLCheck) -> [String] {
        check.elements.flatMap { [$0.attributes["src"], $0.attributes["href"]].compactMap { $0 } }
    }

    func testThePlainReportIsWellFormedAndSelfContained() throws {
        let html = try report()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        let check = XMLCheck.parse(html)
        XCTAssertNil(check.error, "\(check.error.map { "\($0)" } ?? "")")
        XCTAssertFalse(links(check).isEmpty, "the contents link to the sections")
        for link in links(check) { XCTAssertTrue(link.hasPrefix("#"), "only links within the page: \(link)") }
        XCTAssertFalse(html.contains("<script"), "no script needed")
        XCTAssertFalse(html.lowercased().contains("http"), "nothing from the network, not even a namespace")
        // The sections, and the sources as the session gathered them, escaped.
        for text in ["Outcome at 2026-12", "Over time", "Who leaves the race, and when", "Owners at 2026-12", "Expectations",
                     "Assumptions and their sources", "assumption: &quot;somewhere&quot; in between", "press: its last round",
                     "does Alpha survive a burn of &lt;$1B&gt; &amp; more?"] {
            XCTAssertTrue(html.contains(text), text)
        }
        XCTAssertGreaterThanOrEqual(check.elements.filter { $0.name == "svg" }.count, 5, "a chart per reported field and more")
        XCTAssertFalse(html.contains("What moves the outcome"), "no sensitivity section without a ranking")
    }

    func testTheSampledReportHasFansExitsAndHeldShares() throws {
        let html = try report(samples: 120)
        let check = XMLCheck.parse(html)
        XCTAssertNil(check.error, "\(check.error.map { "\($0)" } ?? "")")
        XCTAssertTrue(html.contains("120 samples (seed 1)"))
        XCTAssertTrue(check.elements.contains { $0.attributes["class"] == "band" }, "fan charts")
        XCTAssertTrue(html.contains("p(exit)"))
        XCTAssertTrue(html.contains("of samples"), "expectations as the share of samples in which they held")
    }

    func testASensitivityRankingHasItsSection() throws {
        let ranking = SensitivityRanking(rows: [
            .init(input: "burn", outcome: "Alpha.cash", correlation: -0.93, low: 9e9, high: 1e9, format: .quantity(.money)),
            .init(input: "growth", outcome: "Alpha.cash", correlation: 0.2, low: 4e9, high: 5e9, format: .quantity(.money)),
        ], method: "Spearman rank correlation over 2,000 samples")
        let html = try report(sensitivity: ranking)
        XCTAssertNil(XMLCheck.parse(html).error)
        XCTAssertTrue(html.contains("What moves the outcome"))
        XCTAssertTrue(html.contains("-0.93"))
        XCTAssertTrue(html.contains("$9B"))
    }
}
