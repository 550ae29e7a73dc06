import RaceCharts
import RaceEngine
import RaceReport
import RaceSession

/// Output formats of `race diff`: those of `race run`, and an HTML page (docs/reference/diff.md).
enum DiffFormat: String, OptionChoices {
    case table, csv, json, html
}

/// `race diff A B`: what the two scenarios assume differently, how their outcomes differ,
/// when they part, and which assumption accounts for how much (docs/reference/diff.md).
struct DiffCommand: Subcommand {
    static let spec = CommandSpec(
        name: "diff", abstract: "Compare two scenarios: assumptions, outcomes, divergence, attribution.",
        arguments: [
            ArgumentSpec(name: "A", help: "Scenario A (the reference); - reads it from standard input."),
            ArgumentSpec(name: "B", help: "Scenario B (the alternative); - reads it from standard input."),
        ],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: DiffFormat.placeholder),
                       help: "How to print the comparison (html: a self-contained page with charts).", defaultValue: "table",
                       completion: DiffFormat.completion),
            OptionSpec(name: "at", kind: .value(placeholder: "YYYY-MM"),
                       help: "Compare at this month (YYYY-MM) instead of the horizon; it must be within both runs."),
            OptionSpec(name: "fields", kind: .value(placeholder: "FIELD,..."),
                       help: "Outcome fields to compare, comma-separated (default: every field of the final state).",
                       completion: .list(RunJSON.finalFields.map(\.name))),
        ] + SamplingOptions.options + [
            OutputPath.option("Write the comparison to this file instead of standard output (as for an HTML page)."),
        ])

    var a: String
    var b: String
    var format: DiffFormat
    /// `--at` and `--fields`, checked.
    var options: DiffSession.Options
    /// Under `--samples`, both scenarios draw with the same seed (common random numbers) and
    /// each change is given as percentiles of the paired differences.
    var sampling: SamplingOptions
    /// `-o PATH`: the comparison goes to a file (checked before anything runs).
    var output: OutputPath?

    init(_ parsed: ParsedArguments) throws {
        a = InputFiles.path(parsed.positionals[0])
        b = InputFiles.path(parsed.positionals[1])
        if a == InputFiles.standardInput && b == InputFiles.standardInput {
            throw UsageError("only one of A and B can be - (standard input)")
        }
        format = try parsed.choice("format") ?? .table
        let month = try parsed.value("at").map { at in
            guard let month = DiffSession.parseMonth(at) else {
                throw UsageError("--at takes a month written YYYY-MM, as in --at 2026-06 (got '\(at)')")
            }
            return month
        }
        options = DiffSession.Options(month: month, fields: try Self.fields(parsed.value("fields")))
        sampling = try SamplingOptions(parsed)
        output = try OutputPath(parsed)
    }

    /// `--fields cash,runway`: the named fields of the final state; every one when absent.
    static func fields(_ list: String?) throws -> [RecordedField] {
        guard let list else { return RunJSON.finalFields }
        let names = list.split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
        if names.isEmpty { throw UsageError("--fields needs at least one field name") }
        let known = RunJSON.finalFields.map(\.name).joined(separator: ", ")
        return try names.map { name in
            guard let field = RunJSON.finalFields.first(where: { $0.name == name }) else {
                throw UsageError("--fields: unknown field '\(name)'; the fields are \(known)")
            }
            return field
        }
    }

    func run() throws {
        if sampling.samples > 1 { return try runSampled() }
        let comparison = DiffSession.compare(pathA: a, pathB: b, read: Terminal.read, options: options)
        Terminal.printDiagnostics(comparison.diagnostics)
        if case .incomparable(let message)? = comparison.problem {
            Terminal.standardError("error: cannot compare \(a) and \(b): \(message)\n")
            throw ExitCode(1)
        }
        guard let diff = comparison.diff else { throw ExitCode(1) }
        switch format {
        case .table: try emit(DiffRender.table(diff))
        case .csv: try emit(DiffRender.csv(diff))
        case .json: try emit(DiffRender.json(diff).serialized(pretty: true) + "\n")
        case .html: try emit(html(comparison, diff, sampled: nil))
        }
    }

    /// The comparison to standard output, or to the `-o` file.
    func emit(_ text: String) throws {
        if let output { try output.write(text) } else { Terminal.standardOutput(text) }
    }

    /// The HTML page: the comparison with both runs charted.
    func html(_ comparison: DiffSession.Comparison, _ diff: ScenarioDiff, sampled: SampledDiff?) -> String {
        guard let runA = comparison.runA, let runB = comparison.runB else { return "" }
        let samples = sampling.samples > 1 ? " --samples \(sampling.samples)" + (sampling.seed != 0 ? " --seed \(sampling.seed)" : "") : ""
        return HTMLDiffReport.render(DiffReport(diff: diff, runA: runA, runB: runB, sampled: sampled,
                                                command: "race diff \(a) \(b)\(samples) --format html"))
    }
}

extension DiffCommand {
    /// `race diff --samples S` (docs/reference/diff.md, uncertainty.md): the plain diff with its
    /// attribution, and the outcomes over S samples of both scenarios with the same draws.
    func runSampled() throws {
        let (comparison, sampled) = try Interruptible.run(total: 2 * sampling.samples, unit: "samples") { progress in
            let settings = DiffSession.Sampling(samples: sampling.samples, seed: sampling.seed, threads: sampling.threadCount,
                                                progress: progress)
            let outcome = DiffSession.compare(pathA: a, pathB: b, read: Terminal.read, options: options, sampling: settings)
            if case .cancelled? = outcome.0.problem { throw Interruptible.Cancelled() }
            return outcome
        }
        Terminal.printDiagnostics(comparison.diagnostics)
        if case .incomparable(let message)? = comparison.problem {
            Terminal.standardError("error: cannot compare \(a) and \(b): \(message)\n")
            throw ExitCode(1)
        }
        guard let diff = comparison.diff, let sampled else { throw ExitCode(1) }
        switch format {
        case .table: try emit(SampledDiffRender.table(diff, sampled))
        case .csv: try emit(SampledDiffRender.csv(sampled))
        case .json: try emit(SampledDiffRender.json(diff, sampled).serialized(pretty: true) + "\n")
        case .html: try emit(html(comparison, diff, sampled: sampled))
        }
    }
}
