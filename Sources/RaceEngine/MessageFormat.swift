import Foundation

/// Short numbers for runtime error messages. (Reports use RaceReport's QuantityFormat;
/// the engine cannot depend on it, and its messages need only money and plain numbers.)
enum MessageFormat {
    static func money(_ value: Double) -> String {
        let sign = value < 0 ? "-" : ""
        let a = Swift.abs(value)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where a >= scale {
            return sign + "$" + number(a / scale) + suffix
        }
        return sign + "$" + number(a)
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "not a number" : (value > 0 ? "infinity" : "-infinity") }
        return String(format: "%.3g", value)
    }
}
