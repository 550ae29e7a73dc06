import RaceModel

/// Runs of chosen draws rather than random ones: what the one-at-a-time mode of `race
/// explain` (docs/reference/explain.md) needs from the engine.
extension MonteCarlo {
    /// Runs one lane per set of given draws (`draws[id][lane]`, every distribution's value in
    /// each lane), in one engine: the one-at-a-time runs of `race explain`. The columns hold
    /// `fields` and the report columns at `outcomeStep` (the horizon by default), exits and
    /// statuses, one sample per lane.
    public static func runGiven(plan: Plan, draws: [[Double]], lanes: Int, fields: [RecordedField],
                                outcomeStep: Int? = nil) throws(RunError) -> SampleColumns {
        let options = MonteCarloOptions(outcomeStep: outcomeStep == plan.steps - 1 ? nil : outcomeStep)
        let layout = Layout(plan: plan, range: 0..<lanes, fields: fields, keepSeries: false, options: options, weighted: false)
        var store = OutputStore(layout: layout)
        var failure: RunError?
        var sums = [Double](repeating: 0, count: layout.entities * layout.entities + plan.expectations.count)
        store.withOutput { output in
            do throws(RunError) {
                _ = try runLanes(plan: plan, draws: .given(draws), samples: 0..<lanes, layout: layout, output: output, sums: &sums)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return SampleColumns(samples: lanes, entities: layout.entities, fields: fields, formulaColumns: layout.columns,
                             finals: store.finals, exits: store.exits, statuses: store.statuses, draws: [],
                             observed: store.observed, stakes: nil, held: nil)
    }

    /// Each distribution's value at the plain run's medians, and at `quantile` (its 5th or
    /// 95th percentile, say) with the other distributions at their medians: what the
    /// one-at-a-time runs of `race explain` give each input.
    public static func inputQuantiles(plan: Plan, _ quantile: Double) throws(RunError) -> (medians: [Double], values: [Double]) {
        let engine = try LaneEngine(plan: plan, samples: 1, draws: .medians, logEvents: false)
        let medians = engine.draws(lane: 0)
        let z = RandomStream.inverseNormal(quantile)
        let values = plan.distributions.indices.map { id -> Double in
            let d = plan.distributions[id], a = engine.scratch(.first), b = engine.scratch(.second)
            engine.evaluate(d.first, bound: -1, into: a)
            engine.evaluate(d.second, bound: -1, into: b)
            engine.stack.evaluationProblem = nil
            engine.forgetArithmetic()
            guard a[0].isFinite && b[0].isFinite else { return medians[id] }
            return Distributions.quantile(d.shape, a[0], b[0], z: z, u: quantile)
        }
        return (medians, values)
    }
}
