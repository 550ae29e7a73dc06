#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on standard error for work that takes more than about a second:
///
///     [#########.............]  4,352/10,000 samples  2,150/s  3s left
///
/// Drawn only when standard error is a terminal (never into a pipe or a file), first after
/// a second (short work shows nothing), at most ten times a second, with a carriage return
/// and spaces only (no escape codes, so `TERM=dumb` shows it as well), and wiped by
/// `finish()` before the result is printed.
///
/// `update` may be called from any thread, one call at a time (as Monte Carlo's progress
/// callback is); `finish` after the last `update`. That ordering is why the class needs no
/// lock, and why it may be handed to a worker thread (`@unchecked Sendable`).
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let unit: String
    private let enabled: Bool
    private let started = ProgressBar.now()
    private var lastDrawn = -1.0
    private var drawnWidth = 0

    /// Seconds before the first drawing.
    static let delay = 1.0

    init(total: Int, unit: String, enabled: Bool = Terminal.standardErrorIsTerminal) {
        self.total = max(1, total)
        self.unit = unit
        self.enabled = enabled
    }

    /// Records that `done` of `total` are done, and redraws when it is time.
    func update(_ done: Int) {
        guard enabled else { return }
        let elapsed = Self.now() - started
        guard elapsed >= Self.delay, elapsed - lastDrawn >= 0.1 || done >= total else { return }
        lastDrawn = elapsed
        draw(line(done: done, elapsed: elapsed))
    }

    /// Wipes the line, if one was drawn.
    func finish() {
        guard drawnWidth > 0 else { return }
        // Two more than drawn: a `^C` the terminal echoed after the line is wiped too.
        Terminal.standardError("\r" + String(repeating: " ", count: drawnWidth + 2) + "\r")
        drawnWidth = 0
    }

    /// The text of the line at `done` after `elapsed` seconds, fitted to the terminal.
    func line(done: Int, elapsed: Double, width: Int = ProgressBar.terminalWidth()) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var facts = "\(Self.grouped(done))/\(Self.grouped(total)) \(unit)"
        if rate > 0 {
            facts += "  \(Self.grouped(Int(rate.rounded())))/s"
            if done < total { facts += "  \(Self.duration(Double(total - done) / rate)) left" }
        }
        let barWidth = min(30, width - 1 - facts.count - 4)
        guard barWidth >= 5 else { return String(facts.prefix(max(0, width - 1))) }
        let filled = min(barWidth, barWidth * done / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]  " + facts
    }

    private func draw(_ text: String) {
        let padding = max(0, drawnWidth - text.count)
        Terminal.standardError("\r" + text + String(repeating: " ", count: padding))
        drawnWidth = text.count
    }

    /// `12,345`
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// `3s`, `2m05s`, `1h04m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" }
        let minutes = (whole % 3600) / 60
        return "\(whole / 3600)h\(minutes < 10 ? "0" : "")\(minutes)m"
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Columns of the terminal on standard error; 80 when it does not say.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
