import RaceAnalysis
import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// `race explain` and the REPL's `:explain` (docs/reference/explain.md): the runs behind a sensitivity ranking.
public enum Explaining {
    /// What to explain and how.
    public struct Request: Sendable {
        /// `X.FIELD` texts; none: the defaults (`ExplainOutcome.defaults`).
        public var outcomes: [String]
        /// 1: one at a time; more: from that many samples.
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        /// The month explained (a month index); nil: the horizon.
        public var month: Int?
        /// Ignore the observations' weights.
        public var prior: Bool

        public init(outcomes: [String] = [], samples: Int = 1, seed: UInt64 = 0, threads: Int = 1, month: Int? = nil,
                    prior: Bool = false) {
            self.outcomes = outcomes
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.month = month
            self.prior = prior
        }
    }

    /// Why an explanation cannot be given: a wrong request (a usage error), or the scenario's
    /// run failed (located diagnostics).
    public enum Failure: Error, Sendable {
        case request(String)
        case run([Diagnostic])
    }

    /// The ranking of `request` for `model`.
    public static func explain(_ model: Model, _ request: Request) throws(Failure) -> Sensitivity {
        var outcomes = ExplainOutcome.defaults(model)
        if !request.outcomes.isEmpty {
            outcomes = []
            for text in request.outcomes {
                switch ExplainOutcome.parse(text, model) {
                case .success(let outcome): outcomes.append(outcome)
                case .failure(let problem): throw .request(problem.message)
                }
            }
        }
        guard !outcomes.isEmpty else { throw .request("the scenario reports no lab; name outcomes with --outcome X.FIELD") }
        let step = (request.month ?? model.horizon) - model.start
        guard step >= 0 && step < model.steps else {
            throw .request("\(MonthIndex.format(request.month ?? 0)) is outside the run "
                           + "(\(MonthIndex.format(model.start))..\(MonthIndex.format(model.horizon)))")
        }
        let plan = Lowering.lower(model), inputs = RandomInputs.of(model)
        do {
            guard request.samples > 1 else {
                return try Sensitivity.oneAtATime(plan: plan, inputs: inputs, outcomes: outcomes, step: step)
            }
            let options = MonteCarloOptions(keepDraws: true, weighted: !request.prior,
                                            outcomeStep: step == model.steps - 1 ? nil : step)
            let fields = ExplainOutcome.fields(outcomes)
            if let problem = MonteCarlo.memoryProblem(plan: plan, samples: request.samples, fields: fields, options: options) {
                throw Failure.request("--samples: \(RunErrorText.message(problem, model: model))")
            }
            let result = try MonteCarlo.run(plan: plan, samples: request.samples, seed: request.seed, threads: request.threads,
                                            fields: fields, options: options)
            return Sensitivity.fromSamples(result, inputs: inputs, outcomes: outcomes, step: step, threads: request.threads)
        } catch let failure as Failure {
            throw failure
        } catch let error as RunError {
            throw .run([RunErrorText.diagnostic(error, model: model)])
        } catch let error as NoSampleFitsObservations {
            throw .run([MonteCarloObservations.diagnostic(error, model: model)])
        } catch {
            throw .run([.error("\(error)", at: nil)])
        }
    }
}
