import RaceModel
import RaceSession
import RaceSyntax

/// `race fmt FILE... [--check]`: rewrites scenarios in the canonical layout, keeping every
/// comment; with `--check`, changes nothing and fails when a file is not formatted.
struct FormatCommand: Subcommand {
    static let spec = CommandSpec(
        name: "fmt", abstract: "Format scenarios in the canonical layout (or check that they are).",
        arguments: [ArgumentSpec(name: "FILE", help: "Scenario files; - formats standard input to standard output.", repeats: true)],
        options: [
            OptionSpec(name: "check", kind: .flag,
                       help: "Change nothing; list the files that are not formatted and exit 1 if there are any."),
        ])

    var files: [String]
    var check: Bool

    init(_ parsed: ParsedArguments) throws {
        files = parsed.positionals.map(InputFiles.path)
        if files.isEmpty { throw UsageError("give at least one scenario file (or - for standard input)") }
        check = parsed.flag("check")
    }

    func run() throws {
        var failed = false, unformatted = 0
        for file in files {
            guard let (original, formatted) = format(file) else {
                failed = true
                continue
            }
            let changed = original != formatted
            if check {
                guard changed else { continue }
                unformatted += 1
                let place = file == InputFiles.standardInput ? file : "\(file):\(firstChangedLine(original, formatted))"
                Terminal.standardOutput("\(place): not formatted\n")
            } else if file == InputFiles.standardInput {
                Terminal.standardOutput(formatted)
            } else if changed {
                if let problem = FileSystemIO().writeAtomically(formatted, to: file) {
                    Terminal.standardError("error: could not write \(file): \(problem)\n")
                    failed = true
                } else {
                    Terminal.standardOutput("formatted \(file)\n")
                }
            }
        }
        if unformatted > 0 {
            Terminal.standardError("\(unformatted) file\(unformatted == 1 ? " is" : "s are") not formatted; race fmt FILE... formats them\n")
        }
        if failed || unformatted > 0 { throw ExitCode(1) }
    }

    /// The file's text and its formatted text; nil after printing why it cannot be formatted.
    private func format(_ file: String) -> (String, String)? {
        let bytes: [UInt8]
        do {
            bytes = try InputFiles.read(file)
        } catch let failure as ReadFailure {
            Terminal.standardError("error: cannot read '\(file)': \(failure.reason)\n" + (failure.hint.map { "hint: \($0)\n" } ?? ""))
            return nil
        } catch {
            Terminal.standardError("error: cannot read '\(file)': \(error)\n")
            return nil
        }
        let source: SourceFile
        switch SourceFile.decode(name: file, bytes: bytes) {
        case .success(let decoded): source = decoded
        case .failure(let diagnostic):
            Terminal.printDiagnostics([diagnostic])
            return nil
        }
        switch Formatter.format(source) {
        case .formatted(let text): return (String(decoding: bytes, as: UTF8.self), text)
        case .failed(let diagnostics):
            Terminal.printDiagnostics(diagnostics)
            Terminal.standardError("\(file): not formatted: it has syntax errors\n")
            return nil
        }
    }

    /// The first line (from 1) where the formatted text differs.
    private func firstChangedLine(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        let same = zip(left, right).prefix { $0 == $1 }.count
        return same + 1
    }
}
