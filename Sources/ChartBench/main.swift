import Foundation
import RaceCharts
import RaceEngine
import RaceModel
import RaceSession

// race-chart-bench: what drawing costs beside the run it draws (issue 16: a chart of a
// 10,000-sample run adds less than 10% to the run's time).
//
//   swift run -c release race-chart-bench [--samples S] [--repeat N] [FILE]
//
// Runs FILE (default Scenarios/funding-winter-2026.race) once with every month kept, then
// times, each as the median of N: the run itself, the same run keeping only the horizon (what
// the lead's faster engine is to bring the first close to), and from the kept result the text
// charts, the SVG and the whole HTML report of the report's fields.

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median seconds of `repeats` calls of `body`.
func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        try body()
        times.append(now() - start)
    }
    times.sort()
    return times[times.count / 2]
}

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let n = Int(arguments[i + 1]) else { return value }
    arguments.removeSubrange(i...(i + 1))
    return n
}
let samples = option("--samples", default: 10_000)
let repeats = option("--repeat", default: 5)
let path = arguments.first ?? "Scenarios/funding-winter-2026.race"

let compiled = Pipeline.compile(path: path, read: { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } })
guard let model = compiled.model else {
    print("\(path) does not check: \(compiled.diagnostics.map(\.message))")
    exit(1)
}
let fields = HTMLReport.reportedFields(model)
let recorded = fields.compactMap { field -> RecordedField? in
    if case .recorded(let f) = field { return f }
    return nil
}
let plan = Lowering.lower(model)
let threads = ProcessInfo.processInfo.activeProcessorCount
let labs = model.entities.indices.filter { model.entities[$0].kind == .lab }

var result: MonteCarloResult?
let run = try time(repeats) {
    result = try MonteCarlo.run(plan: plan, samples: samples, seed: 0, threads: threads, keepSeries: true, fields: recorded)
}
let horizonOnly = try time(repeats) {
    _ = try MonteCarlo.run(plan: plan, samples: samples, seed: 0, threads: threads, keepSeries: false, fields: recorded)
}
guard let kept = result, case .success(var report) = ReportPipeline.report(compiled, path: path, command: "bench", sampling: nil)
else { exit(1) }
report.monteCarlo = kept
let charts = fields.map { ChartBuilder.fan(kept, field: $0, entities: labs) }
let text = time(repeats) { _ = TextChart.render(charts, columns: 200, rows: 50, colour: true) }
let svg = time(repeats) { _ = SVGChart.document(charts) }
let html = time(repeats) { _ = HTMLReport.render(report) }

func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
func share(_ s: Double, of total: Double) -> String { String(format: "%.2f%%", s / total * 100) }
print("\(path): \(samples) samples, \(model.steps) months, \(fields.count) fields, \(labs.count) labs, \(threads) threads; median of \(repeats)")
print("| step | time | beside the run keeping every month | beside the run keeping the horizon |")
print("|---|---|---|---|")
print("| Monte Carlo run, every month kept | \(ms(run)) | | |")
print("| Monte Carlo run, the horizon only | \(ms(horizonOnly)) | | |")
for (name, seconds) in [("text charts (fans, 200×50)", text), ("SVG of the charts", svg), ("HTML report", html)] {
    print("| \(name) | \(ms(seconds)) | \(share(seconds, of: run)) | \(share(seconds, of: horizonOnly)) |")
}
