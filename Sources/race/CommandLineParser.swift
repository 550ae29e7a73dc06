import RaceModel

/// The command line of `race` (docs/reference/command-line.md), parsed by hand.
///
/// Why not swift-argument-parser: measured again for issue 17 (Grammar/CHANGES.md, "The
/// command line"), a program declaring the same commands with it took 6.0 ms to parse
/// `run FILE --samples 5` against 1.8 ms for this parser, and linked all of Foundation.
/// What it would give — `--version`, "did you mean", completion scripts — is built here
/// from the same specs that drive parsing and help, so a command is declared in one place.
///
/// Each command's file holds its `CommandSpec` and turns the parsed words into typed fields
/// (`init(_: ParsedArguments)`); this file knows nothing of any one command.

/// A command line that is wrong: printed as `error: MESSAGE`, an optional `hint: …` and the
/// command's usage, exit 2.
struct UsageError: Error {
    let message: String
    let hint: String?
    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// Ends the program with this exit code; what went wrong has been printed already.
struct ExitCode: Error {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
}

/// What a shell may complete a word to: a file, one of fixed words, or nothing it can guess.
enum CompletionKind: Equatable {
    case none
    /// Files; scenario files (`*.race`) are offered first.
    case scenarioFiles
    /// Any file or folder: where output goes (`-o PATH`).
    case files
    case choices([String])
    /// Fixed words in a comma-separated list (`cash,runway`): the word after the last comma.
    case list([String])
}

/// An option's values as a plain enum (`--format table|csv|json`): the placeholder of its
/// usage line and what a shell completes come from the cases.
protocol OptionChoices: CaseIterable, RawRepresentable where RawValue == String {}

extension OptionChoices {
    static var placeholder: String { allCases.map(\.rawValue).joined(separator: "|") }
    static var completion: CompletionKind { .choices(allCases.map(\.rawValue)) }
}

/// A positional argument: `FILE`, or `FILE...` when it takes every remaining one (possibly none).
struct ArgumentSpec {
    let name: String
    let help: String
    var repeats = false
    var completion: CompletionKind = .scenarioFiles
}

/// An option, spelled `--name` on the command line (and `-o` when it has a short spelling).
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
    /// The values a shell offers after the option (`--format` → table, csv, json).
    var completion: CompletionKind = .none
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

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// `--output` and `-o`: every way the option is written.
    var spellings: [String] { ["--" + name] + (short.map { ["-\($0)"] } ?? []) }
}

/// One command: `race run`, `race check`, ….
struct CommandSpec {
    let name: String
    let abstract: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]

    /// The command's options and those every command takes (`--color`), as parsed and shown.
    var allOptions: [OptionSpec] { options + ProgramSpec.commonOptions }

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
            if !word.hasPrefix("--"), word.count == 2, let option = allOptions.first(where: { $0.short == word.last }) {
                name = option.name
            }
            guard word.hasPrefix("--") || name != String(body), let option = allOptions.first(where: { $0.name == name }) else {
                throw unknownOption(word.hasPrefix("--") ? "--" + name : word)
            }
            let inlineValue = equals.map { String(body[body.index(after: $0)...]) }
            if !option.takesValue {
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

    /// `unknown option '--fromat'` with `did you mean '--format'?` when one is close.
    private func unknownOption(_ word: String) -> UsageError {
        let names = allOptions.map { "--" + $0.name } + ["--help"]
        return UsageError("unknown option '\(word)'", hint: Suggestions.hint(for: word, among: names))
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
        let optionRows = allOptions.map { option in
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
        assert(command.allOptions.contains { $0.name == name }, "--\(name) is not an option of \(command.name)")
        return flags.contains(name)
    }

    /// A value option's value; given more than once, the last one wins.
    func value(_ name: String) -> String? { allValues(name).last }

    /// Every value of a repeatable option, in order.
    func allValues(_ name: String) -> [String] {
        assert(command.allOptions.contains { $0.name == name }, "--\(name) is not an option of \(command.name)")
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
            throw UsageError("--\(name) takes \(names.listed(conjunction: "or")) (got '\(text)')",
                             hint: Suggestions.hint(for: text, among: names))
        }
        return choice
    }
}

extension Array where Element == String {
    /// `table, csv or json`.
    func listed(conjunction: String) -> String {
        count > 1 ? dropLast().joined(separator: ", ") + " \(conjunction) " + last! : joined()
    }
}

/// Two columns, the second wrapped to 80 characters: `  --samples S   Monte Carlo samples …`.
func helpTable(_ rows: [(label: String, text: String)]) -> String {
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
