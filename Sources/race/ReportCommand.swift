import RaceCharts
import RaceReport
import RaceEngine
import RaceSession

/// `race report FILE [--samples S] [-o report.html]` (docs/reference/html-report.md): one self-contained HTML file.
struct ReportCommand: Subcommand {
    static let spec = CommandSpec(
        name: "report", abstract: "Write a self-contained HTML report of a scenario: outcome, charts, exits, owners, sources.",
        arguments: [ArgumentSpec(name: "FILE", help: "The scenario file; - reads it from standard input.")],
        options: SamplingOptions.options + [
            OutputPath.option("Write the report to this file (default: standard output)."),
            ScenarioOptions.set,
        ])

    var file: String
    var sampling: SamplingOptions
    var output: OutputPath?
    var overrides: [(name: String, value: String)]
    /// The command line, printed in the report so that it can be made again.
    var words: [String]

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        sampling = try SamplingOptions(parsed)
        output = try OutputPath(parsed)
        overrides = try ScenarioOptions.overrides(parsed)
        words = ["race", "report", parsed.positionals[0]] + (sampling.samples > 1 ? ["--samples", String(sampling.samples)] : [])
            + (sampling.seed != 0 ? ["--seed", String(sampling.seed)] : [])
            + overrides.flatMap { ["--set", "\($0.name)=\($0.value)"] }
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        let command = words.map { $0.contains(" ") || $0.contains("%") ? "'\($0)'" : $0 }.joined(separator: " ")
        // Under --samples: a progress bar on a terminal, and Ctrl-C stops with exit 130.
        let outcome = try sampling.run { settings in
            let outcome = ReportPipeline.report(compiled, path: file, command: command, overridden: overrides.map(\.name),
                                                sampling: settings)
            if case .failure(.cancelled) = outcome { throw Interruptible.Cancelled() }
            return outcome
        }
        switch outcome {
        case .success(let report):
            let html = HTMLReport.render(report)
            if let output {
                try output.write(html)
                Terminal.standardError("wrote \(output.path)\n")
            } else {
                Terminal.standardOutput(html)
            }
        case .failure(.cancelled): throw ExitCode(Interruptible.exitCode)  // unreachable: the work above throws first
        case .failure(.request(let message, let hint)): throw UsageError(message, hint: hint)
        case .failure(.run(let error)):
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
            throw ExitCode(1)
        }
    }
}
