import Foundation
import XCTest
import RaceEngine
import RaceModel
import RaceSyntax
@testable import RaceCharts

/// Charts of made-up data (so that golden files do not move when the engine changes) and
/// runs of small scenarios (for what must hold of any run).
enum ChartSamples {
    /// Four labs over 24 months from 2025-01: two lines that cross, one 200 times smaller
    /// than the largest (a log axis), one that leaves in month 7.
    static var crossing: Chart {
        let months = 0..<24
        let gone = ChartBuilder.line(name: "Gone", values: months.map { 5e9 - 0.6e9 * Double($0) },
                                     exit: (7, "acquired by Alpha 2025-08"), style: 3)
        return Chart(title: "cash", format: .quantity(.money), firstMonth: 2025 * 12, series: [
            ChartSeries(name: "Alpha", values: months.map { 10e9 + 1e9 * Double($0) }, style: 0),
            ChartSeries(name: "Beta", values: months.map { 30e9 - 1e9 * Double($0) }, style: 1),
            ChartSeries(name: "Tiny", values: months.map { 0.1e9 * (1 + 0.05 * Double($0)) }, style: 2),
            gone,
        ])
    }

    /// Runway over 12 months: a line with every value equal, one with no values at all (an
    /// unbounded company), one infinite (burning nothing) for its first half.
    static var awkward: Chart {
        Chart(title: "runway", format: .quantity(.time), firstMonth: 2026 * 12 + 2, series: [
            ChartSeries(name: "Flat", values: Array(repeating: 12, count: 12), style: 0),
            ChartSeries(name: "Backer", values: Array(repeating: .nan, count: 12), style: 1, note: "cash not tracked"),
            ChartSeries(name: "Profitable", values: (0..<12).map { $0 < 6 ? .infinity : 30 - 3 * Double($0) }, style: 2),
        ])
    }

    /// One month only.
    static var single: Chart {
        Chart(title: "compute", format: .quantity(.computeRate), firstMonth: 2025 * 12,
              series: [ChartSeries(name: "Alpha", values: [2e21 * TimeUnits.secondsPerMonth], style: 0)])
    }

    /// Two fans: a median with its band, one leaving with a probability.
    static var fan: Chart {
        let months = 0..<36
        let median = months.map { 20e9 * pow(1.03, Double($0)) }
        let other = months.map { 8e9 - 0.2e9 * Double($0) }
        return Chart(title: "cash", subtitle: "median and 5th–95th percentile of 1,000 samples, seed 0",
                     format: .quantity(.money), firstMonth: 2025 * 12, series: [
            ChartSeries(name: "Alpha", values: median,
                        band: Band(low: median.enumerated().map { $0.element * (1 - 0.01 * Double($0.offset)) },
                                   high: median.enumerated().map { $0.element * (1 + 0.02 * Double($0.offset)) }), style: 0),
            ChartSeries(name: "Beta", values: other,
                        band: Band(low: other.map { $0 - 2e9 }, high: other.map { $0 + 1e9 }),
                        exit: ChartExit(index: 30, text: "p(exit) 40%, median 2027-07"), style: 1),
        ])
    }

    /// A checked model of scenario text.
    static func model(_ text: String) throws -> Model {
        let parsed = Parser.parse(SourceFile(name: "test.race", text: text))
        let checked = Checker.check(parsed.statements)
        guard let model = checked.model, !checked.diagnostics.hasErrors else {
            throw XCTSkip("scenario does not check: \(checked.diagnostics.map(\.message))")
        }
        return model
    }

    static func run(_ text: String) throws -> RunResult {
        let simulation = try LaneEngine.plainRun(Lowering.lower(try model(text)))
        try simulation.run()
        return simulation.result
    }

    /// Three labs, one with uncertain burn that may run it out of cash; a backer with no cash field.
    static let uncertainScenario = """
        scenario "Fan test"
        start 2025-01
        horizon 2026-12
        param burn = $300M/month to $900M/month
        company Backer
        lab Alpha { cash: $10B, valuation: $50B, revenue: $100M/month growing 5%/month, burn: burn, owners: Backer 20% }
        lab Beta { cash: $4B, burn: $150M/month }
        lab Gamma { cash: $1B, revenue: $10M/month growing 10%/month, burn: $20M/month }
        on 2025-06: Backer invests $2B in Alpha
        expect Alpha.active
        report cash, revenue, runway
        """
}

/// Golden files: `Golden/NAME.txt` next to this file. `RACE_UPDATE_GOLDEN=1 swift test`
/// writes them from the current output instead of comparing (then read the diff).
func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["RACE_UPDATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if text != expected {
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        XCTFail("\(name) differs from Golden/\(name).txt from line \(first + 1):\n got: \(first < got.count ? got[first] : "(end)")\nwant: "
                + "\(first < want.count ? want[first] : "(end)")\n(RACE_UPDATE_GOLDEN=1 rewrites it)", file: file, line: line)
    }
}
