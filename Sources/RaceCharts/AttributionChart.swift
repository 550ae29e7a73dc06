import RaceEngine
import RaceReport

/// The attribution of one changed outcome (docs/reference/diff.md) as bars: each assumption's effect alone from
/// zero, left for a fall and right for a rise, then the interaction and the whole change.
/// Each bar is labelled with its value, so the chart reads without colour.
enum AttributionChart {
    struct Bar {
        var label: String
        var value: Double?
        var isTotal = false
    }

    /// The width of the labels' column for bars labelled `labels`, the same for every chart
    /// of a page so that their zero lines align.
    static func gutter(_ labels: [String]) -> Double {
        min((labels.map { SVGWriter.width($0, size: 12) }.max() ?? 60) + 16, SVGChart.inner * 0.42)
    }

    /// `values` in engine units of `format`; nil draws "cannot be applied alone".
    static func inline(title: String, bars: [Bar], format: ValueFormat, gutter: Double) -> String {
        let width = SVGChart.inner, rowHeight = 20.0, top = 26.0
        let magnitudes = bars.compactMap { $0.value.map(abs) }.filter(\.isFinite)
        let largest = max(magnitudes.max() ?? 1, 1e-300)
        // Room for the value label on either side of the bars.
        let span = width - gutter - 2 * 90
        let zero = gutter + 90 + span / 2
        func x(_ v: Double) -> Double { zero + v / largest * span / 2 }

        var svg = SVGWriter()
        svg.open("g", [("transform", "translate(\(SVGWriter.number(SVGChart.margin)) \(SVGWriter.number(SVGChart.margin)))")])
        svg.label(title, x: 0, y: 14, cls: "panel")
        let bottom = top + Double(bars.count) * rowHeight
        svg.line(zero, top - 4, zero, bottom, cls: "zero")
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * rowHeight
            svg.label(TextChart.truncate(bar.label, Int(((gutter - 16) / 7.2).rounded())), x: gutter - 8, y: y + 14, anchor: "end",
                      cls: bar.isTotal ? "panel" : "")
            guard let value = bar.value, value.isFinite else {
                svg.label("cannot be applied alone", x: zero + 6, y: y + 14, cls: "note")
                continue
            }
            let text = value == 0 ? "0" : (value > 0 ? "+" : "") + AxisText.value(value, format)
            let fill = bar.isTotal ? "#333333" : value < 0 ? ChartStyle.colour(1) : ChartStyle.colour(0)
            let (a, b) = (min(x(0), x(value)), max(x(0), x(value)))
            svg.open("g")
            svg.title("\(bar.label): \(text)")
            svg.open("rect", [("x", SVGWriter.number(a)), ("y", SVGWriter.number(y + 3)), ("width", SVGWriter.number(max(b - a, 1))),
                              ("height", SVGWriter.number(rowHeight - 6)), ("fill", fill)], close: true)
            svg.label(text, x: value < 0 ? a - 5 : b + 5, y: y + 14, anchor: value < 0 ? "end" : "start", cls: "tick")
            svg.close("g")
        }
        svg.close("g")
        return SVGChart.inline(svg.text, height: bottom + 6 + 2 * SVGChart.margin, label: title)
    }
}
