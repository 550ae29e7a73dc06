import FoundationXML
import XCTest
import RaceEngine
@testable import RaceCharts

/// Parses XML and keeps the first error.
final class XMLCheck: NSObject, XMLParserDelegate {
    var error: Error?
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    static func parse(_ xml: String) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = check
        let ok = parser.parse()
        if check.error == nil, !ok || parser.parserError != nil {
            check.error = parser.parserError ?? NSError(domain: "XMLCheck", code: 1)
        }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { if error == nil { error = parseError } }
}

final class SVGChartTests: XCTestCase {
    func testStandaloneSVGIsWellFormedXMLWithATitlePerLine() throws {
        var chart = ChartSamples.crossing
        chart.series[0].name = "A&B <Labs> \"quoted\""
        let svg = SVGChart.document([chart, ChartSamples.awkward, ChartSamples.single, ChartSamples.fan])
        let check = XMLCheck.parse(svg)
        XCTAssertNil(check.error, "\(check.error.map { "\($0)" } ?? "")")
        XCTAssertTrue(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(check.elements.first?.attributes["viewBox"]?.hasPrefix("0 0 960 ") ?? false, "scales to any size")
        // Every line carries a title for hover, and its name survives escaping.
        XCTAssertTrue(check.text.contains("A&B <Labs> \"quoted\" — cash"))
        let lineGroups = check.elements.filter { $0.name == "g" && $0.attributes["class"] == "line" }
        XCTAssertEqual(lineGroups.count, chart.series.count + ChartSamples.awkward.series.count + ChartSamples.single.series.count)
        // Nothing is fetched: the only http is the namespace.
        XCTAssertEqual(svg.components(separatedBy: "http").count - 1, 1)
    }

    func testLinesDifferByDashAndAreNamedAtTheirEnd() {
        let svg = SVGChart.document([ChartSamples.crossing])
        let dashes = Set(XMLCheck.parse(svg).elements.filter { $0.attributes["class"] == "series" }
            .map { $0.attributes["stroke-dasharray"] ?? "" })
        XCTAssertGreaterThanOrEqual(dashes.count, 4, "each line its own dash pattern, for print")
        for name in ["Alpha", "Beta", "Tiny", "Gone"] { XCTAssertTrue(svg.contains(">\(name)</text>"), name) }
    }

    /// The points of a path's `d` (`M x,y L x,y …`), one list per subpath.
    private func subpaths(_ d: String) -> [[(x: Double, y: Double)]] {
        d.split(separator: "M").map { part in
            part.replacingOccurrences(of: "Z", with: "").split(separator: "L").compactMap { pair in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return xy.count == 2 ? (xy[0], xy[1]) : nil
            }
        }
    }

    /// For each panel of a fan, every point of the median line lies within the band drawn
    /// around it (SVG y grows downwards: the upper edge has the smaller y).
    private func assertBandsContainLines(_ svg: String, file: StaticString = #filePath, line: UInt = #line) {
        let elements = XMLCheck.parse(svg).elements
        let bands = elements.filter { $0.attributes["class"] == "band" }
        let lines = elements.filter { $0.attributes["class"] == "series" && $0.attributes["d"]?.contains("L") == true
            && !($0.attributes["d"]?.contains("h24") ?? false) }
        XCTAssertEqual(bands.count, lines.count, "one band per median line", file: file, line: line)
        for (band, median) in zip(bands, lines) {
            var edges: [Double: (top: Double, bottom: Double)] = [:]
            for polygon in subpaths(band.attributes["d"]!) {
                let half = polygon.count / 2
                for (upper, lower) in zip(polygon.prefix(half), polygon.suffix(half).reversed()) {
                    edges[upper.x] = (upper.y, lower.y)
                }
            }
            var compared = 0
            defer { XCTAssertGreaterThan(compared, 5, "the band and its line share their months", file: file, line: line) }
            for point in subpaths(median.attributes["d"]!).joined() {
                guard let edge = edges[point.x] else { continue }
                compared += 1
                XCTAssertLessThanOrEqual(edge.top, point.y + 0.011, "median above its band at x \(point.x)", file: file, line: line)
                XCTAssertGreaterThanOrEqual(edge.bottom, point.y - 0.011, "median below its band at x \(point.x)", file: file, line: line)
            }
        }
    }

    func testAFanBandContainsItsMedianLine() {
        assertBandsContainLines(SVGChart.document([ChartSamples.fan]))
    }

    func testAFanOfARealMonteCarloRunContainsItsMedians() throws {
        let model = try ChartSamples.model(ChartSamples.uncertainScenario)
        let result = try MonteCarlo.run(plan: Lowering.lower(model), samples: 200, seed: 7, threads: 1, keepSeries: true,
                                        fields: [.cash, .revenue, .runway])
        for field in [RecordedField.cash, .revenue, .runway] {
            let chart = ChartBuilder.fan(result, field: .recorded(field), entities: [1, 2, 3])
            for series in chart.series {
                for i in series.values.indices where series.values[i].isFinite {
                    XCTAssertLessThanOrEqual(series.band!.low[i], series.values[i], "\(series.name) \(field) month \(i)")
                    XCTAssertGreaterThanOrEqual(series.band!.high[i], series.values[i], "\(series.name) \(field) month \(i)")
                }
            }
            assertBandsContainLines(SVGChart.document([chart]))
        }
        let cash = ChartBuilder.fan(result, field: .recorded(.cash), entities: [1, 2, 3])
        XCTAssertNotNil(cash.series[0].band, "Alpha's burn is uncertain")
        XCTAssertNotEqual(cash.series[0].band!.low.last, cash.series[0].band!.high.last)
    }
}
