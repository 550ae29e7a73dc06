import ArgumentParser
import Foundation
import RaceEngine
import RaceReport
import RaceSession

/// `race diff A B`: what the two scenarios assume differently, how their outcomes differ,
/// when they part, and which assumption accounts for how much (§14).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare two scenarios: assumptions, outcomes, divergence, attribution.")

    @Argument(help: "Scenario A (the reference).")
    var a: String

    @Argument(help: "Scenario B (the alternative).")
    var b: String

    @Option(help: "How to print the comparison.")
    var format: OutputFormat = .table

    @Option(help: "Compare at this month (YYYY-MM) instead of the horizon; it must be within both runs.")
    var at: String?

    @Option(help: "Outcome fields to compare, comma-separated (default: every field of the final state).")
    var fields: String?

    /// Under `--samples`, both scenarios draw with the same seed (common random numbers) and
    /// each change is given as percentiles of the paired differences.
    @OptionGroup var sampling: SamplingOptions

    func validate() throws {
        if let at, DiffSession.parseMonth(at) == nil {
            throw ValidationError("--at takes a month written YYYY-MM, as in --at 2026-06 (got '\(at)')")
        }
        _ = try parsedFields()
    }

    func parsedFields() throws -> [RecordedField] {
        guard let fields else { return RunJSON.finalFields }
        let names = fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty { throw ValidationError("--fields needs at least one field name") }
        let known = RunJSON.finalFields.map(\.name).joined(separator: ", ")
        return try names.map { name in
            guard let field = RunJSON.finalFields.first(where: { $0.name == name }) else {
                throw ValidationError("--fields: unknown field '\(name)'; the fields are \(known)")
            }
            return field
        }
    }

    func run() throws {
        let options = DiffSession.Options(month: at.flatMap(DiffSession.parseMonth), fields: try parsedFields())
        if sampling.samples > 1 { return try runSampled(options) }
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
    /// `race diff --samples S` (§14 under §8): the plain diff with its attribution, and the
    /// outcomes over S samples of both scenarios with the same draws.
    func runSampled(_ options: DiffSession.Options) throws {
        let (comparison, sampled) = DiffSession.compare(
            pathA: a, pathB: b, read: Terminal.read, options: options,
            sampling: DiffSession.Sampling(samples: sampling.samples, seed: sampling.seed, threads: sampling.threadCount))
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
