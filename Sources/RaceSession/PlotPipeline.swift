import RaceCharts
import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// `race plot` (docs/reference/plot.md): resolves the fields, entities and months asked for against a checked
/// model, runs it (once, or S samples keeping every month), and builds one chart per field.
public enum PlotPipeline {
    /// What to chart. Months are month indices (`year * 12 + month - 1`).
    public struct Request: Sendable {
        public var fields: [String]
        /// Entity names; nil: every lab.
        public var entities: [String]?
        public var from: Int?
        public var to: Int?
        /// Samples (1: a plain run), seed, threads and progress, as for `race diff`.
        public var sampling: DiffSession.Sampling

        public init(fields: [String], entities: [String]? = nil, from: Int? = nil, to: Int? = nil,
                    sampling: DiffSession.Sampling = DiffSession.Sampling(samples: 1)) {
            self.fields = fields
            self.entities = entities
            self.from = from
            self.to = to
            self.sampling = sampling
        }
    }

    /// Why there is no chart (or report, `ReportPipeline`): a request that does not fit the
    /// scenario (a usage error), a run that stopped (its diagnostic says where and when), or
    /// Ctrl-C.
    public enum Problem: Error, Sendable {
        /// A usage error, with a "did you mean" hint for a misspelt field or entity.
        case request(String, hint: String? = nil)
        case run(RunError)
        /// The sampling's progress callback asked to stop (Ctrl-C).
        case cancelled

        /// What a pipeline's thrown error means: a problem as thrown, a run that stopped,
        /// Ctrl-C, or anything else as a request that does not fit.
        init(_ error: Error) {
            switch error {
            case let problem as Problem: self = problem
            case let error as RunError: self = .run(error)
            case is MonteCarloCancelled: self = .cancelled
            default: self = .request("\(error)")
            }
        }
    }

    public static func charts(model: Model, request: Request) -> Result<[Chart], Problem> {
        do {
            let (prepared, fields) = try resolveFields(request.fields, in: model)
            let entities = try resolveEntities(request.entities, in: model)
            let months = try resolveMonths(from: request.from, to: request.to, in: model)
            let plan = Lowering.lower(prepared)
            var charts: [Chart]
            let sampling = request.sampling
            if sampling.samples > 1 {
                let recorded = ChartBuilder.keptFields(fields.compactMap { field -> RecordedField? in
                    if case .recorded(let f) = field { return f }
                    return nil
                }, model: model, entities: entities)
                if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: recorded, keepSeries: true) {
                    throw Problem.request("--samples: \(RunErrorText.message(problem, model: model))")
                }
                let result = try MonteCarlo.run(plan: plan, samples: sampling.samples, seed: sampling.seed,
                                                threads: sampling.threads, keepSeries: true, fields: recorded,
                                                progress: sampling.progress)
                charts = fields.map { ChartBuilder.fan(result, field: $0, entities: entities) }
            } else {
                let simulation = try LaneEngine.plainRun(plan)
                try simulation.run()
                charts = fields.map { ChartBuilder.lines(simulation.result, field: $0, entities: entities) }
            }
            charts = charts.map { $0.months(months) }
            return .success(charts)
        } catch {
            return .failure(Problem(error))
        }
    }

    /// The fields a chart can show month by month: the recorded ones.
    public static let recordedNames = RecordedField.allCases.map(\.name)

    /// Each name as a recorded field, or a `let` formula of the scenario (`capability`), which
    /// becomes a report column of the returned model so that every run records it.
    public static func resolveFields(_ names: [String], in model: Model) throws -> (Model, [PlotField]) {
        var prepared = model
        prepared.report.columns = []
        var fields: [PlotField] = []
        let lets = model.formulas.map(\.name)
        for name in names {
            if let field = RecordedField(name: name) {
                fields.append(.recorded(field))
            } else if let index = model.formulas.lastIndex(where: { $0.name == name }) {
                guard let dimension = model.formulas[index].dimension else {
                    throw Problem.request("'\(name)' is not a quantity (a condition or a date); a chart needs numbers")
                }
                fields.append(.column(prepared.report.columns.count, name: name, dimension: dimension))
                prepared.report.columns.append((name, .formula(index)))
            } else {
                let known = recordedNames + lets
                let recordedOnly = EntityQuantity(rawValue: name) != nil ? " is not recorded month by month" : " is not a field"
                throw Problem.request("'\(name)'\(recordedOnly); fields are \(known.joined(separator: ", "))",
                                      hint: Suggestions.hint(for: name, among: known))
            }
        }
        if fields.isEmpty { throw Problem.request("name at least one field, as in 'cash' or 'cash,runway'") }
        return (prepared, fields)
    }

    /// Entity indices by name, in the order given; every lab when nil.
    public static func resolveEntities(_ names: [String]?, in model: Model) throws -> [Int] {
        guard let names else {
            let labs = model.entities.indices.filter { model.entities[$0].kind == .lab }
            return labs.isEmpty ? Array(model.entities.indices) : labs
        }
        let all = model.entities.map(\.name)
        return try names.map { name in
            guard let e = model.entityIndex(named: name) else {
                throw Problem.request("--entities: no entity named '\(name)'; the entities are \(all.joined(separator: ", "))",
                                      hint: Suggestions.hint(for: name, among: all))
            }
            return e
        }
    }

    /// The steps from `from` to `to` (both included), checked against the run's months.
    public static func resolveMonths(from: Int?, to: Int?, in model: Model) throws -> Range<Int> {
        let run = "\(MonthIndex.format(model.start))..\(MonthIndex.format(model.horizon))"
        for (option, month) in [("--from", from), ("--to", to)] {
            if let month, month < model.start || month > model.horizon {
                throw Problem.request("\(option) \(MonthIndex.format(month)) is outside the run (\(run))")
            }
        }
        let first = (from ?? model.start) - model.start, last = (to ?? model.horizon) - model.start
        guard first <= last else {
            throw Problem.request("--from \(MonthIndex.format(model.start + first)) is after --to \(MonthIndex.format(model.start + last))")
        }
        return first..<(last + 1)
    }
}
