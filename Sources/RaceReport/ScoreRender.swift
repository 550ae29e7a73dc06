import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race score` (docs/reference/observations.md) as a table, CSV or JSON: each observation beside what the scenario,
/// without its observations, predicted for it.
public enum ScoreRender {
    public static func table(_ score: Score) -> String {
        let model = score.model
        let title = model.title.map { "\"\($0)\"" } ?? "the scenario"
        var out = "How well \(title) predicted its observations: \(MonteCarloTable.number(Double(score.samples))) samples, "
            + "seed \(score.seed), without the observations\n"
        out += "PIT: the share of samples below the observed value (0.5: dead on; near 0 or 1: outside what the scenario "
            + "expected). CRPS: the distance between the predicted distribution and the observed value (0 is perfect).\n\n"
        var values = TextTable(columns: [TextTable.Column("observed"), TextTable.Column("value", .right),
                                         TextTable.Column("predicted p50 [p5–p95]", .right), TextTable.Column("PIT", .right),
                                         TextTable.Column("in 90%", .right), TextTable.Column("CRPS", .right)])
        var conditions = TextTable(columns: [TextTable.Column("condition observed"), TextTable.Column("predicted p(held)", .right),
                                             TextTable.Column("Brier", .right)])
        for entry in score.entries {
            let observation = model.observations[entry.index]
            guard let dimension = observation.dimension, let y = entry.observed else {
                conditions.addRow([observation.text, QuantityFormat.percent(entry.probability ?? .nan), decimal(entry.crps, 3)])
                continue
            }
            values.addRow([observation.text, QuantityFormat.human(y, dimension), MonteCarloTable.compact(entry.predicted, dimension),
                           decimal(entry.pit, 2), entry.inside.map { $0 ? "yes" : "no" } ?? QuantityFormat.noValue,
                           entry.crps.map { QuantityFormat.human($0, dimension) } ?? QuantityFormat.noValue])
        }
        if !values.rows.isEmpty { out += values.render() }
        if !conditions.rows.isEmpty { out += (values.rows.isEmpty ? "" : "\n") + conditions.render() }
        if let coverage = score.coverage {
            let inside = score.entries.compactMap(\.inside)
            out += "\nCoverage: \(inside.filter { $0 }.count) of \(inside.count) observed values inside the predicted 90% interval "
                + "(\(QuantityFormat.percent(coverage)); a calibrated forecast puts 90% inside)\n"
        }
        if score.entries.isEmpty { out += "The scenario observes nothing: add `observe EXPR at DATE = VALUE ± ERROR` lines.\n" }
        return out
    }

    public static func csv(_ score: Score) -> String {
        var csv = CSVWriter()
        csv.row(["observation", "date", "observed", "p5", "p50", "p95", "missing", "pit", "inside", "crps", "p_held"])
        let model = score.model
        for entry in score.entries {
            let observation = model.observations[entry.index]
            let dimension = observation.dimension ?? .ratio
            func base(_ v: Double?) -> String { QuantityFormat.plain(v.map { QuantityFormat.base($0, dimension) }) }
            let p = entry.predicted
            csv.row([observation.text, MonthIndex.format(model.start + observation.step), base(entry.observed), base(p?.p5),
                     base(p?.p50), base(p?.p95), QuantityFormat.plain(p?.missing), QuantityFormat.plain(entry.pit),
                     entry.inside.map { $0 ? "1" : "0" } ?? "", base(entry.crps), QuantityFormat.plain(entry.probability)])
        }
        return csv.text
    }

    public static func json(_ score: Score) -> JSONValue {
        let model = score.model
        let entries: [JSONValue] = score.entries.map { entry in
            let observation = model.observations[entry.index]
            var members: [(String, JSONValue)] = [("text", .string(observation.text)),
                                                  ("date", .string(MonthIndex.format(model.start + observation.step)))]
            if let dimension = observation.dimension {
                func base(_ v: Double?) -> JSONValue { JSONValue.number(v.map { QuantityFormat.base($0, dimension) }) }
                members += [("observed", base(entry.observed)),
                            ("predicted", MonteCarloJSON.summary(entry.predicted, dimension, samples: score.samples)),
                            ("pit", JSONValue.number(entry.pit)), ("inside", entry.inside.map { .bool($0) } ?? .null),
                            ("crps", base(entry.crps))]
            } else {
                members += [("p_held", JSONValue.number(entry.probability)), ("brier", JSONValue.number(entry.crps))]
            }
            return .object(members)
        }
        return .object([("scenario", model.title.map { .string($0) } ?? .null), ("samples", .number(Double(score.samples))),
                        ("seed", .number(Double(score.seed))), ("observations", .array(entries)),
                        ("coverage", JSONValue.number(score.coverage))])
    }

    static func decimal(_ v: Double?, _ digits: Int) -> String {
        guard let v, !v.isNaN else { return QuantityFormat.noValue }
        return printfText("%.\(digits)f", v)
    }
}
