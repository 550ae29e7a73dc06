import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceSyntax

/// The one place that touches standard output, standard error and the file system.
enum Terminal {
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

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var colourOnStandardError: Bool {
        isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Colour in charts on standard output: only on a terminal, and not with a non-empty
    /// NO_COLOR (no-color.org: an empty one does not count).
    static var colourOnStandardOutput: Bool {
        isatty(1) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

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

    /// Reads a file's bytes; nil when it does not exist, is a folder or cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        guard FileSystemIO.isFile(path) else { return nil }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}
