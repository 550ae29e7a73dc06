import RaceModel

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
        return printfText("%.3g", value)
    }

    /// Why a month's flows cannot be booked: the first of revenue and burn that is not finite.
    static func brokenFlow(of entity: String, revenue: Double, burn: Double) -> String {
        let (value, name) = revenue.isFinite ? (burn, "burn") : (revenue, "revenue")
        return "\(entity)'s \(name) is \(value.isNaN ? "not a number" : "infinite") (a division by zero, or a number too large)"
    }
}
