import RaceEngine
import RaceModel
import RaceReport
import RaceSession

/// `race merge FILE part-*.csv` (docs/reference/shards.md): the per-sample files of a run's shards, merged into the
/// output the single run `race run FILE --samples S --seed K` prints, byte for byte.
struct MergeCommand: Subcommand {
    static let spec = CommandSpec(
        name: "merge", abstract: "Merge the per-sample files of a run's shards into the run's output.",
        arguments: [
            ArgumentSpec(name: "FILE", help: "The scenario the shards ran."),
            ArgumentSpec(name: "PART", help: "The shards' --per-sample files, in any order.", repeats: true),
        ],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: OutputFormat.placeholder), help: "table (default), csv or json.",
                       completion: OutputFormat.completion),
            OptionSpec(name: "threads", kind: .value(placeholder: "T"),
                       help: "Threads for the summaries (default: every core; never changes the output)."),
            OptionSpec(name: "set", kind: .repeatedValue(placeholder: "NAME=VALUE"),
                       help: "The --set overrides the shards ran with (repeatable)."),
            OptionSpec(name: "prior", kind: .flag, help: "Ignore the scenario's observations, as `race run --prior` does."),
        ])

    var file: String
    var parts: [String]
    var format: OutputFormat
    var threads: Int?
    var overrides: [(name: String, value: String)]
    var prior: Bool

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        parts = Array(parsed.positionals.dropFirst())
        if parts.isEmpty { throw UsageError("missing argument PART: give the shards' per-sample files") }
        format = try parsed.choice("format") ?? .table
        threads = try parsed.wholeNumber("threads")
        if let threads, !(1...MonteCarlo.maximumThreads).contains(threads) {
            throw UsageError("--threads takes 1 to \(MonteCarlo.maximumThreads) (got \(threads))")
        }
        overrides = try ScenarioOptions.overrides(parsed)
        prior = parsed.flag("prior")
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        if format == .table && model.report.period != nil {
            Terminal.standardError("error: \(file)'s report is \(model.report.period!) and its table shows every month, which "
                                   + "per-sample files do not hold; merge with --format csv or json\n")
            throw ExitCode(2)
        }
        var texts: [(name: String, text: String)] = []
        for part in parts {
            do {
                texts.append((part, String(decoding: try InputFiles.read(part), as: UTF8.self)))
            } catch let failure as ReadFailure {
                Terminal.standardError("error: cannot read \(part): \(failure.reason)\n")
                throw ExitCode(1)
            }
        }
        let plan = Lowering.lower(model)
        let fields = format == .table ? RunCommand.tableFields(model) : MonteCarlo.finalFields
        let result: MonteCarloResult
        do {
            let (seed, columns) = try PerSampleMerge.columns(plan: plan, parts: texts, fields: fields)
            let targets = try ObservationTarget.all(plan)
            result = try MonteCarloResult(model: model, seed: seed, columns: columns, targets: targets, weighted: !prior,
                                          threads: threads ?? SamplingOptions.cores)
        } catch let problem as PerSampleMerge.Problem {
            Terminal.standardError(problem.text + "\n")
            throw ExitCode(1)
        } catch let error as RunError {
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
            throw ExitCode(1)
        } catch let error as NoSampleFitsObservations {
            Terminal.printDiagnostics([MonteCarloObservations.diagnostic(error, model: model)])
            throw ExitCode(1)
        }
        if format != .table, let warning = MonteCarloObservations.warning(result) { Terminal.standardError("warning: \(warning)\n") }
        switch format {
        case .table: Terminal.standardOutput(MonteCarloTable.render(result))
        case .csv: Terminal.standardOutput(MonteCarloCSV.render(result))
        case .json: Terminal.standardOutput(MonteCarloJSON.document(result).serialized(pretty: true) + "\n")
        }
    }
}
