/// Breaks valid text the ways that find bugs: swaps, deletions and duplications of tokens and
/// lines, numbers made huge, tiny or NaN-producing, names swapped (a param using itself),
/// deep nesting, long chains, and truncation.
struct Mutator {
    /// The pieces of a text: words, numbers (with `$`, suffixes, `%`), single symbols and
    /// runs of white space, so a mutation keeps most of the text readable.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var kind = 0  // 1 word or number, 2 space
        for character in text {
            let k = character.isLetter || character.isNumber || character == "_" || character == "$" || character == "."
                || character == "%" ? 1 : character == " " || character == "\t" ? 2 : 0
            if k != 0 && k == kind {
                current.append(character)
                continue
            }
            if !current.isEmpty { tokens.append(current) }
            current = String(character)
            kind = k
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Numbers that push arithmetic to its edges.
    static let extremeNumbers = ["0", "-0", "1e308", "1e-308", "9e15", "$1e300", "1e999", "0.0000001%", "$0", "-$5B",
                                 "1e300 * 1e300", "(0 / 0)", "(1 / 0)", "1 months / 0 months", "$1B / $0", "sqrt(-1)",
                                 "ln(0)", "10 ^ 400", "-1e308 * 10", "1_000_000_000_000_000_000_000"]
    static let insertions = ["{", "}", "(", ")", ",", ":", ";", "\n", "\"", "#", ".", "$", "%", "to", "not", "and", "if",
                             "then", "else", "from", "at", "for", "over", "growing", "falling", "each", "as", "=", "==",
                             "-", "+", "*", "/", "^", "<", "2025-13", "2025-00", "9999-12", "\u{00e9}", "\u{0}"]

    /// `text` with 1 to `rounds` mutations applied.
    static func mutate(_ text: String, rounds: Int, _ random: inout SeededRandom) -> String {
        var tokens = Self.tokens(text)
        for _ in 0..<random.int(1...rounds) where !tokens.isEmpty {
            let i = random.int(0...tokens.count - 1)
            switch random.int(0...13) {
            case 0: tokens.swapAt(i, random.int(0...tokens.count - 1))
            case 1: tokens.removeSubrange(i..<min(tokens.count, i + random.int(1...6)))
            case 2: tokens.insert(contentsOf: tokens[i..<min(tokens.count, i + random.int(1...12))], at: random.int(0...tokens.count))
            case 3, 4: replaceNumber(&tokens, near: i, with: random.pick(extremeNumbers))
            case 5: tokens.insert(random.pick(insertions), at: i)
            case 6: swapName(&tokens, at: i, &random)
            case 7: tokens = Self.tokens(duplicatingLine(tokens.joined(), &random))
            case 8: wrap(&tokens, at: i, depth: random.pick([30, 200, 255, 257, 400, 5000]))
            case 9: tokens[i] = chain(of: tokens[i], length: random.pick([50, 255, 256, 300, 5000, 100_000]))
            case 10: return String(tokens.joined().prefix(random.int(0...max(0, tokens.joined().count - 1))))
            case 11: tokens.remove(at: i)
            case 12: tokens[i] = tokens[i].uppercased()
            default: tokens.insert(random.pick(insertions), at: random.int(0...tokens.count))
            }
        }
        return tokens.joined()
    }

    /// Replaces the first number at or after `index` (or any token if there is none).
    private static func replaceNumber(_ tokens: inout [String], near index: Int, with value: String) {
        let numeric = tokens[index...].firstIndex { $0.first.map { $0.isNumber || $0 == "$" } ?? false } ?? index
        tokens[numeric] = value
    }

    /// Puts another name of the text in place of a name: `param p = q` becomes `param p = p`,
    /// an entity stands where a chip should, and so on.
    private static func swapName(_ tokens: inout [String], at index: Int, _ random: inout SeededRandom) {
        let names = tokens.indices.filter { tokens[$0].first?.isLetter ?? false }
        guard let target = names.first(where: { $0 >= index }) ?? names.last, let source = names.randomElement(using: &random) else { return }
        tokens[target] = tokens[source]
    }

    private static func duplicatingLine(_ text: String, _ random: inout SeededRandom) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return text }
        let line = lines[random.int(0...lines.count - 1)]
        lines.insert(line, at: random.int(0...lines.count))
        return lines.joined(separator: "\n")
    }

    /// `(((token)))`, `depth` parentheses deep.
    private static func wrap(_ tokens: inout [String], at index: Int, depth: Int) {
        tokens[index] = String(repeating: "(", count: depth) + tokens[index] + String(repeating: ")", count: depth)
    }

    /// `token + token + …`, `length` terms.
    private static func chain(of token: String, length: Int) -> String {
        let term = token.first?.isNumber ?? false ? token : "1"
        return Array(repeating: term, count: length).joined(separator: length % 2 == 0 ? " + " : "*")
    }
}
