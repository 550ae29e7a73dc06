/// Prints diagnostics in the compiler format:
///
/// ```
/// Scenarios/x.race:12:18: error: cannot add money ($) to money per time ($/month)
///    12 |   revenue: $1B + $2B/month
///       |                  ^~~~~~~~~
///       = hint: …
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the severity and caret (only on a terminal).
    public var colour: Bool
    /// Longest source line shown; longer lines are cut around the caret.
    public var maximumLineWidth: Int = 160

    public init(colour: Bool = false) {
        self.colour = colour
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let diagnostic = Diagnostic(diagnostic.severity, Self.shortened(diagnostic.message), at: diagnostic.span,
                                    hint: diagnostic.hint.map(Self.shortened))
        let severityText = paint(diagnostic.severity.rawValue, code: code(for: diagnostic.severity))
        guard let span = diagnostic.span else {
            var out = "\(severityText): \(diagnostic.message)\n"
            if let hint = diagnostic.hint { out += "  hint: \(hint)\n" }
            return out
        }
        let (line, column) = span.location
        var out = "\(span.file.name):\(line):\(column): \(severityText): \(diagnostic.message)\n"
        let lineIndex = span.file.lineIndex(of: span.start)
        var text = span.file.lineText(at: lineIndex).replacingTabs()
        let lineEnd = lineIndex + 1 < span.file.lineStarts.count
            ? span.file.lineStarts[lineIndex + 1] - 1 : span.file.bytes.count
        let endColumn = span.file.location(of: min(span.end, max(lineEnd, span.start))).column
        var caretStart = column - 1
        var caretWidth = max(1, endColumn - column)
        // Cut very long lines (a 1 MB identifier) to a window around the caret.
        let characters = Array(text)
        if characters.count > maximumLineWidth {
            let from = max(0, min(caretStart - 20, characters.count - maximumLineWidth))
            let to = min(characters.count, from + maximumLineWidth)
            text = (from > 0 ? "…" : "") + String(characters[from..<to]) + (to < characters.count ? "…" : "")
            caretStart = caretStart - from + (from > 0 ? 1 : 0)
            caretWidth = min(caretWidth, maximumLineWidth - (caretStart - (from > 0 ? 1 : 0)))
            caretWidth = max(1, caretWidth)
        }
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        out += " \(gutter) | \(text)\n"
        let caret = "^" + String(repeating: "~", count: max(0, caretWidth - 1))
        out += " \(pad) | \(String(repeating: " ", count: max(0, caretStart)))\(paint(caret, code: "32"))\n"
        if let hint = diagnostic.hint {
            out += " \(pad) = \(paint("hint", code: "36")): \(hint)\n"
        }
        return out
    }

    /// Messages quote names from the source; a name of a megabyte is cut to its start,
    /// so the message stays readable.
    static func shortened(_ message: String) -> String {
        guard message.count > 200 else { return message }
        var out = "", run = 0
        for character in message {
            run = character == " " || character == "'" ? 0 : run + 1
            if run <= 60 { out.append(character) } else if run == 61 { out.append("…") }
        }
        return out
    }

    /// At most this many diagnostics are printed; a file of junk says how many more there were.
    public var maximumCount = 100

    /// All diagnostics, errors and warnings in the order given (at most `maximumCount`).
    public func render(_ diagnostics: [Diagnostic]) -> String {
        let shown = diagnostics.prefix(maximumCount).map(render).joined()
        let hidden = diagnostics.count - min(diagnostics.count, maximumCount)
        return hidden > 0 ? shown + "… and \(hidden) more problem\(hidden == 1 ? "" : "s") not shown\n" : shown
    }

    private func code(for severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .note: return "1;36"
        }
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Tabs and other control characters become spaces, so a source line can neither
    /// break the caret's alignment nor send escape sequences to the terminal.
    fileprivate func replacingTabs() -> String {
        var out = ""
        for character in self {
            let isControl = character.unicodeScalars.allSatisfy { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
            out.append(isControl ? " " : character)
        }
        return out
    }
}
