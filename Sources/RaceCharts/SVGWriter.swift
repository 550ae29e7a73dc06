import RaceModel

/// Writes SVG (and the HTML around it) as text: every attribute value and text node escaped,
/// numbers with at most two decimals so files stay small and diff cleanly.
struct SVGWriter {
    private(set) var text = ""

    /// `<name a="1" b="x">`, or `<name … />` when `close`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = [], close: Bool = false) {
        text += "<" + name
        for (key, value) in attributes where !value.isEmpty { text += " \(key)=\"\(Self.escape(value))\"" }
        text += close ? "/>" : ">"
    }

    mutating func close(_ name: String) { text += "</\(name)>" }

    /// `<name …>text</name>`.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        open(name, attributes)
        text += Self.escape(content)
        close(name)
    }

    /// A line break between elements, so the file reads line by line.
    mutating func newline() { text += "\n" }

    /// Text already written as markup (an inner SVG).
    mutating func raw(_ markup: String) { text += markup }

    /// `<title>`: what a browser shows on hover.
    mutating func title(_ content: String) { element("title", text: content) }

    /// `<text>` at a point, with the class given (styles live in the document's CSS); a
    /// `fill` goes in a `style` attribute, since the CSS would win over a `fill` attribute.
    mutating func label(_ content: String, x: Double, y: Double, anchor: String = "start", cls: String = "",
                        fill: String = "") {
        element("text", [("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor == "start" ? "" : anchor),
                         ("class", cls), ("style", fill.isEmpty ? "" : "fill:\(fill)")], text: content)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) {
        open("line", [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                      ("class", cls)], close: true)
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and
    /// newline dropped (they are not allowed in XML).
    static func escape(_ s: String) -> String {
        // Most text (path data, numbers, names) needs nothing: a scan of its bytes is much
        // cheaper than rebuilding it scalar by scalar (a third of an SVG's time, measured).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == 0xEF }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals: `12`, `12.5`, `12.34`. Integer arithmetic, not
    /// `printf`: a report writes tens of thousands of coordinates, and formatting them through
    /// `%.2f` was most of the time an SVG took (measured with race-chart-bench).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = (v * 100).rounded()
        guard abs(hundredths) < 1e15 else { return printfText("%.0f", v) }
        let n = Int(hundredths), m = n.magnitude
        var text = n < 0 ? "-" : ""
        text += String(m / 100)
        let fraction = m % 100
        if fraction != 0 {
            text += fraction < 10 ? ".0\(fraction)" : fraction % 10 == 0 ? ".\(fraction / 10)" : ".\(fraction)"
        }
        return text
    }

    /// Roughly how wide a text is in SVG units at a font size (sans-serif averages about 0.6 em).
    static func width(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.6 }
}
