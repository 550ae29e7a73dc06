import ArgumentParser
import Foundation
import RaceEngine

/// `--samples S --seed K --threads T` (§8, §12), shared by `race run` and `race diff`.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Monte Carlo samples (1: a plain run with every distribution at its median).")
    var samples: Int = 1

    @Option(help: "Random seed for Monte Carlo (the same seed and samples give the same output).")
    var seed: UInt64 = 0

    @Option(help: "Threads for Monte Carlo (default: every core; never changes the output).")
    var threads: Int?

    func validate() throws {
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if let threads, !(1...MonteCarlo.maximumThreads).contains(threads) {
            throw ValidationError("--threads takes 1 to \(MonteCarlo.maximumThreads) (got \(threads))")
        }
    }

    /// The threads to run on: as asked, else every core.
    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}
