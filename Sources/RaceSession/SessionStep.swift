import RaceEngine
import RaceModel
import RaceReport

extension Session {
    /// What `:step`, `:goto` and `:run` print: what changed over the months just run (their
    /// events, skipped actions and warnings) and the headline row of each lab now, its cash
    /// beside the change since those months began (`cashBefore`, by entity); not the whole
    /// state again (`:show`).
    func changeSummary(since from: Int, cashBefore: [Double]) -> String {
        guard let model, let engine, fork.clock > 0 else { return stateSummary() }
        let result = engine.result, last = fork.clock - 1
        var out = "at the end of \(monthName(last)) (month \(fork.clock) of \(model.steps))\n"
        let span = from == last ? monthName(from) : "\(monthName(from))..\(monthName(last))"
        let events = result.events.filter { $0.step >= from }
        out += "Events in \(span)\n"
        out += events.isEmpty ? "  (none)\n" : events.map { "  \(monthName($0.step))  \(result.text(of: $0))\n" }.joined()
        for skipped in result.skipped where skipped.step >= from {
            out += "  \(monthName(skipped.step))  skipped: \(result.text(of: skipped)) — \(result.reason(of: skipped))\n"
        }
        for warning in result.warnings where warning.step >= from {
            out += "  \(monthName(warning.step))  warning: \(result.text(of: warning))\n"
        }
        var table = TextTable(columns: [TextTable.Column("lab"), TextTable.Column("cash", .right), TextTable.Column("change", .right),
                                        TextTable.Column("revenue", .right), TextTable.Column("runway", .right),
                                        TextTable.Column("status")])
        for (e, entity) in model.entities.enumerated() where entity.kind == .lab {
            let cash = result.value(.cash, entity: e, step: last)
            let before = e < cashBefore.count ? cashBefore[e] : .nan
            let change = before.isNaN || cash.isNaN ? "" : DiffRender.signed(cash - before, .cash)
            let runway = result.value(.runway, entity: e, step: last)
            table.addRow([entity.name, QuantityFormat.human(cash, .money), change,
                          QuantityFormat.human(result.value(.revenue, entity: e, step: last), .moneyRate),
                          runway.isFinite ? QuantityFormat.human(runway, .time) : runway.isNaN ? QuantityFormat.noValue : "∞",
                          result.statusText(e) + (result.exitSteps[e].map { " \(monthName($0))" } ?? "")])
        }
        return out + table.render()
    }
}
