/// Whether one space goes between two tokens on a line (see `Formatter`).
///
/// Everything is spaced unless a rule below says otherwise, so a token this file has never
/// heard of (a new keyword or operator) is spaced like a word or a binary operator.
struct FormatterSpacing {
    /// Time units, written tight after `/` in a rate: `$1B/month`, `989 TFLOP/s`, `5%/year`.
    static let timeUnits: Set<String> = [
        "s", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years",
    ]

    /// The code tokens (no line breaks, no comments) in order.
    let tokens: [Token]

    private func kind(_ index: Int) -> Token.Kind? {
        tokens.indices.contains(index) ? tokens[index].kind : nil
    }

    /// Whether a space goes between `tokens[index - 1]` and `tokens[index]`.
    func spaceBefore(_ index: Int) -> Bool {
        guard let previous = kind(index - 1), let token = kind(index) else { return false }
        switch token {
        case .symbol(.comma), .symbol(.semicolon), .symbol(.colon), .symbol(.rightParen), .symbol(.dot):
            return false
        case .symbol(.leftParen):
            // `log10(x)`, `X.stake(H)`: a call; `at (a + b)`: a group.
            if case .identifier = previous { return false }
            return true
        case .symbol(.rightBrace):
            return previous != .symbol(.leftBrace)
        case .symbol(.slash):
            return !isRateSlash(index)
        default:
            break
        }
        switch previous {
        case .symbol(.leftParen), .symbol(.dot):
            return false
        case .symbol(.slash):
            return !isRateSlash(index - 1)
        case .symbol(.minus):
            return !isUnaryMinus(index - 1)
        default:
            return true
        }
    }

    /// `/ month` in a rate: the unit is a bare time word, not a call or a field's owner.
    private func isRateSlash(_ slash: Int) -> Bool {
        guard case .identifier(let name)? = kind(slash + 1), Self.timeUnits.contains(name) else { return false }
        if let after = kind(slash + 2), after == .symbol(.leftParen) || after == .symbol(.dot) { return false }
        return true
    }

    /// A `-` that negates: first, or after an operator, `(`, `,`, `:`, `=`, `{` or a
    /// keyword other than one that ends a value (`pre`, `post`, `true`, …).
    private func isUnaryMinus(_ minus: Int) -> Bool {
        guard let before = kind(minus - 1) else { return true }
        switch before {
        case .identifier, .number, .money, .date, .string:
            return false
        case .symbol(.rightParen), .symbol(.rightBrace):
            return false
        case .keyword(let keyword):
            return !keyword.canEndStatement
        default:
            return true
        }
    }
}

extension Span {
    /// The span's tokens on one line, spaced as `race fmt` spaces them (a line break between
    /// actions or fields becomes `;`, comments are left out): how the event log, the diff
    /// and the keys of random variables name an action, a rule or a value, so that the
    /// layout of a file never changes what a run prints or draws.
    public var canonicalText: String { Formatter.canonicalLine(text) }
}

extension Formatter {
    /// `text`'s tokens on one line, spaced as `race fmt` spaces them, a line break between
    /// items written `;` and comments left out; the text as it was when it does not lex.
    public static func canonicalLine(_ text: String) -> String {
        let source = SourceFile(name: "", text: text)
        var lexer = Lexer(source)
        let (tokens, diagnostics) = lexer.tokenize()
        if diagnostics.hasErrors { return text }
        var codes: [Token] = []
        for token in tokens {
            switch token.kind {
            case .end: continue
            case .newline: codes.append(Token(.symbol(.semicolon), start: token.start, end: token.start))
            default: codes.append(token)
            }
        }
        let spacing = FormatterSpacing(tokens: codes)
        var out = ""
        for (index, token) in codes.enumerated() {
            if index > 0 && spacing.spaceBefore(index) { out += " " }
            out += token.kind == .symbol(.semicolon) ? ";" : source.text(from: token.start, to: token.end)
        }
        return out
    }
}
