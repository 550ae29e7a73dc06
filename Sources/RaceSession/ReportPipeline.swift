import RaceCharts
import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// `race report` (docs/reference/report.md): the plain run and, with samples, a Monte Carlo run that keeps every
/// month of the report's fields; the sources gathered from the files; one `ScenarioReport`.
public enum ReportPipeline {
    /// `--samples S --seed K --threads T` and a progress callback, as for `race diff`.
    public typealias Sampling = DiffSession.Sampling

    /// The samples would not fit in memory (a request), the run stopped, or Ctrl-C.
    public typealias Problem = PlotPipeline.Problem

    /// The report of a compiled scenario; `command` is how it was asked for (it is printed in it).
    /// `overridden`: the parameters set with `--set`.
    public static func report(_ compiled: Pipeline.Compiled, path: String, command: String, overridden: [String] = [],
                              sampling: Sampling?) -> Result<ScenarioReport, Problem> {
        guard let model = compiled.model else { preconditionFailure("report of a scenario that did not check") }
        let sources = SourceComments.sources(model: model, statements: compiled.statements, main: compiled.source,
                                             overridden: overridden)
        do {
            let simulation = try LaneEngine.plainRun(Lowering.lower(model))
            try simulation.run()
            var report = ScenarioReport(path: path, command: command, sources: sources, run: simulation.result)
            if let sampling, sampling.samples > 1 {
                let plan = Lowering.lower(model)
                let fields = ChartBuilder.keptFields(HTMLReport.reportedFields(model).compactMap { field -> RecordedField? in
                    if case .recorded(let f) = field { return f }
                    return nil
                }, model: model, entities: Array(model.entities.indices))
                if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: fields, keepSeries: true) {
                    return .failure(.request("--samples: \(RunErrorText.message(problem, model: model))"))
                }
                report.monteCarlo = try MonteCarlo.run(plan: plan, samples: sampling.samples, seed: sampling.seed,
                                                       threads: sampling.threads, keepSeries: true, fields: fields,
                                                       progress: sampling.progress)
            }
            return .success(report)
        } catch {
            return .failure(Problem(error))
        }
    }
}
