import Foundation
import XCTest

/// The `race` command's exit codes (docs/reference/command-line.md: 0 success, 1 scenario
/// errors, 2 usage errors), `race test`'s summary line, and bad inputs that must give a located error — never a crash or a hang.
final class CommandLineTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("race-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        return name
    }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    private func race(_ arguments: String..., timeout: Double = 30) throws -> RaceProcess.Outcome {
        try RaceProcess.run(arguments, in: directory, timeout: timeout)
    }

    let good = """
        scenario "Good"
        start 2025-01
        horizon 2025-12
        company M
        lab A { cash: $5B, valuation: $20B, revenue: $100M/month growing 5%/month, burn: $300M/month }
        on 2025-06: M invests $1B in A

        """

    func testCheckOnAGoodFileExitsZero() throws {
        try write("good.race", good)
        let outcome = try race("check", "good.race")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.standardOutput.contains("good.race: ok"), outcome.output)
    }

    func testCheckReportsEveryErrorOfTheFileWithExitOne() throws {
        try write("bad.race", "start 2025-01\nhorizon 2025-12\nlab A { cash: 3 months }\non 2025-02: B exits\nlet x = log10($1B)\n")
        let outcome = try race("check", "bad.race")
        XCTAssertEqual(outcome.status, 1)
        for line in [3, 4, 5] { XCTAssertTrue(outcome.output.contains("bad.race:\(line):"), outcome.output) }
        XCTAssertTrue(outcome.output.contains("3 errors"), outcome.output)
    }

    func testABadFlagIsAUsageErrorWithExitTwo() throws {
        try write("f.race", good)
        let format = try race("run", "--format", "xml", "f.race")
        XCTAssertEqual(format.status, 2, format.output)
        XCTAssertFalse(format.standardError.isEmpty)
        XCTAssertEqual(try race("run", "f.race", "--no-such-flag").status, 2)
        XCTAssertEqual(try race("check").status, 2)
        XCTAssertEqual(try race("run", "f.race", "--set", "novalue").status, 2)
    }

    // MARK: The command line itself (docs/reference/command-line.md): options, `--`, help and usage errors.

    /// A usage error: exit 2, nothing on standard output, `error: MESSAGE` then the usage line
    /// and where to find the help on standard error.
    /// Exit 2, nothing on standard output, and on standard error the message, the hint
    /// (`did you mean …`) when one is expected, the usage line and where to find help.
    private func assertUsageError(_ arguments: [String], _ message: String, hint: String? = nil,
                                  help: String = "race --help", line: UInt = #line) throws {
        let outcome = try RaceProcess.run(arguments, in: directory)
        XCTAssertEqual(outcome.status, 2, outcome.output, line: line)
        XCTAssertEqual(outcome.standardOutput, "", line: line)
        let hintLine = hint.map { "hint: \($0)\n" } ?? ""
        XCTAssertTrue(outcome.standardError.hasPrefix("error: \(message)\n\(hintLine)Usage: race"), outcome.standardError, line: line)
        XCTAssertTrue(outcome.standardError.hasSuffix("See '\(help)'.\n"), outcome.standardError, line: line)
    }

    func testAnOptionsValueMayFollowAnEqualsSign() throws {
        try write("f.race", good)
        let spaced = try race("run", "f.race", "--format", "csv", "--samples", "1")
        let joined = try race("run", "f.race", "--format=csv", "--samples=1")
        XCTAssertEqual(joined.status, 0, joined.output)
        XCTAssertEqual(joined.standardOutput, spaced.standardOutput)
        XCTAssertTrue(joined.standardOutput.hasPrefix("entity,"), joined.output)
    }

    func testDoubleDashEndsTheOptions() throws {
        try write("--odd.race", good)
        let outcome = try race("check", "--", "--odd.race")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.standardOutput.contains("--odd.race: ok"), outcome.output)
        try assertUsageError(["run", "--", "--odd.race", "--format"], "unexpected argument '--format'", help: "race run --help")
    }

    func testARepeatedOptionTakesTheLastValue() throws {
        try write("f.race", good)
        let outcome = try race("run", "f.race", "--format", "json", "--format", "csv")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.standardOutput.hasPrefix("entity,"), outcome.output)
    }

    func testUnknownOptionsAndCommandsAreUsageErrors() throws {
        try write("f.race", good)
        try assertUsageError(["run", "f.race", "--no-such-flag"], "unknown option '--no-such-flag'", help: "race run --help")
        try assertUsageError(["run", "f.race", "--no-such-flag=1"], "unknown option '--no-such-flag'", help: "race run --help")
        try assertUsageError(["frobnicate"], "unknown command 'frobnicate'")
        try assertUsageError(["--verison"], "unknown option '--verison'", hint: "did you mean '--version'?")
        try assertUsageError(["help", "frobnicate"], "unknown command 'frobnicate'")
        try assertUsageError(["run", "f.race", "extra.race"], "unexpected argument 'extra.race'", help: "race run --help")
        try assertUsageError(["run"], "missing argument FILE", help: "race run --help")
        try assertUsageError(["test"], "give at least one scenario file", help: "race test --help")
        try assertUsageError(["run", "f.race", "--series=yes"], "--series takes no value", help: "race run --help")
    }

    func testBadOptionValuesNameTheOption() throws {
        try write("f.race", good)
        try assertUsageError(["run", "f.race", "--format"], "--format needs a value", help: "race run --help")
        try assertUsageError(["run", "f.race", "--samples", "abc"], "--samples takes a whole number (got 'abc')",
                             help: "race run --help")
        try assertUsageError(["run", "f.race", "--format", "xml"], "--format takes table, csv or json (got 'xml')",
                             help: "race run --help")
        try assertUsageError(["run", "f.race", "--format", "jsno"], "--format takes table, csv or json (got 'jsno')",
                             hint: "did you mean 'json'?", help: "race run --help")
        try assertUsageError(["diff", "f.race", "f.race", "--seed=-1"], "--seed takes a whole number (got '-1')",
                             help: "race diff --help")
        try assertUsageError(["run", "f.race", "--samples", "0"], "--samples must be at least 1", help: "race run --help")
    }

    func testHelpGoesToStandardOutputWithExitZero() throws {
        let run = try race("run", "--help")
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.standardOutput.contains(
            "Usage: race run FILE [--format table|csv|json] [--series] [--samples S] [--seed K] [--threads T] [--set NAME=VALUE]... "
            + "[--per-sample PATH.csv] [--shard I/N] [--prior]\n"),
            run.output)
        XCTAssertTrue(run.standardOutput.contains("--set NAME=VALUE"), run.output)
        // Anywhere among a command's arguments, even beside a bad one.
        let late = try race("run", "missing.race", "--samples", "abc", "-h")
        XCTAssertEqual(late.status, 0, late.output)
        XCTAssertEqual(late.standardOutput, run.standardOutput)
        let diff = try race("help", "diff")
        XCTAssertEqual(diff.status, 0, diff.output)
        XCTAssertTrue(diff.standardOutput.contains("Usage: race diff A B [--format table|csv|json|html] [--at YYYY-MM]"), diff.output)
        XCTAssertTrue(diff.standardOutput.contains("Scenario B (the alternative)"), diff.output)
        for root in [["help"], ["--help"], ["-h"]] {
            let outcome = try RaceProcess.run(root, in: directory)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            for command in ["run", "check", "test", "diff", "plot", "report", "REPL"] {
                XCTAssertTrue(outcome.standardOutput.contains(command), "\(root): no \(command) in \(outcome.output)")
            }
        }
    }

    func testRunningAMissingFileExitsOneWithAMessage() throws {
        let outcome = try race("run", "missing.race")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.standardError.contains("cannot read 'missing.race'"), outcome.output)
    }

    func testSetOverridesAParameterAndAnUnknownOneIsAnError() throws {
        try write("p.race", "start 2025-01\nhorizon 2025-01\nparam start_cash = $1B\nlab A { cash: start_cash }\n")
        let plain = try race("run", "p.race", "--format", "csv")
        XCTAssertTrue(plain.standardOutput.contains("A,lab,2025-01,active,1000000000,"), plain.output)
        let changed = try race("run", "p.race", "--format", "csv", "--set", "start_cash=$2B")
        XCTAssertTrue(changed.standardOutput.contains("A,lab,2025-01,active,2000000000,"), changed.output)
        let unknown = try race("run", "p.race", "--set", "start_csh=$2B")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.contains("did you mean 'start_cash'?"), unknown.output)
    }

    func testARunErrorIsLocatedWithTheMonthAndExitsOne() throws {
        try write("stop.race", "start 2025-01\nhorizon 2025-12\nchip H { price: $1k, perf: 1 PFLOP/s, power: 1 kW, available: 2025-06 }\nlab A { cash: $1B }\non 2025-03: A buys 10 H\n")
        let outcome = try race("run", "stop.race")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.standardError.contains("stop.race:5:"), outcome.output)
        XCTAssertTrue(outcome.standardError.contains("2025-03"), outcome.output)
    }

    func testRaceTestEndsWithPassedAndFailedCounts() throws {
        try write("pass.race", good + "expect A.active\nexpect A.cash > $1B at 2025-03\n")
        try write("fail.race", good + "expect A.cash > $100B\nexpect A.active\n")
        let passing = try race("test", "pass.race")
        XCTAssertEqual(passing.status, 0, passing.output)
        XCTAssertTrue(passing.standardOutput.hasSuffix("2 passed, 0 failed\n"), passing.output)
        let both = try race("test", "pass.race", "fail.race")
        XCTAssertEqual(both.status, 1, both.output)
        XCTAssertTrue(both.standardOutput.hasSuffix("3 passed, 1 failed\n"), both.output)
        XCTAssertTrue(both.standardOutput.contains("FAIL"), both.output)
    }

    func testRaceTestCountsAFileThatDoesNotCheckAsFailed() throws {
        try write("broken.race", "start 2025-01\n")
        let outcome = try race("test", "broken.race")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.standardOutput.hasSuffix("0 passed, 1 failed\n"), outcome.output)
    }

    // MARK: Bad input: a located error and exit 1, quickly; never a crash or a hang.

    /// `race check FILE` must end cleanly with exit 1 and an error located in `locatedIn` (FILE by
    /// default), at `line` when given.
    private func assertLocatedError(_ file: String, line: Int? = nil, mentioning text: String? = nil,
                                    locatedIn: String? = nil, source: UInt = #line) throws {
        let outcome = try RaceProcess.run(["check", file], in: directory, timeout: 15)
        XCTAssertTrue(outcome.endedCleanly, "\(file): crashed or hung (status \(outcome.status), timed out \(outcome.timedOut))", line: source)
        XCTAssertEqual(outcome.status, 1, "\(file): \(outcome.output.prefix(500))", line: source)
        XCTAssertLessThan(outcome.seconds, 10, "\(file) took \(outcome.seconds) s", line: source)
        let place = locatedIn ?? file
        let located = line.map { "\(place):\($0):" } ?? "\(place):"
        XCTAssertTrue(outcome.standardError.contains(located) && outcome.standardError.contains("error"),
                      "\(file): no located error in \(outcome.output.prefix(500))", line: source)
        if let text {
            XCTAssertTrue(outcome.output.contains(text), "\(file): no \(text.debugDescription) in \(outcome.output.prefix(500))", line: source)
        }
        XCTAssertLessThan(outcome.output.utf8.count, 2_000_000, "\(file): the message is huge", line: source)
    }

    func testAnEmptyFileIsALocatedError() throws {
        try assertLocatedError(try write("empty.race", ""), line: 1, mentioning: "start")
    }

    func testBinaryJunkWithNulBytesIsALocatedError() throws {
        var bytes: [UInt8] = [0, 0, 1, 2, 0x7F, 0x1B] + (0..<4000).map { UInt8(($0 &* 37 &+ 11) % 128) }
        bytes[100] = 0
        try assertLocatedError(try write("junk.race", bytes))
        try assertLocatedError(try write("nul.race", Array("start 2025-01\nhorizon 2025-12\nlab A\0 { cash: $1B }\n".utf8)), line: 3)
    }

    func testInvalidUTF8IsALocatedError() throws {
        let bytes = Array("start 2025-01\nhorizon 2025-12\n# caf".utf8) + [0xE9, 0x20, 0xFF, 0xFE, 0x0A]
        try assertLocatedError(try write("latin1.race", bytes), line: 3, mentioning: "UTF-8")
    }

    func testHundredThousandNestedParenthesesAreALocatedError() throws {
        let text = "start 2025-01\nhorizon 2025-12\nparam p = " + String(repeating: "(", count: 100_000) + "1"
            + String(repeating: ")", count: 100_000) + "\n"
        try assertLocatedError(try write("parens.race", text), line: 3)
        let unclosed = "start 2025-01\nhorizon 2025-12\nparam p = " + String(repeating: "(", count: 100_000) + "\n"
        try assertLocatedError(try write("unclosed.race", unclosed))
    }

    func testAOneMegabyteIdentifierIsALocatedError() throws {
        let name = String(repeating: "a", count: 1_000_000)
        try assertLocatedError(try write("long.race", "start 2025-01\nhorizon 2025-12\nlab A { cash: $1B }\non 2025-02: \(name) exits\n"),
                               line: 4, mentioning: "unknown entity")
    }

    func testAnOverflowingNumberIsALocatedError() throws {
        try assertLocatedError(try write("huge.race", "start 2025-01\nhorizon 2025-12\nparam p = 1e999\n"), line: 3)
        try assertLocatedError(try write("hugemoney.race", "start 2025-01\nhorizon 2025-12\nlab A { cash: $1e999B }\n"), line: 3)
    }

    func testAFileThatExtendsItselfIsALocatedError() throws {
        try assertLocatedError(try write("self.race", "extends \"self.race\"\nstart 2025-01\nhorizon 2025-12\n"),
                               line: 1, mentioning: "extends itself")
        try write("a.race", "extends \"b.race\"\n")
        try assertLocatedError(try write("b.race", "extends \"a.race\"\n"), line: 1, mentioning: "extends itself",
                               locatedIn: "a.race")
    }

    func testRunToleratesBadInputTooWithoutCrashing() throws {
        try write("parens.race", "start 2025-01\nhorizon 2025-12\nlet f = " + String(repeating: "-(", count: 50_000) + "1\n")
        for format in ["table", "csv", "json"] {
            let outcome = try race("run", "parens.race", "--format", format, timeout: 15)
            XCTAssertTrue(outcome.endedCleanly, "status \(outcome.status)")
            XCTAssertEqual(outcome.status, 1, outcome.output.prefix(300).description)
        }
    }

    func testMonteCarloFlagsBeyondWhatTheMachineCanDoAreUsageErrors() throws {
        try write("uncertain.race", good + "param g = 2%/month to 8%/month\nlab A { revenue: $100M/month growing g }\n")
        // More samples than memory holds: said at once, before anything is allocated.
        let huge = try race("run", "uncertain.race", "--samples", "1000000000")
        XCTAssertEqual(huge.status, 2, huge.output)
        XCTAssertTrue(huge.output.contains("would keep about"), huge.output)
        let series = try race("run", "uncertain.race", "--samples", "50000000", "--series", "--format", "json")
        XCTAssertEqual(series.status, 2, series.output)
        XCTAssertTrue(series.output.contains("--series"), series.output)
        for threads in ["0", "100000"] {
            let outcome = try race("run", "uncertain.race", "--samples", "10", "--threads", threads)
            XCTAssertEqual(outcome.status, 2, outcome.output)
            XCTAssertTrue(outcome.output.contains("--threads takes 1 to"), outcome.output)
        }
        let diff = try race("diff", "uncertain.race", "uncertain.race", "--samples", "1000000000")
        XCTAssertTrue(diff.endedCleanly)
        XCTAssertEqual(diff.status, 1, diff.output)
        XCTAssertTrue(diff.output.contains("would keep about"), diff.output)
    }
}
