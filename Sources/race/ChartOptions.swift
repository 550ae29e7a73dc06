import RaceSession

/// Options that `race run`, `race plot` and `race report` share: `--set NAME=VALUE` and, for
/// the commands that write a chart or a report, `-o PATH`.
enum ScenarioOptions {
    static let set = OptionSpec(name: "set", kind: .repeatedValue(placeholder: "NAME=VALUE"),
                                help: "Override a parameter: --set NAME=VALUE (repeatable).")

    /// The `--set` overrides in the order given, each split at its first `=`.
    static func overrides(_ parsed: ParsedArguments) throws -> [(name: String, value: String)] {
        try parsed.allValues("set").map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw UsageError("--set takes NAME=VALUE, as in --set growth=3%/month (got '\(text)')")
            }
            return (text[..<equals].trimmed(), String(text[text.index(after: equals)...]))
        }
    }

    /// `--from 2026-01`: a month, checked for its form (the scenario checks its range).
    static func month(_ parsed: ParsedArguments, _ name: String) throws -> Int? {
        try parsed.value(name).map { text in
            guard let month = DiffSession.parseMonth(text) else {
                throw UsageError("--\(name) takes a month written YYYY-MM, as in --\(name) 2026-06 (got '\(text)')")
            }
            return month
        }
    }
}

/// `-o PATH`: where a chart or report goes instead of standard output.
struct OutputPath {
    static func option(_ help: String) -> OptionSpec {
        OptionSpec(name: "output", kind: .value(placeholder: "PATH"), help: help, completion: .files, short: "o")
    }

    let path: String

    /// Refuses a path that cannot be written before anything runs (a long Monte Carlo run
    /// should not end in "no such folder"): its folder must exist and be writable.
    init?(_ parsed: ParsedArguments) throws {
        guard let path = parsed.value("output") else { return nil }
        if path.isEmpty { throw UsageError("-o needs a file name") }
        if FileSystemIO.isFolder(path) { throw UsageError("-o \(path): is a folder; give a file name") }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        if let problem = FileSystemIO.writeProblem(folder: folder) { throw UsageError("-o \(path): \(problem)") }
        self.path = path
    }

    /// Writes the text, or says why it could not (exit 1).
    func write(_ text: String) throws {
        if let problem = FileSystemIO().writeAtomically(text, to: path) {
            Terminal.standardError("error: cannot write \(path): \(problem)\n")
            throw ExitCode(1)
        }
    }
}

extension SamplingOptions {
    /// Runs `work` with these settings. Under `--samples` it runs inside `Interruptible.run`:
    /// a progress bar on a terminal, fed by the settings' progress callback, and Ctrl-C stops
    /// the samples (`work` throws `Interruptible.Cancelled` when its result says so) with
    /// `interrupted` and exit 130. A plain run is short and runs as it is.
    func run<Result>(_ work: (DiffSession.Sampling) throws -> Result) throws -> Result {
        var settings = DiffSession.Sampling(samples: samples, seed: seed, threads: threadCount)
        guard samples > 1 else { return try work(settings) }
        return try Interruptible.run(total: samples, unit: "samples") { progress in
            settings.progress = progress
            return try work(settings)
        }
    }
}
