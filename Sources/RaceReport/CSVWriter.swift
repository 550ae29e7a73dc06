/// Builds CSV text per RFC 4180: a field that contains a comma, a double quote, CR or LF
/// is enclosed in double quotes, with each inner quote doubled.
///
/// Lines end with `\n` by default, as Unix tools and spreadsheets expect from a command's
/// output; pass `"\r\n"` for the RFC's strict CRLF. Numbers are the caller's business:
/// format them with `QuantityFormat.plain` (base units, shortest round-trip).
public struct CSVWriter: Sendable {
    /// Everything written so far; every row ends with `lineEnding`.
    public private(set) var text: String = ""
    public let lineEnding: String

    public init(lineEnding: String = "\n") {
        self.lineEnding = lineEnding
    }

    /// Appends one record.
    public mutating func row(_ fields: [String]) {
        // A record of one empty field would be a blank line, which many readers skip;
        // quoting it keeps the record.
        if fields.count == 1 && fields[0].isEmpty {
            text += "\"\"" + lineEnding
            return
        }
        text += fields.map(CSVWriter.escape).joined(separator: ",") + lineEnding
    }

    /// The field as it appears in CSV: unchanged, or quoted when it has to be.
    public static func escape(_ field: String) -> String {
        // Scan unicode scalars, not Characters: "\r\n" is one Character in Swift and
        // would not match either of "\r" or "\n" separately.
        let needsQuotes = field.unicodeScalars.contains { s in
            s == "," || s == "\"" || s == "\r" || s == "\n"
        }
        guard needsQuotes else { return field }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for s in field.unicodeScalars {
            out.append(s)
            if s == "\"" { out.append(s) }
        }
        out.append("\"")
        return String(out)
    }
}
