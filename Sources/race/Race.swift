import ArgumentParser
import Foundation

/// The `race` command (§12). With no subcommand it starts the REPL.
struct Race: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "race",
        abstract: "What-if forecasting of the AI race: run, check, test and compare scenarios.",
        discussion: "With no subcommand, `race` starts the interactive REPL (or reads a script from standard input).",
        subcommands: [RunCommand.self, CheckCommand.self, TestCommand.self, DiffCommand.self])

    func run() throws {
        let code = REPLCommand.start()
        if code != 0 { throw ExitCode(code) }
    }
}

@main
enum Main {
    /// Parses the arguments and runs; usage errors exit 2 (§11), not ArgumentParser's 64.
    static func main() {
        do {
            var command = try Race.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = Race.exitCode(for: error)
            if code == .success {
                print(Race.fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.standardError(Race.fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }
}
