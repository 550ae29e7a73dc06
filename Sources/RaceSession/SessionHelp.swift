import RaceModel
import RaceSyntax

/// The text of `:help [TOPIC]`: an overview of the commands, or a page of the language
/// reference (docs/reference), embedded in `ReferenceText` so the binary needs no files.
enum SessionHelp {
    /// Topics that are not page names: the REPL's older topic names.
    static let aliases = ["commands": "repl", "statements": "README", "reference": "README"]

    /// Every topic `:help` takes, for completion: the pages, then the aliases.
    static var topics: [String] {
        ReferenceText.pages.map(\.name).filter { $0 != "README" } + aliases.keys.sorted()
    }

    static func text(topic: String) -> String {
        let topic = topic.trimmed(where: { $0 == ":" || $0 == " " })
        if topic.isEmpty { return overview }
        let name = aliases[topic] ?? topic
        if let page = ReferenceText.pages.first(where: { $0.name == name }) { return plain(page.text) }
        let hint = Suggestions.closest(to: topic, among: topics).map { "did you mean '\($0)'? " } ?? ""
        return "no help on '\(topic)'; \(hint)topics: \(topics.joined(separator: ", "))\n"
    }

    static let overview = """
        Type statements of the race language (they join the scenario and are checked at once),
        an expression to evaluate now (OpenAI.runway, total(compute)), or a command:
          :load FILE / :reload      start from a scenario file / read it again
          :run / :step [N] / :goto DATE   run to the horizon / N months / to a month
          :show [ENTITY]            the state now, or one entity in full
          :table FIELD,...          a table over entities (cash, runway, compute, ...)
          :events                   the event log so far
          :json / :run json         the run so far / to the horizon, as race run --format json
          :eval EXPR                evaluate an expression (same as typing it)
          :fork NAME / :switch NAME / :forks   copy the scenario / go back to one / list
          :diff [A] B               compare two forks (assumptions, outcomes, attribution)
          :undo                     take back the last statement
          :save FILE / :save! FILE  write the scenario as a .race file (! overwrites)
          :help TOPIC               a page of the language reference (below)
          :quit                     leave (Ctrl-D too); Ctrl-C abandons the line

        """ + "Topics: " + wrapped(topics.filter { aliases[$0] == nil }) + "\n"

    /// Markdown as it reads in a terminal: code blocks indented instead of fenced, links as
    /// their text, `\|` in tables as `|`.
    static func plain(_ markdown: String) -> String {
        var out = ""
        var inCode = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            out += inCode ? "    " + line + "\n" : withoutLinks(String(line)).replacingAll("\\|", with: "|") + "\n"
        }
        return out
    }

    /// `[actions](actions.md)` → `actions`.
    private static func withoutLinks(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]"),
                  rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
                  let end = rest[close...].firstIndex(of: ")") else {
                out += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += rest[..<open] + rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    private static func wrapped(_ words: [String]) -> String {
        var lines: [String] = [], line = ""
        for word in words {
            if !line.isEmpty, line.count + word.count + 2 > 80 {
                lines.append(line + ",")
                line = "  "
            }
            line += (line.isEmpty || line == "  " ? "" : ", ") + word
        }
        return (lines + [line]).joined(separator: "\n")
    }
}
