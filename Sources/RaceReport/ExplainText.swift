import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race explain` in the terminal (docs/reference/explain.md): per outcome, the inputs that move it most as a
/// tornado chart (`text`) or as a table.
public enum ExplainText {
    /// The tornado chart of each outcome: one bar per input, from the outcome with the input
    /// low (`░`) to the outcome with it high (`█`), about the overall median (`│`).
    public static func tornado(_ sensitivity: Sensitivity, top: Int, width: Int = 36) -> String {
        var out = header(sensitivity)
        for ranking in sensitivity.rankings {
            out += "\n\(ranking.name) — \(center(ranking))\n"
            let shown = Array(ranking.effects.prefix(top))
            guard !shown.isEmpty else {
                out += "  no random input varies\n"
                continue
            }
            let scale = Scale(ranking, shown), sampled = sensitivity.noise != nil
            var table = TextTable(columns: [TextTable.Column("  input")] + (sampled ? [TextTable.Column("ρ", .right)] : [])
                                    + [TextTable.Column("input low → high", .right), TextTable.Column("outcome low", .right),
                                       TextTable.Column("░ low  │ median  █ high"), TextTable.Column("high")])
            for effect in shown {
                table.addRow(["  " + effect.input.name] + (sampled ? [rho(effect)] : [])
                             + [inputRange(effect), value(effect.low, ranking),
                                effect.failure == nil ? scale.bar(effect, width: width) : "(a run failed)", value(effect.high, ranking)])
            }
            out += table.render()
            if ranking.effects.count > shown.count { out += "  … and \(ranking.effects.count - shown.count) more (--top N)\n" }
        }
        return out + footer(sensitivity)
    }

    /// The same as a plain table: one row per outcome and input.
    public static func table(_ sensitivity: Sensitivity, top: Int) -> String {
        let sampled = sensitivity.noise != nil
        let headers = ["outcome", "rank", "input"] + (sampled ? ["ρ"] : []) + ["input low", "input high", "outcome low", "outcome high", "swing"]
        var table = TextTable(columns: headers.enumerated().map {
            TextTable.Column($0.element, $0.offset == 0 || $0.offset == 2 ? .left : .right)
        })
        for ranking in sensitivity.rankings {
            for (rank, effect) in ranking.effects.prefix(top).enumerated() {
                let swing = ranking.dimension.map { QuantityFormat.human(effect.swing, $0) } ?? points(effect.swing)
                table.addRow([ranking.name, String(rank + 1), effect.input.name] + (sampled ? [rho(effect)] : [])
                             + [input(effect.lowInput, effect.input), input(effect.highInput, effect.input),
                                value(effect.low, ranking), value(effect.high, ranking), effect.failure == nil ? swing : "(a run failed)"])
            }
        }
        return header(sensitivity) + "\n" + table.render() + footer(sensitivity)
    }

    static func header(_ s: Sensitivity) -> String {
        let month = MonthIndex.format(s.model.start + s.step)
        switch s.method {
        case .samples(let count, let seed, let effective):
            var line = "What moves each outcome at \(month): \(MonteCarloTable.number(Double(count))) samples, seed \(seed)"
            if let effective { line += ", weighted by the observations (effective sample size \(MonteCarloTable.number(effective.rounded(), digits: 3)))" }
            line += "\nρ: Spearman rank correlation of input and outcome. Low/high: the outcome's median among the samples "
                + "whose input is in its lowest/highest tenth (for an exit, the share in which the lab left).\n"
            if let effective, ObservationWeights.isLow(effective, samples: count) {
                line += "warning: the observations leave an effective sample size of \(MonteCarloTable.number(effective, digits: 2)): "
                    + "this ranking rests on few samples; --prior ranks the inputs without the observations\n"
            }
            return line
        case .oneAtATime:
            return "What moves each outcome at \(month), one input at a time: each input at its 5th and 95th percentile "
                + "(an event that may happen: without and with it), the others at their medians.\n"
        }
    }

    static func footer(_ s: Sensitivity) -> String {
        guard let noise = s.noise else { return "" }
        return "\n|ρ| below \(printfText("%.2f", noise)) is within sampling noise at this sample size.\n"
    }

    static func center(_ ranking: Sensitivity.Ranking) -> String {
        guard let dimension = ranking.dimension else { return "left the race in \(QuantityFormat.percent(ranking.center))" }
        return "median \(QuantityFormat.human(ranking.center, dimension))"
    }

    static func rho(_ effect: Sensitivity.Effect) -> String {
        effect.correlation.map { printfText("%+.2f", $0) } ?? ""
    }

    /// An outcome value: in its unit, or a share for an exit.
    static func value(_ v: Double, _ ranking: Sensitivity.Ranking) -> String {
        ranking.dimension.map { QuantityFormat.human(v, $0) } ?? QuantityFormat.percent(v)
    }

    static func points(_ v: Double) -> String {
        v.isNaN ? QuantityFormat.noValue : printfText("%+.1f", v * 100) + " pts"
    }

    static func inputRange(_ effect: Sensitivity.Effect) -> String {
        "\(input(effect.lowInput, effect.input)) → \(input(effect.highInput, effect.input))"
    }

    /// An input's value: a month for a date, no/yes for an event that may happen.
    public static func input(_ v: Double, _ input: RandomInput) -> String {
        if input.isChance { return v == 0 ? "no" : "yes" }
        if input.isDate, v.isFinite, abs(v) < 1e9 { return MonthIndex.format(Int(v.rounded())) }
        return QuantityFormat.human(v, input.dimension ?? .ratio)
    }

    /// Places outcome values along a bar of a given width.
    struct Scale {
        let low: Double
        let high: Double
        let center: Double

        init(_ ranking: Sensitivity.Ranking, _ effects: [Sensitivity.Effect]) {
            let values = ([ranking.center] + effects.flatMap { [$0.low, $0.high] }).filter(\.isFinite)
            low = values.min() ?? 0
            high = values.max() ?? 0
            center = ranking.center
        }

        func column(_ v: Double, width: Int) -> Int? {
            guard v.isFinite else { return v.isNaN ? nil : (v > 0 ? width - 1 : 0) }
            guard high > low else { return width / 2 }
            return min(width - 1, max(0, Int(((v - low) / (high - low) * Double(width - 1)).rounded())))
        }

        /// `░░░░│████`: from the low-input outcome to the median, then from the median to the high-input one.
        func bar(_ effect: Sensitivity.Effect, width: Int) -> String {
            var cells = [Character](repeating: " ", count: width)
            guard let c = column(center, width: width) else { return "" }
            if let l = column(effect.low, width: width) { for i in min(l, c)...max(l, c) { cells[i] = "░" } }
            if let h = column(effect.high, width: width) { for i in min(h, c)...max(h, c) { cells[i] = "█" } }
            cells[c] = "│"
            return String(cells)
        }
    }
}
