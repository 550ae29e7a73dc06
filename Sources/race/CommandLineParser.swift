/// The command line of `race` (§12), parsed by hand.
///
/// Why not swift-argument-parser: its parse took about 2 ms of every process start (Mirror
/// reflection over the command types and protocol-conformance scans), measured against
/// about 50 ms for a whole `race run FILE --samples 10000`. The commands need little of
/// it: positional arguments, `--name value` / `--name=value` options, flags and `--help`.
///
/// Each command's file holds its `CommandSpec` and turns the parsed words into typed fields
/// (`init(_: ParsedArguments)`); this file knows nothing of any one command.

/// A command line that is wrong: printed as `error: MESSAGE` with the command's usage, exit 2 (§11).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Ends the program with this exit code; what went wrong has been printed already.
struct ExitCode: Error {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
}

/// A positional argument: `FILE`, or `FILE...` when it takes every remaining one (possibly none).
struct ArgumentSpec {
    let name: String
    let help: String
    var repeats = false
}

/// An option, spelled `--name` on the command line.
struct OptionSpec {
    enum Kind {
        /// `--series`: present or not.
        case flag
        /// `--samples S`: the last one given counts.
        case value(placeholder: String)
        /// `--set NAME=VALUE`, given any number of times; every one counts, in order.
        case repeatedValue(placeholder: String)
    }

    let name: String
    let kind: Kind
    let help: String
    /// Shown in the help as `(default: …)` where the help text does not say it.
    var defaultValue: String? = nil
    /// A one-letter spelling, `-o` for `--output`; usage lines show it instead of the long name.
    var short: Character? = nil

    /// `--samples S` (or `-o PATH`) as written in usage lines.
    var synopsis: String {
        let spelling = short.map { "-\($0)" } ?? "--\(name)"
        switch kind {
        case .flag: return spelling
        case .value(let placeholder), .repeatedValue(let placeholder): return "\(spelling) \(placeholder)"
        }
    }

    /// `-o, --output PATH` as written in the help.
    var helpSynopsis: String {
        guard let short else { return synopsis }
        return "-\(short), " + OptionSpec(name: name, kind: kind, help: help).synopsis
    }
}

/// One command: `race run`, `race check`, ….
struct CommandSpec {
    let name: String
    let abstract: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]

    /// `-h` or `--help` anywhere before `--` asks for the help, whatever else is wrong.
    func asksForHelp(_ words: [String]) -> Bool {
        words.prefix { $0 != "--" }.contains { $0 == "-h" || $0 == "--help" }
    }

    /// Splits `words` into positional arguments and option values. A value option takes the
    /// next word whatever it looks like, as getopt does (`--set -x=1` is a value, not an option).
    func parse(_ words: [String]) throws -> ParsedArguments {
        var parsed = ParsedArguments(command: self)
        var index = words.startIndex
        var optionsEnded = false
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if optionsEnded || !word.hasPrefix("-") || word == "-" {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            let body = word.hasPrefix("--") ? word.dropFirst(2) : Substring(word)
            let equals = body.firstIndex(of: "=")
            var name = String(body[..<(equals ?? body.endIndex)])
            // `-o PATH`: a one-letter spelling stands for its option.
            if !word.hasPrefix("--"), word.count == 2, let option = options.first(where: { $0.short == word.last }) {
                name = option.name
            }
            guard word.hasPrefix("--") || name != String(body), let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '\(word.hasPrefix("--") ? "--" + name : word)'")
            }
            let inlineValue = equals.map { String(body[body.index(after: $0)...]) }
            if case .flag = option.kind {
                if inlineValue != nil { throw UsageError("--\(name) takes no value") }
                parsed.flags.insert(name)
                continue
            }
            guard let value = inlineValue ?? (index < words.endIndex ? words[index] : nil) else {
                throw UsageError("--\(name) needs a value")
            }
            if inlineValue == nil { index += 1 }
            parsed.values[name, default: []].append(value)
        }
        let required = arguments.filter { !$0.repeats }
        if parsed.positionals.count < required.count {
            throw UsageError("missing argument \(required[parsed.positionals.count].name)")
        }
        if !arguments.contains(where: \.repeats), parsed.positionals.count > arguments.count {
            throw UsageError("unexpected argument '\(parsed.positionals[arguments.count])'")
        }
        return parsed
    }

    /// `race run FILE [--format table|csv|json] [--series] … [--set NAME=VALUE]...`
    func usage(program: String) -> String {
        let arguments = self.arguments.map { $0.repeats ? "\($0.name)..." : $0.name }
        let options = self.options.map { option -> String in
            if case .repeatedValue = option.kind { return "[\(option.synopsis)]..." }
            return "[\(option.synopsis)]"
        }
        return ([program, name] + arguments + options).joined(separator: " ")
    }

    func help(program: String) -> String {
        var text = "\(abstract)\n\nUsage: \(usage(program: program))\n"
        if !arguments.isEmpty {
            text += "\nArguments:\n" + helpTable(arguments.map { ($0.repeats ? "\($0.name)..." : $0.name, $0.help) })
        }
        let optionRows = options.map { option in
            (option.helpSynopsis, option.help + (option.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        text += "\nOptions:\n" + helpTable(optionRows + [("-h, --help", "Show this help.")])
        return text
    }
}

/// What a command line said, before the command turns it into typed fields.
struct ParsedArguments {
    /// The spec the words were parsed against: debug builds check that a command asks only
    /// for options it declares (a misspelt name would otherwise read as "absent").
    let command: CommandSpec
    var positionals: [String] = []
    /// Each value option's values in the order given.
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    func flag(_ name: String) -> Bool {
        assert(command.options.contains { $0.name == name }, "--\(name) is not an option of \(command.name)")
        return flags.contains(name)
    }

    /// A value option's value; given more than once, the last one wins.
    func value(_ name: String) -> String? { allValues(name).last }

    /// Every value of a repeatable option, in order.
    func allValues(_ name: String) -> [String] {
        assert(command.options.contains { $0.name == name }, "--\(name) is not an option of \(command.name)")
        return values[name] ?? []
    }

    /// `--samples 10000`; nil when the option is absent.
    func wholeNumber<Number: FixedWidthInteger>(_ name: String, as: Number.Type = Number.self) throws -> Number? {
        guard let text = value(name) else { return nil }
        guard let number = Number(text) else { throw UsageError("--\(name) takes a whole number (got '\(text)')") }
        return number
    }

    /// `--format csv`, one of a plain enum's cases by name; nil when the option is absent.
    func choice<Choice: CaseIterable & RawRepresentable>(_ name: String, as: Choice.Type = Choice.self) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = value(name) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
            throw UsageError("--\(name) takes \(list) (got '\(text)')")
        }
        return choice
    }
}

/// A command a program runs: its spec, its typed fields read from the parsed words (throwing
/// a `UsageError` for a bad value), and its body (throwing an `ExitCode` when it fails).
protocol Subcommand {
    static var spec: CommandSpec { get }
    init(_ parsed: ParsedArguments) throws
    func run() throws
}

/// A program made of subcommands, with something else to do when given none.
struct ProgramSpec {
    let name: String
    let abstract: String
    /// What the program does with no command, for the help.
    let note: String
    let commands: [any Subcommand.Type]

    var usage: String { "\(name) [COMMAND ...]" }

    var help: String {
        "\(abstract)\n\nUsage: \(usage)\n\n\(note)\n\nCommands:\n"
            + helpTable(commands.map { ($0.spec.name, $0.spec.abstract) })
            + "\nSee '\(name) help COMMAND' for a command's arguments and options.\n"
    }

    /// Runs the command `words` name and returns the exit code: 0, the command's own code,
    /// or 2 after printing a usage error. `help`, `-h` and `--help` print the program's help,
    /// or a command's when followed by its name.
    func main(_ words: [String], withoutCommand: () -> Int32) -> Int32 {
        guard let first = words.first else { return withoutCommand() }
        let rest = Array(words.dropFirst())
        if first == "help" || first == "-h" || first == "--help" {
            guard let named = rest.first else { return printHelp(help) }
            guard let command = command(named: named) else { return usageError("unknown command '\(named)'") }
            if rest.count > 1 { return usageError("unexpected argument '\(rest[1])'") }
            return printHelp(command.spec.help(program: name))
        }
        guard let command = command(named: first) else {
            return usageError(first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'")
        }
        let spec = command.spec
        if spec.asksForHelp(rest) { return printHelp(spec.help(program: name)) }
        do {
            try command.init(spec.parse(rest)).run()
            return 0
        } catch let error as UsageError {
            return usageError(error.message, usage: spec.usage(program: name), helpCommand: "\(name) \(spec.name) --help")
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            Terminal.standardError("error: \(error)\n")
            return 1
        }
    }

    private func command(named name: String) -> (any Subcommand.Type)? {
        commands.first { $0.spec.name == name }
    }

    private func printHelp(_ text: String) -> Int32 {
        Terminal.standardOutput(text)
        return 0
    }

    private func usageError(_ message: String, usage: String? = nil, helpCommand: String? = nil) -> Int32 {
        Terminal.standardError("error: \(message)\nUsage: \(usage ?? self.usage)\nSee '\(helpCommand ?? "\(name) --help")'.\n")
        return 2
    }
}

/// Two columns, the second wrapped to 80 characters: `  --samples S   Monte Carlo samples …`.
private func helpTable(_ rows: [(label: String, text: String)]) -> String {
    let column = 2 + (rows.map(\.label.count).max() ?? 0) + 2
    let indent = String(repeating: " ", count: column)
    return rows.map { row in
        var lines: [String] = []
        var line = "  " + row.label + String(repeating: " ", count: column - 2 - row.label.count)
        var lineIsEmpty = true
        for word in row.text.split(separator: " ") {
            if !lineIsEmpty, line.count + 1 + word.count > 80 {
                lines.append(line)
                line = indent
                lineIsEmpty = true
            }
            line += (lineIsEmpty ? "" : " ") + word
            lineIsEmpty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }.joined()
}
