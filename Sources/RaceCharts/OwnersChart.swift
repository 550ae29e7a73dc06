/// Who owns what: one bar per entity, split into its holders' stakes (largest first) and the
/// rest held by untracked "others". A holder keeps its colour in every bar; each segment wide
/// enough carries its name and share, and every one its share on hover.
enum OwnersChart {
    static func inline(_ owned: [(entity: Int, stakes: [(holder: Int, share: Double)])], names: [String]) -> String {
        let width = SVGChart.inner, barHeight = 26.0, gap = 12.0
        let gutter = (owned.map { SVGWriter.width(names[$0.entity], size: 12) }.max() ?? 40) + 14
        let span = width - gutter
        // Colours by holder, in order of first appearance.
        var holders: [Int] = []
        for (_, stakes) in owned { for stake in stakes where !holders.contains(stake.holder) { holders.append(stake.holder) } }

        var svg = SVGWriter()
        svg.open("g", [("transform", "translate(\(SVGWriter.number(SVGChart.margin)) \(SVGWriter.number(SVGChart.margin)))")])
        for (row, item) in owned.enumerated() {
            let y = Double(row) * (barHeight + gap)
            svg.label(names[item.entity], x: gutter - 8, y: y + barHeight / 2 + 4, anchor: "end")
            var x = gutter
            let others = max(0, 1 - item.stakes.reduce(0) { $0 + $1.share })
            let segments = item.stakes.map { (names[$0.holder], $0.share, ChartStyle.colour(holders.firstIndex(of: $0.holder) ?? 0)) }
                + [("others", others, "#d9d9d9")]
            for (holder, share, colour) in segments where share > 0 {
                let w = share * span
                let text = "\(holder) \(AxisText.percent(share))"
                svg.open("g")
                svg.title("\(names[item.entity]): \(holder) \(AxisText.percent(share))")
                svg.open("rect", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)), ("width", SVGWriter.number(w)),
                                  ("height", SVGWriter.number(barHeight)), ("fill", colour), ("stroke", "#fff")], close: true)
                // The name and share, else the name, else the share: whatever fits the segment.
                if let fitting = [text, holder, AxisText.percent(share)].first(where: { SVGWriter.width($0, size: 11) + 8 <= w }) {
                    svg.label(fitting, x: x + 5, y: y + barHeight / 2 + 4, cls: "bar-label", fill: holder == "others" ? "#333" : "")
                }
                svg.close("g")
                x += w
            }
        }
        svg.close("g")
        let height = Double(owned.count) * (barHeight + gap) - gap + 2 * SVGChart.margin
        return SVGChart.inline(svg.text, height: height, label: "owners at the horizon")
    }
}
