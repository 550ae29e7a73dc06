import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S --format csv`: one row per entity (the final state), or with
/// `--series` one row per entity and month; for every kept field and report column,
/// `FIELD_p5, FIELD_p50, FIELD_p95, FIELD_mean` in docs/reference/output.md's base units (empty when the value
/// exists in no sample, or a percentile falls on an infinite value) and docs/reference/output.md's
/// `FIELD_infinite, FIELD_missing`, the shares of samples in which it was infinite or
/// missing. `p_exit` is the share of samples in which the entity has left by then,
/// `exit_p5`, `exit_p50`, `exit_p95` the months of those exits; with `--series`, `active`
/// is the share still in the race. Under observations every number is weighted.
public enum MonteCarloCSV {
    public static func render(_ result: MonteCarloResult, series: Bool = false) -> String {
        let model = result.model
        let columns = RunJSON.formulaColumns(model)
        // docs/reference/output.md's final fields only: a run that keeps more (for --per-sample) prints the same.
        let fields = MonteCarlo.finalFields.filter(result.fields.contains)
        let names = fields.map(\.name) + columns.map(\.name)
        var csv = CSVWriter()
        let statistics = ["p5", "p50", "p95", "mean", "infinite", "missing"]
        let bySeries = series && result.hasSeries
        csv.row(["entity", "kind"] + (bySeries ? ["month", "active"] : []) + ["p_exit", "exit_p5", "exit_p50", "exit_p95"]
                + names.flatMap { name in statistics.map { "\(name)_\($0)" } })
        func cells(_ p: Percentiles?, _ dimension: RaceModel.Dimension) -> [String] {
            guard let p else { return ["", "", "", "", "0", "1"] }
            let b = p.map { QuantityFormat.base($0, dimension) }
            return [b.p5, b.p50, b.p95, b.mean, p.infinite, p.missing].map { QuantityFormat.plain($0) }
        }
        func exits(_ e: Int, by step: Int?) -> [String] {
            [QuantityFormat.plain(result.exitProbability(entity: e, by: step)),
             date(result.exitQuantile(0.05, entity: e, by: step)), date(result.exitMedian(entity: e, by: step)),
             date(result.exitQuantile(0.95, entity: e, by: step))]
        }
        func date(_ step: Int?) -> String { step.map { MonthIndex.format(model.start + $0) } ?? "" }
        if bySeries {
            for step in 0...result.finalStep {
                for (e, entity) in model.entities.enumerated() {
                    var row = [entity.name, entity.kind.rawValue, date(step),
                               QuantityFormat.plain(result.activeShare(entity: e, step: step))] + exits(e, by: step)
                    for field in fields { row += cells(result.seriesSummary(field, entity: e, step: step), field.dimension) }
                    for (k, column) in columns.enumerated() {
                        row += cells(result.seriesFormulaSummary(column: k, entity: e, step: step),
                                     model.formulas[column.index].dimension ?? .ratio)
                    }
                    csv.row(row)
                }
            }
        } else {
            for (e, entity) in model.entities.enumerated() {
                var row = [entity.name, entity.kind.rawValue] + exits(e, by: nil)
                for field in fields { row += cells(result.summary(field, entity: e), field.dimension) }
                for (k, column) in columns.enumerated() {
                    row += cells(result.formulaSummary(column: k, entity: e), model.formulas[column.index].dimension ?? .ratio)
                }
                csv.row(row)
            }
        }
        return csv.text
    }
}
