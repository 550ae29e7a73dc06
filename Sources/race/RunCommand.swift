import RaceEngine
import RaceReport
import RaceSession

/// Output formats of `race run` and `race diff` (§10).
enum OutputFormat: String, CaseIterable {
    case table, csv, json

    static let placeholder = allCases.map(\.rawValue).joined(separator: "|")
}

/// `race run FILE`: runs a scenario and prints its outcome.
struct RunCommand: Subcommand {
    /// The options in the order of §12's synopsis.
    static let spec = CommandSpec(
        name: "run", abstract: "Run a scenario and print the outcome.",
        arguments: [ArgumentSpec(name: "FILE", help: "The scenario file.")],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: OutputFormat.placeholder), help: "table (default), csv or json."),
            OptionSpec(name: "series", kind: .flag, help: "Include every month's values (JSON: \"series\")."),
        ] + SamplingOptions.options + [
            OptionSpec(name: "set", kind: .repeatedValue(placeholder: "NAME=VALUE"),
                       help: "Override a parameter: --set NAME=VALUE (repeatable)."),
        ])

    var file: String
    var format: OutputFormat
    var series: Bool
    /// The `--set` overrides in the order given, each split at its first `=`.
    var overrides: [(name: String, value: String)]
    var sampling: SamplingOptions

    init(_ parsed: ParsedArguments) throws {
        file = parsed.positionals[0]
        format = try parsed.choice("format") ?? .table
        series = parsed.flag("series")
        overrides = try parsed.allValues("set").map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw UsageError("--set takes NAME=VALUE, as in --set growth=3%/month (got '\(text)')")
            }
            return (text[..<equals].trimmed(), String(text[text.index(after: equals)...]))
        }
        sampling = try SamplingOptions(parsed)
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
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
}

