/// Reads scenario text into the syntax tree (Grammar/race.ebnf).
///
/// The parser never stops at the first problem: a broken statement is reported and
/// skipped, and parsing goes on with the next one, so `race check` sees every error.
public enum Parser {
    /// Parses a whole file or REPL entry.
    public static func parse(_ source: SourceFile) -> ParsedSource {
        var lexer = Lexer(source)
        let (tokens, lexicalProblems) = lexer.tokenize()
        let parser = SyntaxParser(source: source, tokens: tokens, lexicalProblems: lexicalProblems,
                                  bracketsOpenAtEnd: lexer.openBracketCount > 0)
        let statements = ParserStack.mayNestDeeply(tokens) ? ParserStack.run(parser.parseFile) : parser.parseFile()
        return ParsedSource(statements: statements, diagnostics: parser.allDiagnostics(),
                            isIncomplete: parser.isIncomplete)
    }

    /// Parses a lone expression (the REPL's `OpenAI.runway` or `:eval EXPR`).
    public static func parseExpression(_ source: SourceFile) -> (Expression?, [Diagnostic], isIncomplete: Bool) {
        var lexer = Lexer(source)
        let (tokens, lexicalProblems) = lexer.tokenize()
        let parser = SyntaxParser(source: source, tokens: tokens, lexicalProblems: lexicalProblems,
                                  bracketsOpenAtEnd: lexer.openBracketCount > 0)
        let expression = ParserStack.mayNestDeeply(tokens)
            ? ParserStack.run(parser.parseLoneExpression) : parser.parseLoneExpression()
        return (expression, parser.allDiagnostics(), parser.isIncomplete)
    }

    /// Parses a REPL question: an expression, or `EXPR at DATE` for a past month (docs/reference/repl.md, v2).
    public static func parseQuery(_ source: SourceFile) -> (Query?, [Diagnostic], isIncomplete: Bool) {
        var lexer = Lexer(source)
        let (tokens, lexicalProblems) = lexer.tokenize()
        let parser = SyntaxParser(source: source, tokens: tokens, lexicalProblems: lexicalProblems,
                                  bracketsOpenAtEnd: lexer.openBracketCount > 0)
        let query = ParserStack.mayNestDeeply(tokens) ? ParserStack.run(parser.parseLoneQuery) : parser.parseLoneQuery()
        return (query, parser.allDiagnostics(), parser.isIncomplete)
    }

    /// The rules of Grammar/race.ebnf that the lexer and parser implement, by name.
    /// A test checks this list against the grammar file, both ways.
    public static let productions: [String] = [
        // Files and header
        "file", "separator", "statement", "scenario_statement", "start_statement",
        "horizon_statement", "run_statement", "extends_statement",
        // Parameters, formulas, declarations
        "param_statement", "let_statement", "chip_declaration", "entity_declaration",
        "field_block", "item_separator", "field", "value_field", "formula_field",
        "fleet_field", "chip_count", "owners_field", "holding", "growth",
        // Events, actions, rules
        "event", "recurring_event", "label", "action_body", "action_block", "action",
        "raise_action", "valuation", "investor_list", "investor", "invest_action",
        "buy_action", "stake_purchase", "worth_purchase", "chip_purchase", "rent_action",
        "build_action", "acquire_action", "acquihire_action", "exit_action", "set_action",
        "note_action", "rule", "for_each", "rule_block",
        // v2: dates, probabilities, docs/reference/financing.md actions
        "date_value", "event_options", "probability", "secondary_sale", "lease_quantity",
        "borrow_action", "pay_action", "payment_amount",
        // Edits, reports, expectations
        "cancel_statement", "delay_statement", "report_statement", "name_list",
        "report_period", "expect_statement", "observe_statement", "observed_value", "query",
        // Expressions
        "expression", "conditional", "range", "disjunction", "conjunction", "negation",
        "comparison", "comparison_operator", "sum", "product", "signed", "power", "postfix",
        "arguments", "primary", "quantity", "call", "distribution_call", "boolean",
    ] + Lexer.productions
}

extension Lexer {
    /// The lexical rules of Grammar/race.ebnf, implemented by the lexer.
    public static let productions: [String] = [
        "identifier", "keyword", "letter", "digit", "digits", "number", "decimal", "exponent",
        "magnitude", "money", "date", "string", "string_character", "escape", "comment", "newline",
        "plus_minus",
    ]
}

/// A problem that abandons the construct being parsed.
struct ParseError: Error {
    let diagnostic: Diagnostic
    /// Whether the text simply stopped too early here (the REPL asks for more lines).
    let atEnd: Bool
}

/// The parser's state: the tokens, a cursor, and the problems found so far.
final class SyntaxParser {
    /// Deeper expressions are an error rather than a stack overflow.
    static let maximumDepth = 256

    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    /// The lexer's problems, and where they start, to keep the parser quiet about them.
    let lexicalProblems: [Diagnostic]
    let lexicalProblemStarts: [Int]
    /// How many recorded errors only say that the text ended too early.
    var endErrors = 0
    /// Current expression nesting.
    var depth = 0
    /// Inside an observation's value (`= $300B ± 20%`): `±` (or `+-`) ends the expression.
    var plusMinusEndsExpression = false
    /// Whether the text stops where more must follow: inside `( )` or `{ }`, or after a
    /// token that cannot end a statement.
    let textEndsUnfinished: Bool

    init(source: SourceFile, tokens: [Token], lexicalProblems: [Diagnostic], bracketsOpenAtEnd: Bool) {
        self.source = source
        self.tokens = tokens
        self.lexicalProblems = lexicalProblems
        self.lexicalProblemStarts = lexicalProblems.compactMap { $0.isError ? $0.span?.start : nil }.sorted()
        let lastToken = tokens.last { !$0.isNewline && !$0.isEnd }
        self.textEndsUnfinished = bracketsOpenAtEnd || !(lastToken?.canEndStatement ?? true)
    }

    /// True when the only problems are that the text ended inside an unfinished construct.
    var isIncomplete: Bool {
        let errors = diagnostics.count { $0.isError } + lexicalProblems.count { $0.isError }
        return errors > 0 && errors == endErrors
    }

    /// The lexer's and the parser's diagnostics, in source order.
    func allDiagnostics() -> [Diagnostic] {
        let all = lexicalProblems + diagnostics
        return all.enumerated().sorted { a, b in
            let x = a.element.span?.start ?? -1, y = b.element.span?.start ?? -1
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Where the last consumed token ends.
    var previousEnd: Int { index > 0 ? tokens[index - 1].end : 0 }

    func span(_ token: Token) -> Span { token.span(in: source) }

    /// From `start` to the end of the last consumed token.
    func span(from start: Int) -> Span { Span(file: source, start: start, end: max(start, previousEnd)) }

    func describe(_ token: Token) -> String { token.description(in: source) }

    var atSeparator: Bool {
        switch current.kind {
        case .newline, .end, .symbol(.semicolon): return true
        default: return false
        }
    }

    var atItemSeparator: Bool { atSeparator || current.isSymbol(.comma) }

    func skipSeparators() {
        while current.isNewline || current.isSymbol(.semicolon) { advance() }
    }

    func skipItemSeparators() {
        while current.isNewline || current.isSymbol(.semicolon) || current.isSymbol(.comma) { advance() }
    }

    // MARK: - Errors

    /// Whether the cursor is where the text ends (a last newline aside).
    var isAtTextEnd: Bool { current.isEnd || (current.isNewline && peek().isEnd) }

    /// A problem at the current token (or `token`), saying what was found there.
    func failure(_ message: String, at token: Token? = nil, hint: String? = nil) -> ParseError {
        let place = token ?? current
        // At a line break or the end, point just after the last token, not at the next line.
        let location = place.isNewline || place.isEnd
            ? Span(file: source, start: previousEnd, end: previousEnd) : span(place)
        return ParseError(diagnostic: .error(message, at: location, hint: hint),
                          atEnd: isAtTextEnd && textEndsUnfinished)
    }

    /// `expected X, found Y`.
    func expected(_ what: String, hint: String? = nil) -> ParseError {
        failure("expected \(what), found \(describe(current))", hint: hint)
    }

    /// Keeps a problem, unless the lexer already reported one in the same stretch of text
    /// (a stray character usually breaks the statement around it too).
    func record(_ error: ParseError, since start: Int) {
        if !error.atEnd, lexerReported(from: start, to: max(current.end, error.diagnostic.span?.end ?? 0)) {
            return
        }
        diagnostics.append(error.diagnostic)
        if error.atEnd { endErrors += 1 }
    }

    func recordEndProblem(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        endErrors += 1
    }

    func lexerReported(from start: Int, to end: Int) -> Bool {
        var low = 0, high = lexicalProblemStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lexicalProblemStarts[mid] < start { low = mid + 1 } else { high = mid }
        }
        return low < lexicalProblemStarts.count && lexicalProblemStarts[low] <= end
    }

    // MARK: - Recovery

    /// Skips the rest of a broken statement: to the next newline or `;` outside any block
    /// the statement opened (past its matching `}`), or to a line that starts a statement
    /// when a block was clearly never closed.
    func skipStatement() {
        var level = 0
        while !current.isEnd {
            switch current.kind {
            case .newline, .symbol(.semicolon):
                if level == 0 { return }
                if current.isNewline, let keyword = peek().keyword, keyword.startsStatement,
                   keyword != .when, keyword != .whenever {
                    advance()
                    return
                }
            case .symbol(.leftBrace):
                level += 1
            case .symbol(.rightBrace):
                if level > 0 { level -= 1 }
            default:
                break
            }
            advance()
        }
    }

    /// Skips the rest of a broken field or action inside a block, stopping before the
    /// newline, `;` or `}` that ends it.
    func skipItem() {
        var level = 0
        while !current.isEnd {
            switch current.kind {
            case .newline, .symbol(.semicolon):
                if level == 0 { return }
            case .symbol(.leftBrace):
                level += 1
            case .symbol(.rightBrace):
                if level == 0 { return }
                level -= 1
            default:
                break
            }
            advance()
        }
    }

    // MARK: - Blocks

    /// What a block holds, for messages and for spotting a forgotten `}`.
    enum BlockContents: String {
        case fields, actions, rules
    }

    /// `{ item, item; item \n item }`: items separated by newlines, `;` or `,`. A broken
    /// item is reported and skipped; the block goes on. A block whose `}` is missing ends
    /// at the end of the text or at a line that starts a new statement.
    func parseBlock<Item>(of contents: BlockContents, _ parseItem: () throws -> Item) -> [Item] {
        let open = advance()
        var items: [Item] = []
        while true {
            skipItemSeparators()
            if current.isSymbol(.rightBrace) {
                advance()
                return items
            }
            if current.isEnd || startsStatementInstead(of: contents) {
                let unclosed = Diagnostic.error("this '{' is never closed", at: span(open),
                                                hint: "add '}' after the last of its \(contents.rawValue)")
                if current.isEnd && textEndsUnfinished {
                    recordEndProblem(unclosed)
                } else {
                    diagnostics.append(unclosed)
                }
                return items
            }
            let itemStart = current.start
            do {
                items.append(try parseItem())
                if !atItemSeparator && !current.isSymbol(.rightBrace) {
                    throw expected("',' or a new line between \(contents.rawValue)")
                }
            } catch let error as ParseError {
                record(error, since: itemStart)
                skipItem()
            } catch {
                skipItem()
            }
        }
    }

    /// A statement keyword where a field, action or rule should be: the `}` was forgotten.
    func startsStatementInstead(of contents: BlockContents) -> Bool {
        guard let keyword = current.keyword, keyword.startsStatement else { return false }
        if contents == .rules && (keyword == .when || keyword == .whenever) { return false }
        return true
    }
}
