import RaceSyntax

/// Diagnostics as JSON for editors and CI annotations (`race check --format json`): each with
/// its severity, message, hint and where it is, lines and columns counted from 1, columns in
/// characters, the end just past the last character.
public enum DiagnosticJSON {
    /// `{"files": [{"file", "errors", "warnings", "diagnostics": [...]}]}`, one entry per file
    /// checked, in order.
    public static func document(_ files: [(file: String, diagnostics: [Diagnostic])]) -> JSONValue {
        .object([("files", .array(files.map { file in
            let errors = file.diagnostics.filter(\.isError).count
            return .object([
                ("file", .string(file.file)),
                ("errors", .number(Double(errors))),
                ("warnings", .number(Double(file.diagnostics.count - errors))),
                ("diagnostics", .array(file.diagnostics.map(entry))),
            ])
        }))])
    }

    /// One diagnostic. `file` is the source it points into (a base scenario's for a problem
    /// found there); a problem with no place (a file that cannot be read) has null positions.
    public static func entry(_ diagnostic: Diagnostic) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            ("hint", diagnostic.hint.map(JSONValue.string) ?? .null),
        ]
        guard let span = diagnostic.span else {
            return .object(fields + [("file", .null), ("line", .null), ("column", .null),
                                     ("endLine", .null), ("endColumn", .null)])
        }
        let start = span.file.location(of: span.start), end = span.file.location(of: span.end)
        fields += [
            ("file", .string(span.file.name)),
            ("line", .number(Double(start.line))), ("column", .number(Double(start.column))),
            ("endLine", .number(Double(end.line))), ("endColumn", .number(Double(end.column))),
        ]
        return .object(fields)
    }
}
