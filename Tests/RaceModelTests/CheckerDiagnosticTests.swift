import XCTest
import RaceSyntax
@testable import RaceModel

/// The checker's messages (docs/reference/units.md, entities.md, diagnostics.md): located,
/// naming what is wrong, with hints.
final class CheckerDiagnosticTests: XCTestCase {
    func testUnknownEntityIsLocatedWithADidYouMeanHint() {
        let outcome = checkSource("""
            start 2025-01
            horizon 2025-12
            company Amazon
            lab Anthropic { cash: $1B }
            on 2025-03: Amazon invests $1B in Antropic at $10B post
            """)
        let error = assertError(outcome, mentioning: "Antropic", line: 5, hint: "did you mean 'Anthropic'?")
        XCTAssertEqual(error?.span?.text, "Antropic")
        XCTAssertEqual(error?.span?.location.column, 35)
    }

    func testUnknownEntityFarFromEveryNameHasNoMisleadingGuess() {
        let outcome = checkSource(header + "lab A { cash: $1B }\non 2025-03: Zyxwvutsrq exits\n")
        let error = assertError(outcome, mentioning: "unknown entity 'Zyxwvutsrq'", line: 4)
        XCTAssertFalse(error?.hint?.contains("did you mean") ?? false)
    }

    func testAddingARateToMoneyNamesBothDimensions() {
        let outcome = checkSource(header + "lab A {\n  revenue: $1B + $2B/month\n}\n")
        let error = assertError(outcome, mentioning: "cannot add money per time ($/month) to money ($)", line: 4)
        XCTAssertEqual(error?.span?.text, "$1B + $2B/month")
    }

    func testSubtractingNamesBothDimensionsToo() {
        let outcome = checkSource(header + "let x = $5B - 3 months\n")
        assertError(outcome, mentioning: "cannot subtract time (months) from money ($)", line: 3)
    }

    func testAFieldOfTheWrongDimensionSaysWhatItMustBe() {
        let outcome = checkSource(header + "lab A { cash: $1B/month }\n")
        assertError(outcome, mentioning: "cash must be money ($), but this is money per time ($/month)", line: 3)
    }

    func testLog10OfMoneyNeedsARatio() {
        let outcome = checkSource(header + "lab A { cash: $1B }\nlet size = log10(A.cash)\n")
        assertError(outcome, mentioning: "log10 needs a plain number, but this is money ($)", line: 4, hint: "divide by a unit")
    }

    func testLogOfARatioIsFine() {
        XCTAssertEqual(checkSource(header + "lab A { cash: $1B }\nlet size = log10(A.cash / $1)\n").errors.count, 0)
    }

    func testFormulaCycleNamesEveryFormulaInIt() {
        let outcome = checkSource(header + "let a = b * 2\nlet b = c + 1\nlet c = a - 1\n")
        let error = assertError(outcome, mentioning: "cycle")
        XCTAssertTrue(error?.message.contains("a → b → c → a") ?? false, error?.message ?? "")
        XCTAssertTrue([3, 4, 5].contains(error.flatMap(lineOf) ?? 0))
    }

    func testAFormulaUsingItselfIsACycle() {
        assertError(checkSource(header + "let a = a + 1\n"), mentioning: "formulas form a cycle: a → a", line: 3)
    }

    func testParameterCycleIsAnError() {
        let outcome = checkSource(header + "param p = q * 2\nparam q = p + 1\n")
        let error = assertError(outcome, mentioning: "parameters form a cycle")
        XCTAssertTrue(error?.message.contains("p → q → p") ?? false, error?.message ?? "")
    }

    func testHorizonBeforeStartIsLocatedAtTheHorizon() {
        let outcome = checkSource("scenario \"x\"\nstart 2025-06\nhorizon 2025-01\n")
        assertError(outcome, mentioning: "the horizon 2025-01 is before the start 2025-06", line: 3)
    }

    func testMoreThan1200MonthsIsAnError() {
        assertError(checkSource("start 2025-01\nhorizon 2125-01\n"), mentioning: "at most 1,200", line: 2)
        assertError(checkSource("start 2025-01\nrun 1201 months\n"), mentioning: "1,200", line: 2)
        XCTAssertEqual(checkSource("start 2025-01\nhorizon 2124-12\n").model?.steps, 1200)
    }

    func testMissingStartAndHorizonAreErrors() {
        assertError(checkSource("horizon 2025-12\n"), mentioning: "no start month")
        assertError(checkSource("start 2025-01\n"), mentioning: "no horizon", line: 1)
    }

    func testOwnersAboveHundredPercentAreAnError() {
        let outcome = checkSource(header + "company M\ncompany G\nlab A { owners: M 60%, G 50% }\n")
        assertError(outcome, mentioning: "add up to 110%, more than 100%", line: 5)
        XCTAssertEqual(checkSource(header + "company M\ncompany G\nlab A { owners: M 60%, G 40% }\n").errors.count, 0)
    }

    func testAnEntityCannotOwnItself() {
        assertError(checkSource(header + "lab A { owners: A 10% }\n"), mentioning: "cannot own itself", line: 3)
    }

    func testAnEntityCannotInvestInOrBuyAStakeOfItself() {
        // Like `owners: A 10%` and `A acquires A`, a round that makes X a holder of X is an error.
        for action in ["X invests $1B in X", "X raises $1B at $10B from X", "X buys 10% of X for $1B"] {
            let outcome = checkSource(header + "lab X { cash: $1B, valuation: $10B }\non 2025-02: \(action)\n")
            XCTAssertFalse(outcome.errors.isEmpty, "'\(action)' makes X own a stake in itself")
            XCTAssertTrue(outcome.errors.allSatisfy { lineOf($0) == 4 }, "\(outcome.errors.map(\.message))")
        }
    }

    func testAnEntityCannotAcquireItself() {
        assertError(checkSource(header + "lab X { cash: $1B }\non 2025-02: X acquires X\n"), mentioning: "cannot acquire itself", line: 4)
    }

    func testUnknownEntityFieldHasAHint() {
        assertError(checkSource(header + "lab A {\n  revnue: $1B/month\n}\n"), mentioning: "labs have no field 'revnue'",
                    line: 4, hint: "did you mean 'revenue'?")
    }

    func testUnknownChipFieldHasAHint() {
        assertError(checkSource(header + "chip H { prise: $30k }\n"), mentioning: "a chip has no field 'prise'",
                    line: 3, hint: "did you mean 'price'?")
    }

    func testUnknownMemberOfAnEntityHasAHint() {
        assertError(checkSource(header + "lab A { cash: $1B }\nwhen A.runwy < 3 months: A exits\n"),
                    mentioning: "an entity has no field 'runwy'", line: 4, hint: "did you mean 'runway'?")
    }

    func testBuyingAChipWithoutAPriceIsAnError() {
        let outcome = checkSource(header + "chip H { perf: 1 PFLOP/s, power: 1 kW }\nlab A { cash: $1B }\non 2025-02: A buys 10 H\n")
        assertError(outcome, mentioning: "chip 'H' has no 'price', which buying it needs", line: 5, hint: "price")
    }

    func testAChipWithoutAPriceIsFineWhenNobodyBuysIt() {
        XCTAssertEqual(checkSource(header + "chip H { perf: 1 PFLOP/s, power: 1 kW }\nlab A { fleet: 10 H }\n").errors.count, 0)
    }

    func testRentingNeedsARentAndBuildingNeedsAPower() {
        let text = header + """
            chip H { price: $1k, perf: 1 PFLOP/s }
            company C
            lab A { cash: $1B }
            on 2025-02: A rents H from C for $1M over 2 months
            on 2025-03: A builds 1 MW of H for $1M over 2 months
            """
        let outcome = checkSource(text)
        assertError(outcome, mentioning: "has no 'rent', which renting it needs", line: 6)
        assertError(outcome, mentioning: "has no 'power', which building it needs", line: 7)
    }

    func testCancelOrDelayOfAnUnknownLabelIsAnErrorWithAHint() {
        let outcome = checkSource(header + """
            lab A { cash: $1B }
            on 2025-03 as alpha_round: A exits
            cancel alpha_rond
            delay nothing_here by 2 months
            """)
        assertError(outcome, mentioning: "no event is labelled 'alpha_rond'", line: 5, hint: "did you mean 'alpha_round'?")
        assertError(outcome, mentioning: "no event is labelled 'nothing_here'", line: 6)
    }

    func testOverridingAnUnknownParameterIsAnErrorWithAHint() {
        let outcome = checkSource(header + "param growth = 5%/month\n", overrides: [("groth", "3%/month")])
        let error = assertError(outcome, mentioning: "no parameter 'groth'", hint: "did you mean 'growth'?")
        XCTAssertEqual(error?.span?.file.name, "--set")
    }

    func testOverrideReplacesTheParameterAndIsDimensionChecked() throws {
        let good = checkSource(header + "param growth = 5%/month\n", overrides: [("growth", "3%/month")])
        let model = try XCTUnwrap(good.model)
        XCTAssertEqual(staticValue(model.params[0].value, in: model)!, 0.03, accuracy: 1e-15)
        let bad = checkSource(header + "param round = $5B\nlab A { cash: round }\n", overrides: [("round", "3 months")])
        assertError(bad, mentioning: "cash must be money ($), but this is time (months)")
    }

    func testEveryErrorOfAFileIsReportedNotOnlyTheFirst() {
        let outcome = checkSource("""
            start 2025-01
            horizon 2025-12
            company Amazon
            lab A { cash: $1B + 3 months }
            lab B { revnue: $1B/month }
            let size = log10(A.cash)
            on 2025-03: Amazon invests $1B in Bee
            let loop = loop + 1
            cancel nothing
            """)
        XCTAssertGreaterThanOrEqual(outcome.errors.count, 6, outcome.errors.map(\.message).joined(separator: "\n"))
        let lines = Set(outcome.errors.compactMap(lineOf))
        XCTAssertTrue(lines.isSuperset(of: [4, 5, 6, 7, 8, 9]), "lines with errors: \(lines.sorted())")
        XCTAssertNil(outcome.model)
    }

    func testEventsOutsideTheRunAreWarningsNotErrors() throws {
        let outcome = checkSource(header + "lab A { cash: $1B }\non 2027-01: A exits\n")
        XCTAssertEqual(outcome.errors.count, 0)
        XCTAssertEqual(outcome.warnings.count, 1)
        XCTAssertEqual(outcome.warnings.first.flatMap(lineOf), 4)
        XCTAssertNotNil(outcome.model)
    }

    func testAParameterCannotReadTheRunState() {
        assertError(checkSource(header + "lab A { cash: $1B }\nparam p = A.cash\n"), mentioning: "cannot read 'cash'", line: 4)
    }

    func testConditionsMustBeTruthValues() {
        assertError(checkSource(header + "lab A { cash: $1B }\nwhen A.cash: A exits\n"),
                    mentioning: "a condition must be true or false", line: 4)
    }

    func testComparingDifferentDimensionsIsAnError() {
        assertError(checkSource(header + "lab A { cash: $1B }\nwhen A.cash < 3 months: A exits\n"),
                    mentioning: "cannot compare money ($) with time (months)", line: 4)
    }

    func testAnEntityRedeclaredAsAnotherKindIsAnError() {
        assertError(checkSource(header + "lab A { cash: $1B }\ncompany A\n"), mentioning: "was declared as a lab", line: 4)
    }

    func testDiagnosticsRenderWithFileLineColumnCaretAndHint() {
        let outcome = checkSource(header + "company Amazon\non 2025-03: Amazn exits\n", name: "x.race")
        let text = DiagnosticRenderer().render(outcome.errors)
        XCTAssertTrue(text.hasPrefix("x.race:4:13: error: unknown entity 'Amazn'\n"), text)
        XCTAssertTrue(text.contains(" 4 | on 2025-03: Amazn exits\n"), text)
        XCTAssertTrue(text.contains("   |             ^~~~~\n"), text)
        XCTAssertTrue(text.contains("hint: did you mean 'Amazon'?"), text)
    }
}
