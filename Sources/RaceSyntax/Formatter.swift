/// `race fmt`: the canonical layout of a scenario (docs/reference/formatting.md).
///
/// The formatter works from the token stream and the line breaks of the source, not from
/// the syntax tree, so syntax it has never seen (a new action, a new clause) is laid out by
/// the same rules without changes here:
/// - one statement per line (`;` between statements becomes a line break); line breaks the
///   author put inside a statement or a block are kept, at most one blank line in a row;
/// - two spaces of indentation per `{ }` block, or the column of the first item when the
///   block's first item follows `{` on its line; a line that continues a statement or an
///   item is indented two more;
/// - one space between tokens, none before `, ; : ) .` or after `( .` and a unary `-`, none
///   around `/` before a time unit (`$1B/month`), none before the `(` of a call;
/// - the values of consecutive fields in a block, the `=` of consecutive `param` lines and
///   the trailing comments of consecutive lines are aligned;
/// - every comment is kept where it was, on its line or at the end of its line.
/// Literals keep their spelling (`$2.40`, `1_000`, `30k`).
public enum Formatter {
    /// What formatting gives: the formatted text, or the problems that prevent it.
    public enum Outcome: Sendable {
        case formatted(String)
        /// The text does not parse: formatting it could only guess.
        case failed([Diagnostic])
    }

    public static func format(_ source: SourceFile) -> Outcome {
        let parsed = Parser.parse(source)
        if parsed.diagnostics.hasErrors { return .failed(parsed.diagnostics.filter(\.isError)) }
        var lexer = Lexer(source, keepingComments: true)
        let (tokens, _) = lexer.tokenize()
        var layout = FormatterLayout(source: source, tokens: tokens, comments: lexer.comments)
        let text = FormatterAlignment.render(layout.layOut())
        let formatted = SourceFile(name: source.name, text: text)
        guard let difference = firstDifference(source, formatted) else { return .formatted(text) }
        // A safety net: the layout rules never change a token, so this is a bug in them.
        return .failed([.error("race fmt would change the meaning of this file (\(difference)); it was left as it is",
                               at: nil, hint: "please report this file as a bug in race fmt")])
    }

    /// Where two texts differ as scenarios: tokens, statement ends or comments. `;` between
    /// statements and a line break are the same; nil when they agree.
    static func firstDifference(_ a: SourceFile, _ b: SourceFile) -> String? {
        let (left, leftComments) = canonicalTokens(a)
        let (right, rightComments) = canonicalTokens(b)
        for (x, y) in zip(left, right) where x != y { return "'\(x)' became '\(y)'" }
        if left.count != right.count { return "\(left.count) tokens became \(right.count)" }
        if leftComments != rightComments { return "a comment changed" }
        return nil
    }

    /// Token texts, with `;` between statements written as a line break and runs of line
    /// breaks as one; and the comments' texts.
    private static func canonicalTokens(_ source: SourceFile) -> ([String], [String]) {
        var lexer = Lexer(source, keepingComments: true)
        let (tokens, _) = lexer.tokenize()
        var texts: [String] = []
        var braces = 0, parens = 0
        for token in tokens {
            var text = source.text(from: token.start, to: token.end)
            switch token.kind {
            case .symbol(.leftBrace): braces += 1
            case .symbol(.rightBrace): braces = max(0, braces - 1); parens = 0
            case .symbol(.leftParen): parens += 1
            case .symbol(.rightParen): parens = max(0, parens - 1)
            case .symbol(.semicolon) where braces == 0 && parens == 0: text = "\n"
            case .newline, .end: text = "\n"
            default: break
            }
            if text == "\n" && (texts.last == "\n" || texts.isEmpty) { continue }
            texts.append(text)
        }
        while texts.last == "\n" { texts.removeLast() }
        let comments = lexer.comments.map { source.text(from: $0.start, to: $0.end).trimmedTrailingSpace }
        return (texts, comments)
    }
}

extension String {
    /// Without spaces, tabs and carriage returns at the end.
    var trimmedTrailingSpace: String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
