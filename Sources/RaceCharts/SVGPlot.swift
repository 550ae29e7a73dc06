/// One plot area of an SVG chart: its place on the page, the scale and months it maps, and
/// the drawing of its grid, axes, bands, lines, exits and end labels.
struct SVGPlot {
    let left: Double
    let top: Double
    let width: Double
    let height: Double
    let frame: PlotFrame

    init(left: Double, top: Double, width: Double, height: Double, scale: ValueScale, chart: Chart) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        frame = PlotFrame(scale: scale, axis: TimeAxis(firstMonth: chart.firstMonth, months: chart.months),
                          width: Int(width.rounded()), height: Int(height.rounded()), strip: 30)
    }

    func x(_ index: Int) -> Double { left + frame.x(Double(index)) }
    func y(_ value: Double) -> Double? { frame.y(value).map { top + $0 } }

    /// Grid lines and labels at the value ticks and the month ticks, and the two axis lines.
    func drawAxes(_ svg: inout SVGWriter, fontSize: Double = 11) {
        let scale = frame.scale
        svg.open("g", [("class", "axes")])
        for tick in scale.ticks {
            let y = top + frame.y(position: scale.tickPosition(tick))
            svg.line(left, y, left + width, y, cls: tick == 0 && scale.ticks.count > 1 ? "zero" : "grid")
            svg.label(scale.label(tick), x: left - 6, y: y + fontSize * 0.35, anchor: "end", cls: "tick")
        }
        if scale.hasInfinity {
            svg.label("∞", x: left - 6, y: top + frame.strip * 0.35 + fontSize * 0.35, anchor: "end", cls: "tick")
            svg.line(left, top + frame.strip * 0.7, left + width, top + frame.strip * 0.7, cls: "strip")
        }
        if scale.hasNegativeInfinity {
            svg.label("-∞", x: left - 6, y: top + height - frame.strip * 0.35 + fontSize * 0.35, anchor: "end", cls: "tick")
            svg.line(left, top + height - frame.strip * 0.7, left + width, top + height - frame.strip * 0.7, cls: "strip")
        }
        let ticks = frame.axis.ticks { count, characters in
            Double(count) * (SVGWriter.width(String(repeating: "0", count: characters), size: fontSize) + 14) <= width + 20
        }
        for tick in ticks {
            let x = left + frame.x(Double(tick.index))
            svg.line(x, top, x, top + height, cls: "grid")
            svg.line(x, top + height, x, top + height + 4, cls: "axis")
            svg.label(tick.label, x: x, y: top + height + 6 + fontSize, anchor: "middle", cls: "tick")
        }
        svg.line(left, top + height, left + width, top + height, cls: "axis")
        svg.line(left, top, left, top + height, cls: "axis")
        svg.close("g")
    }

    /// The p5–p95 band as a filled shape, one piece per run of months that have it.
    func drawBand(_ series: ChartSeries, _ svg: inout SVGWriter) {
        guard let band = series.band else { return }
        var pieces: [String] = []
        for run in runs(band.low.indices.map { i in y(band.low[i]).flatMap { low in y(band.high[i]).map { (low, $0) } } }) {
            let upper = run.map { "\(SVGWriter.number(x($0.index))),\(SVGWriter.number($0.point.1))" }
            let lower = run.reversed().map { "\(SVGWriter.number(x($0.index))),\(SVGWriter.number($0.point.0))" }
            // A band of one month is a vertical bar of its own: widen it a little so it shows.
            if run.count == 1, let only = run.first {
                let cx = x(only.index)
                pieces.append("M\(SVGWriter.number(cx - 3)),\(SVGWriter.number(only.point.1))H\(SVGWriter.number(cx + 3))"
                              + "V\(SVGWriter.number(only.point.0))H\(SVGWriter.number(cx - 3))Z")
                continue
            }
            pieces.append("M" + (upper + lower).joined(separator: "L") + "Z")
        }
        guard !pieces.isEmpty else { return }
        svg.open("path", [("class", "band"), ("d", pieces.joined()), ("fill", ChartStyle.colour(series.style))], close: true)
    }

    /// The line: one path broken where values are missing, a dot for a month standing alone,
    /// a dash pattern per style (or for a diff's second run) so that print tells lines apart.
    func drawLine(_ series: ChartSeries, _ svg: inout SVGWriter, dashed: Bool) {
        let colour = ChartStyle.colour(series.style)
        var d = ""
        for run in runs(series.values.map(y)) {
            if run.count == 1, let only = run.first {
                svg.open("circle", [("cx", SVGWriter.number(x(only.index))), ("cy", SVGWriter.number(only.point)),
                                    ("r", "3"), ("fill", colour)], close: true)
                continue
            }
            d += "M" + run.map { "\(SVGWriter.number(x($0.index))),\(SVGWriter.number($0.point))" }.joined(separator: "L")
        }
        guard !d.isEmpty else { return }
        let dash = series.dashed ? "7 4" : (dashed ? ChartStyle.dash(series.style) : "")
        svg.open("path", [("class", "series"), ("d", d), ("stroke", colour), ("stroke-dasharray", dash)], close: true)
    }

    /// A cross where the entity left, with the reason on hover.
    func drawExit(_ series: ChartSeries, _ svg: inout SVGWriter) {
        guard let exit = series.exit, exit.index < series.values.count, let cy = y(series.values[exit.index]) else { return }
        let cx = x(exit.index), r = 5.0
        svg.open("g", [("class", "exit")])
        svg.title("\(series.name): \(exit.text)")
        svg.open("path", [("d", "M\(SVGWriter.number(cx - r)),\(SVGWriter.number(cy - r))L\(SVGWriter.number(cx + r)),"
                              + "\(SVGWriter.number(cy + r))M\(SVGWriter.number(cx - r)),\(SVGWriter.number(cy + r))L"
                              + "\(SVGWriter.number(cx + r)),\(SVGWriter.number(cy - r))")], close: true)
        svg.close("g")
    }

    /// Each line's name: right of the plot at the height of its last value, moved apart where
    /// names would overlap; for a line that ends early (an exit), beside its last point.
    func drawEndLabels(_ chart: Chart, _ svg: inout SVGWriter, fontSize: Double = 12) {
        let months = chart.months
        var wanted: [(y: Double, series: ChartSeries)] = []
        var early: [(x: Double, y: Double, series: ChartSeries)] = []
        for s in chart.series {
            guard let last = s.lastValueIndex, let y = y(s.values[last]) else { continue }
            if last == months - 1 { wanted.append((y, s)) } else { early.append((x(last), y, s)) }
        }
        wanted.sort { $0.y < $1.y }
        var placed = wanted.map(\.y)
        let gap = fontSize + 2
        for i in placed.indices where i > 0 { placed[i] = max(placed[i], placed[i - 1] + gap) }
        let lowest = top + height
        for i in placed.indices.reversed() where placed[i] > lowest - Double(placed.count - 1 - i) * gap {
            placed[i] = lowest - Double(placed.count - 1 - i) * gap
        }
        for (i, item) in wanted.enumerated() {
            svg.label(item.series.name, x: left + width + 8, y: placed[i] + fontSize * 0.35, cls: "end",
                      fill: ChartStyle.colour(item.series.style))
        }
        // Beside the last point, above it, moved up while it would overlap a name placed before.
        var boxes: [(x0: Double, x1: Double, y0: Double, y1: Double)] = []
        for item in early.sorted(by: { $0.x < $1.x }) {
            let w = SVGWriter.width(item.series.name, size: fontSize)
            let x0 = min(item.x + 6, left + width - w)
            var baseline = max(top + fontSize, item.y - 8)
            while boxes.contains(where: { $0.x0 < x0 + w && x0 < $0.x1 && $0.y0 < baseline + 2 && baseline - fontSize < $0.y1 }) {
                baseline -= gap
            }
            boxes.append((x0, x0 + w, baseline - fontSize, baseline + 2))
            svg.label(item.series.name, x: x0, y: baseline, cls: "end", fill: ChartStyle.colour(item.series.style))
        }
    }

    /// Consecutive months with a point, as runs of (index, point).
    func runs<Point>(_ points: [Point?]) -> [[(index: Int, point: Point)]] {
        var all: [[(index: Int, point: Point)]] = []
        var current: [(index: Int, point: Point)] = []
        for (i, p) in points.enumerated() {
            if let p { current.append((i, p)) } else if !current.isEmpty {
                all.append(current)
                current = []
            }
        }
        if !current.isEmpty { all.append(current) }
        return all
    }
}
