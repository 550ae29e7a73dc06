import RaceEngine
import RaceModel
import RaceReport

/// A quantity charted for each entity: a recorded field, or a report `let` column.
public enum PlotField: Sendable, Equatable {
    case recorded(RecordedField)
    /// The `k`-th report `let` column of the result (`RunResult.formulaValue(column:)`),
    /// with its name and dimension.
    case column(Int, name: String, dimension: RaceModel.Dimension)

    public var name: String {
        switch self {
        case .recorded(let field): return field.name
        case .column(_, let name, _): return name
        }
    }

    public var dimension: RaceModel.Dimension {
        switch self {
        case .recorded(let field): return field.dimension
        case .column(_, _, let dimension): return dimension
        }
    }
}

/// Turns results into charts: lines from a run, fans from a Monte Carlo run, pairs of lines
/// from the two runs of a diff. An entity's style is its place in `entities`, so every chart
/// drawn from one list colours an entity alike.
public enum ChartBuilder {
    /// One line per entity over the months run (see `line(name:values:exit:style:)`).
    public static func lines(_ result: RunResult, field: PlotField, entities: [Int]) -> Chart {
        let model = result.model
        let series = entities.enumerated().map { style, e -> ChartSeries in
            var line = self.line(name: model.entities[e].name,
                                 values: (0..<result.stepsRun).map {
                                     notFounded(result, entity: e, step: $0) ? .nan : value(result, field, entity: e, step: $0) },
                                 exit: exit(result, entity: e), style: style)
            line.note = untracked(model, field, e)
            return line
        }
        return Chart(title: field.name, format: .quantity(field.dimension), firstMonth: model.start, series: series)
    }

    /// Where and how entity `e` left the race in a run, if it did within the months run:
    /// the step and `out of cash 2026-10`.
    public static func exit(_ result: RunResult, entity e: Int) -> (step: Int, text: String)? {
        guard let step = result.exitSteps[e], step < result.stepsRun else { return nil }
        return (step, "\(result.statusText(e)) \(AxisText.month(result.model.start + step))")
    }

    /// A line of an entity's values that stops at its exit (marked there): afterwards its
    /// values are frozen or zero, not a position in the race. An infinite value in the
    /// month of the exit is left out too: a lab that left has no runway (docs/reference/uncertainty.md), whatever its
    /// last row computed.
    public static func line(name: String, values: [Double], exit: (step: Int, text: String)?, style: Int) -> ChartSeries {
        guard let exit, exit.step < values.count else { return ChartSeries(name: name, values: values, style: style) }
        var cut = values
        for step in exit.step..<cut.count where step > exit.step || cut[step].isInfinite { cut[step] = .nan }
        let mark = ChartExit(index: cut[...exit.step].lastIndex { !$0.isNaN } ?? exit.step, text: exit.text)
        return ChartSeries(name: name, values: cut, exit: mark, style: style)
    }

    /// A fan per entity: the median of each month and the band of its 5th to 95th
    /// percentiles over the samples (the result must keep the series). Exits are marked at
    /// their median month with their probability.
    public static func fan(_ result: MonteCarloResult, field: PlotField, entities: [Int]) -> Chart {
        let model = result.model
        let series = entities.enumerated().map { style, e -> ChartSeries in
            let summaries = (0...result.finalStep).map {
                notFounded(result, entity: e, step: $0) ? nil : summary(result, field, entity: e, step: $0) }
            var exit: ChartExit?
            let share = result.exitProbability(entity: e)
            if share > 0, let median = result.exitMedian(entity: e) {
                exit = ChartExit(index: median, text: "p(exit) \(AxisText.percent(share)), median \(AxisText.month(model.start + median))")
            }
            return ChartSeries(name: model.entities[e].name, values: summaries.map { $0?.p50 ?? .nan },
                               band: Band(low: summaries.map { $0?.p5 ?? .nan }, high: summaries.map { $0?.p95 ?? .nan }),
                               exit: exit, style: style, note: untracked(model, field, e))
        }
        return Chart(title: field.name, subtitle: fanSubtitle(result), format: .quantity(field.dimension),
                     firstMonth: model.start, series: series)
    }

    /// `median and 5th–95th percentile of 2,000 samples, seed 0`.
    public static func fanSubtitle(_ result: MonteCarloResult) -> String {
        "median and 5th–95th percentile of \(grouped(result.samples)) samples, seed \(result.seed)"
    }

    /// The share of samples still in the race at the end of each month, for each entity that
    /// leaves in any sample (an entity keeps the style of its place in `entities`).
    public static func survival(_ result: MonteCarloResult, entities: [Int]) -> Chart {
        let model = result.model
        let series = entities.enumerated().compactMap { style, e -> ChartSeries? in
            guard result.exitProbability(entity: e) > 0 else { return nil }
            return ChartSeries(name: model.entities[e].name,
                               values: (0...result.finalStep).map { 1 - result.exitProbability(entity: e, by: $0) }, style: style)
        }
        return Chart(title: "still in the race", subtitle: "share of \(grouped(result.samples)) samples", format: .percent,
                     firstMonth: model.start, series: series)
    }

    /// Both runs of a diff on one chart: each entity in its colour, A solid and B dashed.
    public static func comparison(_ a: RunResult, _ b: RunResult, field: RecordedField, entities: [String],
                                  names: (a: String, b: String)) -> Chart {
        var series: [ChartSeries] = []
        for (style, name) in entities.enumerated() {
            for (run, dashed, label) in [(a, false, names.a), (b, true, names.b)] {
                guard let e = run.model.entityIndex(named: name) else { continue }
                var line = lines(run, field: .recorded(field), entities: [e]).series[0]
                line.name = "\(name) (\(label))"
                line.style = style
                line.dashed = dashed
                // Runs may start in different months: line up by calendar month from A's start.
                let shift = run.model.start - a.model.start
                if shift > 0 { line.values = Array(repeating: .nan, count: shift) + line.values }
                if shift < 0 { line.values = Array(line.values.dropFirst(-shift)) }
                line.exit = line.exit.map { ChartExit(index: $0.index + shift, text: $0.text) }
                series.append(line)
            }
        }
        var chart = Chart(title: field.name, format: .quantity(field.dimension), firstMonth: a.model.start, series: series)
        chart.dashesByStyle = false
        return chart
    }

    // MARK: - Values

    static func value(_ result: RunResult, _ field: PlotField, entity e: Int, step: Int) -> Double {
        switch field {
        case .recorded(let f): return result.value(f, entity: e, step: step)
        case .column(let k, _, _): return result.formulaValue(column: k, entity: e, step: step)
        }
    }

    /// Whether an entity founded during the run (`founded:`) is not in the race yet at `step`
    /// (in every sample, under Monte Carlo): its fields there are not a position in the race,
    /// so nothing is drawn, where a line at $0 would read as a lab with no money.
    public static func notFounded(_ result: RunResult, entity e: Int, step: Int) -> Bool {
        step < result.foundingSteps[e]
    }

    /// The recorded fields a Monte Carlo run for fans of `fields` keeps: with the runway too
    /// when one of `entities` is founded during the run, which marks the months before
    /// (`notFounded`).
    public static func keptFields(_ fields: [RecordedField], model: Model, entities: [Int]) -> [RecordedField] {
        guard !fields.contains(.runway), entities.contains(where: { model.entities[$0].founded != nil }) else { return fields }
        return fields + [.runway]
    }

    /// Under Monte Carlo the founding month may differ between samples: a month is cut when the
    /// entity is in none of them, which the engine marks by a runway missing in every sample
    /// (docs/reference/uncertainty.md: no runway outside the race).
    static func notFounded(_ result: MonteCarloResult, entity e: Int, step: Int) -> Bool {
        guard result.model.entities[e].founded != nil, result.hasSeries, result.fields.contains(.runway) else { return false }
        // No summary at all: the runway is missing in every sample.
        guard let runway = result.seriesSummary(.runway, entity: e, step: step) else { return true }
        return runway.missing > 1 - 1e-9
    }

    static func summary(_ result: MonteCarloResult, _ field: PlotField, entity e: Int, step: Int) -> Percentiles? {
        switch field {
        case .recorded(let f): return result.seriesSummary(f, entity: e, step: step)
        case .column(let k, _, _): return result.seriesFormulaSummary(column: k, entity: e, step: step)
        }
    }

    /// Why a company's cash has no line.
    static func untracked(_ model: Model, _ field: PlotField, _ e: Int) -> String? {
        field == .recorded(.cash) && !model.entities[e].tracksCash ? "cash not tracked" : nil
    }

    /// 2000 → `2,000`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
