import RaceAnalysis
import RaceEngine
import RaceReport
import RaceSession

/// `race explain FILE` (docs/reference/explain.md): which random input moves each outcome most.
struct ExplainCommand: Subcommand {
    enum Format: String, OptionChoices { case text, table, csv, json, svg }

    static let spec = CommandSpec(
        name: "explain", abstract: "Rank the random inputs by how much each moves each outcome (a tornado chart).",
        arguments: [ArgumentSpec(name: "FILE", help: "The scenario file.")],
        options: [
            OptionSpec(name: "outcome", kind: .repeatedValue(placeholder: "X.FIELD"),
                       help: "An outcome to explain, as OpenAI.cash or OpenAI.exit (repeatable; default: the report's fields of every lab, and each lab's exit)."),
            OptionSpec(name: "at", kind: .value(placeholder: "YYYY-MM"), help: "Explain the outcomes at this month instead of the horizon."),
            OptionSpec(name: "format", kind: .value(placeholder: Format.placeholder),
                       help: "text (a tornado chart, the default), table, csv, json or svg.", completion: Format.completion),
            OptionSpec(name: "top", kind: .value(placeholder: "N"),
                       help: "Show the N strongest inputs per outcome (default 10; csv and json give all)."),
        ] + SamplingOptions.options + [
            ScenarioOptions.set,
            OptionSpec(name: "prior", kind: .flag, help: "Ignore the scenario's observations: every sample counts alike."),
        ])

    var file: String
    var format: Format
    var top: Int
    var overrides: [(name: String, value: String)]
    var request: Explaining.Request

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        format = try parsed.choice("format") ?? .text
        top = try parsed.wholeNumber("top") ?? 10
        if top < 1 { throw UsageError("--top takes a whole number, at least 1") }
        overrides = try ScenarioOptions.overrides(parsed)
        let sampling = try SamplingOptions(parsed)
        let month = try parsed.value("at").map { at in
            guard let month = DiffSession.parseMonth(at) else {
                throw UsageError("--at takes a month written YYYY-MM, as in --at 2026-06 (got '\(at)')")
            }
            return month
        }
        request = Explaining.Request(outcomes: parsed.allValues("outcome"), samples: sampling.samples, seed: sampling.seed,
                                     threads: sampling.threadCount, month: month, prior: parsed.flag("prior"))
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        let sensitivity: Sensitivity
        do {
            sensitivity = try Explaining.explain(model, request)
        } catch {
            switch error {
            case .request(let message): throw UsageError(message)
            case .run(let diagnostics):
                Terminal.printDiagnostics(diagnostics)
                throw ExitCode(1)
            }
        }
        switch format {
        case .text: Terminal.standardOutput(ExplainText.tornado(sensitivity, top: top))
        case .table: Terminal.standardOutput(ExplainText.table(sensitivity, top: top))
        case .csv: Terminal.standardOutput(ExplainData.csv(sensitivity))
        case .json: Terminal.standardOutput(ExplainData.json(sensitivity).serialized(pretty: true) + "\n")
        case .svg: Terminal.standardOutput(TornadoSVG.render(sensitivity, top: top))
        }
    }
}
