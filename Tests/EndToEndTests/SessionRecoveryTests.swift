import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A REPL session survives anything (issue 13): killed with `kill -9`, the next `race` offers
/// it and `:recover` restores it; crashed (a fatal signal), `race` restarts itself with the
/// session as it was; a clean quit leaves nothing to recover.
final class SessionRecoveryTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("race-recovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try "start 2025-01\nhorizon 2025-12\nlab Alpha { cash: $10B, burn: $500M/month }\n"
            .write(to: home.appendingPathComponent("base.race"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    private var journals: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent(".race_recovery").path)) ?? []
    }

    /// `race` on a terminal in the test folder, its history and journals there too.
    private func startREPL() throws -> PseudoTerminal {
        let race = try XCTUnwrap(BuiltProducts.executable(named: "race"), "race is not built next to the tests")
        let environment = ["TERM": "xterm", "HOME": home.path, "RACE_HISTORY": home.appendingPathComponent("history").path,
                           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "enable=no"]
        return try PseudoTerminal(executable: race, environment: environment, currentDirectory: home.path)
    }

    private func expect(_ terminal: PseudoTerminal, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard terminal.waitFor(text, timeout: 30) else {
            XCTFail("did not see \(text.debugDescription); output:\n\(terminal.output)", file: file, line: line)
            throw PseudoTerminal.Failure(description: "timeout")
        }
    }

    /// Types each line and waits for the prompt after it.
    private func type(_ terminal: PseudoTerminal, _ lines: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        for text in lines {
            terminal.send(text + "\r")
            try expect(terminal, "> ", file: file, line: line)
        }
    }

    /// A session with a loaded file, typed statements, two forks and a clock.
    private func buildSession(_ terminal: PseudoTerminal) throws {
        try expect(terminal, "race> ")
        try type(terminal, [":load base.race", "lab Beta { cash: $2B, burn: $300M/month }", ":step 3", ":fork lean",
                            "lab Alpha { burn: $100M/month }"])
        terminal.send(":step 2\r")
        try expect(terminal, "at the end of 2025-05")
        try expect(terminal, "race[lean]> ")
    }

    private func assertRestored(_ terminal: PseudoTerminal, file: StaticString = #filePath, line: UInt = #line) throws {
        terminal.send(":forks\r")
        try expect(terminal, "main  (1 statement on base.race)", file: file, line: line)
        try expect(terminal, "* lean  (2 statements on base.race)", file: file, line: line)
        terminal.send("Alpha.burn\r")
        try expect(terminal, "$100M/month   (at the end of 2025-05)", file: file, line: line)
        terminal.send(":switch main\r")
        try expect(terminal, "now on 'main' at the end of 2025-03", file: file, line: line)
    }

    func testASessionKilledWithKill9IsRestoredByRecover() throws {
        let first = try startREPL()
        try buildSession(first)
        first.signal(SIGKILL)
        XCTAssertEqual(first.waitForExit(), 128 + SIGKILL)
        XCTAssertEqual(journals.count, 1, "the journal stays for the next session")

        let second = try startREPL()
        try expect(second, "A session ended without :quit at ")
        try expect(second, "fork main: 1 statement on base.race; fork lean: 2 statements on base.race.")
        try expect(second, "Type :recover to restore it")
        try expect(second, "race> ")
        second.send(":recover\r")
        try expect(second, "recovered the session")
        try expect(second, "on 'lean' at the end of 2025-05")
        try expect(second, "race[lean]> ")
        try assertRestored(second)
        second.send(":quit\r")
        XCTAssertEqual(second.waitForExit(), 0)
        XCTAssertEqual(journals, [], "a clean quit leaves nothing to recover, and the recovered journal is gone")

        let third = try startREPL()
        try expect(third, "race> ")
        XCTAssertFalse(third.output.contains("ended without :quit"), third.output)
        third.send(control: "D")
        XCTAssertEqual(third.waitForExit(), 0)
        XCTAssertEqual(journals, [])
    }

    func testACrashRestartsWithTheSessionIntact() throws {
        let terminal = try startREPL()
        try buildSession(terminal)
        terminal.signal(SIGSEGV)
        try expect(terminal, "race: internal error (SIGSEGV")
        try expect(terminal, "race: the session is restored as it was before the crash")
        try expect(terminal, "race[lean]> ")
        try assertRestored(terminal)
        try type(terminal, ["lab Gamma { cash: $1B }"])
        terminal.send(":quit\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertEqual(journals, [])
    }

    func testRecoverDiscardForgetsTheSession() throws {
        let first = try startREPL()
        try buildSession(first)
        first.signal(SIGKILL)
        _ = first.waitForExit()
        let second = try startREPL()
        try expect(second, "race> ")
        second.send(":recover discard\r")
        try expect(second, "forgot the session that ended at")
        second.send(control: "D")
        XCTAssertEqual(second.waitForExit(), 0)
        XCTAssertEqual(journals, [])
    }
}
