import XCTest
@testable import RaceSyntax

/// Grammar/race.ebnf and the parser describe the same language: the rules the grammar
/// defines are exactly those the parser says it implements.
final class GrammarTests: XCTestCase {
    static var grammarURL: URL { Syntax.packageRoot().appendingPathComponent("Grammar/race.ebnf") }

    /// The grammar with comments, terminals and special sequences blanked out.
    static func strippedGrammar() throws -> String {
        let text = try String(contentsOf: grammarURL, encoding: .utf8)
        var out = ""
        var characters = Array(text)[...]
        while let first = characters.first {
            if first == "(", characters.dropFirst().first == "*" {
                characters = characters.dropFirst(2)
                while !characters.isEmpty, !(characters.first == "*" && characters.dropFirst().first == ")") {
                    characters = characters.dropFirst()
                }
                characters = characters.dropFirst(2)
                out += " "
            } else if first == "\"" || first == "'" || first == "?" {
                characters = characters.dropFirst()
                while let next = characters.first, next != first { characters = characters.dropFirst() }
                characters = characters.dropFirst()
                out += " TERMINAL "
            } else {
                out.append(first)
                characters = characters.dropFirst()
            }
        }
        return out
    }

    /// Rule names in definition order, and every name used on a right-hand side.
    static func rules() throws -> (defined: [String], used: Set<String>) {
        var defined: [String] = []
        var used = Set<String>()
        for rule in try strippedGrammar().split(separator: ";") {
            let body = rule.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty { continue }
            guard let equals = body.firstIndex(of: "=") else {
                XCTFail("not a rule: \(body)")
                continue
            }
            let name = body[..<equals].trimmingCharacters(in: .whitespaces)
            XCTAssertNotNil(name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression), "bad rule name '\(name)'")
            defined.append(name)
            let words = body[body.index(after: equals)...].split { !($0.isLetter || $0 == "_" || $0.isNumber) }
            for word in words where word != "TERMINAL" { used.insert(String(word)) }
        }
        return (defined, used)
    }

    func testGrammarRulesMatchTheParsersProductions() throws {
        let (defined, _) = try Self.rules()
        let grammar = Set(defined)
        let parser = Set(Parser.productions)
        XCTAssertEqual(grammar.subtracting(parser).sorted(), [], "rules in race.ebnf that Parser.productions lacks")
        XCTAssertEqual(parser.subtracting(grammar).sorted(), [], "Parser.productions names that race.ebnf lacks")
    }

    func testEachRuleIsDefinedOnce() throws {
        let (defined, _) = try Self.rules()
        XCTAssertEqual(defined.count, Set(defined).count, "duplicates: \(Dictionary(grouping: defined) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
        XCTAssertEqual(Parser.productions.count, Set(Parser.productions).count)
    }

    func testEveryUsedRuleIsDefinedAndEveryRuleIsReachable() throws {
        let (defined, used) = try Self.rules()
        XCTAssertEqual(used.subtracting(defined).sorted(), [], "used but not defined")
        // `file` and `query` (a REPL line) are the start symbols; `comment` is layout,
        // described but not referenced.
        XCTAssertEqual(Set(defined).subtracting(used).sorted(), ["comment", "file", "query"])
    }

    func testGrammarListsTheSameKeywords() throws {
        let text = try String(contentsOf: Self.grammarURL, encoding: .utf8)
        guard let start = text.range(of: "keyword = "), let end = text[start.upperBound...].range(of: ";") else {
            return XCTFail("no keyword rule")
        }
        let words = text[start.upperBound..<end.lowerBound].split(separator: "|").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        XCTAssertEqual(Set(words), Keywords.all)
    }
}
