import Foundation
import RaceSyntax
import XCTest

/// `editors/vim` as Vim itself applies it (CI installs vim): every token of the shipped
/// scenarios and conformance files is in the syntax group of its kind, `*.race` is detected,
/// and every keyword of the language is in a keyword group.
final class VimSyntaxTests: XCTestCase {
    static let vimFolder = EditorGrammarTests.editors.appendingPathComponent("vim")
    static let keywordGroups: Set<String> = ["raceDeclaration", "raceControl", "raceAction", "raceOperatorWord", "raceBoolean",
                                             "raceKeyword"]
    static let groups: [EditorGrammarTests.Kind: Set<String>] = [
        .keyword: keywordGroups, .number: ["raceNumber", "raceMoney"], .date: ["raceDate"],
        .string: ["raceString", "raceEscape"], .comment: ["raceComment"],
    ]

    /// Asks Vim for the syntax group of every byte of `file`: one list per line.
    static func vimGroups(of file: URL) throws -> [[String]] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("race-vim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("groups.txt"), script = scratch.appendingPathComponent("dump.vim")
        try """
            let s:out = [&filetype]
            for s:l in range(1, line('$'))
              let s:names = []
              for s:c in range(1, col([s:l, '$']) - 1)
                call add(s:names, synIDattr(synID(s:l, s:c, 1), 'name'))
              endfor
              call add(s:out, join(s:names, ','))
            endfor
            call writefile(s:out, '\(output.path)')
            qa!
            """.write(to: script, atomically: true, encoding: .utf8)
        let outcome = try RaceProcess.run(program: try vim(), [
            "-es", "-u", "NONE", "-i", "NONE", "-N", "--cmd", "set rtp^=\(vimFolder.path)",
            "-c", "filetype on", "-c", "syntax on", "-c", "edit \(file.path)", "-c", "source \(script.path)",
        ], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "race", "\(file.lastPathComponent) is not detected as race")
        return lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func vim() throws -> String {
        for path in ["/usr/bin/vim", "/usr/local/bin/vim", "/bin/vim"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw XCTSkip("vim is not installed (CI installs it: .ci/run)")
    }

    func testVimHighlightsEveryTokenOfTheShippedScenarios() throws {
        var checked = 0
        for file in try EditorGrammarTests.scenarioFiles() {
            let groups = try Self.vimGroups(of: file)
            let (_, tokens) = try EditorGrammarTests.tokens(of: file)
            for token in tokens {
                let line = token.line < groups.count ? groups[token.line] : []
                let seen = token.bytes.map { $0 < line.count ? line[$0] : "" }
                let place = "\(file.lastPathComponent):\(token.line + 1): '\(token.text)'"
                if token.kind == .identifier {
                    XCTAssertTrue(Self.keywordGroups.isDisjoint(with: seen), "\(place) is an identifier but Vim shows \(seen)")
                } else {
                    let allowed = Self.groups[token.kind]!
                    XCTAssertTrue(seen.allSatisfy(allowed.contains), "\(place) (\(token.kind)) is in \(Set(seen))")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    func testEveryKeywordOfTheLanguageIsInAVimKeywordGroup() throws {
        let syntax = try String(contentsOf: Self.vimFolder.appendingPathComponent("syntax/race.vim"), encoding: .utf8)
        var keywords: Set<String> = []
        for line in syntax.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.count > 2, words[0] == "syn", words[1] == "keyword", Self.keywordGroups.contains(words[2]) {
                keywords.formUnion(words.dropFirst(3))
            }
            if words.count > 3, words[0] == "hi", words[2] == "link" { XCTAssertTrue(words[3].hasPrefix("race")) }
        }
        let missing = Keyword.allCases.map(\.rawValue).filter { !keywords.contains($0) }
        XCTAssertEqual(missing, [], "keywords with no Vim group")
    }
}
