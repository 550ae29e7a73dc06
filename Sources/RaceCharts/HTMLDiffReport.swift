import RaceEngine
import RaceModel
import RaceReport

/// What `race diff A B --format html` shows: the comparison and the two runs it came from.
public struct DiffReport: Sendable {
    public var diff: ScenarioDiff
    public var runA: RunResult
    public var runB: RunResult
    /// Under `--samples`: the outcomes over the samples, with common random numbers.
    public var sampled: SampledDiff?
    public var command: String

    public init(diff: ScenarioDiff, runA: RunResult, runB: RunResult, sampled: SampledDiff? = nil, command: String) {
        self.diff = diff
        self.runA = runA
        self.runB = runB
        self.sampled = sampled
        self.command = command
    }
}

/// `race diff A B --format html` (docs/reference/html-report.md): the assumptions side by side, what changes at the
/// compared month, both runs on each chart (A solid, B dashed), and each change's attribution
/// to the assumptions as bars.
public enum HTMLDiffReport {
    /// The most outcomes whose attribution is drawn (largest relative change first).
    static let attributedOutcomes = 12

    public static func render(_ report: DiffReport) -> String {
        let diff = report.diff
        var page = HTMLPage()
        page.section("assumptions", "Assumptions side by side", assumptions(diff))
        page.section("outcomes", "Outcomes at \(AxisText.month(diff.month))", outcomes(report))
        page.section("charts", "Both runs over time", charts(report))
        if diff.isAttributed && !diff.assumptions.isEmpty {
            page.section("attribution", "Which assumption did how much", attribution(diff))
        }
        let titleA = report.runA.model.title ?? diff.a, titleB = report.runB.model.title ?? diff.b
        var header = "<header><h1>\(HTMLPage.escape(titleB))</h1>"
        header += HTMLPage.paragraph("against \(titleA)", cls: "meta")
        let divergence = diff.divergence.map { "the runs part in \(AxisText.month($0))" } ?? "the runs never part"
        header += HTMLPage.paragraph("A: \(diff.a) · B: \(diff.b) · compared at \(AxisText.month(diff.month))"
            + "\(diff.isHorizon ? " (the horizon)" : "") · \(divergence)", cls: "meta") + "</header>\n"
        return page.document(title: "\(titleB) against \(titleA)", header: header,
                             footer: "<footer><p>Made with <code>\(HTMLPage.escape(report.command))</code>. "
                                 + "This file is self-contained and loads nothing from the network.</p></footer>")
    }

    static func assumptions(_ diff: ScenarioDiff) -> String {
        guard !diff.assumptions.isEmpty else { return HTMLPage.paragraph("The two scenarios assume the same.") }
        return HTMLPage.table(["id", "kind", "name", "A", "B"], diff.assumptions.map { item in
            [.text(String(item.id)), .text(item.kind.rawValue), .html("<code>\(HTMLPage.escape(item.name))</code>"),
             .text(item.a ?? "(absent)"), .text(item.b ?? "(absent)")]
        }, numeric: [0])
    }

    static func outcomes(_ report: DiffReport) -> String {
        let diff = report.diff
        var html = ""
        if !diff.status.isEmpty {
            html += "<h3>Status</h3>" + HTMLPage.table(["entity", "A", "B"], diff.status.map { [.text($0.entity), .text($0.a), .text($0.b)] })
        }
        let changed = DiffRender.ranked(diff)
        if changed.isEmpty {
            html += HTMLPage.paragraph(diff.outcomes.isEmpty ? "No entity is in both scenarios." : "Every outcome is the same.")
        } else {
            html += HTMLPage.table(["entity", "field", "A", "B", "change", "relative"], changed.map { k in
                let o = diff.outcomes[k]
                return [.text(o.entity), .text(o.field.name), .text(DiffRender.human(o.a, o.field)), .text(DiffRender.human(o.b, o.field)),
                        .text(DiffRender.signed(o.delta, o.field)), .text(DiffRender.relativeText(o.relative))]
            }, numeric: [2, 3, 4, 5])
            let same = diff.outcomes.count - changed.count
            if same > 0 { html += HTMLPage.paragraph("\(same) outcomes are the same in both and not listed.", cls: "note") }
        }
        if let sampled = report.sampled {
            html += "<h3>Over \(ChartBuilder.grouped(sampled.samples)) samples</h3>"
            html += HTMLPage.paragraph("Both scenarios drew the same value for each distribution they share (seed \(sampled.seed)); "
                + "each cell is the median with the 5th–95th percentile, and the change is of the paired differences B − A.", cls: "note")
            html += HTMLPage.table(["entity", "field", "A", "B", "change"], sampled.outcomes.filter { !$0.isUnchanged }.map { o in
                let d = o.field.dimension
                return [.text(o.entity), .text(o.field.name), .text(SampledDiffRender.range(o.a, d)),
                        .text(SampledDiffRender.range(o.b, d)), .text(SampledDiffRender.signedRange(o.delta, d))]
            }, numeric: [2, 3, 4])
        }
        return html
    }

    /// A chart per field the reference scenario reports, both runs of each lab the two share.
    static func charts(_ report: DiffReport) -> String {
        let a = report.runA.model, b = report.runB.model
        let labs = a.entities.filter { $0.kind == .lab && b.entityIndex(named: $0.name) != nil }.map(\.name)
        let fields = HTMLReport.reportedFields(a).compactMap { field -> RecordedField? in
            if case .recorded(let f) = field { return f }
            return nil
        }
        return fields.map { field in
            let chart = ChartBuilder.comparison(report.runA, report.runB, field: field, entities: labs, names: ("A", "B"))
            return HTMLPage.figure(SVGChart.inline(chart), caption: "\(field.name): each lab in its colour, A (\(report.diff.a)) "
                + "solid and B (\(report.diff.b)) dashed; ✕ where a lab left the race.")
        }.joined()
    }

    /// For each changed outcome (the largest first), the effect of each assumption alone, the
    /// interaction, and the whole change.
    static func attribution(_ diff: ScenarioDiff) -> String {
        let rows = DiffRender.ranked(diff).filter { diff.outcomes[$0].delta != nil }.prefix(attributedOutcomes)
        guard !rows.isEmpty else { return HTMLPage.paragraph("No outcome changes.") }
        var html = HTMLPage.paragraph("Each assumption of B applied alone to A, and what they do not explain together "
            + "(the interaction); the effects and the interaction add up to the change.", cls: "note")
        let gutter = AttributionChart.gutter(diff.assumptions.map { "[\($0.id)] \($0.name)" } + ["interaction", "change"])
        for k in rows {
            let outcome = diff.outcomes[k], entry = diff.attribution[k]
            let format = ValueFormat.quantity(outcome.field.dimension)
            let engine = QuantityFormat.base(1, outcome.field.dimension)
            var bars = diff.assumptions.indices.compactMap { i -> AttributionChart.Bar? in
                let effect = entry.effects[i]
                if effect == 0 { return nil }
                return AttributionChart.Bar(label: "[\(diff.assumptions[i].id)] \(diff.assumptions[i].name)", value: effect.map { $0 / engine })
            }
            // The interaction is a remainder: a residue of rounding shows as 0 (as in the table).
            let scale = max(abs(outcome.a ?? 0), abs(outcome.b ?? 0))
            bars.append(.init(label: "interaction", value: entry.interaction.map { abs($0) <= scale * 1e-9 ? 0 : $0 / engine }))
            bars.append(.init(label: "change", value: outcome.delta.map { $0 / engine }, isTotal: true))
            let title = "\(outcome.entity) \(outcome.field.name): \(DiffRender.human(outcome.a, outcome.field)) → "
                + "\(DiffRender.human(outcome.b, outcome.field))"
            html += "<figure>" + AttributionChart.inline(title: title, bars: bars, format: format, gutter: gutter) + "</figure>\n"
        }
        return html
    }
}
