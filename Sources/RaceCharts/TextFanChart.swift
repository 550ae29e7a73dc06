/// A fan chart in the terminal: one panel per entity, all on the same value scale, each with
/// its p5–p95 band shaded (`░`) and its median drawn as a braille line. Only the bottom row
/// of panels carries the month axis: the panels above line up with it, and the rows it
/// saves go to the plots.
enum TextFanChart {
    /// The narrowest panel that still reads (value labels, a few years of months).
    static let minimumPanelWidth = 38
    /// The lowest panel: its title and four rows of plot.
    static let minimumPanelHeight = 5

    static func grid(_ chart: Chart, columns: Int, rows: Int) -> TextGrid {
        let count = max(chart.series.count, 1)
        // As many across as fit, then evened out over the rows (six labs in a wide terminal: 3 + 3, not 5 + 1).
        let widest = max(1, min(count, columns / minimumPanelWidth))
        let down = (count + widest - 1) / widest
        let across = (count + down - 1) / down
        // The title with the subtitle beside it, and the month axis under the last row.
        let panelHeight = max(minimumPanelHeight, (rows - 1 - 2) / down)
        let panelWidth = columns / across
        let scale = ValueScale(values: chart.allValues, format: chart.format, targetTicks: max(2, (panelHeight - 1) / 2))
        var grid = TextGrid(columns: columns, rows: 1 + down * panelHeight + 2)
        let title = TextChart.title(chart, scale)
        grid.write(title, column: 0, row: 0, style: .title)
        if let subtitle = chart.subtitle { grid.write("  " + subtitle, column: title.count, row: 0, style: .axis) }
        for (i, series) in chart.series.enumerated() {
            var single = chart
            single.series = [series]
            // The month axis goes under each column's last panel.
            let bottom = i + across >= chart.series.count
            var panel = TextGrid(columns: panelWidth - 1, rows: panelHeight + (bottom ? 2 : 0))
            panel.write(panelTitle(series, chart.format, width: panelWidth - 1), column: 0, row: 0, style: .series(series.style))
            panel.place(TextChart.panel(single, scale: scale, columns: panelWidth - 1, rows: panel.rows - 1, endLabels: false,
                                        monthAxis: bottom),
                        column: 0, row: 1)
            grid.place(panel, column: (i % across) * panelWidth, row: 1 + (i / across) * panelHeight)
        }
        return grid
    }

    /// `● OpenAI -$1.64B [-$2.96B – -$411M] ✕ p(exit) 100%, median 2026-10`: the name, the
    /// median at the last month with its band, and the exits; the band, then the exit's
    /// wording, then the median give way when the panel is narrow.
    static func panelTitle(_ series: ChartSeries, _ format: ValueFormat, width: Int = .max) -> String {
        let name = "\(ChartStyle.marker(series.style)) \(series.name)"
        var median = "", band = ""
        if let last = series.lastValueIndex {
            median = " " + AxisText.value(series.values[last], format)
            if let b = series.band, last < b.low.count, b.low[last] != b.high[last] {
                band = " [\(AxisText.value(b.low[last], format)) – \(AxisText.value(b.high[last], format))]"
            }
        }
        let exit = series.exit.map { " \(ChartStyle.exitMarker) \($0.text)" } ?? ""
        let shortExit = series.exit.map { " \(ChartStyle.exitMarker) " + $0.text.replacing("p(exit) ", with: "")
            .replacing(", median", with: "") } ?? ""
        let note = series.note.map { " (\($0))" } ?? ""
        let choices = [name + median + band + exit + note, name + median + band + shortExit + note, name + median + shortExit + note,
                       name + median + note, name + note]
        return choices.first { $0.count <= width } ?? TextChart.truncate(name, width)
    }
}
