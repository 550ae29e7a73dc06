import RaceCharts
import RaceModel
import RaceSyntax

/// The scenario's own words about its numbers: the comments beside each declaration, which
/// cite its sources (`# press: …`, `# seed 004: …`, `# assumption: …`). The report shows them
/// as plain text; gathering them needs the source, so it happens here and not in the report.
public enum SourceComments {
    /// Everything the report says about the sources of `model`, whose statements (with their
    /// bases, as loaded) are `statements`; `main` is the file named on the command line and
    /// `overridden` the parameters set on it (`--set`).
    public static func sources(model: Model, statements: [Statement], main: SourceFile?,
                               overridden: [String] = []) -> ReportSources {
        ReportSources(introduction: main.map(introduction) ?? [],
                      parameters: model.params.map { parameter($0, overridden: overridden.contains($0.name)) },
                      entities: entities(model: model, statements: statements),
                      events: model.events.map(event) + model.rules.map(rule))
    }

    static func parameter(_ p: Param, overridden: Bool) -> ParameterSource {
        let declared = comments(around: p.span, trailing: .firstLine)
        return ParameterSource(name: p.name, value: p.text, distribution: distribution(p.value),
                               source: overridden ? "set on the command line" + (declared.isEmpty ? "" : "; declared with: \(declared)")
                                   : declared,
                               location: overridden ? "--set \(p.name)" : "\(p.span.file.name):\(p.span.location.line)")
    }

    /// `lognormal: the two values are its 5th and 95th percentiles`, for a value that draws one.
    static func distribution(_ formula: Formula) -> String? {
        guard let d = firstDistribution(formula) else { return nil }
        switch d.shape {
        case .lognormal: return "lognormal; the values are its 5th and 95th percentiles"
        case .range: return "a range: its two ends are the 5th and 95th percentiles (lognormal when both are positive)"
        case .normal: return "normal (mean, standard deviation)"
        case .uniform: return "uniform between the two values"
        case .wholeMonths: return "a whole number of months, each as likely, between the two"
        case .chance: return "happens or not, with the probability given"
        }
    }

    private static func firstDistribution(_ formula: Formula) -> Distribution? {
        switch formula {
        case .distribution(let d): return d
        case .negate(let a), .not(let a), .function(_, let a), .aggregate(_, let a): return firstDistribution(a)
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b), .binaryFunction(_, let a, let b):
            return firstDistribution(a) ?? firstDistribution(b)
        case .conditional(let c, let a, let b): return firstDistribution(c) ?? firstDistribution(a) ?? firstDistribution(b)
        default: return nil
        }
    }

    /// Each entity with its fields as they stand after every declaration, each field with
    /// the comment beside its last declaration.
    static func entities(model: Model, statements: [Statement]) -> [EntitySource] {
        var fields: [String: [String: Field]] = [:]
        var firstDeclaration: [String: Span] = [:]
        for statement in statements {
            guard case .entity(_, let name, let declared) = statement.kind else { continue }
            if firstDeclaration[name.text] == nil { firstDeclaration[name.text] = statement.span }
            for field in declared { fields[name.text, default: [:]][field.name.text] = field }
        }
        return model.entities.map { entity in
            let declared = fields[entity.name] ?? [:]
            let rows = entity.fieldTexts.map { name, text in
                FieldSource(name: name, value: value(of: text, field: name),
                            source: declared[name].map { comments(around: $0.span, trailing: .firstLine) } ?? "")
            }
            return EntitySource(name: entity.name, kind: entity.kind.rawValue,
                                source: firstDeclaration[entity.name].map { comments(around: $0, trailing: .firstLine) } ?? "",
                                fields: rows)
        }
    }

    /// `cash:      $1B` → `$1B`; `revenue = market * share` → `= market * share`.
    static func value(of text: String, field: String) -> String {
        var rest = Substring(text)
        if rest.hasPrefix(field) { rest = rest.dropFirst(field.count) }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        return rest.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func event(_ e: ScheduledEvent) -> EventSource {
        EventSource(label: e.label, schedule: e.scheduleText, actions: e.actions.map(\.text),
                    source: comments(around: e.span, trailing: .everyLine), location: "\(e.span.file.name):\(e.span.location.line)")
    }

    static func rule(_ r: RuleDeclaration) -> EventSource {
        EventSource(label: nil, schedule: r.forEach.map { "rule, for each \($0.rawValue)" } ?? "rule", actions: [r.text],
                    source: comments(around: r.span, trailing: .everyLine), location: "\(r.span.file.name):\(r.span.location.line)")
    }

    // MARK: - Reading comments

    /// Which lines of a statement contribute the comments written after them.
    enum Trailing { case firstLine, everyLine }

    /// The comment lines just above the statement at `span` (up to a blank line; `# ----`
    /// section rules left out), then the comments at the end of its lines, as one text.
    static func comments(around span: Span, trailing: Trailing) -> String {
        let file = span.file
        let first = file.location(of: span.start).line - file.firstLine
        let last = trailing == .firstLine ? first : file.location(of: max(span.start, span.end - 1)).line - file.firstLine
        var above: [String] = []
        var line = first - 1
        while line >= 0, let comment = commentOnly(lineText(file, line)) {
            if !comment.hasPrefix("---") && !comment.isEmpty { above.insert(comment, at: 0) }
            line -= 1
        }
        let after = (first...max(first, last)).compactMap { trailingComment(lineText(file, $0)) }
        return (above + after).joined(separator: " ")
    }

    /// The opening comment of a file (after any `extends` line): its paragraphs, without the
    /// line that only names the file.
    static func introduction(_ file: SourceFile) -> [String] {
        var paragraphs: [String] = []
        var current: [String] = []
        var started = false
        for line in 0..<file.lineStarts.count {
            let text = lineText(file, line).trimmed()
            if !started && (text.isEmpty || text.hasPrefix("extends")) { continue }
            guard let comment = commentOnly(text) else { break }
            started = true
            if comment.isEmpty || comment.hasPrefix("---") {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else if !(comment.hasSuffix(".race") && !comment.contains(" ")) {
                current.append(comment)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs
    }

    /// The text of a line (0-based) of the file.
    static func lineText(_ file: SourceFile, _ line: Int) -> String {
        guard line >= 0, line < file.lineStarts.count else { return "" }
        let start = file.lineStarts[line]
        let end = line + 1 < file.lineStarts.count ? file.lineStarts[line + 1] - 1 : file.bytes.count
        return String(decoding: file.bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// For a line that is only a comment, its text without `#`; nil for any other line.
    static func commentOnly(_ line: String) -> String? {
        let trimmed = line.trimmed()
        guard trimmed.hasPrefix("#") else { return nil }
        return trimmed.drop { $0 == "#" }.trimmed()
    }

    /// The comment after code on a line (`#` outside a string), without `#`.
    static func trailingComment(_ line: String) -> String? {
        var inString = false
        var escaped = false
        for (i, character) in line.enumerated() {
            if escaped { escaped = false; continue }
            if character == "\\" && inString { escaped = true; continue }
            if character == "\"" { inString.toggle() }
            if character == "#" && !inString {
                let code = line.prefix(i).trimmed()
                let comment = line.dropFirst(i).drop { $0 == "#" }.trimmed()
                return code.isEmpty || comment.isEmpty ? nil : comment
            }
        }
        return nil
    }
}
