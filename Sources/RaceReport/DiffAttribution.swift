import RaceEngine
import RaceModel

/// How much of one outcome's change each assumption makes alone (docs/reference/diff.md part 4).
public struct AttributionEntry: Sendable {
    public var entity: String
    public var field: RecordedField
    /// `effects[k]`: the outcome of A with assumption `k` of B applied alone, minus A's;
    /// `nil` when that variant could not be built or run, or has no value.
    public var effects: [Double?]
    /// What the single changes do not explain: `delta − Σ effects`. `nil` with the delta.
    public var interaction: Double?
}

public enum DiffAttribution {
    /// One entry per outcome. `variants[k]` is A re-run with assumption `k` applied alone
    /// (`nil` when it does not check or stops). The interaction is computed as the
    /// remainder, so the effects and the interaction always add up to the delta.
    public static func compute(_ outcomes: [Outcome], variants: [RunResult?], month: Int) -> [AttributionEntry] {
        outcomes.map { outcome in
            let effects: [Double?] = variants.map { variant in
                guard let variant, let a = outcome.a, outcome.delta != nil,
                      let v = DiffOutcomes.value(variant, entity: outcome.entity, outcome.field, month: month)
                else { return nil }
                return v - a
            }
            let interaction = outcome.delta.map { delta in
                delta - effects.reduce(0) { $0 + ($1 ?? 0) }
            }
            return AttributionEntry(entity: outcome.entity, field: outcome.field, effects: effects,
                                    interaction: interaction)
        }
    }
}

/// Everything `race diff` reports (docs/reference/diff.md), ready for `DiffRender`.
public struct ScenarioDiff: Sendable {
    /// How the two scenarios are called: file paths, or REPL fork names.
    public var a: String
    public var b: String
    /// The calendar month compared (month index): the horizon, or `--at`.
    public var month: Int
    /// Whether `month` is the horizon of both runs rather than a chosen month.
    public var isHorizon: Bool
    public var fields: [RecordedField]
    public var assumptions: [Assumption]
    public var status: [StatusChange]
    public var outcomes: [Outcome]
    /// The first calendar month in which a recorded value differs.
    public var divergence: Int?
    /// One entry per outcome, in the same order.
    public var attribution: [AttributionEntry]
    /// Whether A was re-run per assumption; without it every effect is `nil`.
    public var isAttributed: Bool

    /// Compares two runs at a calendar month both contain. `assumptions` defaults to
    /// `AssumptionDiff.compare` of the two models; `variants[k]` is A re-run with
    /// assumption `k` alone (see `DiffAttribution`; empty: no attribution effects).
    public static func make(a: String, b: String, runA: RunResult, runB: RunResult, month: Int,
                            fields: [RecordedField] = RunJSON.finalFields, assumptions: [Assumption]? = nil,
                            variants: [RunResult?] = []) -> ScenarioDiff {
        let outcomes = DiffOutcomes.outcomes(runA, runB, month: month, fields: fields)
        let assumptions = assumptions ?? AssumptionDiff.compare(runA.model, runB.model)
        // One variant per assumption, whatever the caller passed: renderers index by id.
        let padded = (0..<assumptions.count).map { $0 < variants.count ? variants[$0] : nil }
        return ScenarioDiff(
            a: a, b: b, month: month,
            isHorizon: month == runA.model.horizon && month == runB.model.horizon,
            fields: fields,
            assumptions: assumptions,
            status: DiffOutcomes.statusChanges(runA, runB, month: month),
            outcomes: outcomes,
            divergence: DiffOutcomes.divergence(runA, runB),
            attribution: DiffAttribution.compute(outcomes, variants: padded, month: month),
            isAttributed: variants.count == assumptions.count)
    }
}
