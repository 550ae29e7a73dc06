import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race explain --format csv|json` (docs/reference/explain.md): every effect of every input on every outcome,
/// in docs/reference/output.md's base units (an exit's numbers are shares; a date input is `YYYY-MM`; an event
/// that may happen is 0 or 1).
public enum ExplainData {
    public static func csv(_ sensitivity: Sensitivity) -> String {
        var csv = CSVWriter()
        csv.row(["outcome", "rank", "input", "location", "rho", "input_low", "input_high", "low", "high", "swing", "median", "error"])
        for ranking in sensitivity.rankings {
            for (rank, effect) in ranking.effects.enumerated() {
                csv.row([ranking.name, String(rank + 1), effect.input.name, effect.input.span?.description ?? "",
                         QuantityFormat.plain(effect.correlation), input(effect.lowInput, effect.input),
                         input(effect.highInput, effect.input), value(effect.low, ranking), value(effect.high, ranking),
                         value(effect.swing, ranking), value(ranking.center, ranking), error(effect, sensitivity.model)])
            }
        }
        return csv.text
    }

    public static func json(_ sensitivity: Sensitivity) -> JSONValue {
        let model = sensitivity.model
        var method: [(String, JSONValue)]
        switch sensitivity.method {
        case .samples(let count, let seed, let effective):
            method = [("method", .string("samples")), ("samples", .number(Double(count))), ("seed", .number(Double(seed))),
                      ("effective_samples", JSONValue.number(effective))]
        case .oneAtATime:
            method = [("method", .string("one at a time")), ("samples", .number(1))]
        }
        let outcomes: [JSONValue] = sensitivity.rankings.map { ranking in
            .object([
                ("outcome", .string(ranking.name)),
                ("median", number(ranking.center, ranking)),
                ("effects", .array(ranking.effects.map { effect in
                    .object([
                        ("input", .string(effect.input.name)), ("text", .string(RandomInputs.spaced(effect.input.text))),
                        ("location", effect.input.span.map { .string($0.description) } ?? .null),
                        ("rho", JSONValue.number(effect.correlation)),
                        ("input_low", inputJSON(effect.lowInput, effect.input)), ("input_high", inputJSON(effect.highInput, effect.input)),
                        ("low", number(effect.low, ranking)), ("high", number(effect.high, ranking)),
                        ("swing", number(effect.swing, ranking)),
                        ("error", effect.failure.map { .string(RunErrorText.diagnostic($0, model: model).message) } ?? .null),
                    ])
                })),
            ])
        }
        return .object([("scenario", model.title.map { .string($0) } ?? .null),
                        ("date", .string(MonthIndex.format(model.start + sensitivity.step)))]
                       + method + [("noise", JSONValue.number(sensitivity.noise)), ("outcomes", .array(outcomes))])
    }

    static func value(_ v: Double, _ ranking: Sensitivity.Ranking) -> String {
        guard v.isFinite else { return v.isNaN ? "" : (v > 0 ? "inf" : "-inf") }
        return QuantityFormat.plain(ranking.dimension.map { QuantityFormat.base(v, $0) } ?? v)
    }

    static func number(_ v: Double, _ ranking: Sensitivity.Ranking) -> JSONValue {
        .number(ranking.dimension.map { QuantityFormat.base(v, $0) } ?? v)
    }

    static func input(_ v: Double, _ input: RandomInput) -> String {
        PerSampleCSV.draw(v, input)
    }

    static func inputJSON(_ v: Double, _ input: RandomInput) -> JSONValue {
        input.isDate ? .string(PerSampleCSV.draw(v, input)) : .number(QuantityFormat.base(v, input.dimension ?? .ratio))
    }

    static func error(_ effect: Sensitivity.Effect, _ model: Model) -> String {
        effect.failure.map { RunErrorText.diagnostic($0, model: model).message } ?? ""
    }
}
