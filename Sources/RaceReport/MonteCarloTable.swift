#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S` in a terminal: the report's columns as compact ranges,
/// `p50 [p5–p95]` (`$4.1B [2.2–7.9]`: the range in the median's unit prefix), and each
/// entity's probability of leaving the race with the median month it left in.
public enum MonteCarloTable {
    public static func render(_ result: MonteCarloResult) -> String {
        let model = result.model
        let names = model.entities.map(\.name)
        let last = result.finalStep
        func date(_ step: Int) -> String { MonthIndex.format(model.start + step) }
        let samples = number(Double(result.samples))
        var out = ""
        let title = model.title.map { "\($0) — " } ?? ""
        out += "\(title)\(date(0)) to \(date(model.steps - 1)), \(model.steps) month\(model.steps == 1 ? "" : "s")\n"
        out += "\(samples) samples, seed \(result.seed); each number is the median [5th–95th percentile]\n"
        out += MonteCarloObservations.weightingLine(result).map { $0 + "\n" } ?? ""
        out += "\n"

        let entities = model.report.entities ?? model.entities.indices.filter { model.entities[$0].kind == .lab }
        let columns = model.report.columns
        let formulaColumns = RunJSON.formulaColumns(model)
        func cell(_ column: ReportRequest.Column, _ e: Int, _ step: Int?) -> String {
            switch column {
            case .quantity(let q):
                guard let field = RecordedField(name: q.rawValue) else { return QuantityFormat.noValue }
                if field == .cash && !model.entities[e].tracksCash { return "unbounded" }
                let p = step.map { result.seriesSummary(field, entity: e, step: $0) } ?? result.summary(field, entity: e)
                return compact(p, field.dimension)
            case .formula(let index):
                let k = formulaColumns.firstIndex { $0.index == index } ?? 0
                let p = step.map { result.seriesFormulaSummary(column: k, entity: e, step: $0) } ?? result.formulaSummary(column: k, entity: e)
                return compact(p, model.formulas[index].dimension ?? .ratio)
            }
        }
        func exitCells(_ e: Int, by step: Int? = nil) -> [String] {
            let p = result.exitProbability(entity: e, by: step)
            return [QuantityFormat.percent(p), result.exitMedian(entity: e, by: step).map(date) ?? QuantityFormat.noValue]
        }
        let exitHeaders = [TextTable.Column("p(exit)", .right), TextTable.Column("exit p50")]
        if let period = model.report.period, result.hasSeries {
            let every = period == .monthly ? 1 : period == .quarterly ? 3 : 12
            var steps = Array(stride(from: 0, through: last, by: every))
            if steps.last != last { steps.append(last) }
            for e in entities {
                var table = TextTable(title: names[e],
                                      columns: [TextTable.Column("month")] + columns.map { TextTable.Column($0.name, .right) }
                                        + exitHeaders)
                for step in steps { table.addRow([date(step)] + columns.map { cell($0.column, e, step) } + exitCells(e, by: step)) }
                out += table.render() + "\n"
            }
        } else {
            let kind = entities.allSatisfy { model.entities[$0].kind == .lab } ? "lab" : "entity"
            var table = TextTable(title: "At \(date(last))",
                                  columns: [TextTable.Column(kind)] + columns.map { TextTable.Column($0.name, .right) } + exitHeaders)
            for e in entities { table.addRow([names[e]] + columns.map { cell($0.column, e, nil) } + exitCells(e)) }
            out += table.render() + "\n"
        }
        let exits = entities.filter { result.exitProbability(entity: $0) > 0 }
        if !exits.isEmpty {
            out += "How they leave (share of samples)\n"
            for e in exits {
                let ways = result.statusShares(entity: e).filter { $0.status != .active }.map {
                    "\(RunResultText.status($0.status, entities: names)) \(QuantityFormat.percent($0.share))"
                }
                out += "  \(names[e]): \(ways.joined(separator: ", "))\n"
            }
            out += "\n"
        }
        let owned = entities.filter { !result.meanOwners(entity: $0).isEmpty }
        if !owned.isEmpty {
            out += "Owners (mean stake over samples)\n"
            for e in owned {
                out += OwnersLine.text(names[e], result.meanOwners(entity: e), names: names)
            }
            out += "\n"
        }
        out += "Events: they differ between samples; run without --samples for the event log of the median run.\n"
        if !model.expectations.isEmpty {
            out += "\nExpectations (share of samples in which each held)\n"
            for (i, e) in model.expectations.enumerated() {
                let share = result.expectationShare(i)
                out += "  \(QuantityFormat.percent(share).leftPadded(to: 6))  expect \(e.text) at \(date(e.step))\n"
            }
        }
        out += MonteCarloObservations.tableSection(result)
        return out
    }

    // MARK: - Compact ranges

    /// `p50 [p5–p95]` in human units: `$4.1B [2.2–7.9]`, `989 PFLOP/s [610–1,500]`,
    /// `2.1e26 FLOP [1.5e26–3.0e26]`, `8.2 months [3.1–14]`. Just the median when all
    /// samples agree; `—` when the value exists in no sample. docs/reference/output.md: an infinite bound is `∞`
    /// (`15.0 months [5.8 – ∞]`), and the shares of samples in which the value was infinite
    /// or missing follow when they are not 0 (`, ∞ in 31.0%, missing in 12.0%`).
    public static func compact(_ p: Percentiles?, _ dimension: RaceModel.Dimension) -> String {
        guard let p else { return QuantityFormat.noValue }
        return range(p, dimension) + shares(p)
    }

    /// `, ∞ in 31.0%, missing in 12.0%`: the shares that are not 0 (one too small to show
    /// in two decimals, as a weighted share can be, is `<0.01%`, never a `0.00%` that reads as none).
    static func shares(_ p: Percentiles) -> String {
        func share(_ v: Double) -> String { v < 0.00005 ? "<0.01%" : QuantityFormat.percent(v) }
        var text = ""
        if p.infinite > 0 { text += ", ∞ in \(share(p.infinite))" }
        if p.missing > 0 { text += ", missing in \(share(p.missing))" }
        return text
    }

    private static func range(_ p: Percentiles, _ dimension: RaceModel.Dimension) -> String {
        let median = QuantityFormat.human(p.p50, dimension)
        if p.p5 == p.p95 { return median }
        guard p.p5.isFinite && p.p95.isFinite else {
            func bound(_ v: Double) -> String { v.isFinite ? short(v, dimension) : QuantityFormat.human(v, dimension) }
            return "\(median) [\(bound(p.p5)) – \(bound(p.p95))]"
        }
        let low = QuantityFormat.base(p.p5, dimension), middle = QuantityFormat.base(p.p50, dimension)
        let high = QuantityFormat.base(p.p95, dimension)
        var bounds = (short(p.p5, dimension), short(p.p95, dimension))
        switch dimension {
        case .money, .moneyRate, .chips, .ratio, .computeRate, .power:
            // In the median's prefix when both bounds read well in it (`[2.2–7.9]` beside
            // `$4.1B`); else each with its own (`$12M [-$127M–$3.22B]`), and so when a bound is
            // a hundred times the median (`1.02B chips [0–684B]`, not `[0–684]`, which reads as
            // smaller than the median).
            let scale = prefixScale(middle, largest: dimension == .computeRate || dimension == .power ? 8 : 4)
            let fits = [low / scale, high / scale].allSatisfy { abs($0) < 999.5 && (abs($0) >= 0.1 || $0 == 0) }
                && [low, high].allSatisfy { abs($0) < 100 * abs(middle) }
            if fits && middle != 0 {
                // Two significant digits, more when a narrow range would print as `[29–29]`.
                var digits = 2
                while digits < 4 && number(low / scale, digits: digits) == number(high / scale, digits: digits) { digits += 1 }
                bounds = (number(low / scale, digits: digits), number(high / scale, digits: digits))
            }
        case .flop:
            bounds = (scientific(low), scientific(high))
        case .time:
            bounds = (number(low), number(high))
        default:
            break
        }
        let separator = low < 0 || high < 0 ? " – " : "–"
        return "\(median) [\(bounds.0)\(separator)\(bounds.1)]"
    }

    /// A bound in human units without a unit that the median already shows:
    /// `$584M` (not `$584M/month`), `12k` (not `12k chips`).
    static func short(_ value: Double, _ dimension: RaceModel.Dimension) -> String {
        var text = QuantityFormat.human(value, dimension)
        for suffix in ["/month", " months", " month", " chips", " chip"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            break
        }
        return text
    }

    /// 1000^k for the prefix `QuantityFormat.human` gives `value` (rounded to three
    /// significant digits first, so $999.96M counts as $1.00B).
    static func prefixScale(_ value: Double, largest: Int) -> Double {
        let m = abs(value)
        guard m > 0, m.isFinite else { return 1 }
        let text = printfText("%.2e", m)
        let exponent = Int(text.split(separator: "e").last ?? "0") ?? 0
        let k = min(max(exponent / 3, 0), largest)
        return pow(1000, Double(k))
    }

    /// `digits` significant digits below 10^(digits − 1) (`2.2`, `0.41`; with 3, `28.6`),
    /// whole numbers above (`14`, `1,500`).
    static func number(_ value: Double, digits: Int = 2) -> String {
        let m = abs(value), sign = value < 0 ? "-" : ""
        if m == 0 { return "0" }
        if m >= 1e9 || m < 1e-3 { return sign + scientific(m) }
        if m >= pow(10, Double(digits - 1)) - 0.05 {
            let whole = printfText("%.0f", m)
            var out = ""
            for (i, c) in whole.enumerated() {
                if i > 0 && (whole.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return sign + out
        }
        var text = printfText("%.\(digits)g", m)
        if text.contains("e") { text = printfText("%.3f", m) }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return sign + text
    }

    /// `1.5e26`: two significant digits.
    static func scientific(_ value: Double) -> String {
        let parts = printfText("%.1e", value).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return String(value) }
        return "\(parts[0])e\(exponent)"
    }
}

fileprivate extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
