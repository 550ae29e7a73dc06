import RaceEngine
import RaceModel

extension Sensitivity {
    /// One at a time (docs/reference/explain.md, without `--samples`): the median run, and for each input a run
    /// with it at its 5th and one at its 95th percentile, the others at their medians (an
    /// event that may happen: one run without it, one with it). All in the lanes of one
    /// engine. A run that fails marks only its input (`Effect.failure`); the median run
    /// failing is the scenario's own error and is thrown.
    public static func oneAtATime(plan: Plan, inputs: [RandomInput], outcomes: [ExplainOutcome],
                                  step: Int) throws(RunError) -> Sensitivity {
        let (medians, lows) = try MonteCarlo.inputQuantiles(plan: plan, 0.05)
        let (_, highs) = try MonteCarlo.inputQuantiles(plan: plan, 0.95)
        let varied = inputs.compactMap { input -> (RandomInput, Double, Double)? in
            let (low, high) = input.isChance ? (0.0, 1.0) : (lows[input.id], highs[input.id])
            return low == high || !low.isFinite || !high.isFinite ? nil : (input, low, high)
        }
        // Lane 0: every input at its median; lanes 2k+1 and 2k+2: input k low, then high.
        func draws(_ cases: [(Int, Double)?]) -> [[Double]] {
            medians.indices.map { id in cases.map { change in change.map { $0.0 == id ? $0.1 : medians[id] } ?? medians[id] } }
        }
        let fields = ExplainOutcome.fields(outcomes)
        func run(_ cases: [(Int, Double)?]) -> Result<SampleColumns, RunError> {
            Result { () throws(RunError) in
                try MonteCarlo.runGiven(plan: plan, draws: draws(cases), lanes: cases.count, fields: fields, outcomeStep: step)
            }
        }
        // Every run in one engine; should one fail, the median run alone and each input's
        // pair alone, to tell which input's runs fail.
        let median: SampleColumns, pairs: [Result<SampleColumns, RunError>]
        let cases: [(Int, Double)?] = [nil] + varied.flatMap { [($0.0.id, $0.1), ($0.0.id, $0.2)] }
        switch run(cases) {
        case .success(let all):
            median = all
            pairs = varied.indices.map { _ in .success(all) }
        case .failure:
            median = try run([nil]).get()
            pairs = varied.map { input, low, high in run([(input.id, low), (input.id, high)]) }
        }
        let shared = pairs.count > 0 && median.samples > 1
        let rankings = outcomes.map { outcome -> Ranking in
            let center = outcome.values(median)[0]
            let effects = varied.enumerated().map { k, entry -> Effect in
                var values = [Double.nan, .nan], failure: RunError?
                switch pairs[k] {
                case .success(let columns):
                    let all = outcome.values(columns)
                    values = shared ? [all[2 * k + 1], all[2 * k + 2]] : [all[0], all[1]]
                case .failure(let error): failure = error
                }
                return Effect(input: entry.0, correlation: nil, low: values[0], high: values[1], lowInput: entry.1,
                              highInput: entry.2, failure: failure)
            }
            return Ranking(outcome: outcome, name: outcome.name(plan.model), dimension: outcome.dimension(plan.model),
                           center: center, effects: effects.sorted(by: widerSwing))
        }
        return Sensitivity(model: plan.model, method: .oneAtATime, step: step, rankings: rankings)
    }

    /// Wider swing first; failed runs (NaN) last, in input order.
    static func widerSwing(_ a: Effect, _ b: Effect) -> Bool {
        let s = a.swing.isNaN ? -1 : abs(a.swing), t = b.swing.isNaN ? -1 : abs(b.swing)
        return s != t ? s > t : a.input.id < b.input.id
    }
}
