import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S --format csv`: one row per entity (the final state), or with
/// `--series` one row per entity and month; for every kept field and report column,
/// `FIELD_p5, FIELD_p50, FIELD_p95, FIELD_mean` in docs/reference/output.md's base units (empty when the value
/// exists in no sample). `p_exit` is the share of samples in which the entity has left by
/// then, `exit_p50` the median month of those exits.
public enum MonteCarloCSV {
    public static func render(_ result: MonteCarloResult, series: Bool = false) -> String {
        let model = result.model
        let columns = RunJSON.formulaColumns(model)
        let names = result.fields.map(\.name) + columns.map(\.name)
        var csv = CSVWriter()
        let statistics = ["p5", "p50", "p95", "mean"]
        csv.row(["entity", "kind"] + (series && result.hasSeries ? ["month"] : []) + ["p_exit", "exit_p50"]
                + names.flatMap { name in statistics.map { "\(name)_\($0)" } })
        func cells(_ p: Percentiles?, _ dimension: RaceModel.Dimension) -> [String] {
            guard let p else { return ["", "", "", ""] }
            let b = p.map { QuantityFormat.base($0, dimension) }
            return [b.p5, b.p50, b.p95, b.mean].map { QuantityFormat.plain($0) }
        }
        func date(_ step: Int?) -> String { step.map { MonthIndex.format(model.start + $0) } ?? "" }
        if series && result.hasSeries {
            for step in 0...result.finalStep {
                for (e, entity) in model.entities.enumerated() {
                    var row = [entity.name, entity.kind.rawValue, date(step),
                               QuantityFormat.plain(result.exitProbability(entity: e, by: step)),
                               date(result.exitMedian(entity: e, by: step))]
                    for field in result.fields { row += cells(result.seriesSummary(field, entity: e, step: step), field.dimension) }
                    for (k, column) in columns.enumerated() {
                        row += cells(result.seriesFormulaSummary(column: k, entity: e, step: step),
                                     model.formulas[column.index].dimension ?? .ratio)
                    }
                    csv.row(row)
                }
            }
        } else {
            for (e, entity) in model.entities.enumerated() {
                var row = [entity.name, entity.kind.rawValue, QuantityFormat.plain(result.exitProbability(entity: e)),
                           date(result.exitMedian(entity: e))]
                for field in result.fields { row += cells(result.summary(field, entity: e), field.dimension) }
                for (k, column) in columns.enumerated() {
                    row += cells(result.formulaSummary(column: k, entity: e), model.formulas[column.index].dimension ?? .ratio)
                }
                csv.row(row)
            }
        }
        return csv.text
    }
}
