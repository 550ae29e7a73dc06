/// A problem found in a scenario: an error stops the run, a warning does not.
///
/// Diagnostics are values collected in lists; nothing is thrown on the first problem,
/// so `race check` can report everything it finds.
public struct Diagnostic: Sendable, Error {
    public enum Severity: String, Sendable { case error, warning, note }

    public let severity: Severity
    public let message: String
    /// Where the problem is; `nil` for problems with no place in a source (a missing file).
    public let span: Span?
    /// A suggestion, printed as `hint: …` under the caret.
    public let hint: String?

    public init(_ severity: Severity, _ message: String, at span: Span?, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.span = span
        self.hint = hint
    }

    public static func error(_ message: String, at span: Span?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: span, hint: hint)
    }

    public static func warning(_ message: String, at span: Span?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: span, hint: hint)
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    /// Whether any of the diagnostics is an error.
    public var hasErrors: Bool { contains { $0.isError } }
}
