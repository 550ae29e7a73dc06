import RaceEngine
import RaceModel
import RaceSyntax

/// `race diff` output (docs/reference/diff.md): a terminal table, CSV of the outcomes with
/// their effects, or JSON in that page's shape. Numbers in CSV and JSON are in the base units
/// of docs/reference/output.md.
public enum DiffRender {
    // MARK: - JSON

    public static func json(_ diff: ScenarioDiff) -> JSONValue {
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object([
            ("a", .string(diff.a)),
            ("b", .string(diff.b)),
            ("assumptions", .array(diff.assumptions.map { item in
                .object([("id", .number(Double(item.id))), ("kind", .string(item.kind.rawValue)),
                         ("name", .string(item.name)), ("a", text(item.a)), ("b", text(item.b))])
            })),
            ("status", .array(diff.status.map { change in
                .object([("entity", .string(change.entity)), ("a", .string(change.a)), ("b", .string(change.b))])
            })),
            ("outcomes", .array(diff.outcomes.map { outcome in
                .object([("entity", .string(outcome.entity)), ("field", .string(outcome.field.name)),
                         ("a", .number(outcome.a)), ("b", .number(outcome.b)),
                         ("delta", .number(outcome.delta)), ("relative", .number(outcome.relative))])
            })),
            ("divergence", text(diff.divergence.map(MonthIndex.format))),
            ("attribution", .array(diff.attribution.map { entry in
                let effects = zip(diff.assumptions, entry.effects).map { (String($0.id), JSONValue.number($1)) }
                return .object([("entity", .string(entry.entity)), ("field", .string(entry.field.name)),
                                ("effects", .object(effects)), ("interaction", .number(entry.interaction))])
            })),
        ])
    }

    // MARK: - CSV

    /// One row per outcome: A, B, delta, relative, then one column per assumption's
    /// effect, named after it (`effect_param_growth`), and the interaction.
    public static func csv(_ diff: ScenarioDiff) -> String {
        var csv = CSVWriter()
        csv.row(["entity", "field", "a", "b", "delta", "relative"] + effectColumns(diff.assumptions) + ["interaction"])
        for (outcome, entry) in zip(diff.outcomes, diff.attribution) {
            csv.row([outcome.entity, outcome.field.name, QuantityFormat.plain(outcome.a), QuantityFormat.plain(outcome.b),
                     QuantityFormat.plain(outcome.delta), QuantityFormat.plain(outcome.relative)]
                    + entry.effects.map { QuantityFormat.plain($0) } + [QuantityFormat.plain(entry.interaction)])
        }
        return csv.text
    }

    /// `effect_KIND_NAME` for each assumption, the name's characters other than letters,
    /// digits, `_` and `.` written `_` (`effect_field_OpenAI.burn`, `effect_event_stargate`);
    /// a name that would repeat one before it gets the assumption's id (`effect_event_x_7`).
    public static func effectColumns(_ assumptions: [Assumption]) -> [String] {
        var seen: Set<String> = []
        return assumptions.map { assumption in
            let name = String(assumption.name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") ? $0 : "_" })
            var column = "effect_\(assumption.kind.rawValue)_\(name)"
            if seen.contains(column) { column += "_\(assumption.id)" }
            seen.insert(column)
            return column
        }
    }

    // MARK: - Table

    /// The widest an assumption's text gets in the table before it is shortened with `…`
    /// (the JSON keeps it whole).
    static let assumptionWidth = 56

    public static func table(_ diff: ScenarioDiff) -> String {
        let at = MonthIndex.format(diff.month)
        var out = "A: \(diff.a)\nB: \(diff.b)\nCompared at \(at)\(diff.isHorizon ? " (the horizon)" : "")\n\n"

        out += "Assumptions\n"
        if diff.assumptions.isEmpty {
            out += "  (none: the two scenarios assume the same)\n"
        } else {
            var table = TextTable(columns: [.init("id", .right), .init("kind"), .init("name"), .init("A"), .init("B")])
            for item in diff.assumptions {
                table.addRow([String(item.id), item.kind.rawValue, shorten(item.name, 32),
                              shorten(item.a ?? absent, assumptionWidth), shorten(item.b ?? absent, assumptionWidth)])
            }
            out += indent(table.render())
        }

        out += "\nStatus\n"
        if diff.status.isEmpty {
            out += "  (no entity's status differs at \(at))\n"
        } else {
            var table = TextTable(columns: [.init("entity"), .init("A"), .init("B")])
            for change in diff.status { table.addRow([change.entity, change.a, change.b]) }
            out += indent(table.render())
        }

        let changed = ranked(diff)
        out += "\nOutcomes at \(at)\n"
        if changed.isEmpty {
            out += diff.outcomes.isEmpty ? "  (no entity is in both scenarios)\n" : "  (every outcome is the same)\n"
        } else {
            var table = TextTable(columns: [.init("entity"), .init("field"), .init("A", .right), .init("B", .right),
                                            .init("change", .right), .init("relative", .right)])
            for k in changed {
                let o = diff.outcomes[k]
                table.addRow([o.entity, o.field.name, human(o.a, o.field), human(o.b, o.field),
                              signed(o.delta, o.field), relativeText(o.relative)])
            }
            out += indent(table.render())
            let same = diff.outcomes.count - changed.count
            if same > 0 { out += "  (\(same) unchanged outcome\(same == 1 ? "" : "s") not shown)\n" }
        }

        out += "\nDivergence: "
        out += diff.divergence.map { "\(MonthIndex.format($0)) (the first month in which a recorded value differs)\n" }
            ?? "none (every recorded value is the same in every month)\n"

        out += attributionTable(diff, rows: changed.filter { diff.outcomes[$0].delta != nil })
        return out
    }

    /// The attribution section: one row per changed outcome with a delta, one column per
    /// assumption that moves at least one of them (the others are named below the table).
    static func attributionTable(_ diff: ScenarioDiff, rows: [Int]) -> String {
        guard diff.isAttributed, !rows.isEmpty, !diff.assumptions.isEmpty else { return "" }
        let moving = diff.assumptions.indices.filter { k in rows.contains { diff.attribution[$0].effects[k] != 0 } }
        let still = diff.assumptions.indices.filter { !moving.contains($0) }
        var out = "\nAttribution (each assumption alone applied to A; what they do not explain together is interaction)\n"
        out += wrapped(moving.map { "[\(diff.assumptions[$0].id)] \(shorten(diff.assumptions[$0].name, 28))" })
        var table = TextTable(columns: [.init("entity"), .init("field"), .init("change", .right)]
                                + moving.map { TextTable.Column("[\(diff.assumptions[$0].id)]", .right) }
                                + [.init("interaction", .right)])
        for k in rows {
            let o = diff.outcomes[k], entry = diff.attribution[k]
            // The interaction is a remainder: a residue of rounding shows as 0.
            let scale = max(abs(o.a ?? 0), abs(o.b ?? 0))
            let interaction = entry.interaction.map { abs($0) <= scale * 1e-9 ? 0 : $0 }
            table.addRow([o.entity, o.field.name, signed(o.delta, o.field)]
                         + moving.map { signed(entry.effects[$0], o.field) } + [signed(interaction, o.field)])
        }
        out += indent(table.render())
        if !still.isEmpty {
            out += "  No effect on these outcomes alone: "
                + still.map { "[\(diff.assumptions[$0].id)]" }.joined(separator: ", ") + "\n"
        }
        if rows.contains(where: { k in moving.contains { diff.attribution[k].effects[$0] == nil } }) {
            out += "  — : that assumption cannot be applied alone to A (it does not check or run without the others)\n"
        }
        return out
    }

    /// Items joined by ", " on indented lines of at most about 100 columns.
    static func wrapped(_ items: [String]) -> String {
        var lines: [String] = [], line = ""
        for item in items {
            if !line.isEmpty && line.count + item.count + 2 > 96 {
                lines.append(line + ",")
                line = ""
            }
            line += (line.isEmpty ? "" : ", ") + item
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { "  " + $0 + "\n" }.joined()
    }

    /// Indices of the outcomes that changed, largest relative change first; a change from
    /// zero (or to or from "no value") counts as the largest. Ties keep entity/field order.
    public static func ranked(_ diff: ScenarioDiff) -> [Int] {
        let changed = diff.outcomes.indices.filter { !diff.outcomes[$0].isUnchanged }
        func size(_ k: Int) -> Double { diff.outcomes[k].relative.map(abs) ?? .infinity }
        return changed.sorted { size($0) != size($1) ? size($0) > size($1) : $0 < $1 }
    }

    // MARK: - Cells

    static let absent = "(absent)"

    /// A base-unit value in human units (`QuantityFormat.human` takes model units).
    public static func human(_ value: Double?, _ field: RecordedField) -> String {
        guard let value else { return QuantityFormat.noValue }
        let modelUnits = field.dimension == .computeRate ? value * TimeUnits.secondsPerMonth : value
        return QuantityFormat.human(modelUnits, field.dimension)
    }

    /// A change: `+$1.2B`, `-3.4 months`, `0`, or `—` without a value.
    public static func signed(_ value: Double?, _ field: RecordedField) -> String {
        guard let value else { return QuantityFormat.noValue }
        if value == 0 { return "0" }
        return (value > 0 ? "+" : "") + human(value, field)
    }

    public static func relativeText(_ value: Double?) -> String {
        guard let value else { return QuantityFormat.noValue }
        return (value > 0 ? "+" : "") + QuantityFormat.percent(value)
    }

    static func shorten(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
            .joined(separator: "\n")
    }
}
