import RaceEngine
import RaceModel
import RaceSyntax

/// `race run` in a terminal (docs/reference/output.md): the final table in human units, the event log,
/// what was skipped, warnings, and the expectations that failed.
public enum RunTable {
    public static func render(_ result: RunResult, expectations: [ExpectationReport] = []) -> String {
        let model = result.model
        let last = max(0, result.stepsRun - 1)
        let names = model.entities.map(\.name)
        func date(_ step: Int) -> String { MonthIndex.format(model.start + step) }
        var out = ""
        let title = model.title.map { "\($0) — " } ?? ""
        out += "\(title)\(date(0)) to \(date(model.steps - 1)), \(model.steps) month\(model.steps == 1 ? "" : "s")"
        if result.stepsRun < model.steps { out += " (run to \(date(last)))" }
        out += "\n\n"

        let entities = model.report.entities ?? model.entities.indices.filter { model.entities[$0].kind == .lab }
        let columns = model.report.columns
        func cell(_ column: ReportRequest.Column, _ e: Int, _ step: Int) -> String {
            switch column {
            case .quantity(let q):
                if let field = RecordedField(name: q.rawValue) {
                    let v = result.value(field, entity: e, step: step)
                    if field == .cash && !model.entities[e].tracksCash { return "unbounded" }
                    return v.isFinite ? QuantityFormat.human(v, field.dimension) : QuantityFormat.noValue
                }
                return QuantityFormat.noValue
            case .formula(let index):
                let k = RunJSON.formulaColumns(model).firstIndex { $0.index == index } ?? 0
                let v = result.formulaValue(column: k, entity: e, step: step)
                return v.isFinite ? QuantityFormat.human(v, model.formulas[index].dimension ?? .ratio) : QuantityFormat.noValue
            }
        }
        func status(_ e: Int) -> String {
            let text = result.statusText(e)
            return result.exitSteps[e].map { "\(text) \(date($0))" } ?? text
        }
        if let period = model.report.period {
            let every = period == .monthly ? 1 : period == .quarterly ? 3 : 12
            var steps = Array(stride(from: 0, through: last, by: every))
            if steps.last != last { steps.append(last) }
            for e in entities {
                var table = TextTable(title: "\(names[e]) (\(status(e)))",
                                      columns: [TextTable.Column("month")] + columns.map { TextTable.Column($0.name, .right) })
                for step in steps { table.addRow([date(step)] + columns.map { cell($0.column, e, step) }) }
                out += table.render() + "\n"
            }
        } else {
            var table = TextTable(title: "At \(date(last))",
                                  columns: [TextTable.Column(entities.allSatisfy { model.entities[$0].kind == .lab } ? "lab" : "entity")]
                                    + columns.map { TextTable.Column($0.name, .right) } + [TextTable.Column("status")])
            for e in entities { table.addRow([names[e]] + columns.map { cell($0.column, e, last) } + [status(e)]) }
            out += table.render() + "\n"
        }
        let owned = entities.filter { !result.owners[$0].isEmpty }
        if !owned.isEmpty {
            out += "Owners\n"
            for e in owned {
                out += OwnersLine.text(names[e], result.owners[e], names: names)
            }
            out += "\n"
        }
        out += "Events\n"
        if result.events.isEmpty { out += "  (none)\n" }
        for entry in result.events { out += "  \(date(entry.step))  \(result.text(of: entry))\n" }
        if !result.skipped.isEmpty {
            out += "\nSkipped\n"
            for entry in result.skipped { out += "  \(date(entry.step))  \(result.text(of: entry)) — \(result.reason(of: entry))\n" }
        }
        if !result.warnings.isEmpty {
            out += "\nWarnings\n"
            for w in result.warnings {
                out += "  \(date(w.step))  \(result.text(of: w))\n"
            }
        }
        let failed = expectations.filter { !$0.passed }
        if !expectations.isEmpty {
            out += "\nExpectations: \(expectations.count - failed.count) of \(expectations.count) held\n"
            for e in failed { out += "  FAILED \(e.location): expect \(e.text) at \(e.date)\(e.detail.isEmpty ? "" : " — \(e.detail)")\n" }
        }
        out += RunObservations.tableSection(result)
        return out
    }
}

/// `race run --format csv` (docs/reference/output.md): one row per entity and month, in base units.
public enum RunCSV {
    public static func render(_ result: RunResult) -> String {
        let model = result.model
        let formulaColumns = RunJSON.formulaColumns(model)
        var csv = CSVWriter()
        csv.row(["entity", "kind", "month", "status"] + RecordedField.allCases.map(\.name) + formulaColumns.map(\.name))
        for step in 0..<result.stepsRun {
            for (e, entity) in model.entities.enumerated() {
                let exited = result.exitSteps[e].map { $0 <= step } ?? false
                var row = [entity.name, entity.kind.rawValue, MonthIndex.format(model.start + step),
                           exited ? result.statusText(e) : "active"]
                row += RecordedField.allCases.map { QuantityFormat.plain(RunJSON.baseValue(result, $0, entity: e, step: step)) }
                for (k, column) in formulaColumns.enumerated() {
                    let v = result.formulaValue(column: k, entity: e, step: step)
                    row.append(QuantityFormat.plain(v.isFinite ? QuantityFormat.base(v, model.formulas[column.index].dimension ?? .ratio) : nil))
                }
                csv.row(row)
            }
        }
        return csv.text
    }
}
