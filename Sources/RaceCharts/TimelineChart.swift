import RaceEngine

/// The events of a run on a time line: a row per entity that acted (and one for notes), a dot
/// in each month it acted with what it did on hover, a cross where it left the race.
enum TimelineChart {
    /// `styles`: the entities whose colour the report's charts give them, in that order;
    /// the other rows are grey.
    static func inline(_ run: RunResult, styles: [Int]) -> String {
        let model = run.model
        let width = SVGChart.inner, rowHeight = 22.0
        // Rows: entities in declaration order that are the subject of an event or left; notes last.
        let subjects = Set(run.events.compactMap(\.entity))
        var rows = model.entities.indices.filter { subjects.contains($0) || ChartBuilder.exit(run, entity: $0) != nil }.map { Optional($0) }
        if run.events.contains(where: { $0.entity == nil }) { rows.append(nil) }
        let names = rows.map { $0.map { model.entities[$0].name } ?? "notes" }
        let gutter = (names.map { SVGWriter.width($0, size: 12) }.max() ?? 40) + 14
        let top = 6.0, plotHeight = Double(rows.count) * rowHeight
        let axis = TimeAxis(firstMonth: model.start, months: model.steps)
        func x(_ step: Int) -> Double { gutter + axis.position(Double(step)) * (width - gutter - 10) }

        var svg = SVGWriter()
        svg.open("g", [("transform", "translate(\(SVGWriter.number(SVGChart.margin)) \(SVGWriter.number(SVGChart.margin)))")])
        let ticks = axis.ticks { count, characters in Double(count) * (Double(characters) * 7 + 14) <= width - gutter }
        for tick in ticks {
            svg.line(x(tick.index), top, x(tick.index), top + plotHeight, cls: "grid")
            svg.label(tick.label, x: x(tick.index), y: top + plotHeight + 16, anchor: "middle", cls: "tick")
        }
        for (row, entity) in rows.enumerated() {
            let y = top + (Double(row) + 0.5) * rowHeight
            svg.line(gutter, y, width - 10, y, cls: "grid")
            svg.label(names[row], x: gutter - 8, y: y + 4, anchor: "end")
            let colour = entity.flatMap { styles.firstIndex(of: $0) }.map(ChartStyle.colour) ?? "#8a8a8a"
            var byStep: [Int: [String]] = [:]
            for event in run.events where event.entity == entity { byStep[event.step, default: []].append(run.text(of: event)) }
            for step in byStep.keys.sorted() {
                let texts = byStep[step]!
                svg.open("g")
                svg.title("\(AxisText.month(model.start + step)): " + texts.joined(separator: "; "))
                svg.open("circle", [("cx", SVGWriter.number(x(step))), ("cy", SVGWriter.number(y)),
                                    ("r", SVGWriter.number(texts.count > 1 ? 5.5 : 4)), ("fill", colour)], close: true)
                svg.close("g")
            }
            if let e = entity, let exit = ChartBuilder.exit(run, entity: e) {
                let cx = x(exit.step)
                svg.open("g", [("class", "exit")])
                svg.title("\(names[row]) \(exit.text)")
                svg.open("path", [("d", "M\(SVGWriter.number(cx - 6)),\(SVGWriter.number(y - 6))l12,12m-12,0l12,-12")], close: true)
                svg.close("g")
            }
        }
        svg.close("g")
        return SVGChart.inline(svg.text, height: top + plotHeight + 24 + 2 * SVGChart.margin, label: "timeline of events")
    }
}
