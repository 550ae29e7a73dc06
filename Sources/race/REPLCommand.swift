/// The interactive REPL (§13); wired in by the REPL issue.
enum REPLCommand {
    static func start() -> Int32 {
        Terminal.standardError("the REPL is not available in this build yet; use `race run FILE` (see `race --help`)\n")
        return 2
    }
}
