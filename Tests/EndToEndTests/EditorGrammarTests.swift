import Foundation
import RaceSyntax
import XCTest

/// The editor grammars under `editors/` highlight what race's own lexer sees in the shipped
/// scenarios and the conformance files: every keyword, number, amount, date, string and
/// comment gets its kind of scope, no identifier is taken for a keyword, and every keyword of
/// the language is known to both grammars.
final class EditorGrammarTests: XCTestCase {
    static let editors = Documentation.packageFolder.appendingPathComponent("editors")
    static let textMate = editors.appendingPathComponent("vscode/syntaxes/race.tmLanguage.json")

    /// What a token is, for highlighting.
    enum Kind: CaseIterable {
        case keyword, number, date, string, comment, identifier
    }

    /// A token of a file: its kind, its line (from 0) and its bytes within that line.
    struct LexedToken {
        let kind: Kind
        let line: Int
        let bytes: Range<Int>
        let text: String
    }

    static func scenarioFiles() throws -> [URL] {
        let scenarios = try FileManager.default.contentsOfDirectory(
            at: Documentation.packageFolder.appendingPathComponent("Scenarios"), includingPropertiesForKeys: nil)
        let conformance = FileManager.default.enumerator(at: try ConformanceCases.folder(), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { !$0.path.contains("/errors/") } ?? []
        return (scenarios + conformance).filter { $0.pathExtension == "race" }.sorted { $0.path < $1.path }
    }

    static func tokens(of url: URL) throws -> (lines: [String], tokens: [LexedToken]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let source = SourceFile(name: url.lastPathComponent, text: text)
        var lexer = Lexer(source, keepingComments: true)
        let (tokens, _) = lexer.tokenize()
        var lineStarts = [0]
        for (offset, byte) in source.bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        func lexed(_ token: Token, _ kind: Kind) -> LexedToken {
            let line = (lineStarts.lastIndex { $0 <= token.start } ?? 0)
            return LexedToken(kind: kind, line: line, bytes: (token.start - lineStarts[line])..<(token.end - lineStarts[line]),
                              text: source.text(from: token.start, to: token.end))
        }
        let kinds: [LexedToken] = (tokens + lexer.comments).compactMap { token in
            switch token.kind {
            case .keyword: return lexed(token, .keyword)
            case .number, .money: return lexed(token, .number)
            case .date: return lexed(token, .date)
            case .string: return lexed(token, .string)
            case .comment: return lexed(token, .comment)
            case .identifier: return lexed(token, .identifier)
            default: return nil
            }
        }
        return (text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), kinds)
    }

    // MARK: - TextMate (VS Code, Sublime, GitHub-style highlighters)

    /// The scope prefixes a token of each kind may get; an identifier must get none of
    /// `forbiddenForIdentifiers`.
    static let textMateScopes: [Kind: [String]] = [
        .keyword: ["keyword.", "constant.language."], .number: ["constant.numeric"], .date: ["constant.numeric.date"],
        .string: ["string."], .comment: ["comment."], .identifier: [],
    ]
    static let forbiddenForIdentifiers = ["keyword.", "constant."]

    func testTheTextMateGrammarScopesEveryTokenOfTheShippedScenarios() throws {
        let grammar = try TextMateMatcher(contentsOf: Self.textMate)
        XCTAssertEqual(grammar.scopeName, "source.race")
        var checked: [Kind: Int] = [:]
        for file in try Self.scenarioFiles() {
            let (lines, tokens) = try Self.tokens(of: file)
            let scoped = lines.map(grammar.scopes)
            for token in tokens {
                let line = lines[token.line]
                let range = Self.utf16Range(token.bytes, in: line)
                let covering = scoped[token.line].filter {
                    $0.range.location <= range.location && range.upperBound <= $0.range.upperBound
                }
                let place = "\(file.lastPathComponent):\(token.line + 1): '\(token.text)'"
                if token.kind == .identifier {
                    let wrong = scoped[token.line].first { NSIntersectionRange($0.range, range).length > 0
                        && Self.forbiddenForIdentifiers.contains(where: $0.scope.hasPrefix) }
                    XCTAssertNil(wrong, "\(place) is an identifier but is scoped \(wrong?.scope ?? "")")
                } else {
                    let prefixes = Self.textMateScopes[token.kind]!
                    let exact = [.keyword, .number, .date].contains(token.kind)
                    let good = covering.contains { scope in
                        prefixes.contains(where: scope.scope.hasPrefix) && (!exact || scope.range == range)
                    }
                    XCTAssertTrue(good, "\(place) (\(token.kind)) is scoped \(covering.map(\.scope))")
                }
                checked[token.kind, default: 0] += 1
            }
        }
        for kind in Kind.allCases { XCTAssertGreaterThan(checked[kind] ?? 0, 0, "no \(kind) was checked") }
    }

    func testTheTextMateGrammarScopesEveryKeywordOfTheLanguage() throws {
        let grammar = try TextMateMatcher(contentsOf: Self.textMate)
        for keyword in Keyword.allCases {
            let scopes = grammar.scopes(of: "x \(keyword.rawValue) y")
            let scope = scopes.first { $0.range == NSRange(location: 2, length: keyword.rawValue.utf16.count) }?.scope ?? "none"
            XCTAssertTrue(scope.hasPrefix("keyword.") || scope.hasPrefix("constant.language."),
                          "keyword '\(keyword.rawValue)' is scoped \(scope)")
        }
    }

    func testTheSublimeGrammarIsTheTextMateGrammarAsAPropertyList() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.textMate))
        let plist = try PropertyListSerialization.data(fromPropertyList: json, format: .xml, options: 0)
        let file = Self.editors.appendingPathComponent("sublime/race.tmLanguage")
        if ProcessInfo.processInfo.environment["RACE_UPDATE_GRAMMAR"] == "1" { try plist.write(to: file) }
        let written = try PropertyListSerialization.propertyList(from: Data(contentsOf: file), format: nil)
        XCTAssertEqual(written as? NSDictionary, json as? NSDictionary,
                       "editors/sublime/race.tmLanguage is out of date: RACE_UPDATE_GRAMMAR=1 swift test --filter EditorGrammarTests")
    }

    static func utf16Range(_ bytes: Range<Int>, in line: String) -> NSRange {
        let utf8 = line.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let end = utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)
        return NSRange(start..<end, in: line)
    }
}
