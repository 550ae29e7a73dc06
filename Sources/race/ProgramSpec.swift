import RaceModel

/// A command a program runs: its spec, its typed fields read from the parsed words (throwing
/// a `UsageError` for a bad value), and its body (throwing an `ExitCode` when it fails).
protocol Subcommand {
    static var spec: CommandSpec { get }
    init(_ parsed: ParsedArguments) throws
    func run() throws
}

/// A program made of subcommands, with something else to do when given none.
///
/// Help, usage errors, "did you mean", `--version` and the shell completion scripts are all
/// made from `commands`: adding a command to that list is the whole of registering it.
struct ProgramSpec {
    let name: String
    let version: String
    let abstract: String
    /// What the program does with no command, for the help.
    let note: String
    let commands: [any Subcommand.Type]

    /// The commands' specs, in order.
    var specs: [CommandSpec] { commands.map { $0.spec } }

    /// Options every command takes, and the program before its command (`race --color never`).
    static let commonOptions = [
        OptionSpec(name: "color", kind: .value(placeholder: "WHEN"),
                   help: "Colour: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never.",
                   defaultValue: "auto", completion: .choices(ColourChoice.allCases.map(\.rawValue))),
    ]

    var usage: String { "\(name) [--color WHEN] [COMMAND ...]" }

    var help: String {
        "\(name) \(version)\n\(abstract)\n\nUsage: \(usage)\n\n\(note)\n\nCommands:\n"
            + helpTable(specs.map { ($0.name, $0.abstract) })
            + "\nOptions:\n"
            + helpTable(Self.commonOptions.map { ($0.synopsis, $0.help) }
                        + [("-h, --help", "Show this help, or a command's: race help COMMAND."),
                           ("-V, --version", "Print the version.")])
            + "\nSee '\(name) help COMMAND' for a command's arguments and options.\n"
    }

    /// Runs the command `words` name and returns the exit code: 0, the command's own code,
    /// or 2 after printing a usage error. `help`, `-h` and `--help` print the program's help,
    /// or a command's when followed by its name.
    func main(_ words: [String], withoutCommand: () -> Int32) -> Int32 {
        var words = words
        do {
            try takeLeadingCommonOptions(&words)
        } catch let error as UsageError {
            return usageError(error)
        } catch {
            return 1
        }
        guard let first = words.first else { return withoutCommand() }
        let rest = Array(words.dropFirst())
        if first == "--version" || first == "-V" {
            Terminal.standardOutput("\(name) \(version)\n")
            return 0
        }
        if first == "help" || first == "-h" || first == "--help" {
            guard let named = rest.first else { return printHelp(help) }
            guard let command = command(named: named) else { return usageError(unknownCommand(named)) }
            if rest.count > 1 { return usageError(UsageError("unexpected argument '\(rest[1])'")) }
            return printHelp(command.spec.help(program: name))
        }
        guard let command = command(named: first) else {
            return usageError(first.hasPrefix("-") ? unknownOption(first) : unknownCommand(first))
        }
        let spec = command.spec
        if spec.asksForHelp(rest) { return printHelp(spec.help(program: name)) }
        do {
            let parsed = try spec.parse(rest)
            try applyCommonOptions(parsed)
            try command.init(parsed).run()
            return 0
        } catch let error as UsageError {
            return usageError(error, usage: spec.usage(program: name), helpCommand: "\(name) \(spec.name) --help")
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            Terminal.standardError("error: \(error)\n")
            return 1
        }
    }

    /// `race --color never run …`: options common to every command may come before it too.
    private func takeLeadingCommonOptions(_ words: inout [String]) throws {
        let spec = CommandSpec(name: "", abstract: "", arguments: [], options: [])
        var taken: [String] = []
        while let word = words.first, word.hasPrefix("--"),
              let option = Self.commonOptions.first(where: { word == "--" + $0.name || word.hasPrefix("--\($0.name)=") }) {
            words.removeFirst()
            taken.append(word)
            if option.takesValue, !word.contains("=") {
                guard !words.isEmpty else { throw UsageError("--\(option.name) needs a value") }
                taken.append(words.removeFirst())
            }
        }
        if !taken.isEmpty { try applyCommonOptions(spec.parse(taken)) }
    }

    /// Acts on the options every command takes.
    private func applyCommonOptions(_ parsed: ParsedArguments) throws {
        if let colour = try parsed.choice("color", as: ColourChoice.self) { Terminal.colourChoice = colour }
    }

    private func command(named name: String) -> (any Subcommand.Type)? {
        commands.first { $0.spec.name == name }
    }

    private func unknownCommand(_ word: String) -> UsageError {
        UsageError("unknown command '\(word)'", hint: Suggestions.hint(for: word, among: specs.map(\.name) + ["help"]))
    }

    private func unknownOption(_ word: String) -> UsageError {
        let names = Self.commonOptions.map { "--" + $0.name } + ["--help", "--version"]
        return UsageError("unknown option '\(word)'", hint: Suggestions.hint(for: word, among: names))
    }

    private func printHelp(_ text: String) -> Int32 {
        Terminal.standardOutput(text)
        return 0
    }

    private func usageError(_ error: UsageError, usage: String? = nil, helpCommand: String? = nil) -> Int32 {
        let hint = error.hint.map { "hint: \($0)\n" } ?? ""
        Terminal.standardError("error: \(error.message)\n\(hint)Usage: \(usage ?? self.usage)\nSee '\(helpCommand ?? "\(name) --help")'.\n")
        return 2
    }
}
