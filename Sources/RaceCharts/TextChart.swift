/// Charts for the terminal (`race plot`, `:plot`): braille lines on a grid of cells, sized to
/// the terminal, with ticks in human units, a month axis, a legend, and each line named at
/// its end and marked along its length so that crossing lines stay apart without colour.
public enum TextChart {
    /// The charts one above the other in `columns` × `rows` cells (each gets an equal share
    /// of the rows, and never fewer than it needs to be read: then the text is taller than
    /// asked and the terminal scrolls). Colour codes only with `colour`.
    public static func render(_ charts: [Chart], columns: Int, rows: Int, colour: Bool) -> String {
        guard !charts.isEmpty else { return "" }
        let width = max(columns, 40)
        let share = max(rows, 0) / charts.count
        return charts.map { chart -> String in
            let grid = chart.isFan ? TextFanChart.grid(chart, columns: width, rows: share)
                                   : lineGrid(chart, columns: width, rows: max(share, 10))
            return grid.render(colour: colour)
        }.joined()
    }

    /// One chart with every line on one pair of axes and the legend below.
    static func lineGrid(_ chart: Chart, columns: Int, rows: Int) -> TextGrid {
        let legend = legendLines(chart, width: columns)
        let plotRows = max(3, rows - 3 - legend.count)
        let scale = ValueScale(values: chart.allValues, format: chart.format,
                               targetTicks: max(2, plotRows / 3))
        var grid = TextGrid(columns: columns, rows: plotRows + 3 + legend.count)
        grid.write(title(chart, scale), column: 0, row: 0, style: .title)
        let body = panel(chart, scale: scale, columns: columns, rows: plotRows + 2, endLabels: chart.series.count > 1)
        grid.place(body, column: 0, row: 1)
        for (i, line) in legend.enumerated() {
            var column = 0
            for piece in line {
                grid.write(piece.text, column: column, row: plotRows + 3 + i, style: piece.style)
                column += piece.text.count
            }
        }
        return grid
    }

    /// `revenue (per month) — log scale`.
    static func title(_ chart: Chart, _ scale: ValueScale) -> String {
        var text = chart.title
        if let unit = AxisText.unitNote(chart.format) { text += " (\(unit))" }
        if scale.isLogarithmic { text += " — log scale" }
        return text
    }

    // MARK: - The plot with its axes

    /// The plot area with the value axis on its left, the month axis under it and, with
    /// `endLabels`, each line's name at the right of its last value: `rows` includes the
    /// two rows of the month axis.
    /// Without `monthAxis` (panels above others that carry it) every row is plot.
    static func panel(_ chart: Chart, scale: ValueScale, columns: Int, rows: Int, endLabels: Bool,
                      monthAxis: Bool = true) -> TextGrid {
        let plotRows = max(2, monthAxis ? rows - 2 : rows)
        let labels = scale.ticks.map(scale.label)
        let infinityLabels = (scale.hasInfinity ? ["∞"] : []) + (scale.hasNegativeInfinity ? ["-∞"] : [])
        let gutter = ((labels + infinityLabels).map(\.count).max() ?? 1) + 1
        let nameWidth = min(chart.series.map(\.name.count).max() ?? 0, max(6, columns / 6))
        let labelled = endLabels && chart.series.count <= plotRows
        let plotColumns = max(4, columns - gutter - 1 - (labelled ? nameWidth + 2 : 0))
        var canvas = BrailleCanvas(columns: plotColumns, rows: plotRows)
        let frame = PlotFrame(scale: scale, axis: TimeAxis(firstMonth: chart.firstMonth, months: chart.months),
                              width: canvas.pixelWidth, height: canvas.pixelHeight)
        var grid = TextGrid(columns: columns, rows: plotRows + (monthAxis ? 2 : 0))
        let left = gutter + 1

        for series in chart.series { drawBand(series, frame: frame, on: &canvas) }
        var marks: [(column: Int, row: Int, character: Character, style: Int)] = []
        // Later lines are drawn over earlier ones; draw the first (the legend's first) last.
        for series in chart.series.reversed() {
            marks += drawLine(series, frame: frame, on: &canvas, markersEvery: chart.series.count > 1 ? plotColumns : 0,
                              lineCount: chart.series.count)
        }
        grid.place(canvas.grid(), column: left, row: 0)
        for mark in marks { grid[left + mark.column, mark.row] = TextGrid.Cell(character: mark.character, style: .series(mark.style)) }

        // The value axis: a label and a tick at each round value.
        for row in 0..<plotRows { grid.write("│", column: gutter, row: row, style: .axis) }
        var used = Set<Int>()
        for (tick, label) in zip(scale.ticks, labels) {
            let row = Int(frame.y(position: scale.tickPosition(tick)) / 4)
            guard row >= 0, row < plotRows, used.insert(row).inserted else { continue }
            grid.write(pad(label, gutter - 1), column: 0, row: row)
            grid.write("┤", column: gutter, row: row, style: .axis)
        }
        if scale.hasInfinity { grid.write(pad("∞", gutter - 1), column: 0, row: 0) }
        if scale.hasNegativeInfinity { grid.write(pad("-∞", gutter - 1), column: 0, row: plotRows - 1) }

        if monthAxis { drawMonthAxis(frame, left: left, columns: plotColumns, row: plotRows, on: &grid) }
        if labelled { placeEndLabels(chart, frame: frame, width: nameWidth, column: left + plotColumns + 1, rows: plotRows, grid: &grid) }
        return grid
    }

    /// The month axis under a plot: its line with a tick at each round month, and the
    /// labels under the ticks where they fit.
    static func drawMonthAxis(_ frame: PlotFrame, left: Int, columns plotColumns: Int, row: Int, on grid: inout TextGrid) {
        grid.write("└" + String(repeating: "─", count: plotColumns), column: left - 1, row: row, style: .axis)
        let ticks = frame.axis.ticks { count, width in count * (width + 2) <= plotColumns + 2 }
        var free = 0
        for tick in ticks {
            let column = Int(frame.x(Double(tick.index)) / 2)
            grid.write("┬", column: left + column, row: row, style: .axis)
            let start = max(free, min(left + column - tick.label.count / 2, grid.columns - tick.label.count))
            guard start + tick.label.count <= grid.columns, start >= free else { continue }
            grid.write(tick.label, column: start, row: row + 1)
            free = start + tick.label.count + 1
        }
    }

    /// Shades a line's p5–p95 band, column by column of dots.
    static func drawBand(_ series: ChartSeries, frame: PlotFrame, on canvas: inout BrailleCanvas) {
        guard let band = series.band else { return }
        for x in 0..<canvas.pixelWidth {
            let index = frame.index(atX: Double(x))
            guard index >= 0, index < band.low.count, let low = frame.y(band.low[index]), let high = frame.y(band.high[index])
            else { continue }
            canvas.shade(x: x, from: high, to: low, style: series.style)
        }
    }

    /// Draws a line and returns the glyphs to put over it: its marker at its end and, when
    /// `markersEvery` is a width, every so many columns (staggered between lines); the
    /// exit mark; and a marker on each isolated month (a dot alone would be lost).
    static func drawLine(_ series: ChartSeries, frame: PlotFrame, on canvas: inout BrailleCanvas, markersEvery width: Int,
                         lineCount: Int) -> [(column: Int, row: Int, character: Character, style: Int)] {
        let points = series.values.indices.map { i in frame.y(series.values[i]).map { (x: frame.x(Double(i)), y: $0) } }
        var marks: [(column: Int, row: Int, character: Character, style: Int)] = []
        let marker = ChartStyle.marker(series.style)
        func mark(_ p: (x: Double, y: Double), _ character: Character) {
            marks.append((Int(p.x / 2), Int(p.y / 4), character, series.style))
        }
        for i in points.indices {
            guard let p = points[i] else { continue }
            let next = i + 1 < points.count ? points[i + 1] : nil
            if let next { canvas.line(from: p, to: next, style: series.style) }
            let previous = i > 0 ? points[i - 1] : nil
            if next == nil && previous == nil { mark(p, marker) }
        }
        // Along the line only where it is a line: a chart of one month has a point, not a line.
        if width > 0 && frame.axis.months > 1 {
            // Along the line every `spacing` columns, offset per line so markers do not pile up.
            let spacing = max(10, width / 5)
            let offset = spacing / 2 + (series.style % max(lineCount, 1)) * spacing / max(lineCount, 1)
            var column = offset
            while column < width - 3 {
                let index = frame.index(atX: Double(column * 2))
                if index < points.count, let p = points[index] { mark((Double(column * 2), p.y), marker) }
                column += spacing
            }
        }
        if let last = series.lastValueIndex, let p = points[last] { mark(p, marker) }
        if let exit = series.exit, exit.index < points.count, let p = points[exit.index] { mark(p, ChartStyle.exitMarker) }
        return marks
    }

    /// Names at the right edge beside each line's last value, moved apart where they would
    /// share a row; a line that ends early (an exit) is named beside its last point instead
    /// when the cells there are empty.
    static func placeEndLabels(_ chart: Chart, frame: PlotFrame, width: Int, column: Int, rows: Int, grid: inout TextGrid) {
        var wanted: [(row: Int, series: ChartSeries)] = []
        for s in chart.series {
            guard let last = s.lastValueIndex, let y = frame.y(s.values[last]) else { continue }
            if last < chart.months - 1 {
                let name = truncate(s.name, width)
                let start = column - frame.width / 2 - 1 + Int(frame.x(Double(last)) / 2) + 2
                let row = Int(y / 4)
                let free = (start..<(start + name.count)).allSatisfy { $0 < column - 1 && grid[$0, row].character == " " }
                if free {
                    grid.write(name, column: start, row: row, style: .series(s.style))
                    continue
                }
            }
            wanted.append((Int(y / 4), s))
        }
        wanted.sort { $0.row < $1.row }
        var placed = wanted.map(\.row)
        for i in placed.indices where i > 0 { placed[i] = max(placed[i], placed[i - 1] + 1) }
        // Pushed past the bottom: shift up from the bottom.
        for i in placed.indices.reversed() where placed[i] > rows - 1 - (placed.count - 1 - i) {
            placed[i] = rows - 1 - (placed.count - 1 - i)
        }
        for (i, item) in wanted.enumerated() {
            grid.write(truncate(item.series.name, width), column: column, row: max(0, placed[i]), style: .series(item.series.style))
        }
    }

    // MARK: - Legend

    /// A piece of a legend line in one style.
    typealias Piece = (text: String, style: TextGrid.Style)

    /// `● OpenAI $34.2B   ■ xAI $6.01B ✕ out of cash 2026-10`, wrapped to the width.
    static func legendLines(_ chart: Chart, width: Int) -> [[Piece]] {
        var lines: [[Piece]] = []
        var line: [Piece] = []
        var used = 0
        for series in chart.series {
            var item: [Piece] = [("\(ChartStyle.marker(series.style)) ", .series(series.style)), (series.name, .plain)]
            if let last = series.lastValueIndex { item.append((" " + AxisText.value(series.values[last], chart.format), .plain)) }
            if let exit = series.exit { item.append((" \(ChartStyle.exitMarker) \(exit.text)", .series(series.style))) }
            if let note = series.note { item.append((" (\(note))", .axis)) }
            if series.lastValueIndex == nil && series.note == nil { item.append((" (no values)", .axis)) }
            let length = item.reduce(0) { $0 + $1.text.count }
            if used > 0 && used + 3 + length > width {
                lines.append(line)
                line = []
                used = 0
            }
            if used > 0 {
                line.append(("   ", .plain))
                used += 3
            }
            line += item
            used += length
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }
}
