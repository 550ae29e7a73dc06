import ArgumentParser
import Foundation
import RaceEngine
import RaceReport
import RaceSession

/// Output formats of `race run` and `race diff` (§10).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `race run FILE`: runs a scenario and prints its outcome.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a scenario and print the outcome.")

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "table (default), csv or json.")
    var format: OutputFormat = .table

    @Flag(help: "Include every month's values (JSON: \"series\").")
    var series = false

    @Option(name: .customLong("set"), help: "Override a parameter: --set NAME=VALUE (repeatable).")
    var overrides: [String] = []

    @OptionGroup var sampling: SamplingOptions

    func validate() throws {
        _ = try parsedOverrides()
    }

    func parsedOverrides() throws -> [(name: String, value: String)] {
        try overrides.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--set takes NAME=VALUE, as in --set growth=3%/month (got '\(text)')")
            }
            return (String(text[..<equals]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: equals)...]))
        }
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: try parsedOverrides())
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        if sampling.samples > 1 { return try runMonteCarlo(model) }
        switch Pipeline.run(model) {
        case .failure(let error):
            Terminal.printDiagnostics([error.diagnostic(start: model.start)])
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

