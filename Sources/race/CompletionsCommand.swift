import RaceModel

/// `race completions SHELL`: prints the completion script for bash, zsh or fish.
struct CompletionsCommand: Subcommand {
    static let spec = CommandSpec(
        name: "completions", abstract: "Print the shell completion script for bash, zsh or fish.",
        arguments: [ArgumentSpec(name: "SHELL", help: "bash, zsh or fish. Each script's first lines say where to install it.",
                                 completion: .choices(ShellCompletions.Shell.allCases.map(\.rawValue)))],
        options: [])

    var shell: ShellCompletions.Shell

    init(_ parsed: ParsedArguments) throws {
        let word = parsed.positionals[0]
        guard let shell = ShellCompletions.Shell(rawValue: word) else {
            let names = ShellCompletions.Shell.allCases.map(\.rawValue)
            throw UsageError("no completions for '\(word)'; the shells are \(names.listed(conjunction: "and"))",
                             hint: Suggestions.hint(for: word, among: names))
        }
        self.shell = shell
    }

    func run() throws {
        Terminal.standardOutput(ShellCompletions.script(for: shell, program: Race.program))
    }
}
