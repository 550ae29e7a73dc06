#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `race` command (§12). With no command it starts the REPL.
enum Race {
    static let program = ProgramSpec(
        name: "race",
        abstract: "What-if forecasting of the AI race: run, check, test and compare scenarios.",
        note: "With no command, `race` starts the interactive REPL (or reads a script from standard input).",
        commands: [RunCommand.self, CheckCommand.self, TestCommand.self, DiffCommand.self, PlotCommand.self, ReportCommand.self])
}

@main
enum Main {
    /// Runs the command line; usage errors exit 2 (§11).
    static func main() {
        exit(Race.program.main(Array(CommandLine.arguments.dropFirst()), withoutCommand: REPLCommand.start))
    }
}
