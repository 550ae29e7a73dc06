import RaceModel
import RaceSyntax

/// What TAB proposes for the text before the cursor (the REPL turns it into libedit's edit).
public struct CompletionProposal: Equatable, Sendable {
    /// Full replacements for the last `replacing` characters before the cursor.
    public var candidates: [String]
    /// How many characters before the cursor the candidates replace.
    public var replacing: Int
    /// Appended after a unique candidate: `" "`, or `""` after a name the user may follow
    /// with `.` and after a folder.
    public var terminator: String

    public init(candidates: [String], replacing: Int, terminator: String = " ") {
        self.candidates = candidates
        self.replacing = replacing
        self.terminator = terminator
    }

    public static let none = CompletionProposal(candidates: [], replacing: 0)
}

extension Session {
    /// The names of the current fork's scenario, from its statements (so they are there even
    /// when the scenario does not check yet).
    struct ScenarioNames {
        var entities: [String] = []
        var chips: [String] = []
        var params: [String] = []
        var lets: [String] = []
        /// `let f(L) = ...`: usable as fields (`OpenAI.f`).
        var entityLets: [String] = []
        var labels: [String] = []
    }

    func scenarioNames() -> ScenarioNames {
        var names = ScenarioNames()
        func add(_ name: String, to list: inout [String]) {
            if !list.contains(name) { list.append(name) }
        }
        for statement in statements(of: fork) {
            switch statement.kind {
            case .entity(_, let name, _): add(name.text, to: &names.entities)
            case .chip(let name, _): add(name.text, to: &names.chips)
            case .param(let name, _): add(name.text, to: &names.params)
            case .formula(let name, let parameter, _):
                add(name.text, to: &names.lets)
                if parameter != nil { add(name.text, to: &names.entityLets) }
            case .event(let event):
                if let label = event.label { add(label.text, to: &names.labels) }
            default: break
            }
        }
        return names
    }

    static let globalNames = ["t", "date", "labs_active", "total", "largest", "log10", "ln", "exp", "sqrt", "abs",
                              "min", "max", "normal", "uniform", "lognormal"]
    static let entityFieldNames = ["cash", "revenue", "burn", "fleet", "valuation", "owners", "utilization", "founded"]
    /// Words with a meaning in one place only, not reserved (`with probability`, `from others`).
    static let contextualWords = ["probability", "others"]
    static let chipFieldNames = ["price", "perf", "power", "opex", "rent", "lead", "available"]
    static var helpTopics: [String] { SessionHelp.topics }

    /// Candidates for TAB, from the context of the cursor: a `:command`, its argument (file
    /// paths after `:load`/`:save`, forks after `:switch`/`:diff`, entities after `:show`,
    /// fields after `:table`), fields after `Name.`, field names inside a declaration's
    /// `{ }`, else keywords and the scenario's names. `previousLines` are the lines of an
    /// unfinished entry typed before this one (a block opened on an earlier line).
    public func completions(lineBeforeCursor line: String, previousLines: String = "") -> CompletionProposal {
        let leading = line.prefix { $0 == " " || $0 == "\t" }
        let rest = String(line.dropFirst(leading.count))
        if previousLines.isEmpty, rest.hasPrefix(":") {
            guard let space = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                return CompletionProposal(candidates: Self.commands.filter { $0.hasPrefix(rest) }, replacing: rest.count)
            }
            return argumentCompletions(command: String(rest[..<space]), argument: String(rest[rest.index(after: space)...]))
        }
        return expressionCompletions(line, previousLines: previousLines)
    }

    private func argumentCompletions(command: String, argument: String) -> CompletionProposal {
        switch command {
        case ":load", ":save", ":save!":
            return pathCompletions(argument)
        case ":switch", ":diff":
            return wordCompletions(argument, from: forkOrder, terminator: " ")
        case ":show":
            return wordCompletions(argument, from: scenarioNames().entities, terminator: "")
        case ":table":
            let word = Self.lastWord(of: argument) { $0.isLetter || $0.isNumber || $0 == "_" }
            let names = scenarioNames()
            let fields = EntityQuantity.allCases.map(\.rawValue) + names.entityLets
            return CompletionProposal(candidates: fields.filter { $0.hasPrefix(word) }, replacing: word.count, terminator: "")
        case ":help", ":h":
            return wordCompletions(argument, from: Self.helpTopics, terminator: "")
        case ":eval", ":explain":
            return expressionCompletions(argument, previousLines: "")
        case ":plot":
            return plotCompletions(argument)
        default:
            return .none
        }
    }

    /// `:plot cash, Open…`: the last expression completes as `:eval` does, and a bare word
    /// may also be a field (meaning it for every lab).
    private func plotCompletions(_ argument: String) -> CompletionProposal {
        let segment = String(argument.split(separator: ",", omittingEmptySubsequences: false).last ?? "")
        var proposal = expressionCompletions(segment, previousLines: "")
        let word = Self.lastWord(of: segment) { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard !word.isEmpty, !word.contains("."), !(word.first?.isNumber ?? false) else { return proposal }
        let fields = (EntityQuantity.allCases.map(\.rawValue) + scenarioNames().entityLets).filter { $0.hasPrefix(word) }
        let candidates = fields + proposal.candidates.filter { !fields.contains($0) }
        if candidates.count == 1 && fields.count == 1 { proposal.terminator = "" }
        proposal.candidates = candidates
        proposal.replacing = word.count
        return proposal
    }

    /// The last word of `argument` completed from `names`.
    private func wordCompletions(_ argument: String, from names: [String], terminator: String) -> CompletionProposal {
        let word = Self.lastWord(of: argument) { !$0.isWhitespace }
        return CompletionProposal(candidates: names.filter { $0.hasPrefix(word) }, replacing: word.count, terminator: terminator)
    }

    /// A file path: the entries of its folder that start with its last part; folders end in
    /// `/` (TAB then goes on into them). Scenario files and folders come first; hidden
    /// entries only when the part starts with `.`.
    private func pathCompletions(_ argument: String) -> CompletionProposal {
        let word = Self.lastWord(of: argument) { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
        let folder: String, part: String
        if let slash = word.lastIndex(of: "/") {
            folder = String(word[...slash])
            part = String(word[word.index(after: slash)...])
        } else {
            folder = ""
            part = word
        }
        let entries = io.listFolder(folder).filter { $0.hasPrefix(part) && (part.hasPrefix(".") || !$0.hasPrefix(".")) }
        let scenarios = entries.filter { $0.hasSuffix("/") || $0.hasSuffix(".race") }
        let chosen = scenarios.isEmpty ? entries : scenarios
        return CompletionProposal(candidates: chosen.map { folder + $0 }, replacing: word.count, terminator: " ")
    }

    private func expressionCompletions(_ line: String, previousLines: String) -> CompletionProposal {
        let word = Self.lastWord(of: line) { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        let names = scenarioNames()
        if let dot = word.lastIndex(of: ".") {
            // `Name.fi`: the fields of an entity (or of a `for each` variable).
            let base = String(word[..<dot])
            let part = String(word[word.index(after: dot)...])
            guard !base.isEmpty, !base.contains("."), !(base.first?.isNumber ?? true) else { return .none }
            // An entity, a `for each` variable or a name not declared yet: its fields.
            if Keywords.isKeyword(base) || names.params.contains(base) || names.chips.contains(base)
                || (names.lets.contains(base) && !names.entities.contains(base)) { return .none }
            let fields = EntityQuantity.allCases.map(\.rawValue) + ["stake("] + names.entityLets
            let matches = fields.filter { $0.hasPrefix(part) }
            return CompletionProposal(candidates: matches, replacing: part.count, terminator: matches == ["stake("] ? "" : " ")
        }
        guard !word.isEmpty, !(word.first?.isNumber ?? false) else { return .none }
        var pool: [String] = []
        // Inside `lab X {` or `chip C {`, where a field starts, only that declaration's fields fit.
        if let block = openDeclaration(previousLines + "\n" + line) {
            let fields = block == "chip" ? Self.chipFieldNames : Self.entityFieldNames
            let before = line.dropLast(word.count).reversed().drop { $0 == " " || $0 == "\t" }
            if before.first.map({ "{,;".contains($0) }) ?? true {
                // No space after the field: `:` or `=` follows.
                return CompletionProposal(candidates: fields.filter { $0.hasPrefix(word) }, replacing: word.count, terminator: "")
            }
            pool += fields
        }
        pool += names.entities + names.chips + names.params + names.lets + names.labels
        pool += Self.globalNames + Keyword.allCases.map(\.rawValue) + Self.contextualWords
        var seen = Set<String>()
        let matches = pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        // An entity may be followed by `.field`: no space after it.
        let terminator = matches.count == 1 && names.entities.contains(matches[0]) ? "" : " "
        return CompletionProposal(candidates: matches, replacing: word.count, terminator: terminator)
    }

    /// The kind of declaration (`lab`, `company`, `chip`) whose `{` is still open at the end of
    /// `text`, if the innermost open brace belongs to one.
    private func openDeclaration(_ text: String) -> String? {
        var opened: [String?] = []
        var lastWords: [String] = []
        var word = ""
        func endWord() {
            if !word.isEmpty { lastWords.append(word); if lastWords.count > 2 { lastWords.removeFirst() } }
            word = ""
        }
        var inString = false
        var inComment = false
        for character in text {
            if inComment { if character == "\n" { inComment = false }; continue }
            if inString { if character == "\"" { inString = false }; continue }
            switch character {
            case "#": endWord(); inComment = true
            case "\"": endWord(); inString = true
            case "{":
                endWord()
                let kind = lastWords.count == 2 && ["lab", "company", "chip"].contains(lastWords[0]) ? lastWords[0] : nil
                opened.append(kind)
                lastWords = []
            case "}":
                endWord()
                if !opened.isEmpty { opened.removeLast() }
                lastWords = []
            case _ where character.isLetter || character.isNumber || character == "_":
                word.append(character)
            default:
                endWord()
                if character == "\n" || character == ";" || character == ":" { lastWords = [] }
            }
        }
        return opened.last ?? nil
    }

    /// The trailing run of characters of `text` that satisfy `isPart`.
    static func lastWord(of text: String, _ isPart: (Character) -> Bool) -> String {
        String(text.reversed().prefix(while: isPart).reversed())
    }
}
