import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The line-editing layer (libedit through LineEditing) driven through a pseudo-terminal, on
/// the `line-editor-demo` executable: prompt `demo> `, continuation `...> `, completion from
/// alpha, alphabet, beta, :load, :quit, each line echoed as `got: <line>`, `bye` at the end.
final class LineEditorTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("race-line-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var historyPath: String { directory.appendingPathComponent("history").path }

    private func demoPath() throws -> String {
        try XCTUnwrap(
            BuiltProducts.executable(named: "line-editor-demo"),
            "line-editor-demo is not built next to the tests (looked in \(BuiltProducts.directories.map(\.path)))")
    }

    private var environment: [String: String] {
        [
            "TERM": "xterm",
            "HOME": directory.path,
            "RACE_HISTORY": historyPath,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
    }

    private func startDemo() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(executable: try demoPath(), environment: environment)
        try expect(terminal, "demo> ")
        return terminal
    }

    /// Waits for `text` or fails with what the terminal shows.
    private func expect(
        _ terminal: PseudoTerminal, _ text: String, timeout: TimeInterval = 10,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard terminal.waitFor(text, timeout: timeout) else {
            XCTFail("did not see \(text.debugDescription); output so far:\n\(terminal.output)", file: file, line: line)
            throw PseudoTerminal.Failure(description: "timeout")
        }
    }

    /// Ctrl-D at the next prompt (keys typed before the prompt shows go to a terminal in
    /// cooked mode, where Ctrl-D is not a key), then `bye`.
    private func quit(_ terminal: PseudoTerminal, file: StaticString = #filePath, line: UInt = #line) throws {
        try expect(terminal, "demo> ", file: file, line: line)
        terminal.send(control: "D")
        try expect(terminal, "bye", file: file, line: line)
    }

    /// The history file's entries (libedit's format: a cookie line, then entries with
    /// white space escaped as octal).
    private func historyEntries() throws -> [String] {
        let text = try String(contentsOfFile: historyPath, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "_HiStOrY_V2_")
        lines.removeFirst()
        return lines.filter { !$0.isEmpty }.map {
            $0.replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\011", with: "\t")
        }
    }

    func testTypedLinesAreEchoedAndControlDQuits() throws {
        let terminal = try startDemo()
        terminal.send("hello world\r")
        try expect(terminal, "got: hello world")
        try expect(terminal, "demo> ")
        terminal.send("héllo → ünïcode\r")
        try expect(terminal, "got: héllo → ünïcode")
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testControlDOnANonEmptyLineDoesNotQuit() throws {
        let terminal = try startDemo()
        terminal.send("abc")
        terminal.send(key: .left)
        terminal.send(control: "D")  // deletes the character under the cursor
        terminal.send("\r")
        try expect(terminal, "got: ab")
        XCTAssertTrue(terminal.isRunning)
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testTabCompletesTheCommonPrefixThenListsTheCandidates() throws {
        let terminal = try startDemo()
        terminal.send("alp\t")
        terminal.waitUntil(timeout: 5) { $0.lastScreenLine == "demo> alpha" }
        XCTAssertEqual(terminal.lastScreenLine, "demo> alpha")
        terminal.send("\t")  // alpha, alphabet: nothing more in common: list them
        try expect(terminal, "alphabet")
        try expect(terminal, "demo> alpha")  // the line is redrawn below the list
        terminal.waitUntil(timeout: 5) { $0.lastScreenLine == "demo> alpha" }
        XCTAssertEqual(terminal.screenLines.filter { !$0.isEmpty }.suffix(2), ["alpha     alphabet", "demo> alpha"])
        terminal.send("\r")
        try expect(terminal, "got: alpha\r\n")
        try quit(terminal)
    }

    func testTabCompletesAUniqueWordWithASpace() throws {
        let terminal = try startDemo()
        terminal.send("x bet\t")
        terminal.send("\r")
        try expect(terminal, "got: x beta \r\n")
        try expect(terminal, "demo> ")
        terminal.send(":lo\tfile\r")
        try expect(terminal, "got: :load file")
        try expect(terminal, "demo> ")
        terminal.send("gamma\t\r")  // no candidate: the line is left as it is
        try expect(terminal, "got: gamma\r\n")
        try expect(terminal, "demo> ")
        terminal.send(":q\t\r")
        try expect(terminal, "got: :quit")
        try expect(terminal, "bye")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testTabOnAnEmptyWordListsEverything() throws {
        let terminal = try startDemo()
        terminal.send("\t")
        try expect(terminal, ":quit")
        let listed = terminal.output
        for word in ["alpha", "alphabet", "beta", ":load", ":quit"] {
            XCTAssertTrue(listed.contains(word), "\(word) not listed in:\n\(listed)")
        }
        try expect(terminal, "demo> ")
        terminal.send("b\t\r")
        try expect(terminal, "got: beta ")
        try quit(terminal)
    }

    func testAnOpenBraceShowsTheContinuationPrompt() throws {
        let terminal = try startDemo()
        terminal.send("entity A {\r")
        try expect(terminal, "got: entity A {")
        try expect(terminal, "...> ")
        terminal.send("x = { 1 }\r")
        try expect(terminal, "got: x = { 1 }")
        try expect(terminal, "...> ")
        terminal.send("}\r")
        try expect(terminal, "got: }")
        try expect(terminal, "demo> ")
        XCTAssertFalse(terminal.unmatchedOutput.contains("...>"))
    }

    func testControlCAbandonsTheLineAndTheProgramGoesOn() throws {
        let terminal = try startDemo()
        terminal.send("abandoned line")
        terminal.waitUntil(timeout: 5) { $0.lastScreenLine == "demo> abandoned line" }
        terminal.send(control: "C")
        try expect(terminal, "^C")
        try expect(terminal, "demo> ")
        XCTAssertTrue(terminal.isRunning)
        terminal.send("next\r")
        try expect(terminal, "got: next")
        XCTAssertFalse(terminal.output.contains("got: abandoned"))
        try expect(terminal, "demo> ")

        // Ctrl-C inside a block drops the block: the prompt is back to the first one.
        terminal.send("a {\r")
        try expect(terminal, "...> ")
        terminal.send(control: "C")
        try expect(terminal, "demo> ")

        // Ctrl-C on an empty line, twice.
        terminal.send(control: "C")
        try expect(terminal, "demo> ")
        terminal.send(control: "C")
        try expect(terminal, "demo> ")
        terminal.send("still here\r")
        try expect(terminal, "got: still here")
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testControlCDuringALongRunSetsTheInterruptFlag() throws {
        let terminal = try startDemo()
        terminal.send(":spin\r")
        try expect(terminal, "spinning")
        terminal.send(control: "C")
        try expect(terminal, "spin interrupted", timeout: 5)
        try expect(terminal, "demo> ")
        terminal.send("after\r")
        try expect(terminal, "got: after")
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testHistoryIsSavedAfterEachEntryAndRecalledInTheNextSession() throws {
        do {
            let terminal = try startDemo()
            terminal.send("first entry\r")
            try expect(terminal, "got: first entry")
            try expect(terminal, "demo> ")
            XCTAssertEqual(try historyEntries(), ["first entry"])
            terminal.send("   \r")  // blank lines are not history
            try expect(terminal, "demo> ")
            terminal.send("second\r")
            try expect(terminal, "got: second")
            try expect(terminal, "demo> ")
            XCTAssertEqual(try historyEntries(), ["first entry", "second"])
            // Killed without a chance to save: nothing is lost.
            terminal.signal(SIGKILL)
            XCTAssertNotNil(terminal.waitForExit())
        }
        XCTAssertEqual(try historyEntries(), ["first entry", "second"])

        let terminal = try startDemo()
        terminal.send(key: .up)
        terminal.send("\r")
        try expect(terminal, "got: second")
        try expect(terminal, "demo> ")
        terminal.send(key: .up)
        terminal.send(key: .up)
        terminal.send(key: .up)
        terminal.send("\r")
        try expect(terminal, "got: first entry")
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertEqual(try historyEntries(), ["first entry", "second", "first entry"])
    }

    func testAFileThatIsNotAHistoryFileIsLeftAlone() throws {
        try "my notes\n".write(toFile: historyPath, atomically: true, encoding: .utf8)
        let terminal = try startDemo()
        terminal.send("something\r")
        try expect(terminal, "got: something")
        try quit(terminal)
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertTrue(terminal.output.contains("cannot read the history file"))
        XCTAssertEqual(try String(contentsOfFile: historyPath, encoding: .utf8), "my notes\n")
    }

    func testWithoutATerminalLinesAreReadPlainlyWithoutPromptOrHistory() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try demoPath())
        process.environment = SanitizerEnvironment.adding(to: environment)
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("alpha\nx {\n\t}\nlast line without newline".utf8))
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("the demo did not end at the end of its input")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(text, "got: alpha\ngot: x {\ngot: \t}\ngot: last line without newline\nbye\n")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: historyPath))
    }

    func testHarnessStripsEscapeSequences() {
        XCTAssertEqual(PseudoTerminal.stripANSI("a\u{1b}[10Gb\u{1b}[Kc\u{07}\u{1b}]0;title\u{07}d\u{1b}=e\r\n"), "abcde\r\n")
    }
}
