/// A line of the tables' `Owners` section: `  OpenAI: Microsoft 40.7%, SoftBank 10.7%, others 47.1%`.
enum OwnersLine {
    /// The holders by stake, largest first, then the untracked rest: none when nothing is left
    /// (a lab wholly owned reads `Meta 100.0%`, not `others 0.00%`), `<0.01%` when what is left
    /// is too small to show.
    static func text(_ name: String, _ stakes: [(holder: Int, share: Double)], names: [String]) -> String {
        var parts = stakes.sorted { $0.share > $1.share }.map { "\(names[$0.holder]) \(QuantityFormat.percent($0.share))" }
        let others = 1 - stakes.reduce(0) { $0 + $1.share }
        if others >= 0.00005 {
            parts.append("others \(QuantityFormat.percent(others))")
        } else if others > 1e-9 {
            parts.append("others <0.01%")
        }
        return "  \(name): \(parts.joined(separator: ", "))\n"
    }
}
