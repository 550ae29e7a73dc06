/// A punctuation mark or operator.
public enum Symbol: String, Sendable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equalEqual = "==", notEqual = "!=", equal = "="
    /// `±` between an observation's value and its error (docs/reference/observations.md). Also written `+-` (the two
    /// characters touching), its ASCII spelling: the token's text tells which. Outside an
    /// observation, `+-` keeps its v1 meaning, `+` then a unary `-` (`a +-b` is `a + (-b)`),
    /// so a formatter must print the token as written, never as `+ -`.
    case plusMinus = "±"

    /// Whether a newline right after this symbol continues the statement (docs/reference/lexical.md): binary
    /// operators, `,`, `:` and `{`. Inside `( )` every newline continues it.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .caret, .less, .lessEqual, .greater, .greaterEqual,
             .equalEqual, .notEqual, .comma, .colon, .leftBrace, .plusMinus:
            return true
        case .leftParen, .rightParen, .rightBrace, .semicolon, .dot, .equal:
            return false
        }
    }
}

/// One lexical unit of scenario text.
///
/// The kinds, for tools that work from the token stream (a formatter): identifiers and
/// keywords (`Keyword`), numbers, money, dates and strings with their values decoded,
/// punctuation and operators (`Symbol`, `±` and `+-` both `.plusMinus`), `.newline` where a
/// statement ends, and `.end`. Comments and spaces make no token; every token keeps its byte
/// range, so its text as written is `source.text(from: start, to: end)`.
///
/// Tokens keep byte offsets rather than a `Span` so that a long file's token array stays
/// small; `span(in:)` makes the span when a node or diagnostic needs one.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        case keyword(Keyword)
        /// A plain number with its suffix applied: `30k` → 30000, `5%` → 0.05.
        case number(Double)
        /// `$30k` → 30000.
        case money(Double)
        /// `2025-06`, as a month index (`year * 12 + month - 1`).
        case date(Int)
        /// The string's contents with escapes resolved.
        case string(String)
        case symbol(Symbol)
        /// The end of a statement: a newline that is not inside `( )` or after an operator.
        case newline
        /// The end of the text.
        case end
        /// `# text` to the end of the line, without the line break. Only a lexer that keeps
        /// comments makes these, in its `comments`, never among the parser's tokens.
        case comment(String)
    }

    public let kind: Kind
    /// Byte offset of the first byte.
    public let start: Int
    /// Byte offset just past the last byte.
    public let end: Int
    /// Whether a line break separates this token from the one before (even one the lexer
    /// swallowed): `3\nmonths` inside parentheses is not the quantity `3 months`.
    public let followsLineBreak: Bool

    public init(_ kind: Kind, start: Int, end: Int, followsLineBreak: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.followsLineBreak = followsLineBreak
    }

    public func span(in file: SourceFile) -> Span {
        Span(file: file, start: start, end: end)
    }

    func isSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(symbol) = kind { return true }
        return false
    }

    func isKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(keyword) = kind { return true }
        return false
    }

    var isEnd: Bool {
        if case .end = kind { return true }
        return false
    }

    var isNewline: Bool {
        if case .newline = kind { return true }
        return false
    }

    var identifier: String? {
        if case .identifier(let text) = kind { return text }
        return nil
    }

    var keyword: Keyword? {
        if case .keyword(let keyword) = kind { return keyword }
        return nil
    }

    /// Whether a statement may end right after this token; text that stops after any other
    /// token (an operator, `,`, `:`, `{`, `as`) is unfinished.
    var canEndStatement: Bool {
        switch kind {
        case .identifier, .number, .money, .date, .string: return true
        case .keyword(let keyword): return keyword.canEndStatement
        case .symbol(let symbol): return symbol == .rightParen || symbol == .rightBrace
        case .newline, .end, .comment: return true
        }
    }

    /// How the token reads in a message: `'Microsoft'`, `'{'`, `the end of the line`.
    func description(in file: SourceFile) -> String {
        switch kind {
        case .newline: return "the end of the line"
        case .end: return "the end of the text"
        case .string: return "a string"
        default:
            var text = file.text(from: start, to: min(end, start + 40))
            if end - start > 40 { text += "…" }
            return "'\(text)'"
        }
    }
}
