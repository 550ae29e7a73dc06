import RaceEngine
import RaceModel
import RaceReport
import RaceSession

/// Output formats of `race run` (docs/reference/output.md); `race diff` has these and html (`DiffFormat`).
enum OutputFormat: String, OptionChoices {
    case table, csv, json
}

/// `race run FILE`: runs a scenario and prints its outcome.
struct RunCommand: Subcommand {
    /// The options in the order of docs/reference/command-line.md's synopsis.
    static let spec = CommandSpec(
        name: "run", abstract: "Run a scenario and print the outcome.",
        arguments: [ArgumentSpec(name: "FILE", help: "The scenario file; - reads it from standard input.")],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: OutputFormat.placeholder), help: "table (default), csv or json.",
                       completion: OutputFormat.completion),
            OptionSpec(name: "series", kind: .flag,
                       help: "Every month's values: a table per entity with a row per month, \"series\" in JSON, "
                           + "percentiles per month in Monte Carlo CSV."),
        ] + SamplingOptions.options + [ScenarioOptions.set] + PerSampleOptions.options)

    var file: String
    var format: OutputFormat
    var series: Bool
    /// The `--set` overrides in the order given, each split at its first `=`.
    var overrides: [(name: String, value: String)]
    var sampling: SamplingOptions
    /// `--per-sample`, `--shard`, `--prior` (docs/reference/explain.md, shards.md, observations.md).
    var perSample: PerSampleOptions

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        format = try parsed.choice("format") ?? .table
        series = parsed.flag("series")
        overrides = try ScenarioOptions.overrides(parsed)
        sampling = try SamplingOptions(parsed)
        perSample = try PerSampleOptions(parsed, sampling: sampling)
    }

    /// The fields the Monte Carlo table shows: the report's.
    static func tableFields(_ model: Model) -> [RecordedField] {
        model.report.columns.compactMap { column in
            if case .quantity(let q) = column.column { return RecordedField(name: q.rawValue) }
            return nil
        }
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard var model = compiled.model else { throw ExitCode(1) }
        if series { applySeries(to: &model) }
        if sampling.samples > 1 { return try runMonteCarlo(model) }
        switch Pipeline.run(model) {
        case .failure(let error):
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
            throw ExitCode(1)
        case .success(let result):
            let expectations = ExpectationReport.all(result)
            switch format {
            case .table: Terminal.standardOutput(RunTable.render(result, expectations: expectations))
            case .csv: Terminal.standardOutput(RunCSV.render(result))
            case .json:
                Terminal.standardOutput(RunJSON.document(result, series: series, expectations: expectations).serialized(pretty: true) + "\n")
            }
        }
    }

    /// `--series` in a table prints a table per entity with a row per month, as
    /// `report … monthly` does; a plain run's CSV has a row per entity and month already,
    /// which a note says rather than ignoring the flag in silence.
    private func applySeries(to model: inout Model) {
        switch format {
        case .table where model.report.period == nil:
            model.report.period = .monthly
        case .csv where sampling.samples <= 1:
            Terminal.standardError("note: --series changes nothing here: the CSV of a plain run has a row per entity and month already\n")
        default:
            break
        }
    }
}
