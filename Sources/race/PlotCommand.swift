import RaceCharts
import RaceReport
import RaceEngine
import RaceSession

/// How `race plot` draws: Unicode text for the terminal, or a standalone SVG file.
enum ChartFormat: String, OptionChoices {
    case text, svg
}

/// `race plot FILE FIELD[,FIELD...]` (docs/reference/plot.md): each field over the months,
/// one line per entity, or under `--samples` a fan per entity.
struct PlotCommand: Subcommand {
    static let spec = CommandSpec(
        name: "plot", abstract: "Chart fields over the months: in the terminal, or as an SVG file.",
        arguments: [
            ArgumentSpec(name: "FILE", help: "The scenario file; - reads it from standard input."),
            ArgumentSpec(name: "FIELD[,FIELD...]",
                         help: "Fields to chart (" + PlotPipeline.recordedNames.joined(separator: ", ")
                             + ", or a let formula of the scenario), comma-separated; one chart each.",
                         completion: .list(PlotPipeline.recordedNames)),
        ],
        options: [
            OptionSpec(name: "entities", kind: .value(placeholder: "X,Y"), help: "The entities to draw (default: every lab)."),
        ] + SamplingOptions.options + [
            OptionSpec(name: "from", kind: .value(placeholder: "DATE"), help: "First month to draw (YYYY-MM; default: the start)."),
            OptionSpec(name: "to", kind: .value(placeholder: "DATE"), help: "Last month to draw (YYYY-MM; default: the horizon)."),
            OptionSpec(name: "format", kind: .value(placeholder: ChartFormat.placeholder), help: "Text in the terminal, or SVG.",
                       defaultValue: "text", completion: ChartFormat.completion),
            OutputPath.option("Write the chart to this file instead of standard output."),
            ScenarioOptions.set,
        ])

    var file: String
    var request: PlotPipeline.Request
    var sampling: SamplingOptions
    var format: ChartFormat
    var output: OutputPath?
    var overrides: [(name: String, value: String)]

    init(_ parsed: ParsedArguments) throws {
        file = InputFiles.path(parsed.positionals[0])
        let fields = Self.list(parsed.positionals[1])
        if fields.isEmpty { throw UsageError("name at least one field, as in 'cash' or 'cash,runway'") }
        sampling = try SamplingOptions(parsed)
        request = PlotPipeline.Request(
            fields: fields, entities: try parsed.value("entities").map { text in
                let names = Self.list(text)
                if names.isEmpty { throw UsageError("--entities needs at least one name, as in --entities OpenAI,Anthropic") }
                return names
            },
            from: try ScenarioOptions.month(parsed, "from"), to: try ScenarioOptions.month(parsed, "to"))
        format = try parsed.choice("format") ?? .text
        output = try OutputPath(parsed)
        overrides = try ScenarioOptions.overrides(parsed)
    }

    /// `a, b,c` → `["a", "b", "c"]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
    }

    func run() throws {
        let compiled = Pipeline.compile(path: file, read: Terminal.read, overrides: overrides)
        Terminal.printDiagnostics(compiled.diagnostics)
        guard let model = compiled.model else { throw ExitCode(1) }
        let charts: [Chart]
        // Under --samples: a progress bar on a terminal, and Ctrl-C stops with exit 130.
        let built = try sampling.run { settings in
            var request = self.request
            request.sampling = settings
            let built = PlotPipeline.charts(model: model, request: request)
            if case .failure(.cancelled) = built { throw Interruptible.Cancelled() }
            return built
        }
        switch built {
        case .success(let built): charts = built
        case .failure(.cancelled): throw ExitCode(Interruptible.exitCode)  // unreachable: the work above throws first
        case .failure(.request(let message, let hint)): throw UsageError(message, hint: hint)
        case .failure(.run(let error)):
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
            throw ExitCode(1)
        }
        let text: String
        switch format {
        case .svg:
            text = SVGChart.document(charts)
        case .text:
            let size = Terminal.chartSize
            // One row is left for the shell's prompt after the chart.
            text = TextChart.render(charts, columns: size.columns, rows: size.rows - 1,
                                    colour: output == nil && Terminal.colourOnStandardOutput)
        }
        if let output { try output.write(text) } else { Terminal.standardOutput(text) }
    }
}
