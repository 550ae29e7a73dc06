import RaceModel

// Foundation also declares a `Dimension` (NSDimension), so the model's type is always
// written `RaceModel.Dimension` here.

/// Turns model values (stored in base units: $, month, chip, FLOP, W) into text.
///
/// Two audiences: `human` is for tables an analyst reads (short, about three significant
/// digits, SI or money prefixes); `plain` is for CSV and JSON that programs read
/// (shortest decimal that reads back to the same `Double`). `base` applies the one unit
/// change between model and output (docs/reference/units.md): compute rates are kept per month inside the
/// model but reported per second.
///
/// Rounding convention of `human`: three significant digits, and trailing zeros are
/// dropped only when the short text is the exact value. So `$4.2k` and `1.4 kW` are exact
/// (what the scenario wrote), while the zeros in `$1.00B` (from $999.96M) or `$1.40T`
/// (from $1.3987T) say "rounded". Rounding that carries into the next prefix moves to it:
/// $999.96M is `$1.00B`, never `$1000M`.
public enum QuantityFormat {
    /// The text shown for a missing value (e.g. the runway of a lab that is not burning).
    public static let noValue = "—"

    // MARK: - Human

    /// Analyst-friendly text for a value in base units, e.g. `$12.3B`, `989 TFLOP/s`,
    /// `2.1e26 FLOP`, `8.2 months`, `200k chips`, `1.4 kW`, `5%/month`.
    /// NaN prints as `—`, infinities as `∞` / `-∞`.
    public static func human(_ value: Double, _ dimension: RaceModel.Dimension) -> String {
        if value.isNaN { return noValue }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        let v = base(value, dimension)
        // -0.0 from arithmetic should not show as "-$0".
        let sign = v < 0 ? "-" : ""
        let m = v == 0 ? 0 : abs(v)
        switch dimension {
        case .money:
            return sign + "$" + prefixed(m, moneyPrefixes)
        case .moneyRate:
            return sign + "$" + prefixed(m, moneyPrefixes) + "/month"
        case .computeRate:
            return sign + prefixed(m, siPrefixes, unit: "FLOP/s")
        case .flop:
            // Training compute spans 1e20…1e28: scientific notation reads better than
            // prefixes most analysts do not know (ronna, quetta).
            return sign + (m < 1e3 ? significant(m) : scientific(m)) + " FLOP"
        case .time:
            let text: String
            if m >= 1e9 || (m != 0 && m < 1e-3) {
                text = scientific(m)
            } else if m >= 100 {
                // Long horizons: whole months with separators (`1,234 months`).
                text = grouped(m.rounded())
            } else {
                text = significant(m)
            }
            return sign + text + (text == "1" ? " month" : " months")
        case .chips:
            let text = prefixed(m, moneyPrefixes)
            return sign + text + (text == "1" ? " chip" : " chips")
        case .power:
            return sign + prefixed(m, siPrefixes, unit: "W")
        case .ratio:
            return sign + prefixed(m, moneyPrefixes)
        case .growthRate:
            return sign + short(m * 100) + "%/month"
        default:
            break
        }
        // Per-chip quantities (chip prices, per-chip perf and power) read best as the
        // per-chip value in its own units, then "per chip". Undo the per-second conversion
        // first: the recursive call applies it again for the numerator dimension.
        if dimension.chips == -1 {
            return human(value, dimension * .chips) + " per chip"
        }
        return sign + short(m) + " " + unitText(dimension)
    }

    /// Like `human(_:_:)`, with `nil` (no value, e.g. a null runway) shown as `—`.
    public static func human(_ value: Double?, _ dimension: RaceModel.Dimension) -> String {
        guard let value else { return noValue }
        return human(value, dimension)
    }

    /// A ratio shown as a percentage: one decimal from 1% up (`45.0%`), two below
    /// (`0.79%`), so columns of shares line up.
    public static func percent(_ value: Double) -> String {
        if value.isNaN { return noValue }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        let p = value * 100
        let decimals = abs(p) < 0.995 ? 2 : 1
        var text = printfText("%.\(decimals)f", p)
        // "-0.00" for a tiny negative share is noise; show zero.
        if Double(text) == 0 { text = printfText("%.\(decimals)f", 0.0) }
        return text + "%"
    }

    // MARK: - Base units and plain numbers

    /// The value converted to the output base units of docs/reference/units.md. Any dimension that is FLOP per
    /// time (a compute rate, also per chip) goes from per month to per second; every other
    /// dimension is already in its output unit.
    public static func base(_ value: Double, _ dimension: RaceModel.Dimension) -> Double {
        isPerSecond(dimension) ? value / TimeUnits.secondsPerMonth : value
    }

    /// The unit spelling matching `base(_:_:)`: like `Dimension.unitText`, but every
    /// per-second dimension (not only `.computeRate`) says `/s`.
    public static func unitText(_ dimension: RaceModel.Dimension) -> String {
        guard isPerSecond(dimension), dimension != .computeRate else { return dimension.unitText }
        var rest = dimension
        rest.time = 0
        let text = rest.unitText
        return text + (text.contains("/") ? "·s" : "/s")
    }

    /// A number for CSV and JSON: the shortest decimal that reads back as the same
    /// `Double`. Integral values within ±2^53 print without a fraction or exponent
    /// (`200000`, not `200000.0`); others use Swift's shortest form with the exponent's
    /// `+` dropped (`1e20`, `1.5e-7`). `-0.0` prints as `-0` so it round-trips.
    /// Non-finite values return an empty string: they have no JSON spelling, so JSON
    /// callers emit `null` and CSV leaves the field empty.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        // Swift prints `1e+20` and `1e-07`; both are valid JSON, but `1e20` and `1e-7` match
        // how the spec and scenarios write numbers.
        let text = value.description
        guard let e = text.firstIndex(of: "e") else { return text }
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-" }
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        while exponent.count > 1 && exponent.first == "0" { exponent = exponent.dropFirst() }
        return text[..<e] + "e" + sign + exponent
    }

    /// Like `plain(_:)`, with `nil` as an empty string.
    public static func plain(_ value: Double?) -> String {
        guard let value else { return "" }
        return plain(value)
    }

    // MARK: - Helpers

    private static func isPerSecond(_ d: RaceModel.Dimension) -> Bool { d.flop == 1 && d.time == -1 }

    /// Magnitude suffixes as the scenario language writes them (`$30k`, `$6.6B`, `200k`).
    private static let moneyPrefixes = ["", "k", "M", "B", "T"]
    /// SI prefixes for FLOP/s and W (`989 TFLOP/s`, `1.4 kW`).
    private static let siPrefixes = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"]

    /// Three significant digits of a positive finite value, correctly rounded in decimal:
    /// the digits without a point ("100") and the power of ten of the first digit.
    /// `%e` rounds the exact binary value, so 999.96e6 becomes 1.00e9 with no
    /// floating-point drift, and the exponent moves with the carry.
    private static func digits(_ m: Double) -> (digits: String, exponent: Int, exact: Bool) {
        let text = printfText("%.2e", m)  // "1.23e+09"
        let parts = text.split(separator: "e")
        let mantissa = parts[0].filter { $0 != "." }
        let exponent = Int(parts[1]) ?? 0
        // "Exact" allows for binary noise: 0.1 + 0.2 prints as 0.3, 4200.0000001 as 4.2k.
        let rounded = Double(text) ?? m
        let exact = abs(rounded - m) <= abs(m) * 1e-9
        return (mantissa, exponent, exact)
    }

    /// Places the decimal point in three digits so that `shift + 1` digits come before it
    /// ("123", shift 1 → "12.3"), dropping trailing fractional zeros when `trim`.
    private static func place(_ digits: String, shift: Int, trim: Bool) -> String {
        let chars = Array(digits)
        var text = String(chars[0...shift])
        if shift < chars.count - 1 {
            var fraction = String(chars[(shift + 1)...])
            if trim { while fraction.hasSuffix("0") { fraction.removeLast() } }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    /// A non-negative value with a prefix from `prefixes` (each step ×1000), e.g. "12.3B"
    /// or "989 T" + unit. Past the largest prefix, or below 1, falls back to `short`.
    private static func prefixed(_ m: Double, _ prefixes: [String], unit: String? = nil) -> String {
        func join(_ number: String, _ prefix: String) -> String {
            guard let unit else { return number + prefix }
            return number + " " + prefix + unit
        }
        if m == 0 { return join("0", "") }
        let (d, e, exact) = digits(m)
        guard e >= 0, e / 3 < prefixes.count else { return join(short(m), "") }
        return join(place(d, shift: e % 3, trim: exact), prefixes[e / 3])
    }

    /// Three significant digits without prefix, for values in [1e-3, 1e6); scientific
    /// outside that range. Used where prefixes would confuse (`2.5%/month`, ratios of
    /// unusual units).
    private static func short(_ m: Double) -> String {
        if m == 0 { return "0" }
        if m >= 1e6 || m < 1e-3 { return scientific(m) }
        return significant(m)
    }

    /// Three significant digits in positional notation (0.00123 … 999999).
    private static func significant(_ m: Double) -> String {
        if m == 0 { return "0" }
        let (d, e, exact) = digits(m)
        if e >= 2 {
            // Whole number: the three digits then zeros (12300), grouped for reading.
            let whole = d + String(repeating: "0", count: e - 2)
            return grouped(Double(whole) ?? m)
        }
        if e >= 0 { return place(d, shift: e, trim: exact) }
        let fraction = String(repeating: "0", count: -e - 1) + d
        var text = "0." + fraction
        if exact { while text.hasSuffix("0") { text.removeLast() } }
        return text
    }

    /// `2.1e26`, `2.10e26` when rounded (see the type's rounding convention).
    private static func scientific(_ m: Double) -> String {
        let (d, e, exact) = digits(m)
        return place(d, shift: 0, trim: exact) + "e" + String(e)
    }

    /// A whole non-negative number with thousands separators: 1234 → "1,234".
    private static func grouped(_ m: Double) -> String {
        let raw = printfText("%.0f", m)
        var out = ""
        for (i, c) in raw.enumerated() {
            if i > 0 && (raw.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
