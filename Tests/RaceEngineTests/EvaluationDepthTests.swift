import RaceModel
import RaceReport
import XCTest
@testable import RaceEngine

/// How deep formulas may read formulas: chains of params of any length, chains of lets up
/// to `RunProblem.formulaDepthLimit`, and a located error past it (found by race-fuzz:
/// 48 chained lets were called a loop, 49 params declared last-first "not a number").
final class EvaluationDepthTests: XCTestCase {
    static let base = "start 2025-01\nhorizon 2025-03\n"

    func testAChainOfParamsDeclaredLastFirstRunsWhateverItsLength() throws {
        for length in [49, 300, 2000] {
            var text = Self.base
            for i in stride(from: length - 1, to: 0, by: -1) { text += "param p\(i) = p\(i - 1) + 1\n" }
            text += "param p0 = 1\nlab A { cash: $1B * p\(length - 1) }\n"
            let result = try Engine.run(text)
            XCTAssertEqual(result.value(.cash, entity: 0, step: 0), 1e9 * Double(length), "\(length) params")
        }
    }

    func testAChainOfLetsRunsUpToTheLimitAndPastItStopsWithALocatedError() throws {
        func chain(_ length: Int) -> String {
            var text = Self.base + "lab A { cash: $1B }\nlet f0 = 1\n"
            for i in 1..<length { text += "let f\(i) = f\(i - 1) + 1\n" }
            return text + "expect f\(length - 1) > 0 at 2025-02\n"
        }
        let within = try Engine.run(chain(RunProblem.formulaDepthLimit - 1))
        XCTAssertEqual(within.expectations.map(\.passed), [true])

        let past = RunProblem.formulaDepthLimit + 40
        let error = try Engine.runError(chain(past))
        XCTAssertTrue(error.message.contains("more than \(RunProblem.formulaDepthLimit) deep"), error.message)
        XCTAssertEqual(error.span?.location.line, 3 + past + 1, "the expectation's line")
    }

    func testADistributionWhoseBoundsAreNotFiniteIsALocatedError() throws {
        let error = try Engine.runError(Self.base + """
            param g = -1e308 * 10/year to 50%/year
            lab A { cash: $1B, revenue: $1M/month growing g }
            """)
        XCTAssertTrue(error.message.contains("bounds"), error.message)
        XCTAssertEqual(error.span?.location.line, 3)
    }
}
