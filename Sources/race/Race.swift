#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceSession

/// The `race` command (docs/reference/command-line.md). With no command it starts the REPL.
enum Race {
    /// Every command, in the order the help lists them. A new command is added here and
    /// nowhere else: help, "did you mean" and the completion scripts are made from this list.
    static let program = ProgramSpec(
        name: "race",
        version: RaceVersion.current,
        abstract: "What-if forecasting of the AI race: run, check, test, compare, chart, report and format scenarios.",
        note: "With no command, `race` starts the interactive REPL (or reads a script from standard input).",
        commands: [RunCommand.self, CheckCommand.self, TestCommand.self, DiffCommand.self, ExplainCommand.self, ScoreCommand.self,
                   MergeCommand.self, PlotCommand.self, ReportCommand.self, FormatCommand.self, CompletionsCommand.self])
}

@main
enum Main {
    /// Runs the command line; usage errors exit 2.
    static func main() {
        exit(Race.program.main(Array(CommandLine.arguments.dropFirst()), withoutCommand: REPLCommand.start))
    }
}
