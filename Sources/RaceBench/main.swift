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

/// One engine's way of running `samples` samples of a plan.
enum Engine: CaseIterable {
    case lanes1, lanesAll, compiled, treeWalking

    var title: String {
        switch self {
        case .lanes1: return "race: samples in lanes, 1 thread"
        case .lanesAll: return "race: samples in lanes, \(ProcessInfo.processInfo.activeProcessorCount) threads"
        case .compiled: return "compiled formulas, one sample at a time"
        case .treeWalking: return "tree-walking formulas, one sample at a time (baseline)"
        }
    }

    func run(_ plan: Plan, samples: Int, seed: UInt64) throws {
        switch self {
        case .lanes1, .lanesAll:
            let threads = self == .lanes1 ? 1 : ProcessInfo.processInfo.activeProcessorCount
            _ = try MonteCarlo.run(plan: plan, samples: samples, seed: seed, threads: threads, fields: [.cash, .chips])
        case .compiled, .treeWalking:
            for s in 0..<samples {
                let simulation = try Simulation(plan: plan, draws: try MonteCarlo.draws(plan: plan, seed: seed, sample: s),
                                                treeWalking: self == .treeWalking)
                simulation.logsEvents = false  // as Monte Carlo runs them
                try simulation.run()
            }
        }
    }
}

/// Checks that every engine gives sample `s` the same final cash as the lanes do.
func checkAgreement(_ model: BenchModel, seed: UInt64) throws {
    let plan = model.plan
    let lanes = try MonteCarlo.run(plan: plan, samples: 3, seed: seed, threads: 1, fields: [.cash])
    for s in 0..<3 {
        for walking in [false, true] {
            let simulation = try Simulation(plan: plan, draws: try MonteCarlo.draws(plan: plan, seed: seed, sample: s), treeWalking: walking)
            try simulation.run()
            for e in 0..<plan.entityCount {
                let a = lanes.values(.cash, entity: e)![s], b = simulation.result.value(.cash, entity: e, step: plan.steps - 1)
                guard a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) else {
                    throw BenchError(description: "\(model.name): sample \(s), entity \(e): lanes \(a), \(walking ? "tree walk" : "compiled") \(b)")
                }
            }
        }
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
        try checkAgreement(model, seed: seed)
        let perSample = max(1, samples / 20)  // the one-at-a-time engines are slower: fewer samples, same throughput
        let engines = Engine.allCases
        let counts = engines.map { ($0 == .compiled || $0 == .treeWalking) ? perSample : samples }
        for (engine, n) in zip(engines, counts) { try engine.run(model.plan, samples: min(n, 64), seed: seed) }  // warm up
        // Rounds: each runs every engine once, the order turning from round to round, so a
        // drift in the machine's speed falls on all engines alike; the ratio to the
        // tree-walking engine is taken within each round.
        var times = [[Double]](repeating: [], count: engines.count)
        for round in 0..<repeats {
            for k in 0..<engines.count {
                let i = (k + round) % engines.count
                times[i].append(try seconds { try engines[i].run(model.plan, samples: counts[i], seed: seed) })
            }
        }
        let walking = engines.firstIndex(of: .treeWalking)!
        for (i, engine) in engines.enumerated() {
            let speedups = (0..<repeats).map { r in
                (Double(counts[i]) / times[i][r]) / (Double(counts[walking]) / times[walking][r])
            }
            rows.append(Row(model: model.name, engine: engine.title, samples: counts[i], seconds: median(times[i]),
                            work: Double(counts[i] * model.entities * model.months), speedup: median(speedups)))
            FileHandle.standardError.write("\(model.name): \(engine.title): \(String(format: "%.3f", median(times[i]))) s\n".data(using: .utf8)!)
        }
    }

    // Plain runs of the shipped scenarios: lowering and the month loop, no front end.
    var plain: [(String, Double)] = []
    let folder = "Scenarios"
    for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter({ $0.hasSuffix(".race") }).sorted() {
        let model = try BenchModels.load(path: folder + "/" + file, name: file)
        let seconds = try time(max(repeats, 20)) {
            let simulation = try Simulation(plan: Lowering.lower(model.plan.model))
            try simulation.run()
        }
        plain.append((file, seconds))
    }

    print("| model | engine | samples | entities × months | median of \(repeats) | S·E·M/s | vs tree-walking |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows {
        print("| \(row.model) | \(row.engine) | \(row.samples) | \(Int(row.work) / row.samples) | \(format(row.seconds)) | "
              + "\(String(format: "%.3g", row.throughput)) | \(String(format: "%.1f×", row.speedup)) |")
    }
    print("\nThe last column: the median over the \(repeats) rounds of each round's throughput over the tree-walking one's.")
    for model in models where !model.ranged.isEmpty {
        print("\nRanges given to \(model.name): " + model.ranged.joined(separator: "; "))
    }
    print("\n| shipped scenario, plain run | engine time (lower + run), median |")
    print("|---|---:|")
    for (file, seconds) in plain { print("| \(file) | \(format(seconds)) |") }
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
