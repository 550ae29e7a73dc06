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
        let rowHeight = panelHeight + 54
        for (i, series) in chart.series.enumerated() {
            let x = Double(i % across) * cell, y = top + Double(i / across) * rowHeight
            var single = chart
            single.series = [series]
            let plot = SVGPlot(left: x + gutter, top: y + 22, width: cell - gutter - 18, height: panelHeight, scale: scale,
                               chart: single)
            svg.open("g", [("class", "panel-\(i)")])
            svg.title(SVGChart.hoverText(series, chart) + bandText(series, chart.format))
            svg.label(TextFanChart.panelTitle(series, chart.format).dropFirst(2).description, x: x + gutter, y: y + 12,
                      cls: "panel", fill: ChartStyle.colour(series.style))
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

    /// `; 5th–95th percentile at 2028-12: $12B – $48B`, for hover.
    static func bandText(_ series: ChartSeries, _ format: ValueFormat) -> String {
        guard let band = series.band, let last = series.lastValueIndex, last < band.low.count else { return "" }
        return "; 5th–95th percentile at the end: \(AxisText.value(band.low[last], format)) – \(AxisText.value(band.high[last], format))"
    }
}
