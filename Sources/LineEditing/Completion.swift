/// What a completer proposes for the word before the cursor.
public struct Completion: Equatable, Sendable {
    /// Full replacements for the word (not just their missing tails), in the order to list them.
    public var candidates: [String]
    /// How many characters before the cursor the candidates replace (the word's length).
    public var replacing: Int
    /// Appended after a candidate that is the only match (`" "` by default; `""` to stop right
    /// after it, e.g. an entity name the user may follow with `.`). Never appended after a
    /// candidate ending in `/` (a directory: the user goes on typing the path).
    public var terminator: String

    public init(candidates: [String], replacing: Int, terminator: String = " ") {
        self.candidates = candidates
        self.replacing = replacing
        self.terminator = terminator
    }

    /// Nothing to propose (TAB beeps).
    public static let none = Completion(candidates: [], replacing: 0)

    /// What TAB does with this completion on a line whose text before the cursor is
    /// `lineBeforeCursor`: one candidate is completed (plus `terminator`); several with a
    /// common prefix longer than the word insert that prefix; otherwise they are listed.
    public func edit(lineBeforeCursor: String) -> CompletionEdit {
        var seen = Set<String>()
        let unique = candidates.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return .nothing }
        let word = String(lineBeforeCursor.suffix(max(0, replacing)))
        if unique.count == 1 {
            let candidate = unique[0]
            let text = candidate + (candidate.hasSuffix("/") ? "" : terminator)
            return CompletionEdit.replacing(word, with: text)
        }
        let prefix = CompletionWord.commonPrefix(unique)
        if prefix.count > word.count || (prefix.count == word.count && prefix != word) {
            return CompletionEdit.replacing(word, with: prefix)
        }
        return .list(unique)
    }
}

/// An edit of the line at the cursor that a TAB makes.
public enum CompletionEdit: Equatable, Sendable {
    /// Delete `deleting` (the characters just before the cursor), then insert `inserting`.
    case replace(deleting: String, inserting: String)
    /// Show these candidates below the line, then redraw it.
    case list([String])
    /// Nothing matches (beep).
    case nothing

    /// The smallest edit that turns `word` (before the cursor) into `text`: keeps their
    /// common beginning. `.nothing` when they are equal.
    static func replacing(_ word: String, with text: String) -> CompletionEdit {
        var keep = 0
        for (a, b) in zip(word, text) {
            guard a == b else { break }
            keep += 1
        }
        let deleting = String(word.dropFirst(keep))
        let inserting = String(text.dropFirst(keep))
        if deleting.isEmpty && inserting.isEmpty { return .nothing }
        return .replace(deleting: deleting, inserting: inserting)
    }
}

/// Pure helpers for completers.
public enum CompletionWord {
    /// Characters of a word for completion by default: letters, digits, `_`, `.` (so
    /// `Name.fi` is one word: the completer splits at the dot), and `:` (commands).
    public static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "." || character == ":"
    }

    /// Characters of a file path: anything but white space and quotes.
    public static func isPathCharacter(_ character: Character) -> Bool {
        !character.isWhitespace && character != "\"" && character != "'"
    }

    /// The word that ends at the end of `line` (the cursor) and where it starts, counted in
    /// characters from the beginning of `line`. An empty word when `line` ends in a separator.
    public static func currentWord(
        in line: String, isWordCharacter: (Character) -> Bool = CompletionWord.isWordCharacter
    ) -> (word: String, start: Int) {
        var start = line.endIndex
        while start > line.startIndex {
            let previous = line.index(before: start)
            guard isWordCharacter(line[previous]) else { break }
            start = previous
        }
        return (String(line[start...]), line.distance(from: line.startIndex, to: start))
    }

    /// The longest common beginning of `strings` (character by character).
    public static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for string in strings.dropFirst() {
            var count = 0
            for (a, b) in zip(prefix, string) {
                guard a == b else { break }
                count += 1
            }
            prefix.removeSubrange(count...)
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// `items` in columns (down, then across, like `ls`) for a terminal `width` columns wide,
    /// each line ending in a newline. At most `limit` items are shown, then a count of the rest.
    public static func columns(_ items: [String], width: Int, limit: Int = 200) -> String {
        guard !items.isEmpty else { return "" }
        let shown = Array(items.prefix(limit))
        let cell = (shown.map(\.count).max() ?? 0) + 2
        let across = max(1, (max(width, 1) + 2) / cell)
        let rows = (shown.count + across - 1) / across
        var text = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<across {
                let index = column * rows + row
                guard index < shown.count else { break }
                let item = shown[index]
                line += item
                if column + 1 < across && (column + 1) * rows + row < shown.count {
                    line += String(repeating: " ", count: cell - item.count)
                }
            }
            text += line + "\n"
        }
        if items.count > shown.count {
            text += "(\(items.count - shown.count) more)\n"
        }
        return text
    }
}
