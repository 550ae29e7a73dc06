import Foundation
import XCTest

/// `race completions bash|zsh|fish`: each script loads in its shell and completes commands,
/// options, option values and scenario files as the shell's own completion machinery runs
/// it (CI installs zsh and fish; a shell that is missing here is skipped).
final class ShellCompletionTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try DocumentationTests.cloneLikeFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The cases every shell must complete: the line typed so far, and words that must be offered.
    static let cases: [(line: String, offered: [String])] = [
        ("race ru", ["run"]),
        ("race run --fo", ["--format"]),
        ("race run --format ", ["table", "csv", "json"]),
        ("race run Scenarios/base", ["Scenarios/baseline-2024.race"]),
        ("race completions ", ["bash", "zsh", "fish"]),
        ("race --color ne", ["never"]),
        ("race diff --sa", ["--samples"]),
        ("race fmt --ch", ["--check"]),
        ("race check --format ", ["text", "json"]),
        ("race pl", ["plot"]),
        ("race rep", ["report"]),
        ("race plot --fo", ["--format"]),
        ("race plot --format ", ["text", "svg"]),
        ("race plot Scenarios/alli", ["Scenarios/alliances-2025.race"]),
        ("race plot Scenarios/alliances-2025.race ca", ["cash"]),
        ("race plot --samples 100 Scenarios/alliances-2025.race run", ["runway"]),
        ("race report --ou", ["--output"]),
        ("race diff --format ", ["html"]),
        ("race diff --fields cash,run", ["cash,runway"]),
    ]

    private func script(_ shell: String) throws -> URL {
        let outcome = try RaceProcess.run(["completions", shell], in: folder)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.standardOutput.contains("race completions \(shell)"), "the script says how it was made")
        let url = folder.appendingPathComponent(shell == "zsh" ? "_race" : "race.\(shell)")
        try outcome.standardOutput.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private static func shell(_ name: String) throws -> String {
        for path in ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw XCTSkip("\(name) is not installed (CI installs it: .ci/run)")
    }

    private func assertOffers(_ shell: String, _ complete: (String) throws -> [String]) throws {
        for (line, offered) in Self.cases {
            let candidates = try complete(line)
            for word in offered { XCTAssertTrue(candidates.contains(word), "\(shell): '\(line)' offers \(candidates), not \(word)") }
        }
    }

    func testBashCompletesCommandsOptionsValuesAndFiles() throws {
        let bash = try Self.shell("bash")
        let script = try script("bash")
        try assertOffers("bash") { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: " ")
            let program = "source '\(script.path)'; COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _race; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\""
            let outcome = try RaceProcess.run(program: bash, ["-c", program], in: folder)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            return outcome.standardOutput.split(separator: "\n").map(String.init)
        }
    }

    func testFishCompletesCommandsOptionsValuesAndFiles() throws {
        let fish = try Self.shell("fish")
        let script = try script("fish")
        try assertOffers("fish") { line in
            let outcome = try RaceProcess.run(program: fish, ["-c", "source '\(script.path)'; complete -C '\(line)'"], in: folder)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            return outcome.standardOutput.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
    }

    /// zsh completes only in its line editor: the line is typed, with TAB, into an interactive
    /// zsh on a pseudo-terminal (zsh's zpty module), with `compadd` wrapped to note each offer.
    func testZshCompletesCommandsOptionsValuesAndFiles() throws {
        let zsh = try Self.shell("zsh")
        _ = try script("zsh")
        let capture = folder.appendingPathComponent("capture.zsh")
        try """
            zmodload zsh/zpty || exit 2
            zpty z zsh -f -i
            zpty -w z "PROMPT='>'; fpath=($1 \\$fpath); autoload -U compinit; compinit -u -D"
            zpty -w z "compadd () { builtin compadd -O __hits \\"\\$@\\"; print -l -- \\"\\${__hits[@]}\\" >> $2; builtin compadd \\"\\$@\\" }"
            zpty -w z "print -n > $2.ready"
            for i in {1..200}; do [[ -e $2.ready ]] && break; sleep 0.05; done
            zpty -w z "$3"$'\\t'
            for i in {1..200}; do [[ -s $2 ]] && break; sleep 0.05; done
            sleep 0.3
            zpty -d z
            """.write(to: capture, atomically: true, encoding: .utf8)
        var count = 0
        try assertOffers("zsh") { line in
            count += 1
            let hits = folder.appendingPathComponent("hits-\(count)")
            let outcome = try RaceProcess.run(program: zsh, [capture.path, folder.path, hits.path, line], in: folder)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            let offered = (try? String(contentsOf: hits, encoding: .utf8)) ?? ""
            // zsh offers a path's last part (`Scenarios/base` completes to `baseline-2024.race`)
            // and a list's last word (`cash,run` to `runway`).
            let word = line.split(separator: " ").last.map(String.init) ?? ""
            let listed = word.lastIndex(of: ",").map { String(word[...$0]) } ?? ""
            return offered.split(separator: "\n").map(String.init).flatMap { [$0, "Scenarios/" + $0, listed + $0] }
        }
    }

    func testAnUnknownShellIsAUsageErrorWithASuggestion() throws {
        let outcome = try RaceProcess.run(["completions", "bsh"], in: folder)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.standardError.contains("hint: did you mean 'bash'?"), outcome.standardError)
    }
}
