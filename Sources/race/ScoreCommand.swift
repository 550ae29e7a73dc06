import RaceAnalysis
import RaceEngine
import RaceReport
import RaceSession

/// `race score FILE --samples S` (docs/reference/observations.md): how well the scenario, without its observations,
/// predicted them.
struct ScoreCommand: Subcommand {
    static let spec = CommandSpec(
        name: "score", abstract: "Score the scenario's forecast of its observations: PIT, 90% interval, CRPS, coverage.",
        arguments: [ArgumentSpec(name: "FILE", help: "The scenario file, with `observe` lines.")],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: OutputFormat.placeholder), help: "table (default), csv or json.",
                       completion: OutputFormat.completion),
        ] + SamplingOptions.options + [
            ScenarioOptions.set,
        ])

    var file: String
    var format: OutputFormat
    var sampling: SamplingOptions
    var overrides: [(name: String, value: String)]

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        format = try parsed.choice("format") ?? .table
        sampling = try SamplingOptions(parsed)
        if sampling.samples < 2 { throw UsageError("race score needs --samples S, as in --samples 20000: a forecast is a spread of samples") }
        overrides = try ScenarioOptions.overrides(parsed)
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        if model.observations.isEmpty {
            Terminal.standardError("error: \(file) observes nothing: add `observe EXPR at DATE = VALUE ± ERROR` lines to score it\n")
            throw ExitCode(1)
        }
        let plan = Lowering.lower(model)
        let options = MonteCarloOptions(weighted: false)
        if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: [], options: options) {
            Terminal.standardError("error: --samples: \(RunErrorText.message(problem, model: model))\n")
            throw ExitCode(2)
        }
        let result = try RunCommand.monteCarlo(plan: plan, sampling: sampling, keepSeries: false, fields: [], options: options)
        let score = Score.of(result)
        switch format {
        case .table: Terminal.standardOutput(ScoreRender.table(score))
        case .csv: Terminal.standardOutput(ScoreRender.csv(score))
        case .json: Terminal.standardOutput(ScoreRender.json(score).serialized(pretty: true) + "\n")
        }
    }
}
