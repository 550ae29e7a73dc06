import Foundation
import FoundationXML
import XCTest

/// `race plot`, `race report`, `race diff --format html` and `:plot` as a user runs them.
final class ChartCommandTests: XCTestCase {
    static var repository: URL { ShippedScenarioTests.scenariosFolder.deletingLastPathComponent() }

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("race-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func isWellFormedXML(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse() && parser.parserError == nil
    }

    func testPlotFitsA80x24PipeWithoutColour() throws {
        let run = try RaceProcess.run(["plot", "Scenarios/alliances-2025.race", "cash"], in: Self.repository,
                                      environment: ["COLUMNS": "80", "LINES": "24", "NO_COLOR": ""])
        XCTAssertEqual(run.status, 0, run.standardError)
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertLessThanOrEqual(lines.count, 23, "one row stays for the prompt")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 })
        XCTAssertFalse(run.standardOutput.contains("\u{1B}"), "no colour in a pipe")
        XCTAssertTrue(run.standardOutput.hasPrefix("cash — log scale"))
        for lab in ["OpenAI", "Anthropic", "xAI", "Mistral", "SSI", "GoogleDeepMind"] {
            XCTAssertTrue(run.standardOutput.contains(lab), lab)
        }
    }

    /// Colour as `--color` defines it: on a terminal unless NO_COLOR is set to something or
    /// TERM is dumb; `--color never` (before or after the command) turns it off, `--color
    /// always` turns it on in a pipe too.
    func testPlotOnATerminalIsColouredAsColorSays() throws {
        let binary = try RaceProcess.executable()
        let plot = ["plot", "Scenarios/alliances-2025.race", "cash,compute"]
        let cases: [(arguments: [String], noColor: String, term: String, coloured: Bool)] = [
            (plot, "", "xterm-256color", true),
            (plot, "1", "xterm-256color", false),
            (plot, "", "dumb", false),
            (plot + ["--color", "never"], "", "xterm-256color", false),
            (["--color", "never"] + plot, "", "xterm-256color", false),
        ]
        for (arguments, noColor, term, coloured) in cases {
            let terminal = try PseudoTerminal(executable: binary, arguments: arguments,
                                              environment: ["PATH": "/usr/bin:/bin", "NO_COLOR": noColor, "TERM": term],
                                              currentDirectory: Self.repository.path, rows: 50, columns: 200)
            XCTAssertEqual(terminal.waitForExit(timeout: 30), 0)
            let output = String(decoding: terminal.raw, as: UTF8.self)
            XCTAssertEqual(output.contains("\u{1B}[0;38;5;"), coloured, "\(arguments) NO_COLOR='\(noColor)' TERM=\(term)")
            // "\r\n" is one Character in Swift: make the terminal's line ends plain first.
            let lines = PseudoTerminal.stripANSI(output).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            XCTAssertLessThanOrEqual(lines.count, 49)
            XCTAssertTrue(lines.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).count <= 200 })
            XCTAssertTrue(output.contains("compute"))
        }
        let piped = try RaceProcess.run(plot + ["--color", "always"], in: Self.repository)
        XCTAssertEqual(piped.status, 0, piped.standardError)
        XCTAssertTrue(piped.standardOutput.contains("\u{1B}[0;38;5;"), "--color always colours a pipe too")
    }

    func testPlotWritesSVG() throws {
        let folder = try scratch()
        let path = folder.appendingPathComponent("cash.svg").path
        let run = try RaceProcess.run(["plot", "Scenarios/funding-winter-2026.race", "cash,runway", "--entities", "OpenAI,Anthropic",
                                       "--from", "2025-06", "--to", "2027-12", "--format", "svg", "-o", path], in: Self.repository)
        XCTAssertEqual(run.status, 0, run.standardError)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(isWellFormedXML(svg))
        XCTAssertTrue(svg.contains(">OpenAI</text>"))
        XCTAssertFalse(svg.contains(">xAI</text>"), "only the entities asked for")
        XCTAssertTrue(svg.contains(">2025-07<") || svg.contains(">2026<"), "the months asked for")
    }

    func testPlotUnderSamplesDrawsFans() throws {
        let run = try RaceProcess.run(["plot", "Scenarios/funding-winter-2026.race", "cash", "--samples", "40", "--format", "svg"],
                                      in: Self.repository, timeout: 120)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("class=\"band\""))
        XCTAssertTrue(run.standardOutput.contains("40 samples"))
    }

    func testPlotErrorsAreClear() throws {
        let cases: [([String], Int32, String)] = [
            (["plot", "Scenarios/alliances-2025.race", "cashh"], 2, "'cashh' is not a field; fields are"),
            (["plot", "Scenarios/alliances-2025.race", "cashh"], 2, "hint: did you mean 'cash'?"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "--entities", "OpenA"], 2, "hint: did you mean 'OpenAI'?"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "--entities", "OpenA"], 2, "no entity named 'OpenA'"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "--from", "2025-13"], 2, "--from takes a month written YYYY-MM"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "--to", "2031-01"], 2, "--to 2031-01 is outside the run (2024-12..2028-12)"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "--format", "png"], 2, "--format takes text or svg"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "-o", "/no/such/folder/x.svg"], 2, "the folder /no/such/folder/ does not exist"),
            (["plot", "Scenarios/alliances-2025.race", "cash", "-o", "Scenarios"], 2, "is a folder"),
            (["plot", "Scenarios/missing.race", "cash"], 1, "missing.race"),
            (["plot", "Scenarios/alliances-2025.race"], 2, "missing argument FIELD"),
            (["report", "Scenarios/alliances-2025.race", "-x"], 2, "unknown option '-x'"),
        ]
        for (arguments, status, message) in cases {
            let run = try RaceProcess.run(arguments, in: Self.repository)
            XCTAssertTrue(run.endedCleanly, "\(arguments)")
            XCTAssertEqual(run.status, status, "\(arguments): \(run.output)")
            XCTAssertTrue(run.standardError.contains(message), "\(arguments): \(run.standardError)")
        }
    }

    func testAReportOfEveryShippedScenario() throws {
        let folder = try scratch()
        for scenario in ShippedScenarioTests.scenarios {
            let path = folder.appendingPathComponent(scenario + ".html").path
            let run = try RaceProcess.run(["report", "Scenarios/" + scenario, "-o", path], in: Self.repository, timeout: 60)
            XCTAssertEqual(run.status, 0, "\(scenario): \(run.output)")
            let html = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(isWellFormedXML(html), scenario)
            XCTAssertFalse(html.lowercased().contains("http"), "\(scenario): nothing from the network")
            XCTAssertTrue(html.contains("Assumptions and their sources"), scenario)
            XCTAssertTrue(html.contains("press:") || html.contains("seed 0") || html.contains("assumption:"), "\(scenario) cites sources")
        }
    }

    func testASampledReportAndAnHTMLDiff() throws {
        let report = try RaceProcess.run(["report", "Scenarios/funding-winter-2026.race", "--samples", "60"], in: Self.repository,
                                         timeout: 120)
        XCTAssertEqual(report.status, 0, report.standardError)
        XCTAssertTrue(isWellFormedXML(report.standardOutput))
        XCTAssertTrue(report.standardOutput.contains("60 samples (seed 0)"))
        XCTAssertTrue(report.standardOutput.contains("class=\"band\""))
        let diff = try RaceProcess.run(["diff", "Scenarios/alliances-2025.race", "Scenarios/stargate-slips.race", "--format", "html"],
                                       in: Self.repository, timeout: 60)
        XCTAssertEqual(diff.status, 0, diff.standardError)
        XCTAssertTrue(isWellFormedXML(diff.standardOutput))
        XCTAssertTrue(diff.standardOutput.contains("Which assumption did how much"))
        XCTAssertFalse(diff.standardOutput.lowercased().contains("http"))
    }

    /// The report as a browser draws it: headless Chromium when it is installed (CI installs it).
    func testChromiumRendersAReport() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("Chromium is not installed")
        }
        let folder = try scratch()
        let html = folder.appendingPathComponent("report.html"), png = folder.appendingPathComponent("report.png")
        let run = try RaceProcess.run(["report", "Scenarios/funding-winter-2026.race", "-o", html.path], in: Self.repository)
        XCTAssertEqual(run.status, 0, run.standardError)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: chromium)
        browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,900",
                             "--screenshot=\(png.path)", html.absoluteString]
        browser.standardOutput = FileHandle.nullDevice
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        let started = Date()
        while browser.isRunning && Date().timeIntervalSince(started) < 90 { usleep(50_000) }
        if browser.isRunning { browser.terminate() }
        browser.waitUntilExit()
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertGreaterThan(bytes.count, 20_000, "a page with charts, not a blank one")
    }

    func testPlotInTheREPLOnATerminal() throws {
        let terminal = try PseudoTerminal(executable: try RaceProcess.executable(), environment: [
            "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": try scratch().path, "NO_COLOR": "1",
        ], currentDirectory: Self.repository.path, rows: 24, columns: 80)
        XCTAssertTrue(terminal.waitFor("race> "))
        terminal.send(":load Scenarios/alliances-2025.race\r")
        XCTAssertTrue(terminal.waitFor("race> "))
        terminal.send(":goto 2026-06\r")
        XCTAssertTrue(terminal.waitFor("race> "))
        terminal.send(":pl\t OpenAI.cash, Anthropic.cash\r")
        XCTAssertTrue(terminal.waitFor("● OpenAI.cash"), PseudoTerminal.stripANSI(String(decoding: terminal.raw, as: UTF8.self)))
        XCTAssertTrue(terminal.waitFor("race> "))
        terminal.send(control: "D")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }
}
