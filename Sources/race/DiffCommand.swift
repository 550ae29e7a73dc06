import RaceEngine
import RaceReport
import RaceSession

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
            OptionSpec(name: "format", kind: .value(placeholder: OutputFormat.placeholder),
                       help: "How to print the comparison.", defaultValue: "table", completion: OutputFormat.completion),
            OptionSpec(name: "at", kind: .value(placeholder: "YYYY-MM"),
                       help: "Compare at this month (YYYY-MM) instead of the horizon; it must be within both runs."),
            OptionSpec(name: "fields", kind: .value(placeholder: "FIELD,..."),
                       help: "Outcome fields to compare, comma-separated (default: every field of the final state)."),
        ] + SamplingOptions.options)

    var a: String
    var b: String
    var format: OutputFormat
    /// `--at` and `--fields`, checked.
    var options: DiffSession.Options
    /// Under `--samples`, both scenarios draw with the same seed (common random numbers) and
    /// each change is given as percentiles of the paired differences.
    var sampling: SamplingOptions

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
        case .table: Terminal.standardOutput(DiffRender.table(diff))
        case .csv: Terminal.standardOutput(DiffRender.csv(diff))
        case .json: Terminal.standardOutput(DiffRender.json(diff).serialized(pretty: true) + "\n")
        }
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
        case .table: Terminal.standardOutput(SampledDiffRender.table(diff, sampled))
        case .csv: Terminal.standardOutput(SampledDiffRender.csv(sampled))
        case .json: Terminal.standardOutput(SampledDiffRender.json(diff, sampled).serialized(pretty: true) + "\n")
        }
    }
}
