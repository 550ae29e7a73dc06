/// A fan chart in SVG: one panel per entity on a shared value scale, the p5–p95 band shaded
/// and the median drawn over it, the panel titled with the entity, its last median and band.
enum SVGFanChart {
    static let panelHeight = 170.0

    static func draw(_ chart: Chart, into svg: inout SVGWriter) -> Double {
        let scale = ValueScale(values: chart.allValues, format: chart.format, targetTicks: 4)
        let top = SVGChart.heading(chart, scale, into: &svg) + 8
        let across = chart.series.count >= 3 ? 3 : max(chart.series.count, 1)
        let cell = SVGChart.inner / Double(across)
        let gutter = (scale.ticks.map { SVGWriter.width(scale.label($0), size: 11) }.max() ?? 20) + 12
        let rowHeight = panelHeight + 68
        for (i, series) in chart.series.enumerated() {
            let x = Double(i % across) * cell, y = top + Double(i / across) * rowHeight
            var single = chart
            single.series = [series]
            let plot = SVGPlot(left: x + gutter, top: y + 36, width: cell - gutter - 18, height: panelHeight, scale: scale,
                               chart: single)
            svg.open("g", [("class", "panel-\(i)")])
            svg.title(SVGChart.hoverText(series, chart) + bandText(series, chart.format))
            let (heading, detail) = titles(series, chart.format)
            let characters = Int((cell - 24) / (12 * 0.6))
            svg.label(TextChart.truncate(heading, characters), x: x + 6, y: y + 12, cls: "panel", fill: ChartStyle.colour(series.style))
            svg.label(TextChart.truncate(detail, characters + 4), x: x + 6, y: y + 27, cls: "note")
            plot.drawAxes(&svg)
            plot.drawBand(series, &svg)
            plot.drawLine(series, &svg, dashed: false)
            plot.drawExit(series, &svg)
            svg.close("g")
            svg.newline()
        }
        let rows = (chart.series.count + across - 1) / across
        return top + Double(rows) * rowHeight - 8
    }

    /// `OpenAI  -$1.70B` over `✕ p(exit) 100%, median 2026-10 · 5th–95th: -$3.02B – -$385M`:
    /// the name with the median at the last month, then the exits and the band.
    static func titles(_ series: ChartSeries, _ format: ValueFormat) -> (String, String) {
        var heading = series.name
        var detail: [String] = []
        if let exit = series.exit { detail.append("\(ChartStyle.exitMarker) \(exit.text)") }
        if let last = series.lastValueIndex {
            heading += "  " + AxisText.value(series.values[last], format)
            if let band = series.band, last < band.low.count, band.low[last] != band.high[last] {
                detail.append("5th–95th: \(AxisText.value(band.low[last], format)) – \(AxisText.value(band.high[last], format))")
            }
        }
        if let note = series.note { detail.append(note) }
        return (heading, detail.joined(separator: " · "))
    }

    /// `; 5th–95th percentile at 2028-12: $12B – $48B`, for hover.
    static func bandText(_ series: ChartSeries, _ format: ValueFormat) -> String {
        guard let band = series.band, let last = series.lastValueIndex, last < band.low.count else { return "" }
        return "; 5th–95th percentile at the end: \(AxisText.value(band.low[last], format)) – \(AxisText.value(band.high[last], format))"
    }
}
