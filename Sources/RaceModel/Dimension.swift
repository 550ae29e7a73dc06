/// The physical dimension of a quantity: integer exponents of the five base units.
///
/// Values are stored in base units: dollars, months, chips, FLOP and watts. Compute rate
/// is FLOP per month inside the model and is converted to FLOP/s only for output (docs/reference/units.md).
public struct Dimension: Hashable, Sendable, CustomStringConvertible {
    public var money: Int8
    public var time: Int8
    public var chips: Int8
    public var flop: Int8
    public var power: Int8

    public init(money: Int8 = 0, time: Int8 = 0, chips: Int8 = 0, flop: Int8 = 0, power: Int8 = 0) {
        self.money = money
        self.time = time
        self.chips = chips
        self.flop = flop
        self.power = power
    }

    public static let ratio = Dimension()
    public static let money = Dimension(money: 1)
    public static let time = Dimension(time: 1)
    public static let chips = Dimension(chips: 1)
    public static let flop = Dimension(flop: 1)
    public static let power = Dimension(power: 1)
    public static let moneyRate = Dimension(money: 1, time: -1)
    public static let computeRate = Dimension(time: -1, flop: 1)
    public static let growthRate = Dimension(time: -1)
    public static let moneyPerChip = Dimension(money: 1, chips: -1)
    public static let moneyRatePerChip = Dimension(money: 1, time: -1, chips: -1)
    public static let computeRatePerChip = Dimension(time: -1, chips: -1, flop: 1)
    public static let powerPerChip = Dimension(chips: -1, power: 1)

    public static func * (a: Dimension, b: Dimension) -> Dimension {
        Dimension(money: a.money &+ b.money, time: a.time &+ b.time, chips: a.chips &+ b.chips,
                  flop: a.flop &+ b.flop, power: a.power &+ b.power)
    }

    public static func / (a: Dimension, b: Dimension) -> Dimension {
        Dimension(money: a.money &- b.money, time: a.time &- b.time, chips: a.chips &- b.chips,
                  flop: a.flop &- b.flop, power: a.power &- b.power)
    }

    /// The dimension raised to a whole power.
    public func power(_ n: Int8) -> Dimension {
        Dimension(money: money &* n, time: time &* n, chips: chips &* n, flop: flop &* n, power: power &* n)
    }

    public var isRatio: Bool { self == .ratio }

    /// A plain-words name for messages: "money ($)", "money per time ($/month)".
    public var description: String {
        switch self {
        case .ratio: return "a ratio"
        case .money: return "money ($)"
        case .time: return "time (months)"
        case .chips: return "chips"
        case .flop: return "compute (FLOP)"
        case .power: return "power (W)"
        case .moneyRate: return "money per time ($/month)"
        case .computeRate: return "compute rate (FLOP/s)"
        case .growthRate: return "a rate per time (%/month)"
        case .moneyPerChip: return "money per chip ($/chip)"
        default: return "‘\(unitText)’"
        }
    }

    /// The base-unit spelling: `$/month`, `FLOP/s`, `$·month/chip`.
    public var unitText: String {
        var numerator: [String] = []
        var denominator: [String] = []
        func add(_ name: String, _ exponent: Int8) {
            if exponent > 0 { numerator.append(exponent == 1 ? name : "\(name)^\(exponent)") }
            if exponent < 0 { denominator.append(exponent == -1 ? name : "\(name)^\(-exponent)") }
        }
        add("$", money)
        add("chip", chips)
        add("FLOP", flop)
        add("W", power)
        // Compute rate is shown per second (docs/reference/units.md); every other time is in months.
        add(self == .computeRate ? "s" : "month", time)
        let top = numerator.isEmpty ? "1" : numerator.joined(separator: "·")
        return denominator.isEmpty ? top : top + "/" + denominator.joined(separator: "·")
    }
}

/// Exact conversions between time units (docs/reference/units.md).
public enum TimeUnits {
    /// Seconds in a month: 30.4375 days × 86,400 s.
    public static let secondsPerMonth: Double = 2_629_800
    public static let hoursPerMonth: Double = 730.5
    public static let daysPerMonth: Double = 30.4375
}
