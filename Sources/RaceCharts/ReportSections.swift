import RaceEngine
import RaceModel
import RaceReport

/// The sections of the report after the outcome and its charts.
enum ReportSections {
    // MARK: - Exits and the timeline

    static func exits(_ report: ScenarioReport, entities: [Int]) -> String {
        let run = report.run, model = run.model
        var html = ""
        if let mc = report.monteCarlo {
            html += sampledExits(mc, entities: entities)
        } else {
            let left = model.entities.indices.compactMap { e in ChartBuilder.exit(run, entity: e).map { (e, $0) } }
            if left.isEmpty {
                html += HTMLPage.paragraph("Every lab and company is still in the race at \(AxisText.month(model.horizon)).")
            } else {
                html += HTMLPage.table(["entity", "how it left", "month"], left.map { e, exit in
                    [.text(model.entities[e].name), .text(run.statusText(e)), .text(AxisText.month(model.start + exit.step))]
                })
            }
        }
        let events = run.events
        let which = report.monteCarlo == nil ? "" : " of the run with every uncertain value at its median"
        html += "<h3>Timeline of events\(HTMLPage.escape(which))</h3>\n"
        guard !events.isEmpty else { return html + HTMLPage.paragraph("Nothing happened.") }
        html += HTMLPage.figure(TimelineChart.inline(run, styles: entities), caption: "Each dot is a month in which the entity of that row "
            + "acted (hover for what it did); ✕ marks an exit. The full log follows.")
        html += "<ol class=\"events\">"
        for entry in events {
            html += "<li><span class=\"when\">\(AxisText.month(model.start + entry.step))</span>\(HTMLPage.escape(run.text(of: entry)))</li>"
        }
        html += "</ol>\n"
        if !run.skipped.isEmpty {
            html += "<h3>Skipped actions</h3>" + HTMLPage.table(["month", "action", "why"], run.skipped.map {
                [.text(AxisText.month(model.start + $0.step)), .text(run.text(of: $0)), .text(run.reason(of: $0))]
            })
        }
        return html
    }

    /// p(exit) for every entity that may leave, with the spread of the month and the most
    /// common way out; then the survival curves.
    static func sampledExits(_ mc: MonteCarloResult, entities: [Int]) -> String {
        let model = mc.model
        let leaving = model.entities.indices.filter { mc.exitProbability(entity: $0) > 0 }
        guard !leaving.isEmpty else {
            return HTMLPage.paragraph("In none of the \(ChartBuilder.grouped(mc.samples)) samples does any lab or company leave "
                + "the race by \(AxisText.month(model.horizon)).")
        }
        let rows: [[HTMLPage.Cell]] = leaving.map { e in
            let share = mc.exitProbability(entity: e)
            let steps = (0..<mc.samples).compactMap { mc.exitStep(entity: e, sample: $0) }.sorted()
            func month(_ q: Double) -> String { AxisText.month(model.start + steps[Int((Double(steps.count - 1) * q).rounded())]) }
            let how = mc.statusCounts(entity: e).first { $0.status != .active }
                .map { RunResultText.status($0.status, entities: model.entities.map(\.name)) } ?? "—"
            return [.text(model.entities[e].name), .html(HTMLPage.shareBar(share) + HTMLPage.escape(QuantityFormat.percent(share))),
                    .text(month(0.05)), .text(month(0.5)), .text(month(0.95)), .text(how)]
        }
        var html = HTMLPage.table(["entity", "p(exit)", "5th pct. month", "median month", "95th pct. month", "most often"], rows,
                                  numeric: [2, 3, 4])
        html += HTMLPage.paragraph("Months are over the samples in which the entity left.", cls: "note")
        if entities.contains(where: leaving.contains) {
            html += HTMLPage.figure(SVGChart.inline(ChartBuilder.survival(mc, entities: entities)),
                                    caption: "The share of samples in which each lab is still in the race, month by month.")
        }
        return html
    }

    // MARK: - Owners

    static func owners(_ report: ScenarioReport, entities: [Int]) -> String {
        let model = report.run.model
        let mc = report.monteCarlo
        let owned = model.entities.indices.compactMap { e -> (Int, [(holder: Int, share: Double)])? in
            let stakes = mc?.meanOwners(entity: e) ?? report.run.owners[e]
            return stakes.isEmpty ? nil : (e, stakes.sorted { $0.share > $1.share })
        }
        guard !owned.isEmpty else { return HTMLPage.paragraph("No tracked holder owns a stake in any entity.") }
        let what = mc == nil ? "Stakes at the horizon" : "Mean stakes over the samples at the horizon"
        var html = HTMLPage.figure(OwnersChart.inline(owned, names: model.entities.map(\.name)),
                                   caption: "\(what); the rest belongs to holders the scenario does not track (others).")
        html += HTMLPage.table(["entity", "owners"], owned.map { e, stakes in
            let others = max(0, 1 - stakes.reduce(0) { $0 + $1.share })
            let list = stakes.map { "\(model.entities[$0.holder].name) \(QuantityFormat.percent($0.share))" }
            return [.text(model.entities[e].name), .text((list + ["others \(QuantityFormat.percent(others))"]).joined(separator: ", "))]
        })
        return html
    }

    // MARK: - Expectations

    static func expectations(_ report: ScenarioReport) -> String {
        let model = report.run.model
        if let mc = report.monteCarlo {
            return HTMLPage.table(["expectation", "at", "held in"], model.expectations.enumerated().map { i, e in
                let share = Double(mc.expectationsHeld[i]) / Double(mc.samples)
                return [.text("expect " + e.text), .text(AxisText.month(model.start + e.step)),
                        .html("<span class=\"\(share == 1 ? "pass" : share == 0 ? "fail" : "")\">"
                              + HTMLPage.escape(QuantityFormat.percent(share)) + "</span> of samples")]
            }, numeric: [2])
        }
        let outcomes = ExpectationReport.all(report.run)
        let held = outcomes.filter(\.passed).count
        return HTMLPage.paragraph("\(held) of \(outcomes.count) held.")
            + HTMLPage.table(["expectation", "at", "", "why"], outcomes.map { o in
                [.text("expect " + o.text), .text(o.date),
                 .html(o.passed ? "<span class=\"pass\">held</span>" : "<span class=\"fail\">failed</span>"), .text(o.detail)]
            })
    }

    // MARK: - Sensitivity

    /// The ranking of `race explain`, when the report is given one.
    static func sensitivity(_ ranking: SensitivityRanking?) -> String {
        guard let ranking else { return "" }
        let strongest = ranking.rows.map { abs($0.correlation) }.max() ?? 1
        return HTMLPage.paragraph("Inputs ranked by how much they move each outcome (\(ranking.method)).", cls: "note")
            + HTMLPage.table(["input", "outcome", "rank correlation", "outcome when input is low", "when high"],
                             ranking.rows.map { row in
                let bar = "<span class=\"share\"><span style=\"width:\(SVGWriter.number(abs(row.correlation) / max(strongest, 1e-9) * 100))%;"
                    + "background:var(--accent)\"></span></span>"
                return [.text(row.input), .text(row.outcome), .html(bar + HTMLPage.escape(printfText("%+.2f", row.correlation))),
                        .text(AxisText.value(row.low, row.format)), .text(AxisText.value(row.high, row.format))]
            }, numeric: [2, 3, 4])
    }

    // MARK: - Assumptions

    static func assumptions(_ sources: ReportSources) -> String {
        var html = "<h3>Parameters</h3>\n"
        if sources.parameters.isEmpty {
            html += HTMLPage.paragraph("The scenario declares no parameters.")
        } else {
            html += HTMLPage.table(["parameter", "value", "source"], sources.parameters.map { p in
                let value = HTMLPage.escape(p.value) + (p.distribution.map { "<br/><span class=\"range\">\(HTMLPage.escape($0))</span>" } ?? "")
                return [.html("<code>\(HTMLPage.escape(p.name))</code>"), .html(value),
                        .html("\(HTMLPage.escape(p.source))<br/><span class=\"range\">\(HTMLPage.escape(p.location))</span>")]
            })
        }
        html += "<h3>Labs and companies as declared</h3>\n"
        for entity in sources.entities {
            html += "<h4>\(HTMLPage.escape(entity.name)) <span class=\"note\">(\(HTMLPage.escape(entity.kind)))</span></h4>\n"
            if !entity.source.isEmpty { html += HTMLPage.paragraph(entity.source, cls: "note") }
            if entity.fields.isEmpty { continue }
            html += HTMLPage.table(["field", "value", "source"], cls: "fields", entity.fields.map { f in
                [.html("<code>\(HTMLPage.escape(f.name))</code>"), .text(f.value), .html("<span class=\"note\">\(HTMLPage.escape(f.source))</span>")]
            })
        }
        return html
    }

    static func scheduledEvents(_ sources: ReportSources) -> String {
        guard !sources.events.isEmpty else { return HTMLPage.paragraph("The scenario schedules no events.") }
        return HTMLPage.table(["when", "event", "source"], sources.events.map { e in
            let what = (e.label.map { "<code>\(HTMLPage.escape($0))</code><br/>" } ?? "")
                + e.actions.map(HTMLPage.escape).joined(separator: "<br/>")
            return [.text(e.schedule), .html(what),
                    .html("\(HTMLPage.escape(e.source))<br/><span class=\"range\">\(HTMLPage.escape(e.location))</span>")]
        })
    }
}
