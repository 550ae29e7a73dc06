import RaceReport
import RaceSession
import RaceSyntax

/// `race check FILE...`: parses and checks, prints every diagnostic, runs nothing.
struct CheckCommand: Subcommand {
    /// `text` for people (compiler-style, with the source line and a caret), `json` for
    /// editors and CI annotations.
    enum Format: String, OptionChoices { case text, json }

    static let spec = CommandSpec(
        name: "check", abstract: "Parse and check scenarios; print every problem found.",
        arguments: [ArgumentSpec(name: "FILE", help: "Scenario files; - reads one from standard input.", repeats: true)],
        options: [
            OptionSpec(name: "format", kind: .value(placeholder: Format.placeholder),
                       help: "text, or json: every problem with its file, line and column span, on standard output.",
                       defaultValue: "text", completion: Format.completion),
        ])

    var files: [String]
    var format: Format

    init(_ parsed: ParsedArguments) throws {
        files = parsed.positionals.map(InputFiles.path)
        if files.isEmpty { throw UsageError("give at least one scenario file") }
        format = try parsed.choice("format") ?? .text
    }

    func run() throws {
        var results: [(file: String, diagnostics: [Diagnostic])] = []
        for file in files {
            let diagnostics = Pipeline.compile(path: file, read: Terminal.read).diagnostics
            results.append((file, diagnostics))
            if format == .text { printText(file, diagnostics) }
        }
        if format == .json { Terminal.standardOutput(DiagnosticJSON.document(results).serialized(pretty: true) + "\n") }
        if results.contains(where: { $0.diagnostics.hasErrors }) { throw ExitCode(1) }
    }

    private func printText(_ file: String, _ diagnostics: [Diagnostic]) {
        Terminal.printDiagnostics(diagnostics)
        let errors = diagnostics.filter(\.isError).count
        let warnings = diagnostics.count - errors
        if errors > 0 {
            Terminal.standardError("\(file): \(count(errors, "error"))\(warnings > 0 ? ", \(count(warnings, "warning"))" : "")\n")
        } else {
            Terminal.standardOutput("\(file): ok\(warnings > 0 ? " (\(count(warnings, "warning")))" : "")\n")
        }
    }

    private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
