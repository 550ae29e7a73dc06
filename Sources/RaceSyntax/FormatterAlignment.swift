/// The last pass of `race fmt`: aligns the values of consecutive fields, the `=` of
/// consecutive `param` lines and the trailing comments of consecutive lines, then joins
/// the lines into text.
///
/// A run of fields or params goes on across comment lines and ends at a blank line or any
/// other line; a run of trailing comments ends at any line without one.
enum FormatterAlignment {
    static func render(_ lines: [FormattedLine]) -> String {
        var lines = lines
        alignKeys(&lines)
        alignComments(&lines)
        return lines.map(text).joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    private static func text(_ line: FormattedLine) -> String {
        if line.isBlank { return "" }
        let code = String(repeating: " ", count: line.indent) + line.code
        guard let comment = line.comment else { return code }
        return line.code.isEmpty ? code + comment : code + " " + comment
    }

    /// Where the padding goes in `line` and which run it belongs to; nil for lines that are
    /// not fields or params.
    private static func key(_ line: FormattedLine) -> (split: Int, run: String)? {
        switch line.alignment {
        case .none:
            return nil
        case .field(let keyEnd, let block):
            return keyEnd < line.code.count ? (keyEnd, "field \(block) \(line.indent)") : nil
        case .param:
            guard let equals = line.code.firstRange(of: " = ") else { return nil }
            return (line.code.distance(from: line.code.startIndex, to: equals.lowerBound), "param")
        }
    }

    private static func alignKeys(_ lines: inout [FormattedLine]) {
        var run: [Int] = []
        var runKey: String?
        func close() {
            let width = run.compactMap { key(lines[$0])?.split }.max() ?? 0
            for index in run {
                guard let (split, _) = key(lines[index]) else { continue }
                var code = lines[index].code
                code.insert(contentsOf: String(repeating: " ", count: width - split), at: code.index(code.startIndex, offsetBy: split))
                lines[index].code = code
            }
            run = []
            runKey = nil
        }
        for index in lines.indices {
            let line = lines[index]
            if line.code.isEmpty && line.comment != nil { continue }
            guard let (_, key) = key(line) else {
                close()
                continue
            }
            if key != runKey { close() }
            runKey = key
            run.append(index)
        }
        close()
    }

    private static func alignComments(_ lines: inout [FormattedLine]) {
        var run: [Int] = []
        func close() {
            let column = run.map { lines[$0].indent + lines[$0].code.count }.max() ?? 0
            for index in run {
                let end = lines[index].indent + lines[index].code.count
                lines[index].code += String(repeating: " ", count: column + 1 - end)
            }
            run = []
        }
        for index in lines.indices {
            if lines[index].comment != nil && !lines[index].code.isEmpty {
                run.append(index)
            } else {
                close()
            }
        }
        close()
    }
}
