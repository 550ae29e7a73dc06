import RaceEngine
import RaceModel
import RaceSyntax

/// What the reports of a Monte Carlo run say of its observations (docs/reference/observations.md): whether and how the
/// samples are weighted, the effective sample size with a warning when it is low, and what
/// the (weighted) samples show of each observed quantity beside what was observed.
public enum MonteCarloObservations {
    /// `weighted by 3 observations: effective sample size 1,234 of 20,000`, or that they were
    /// ignored; nil when the scenario has none.
    public static func weightingLine(_ result: MonteCarloResult) -> String? {
        let count = result.model.observations.count
        guard count > 0 else { return nil }
        let observations = "\(count) observation\(count == 1 ? "" : "s")"
        guard let weighting = result.weighting else {
            return "\(observations) ignored (--prior): every sample counts alike"
        }
        return "weighted by \(observations): effective sample size \(MonteCarloTable.number(weighting.effectiveSamples.rounded(), digits: 3))"
            + " of \(MonteCarloTable.number(Double(result.samples)))"
    }

    /// The warning of docs/reference/observations.md when the effective sample size is below 100 or below 1% of the samples.
    public static func warning(_ result: MonteCarloResult) -> String? {
        guard let weighting = result.weighting, ObservationWeights.isLow(weighting.effectiveSamples, samples: result.samples) else {
            return nil
        }
        let effective = MonteCarloTable.number(weighting.effectiveSamples, digits: 2)
        return "the observations leave an effective sample size of \(effective) of \(MonteCarloTable.number(Double(result.samples))) samples: "
            + "the weighted numbers rest on few samples; run more samples, or check the observations against `race score`"
    }

    /// Observation k's value in every sample, summarised with the run's weights.
    public static func seen(_ result: MonteCarloResult, _ k: Int) -> Percentiles? {
        let values = result.observed(k)
        guard let weights = result.weights else { return Percentiles.of(values) }
        return Percentiles.of(values, weights: weights)
    }

    /// Each observation beside what the samples show of it, for the table.
    static func tableSection(_ result: MonteCarloResult) -> String {
        let model = result.model
        guard !model.observations.isEmpty else { return "" }
        let title = result.isWeighted ? "weighted samples" : "samples"
        var table = TextTable(title: "Observations", columns: [TextTable.Column("observed"), TextTable.Column(title, .right)])
        for (k, observation) in model.observations.enumerated() {
            table.addRow(["observe " + observation.text, shown(result, k)])
        }
        var out = "\n" + table.render()
        if let warning = warning(result) { out += "warning: \(warning)\n" }
        return out
    }

    /// What the samples show of observation k: a range, or for a condition the share in which it held.
    static func shown(_ result: MonteCarloResult, _ k: Int) -> String {
        let observation = result.model.observations[k]
        guard let dimension = observation.dimension else {
            let held = Percentiles.share(result.observed(k), weights: result.weights) { $0 == 1 }
            return "held in \(QuantityFormat.percent(held))"
        }
        return MonteCarloTable.compact(seen(result, k), dimension)
    }

    /// `"observations"` and `"effective_samples"` for the JSON document; nothing when the
    /// scenario has no observation.
    static func jsonMembers(_ result: MonteCarloResult) -> [(String, JSONValue)] {
        let model = result.model
        guard !model.observations.isEmpty else { return [] }
        let list: [JSONValue] = model.observations.enumerated().map { k, observation in
            let date = JSONValue.string(MonthIndex.format(model.start + observation.step))
            guard let dimension = observation.dimension, let target = result.targets[k] else {
                let held = Percentiles.share(result.observed(k), weights: result.weights) { $0 == 1 }
                return .object([("text", .string(observation.text)), ("date", date), ("p_held", .number(held))])
            }
            let error = target.isRelative ? target.error : QuantityFormat.base(target.error, dimension)
            return .object([("text", .string(observation.text)), ("date", date),
                            ("observed", .number(QuantityFormat.base(target.value, dimension))),
                            ("error", .number(error)), ("relative", .bool(target.isRelative)),
                            ("samples", MonteCarloJSON.summary(seen(result, k), dimension, samples: result.samples))])
        }
        var members: [(String, JSONValue)] = [("weighted", .bool(result.isWeighted)),
                                              ("effective_samples", JSONValue.number(result.weighting?.effectiveSamples))]
        if let warning = warning(result) { members.append(("warning", .string(warning))) }
        members.append(("observations", .array(list)))
        return members
    }
}

extension MonteCarloObservations {
    /// The located error when no sample reproduces the observations.
    public static func diagnostic(_ error: NoSampleFitsObservations, model: Model) -> Diagnostic {
        if let k = error.observation {
            let observation = model.observations[k]
            let what = observation.dimension == nil ? "this condition is false in every sample"
                : "no sample can show this value (it is missing, infinite, or not above zero under a relative error)"
            return .error("no sample reproduces the observations: \(what)", at: observation.span,
                          hint: "`race score` shows what the scenario predicted; --prior runs without the observations")
        }
        return .error("no sample reproduces the observations: each holds in some samples, but never all together",
                      at: model.observations.first?.span,
                      hint: "`race score` shows what the scenario predicted for each; --prior runs without them")
    }
}
