import XCTest
@testable import RaceCharts

final class TextChartTests: XCTestCase {
    /// The text without ANSI colour codes (`ESC [ … m`).
    private func plain(_ text: some StringProtocol) -> String {
        var out = "", inCode = false
        for character in text {
            if character == "\u{1B}" { inCode = true; continue }
            if inCode { if character == "m" { inCode = false }; continue }
            out.append(character)
        }
        return out
    }

    /// Visible width of a line: escape codes take no cells.
    private func width(_ line: Substring) -> Int { plain(line).count }

    private func checkFits(_ text: String, columns: Int, rows: Int, file: StaticString = #filePath, line: UInt = #line) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertLessThanOrEqual(lines.count, rows, "taller than \(rows) rows", file: file, line: line)
        for l in lines { XCTAssertLessThanOrEqual(width(l), columns, "wider than \(columns): \(l)", file: file, line: line) }
    }

    func testCrossingLinesGolden() throws {
        let plain = TextChart.render([ChartSamples.crossing], columns: 80, rows: 23, colour: false)
        checkFits(plain, columns: 80, rows: 23)
        XCTAssertFalse(plain.contains("\u{1B}"), "no colour codes without colour")
        try assertGolden(plain, "crossing-80x23")
        let coloured = TextChart.render([ChartSamples.crossing], columns: 80, rows: 23, colour: true)
        XCTAssertTrue(coloured.contains("\u{1B}[0;38;5;"))
        XCTAssertEqual(self.plain(coloured), plain, "colour changes nothing but colour")
        try assertGolden(coloured, "crossing-80x23-colour")
        let wide = TextChart.render([ChartSamples.crossing], columns: 200, rows: 49, colour: false)
        checkFits(wide, columns: 200, rows: 49)
        try assertGolden(wide, "crossing-200x49")
    }

    func testCrossingLinesAreToldApartWithoutColour() {
        let text = TextChart.render([ChartSamples.crossing], columns: 80, rows: 23, colour: false)
        // One lab is 200 times smaller than the largest: the axis is logarithmic.
        XCTAssertTrue(text.hasPrefix("cash — log scale"))
        // Each line's marker appears along it and in the legend; names at the line ends.
        for (marker, name) in zip(["●", "■", "▲", "◆"], ["Alpha", "Beta", "Tiny", "Gone"]) {
            XCTAssertGreaterThanOrEqual(text.components(separatedBy: marker).count - 1, 2, "\(marker) \(name)")
            XCTAssertTrue(text.contains("\(marker) \(name)"), "legend entry for \(name)")
        }
        XCTAssertTrue(text.contains("✕ acquired by Alpha 2025-08"), "the exit is in the legend")
        XCTAssertTrue(text.contains("✕"))
    }

    func testAwkwardValuesGolden() throws {
        let text = TextChart.render([ChartSamples.awkward], columns: 80, rows: 23, colour: false)
        checkFits(text, columns: 80, rows: 23)
        XCTAssertTrue(text.contains("∞"), "infinity has its own place on the axis")
        XCTAssertTrue(text.contains("Backer (cash not tracked)"))
        try assertGolden(text, "awkward-80x23")
    }

    func testOneMonthGolden() throws {
        let text = TextChart.render([ChartSamples.single], columns: 60, rows: 12, colour: false)
        checkFits(text, columns: 60, rows: 12)
        XCTAssertTrue(text.contains("2025-01"))
        XCTAssertTrue(text.contains("● Alpha 2 ZFLOP/s"))
        try assertGolden(text, "single-60x12")
    }

    func testFanGolden() throws {
        let plain = TextChart.render([ChartSamples.fan], columns: 80, rows: 23, colour: false)
        checkFits(plain, columns: 80, rows: 23)
        XCTAssertTrue(plain.contains("░"), "the band is shaded")
        try assertGolden(plain, "fan-80x23")
        try assertGolden(TextChart.render([ChartSamples.fan], columns: 80, rows: 23, colour: true), "fan-80x23-colour")
    }

    func testSeveralChartsShareTheRows() {
        let text = TextChart.render([ChartSamples.crossing, ChartSamples.awkward], columns: 100, rows: 40, colour: false)
        checkFits(text, columns: 100, rows: 40)
        XCTAssertTrue(text.contains("cash — log scale"))
        XCTAssertTrue(text.contains("runway (months)"))
    }

    func testTinyTerminalsStillDrawSomethingReadable() {
        let text = TextChart.render([ChartSamples.crossing], columns: 20, rows: 5, colour: false)
        // Never narrower than 40 columns nor shorter than 10 rows: the terminal scrolls instead.
        checkFits(text, columns: 40, rows: 12)
        XCTAssertTrue(text.contains("cash"))
    }
}
