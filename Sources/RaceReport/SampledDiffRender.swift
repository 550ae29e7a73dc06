import RaceEngine
import RaceModel
import RaceSyntax

/// `race diff --samples S` output: the plain diff (assumptions, the median run's status,
/// divergence and attribution) with the outcomes summarised over the samples. The
/// attribution is of the plain run only: re-running every assumption alone S times would
/// multiply the cost by the number of assumptions, and the output says so.
public enum SampledDiffRender {
    public static func note(_ sampled: SampledDiff) -> String {
        "outcomes and exits are over \(sampled.samples) samples with common random numbers (seed \(sampled.seed)); "
            + "each change is a percentile of the paired differences b − a; status, divergence and attribution are "
            + "of the plain run, with every distribution at its median"
    }

    // MARK: - JSON

    /// docs/reference/diff.md's JSON with `outcomes` as percentile objects (`a`, `b`, `delta`, `relative`),
    /// plus `samples`, `seed`, `exits` (`p_exit` and `exit_p50` in A and B) and `note`.
    public static func json(_ diff: ScenarioDiff, _ sampled: SampledDiff) -> JSONValue {
        guard case .object(var members) = DiffRender.json(diff) else { return DiffRender.json(diff) }
        func object(_ p: Percentiles?) -> JSONValue {
            guard let p else { return .null }
            return .object([("p5", .number(p.p5)), ("p50", .number(p.p50)), ("p95", .number(p.p95)), ("mean", .number(p.mean))])
        }
        func month(_ m: Int?) -> JSONValue { m.map { .string(MonthIndex.format($0)) } ?? .null }
        let outcomes = JSONValue.array(sampled.outcomes.map { o in
            .object([("entity", .string(o.entity)), ("field", .string(o.field.name)), ("a", object(o.a)), ("b", object(o.b)),
                     ("delta", object(o.delta)), ("relative", object(o.relative))])
        })
        let exits = JSONValue.array(sampled.exits.map { e in
            .object([("entity", .string(e.entity)),
                     ("a", .object([("p_exit", .number(e.a)), ("exit_p50", month(e.medianA))])),
                     ("b", .object([("p_exit", .number(e.b)), ("exit_p50", month(e.medianB))])),
                     ("discordant", .number(e.discordant))])
        })
        for k in members.indices where members[k].0 == "outcomes" { members[k].1 = outcomes }
        let at = (members.firstIndex { $0.0 == "b" } ?? 1) + 1
        members.insert(contentsOf: [("samples", .number(Double(sampled.samples))), ("seed", .number(Double(sampled.seed)))], at: at)
        members.append(("exits", exits))
        members.append(("note", .string(note(sampled))))
        return .object(members)
    }

    // MARK: - CSV

    /// One row per outcome: p5, p50, p95 and mean of A, B, the paired change and the
    /// relative change. (The attribution of the plain run is in the table and JSON.)
    public static func csv(_ sampled: SampledDiff) -> String {
        var csv = CSVWriter()
        let statistics = ["p5", "p50", "p95", "mean"]
        csv.row(["entity", "field"] + ["a", "b", "delta", "relative"].flatMap { name in statistics.map { "\(name)_\($0)" } })
        func cells(_ p: Percentiles?) -> [String] {
            guard let p else { return ["", "", "", ""] }
            return [p.p5, p.p50, p.p95, p.mean].map { QuantityFormat.plain($0) }
        }
        for o in sampled.outcomes {
            csv.row([o.entity, o.field.name] + cells(o.a) + cells(o.b) + cells(o.delta) + cells(o.relative))
        }
        return csv.text
    }

    // MARK: - Table

    public static func table(_ diff: ScenarioDiff, _ sampled: SampledDiff) -> String {
        var out = DiffRender.table(diff)
        let at = MonthIndex.format(sampled.month)
        out += "\nMonte Carlo: \(MonteCarloTable.number(Double(sampled.samples))) samples, seed \(sampled.seed), "
        out += "common random numbers (A and B draw the same value for each distribution they share)\n"
        out += "  Status, divergence and attribution above are of the plain run (every distribution at its median).\n"
        out += "\nOutcomes at \(at) over the samples: median [5th–95th percentile]; the change is of the paired differences B − A\n"
        let changed = sampled.outcomes.filter { !$0.isUnchanged }
        if changed.isEmpty {
            out += sampled.outcomes.isEmpty ? "  (no entity is in both scenarios)\n" : "  (every outcome is the same in every sample)\n"
        } else {
            var table = TextTable(columns: [.init("entity"), .init("field"), .init("A", .right), .init("B", .right),
                                            .init("change", .right), .init("mean change", .right)])
            for o in changed {
                let d = o.field.dimension
                table.addRow([o.entity, o.field.name, range(o.a, d), range(o.b, d), signedRange(o.delta, d),
                              o.delta.map { DiffRender.signed($0.mean, o.field) } ?? QuantityFormat.noValue])
            }
            out += DiffRender.indent(table.render())
            let same = sampled.outcomes.count - changed.count
            if same > 0 { out += "  (\(same) outcome\(same == 1 ? "" : "s") the same in every sample not shown)\n" }
        }
        let moved = sampled.exits.filter { $0.a != $0.b || $0.medianA != $0.medianB || $0.discordant > 0 }
        out += "\nExits by \(at)\n"
        if moved.isEmpty {
            out += "  (no entity's chance of leaving differs)\n"
        } else {
            var table = TextTable(columns: [.init("entity"), .init("A p(exit)", .right), .init("A exit p50"),
                                            .init("B p(exit)", .right), .init("B exit p50"), .init("differs in", .right)])
            func month(_ m: Int?) -> String { m.map(MonthIndex.format) ?? QuantityFormat.noValue }
            for e in moved {
                table.addRow([e.entity, QuantityFormat.percent(e.a), month(e.medianA), QuantityFormat.percent(e.b),
                              month(e.medianB), QuantityFormat.percent(e.discordant)])
            }
            out += DiffRender.indent(table.render())
            out += "  (differs in: the share of samples in which the entity is active in one scenario and not the other)\n"
        }
        return out
    }

    /// A base-unit summary as `MonteCarloTable.compact` shows it.
    public static func range(_ p: Percentiles?, _ dimension: RaceModel.Dimension) -> String {
        MonteCarloTable.compact(p.map { $0.map { modelUnits($0, dimension) } }, dimension)
    }

    public static func signedRange(_ p: Percentiles?, _ dimension: RaceModel.Dimension) -> String {
        guard let p else { return QuantityFormat.noValue }
        let text = range(p, dimension)
        return p.p50 > 0 ? "+" + text : text
    }

    static func modelUnits(_ value: Double, _ dimension: RaceModel.Dimension) -> Double {
        dimension == .computeRate ? value * TimeUnits.secondsPerMonth : value
    }
}
