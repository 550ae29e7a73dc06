/// A block of terminal cells, each a character with a style; written out with ANSI colour
/// codes or without. Panels are drawn into grids of their own and then placed side by side,
/// so widths count cells, never bytes or escape codes.
struct TextGrid {
    enum Style: Equatable {
        case plain
        /// The title: bold.
        case title
        /// Axis lines and other furniture: dim.
        case axis
        /// A line's colour.
        case series(Int)
        /// A line's band: its colour, dim.
        case band(Int)
    }

    struct Cell: Equatable {
        var character: Character = " "
        var style: Style = .plain
    }

    let columns: Int
    let rows: Int
    private var cells: [Cell]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: Cell(), count: self.columns * self.rows)
    }

    subscript(column: Int, row: Int) -> Cell {
        get { cells[row * columns + column] }
        set {
            guard column >= 0, column < columns, row >= 0, row < rows else { return }
            cells[row * columns + column] = newValue
        }
    }

    /// Writes `text` from `column` on, cut at the right edge.
    mutating func write(_ text: String, column: Int, row: Int, style: Style = .plain) {
        guard row >= 0, row < rows else { return }
        var c = column
        for character in text {
            if c >= columns { break }
            if c >= 0 { self[c, row] = Cell(character: character, style: style) }
            c += 1
        }
    }

    /// Copies `other` in with its top left corner at (`column`, `row`).
    mutating func place(_ other: TextGrid, column: Int, row: Int) {
        for r in 0..<other.rows {
            for c in 0..<other.columns { self[column + c, row + r] = other[c, r] }
        }
    }

    /// The text, rows ending in a newline, trailing spaces trimmed; with `colour`, ANSI
    /// codes around runs of one style (256-colour foregrounds, bold, dim).
    func render(colour: Bool) -> String {
        var out = ""
        for r in 0..<rows {
            var current = Style.plain
            var blanks = 0
            for c in 0..<columns {
                let cell = self[c, r]
                if cell.character == " " {
                    blanks += 1
                    continue
                }
                out += String(repeating: " ", count: blanks)
                blanks = 0
                if colour && cell.style != current {
                    out += Self.code(cell.style)
                    current = cell.style
                }
                out.append(cell.character)
            }
            if current != .plain { out += Self.reset }
            out += "\n"
        }
        return out
    }

    static let reset = "\u{1B}[0m"

    static func code(_ style: Style) -> String {
        switch style {
        case .plain: return reset
        case .title: return "\u{1B}[0;1m"
        case .axis: return "\u{1B}[0;2m"
        case .series(let s): return "\u{1B}[0;38;5;\(ChartStyle.terminalColour(s))m"
        case .band(let s): return "\u{1B}[0;2;38;5;\(ChartStyle.terminalColour(s))m"
        }
    }
}

/// Lines drawn with Unicode braille: each cell holds 2 × 4 dots, so a line moves in steps a
/// quarter of a row high. Bands are shaded cell by cell underneath.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var dots: [UInt8]
    private var dotStyle: [Int]
    private var shade: [Int]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        dots = Array(repeating: 0, count: self.columns * self.rows)
        dotStyle = Array(repeating: -1, count: self.columns * self.rows)
        shade = Array(repeating: -1, count: self.columns * self.rows)
    }

    var pixelWidth: Int { columns * 2 }
    var pixelHeight: Int { rows * 4 }

    /// Braille bit of the dot at (x, y) within its cell: dots 1-2-3-7 down the left, 4-5-6-8 down the right.
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func dot(x: Int, y: Int, style: Int) {
        guard x >= 0, x < pixelWidth, y >= 0, y < pixelHeight else { return }
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= Self.bits[x % 2][y % 4]
        dotStyle[cell] = style
    }

    /// A straight line between two points in dot coordinates (y down), dot by dot.
    mutating func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double), style: Int) {
        let steps = max(1, Int(max(abs(b.x - a.x), abs(b.y - a.y)).rounded(.up)))
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            dot(x: Int((a.x + (b.x - a.x) * t).rounded()), y: Int((a.y + (b.y - a.y) * t).rounded()), style: style)
        }
    }

    /// Shades the cells of column `x` (in dots) from dot row `top` to `bottom`.
    mutating func shade(x: Int, from top: Double, to bottom: Double, style: Int) {
        let column = x / 2
        guard column >= 0, column < columns else { return }
        let first = max(0, Int((min(top, bottom) / 4).rounded(.down)))
        let last = min(rows - 1, Int((max(top, bottom) / 4).rounded(.down)))
        guard first <= last else { return }
        for row in first...last { shade[row * columns + column] = style }
    }

    /// The canvas as cells: braille where there are dots, shade where there is a band.
    func grid() -> TextGrid {
        var grid = TextGrid(columns: columns, rows: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let i = row * columns + column
                if dots[i] != 0 {
                    let character = Character(Unicode.Scalar(0x2800 + UInt32(dots[i]))!)
                    grid[column, row] = TextGrid.Cell(character: character, style: .series(dotStyle[i]))
                } else if shade[i] >= 0 {
                    grid[column, row] = TextGrid.Cell(character: "░", style: .band(shade[i]))
                }
            }
        }
        return grid
    }
}
