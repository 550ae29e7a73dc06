import RaceModel
import RaceReport
import RaceSyntax

/// The words of a chart: axis labels, the unit in a title, values in a legend, months.
public enum AxisText {
    /// A tick's label: the human text of `QuantityFormat` without a unit word the title
    /// carries instead (`$2B` for $2B/month, `6` for 6 months): axis labels stay narrow.
    static func label(_ value: Double, _ format: ValueFormat) -> String {
        guard case .quantity(let dimension) = format else { return percent(value) }
        let text = QuantityFormat.human(value, dimension)
        for suffix in unitSuffixes(dimension) where text.hasSuffix(suffix) {
            return String(text.dropLast(suffix.count))
        }
        return text
    }

    /// A value in a table column whose heading names the unit: as a tick label, with `—` and
    /// `∞` for a missing and an infinite value.
    static func cell(_ value: Double, _ format: ValueFormat) -> String {
        value.isFinite ? label(value, format) : self.value(value, format)
    }

    /// The unit left out of the tick labels, for the title (`per month`, `months`), or nil.
    public static func unitNote(_ format: ValueFormat) -> String? {
        guard case .quantity(let dimension) = format else { return nil }
        switch dimension {
        case .moneyRate: return "per month"
        case .time: return "months"
        case .chips: return "chips"
        case .flop: return "FLOP"
        default: return nil
        }
    }

    private static func unitSuffixes(_ dimension: RaceModel.Dimension) -> [String] {
        switch dimension {
        case .moneyRate: return ["/month"]
        case .time: return [" months", " month"]
        case .chips: return [" chips", " chip"]
        case .flop: return [" FLOP"]
        default: return []
        }
    }

    /// A value in full, for legends and hover titles: `$34.2B`, `∞`, `—` for none.
    public static func value(_ value: Double, _ format: ValueFormat) -> String {
        if value.isNaN { return QuantityFormat.noValue }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        guard case .quantity(let dimension) = format else { return percent(value) }
        return QuantityFormat.human(value, dimension)
    }

    /// A share as a percentage with at most one decimal: `50%`, `12.5%`, `0.4%`.
    static func percent(_ share: Double) -> String {
        if !share.isFinite { return value(share, .quantity(.ratio)) }
        var text = printfText("%.1f", share * 100)
        if text.hasSuffix(".0") { text.removeLast(2) }
        if text == "-0" { text = "0" }
        return text + "%"
    }

    /// `2025-03`.
    public static func month(_ index: Int) -> String { MonthIndex.format(index) }
}
