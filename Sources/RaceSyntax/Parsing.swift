/// What the parser makes of a source: the statements it could read, every problem it
/// found, and whether the text simply stopped too early (an open `{` or `(`, a trailing
/// operator), which the REPL answers with a continuation prompt.
public struct ParsedSource: Sendable {
    public let statements: [Statement]
    public let diagnostics: [Diagnostic]
    /// True when the only problem is that the text ended inside an unfinished construct.
    public let isIncomplete: Bool

    public init(statements: [Statement], diagnostics: [Diagnostic], isIncomplete: Bool) {
        self.statements = statements
        self.diagnostics = diagnostics
        self.isIncomplete = isIncomplete
    }
}
