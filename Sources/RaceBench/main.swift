import Foundation
import RaceEngine
import RaceModel

// race-bench: the engine's throughput on fixed models, beside the in-house baselines.
//
//   swift run -c release race-bench [--repeat N] [--samples S]
//
// Prints a Markdown table: for each model and engine, the median wall time of N runs and
// samples × entities × months per second; the ratio column compares each engine with the
// tree-walking evaluation of the same model measured in the same rounds (each round runs
// every engine once). Absolute times drift with the machine; the ratios are what to
// compare between runs.

/// Wall-clock seconds, monotonic.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Median seconds of `repeats` calls of `body`.
func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        try body()
        times.append(now() - start)
    }
    return median(times)
}

/// Seconds of one call of `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
}

struct Row {
    let model: String
    let engine: String
    let samples: Int
    let seconds: Double
    let work: Double  // samples × entities × months
    /// The median over the rounds of this engine's throughput over the tree-walking one's.
    let speedup: Double
    var throughput: Double { work / seconds }
}

/// The ways of running a model that are compared: the one engine on one thread and on all.
enum Engine: CaseIterable {
    case lanes1, lanesAll

    var title: String {
        switch self {
        case .lanes1: return "race: samples in lanes, 1 thread"
        case .lanesAll: return "race: samples in lanes, \(ProcessInfo.processInfo.activeProcessorCount) threads"
        }
    }

    func run(_ plan: Plan, samples: Int, seed: UInt64) throws {
        let threads = self == .lanes1 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        _ = try MonteCarlo.run(plan: plan, samples: samples, seed: seed, threads: threads, fields: [.cash, .chips])
    }
}

func arguments() -> (repeats: Int, samples: Int) {
    var repeats = 5, samples = 10_000
    var rest = CommandLine.arguments.dropFirst()
    while let flag = rest.popFirst() {
        guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
            FileHandle.standardError.write("usage: race-bench [--repeat N] [--samples S]\n".data(using: .utf8)!)
            exit(2)
        }
        switch flag {
        case "--repeat": repeats = value
        case "--samples": samples = value
        default:
            FileHandle.standardError.write("race-bench: unknown option \(flag)\n".data(using: .utf8)!)
            exit(2)
        }
    }
    return (repeats, samples)
}

func main() throws {
    let (repeats, samples) = arguments()
    let seed: UInt64 = 1
    let baseline = "Scenarios/baseline-2024.race"
    let models = [
        try BenchModels.load(path: "Benchmarks/bench-model.race", name: "peer bench model"),
        try BenchModels.load(path: baseline, name: "baseline-2024, rates as ranges",
                             overrides: try BenchModels.rateRanges(of: baseline)),
    ]
    var rows: [Row] = []
    for model in models {
        let engines = Engine.allCases
        for engine in engines { try engine.run(model.plan, samples: min(samples, 256), seed: seed) }  // warm up
        // Rounds: each runs every engine once, the order turning from round to round, so a
        // drift in the machine's speed falls on all engines alike; the ratio to one thread is
        // taken within each round.
        var times = [[Double]](repeating: [], count: engines.count)
        for round in 0..<repeats {
            for k in 0..<engines.count {
                let i = (k + round) % engines.count
                times[i].append(try seconds { try engines[i].run(model.plan, samples: samples, seed: seed) })
            }
        }
        for (i, engine) in engines.enumerated() {
            let speedups = (0..<repeats).map { r in times[0][r] / times[i][r] }
            rows.append(Row(model: model.name, engine: engine.title, samples: samples, seconds: median(times[i]),
                            work: Double(samples * model.entities * model.months), speedup: median(speedups)))
            FileHandle.standardError.write("\(model.name): \(engine.title): \(String(format: "%.3f", median(times[i]))) s\n".data(using: .utf8)!)
        }
    }

    // Plain runs of the shipped scenarios: lowering and the month loop, no front end.
    var plain: [(String, Double)] = []
    let folder = "Scenarios"
    for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter({ $0.hasSuffix(".race") }).sorted() {
        let model = try BenchModels.load(path: folder + "/" + file, name: file)
        let seconds = try time(max(repeats, 20)) {
            let engine = try LaneEngine.plainRun(Lowering.lower(model.plan.model))
            try engine.run()
        }
        plain.append((file, seconds))
    }

    print("| model | engine | samples | entities × months | median of \(repeats) | S·E·M/s | vs 1 thread |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows {
        print("| \(row.model) | \(row.engine) | \(row.samples) | \(Int(row.work) / row.samples) | \(format(row.seconds)) | "
              + "\(String(format: "%.3g", row.throughput)) | \(String(format: "%.1f×", row.speedup)) |")
    }
    print("\nThe last column: the median over the \(repeats) rounds of each round's time on one thread over this one's.")
    for model in models where !model.ranged.isEmpty {
        print("\nRanges given to \(model.name): " + model.ranged.joined(separator: "; "))
    }
    print("\n| shipped scenario, plain run | engine time (lower + run), median |")
    print("|---|---:|")
    for (file, seconds) in plain { print("| \(file) | \(format(seconds)) |") }

    // A plain run's cost per entity-month as the scenario grows (it must stay flat).
    print("\n| big scenario (1,200 months), labs | plain run, median of \(repeats) | per entity-month |")
    print("|---:|---:|---:|")
    for labs in [50, 200, 500, 1000, 2000] {
        let model = try BenchModels.big(labs: labs)
        let seconds = try time(repeats) {
            let engine = try LaneEngine.plainRun(Lowering.lower(model.plan.model))
            try engine.run()
        }
        let perEntityMonth = seconds / Double(model.entities * model.months)
        print("| \(labs) | \(format(seconds)) | \(String(format: "%.0f ns", perEntityMonth * 1e9)) |")
    }
}

func format(_ seconds: Double) -> String {
    seconds < 1e-3 ? String(format: "%.0f µs", seconds * 1e6)
        : seconds < 1 ? String(format: "%.1f ms", seconds * 1e3) : String(format: "%.2f s", seconds)
}

do {
    try main()
} catch {
    FileHandle.standardError.write("race-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
