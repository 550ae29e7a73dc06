import RaceEngine
import RaceModel
import RaceSyntax

/// A plain run's observations (docs/reference/observations.md): each beside the value the run gives at its month, and
/// how far off that is in standard deviations of the observation (on the log scale for a
/// relative error). A plain run is not weighted; this shows how well its one future fits.
public enum RunObservations {
    /// The "Observations" section of the run table; empty when the scenario has none.
    static func tableSection(_ result: RunResult) -> String {
        let model = result.model
        guard !result.observations.isEmpty else { return "" }
        var table = TextTable(title: "Observations (beside this run's value)",
                              columns: [TextTable.Column("observed"), TextTable.Column("this run", .right),
                                        TextTable.Column("off by", .right)])
        for outcome in result.observations {
            let observation = model.observations[outcome.index]
            table.addRow(["observe " + observation.text, value(outcome, observation), deviation(outcome, observation)])
        }
        return "\n" + table.render()
    }

    /// The `"observations"` member of the run's JSON document; nil when the scenario has none.
    static func json(_ result: RunResult) -> JSONValue? {
        let model = result.model
        guard !result.observations.isEmpty else { return nil }
        return .array(result.observations.map { outcome in
            let observation = model.observations[outcome.index]
            var members: [(String, JSONValue)] = [("text", .string(observation.text)),
                                                  ("date", .string(MonthIndex.format(model.start + observation.step)))]
            if let dimension = observation.dimension, let target = target(outcome, observation) {
                members += [("observed", .number(QuantityFormat.base(target.value, dimension))),
                            ("value", .number(QuantityFormat.base(outcome.value, dimension))),
                            ("deviation", JSONValue.number(target.deviation(outcome.value)))]
            } else {
                members.append(("held", outcome.value.isNaN ? .null : .bool(outcome.value == 1)))
            }
            return .object(members)
        })
    }

    static func target(_ outcome: ObservationOutcome, _ observation: Observation) -> ObservationTarget? {
        guard case .value(_, _, let isRelative) = observation.measure, let target = outcome.target else { return nil }
        return ObservationTarget(value: target.value, error: target.error, isRelative: isRelative)
    }

    static func value(_ outcome: ObservationOutcome, _ observation: Observation) -> String {
        if outcome.value.isNaN { return "not run yet" }
        guard let dimension = observation.dimension else { return outcome.value == 1 ? "held" : "did not hold" }
        return QuantityFormat.human(outcome.value, dimension)
    }

    /// `+1.2 sd`: the run's value less the observed one, in the observation's standard deviations.
    static func deviation(_ outcome: ObservationOutcome, _ observation: Observation) -> String {
        guard let target = target(outcome, observation), let z = target.deviation(outcome.value) else { return "" }
        return printfText("%+.1f sd", z)
    }
}
