import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race explain --format svg` (docs/reference/explain.md): one tornado chart per outcome in a standalone SVG file,
/// readable in print (no script, no external font or style). Each input is a row; its bar
/// runs from the outcome with the input low (light) to the outcome with it high (dark), about
/// the overall median (a vertical line).
///
/// Self-contained on purpose: the chart module of docs/reference/plot.md may take this over; until then this is
/// the only SVG `race explain` writes, and nothing else depends on it.
public enum TornadoSVG {
    static let width = 820.0, labelWidth = 230.0, valueWidth = 90.0, rowHeight = 22.0, titleHeight = 44.0

    public static func render(_ sensitivity: Sensitivity, top: Int) -> String {
        let panels = sensitivity.rankings.map { ($0, Array($0.effects.prefix(top))) }
        let height = panels.reduce(40.0) { $0 + titleHeight + Double(max($1.1.count, 1)) * rowHeight + 16 }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += text(10, 22, "What moves each outcome at \(MonthIndex.format(sensitivity.model.start + sensitivity.step))",
                    size: 15, weight: "bold")
        var y = 40.0
        for (ranking, effects) in panels {
            svg += panel(ranking, effects, top: y)
            y += titleHeight + Double(max(effects.count, 1)) * rowHeight + 16
        }
        return svg + "</svg>\n"
    }

    /// One outcome: its title, its legend and one bar per input.
    static func panel(_ ranking: Sensitivity.Ranking, _ effects: [Sensitivity.Effect], top: Double) -> String {
        let center = ranking.dimension.map { "median \(QuantityFormat.human(ranking.center, $0))" }
            ?? "left the race in \(QuantityFormat.percent(ranking.center))"
        var svg = text(10, top + 16, "\(ranking.name) — \(center)", size: 13, weight: "bold")
        svg += text(10, top + 32, "light: input low · dark: input high", size: 11, fill: "#555")
        let scale = ExplainText.Scale(ranking, effects)
        let left = labelWidth, right = width - valueWidth, bars = top + titleHeight
        func x(_ v: Double) -> Double {
            guard let column = scale.column(v, width: 1001) else { return left }
            return left + (right - left) * Double(column) / 1000
        }
        for (row, effect) in effects.enumerated() {
            let y = bars + Double(row) * rowHeight
            svg += text(left - 8, y + 15, effect.input.name, anchor: "end")
            guard effect.failure == nil else {
                svg += text(left + 4, y + 15, "a run failed", fill: "#a00")
                continue
            }
            let c = x(scale.center)
            for (value, colour) in [(effect.low, "#9ecae1"), (effect.high, "#08519c")] where !value.isNaN {
                let a = min(c, x(value)), b = max(c, x(value))
                svg += "<rect x=\"\(n(a))\" y=\"\(n(y + 4))\" width=\"\(n(max(b - a, 1)))\" height=\"\(n(rowHeight - 8))\" fill=\"\(colour)\"/>\n"
            }
            svg += text(right + 6, y + 15, ExplainText.value(effect.low, ranking) + " … " + ExplainText.value(effect.high, ranking),
                        size: 10, fill: "#333")
        }
        let c = x(scale.center), bottom = bars + Double(max(effects.count, 1)) * rowHeight
        svg += "<line x1=\"\(n(c))\" y1=\"\(n(bars))\" x2=\"\(n(c))\" y2=\"\(n(bottom))\" stroke=\"black\" stroke-width=\"1\"/>\n"
        return svg
    }

    static func text(_ x: Double, _ y: Double, _ content: String, size: Int = 12, weight: String? = nil,
                     anchor: String? = nil, fill: String = "black") -> String {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" fill=\"\(fill)\""
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let anchor { attributes += " text-anchor=\"\(anchor)\"" }
        return "<text \(attributes)>\(escaped(content))</text>\n"
    }

    /// Text safe inside an SVG element.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func n(_ v: Double) -> String { printfText("%.1f", v) }
}
