/// A plain-text table for the terminal: a header line, a rule of `─`, then the rows.
///
///     lab       cash       runway
///     ──────  ──────  ───────────
///     OpenAI  $13.5B  33.4 months
///
/// Widths are measured in terminal columns (East Asian wide characters and emoji count
/// 2), columns are separated by two spaces, and trailing spaces are trimmed so the output
/// diffs cleanly.
public struct TextTable: Sendable {
    /// Where a column's cells sit within its width.
    public enum Alignment: Sendable {
        /// For names and free text.
        case left
        /// For numbers, so digits and units line up.
        case right
    }

    /// A column: its header and alignment (the header follows the column's alignment).
    public struct Column: Sendable {
        public var header: String
        public var alignment: Alignment

        public init(_ header: String, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// An optional line printed above the header.
    public var title: String?
    public var columns: [Column]
    /// The rows added so far, each exactly `columns.count` cells long.
    public private(set) var rows: [[String]] = []

    public init(title: String? = nil, columns: [Column]) {
        self.title = title
        self.columns = columns
    }

    /// A table whose first column is left-aligned (names) and the others right-aligned
    /// (numbers) — the shape of every report table.
    public init(title: String? = nil, headers: [String]) {
        self.init(title: title, columns: headers.enumerated().map { i, header in
            Column(header, i == 0 ? .left : .right)
        })
    }

    /// Appends a row. Missing cells are blank and extra cells are dropped, so a caller's
    /// miscount can never misalign the rest of the table.
    public mutating func addRow(_ cells: [String]) {
        var row = Array(cells.prefix(columns.count))
        row += Array(repeating: "", count: columns.count - row.count)
        rows.append(row)
    }

    /// The table as text, one line per row, ending with a newline.
    public func render() -> String {
        let header = columns.map { TextTable.clean($0.header) }
        let body = rows.map { $0.map(TextTable.clean) }
        var widths = header.map(TextTable.displayWidth)
        for row in body {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TextTable.displayWidth(cell))
            }
        }

        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - TextTable.displayWidth(cell))
                parts.append(columns[i].alignment == .left ? cell + pad : pad + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }

        var out = ""
        if let title { out += TextTable.clean(title) + "\n" }
        out += line(header)
        out += line(widths.map { String(repeating: "─", count: $0) })
        for row in body { out += line(row) }
        return out
    }

    /// Terminal columns a string takes: one per character, two for East Asian wide and
    /// fullwidth characters and emoji. Grapheme clusters (accents, flags, ZWJ sequences)
    /// count once, by their first scalar.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        for character in text {
            guard let scalar = character.unicodeScalars.first else { continue }
            width += isWide(scalar.value) ? 2 : 1
        }
        return width
    }

    /// Control characters (a newline in a scenario string, an escape sequence) would break
    /// the grid or the terminal; show them as spaces.
    private static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }

    /// The East Asian Wide (W) and Fullwidth (F) blocks of UAX #11, plus the emoji blocks
    /// that terminals draw two columns wide. Not the whole table, but the ranges that occur
    /// in practice (CJK names, emoji).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
