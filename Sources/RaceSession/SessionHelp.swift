import RaceModel
import RaceSyntax

/// The text of `:help [TOPIC]`: an overview of the commands, or a page of the language
/// reference (docs/reference), embedded in `ReferenceText` so the binary needs no files.
enum SessionHelp {
    /// Topics that are not page names: the REPL's older topic names.
    static let aliases = ["commands": "repl", "reference": "README"]

    /// Every topic `:help` takes, for completion: the pages, the one-screen summary of the
    /// statements, then the aliases.
    static var topics: [String] {
        ReferenceText.pages.map(\.name).filter { $0 != "README" } + ["statements"] + aliases.keys.sorted()
    }

    static func text(topic: String) -> String {
        let topic = topic.trimmed(where: { $0 == ":" || $0 == " " })
        if topic.isEmpty { return overview }
        if topic == "statements" { return statements }
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
          :plot EXPR, ...           chart from the start to now (:plot cash: every lab's)
          :events                   the event log so far
          :json / :run json         the run so far / to the horizon, as race run --format json
          :eval EXPR                evaluate an expression (same as typing it)
          :fork NAME / :switch NAME / :forks   copy the scenario / go back to one / list
          :diff [A] B               compare two forks (assumptions, outcomes, attribution)
          :explain X.FIELD [S]      which random inputs move X.FIELD at the horizon (S: from S samples)
          :undo                     take back the last statement
          :save FILE / :save! FILE  write the scenario as a .race file (! overwrites)
          :recover [discard]        restore a session that ended without :quit (or forget it)
          :help TOPIC               a page of the language reference (below)
          :quit                     leave (Ctrl-D too); Ctrl-C abandons the line

        """ + "Topics: " + wrapped(topics.filter { aliases[$0] == nil }) + "\n"

    /// Every kind of statement on one screen, v2's included (their pages are still to come).
    static let statements = """
        lab NAME { cash: $10B; revenue: $1B/month growing 5%/month; burn: $1.2B/month }
        company NAME { cash: $0 }        chip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW }
        param growth = 5%/month           let share(L) = L.compute / total(compute)
        on 2025-06: Microsoft invests $5B in Alpha
        every 6 months from 2025-01: OpenAI raises $10B at OpenAI.valuation * 1.5
        when OpenAI.runway < 6 months: OpenAI raises $10B at OpenAI.valuation
        cancel LABEL / delay LABEL by 6 months / expect OpenAI.active at 2026-12
        xAI borrows $5B from Apollo at 12%/year over 12 months     Microsoft pays $250M to OpenAI
        OpenAI pays $70M/month to Microsoft for 12 months           set OpenAI.owners = Microsoft 27%, SoftBank 11%
        Thrive buys 1.5% of OpenAI from others for $7.5B            xAI buys 100k H100 from Nvidia for $4.5B
        OpenAI rents 120k GB200 from Oracle over 12 months          Anthropic rents 1 GW of GB200 from Oracle for $20B over 24 months
        param ready = 2026-06 to 2027-06   on ready with probability 60%: ...   delay LABEL by 3 months to 12 months
        lab MSL { founded: 2025-06 }       observe OpenAI.valuation at 2025-03 = $300B ± 20%

        """

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
