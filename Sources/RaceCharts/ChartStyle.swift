/// How lines tell each other apart: a colour, and for readers without colour (a pipe,
/// `NO_COLOR`, a printout) a marker in the terminal and a dash pattern in SVG.
///
/// Colours start with the Okabe–Ito palette, chosen to stay distinct for colour-blind
/// readers; its sky blue gives way to a purple, too close to its blue in a terminal (seen
/// side by side in tmux). The terminal uses the nearest of the 256 xterm colours that reads
/// on a dark background (a gold for the orange).
enum ChartStyle {
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#6A3D9A", "#555555", "#999933"]
    static let terminalColours = [33, 166, 35, 175, 220, 141, 246, 143]
    /// One glyph per line, at its end and along it, in the legend.
    static let markers: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇"]
    /// SVG `stroke-dasharray` per line (solid first).
    static let dashes = ["", "9 4", "2 3", "10 3 2 3", "5 5", "1 2", "14 4 4 4", "6 2 2 2 2 2"]

    static func colour(_ style: Int) -> String { colours[index(style)] }
    static func terminalColour(_ style: Int) -> Int { terminalColours[index(style)] }
    static func marker(_ style: Int) -> Character { markers[index(style)] }
    static func dash(_ style: Int) -> String { dashes[index(style)] }

    private static func index(_ style: Int) -> Int { ((style % colours.count) + colours.count) % colours.count }

    /// The mark of an exit on a line.
    static let exitMarker: Character = "✕"
}
