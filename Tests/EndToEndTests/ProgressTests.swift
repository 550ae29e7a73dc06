import Foundation
@testable import race
import XCTest

/// Long work shows its progress on a terminal, never in a pipe, and stops cleanly on Ctrl-C.
final class ProgressTests: XCTestCase {
    /// The bench model (10 labs, 120 months): a few thousand samples on one thread of a debug
    /// build take some seconds, more than the bar's one-second delay.
    static let model = Documentation.packageFolder.appendingPathComponent("Benchmarks/bench-model.race").path

    private func terminal(_ arguments: [String]) throws -> PseudoTerminal {
        try PseudoTerminal(executable: try RaceProcess.executable(), arguments: arguments,
                           environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm", "HOME": NSTemporaryDirectory()],
                           currentDirectory: Documentation.packageFolder.path, rows: 24, columns: 100)
    }

    func testAMonteCarloRunShowsProgressOnATerminalAndWipesItBeforeTheResult() throws {
        let terminal = try terminal(["run", Self.model, "--samples", "2500", "--threads", "1"])
        XCTAssertEqual(terminal.waitForExit(timeout: 240), 0)
        let output = String(decoding: terminal.raw, as: UTF8.self)
        let bar = try XCTUnwrap(output.range(of: "/2,500 samples"), "no progress line in \(output.prefix(400).debugDescription)")
        XCTAssertTrue(output.contains("/s") && output.contains("left"), output.prefix(400).debugDescription)
        let table = try XCTUnwrap(output.range(of: "samples, seed 0"))
        XCTAssertLessThan(bar.lowerBound, table.lowerBound, "the bar comes before the result")
        // Wiped with spaces and a carriage return before the result, and never drawn after it.
        let between = output[bar.upperBound..<table.lowerBound]
        XCTAssertTrue(between.contains("     \r"), between.debugDescription)
        XCTAssertFalse(output[table.lowerBound...].contains("samples  "), "a progress line after the result")
        XCTAssertFalse(output.contains("\u{1B}["), "the bar uses no escape codes")
    }

    func testNothingGoesToAPipe() throws {
        let outcome = try RaceProcess.run(["run", Self.model, "--samples", "2500", "--threads", "1"], timeout: 240)
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.standardError, "")
    }

    func testCtrlCStopsAMonteCarloRunWithExitCode130AndNoOutput() throws {
        let terminal = try terminal(["run", Self.model, "--samples", "200000", "--threads", "1"])
        XCTAssertTrue(terminal.waitFor("samples", timeout: 60), String(decoding: terminal.raw, as: UTF8.self))
        terminal.send(control: "C")
        XCTAssertEqual(terminal.waitForExit(timeout: 60), 130)
        let output = String(decoding: terminal.raw, as: UTF8.self)
        XCTAssertTrue(output.contains("interrupted"), output.debugDescription)
        XCTAssertFalse(output.contains("At 20"), "a result was printed after Ctrl-C")
    }

    func testCtrlCStopsASampledDiff() throws {
        let terminal = try terminal(["diff", Self.model, Self.model, "--samples", "200000", "--threads", "1"])
        XCTAssertTrue(terminal.waitFor("samples", timeout: 120), String(decoding: terminal.raw, as: UTF8.self))
        terminal.send(control: "C")
        XCTAssertEqual(terminal.waitForExit(timeout: 60), 130)
        XCTAssertFalse(String(decoding: terminal.raw, as: UTF8.self).contains("Assumptions"))
    }

    /// `race plot` and `race report` under `--samples` show the bar, and Ctrl-C stops them
    /// before they draw anything or write their file.
    func testCtrlCStopsASampledPlotAndReport() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("race-progress-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: output) }
        for arguments in [["plot", Self.model, "cash", "--samples", "50000", "--threads", "1"],
                          ["report", Self.model, "--samples", "50000", "--threads", "1", "-o", output.path]] {
            let terminal = try terminal(arguments)
            XCTAssertTrue(terminal.waitFor("/50,000 samples", timeout: 120), "\(arguments[0]): " + String(decoding: terminal.raw, as: UTF8.self))
            terminal.send(control: "C")
            XCTAssertEqual(terminal.waitForExit(timeout: 60), 130, arguments[0])
            let shown = String(decoding: terminal.raw, as: UTF8.self)
            XCTAssertTrue(shown.contains("interrupted"), shown.debugDescription)
            XCTAssertFalse(shown.contains("2030") || shown.contains("<svg") || shown.contains("wrote"),
                           "\(arguments[0]) drew after Ctrl-C: \(shown.suffix(300).debugDescription)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "the report was written after Ctrl-C")
    }

    func testTheLineSaysDoneTotalRateAndTimeLeftAndFitsTheTerminal() {
        let bar = ProgressBar(total: 10_000, unit: "samples", enabled: false)
        XCTAssertEqual(bar.line(done: 2_500, elapsed: 2, width: 80),
                       "[#######.......................]  2,500/10,000 samples  1,250/s  6s left")
        XCTAssertEqual(bar.line(done: 2_500, elapsed: 2, width: 40), "2,500/10,000 samples  1,250/s  6s left")
        XCTAssertEqual(ProgressBar.duration(125), "2m05s")
        XCTAssertEqual(ProgressBar.duration(3_900), "1h05m")
        XCTAssertEqual(ProgressBar.grouped(1_234_567), "1,234,567")
    }
}
