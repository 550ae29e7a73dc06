/// Charts as SVG (`race plot --format svg`, and every chart of the HTML report): vectors that
/// stay sharp at any size, a `<title>` on each line for hover, and for print each line in a
/// dash pattern of its own with its name at its end, so no line is told apart by colour alone.
public enum SVGChart {
    /// The width every chart is drawn at (the viewBox scales it).
    public static let width = 960.0

    /// The CSS of the charts' classes: in a standalone SVG it goes inside it, in the report
    /// once in the page's head.
    public static let css = """
        .chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; \
        font-size: 12px; fill: #333; }
        .chart .title { font-size: 16px; font-weight: 600; fill: #111; }
        .chart .note { fill: #666; }
        .chart .tick { font-size: 11px; fill: #555; font-variant-numeric: tabular-nums; }
        .chart .grid { stroke: #e6e6e6; stroke-width: 1; }
        .chart .zero { stroke: #999; stroke-width: 1; }
        .chart .strip { stroke: #bbb; stroke-width: 1; stroke-dasharray: 2 3; }
        .chart .axis { stroke: #777; stroke-width: 1; }
        .chart .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        .chart .band { opacity: 0.22; }
        .chart .exit path { stroke: #111; stroke-width: 2; fill: none; }
        .chart .end { font-size: 12px; font-weight: 600; }
        .chart .panel { font-size: 12px; font-weight: 600; }
        .chart .bar-label { font-size: 11px; fill: #fff; }
        """

    /// A standalone SVG file of the charts one under the other: XML with its namespace and
    /// its own styles, nothing loaded from elsewhere.
    public static func document(_ charts: [Chart]) -> String {
        var body = SVGWriter()
        var y = 0.0
        for chart in charts {
            body.open("g", [("transform", "translate(0 \(SVGWriter.number(y)))")])
            y += draw(chart, into: &body)
            body.close("g")
            body.newline()
        }
        return standalone(body.text, height: max(y, 1), title: charts.map(\.title).joined(separator: ", "))
    }

    /// `<?xml …?><svg xmlns=…>` around drawn markup of the given height.
    static func standalone(_ markup: String, height: Double, title: String) -> String {
        var svg = SVGWriter()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("class", "chart"),
                         ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
                         ("width", SVGWriter.number(width)), ("height", SVGWriter.number(height))])
        svg.newline()
        svg.title(title)
        svg.element("style", text: css)
        svg.open("rect", [("width", "100%"), ("height", "100%"), ("fill", "#fff")], close: true)
        svg.newline()
        svg.raw(markup)
        svg.close("svg")
        svg.newline()
        return svg.text
    }

    /// One chart as an `<svg>` element for a web page (no XML declaration or namespace; the
    /// page's CSS styles it).
    public static func inline(_ chart: Chart, label: String? = nil) -> String {
        var body = SVGWriter()
        let height = draw(chart, into: &body)
        return inline(body.text, height: height, label: label ?? chart.title)
    }

    static func inline(_ markup: String, height: Double, label: String) -> String {
        var svg = SVGWriter()
        svg.open("svg", [("class", "chart"), ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
                         ("role", "img"), ("aria-label", label)])
        svg.raw(markup)
        svg.close("svg")
        return svg.text
    }

    /// The margin around a chart, so nothing touches the edge of the picture.
    static let margin = 14.0
    /// The width inside the margins.
    static var inner: Double { width - 2 * margin }

    /// Draws a chart from the top left and returns the height it took.
    @discardableResult
    static func draw(_ chart: Chart, into svg: inout SVGWriter) -> Double {
        svg.open("g", [("transform", "translate(\(SVGWriter.number(margin)) \(SVGWriter.number(margin)))")])
        let height = chart.isFan ? SVGFanChart.draw(chart, into: &svg) : drawLines(chart, into: &svg)
        svg.close("g")
        return height + 2 * margin
    }

    // MARK: - Lines

    static func drawLines(_ chart: Chart, into svg: inout SVGWriter) -> Double {
        let scale = ValueScale(values: chart.allValues, format: chart.format, targetTicks: 6)
        var y = heading(chart, scale, into: &svg)
        y = legend(chart, top: y + 4, into: &svg) + 10
        let gutter = (scale.ticks.map { SVGWriter.width(scale.label($0), size: 11) }.max() ?? 20) + 12
        let names = chart.series.map { SVGWriter.width($0.name + " ✕", size: 12) }.max() ?? 0
        let right = min(names + 16, inner * 0.28)
        let plot = SVGPlot(left: gutter, top: y, width: inner - gutter - right, height: 300, scale: scale, chart: chart)
        plot.drawAxes(&svg)
        for series in chart.series { plot.drawBand(series, &svg) }
        for series in chart.series.reversed() {
            svg.open("g", [("class", "line")])
            svg.title(hoverText(series, chart))
            plot.drawLine(series, &svg, dashed: chart.dashesByStyle)
            svg.close("g")
            svg.newline()
        }
        for series in chart.series { plot.drawExit(series, &svg) }
        plot.drawEndLabels(chart, &svg)
        return y + 300 + 26
    }

    /// The title with its unit and scale, and the subtitle; returns where they end.
    static func heading(_ chart: Chart, _ scale: ValueScale, into svg: inout SVGWriter) -> Double {
        svg.label(TextChart.title(chart, scale), x: 0, y: 18, cls: "title")
        guard let subtitle = chart.subtitle else { return 26 }
        svg.label(subtitle, x: 0, y: 38, cls: "note")
        return 46
    }

    /// A key of swatches (colour and dash) with each line's name and last value, wrapped to
    /// the width; returns where it ends.
    static func legend(_ chart: Chart, top: Double, into svg: inout SVGWriter) -> Double {
        var x = 0.0, y = top + 12
        for series in chart.series {
            var text = series.name
            if let last = series.lastValueIndex { text += " " + AxisText.value(series.values[last], chart.format) }
            if let exit = series.exit { text += " ✕ " + exit.text }
            if let note = series.note { text += " (\(note))" }
            let itemWidth = 30 + SVGWriter.width(text, size: 12) + 18
            if x > 0 && x + itemWidth > inner {
                x = 0
                y += 18
            }
            let dash = series.dashed ? "7 4" : chart.dashesByStyle ? ChartStyle.dash(series.style) : ""
            svg.open("path", [("class", "series"), ("d", "M\(SVGWriter.number(x)),\(SVGWriter.number(y - 4))h24"),
                              ("stroke", ChartStyle.colour(series.style)), ("stroke-dasharray", dash)], close: true)
            svg.label(text, x: x + 30, y: y)
            x += itemWidth
        }
        return y + 4
    }

    /// What hovering a line says: `OpenAI — cash: $34.2B at 2028-12 (from $9.5B at 2024-12)`.
    static func hoverText(_ series: ChartSeries, _ chart: Chart) -> String {
        guard let last = series.lastValueIndex, let first = series.values.firstIndex(where: { !$0.isNaN }) else {
            return "\(series.name) — \(chart.title): no values"
        }
        var text = "\(series.name) — \(chart.title): \(AxisText.value(series.values[last], chart.format)) "
            + "at \(AxisText.month(chart.firstMonth + last))"
        if first != last {
            text += " (from \(AxisText.value(series.values[first], chart.format)) at \(AxisText.month(chart.firstMonth + first)))"
        }
        if let exit = series.exit { text += "; \(exit.text)" }
        return text
    }
}
