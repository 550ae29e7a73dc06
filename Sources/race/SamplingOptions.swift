import FoundationEssentials
import RaceEngine

/// `--samples S --seed K --threads T` (docs/reference/uncertainty.md, command-line.md), shared
/// by `race run` and `race diff`.
struct SamplingOptions {
    static let options = [
        OptionSpec(name: "samples", kind: .value(placeholder: "S"),
                   help: "Monte Carlo samples (1: a plain run with every distribution at its median).", defaultValue: "1"),
        OptionSpec(name: "seed", kind: .value(placeholder: "K"),
                   help: "Random seed for Monte Carlo (the same seed and samples give the same output).", defaultValue: "0"),
        OptionSpec(name: "threads", kind: .value(placeholder: "T"),
                   help: "Threads for Monte Carlo (default: every core; never changes the output)."),
    ]

    var samples: Int
    var seed: UInt64
    var threads: Int?

    init(_ parsed: ParsedArguments) throws {
        samples = try parsed.wholeNumber("samples") ?? 1
        seed = try parsed.wholeNumber("seed") ?? 0
        threads = try parsed.wholeNumber("threads")
        if samples < 1 { throw UsageError("--samples must be at least 1") }
        if let threads, !(1...MonteCarlo.maximumThreads).contains(threads) {
            throw UsageError("--threads takes 1 to \(MonteCarlo.maximumThreads) (got \(threads))")
        }
    }

    /// The threads to run on: as asked, else every core.
    var threadCount: Int { threads ?? Self.cores }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
