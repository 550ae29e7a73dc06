import XCTest
@testable import RaceSyntax

/// A chain such as `1 + 1 + … + 1` is parsed by a loop, but its tree is one level deeper per
/// operator. The parser holds every tree to the nesting limit, so neither checking nor the
/// release of the tree recurses deeper than that, however long the line (issue 13, item 2).
final class LongChainTests: XCTestCase {
    private let limit = SyntaxParser.maximumDepth

    /// The greatest height of any expression in the statements (fields, values, conditions).
    private func heights(_ text: String) -> (maximum: Int, messages: [String]) {
        let parsed = Syntax.parse(text)
        var maximum = 0
        for statement in parsed.statements {
            switch statement.kind {
            case .param(_, let value), .formula(_, _, let value), .runLength(let value), .delay(_, let value):
                maximum = max(maximum, value.height)
            case .expect(let condition, _):
                maximum = max(maximum, condition.height)
            default:
                break
            }
        }
        return (maximum, parsed.diagnostics.map(\.message))
    }

    func testAChainAtTheLimitParsesAndOneTermMoreIsTooDeep() {
        let fits = "let x = " + Array(repeating: "1", count: limit).joined(separator: " + ")
        XCTAssertEqual(heights(fits).maximum, limit)
        XCTAssertEqual(heights(fits).messages, [])
        let over = "let x = " + Array(repeating: "1", count: limit + 1).joined(separator: " + ")
        XCTAssertEqual(heights(over).messages, ["expression is nested too deeply (more than \(limit) levels)"])
    }

    func testTheErrorPointsAtTheOperatorThatCrossedTheLimit() throws {
        let text = "let x = " + Array(repeating: "1", count: limit + 5).joined(separator: "+")
        let diagnostic = try XCTUnwrap(Syntax.parse(text).diagnostics.first)
        // Terms are 2 characters apart ("1+"); the 256th '+' makes the tree 257 levels high.
        XCTAssertEqual(diagnostic.span?.location.column, "let x = ".count + 2 * limit)
    }

    /// 200,000 terms of every chaining operator, and member chains: each gives the nesting
    /// error (and the process survives releasing whatever was built).
    func testVeryLongChainsOfEveryKindAreTooDeepNotACrash() {
        let terms = 200_000
        let chains = [
            Array(repeating: "1", count: terms).joined(separator: "+"),
            Array(repeating: "x", count: terms).joined(separator: " * "),
            Array(repeating: "$1B", count: terms).joined(separator: " - "),
            Array(repeating: "2", count: terms).joined(separator: "/"),
            Array(repeating: "a", count: terms).joined(separator: " and "),
            Array(repeating: "a", count: terms).joined(separator: " or "),
            "A" + String(repeating: ".cash", count: terms),
            "A" + String(repeating: ".stake(B)", count: terms),
        ]
        for chain in chains {
            let (maximum, messages) = heights("start 2025-01\nhorizon 2025-12\nlet x = \(chain)\nparam y = 1")
            XCTAssertEqual(messages, ["expression is nested too deeply (more than \(limit) levels)"], String(chain.prefix(20)))
            XCTAssertLessThanOrEqual(maximum, limit)
        }
    }

    /// Nesting and chains combined (signs on a chain, a chain in every parenthesis, a chain
    /// as an exponent) never leave a tree higher than the limit.
    func testMixedNestingAndChainsStayWithinTheLimit() {
        let chain = Array(repeating: "1", count: 200).joined(separator: "+")
        let texts = [
            "param x = " + String(repeating: "-", count: 200) + "(\(chain))",
            "param x = " + String(repeating: "(\(chain) + ", count: 100) + "1" + String(repeating: ")", count: 100),
            "param x = 2 ^ (\(chain)) ^ (\(chain))",
            "param x = not (a.b.c.d) and " + String(repeating: "not ", count: 150) + "(\(chain) > 1)",
            "param x = sqrt(" + String(repeating: "min(1, ", count: 100) + chain + String(repeating: ")", count: 101),
            "param x = " + String(repeating: "if a then 1 else ", count: 200) + chain,
        ]
        for text in texts {
            XCTAssertLessThanOrEqual(heights(text).maximum, limit, String(text.prefix(40)))
        }
    }

    func testLoneExpressionsAreHeldToTheLimitToo() {
        let (expression, diagnostics, _) = Parser.parseExpression(
            Syntax.source(Array(repeating: "OpenAI.cash", count: 90_000).joined(separator: " + ")))
        XCTAssertNil(expression)
        XCTAssertEqual(diagnostics.map(\.message), ["expression is nested too deeply (more than \(limit) levels)"])
    }
}
