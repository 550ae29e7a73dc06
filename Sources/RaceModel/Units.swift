/// The unit words of docs/reference/units.md: each is a scale to base units and a dimension.
public enum UnitWords {
    public struct Unit: Sendable {
        public let scale: Double
        public let dimension: Dimension
    }

    /// Looks up a unit word (`months`, `TFLOP`, `kW`, `chips`).
    public static func lookup(_ word: String) -> Unit? { table[word] }

    /// Every unit word, for completion and suggestions.
    public static var all: [String] { Array(table.keys).sorted() }

    /// Whether the word is a time unit, and its length in months.
    public static func months(in word: String) -> Double? {
        guard let unit = table[word], unit.dimension == .time else { return nil }
        return unit.scale
    }

    private static let table: [String: Unit] = {
        var table: [String: Unit] = [:]
        let secondsPerMonth = TimeUnits.secondsPerMonth
        let times: [(String, Double)] = [
            ("s", 1 / secondsPerMonth), ("second", 1 / secondsPerMonth), ("seconds", 1 / secondsPerMonth),
            ("hour", 1 / TimeUnits.hoursPerMonth), ("hours", 1 / TimeUnits.hoursPerMonth),
            ("day", 1 / TimeUnits.daysPerMonth), ("days", 1 / TimeUnits.daysPerMonth),
            ("week", 7 / TimeUnits.daysPerMonth), ("weeks", 7 / TimeUnits.daysPerMonth),
            ("month", 1), ("months", 1), ("quarter", 3), ("quarters", 3), ("year", 12), ("years", 12),
        ]
        for (word, scale) in times { table[word] = Unit(scale: scale, dimension: .time) }
        let prefixes: [(String, Double)] = [
            ("", 1), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("Z", 1e21),
        ]
        for (prefix, scale) in prefixes {
            table[prefix + "FLOP"] = Unit(scale: scale, dimension: .flop)
        }
        for (prefix, scale) in prefixes.prefix(4) {
            table[prefix + "W"] = Unit(scale: scale, dimension: .power)
        }
        table["chip"] = Unit(scale: 1, dimension: .chips)
        table["chips"] = Unit(scale: 1, dimension: .chips)
        return table
    }()
}
