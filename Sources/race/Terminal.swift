import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceSyntax

/// `--color auto|always|never`.
enum ColourChoice: String, CaseIterable {
    case auto, always, never

    /// Whether to colour what goes to `descriptor`: `auto` colours a terminal unless
    /// `NO_COLOR` is set to something (no-color.org: an empty one does not count) or
    /// `TERM` is `dumb`, which shows escape codes as they are.
    func colours(descriptor: Int32, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(descriptor) != 0
        }
    }
}

/// The one place that touches standard output, standard error and the file system.
enum Terminal {
    /// As `--color` asked; `auto` unless given.
    static var colourChoice = ColourChoice.auto

    static func standardOutput(_ text: String) {
        writeAll(text, to: 1)
    }

    static func standardError(_ text: String) {
        writeAll(text, to: 2)
    }

    /// All of `text`, unbuffered (so standard output and standard error keep their order),
    /// however many `write` calls it takes; gives up quietly when the reader has gone.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Whether diagnostics on standard error are coloured (`--color`, `NO_COLOR`, `TERM`).
    static var colourOnStandardError: Bool {
        colourChoice.colours(descriptor: 2, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether charts on standard output are coloured (`--color`, `NO_COLOR`, `TERM`), as
    /// diagnostics are on standard error.
    static var colourOnStandardOutput: Bool {
        colourChoice.colours(descriptor: 1, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether standard error is a terminal that can take a progress line: never in a pipe.
    static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    /// The size a chart fills: the terminal's when standard output is one, else COLUMNS and
    /// LINES when set (as shells export them), else 80 × 24.
    static var chartSize: (columns: Int, rows: Int) {
        var size = winsize()
        if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        let environment = ProcessInfo.processInfo.environment
        let columns = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
        let rows = environment["LINES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 24
        return (columns, rows)
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        standardError(DiagnosticRenderer(colour: colourOnStandardError).render(diagnostics))
    }

    /// Reads a scenario: a file's bytes, or standard input for `InputFiles.standardInput`;
    /// throws a `ReadFailure` that says why it cannot.
    static func read(_ path: String) throws -> [UInt8]? {
        try InputFiles.read(path)
    }
}
