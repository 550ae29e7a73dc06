import FoundationEssentials
import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

extension DiffSession {
    /// Monte Carlo settings of `race diff --samples S --seed K --threads T`.
    public struct Sampling: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        /// Called after each block of either run with the samples done so far, out of twice
        /// `samples` (A's, then B's); returning false stops, and the comparison's problem is
        /// then `.cancelled`.
        public var progress: (@Sendable (Int) -> Bool)?

        public init(samples: Int, seed: UInt64 = 0, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    progress: (@Sendable (Int) -> Bool)? = nil) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.progress = progress
        }
    }

    /// `race diff A B --samples S` on two files: the plain comparison (with its attribution)
    /// and the outcomes over S samples with common random numbers (docs/reference/diff.md).
    public static func compare(pathA: String, pathB: String, read: @escaping ScenarioLoader.Reader,
                               options: Options = Options(), sampling: Sampling) -> (Comparison, SampledDiff?) {
        let (a, problemsA) = load(path: pathA, read: read)
        let (b, problemsB) = load(path: pathB, read: read)
        if (problemsA + problemsB).hasErrors {
            return (Comparison(diff: nil, diagnostics: problemsA + problemsB, problem: .scenario), nil)
        }
        var (comparison, sampled) = compare(a, b, options: options, sampling: sampling)
        comparison.diagnostics = problemsA + problemsB + comparison.diagnostics
        return (comparison, sampled)
    }

    /// Both scenarios run with the same seed: a distribution they share (the same stable
    /// key, e.g. the same param) draws the same value in the same sample. Only the fields
    /// compared are kept; the months only when the compared month is not both horizons.
    public static func compare(_ a: Scenario, _ b: Scenario, options: Options = Options(),
                               sampling: Sampling) -> (Comparison, SampledDiff?) {
        var comparison = compare(a, b, options: options)
        guard let diff = comparison.diff,
              let modelA = Checker.check(a.statements, origin: a.origin).model,
              let modelB = Checker.check(b.statements, origin: b.origin).model else { return (comparison, nil) }
        let atHorizons = diff.month == modelA.horizon && diff.month == modelB.horizon
        var results: [MonteCarloResult] = []
        for (side, model) in [modelA, modelB].enumerated() {
            let plan = Lowering.lower(model)
            if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: options.fields,
                                                      keepSeries: !atHorizons) {
                comparison.diagnostics.append(.error("--samples: \(RunErrorText.message(problem, model: model))", at: nil))
                comparison.diff = nil
                comparison.problem = .scenario
                return (comparison, nil)
            }
            do {
                let offset = side * sampling.samples
                let progress = sampling.progress.map { report in { @Sendable (done: Int) in report(offset + done) } }
                results.append(try MonteCarlo.run(plan: plan, samples: sampling.samples, seed: sampling.seed,
                                                  threads: sampling.threads, keepSeries: !atHorizons, fields: options.fields,
                                                  progress: progress))
            } catch let error as RunError {
                comparison.diagnostics.append(RunErrorText.diagnostic(error, model: model))
                comparison.diff = nil
                comparison.problem = .scenario
                return (comparison, nil)
            } catch is MonteCarloCancelled {
                comparison.diff = nil
                comparison.problem = .cancelled
                return (comparison, nil)
            } catch {
                return (comparison, nil)
            }
        }
        return (comparison, SampledDiff.make(a: results[0], b: results[1], month: diff.month, fields: options.fields))
    }
}
