import XCTest
import RaceSyntax
@testable import RaceModel

/// Params and formulas that use each other (issue 13, item 1): cycles are located errors
/// found before anything recurses, long chains check in any order, and a redeclared param
/// may build on its earlier value.
final class ParamDependencyTests: XCTestCase {
    func testAParamUsingItselfIsALocatedCycleWhateverTheExpression() throws {
        for value in ["p", "p * 2", "-p", "sqrt(p)", "p to 2", "1 + p", "normal(p, 1)", "(if p > 1 then 2 else p)"] {
            let text = header + "param p = \(value)\n"
            let outcome = checkSource(text)
            let error = assertError(outcome, mentioning: "parameters form a cycle: p → p", line: 3,
                                    hint: "only to build on an earlier value")
            let column = "param p = ".count + 1 + (value.range(of: "p").map { value.distance(from: value.startIndex, to: $0.lowerBound) } ?? 0)
            XCTAssertEqual(error?.span?.location.column, column, value)
            XCTAssertEqual(outcome.errors.count, 1, "\(value): \(outcome.errors.map(\.message))")
        }
    }

    func testTwoAndThreeParamCyclesNameTheirPathOnce() {
        let two = checkSource(header + "param a = b + 1\nparam b = a * 2\n")
        assertError(two, mentioning: "parameters form a cycle: a → b → a", line: 3)
        XCTAssertEqual(two.errors.count, 1)
        let three = checkSource(header + "param x = 1\nparam a = b\nparam b = c * x\nparam c = sqrt(a)\nparam d = a + 1\n")
        assertError(three, mentioning: "parameters form a cycle: a → b → c → a", line: 4)
        XCTAssertEqual(three.errors.count, 1, "a param using a cycle adds no error of its own: \(three.errors.map(\.message))")
    }

    func testARedeclaredParamBuildsOnItsEarlierValue() throws {
        let model = try checkedModel(header + """
            param p = 5%/month
            param q = p + 1%/month
            param p = p * 2
            """)
        let p = try XCTUnwrap(model.paramIndex(named: "p")), q = try XCTUnwrap(model.paramIndex(named: "q"))
        XCTAssertEqual(staticValue(.param(p), in: model)!, 0.10, accuracy: 1e-12)
        XCTAssertEqual(staticValue(.param(q), in: model)!, 0.11, accuracy: 1e-12, "other params see the new value")
        XCTAssertEqual(model.params.count, 2)
        XCTAssertEqual(model.params[p].text, "p * 2")
    }

    func testEachRedeclarationBuildsOnTheOneBefore() throws {
        let model = try checkedModel(header + "param p = 1\nparam p = p + 1\nparam p = p * 10\n")
        XCTAssertEqual(staticValue(.param(0), in: model), 20)
    }

    func testTheRatePeriodOfTheEarlierValueCarriesOver() throws {
        let model = try checkedModel(header + "param g = 20%/year\nparam g = g * 2\n")
        XCTAssertEqual(model.params[0].ratePeriod, 12)
        XCTAssertEqual(staticValue(.param(0), in: model)!, 0.4 / 12, accuracy: 1e-15)
    }

    func testAnOverrideMayUseTheValueItOverrides() throws {
        let text = header + "param growth = 3%/month\n"
        let same = checkSource(text, overrides: [("growth", "growth")])
        XCTAssertEqual(same.errors.map(\.message), [])
        XCTAssertEqual(staticValue(.param(0), in: try XCTUnwrap(same.model))!, 0.03, accuracy: 1e-15)
        let doubled = checkSource(text, overrides: [("growth", "growth * 2")])
        XCTAssertEqual(staticValue(.param(0), in: try XCTUnwrap(doubled.model))!, 0.06, accuracy: 1e-15)
    }

    func testAReplacedValueThatWouldCloseACycleIsACycle() {
        // q uses the final p, which uses q.
        let outcome = checkSource(header + "param p = 1\nparam q = p + 1\nparam p = q * 2\n")
        assertError(outcome, mentioning: "parameters form a cycle: p → q → p")
    }

    func testAValueReplacedWithoutBeingUsedIsNotChecked() {
        XCTAssertEqual(checkSource(header + "param p = p * 2\nparam p = 3\n").errors.map(\.message), [])
    }

    func testADistributionKeepsItsKeyWhenTheParamBuildsOnIt() throws {
        let model = try checkedModel(header + "param p = 1 to 2\nparam p = p * 2 + normal(0, 1)\n")
        var keys: [String] = []
        collectDistributionKeys(model.params[0].value, into: &keys)
        XCTAssertEqual(keys.sorted(), ["param:p#0", "param:p#1"])
    }

    func testBuildingOnItselfWithoutEndIsAnErrorNotAnExplosion() {
        let text = header + "param p = 2\n" + String(repeating: "param p = p * p\n", count: 40)
        assertError(checkSource(text), mentioning: "'p' builds on its earlier values too many times")
    }

    /// A chain of 100,000 params declared last-first: nothing recurses from one to the next,
    /// so it checks, with the right value at the end.
    func testALongChainOfParamsInAnyOrderChecks() throws {
        let count = 100_000
        var text = header
        for i in stride(from: count - 1, to: 0, by: -1) { text += "param p\(i) = p\(i - 1) + 1\n" }
        text += "param p0 = 0\n"
        let model = try checkedModel(text)
        let last = try XCTUnwrap(model.paramIndex(named: "p\(count - 1)"))
        XCTAssertEqual(staticValue(.param(last), in: model), Double(count - 1))
        XCTAssertEqual(model.paramOrder.count, count)
    }

    func testALongCycleIsACycleNotADeepRecursion() {
        let count = 100_000
        var text = header
        for i in 0..<count { text += "param p\(i) = p\((i + 1) % count) * 2\n" }
        let outcome = checkSource(text)
        XCTAssertEqual(outcome.errors.map(\.message),
                       ["parameters form a cycle: p0 → p1 → p2 → p3 → p4 → p5 → p6 → … 99991 more … → p99998 → p99999 → p0"])
    }

    func testALongChainOfFormulasInAnyOrderChecks() throws {
        var text = header
        for i in stride(from: 20_000, to: 0, by: -1) { text += "let f\(i) = f\(i - 1) + 1\n" }
        text += "let f0 = 1\n"
        XCTAssertEqual(try checkedModel(text).formulas.count, 20_001)
    }

    func testFormulaCyclesThroughEveryKindOfUse() {
        assertError(checkSource(header + "lab A\nlet s(L) = L.t\nlet t(L) = total(s) + A.cash\n"),
                    mentioning: "formulas form a cycle: s → t → s", line: 4)
        assertError(checkSource(header + "lab A\nlet s(L) = u(L)\nlet u(L) = s(L)\n"),
                    mentioning: "formulas form a cycle: s → u → s", line: 4)
        // A formula's parameter hides a formula of the same name: no cycle.
        XCTAssertEqual(checkSource(header + "lab A\nlet g(L) = L.cash\nlet L = g(A)\n").errors.map(\.message), [])
    }

    /// Issue 13, item 3: declarations are found by name in a dictionary, so checking grows
    /// in proportion to the number of declarations (it was quadratic: 80k params took 11.7 s).
    func testCheckingTimeGrowsLinearlyWithTheNumberOfParams() {
        func seconds(_ count: Int) -> Double {
            var text = header
            for i in 0..<count { text += "param p\(i) = \(i)%/month to \(i + 1)%/month\nlab L\(i) { cash: $1B * p\(i) / (1%/month) }\n" }
            var best = Double.infinity
            for _ in 0..<2 {
                let started = Date()
                XCTAssertEqual(checkSource(text).errors.count, 0)
                best = min(best, Date().timeIntervalSince(started))
            }
            return best
        }
        let small = seconds(2_000), large = seconds(16_000)
        // Eight times the declarations: 8× the time when linear, 64× when quadratic.
        XCTAssertLessThan(large / small, 20, "2k: \(small)s, 16k: \(large)s")
    }

    /// Whether a value is uncertain is known for each param as it is checked: a certain param
    /// that uses the one before twice, sixty deep, was walked 2^60 times through its parameters.
    func testUncertaintyIsKnownPerParamNotWalkedThroughEveryPath() throws {
        for first in ["10%", "10% to 20%"] {
            var text = header + "lab X { cash: $1B }\nparam q0 = \(first)\n"
            for i in 1...60 { text += "param q\(i) = (q\(i - 1) + q\(i - 1)) / 2\n" }
            text += "on 2025-03 with probability q60: X exits\n"
            let started = Date()
            let model = try checkedModel(text)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10)
            XCTAssertEqual(model.params.map(\.isUncertain), Array(repeating: first.contains("to"), count: 61))
        }
    }

    /// Each misspelt name is compared with every name for a hint, so hints have a budget: many
    /// misspellings among many names stay linear, and the first ones still get their hint.
    func testHintsForManyMisspeltNamesStayLinear() {
        func check(_ count: Int) -> (seconds: Double, outcome: CheckOutcome) {
            var text = header
            for i in 0..<count { text += "param p\(i) = q\(i) + 1\n" }
            let started = Date()
            let outcome = checkSource(text)
            return (Date().timeIntervalSince(started), outcome)
        }
        let (small, _) = check(1_000)
        let (large, outcome) = check(10_000)
        XCTAssertEqual(outcome.errors.count, 10_000)
        XCTAssertEqual(outcome.errors.first?.hint, "did you mean 'p0'?")
        XCTAssertLessThan(large / small, 30, "1k: \(small)s, 10k: \(large)s (quadratic would be 100×)")
    }

    private func collectDistributionKeys(_ formula: Formula, into keys: inout [String]) {
        switch formula {
        case .distribution(let d):
            keys.append(d.key)
            collectDistributionKeys(d.first, into: &keys)
            collectDistributionKeys(d.second, into: &keys)
        case .negate(let a), .not(let a), .function(_, let a): collectDistributionKeys(a, into: &keys)
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b),
             .binaryFunction(_, let a, let b):
            collectDistributionKeys(a, into: &keys)
            collectDistributionKeys(b, into: &keys)
        case .conditional(let c, let a, let b):
            for part in [c, a, b] { collectDistributionKeys(part, into: &keys) }
        default: break
        }
    }
}
