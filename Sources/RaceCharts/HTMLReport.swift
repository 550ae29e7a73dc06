import RaceEngine
import RaceModel
import RaceReport

/// `race report` (docs/reference/html-report.md): one HTML file an analyst can send. The question and the outcome
/// first, then how it unfolds (a chart per reported field, fans under `--samples`), who
/// leaves and when, who owns what, what the scenario expected; then every assumption with
/// the source that cites it.
public enum HTMLReport {
    public static func render(_ report: ScenarioReport) -> String {
        let model = report.run.model
        let entities = shownEntities(model)
        var page = HTMLPage()
        page.section("outcome", "Outcome at \(AxisText.month(model.horizon))", outcomeTable(report, entities: entities))
        page.section("charts", "Over time", charts(report, entities: entities))
        page.section("exits", "Who leaves the race, and when", ReportSections.exits(report, entities: entities))
        page.section("owners", "Owners at \(AxisText.month(model.horizon))", ReportSections.owners(report, entities: entities))
        if !model.expectations.isEmpty {
            page.section("expectations", "Expectations", ReportSections.expectations(report))
        }
        // The ranking of `race explain` (docs/reference/explain.md) has its place here once a report is given one.
        if report.sensitivity != nil {
            page.section("sensitivity", "What moves the outcome", ReportSections.sensitivity(report.sensitivity))
        }
        page.section("assumptions", "Assumptions and their sources", ReportSections.assumptions(report.sources))
        page.section("events", "Scheduled events and their sources", ReportSections.scheduledEvents(report.sources))
        let title = model.title ?? report.path
        return page.document(title: title, header: header(report, title: title), footer: footer(report))
    }

    /// The entities the report is about: the scenario's `report … for`, else every lab.
    static func shownEntities(_ model: Model) -> [Int] {
        model.report.entities ?? model.entities.indices.filter { model.entities[$0].kind == .lab }
    }

    /// The report's columns as chartable fields (those recorded month by month).
    public static func reportedFields(_ model: Model) -> [PlotField] {
        var k = 0
        return model.report.columns.compactMap { column in
            switch column.column {
            case .quantity(let q): return RecordedField(name: q.rawValue).map(PlotField.recorded)
            case .formula(let index):
                defer { k += 1 }
                return .column(k, name: column.name, dimension: model.formulas[index].dimension ?? .ratio)
            }
        }
    }

    static func header(_ report: ScenarioReport, title: String) -> String {
        let model = report.run.model
        var meta = "\(report.path) · \(AxisText.month(model.start)) to \(AxisText.month(model.horizon)) "
            + "(\(model.steps) months) · "
        if let mc = report.monteCarlo {
            meta += "\(ChartBuilder.grouped(mc.samples)) samples (seed \(mc.seed)): every number is a median with its "
                + "5th–95th percentile range"
        } else {
            meta += model.distributionCount > 0 ? "one run with every uncertain value at its median" : "one run"
        }
        var html = "<header><h1>\(HTMLPage.escape(title))</h1>\(HTMLPage.paragraph(meta, cls: "meta"))"
        if !report.sources.introduction.isEmpty {
            html += "<div class=\"question\">" + report.sources.introduction.map { HTMLPage.paragraph($0) }.joined() + "</div>"
        }
        if report.monteCarlo != nil && model.distributionCount == 0 {
            html += HTMLPage.paragraph("This scenario has no uncertain values (no ranges or distributions), so every sample "
                + "is the same future and each band is a single line.", cls: "note")
        }
        return html + "</header>\n"
    }

    static func footer(_ report: ScenarioReport) -> String {
        "<footer><p>Made with <code>\(HTMLPage.escape(report.command))</code>. This file is self-contained: its charts "
            + "are drawn in it and it loads nothing from the network.</p></footer>"
    }

    // MARK: - Outcome

    /// The report's columns at the horizon for each entity, with its status; under samples
    /// each cell is the median with its 5th–95th percentile range under it.
    static func outcomeTable(_ report: ScenarioReport, entities: [Int]) -> String {
        let model = report.run.model
        let fields = reportedFields(model)
        let kind = entities.allSatisfy { model.entities[$0].kind == .lab } ? "lab" : "entity"
        // Units the values leave out are in the heading (`revenue per month`), so the columns stay narrow.
        let names = fields.map { field in
            AxisText.unitNote(.quantity(field.dimension)).map { "\(field.name) (\($0))" } ?? field.name
        }
        let headers = [kind] + names + (report.monteCarlo == nil ? ["status"] : ["p(exit)", "exit median"])
        let rows: [[HTMLPage.Cell]] = entities.map { e in
            var row: [HTMLPage.Cell] = [.text(model.entities[e].name)]
            for field in fields { row.append(finalCell(report, field, entity: e)) }
            if let mc = report.monteCarlo {
                let share = mc.exitProbability(entity: e)
                row.append(.html(HTMLPage.shareBar(share) + HTMLPage.escape(QuantityFormat.percent(share))))
                row.append(.text(mc.exitMedian(entity: e).map { AxisText.month(model.start + $0) } ?? "—"))
            } else {
                let exit = ChartBuilder.exit(report.run, entity: e)
                row.append(.text(exit?.text ?? "active"))
            }
            return row
        }
        // The exit column's bar and share stay on one line, like the numbers.
        let numeric = Set(1...max(1, fields.count + (report.monteCarlo == nil ? 0 : 1)))
        var html = HTMLPage.table(headers, cls: "outcome", rows, numeric: numeric)
        if report.monteCarlo != nil {
            html += HTMLPage.paragraph("Each cell: the median over the samples, and under it the 5th to 95th percentile. "
                + "p(exit): the share of samples in which the lab has left the race by the horizon.", cls: "note")
        }
        return html
    }

    static func finalCell(_ report: ScenarioReport, _ field: PlotField, entity e: Int) -> HTMLPage.Cell {
        let model = report.run.model
        let format = ValueFormat.quantity(field.dimension)
        if field == .recorded(.cash) && !model.entities[e].tracksCash { return .text("unbounded") }
        guard let mc = report.monteCarlo else {
            let value = ChartBuilder.value(report.run, field, entity: e, step: model.steps - 1)
            // A lab that left has no runway (docs/reference/uncertainty.md), whatever its frozen row says.
            let left = report.run.exitSteps[e] != nil
            return .text(left && !value.isFinite ? QuantityFormat.noValue : AxisText.cell(value, format))
        }
        guard let p = ChartBuilder.summary(mc, field, entity: e, step: mc.finalStep) else { return .text("—") }
        var html = HTMLPage.escape(AxisText.cell(p.p50, format))
        if p.p5 != p.p95 {
            html += "<br/><span class=\"range\">\(HTMLPage.escape(AxisText.cell(p.p5, format))) – "
                + "\(HTMLPage.escape(AxisText.cell(p.p95, format)))</span>"
        }
        if p.count < mc.samples {
            let share = QuantityFormat.percent(Double(p.count) / Double(mc.samples))
            html += "<span class=\"finite\">finite in \(HTMLPage.escape(share)) of samples</span>"
        }
        return .html(html)
    }

    // MARK: - Charts

    static func charts(_ report: ScenarioReport, entities: [Int]) -> String {
        let model = report.run.model
        let fields = reportedFields(model)
        guard !fields.isEmpty else { return HTMLPage.paragraph("The scenario reports no field recorded month by month.") }
        var html = ""
        for field in fields {
            if let mc = report.monteCarlo, mc.hasSeries {
                let chart = ChartBuilder.fan(mc, field: field, entities: entities)
                html += HTMLPage.figure(SVGChart.inline(chart), caption: "\(field.name): one panel per lab on a shared scale; "
                    + "the line is the median of \(ChartBuilder.grouped(mc.samples)) samples, the band their 5th to 95th "
                    + "percentile; ✕ marks the median month of the exits, with their probability.")
            } else {
                let chart = ChartBuilder.lines(report.run, field: field, entities: entities)
                html += HTMLPage.figure(SVGChart.inline(chart), caption: "\(field.name) month by month; "
                    + "a line stops with ✕ where the lab left the race.")
            }
        }
        return html
    }
}
