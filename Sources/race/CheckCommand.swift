import RaceSession

/// `race check FILE...`: parses and checks, prints every diagnostic, runs nothing.
struct CheckCommand: Subcommand {
    static let spec = CommandSpec(
        name: "check", abstract: "Parse and check scenarios; print every problem found.",
        arguments: [ArgumentSpec(name: "FILE", help: "Scenario files.", repeats: true)],
        options: [])

    var files: [String]

    init(_ parsed: ParsedArguments) throws {
        files = parsed.positionals
        if files.isEmpty { throw UsageError("give at least one scenario file") }
    }

    func run() throws {
        var failed = false
        for file in files {
            let compiled = Pipeline.compile(path: file, read: Terminal.read)
            Terminal.printDiagnostics(compiled.diagnostics)
            let errors = compiled.diagnostics.filter(\.isError).count
            let warnings = compiled.diagnostics.count - errors
            if errors > 0 {
                failed = true
                Terminal.standardError("\(file): \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")\n")
            } else {
                Terminal.standardOutput("\(file): ok\(warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "")\n")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
