import Foundation
import RaceSession
import XCTest

/// What people expect of a command-line tool: `--version`, "did you mean", files that say
/// why they cannot be read, `-` for standard input, `--color` and `NO_COLOR`, `--series`
/// that never does nothing in silence, and diagnostics as JSON.
final class CommandLineConvenienceTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try DocumentationTests.cloneLikeFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func race(_ arguments: String..., input: String? = nil, environment: [String: String?] = [:]) throws
        -> RaceProcess.Outcome {
        try RaceProcess.run(arguments, in: folder, environment: environment, input: input.map { Data($0.utf8) })
    }

    private let scenario = "start 2025-01\nhorizon 2025-06\nlab A { cash: $1B, burn: $100M/month }\n"

    func testVersionIsTheOneInTheCodeTheHelpAndTheChangelog() throws {
        for flag in ["--version", "-V"] {
            let outcome = try race(flag)
            XCTAssertEqual(outcome.status, 0)
            XCTAssertEqual(outcome.standardOutput, "race \(RaceVersion.current)\n")
        }
        XCTAssertTrue(try race("--help").standardOutput.hasPrefix("race \(RaceVersion.current)\n"))
        let changelog = try String(contentsOf: Documentation.packageFolder.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let newest = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        XCTAssertTrue(newest?.hasPrefix("## \(RaceVersion.current)") == true, "CHANGELOG's newest entry is \(newest ?? "none")")
    }

    func testMisspeltCommandsOptionsAndValuesGetASuggestion() throws {
        for (arguments, hint) in [(["rnu", "x.race"], "did you mean 'run'?"), (["chekc"], "did you mean 'check'?"),
                                  (["run", "x.race", "--fromat", "json"], "did you mean '--format'?"),
                                  (["run", "x.race", "--format", "jsno"], "did you mean 'json'?"),
                                  (["--colour", "never"], "did you mean '--color'?")] {
            let outcome = try RaceProcess.run(arguments, in: folder)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertTrue(outcome.standardError.contains("hint: \(hint)"), "\(arguments): \(outcome.standardError)")
        }
    }

    func testAFileThatCannotBeReadSaysWhy() throws {
        let missing = try race("run", "Scenarios/basline-2024.race")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("cannot read 'Scenarios/basline-2024.race': no such file"), missing.standardError)
        XCTAssertTrue(missing.standardError.contains("did you mean 'Scenarios/baseline-2024.race'?"), missing.standardError)
        let folderOutcome = try race("check", "Scenarios")
        XCTAssertTrue(folderOutcome.standardError.contains("cannot read 'Scenarios': it is a directory"), folderOutcome.standardError)
        // A what-if saved beside the clone's folder that names its base as seen from Scenarios/.
        try "extends \"alliances-2025.race\"\n".write(to: folder.appendingPathComponent("whatif.race"), atomically: true, encoding: .utf8)
        let base = try race("run", "whatif.race")
        XCTAssertTrue(base.standardError.contains("there is 'Scenarios/alliances-2025.race'"), base.standardError)
    }

    func testAFileWithoutReadPermissionSaysSo() throws {
        let file = folder.appendingPathComponent("secret.race")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        chmod(folder.path, 0o755)
        let outcome: RaceProcess.Outcome
        if getuid() == 0 {
            // root reads everything: ask as nobody.
            guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { throw XCTSkip("no runuser to drop root") }
            let race = try RaceProcess.executable()
            outcome = try RaceProcess.run(program: "/usr/sbin/runuser", ["-u", "nobody", "--", race, "run", file.path], in: folder)
            if outcome.standardError.contains("Permission denied") && !outcome.standardError.contains("cannot read") {
                throw XCTSkip("nobody cannot reach the built race binary here: \(outcome.standardError)")
            }
        } else {
            outcome = try race("run", "secret.race")
        }
        XCTAssertEqual(outcome.status, 1, outcome.output)
        XCTAssertTrue(outcome.standardError.contains("permission denied"), outcome.standardError)
    }

    func testADashReadsStandardInput() throws {
        let run = try race("run", "-", "--format", "csv", input: scenario)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("A,lab,2025-06,active,400000000"), run.standardOutput)
        let check = try race("check", "-", input: "start 2025-01\nhorizon 2025-06\nlab A { cash: 3 months }\n")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.standardError.contains("<stdin>:3:"), check.standardError)
        let format = try race("fmt", "-", input: "start   2025-01;horizon 2025-06\n")
        XCTAssertEqual(format.standardOutput, "start 2025-01\nhorizon 2025-06\n")
        let both = try race("diff", "-", "-", input: scenario)
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.standardError.contains("only one of A and B can be -"), both.standardError)
    }

    func testSeriesPrintsMonthsInATableAndSaysWhyNotInCSV() throws {
        let table = try race("run", "-", "--series", input: scenario)
        XCTAssertEqual(table.status, 0, table.standardError)
        XCTAssertTrue(table.standardOutput.contains("A (active)") && table.standardOutput.contains("2025-03"), table.standardOutput)
        let csv = try race("run", "-", "--series", "--format", "csv", input: scenario)
        XCTAssertTrue(csv.standardError.contains("note: --series changes nothing here"), csv.standardError)
        let sampled = try race("run", "-", "--series", "--format", "csv", "--samples", "20", input: scenario)
        XCTAssertTrue(sampled.standardOutput.hasPrefix("entity,kind,month,"), sampled.standardOutput)
        XCTAssertEqual(sampled.standardError, "")
    }

    func testColourFollowsTheFlagNoColorAndTerm() throws {
        let bad = "start 2025-01\nhorizon 2025-06\nlab A { cash: 3 months }\n"
        try bad.write(to: folder.appendingPathComponent("bad.race"), atomically: true, encoding: .utf8)
        let escape = "\u{1B}["
        XCTAssertTrue(try race("check", "bad.race", "--color", "always").standardError.contains(escape))
        XCTAssertTrue(try race("--color=always", "check", "bad.race").standardError.contains(escape))
        XCTAssertFalse(try race("check", "bad.race").standardError.contains(escape), "no colour into a pipe")
        // On a terminal: auto colours unless NO_COLOR is non-empty or TERM is dumb.
        for (environment, coloured) in [(["NO_COLOR": ""], true), (["NO_COLOR": "1"], false), (["TERM": "dumb"], false)] {
            var base = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm-256color"]
            base.merge(environment) { $1 }
            let terminal = try PseudoTerminal(executable: try RaceProcess.executable(), arguments: ["check", "bad.race"],
                                              environment: base, currentDirectory: folder.path)
            XCTAssertEqual(terminal.waitForExit(timeout: 20), 1)
            let output = String(decoding: terminal.raw, as: UTF8.self)
            XCTAssertEqual(output.contains(escape), coloured, "\(environment): \(output.debugDescription)")
        }
    }

    func testCheckAsJSONGivesEachProblemItsSpan() throws {
        try "start 2025-01\nhorizon 2025-06\nlab A {\n  revenue: $1B + $2B/month\n}\n"
            .write(to: folder.appendingPathComponent("bad.race"), atomically: true, encoding: .utf8)
        let outcome = try race("check", "--format", "json", "bad.race", "Scenarios/stargate-slips.race", "nowhere.race")
        XCTAssertEqual(outcome.status, 1)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let files = try XCTUnwrap(document["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["file"] as? String }, ["bad.race", "Scenarios/stargate-slips.race", "nowhere.race"])
        XCTAssertEqual(files.map { $0["errors"] as? Int }, [1, 0, 1])
        let problem = try XCTUnwrap((files[0]["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(problem["severity"] as? String, "error")
        XCTAssertEqual(problem["line"] as? Int, 4)
        XCTAssertEqual(problem["column"] as? Int, 12)
        XCTAssertEqual(problem["endLine"] as? Int, 4)
        XCTAssertEqual(problem["endColumn"] as? Int, 27)
        XCTAssertTrue((problem["message"] as? String)?.contains("money") == true, "\(problem)")
        let unreadable = try XCTUnwrap((files[2]["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertTrue(unreadable["line"] is NSNull)
    }
}
