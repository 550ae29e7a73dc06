/// Where values and months land on a plot of `width` × `height` points (dots of the
/// terminal, or SVG units; y down), with a strip at the top for +∞ and at the bottom for −∞
/// when they occur.
struct PlotFrame {
    let scale: ValueScale
    let axis: TimeAxis
    let width: Int
    let height: Int
    /// The height of an infinity strip: five dots (a row and a dot) in the terminal.
    var strip: Double = 5

    private var top: Double { scale.hasInfinity ? strip : 0 }
    private var bottom: Double { Double(height - 1) - (scale.hasNegativeInfinity ? strip : 0) }

    func x(_ index: Double) -> Double { axis.position(index) * Double(width - 1) }

    /// The value index nearest dot column `x`.
    func index(atX x: Double) -> Int {
        axis.months <= 1 ? 0 : Int((x / Double(max(width - 1, 1)) * Double(axis.months - 1)).rounded())
    }

    /// The dot row of an engine value; nil when it is missing.
    func y(_ value: Double) -> Double? {
        guard let p = scale.position(value) else { return nil }
        if p == .infinity { return strip * 0.35 }
        if p == -.infinity { return Double(height - 1) - strip * 0.35 }
        return y(position: p)
    }

    /// The dot row of a position between the bottom (0) and top (1) of the finite values.
    func y(position p: Double) -> Double { bottom - min(max(p, 0), 1) * (bottom - top) }
}
