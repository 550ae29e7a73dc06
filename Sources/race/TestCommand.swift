import RaceReport
import RaceSession

/// `race test FILE...`: runs scenarios and checks their `expect` lines (docs/reference/output.md).
struct TestCommand: Subcommand {
    static let spec = CommandSpec(
        name: "test", abstract: "Run scenarios as tests of their expect lines.",
        arguments: [ArgumentSpec(name: "FILE", help: "Scenario files; - reads one from standard input.", repeats: true)],
        options: [])

    var files: [String]

    init(_ parsed: ParsedArguments) throws {
        files = parsed.positionals.map(InputFiles.path)
        if files.isEmpty { throw UsageError("give at least one scenario file") }
    }

    func run() throws {
        var passed = 0, failed = 0
        for file in files {
            let compiled = Pipeline.compile(path: file, read: Terminal.read)
            Terminal.printDiagnostics(compiled.diagnostics)
            guard let model = compiled.model else {
                Terminal.standardOutput("FAIL \(file): does not check\n")
                failed += 1
                continue
            }
            switch Pipeline.run(model) {
            case .failure(let error):
                Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
                Terminal.standardOutput("FAIL \(file): the run stopped\n")
                failed += 1
            case .success(let result):
                let expectations = ExpectationReport.all(result)
                if expectations.isEmpty { Terminal.standardOutput("     \(file): no expect lines\n") }
                for e in expectations {
                    if e.passed {
                        passed += 1
                        Terminal.standardOutput("ok   \(file): expect \(e.text) at \(e.date)\n")
                    } else {
                        failed += 1
                        Terminal.standardOutput("FAIL \(e.location): expect \(e.text) at \(e.date)\(e.detail.isEmpty ? "" : " — \(e.detail)")\n")
                    }
                }
            }
        }
        Terminal.standardOutput("\(passed) passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
