import XCTest
import RaceSyntax
@testable import RaceModel

/// Every bad input of docs/reference/financing.md, docs/reference/uncertain-events.md and docs/reference/observations.md gets a located error (or, for a founding date after
/// the horizon, a warning), with a hint where one helps.
final class CheckerV2DiagnosticTests: XCTestCase {
    /// Lines 1–4: the header, a lender, a lab and a chip without `power`.
    let world = header + "company Apollo { cash: $20B }\nlab X { cash: $1B }\n"
        + "chip G { price: $60k, perf: 2.5 PFLOP/s, rent: $5/hour }\nchip P { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW }\n"

    func testALoanRateWithoutATimeUnit() {
        let outcome = checkSource(world + "on 2025-03: X borrows $5B from Apollo at 12% over 12 months\n")
        let error = assertError(outcome, mentioning: "a rate without a time unit", line: 7, hint: "12%/year")
        XCTAssertEqual(error?.span?.text, "12%")
    }

    func testALoanRateOfAnotherDimension() {
        let outcome = checkSource(world + "on 2025-03: X borrows $5B at $1B/month over 12 months\n")
        assertError(outcome, mentioning: "a loan's rate must be a rate per time (%/month), but this is money per time", line: 7)
    }

    func testLengthsMustBeWholeMonthsOfAtLeastOne() {
        assertError(checkSource(world + "on 2025-03: X borrows $5B at 8%/year over 0 months\n"),
                    mentioning: "a loan's length must be a whole number of months, at least 1", line: 7)
        assertError(checkSource(world + "on 2025-03: X pays $1M/month to Apollo for 1.5 months\n"),
                    mentioning: "a payment contract's length must be a whole number of months", line: 7)
        assertError(checkSource(world + "on 2025-03: X rents 10k P from Apollo for $1B over 2 weeks\n"),
                    mentioning: "a lease's length must be a whole number of months", line: 7)
        // A length read from the state is checked when the action runs, not here.
        XCTAssertEqual(checkSource(world + "when X.cash < $1B: X borrows $1B at 8%/year over X.runway\n").errors.count, 0)
    }

    func testALeaseOfWattsFromAChipWithNoPower() {
        let outcome = checkSource(world + "on 2025-03: X rents 1 GW of G from Apollo for $1B over 12 months\n")
        let error = assertError(outcome, mentioning: "a lease of watts from a chip with no `power`", line: 7, hint: "power: …")
        XCTAssertEqual(error?.span?.text, "1 GW")
        XCTAssertEqual(checkSource(world + "on 2025-03: X rents 1 GW of P from Apollo for $1B over 12 months\n").errors.count, 0)
    }

    func testALeaseOfSomethingElse() {
        assertError(checkSource(world + "on 2025-03: X rents $5B of P from Apollo over 12 months\n"),
                    mentioning: "a lease's quantity is chips or power, but this is money ($)", line: 7, hint: "100k P")
    }

    func testALeaseWithoutAnAmountNeedsTheChipsRent() {
        assertError(checkSource(world + "on 2025-03: X rents 10k P from Apollo over 12 months\n"),
                    mentioning: "chip 'P' has no 'rent'", line: 7)
        XCTAssertEqual(checkSource(world + "on 2025-03: X rents 10k G from Apollo over 12 months\n").errors.count, 0)
    }

    func testASecondarySaleOfMoreThanAllOfTheCompany() {
        let outcome = checkSource(world + "on 2025-03: Apollo buys 120% of X from others for $1B\n")
        let error = assertError(outcome, mentioning: "a secondary sale of 120% is more than 100% of the company", line: 7)
        XCTAssertEqual(error?.span?.text, "120%")
        assertError(checkSource(world + "on 2025-03: Apollo buys 0% of X from others for $1B\n"),
                    mentioning: "more than 0%", line: 7)
    }

    func testASecondarySaleOfAChip() {
        assertError(checkSource(world + "on 2025-03: X buys 5% of P from Apollo for $1B\n"),
                    mentioning: "'P' is a chip", line: 7, hint: "buys 100k P")
    }

    func testABuyerSellingToItself() {
        assertError(checkSource(world + "on 2025-03: Apollo buys 5% of X from Apollo for $1B\n"),
                    mentioning: "the buyer and the seller of a stake must differ", line: 7)
    }

    func testACapTableAbove100Percent() {
        let outcome = checkSource(world + "company B\non 2025-03: set X.owners = Apollo 60%, B 50%\n")
        assertError(outcome, mentioning: "the owners' stakes add up to 110%, more than 100%", line: 8)
        assertError(checkSource(world + "on 2025-03: set X.owners = X 10%\n"), mentioning: "cannot own itself", line: 7)
    }

    func testAProbabilityOutside0To100Percent() {
        let outcome = checkSource(world + "on 2025-03 with probability 120%: X exits\n")
        let error = assertError(outcome, mentioning: "a probability must be between 0% and 100%, but this is 120%", line: 7)
        XCTAssertEqual(error?.span?.text, "120%")
        assertError(checkSource(world + "param p = -0.1\non 2025-03 with probability p: X exits\n"),
                    mentioning: "between 0% and 100%", line: 8)
        assertError(checkSource(world + "on 2025-03 with probability 3 months: X exits\n"),
                    mentioning: "a probability must be a ratio", line: 7)
    }

    func testAProbabilityReadingTheStateIsAnError() {
        assertError(checkSource(world + "on 2025-03 with probability X.cash / $10B: X exits\n"),
                    mentioning: "an event's probability is worked out before month 0", line: 7)
    }

    func testAFoundingDateAfterTheHorizonIsAWarning() {
        let outcome = checkSource(header + "lab Late { founded: 2026-03, cash: $1B }\n")
        XCTAssertEqual(outcome.errors.count, 0)
        XCTAssertNotNil(outcome.model)
        let warning = outcome.warnings.first { $0.message.contains("after the horizon") }
        XCTAssertEqual(warning.flatMap(lineOf), 3)
        XCTAssertEqual(warning?.span?.text, "2026-03")
    }

    func testAFoundingDateMustBeADate() {
        assertError(checkSource(header + "lab L { founded: 6 months }\n"), mentioning: "a founding date must be a date", line: 3)
    }

    func testAnEventDateThatIsNoDate() {
        let outcome = checkSource(world + "param n = 5\non n: X exits\n")
        assertError(outcome, mentioning: "an event's date must be a date, but this is a ratio", line: 8, hint: "2025-06")
        assertError(checkSource(world + "on redy: X exits\n"), mentioning: "unknown name 'redy'", line: 7)
    }

    func testAReversedDateRange() {
        assertError(checkSource(world + "param p = 2025-09 to 2025-05\n"),
                    mentioning: "the first month of the range, 2025-09, comes after its last, 2025-05", line: 7)
        assertError(checkSource(world + "param p = uniform(2025-01, 2025-05)\n"),
                    mentioning: "a range of dates is written `FIRST to LAST`", line: 7)
    }

    func testAnUncertainDelayThroughAParameter() {
        let outcome = checkSource(world + "param slip = 3 months to 12 months\non 2025-03 as e: X exits\ndelay e by slip\n")
        assertError(outcome, mentioning: "an uncertain delay is a range of whole months", line: 9, hint: "3 months to 12 months")
        assertError(checkSource(world + "on 2025-03 as e: X exits\ndelay e by 1 month to 2.5 months\n"),
                    mentioning: "a delay's range must run between whole numbers of months", line: 8)
    }

    func testPaymentsOfTheWrongKind() {
        assertError(checkSource(world + "on 2025-03: X pays $70M/month to Apollo\n"),
                    mentioning: "a payment of money per time needs its length", line: 7, hint: "for 12 months")
        assertError(checkSource(world + "on 2025-03: X pays $70M to Apollo for 12 months\n"),
                    mentioning: "a payment contract pays money per time, but this is money", line: 7, hint: "/month")
        assertError(checkSource(world + "on 2025-03: X pays $1M to X\n"), mentioning: "cannot pay itself", line: 7)
    }

    func testObservationsOfTheWrongUnit() {
        assertError(checkSource(world + "observe X.cash at 2025-06 = 3 months ± 1 month\n"),
                    mentioning: "the observed value must be money ($), but this is time", line: 7)
        assertError(checkSource(world + "observe X.cash at 2025-06 = $1B ± 2 months\n"),
                    mentioning: "an observation's error must be money ($), or a percentage of the value", line: 7)
        assertError(checkSource(world + "observe X.cash at 2025-06 = $1B ± $0\n"),
                    mentioning: "an observation's error must be above zero", line: 7)
        assertError(checkSource(world + "observe X.cash at 2025-06 = -$1B ± 10%\n"),
                    mentioning: "a relative error (a percentage) needs an observed value above zero", line: 7)
        assertError(checkSource(world + "observe X.active at 2025-06 = $1B ± 10%\n"),
                    mentioning: "must be a number or quantity, but this is a truth value", line: 7, hint: "observe CONDITION at DATE")
        assertError(checkSource(world + "observe X.cash at 2025-06\n"),
                    mentioning: "a condition must be true or false", line: 7)
        assertError(checkSource(world + "observe X.cash at 2025-06 = $1B to $2B ± 10%\n"),
                    mentioning: "an observation is what was seen, not a distribution", line: 7)
    }

    func testObservationDatesAreInsideTheRun() {
        let error = assertError(checkSource(world + "observe X.cash at 2026-06 = $1B ± 10%\n"),
                                mentioning: "2026-06 is outside the run (2025-01..2025-12)", line: 7)
        XCTAssertEqual(error?.span?.text, "2026-06")
        assertError(checkSource(world + "observe X.active at 2024-12\n"), mentioning: "outside the run", line: 7)
    }

    func testExpectationDatesMayBeParametersButStayInsideTheRun() {
        XCTAssertEqual(checkSource(world + "param d = 2025-06\nexpect X.active at d\n").errors.count, 0)
        assertError(checkSource(world + "param d = 2027-06\nexpect X.active at d\n"),
                    mentioning: "2027-06 is outside the run", line: 8)
    }
}
