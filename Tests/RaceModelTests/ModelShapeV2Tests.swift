import XCTest
import RaceSyntax
@testable import RaceModel

/// The model of the v2 forms as the engine will read it: schedules as static formulas
/// beside the plain run's steps, the new distributions' keys and medians, founding dates,
/// the docs/reference/financing.md actions, observations and REPL queries.
final class ModelShapeV2Tests: XCTestCase {
    func distributions(in formula: Formula?) -> [Distribution] {
        guard let formula else { return [] }
        switch formula {
        case .distribution(let d): return [d] + distributions(in: d.first) + distributions(in: d.second)
        case .negate(let a), .not(let a), .function(_, let a), .aggregate(_, let a): return distributions(in: a)
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b), .binaryFunction(_, let a, let b):
            return distributions(in: a) + distributions(in: b)
        case .conditional(let c, let a, let b): return distributions(in: c) + distributions(in: a) + distributions(in: b)
        default: return []
        }
    }

    /// Every distribution of a model, by key.
    func keys(_ model: Model) -> [String: Distribution] {
        var all = model.params.flatMap { distributions(in: $0.value) }
        for event in model.events {
            all += distributions(in: event.first) + distributions(in: event.last) + distributions(in: event.happens)
        }
        all += model.entities.flatMap { distributions(in: $0.founded) }
        return Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func testADateParameterIsAnAbsoluteMonthIndex() throws {
        let model = try checkedModel(header + "param ready = 2025-07\nparam r = 2025-05 to 2025-08\n")
        XCTAssertTrue(model.params[0].isDate)
        XCTAssertEqual(model.params[0].dimension, .time)
        guard case .constant(let month) = model.params[0].value else { return XCTFail("\(model.params[0].value)") }
        XCTAssertEqual(Int(month), 2025 * 12 + 6)
        guard case .distribution(let d) = model.params[1].value else { return XCTFail("not a distribution") }
        XCTAssertEqual(d.shape, .wholeMonths)
        XCTAssertEqual(d.key, "param:r#0")
        // The earlier of the two middles: 2025-06, not 2025-07.
        XCTAssertEqual(staticValue(model.params[1].value, in: model), Double(2025 * 12 + 5))
    }

    func testARangeDateResolvesToTheEarlierMiddle() throws {
        let model = try checkedModel(header + "lab X\non 2025-05 to 2025-09: X exits\non 2025-05 to 2025-08: X exits\n")
        XCTAssertEqual(model.events.map(\.steps), [[6], [5]])
        XCTAssertEqual(model.events.map(\.isCertain), [false, false])
        guard case .arithmetic(.subtract, .distribution(let d), .constant(let start)) = model.events[0].first else {
            return XCTFail("\(model.events[0].first)")
        }
        XCTAssertEqual(Int(start), model.start)
        XCTAssertEqual(d.shape, .wholeMonths)
        XCTAssertEqual(d.key, "at:2025-05 to 2025-09#0")
        XCTAssertEqual(staticValue(model.events[1].first, in: model), 5)
    }

    func testACertainRecurringEventKeepsItsStepsAndGetsItsFormulas() throws {
        let model = try checkedModel(header + "lab X\nevery 3 months from 2025-02 until 2025-10 as e: X exits\ndelay e by 2 months\n")
        let event = try XCTUnwrap(model.events.first)
        XCTAssertTrue(event.isCertain)
        XCTAssertEqual(event.steps, [3, 6, 9], "2025-02, -05, -08 (2025-11 is after `until`), moved by 2 months")
        XCTAssertEqual(event.period, 3)
        XCTAssertEqual(staticValue(event.first, in: model), 3)
        XCTAssertEqual(event.last.flatMap { staticValue($0, in: model) }, 11)
        XCTAssertNil(event.happens)
    }

    func testARecurringEventWithoutUntilRunsToTheHorizonPlusItsDelay() throws {
        let model = try checkedModel(header + "lab X\nevery 6 months from 2025-01 as e: X exits\ndelay e by 1 month\n")
        XCTAssertEqual(model.events[0].steps, [1, 7])
        XCTAssertEqual(model.events[0].last.flatMap { staticValue($0, in: model) }, 12)
    }

    func testAnEventOnADateParameter() throws {
        let model = try checkedModel(header + "lab X\nparam t = 2025-04\nparam u = 2025-03 to 2025-07\non t: X exits\non u: X exits\n")
        XCTAssertTrue(model.events[0].isCertain)
        XCTAssertEqual(model.events[0].steps, [3])
        XCTAssertFalse(model.events[1].isCertain, "a date parameter that is a range makes the date uncertain")
        XCTAssertEqual(model.events[1].steps, [4])
    }

    func testAnUncertainDelay() throws {
        let model = try checkedModel(header + "lab X\non 2025-02 as e: X exits\ndelay e by 3 months to 8 months\n")
        let event = try XCTUnwrap(model.events.first)
        XCTAssertFalse(event.isCertain)
        XCTAssertEqual(event.steps, [1 + 5], "the middle of 3…8 is 5 (the earlier one)")
        let delays = distributions(in: event.first)
        XCTAssertEqual(delays.map(\.shape), [.wholeMonths])
        XCTAssertEqual(delays.map(\.key), ["delay:e#0"])
        XCTAssertEqual(staticValue(event.first, in: model), 6)
    }

    func testAProbabilityIsAChanceDrawOnTopOfTheSchedule() throws {
        let model = try checkedModel(header + "lab X\non 2025-03 with probability 60%: X exits\non 2025-04 as t with probability 30%: X exits\n")
        let (a, b) = (model.events[0], model.events[1])
        XCTAssertEqual(a.steps, [2])
        XCTAssertFalse(a.isCertain)
        guard case .distribution(let chanceA)? = a.happens, case .distribution(let chanceB)? = b.happens else {
            return XCTFail("no chance draws")
        }
        XCTAssertEqual(chanceA.shape, .chance)
        XCTAssertEqual(chanceA.key, "chance:on 2025-03 with probability 60%#0")
        XCTAssertEqual(chanceB.key, "event:t:happens#0")
        XCTAssertEqual(staticValue(.distribution(chanceA), in: model), 1, "a plain run carries out an event with P ≥ 50%")
        XCTAssertEqual(staticValue(.distribution(chanceB), in: model), 0)
        XCTAssertEqual(a.scheduleText, "2025-03 with probability 60%")
    }

    func testExactlyFiftyPercentHappensInAPlainRun() throws {
        let model = try checkedModel(header + "lab X\non 2025-03 with probability 50%: X exits\n")
        XCTAssertEqual(model.events[0].happens.flatMap { staticValue($0, in: model) }, 1)
    }

    func testAddingARandomChoiceLeavesTheOtherKeysAlone() throws {
        let base = """
            lab X
            param g = 1% to 3%
            param when_ready = 2025-03 to 2025-09
            on 2025-02 to 2025-06: X exits
            on when_ready as deal with probability 40%: X exits
            on 2025-10 with probability 30%: X exits
            """
        let more = """
            lab X
            param early = 2025-01 to 2025-04
            on 2025-02 to 2025-05 with probability 20%: X exits
            param g = 1% to 3%
            param when_ready = 2025-03 to 2025-09
            on 2025-01 as other with probability 10%: X exits
            on 2025-02 to 2025-06: X exits
            on when_ready as deal with probability 40%: X exits
            delay deal by 1 month to 2 months
            on 2025-11 with probability 30%: X exits
            on 2025-10 with probability 30%: X exits
            """
        let a = keys(try checkedModel(header + base)), b = keys(try checkedModel(header + more))
        XCTAssertEqual(Set(a.keys), ["param:g#0", "param:when_ready#0", "at:2025-02 to 2025-06#0", "event:deal:happens#0",
                                     "chance:on 2025-10 with probability 30%#0"])
        for (key, d) in a {
            XCTAssertEqual(b[key]?.text, d.text, "\(key) lost its variable when others were added")
        }
        XCTAssertEqual(b.count, a.count + 6)
        XCTAssertEqual(Set(b.values.map(\.id)).count, b.count, "ids are distinct")
    }

    func testALabelledEventsDateRangeIsNamedAfterTheLabel() throws {
        let model = try checkedModel(header + "lab X\non 2025-02 to 2025-04 as deal: X exits\nevery 2 months from 2025-01 to 2025-02 until 2025-09 to 2025-11 as s: X exits\n")
        XCTAssertEqual(Set(keys(model).keys), ["event:deal:date#0", "event:s:from#0", "event:s:until#0"])
    }

    func testFoundingDates() throws {
        let model = try checkedModel(header + """
            param msl_date = 2025-04 to 2025-08
            lab Old { founded: 2024-06 }
            lab AtStart { founded: 2025-01 }
            lab MSL { founded: 2025-06 }
            lab Maybe { founded: msl_date }
            lab Plain
            """)
        XCTAssertNil(model.entities[0].founded, "a date before the start makes an ordinary entity")
        XCTAssertNil(model.entities[1].founded)
        XCTAssertEqual(model.entities[2].founded.flatMap { staticValue($0, in: model) }, 5)
        XCTAssertEqual(model.entities[3].founded.flatMap { staticValue($0, in: model) }, 5, "the earlier middle of 3…7, relative")
        XCTAssertTrue(model.isUncertain(try XCTUnwrap(model.entities[3].founded)))
        XCTAssertNil(model.entities[4].founded)
    }

    func testTheFinancingActions() throws {
        let model = try checkedModel(header + """
            company Apollo { cash: $20B }
            company Oracle { fleet: 10k G }
            lab X { cash: $1B, owners: Apollo 10% }
            chip G { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, rent: $5/hour }
            on 2025-03 {
              X borrows $5B from Apollo at 12%/year over 12 months
              X borrows $1B at 1%/month over 2 years
              Apollo buys 1.5% of X from others for $7.5B
              Oracle buys 1% of X from Apollo for $5B
              set X.owners = Apollo 27%, Oracle 11%
              X pays $250M to Apollo
              X pays $840M/year to Oracle for 12 months
              X rents 120k G from Oracle over 12 months
              X rents 1 GW of G from Oracle for $20B over 24 months
              X buys 50k G from Oracle for $2.5B
            }
            """)
        let kinds = model.events[0].actions.map(\.kind)
        XCTAssertEqual(kinds.count, 10)
        guard case let .borrow(x, amount, lender, rate, months) = kinds[0] else { return XCTFail("\(kinds[0])") }
        XCTAssertEqual(x, .entity(2))
        XCTAssertEqual(lender, .entity(0))
        XCTAssertEqual(staticValue(amount, in: model), 5e9)
        XCTAssertEqual(try XCTUnwrap(staticValue(rate.rate, in: model)), 0.01, accuracy: 1e-15, "per month in base units")
        XCTAssertEqual(rate.periodInMonths, 12, "written per year: the engine compounds (1 + 0.12)^(1/12)")
        XCTAssertFalse(rate.falling)
        XCTAssertEqual(staticValue(months, in: model), 12)
        guard case let .borrow(_, _, nil, monthly, twoYears) = kinds[1] else { return XCTFail("\(kinds[1])") }
        XCTAssertEqual(monthly.periodInMonths, 1)
        XCTAssertEqual(staticValue(twoYears, in: model), 24)
        guard case let .secondarySale(buyer, share, target, nil, price) = kinds[2] else { return XCTFail("\(kinds[2])") }
        XCTAssertEqual([buyer, target], [.entity(0), .entity(2)])
        XCTAssertEqual(staticValue(share, in: model), 0.015)
        XCTAssertEqual(staticValue(price, in: model), 7.5e9)
        guard case .secondarySale(_, _, _, .entity(0)?, _) = kinds[3] else { return XCTFail("\(kinds[3])") }
        guard case let .set(_, .owners(table)) = kinds[4] else { return XCTFail("\(kinds[4])") }
        XCTAssertEqual(table.map(\.holder), [.entity(0), .entity(1)])
        guard case .payOnce(.entity(2), _, .entity(0)) = kinds[5] else { return XCTFail("\(kinds[5])") }
        guard case let .payContract(_, perMonth, .entity(1), _) = kinds[6] else { return XCTFail("\(kinds[6])") }
        XCTAssertEqual(try XCTUnwrap(staticValue(perMonth, in: model)), 7e7, accuracy: 1e-6, "money per month")
        guard case let .rentQuantity(_, count, false, 0, .entity(1), nil, _) = kinds[7] else { return XCTFail("\(kinds[7])") }
        XCTAssertEqual(staticValue(count, in: model), 120_000)
        guard case let .rentQuantity(_, watts, true, 0, _, leaseAmount?, _) = kinds[8] else { return XCTFail("\(kinds[8])") }
        XCTAssertEqual(staticValue(watts, in: model), 1e9)
        XCTAssertEqual(staticValue(leaseAmount, in: model), 2e10)
        guard case let .buyChips(_, _, 0, .entity(1)?, agreed?) = kinds[9] else { return XCTFail("\(kinds[9])") }
        XCTAssertEqual(staticValue(agreed, in: model), 2.5e9)
    }

    func testNamedEntitiesOfTheNewActions() throws {
        let model = try checkedModel(header + """
            company A
            company B
            lab X
            on 2025-03 {
              X borrows $1B from A at 8%/year over 12 months
              X borrows $1B at 8%/year over 12 months
              A buys 1% of X from B for $1B
              A buys 1% of X from others for $1B
              set X.owners = A 10%, B 5%
              X pays $1M/month to B for 3 months
            }
            """)
        XCTAssertEqual(model.events[0].actions.map(\.namedEntities),
                       [[.entity(2), .entity(0)], [.entity(2)], [.entity(0), .entity(2), .entity(1)], [.entity(0), .entity(2)],
                        [.entity(2), .entity(0), .entity(1)], [.entity(2), .entity(1)]])
    }

    func testObservations() throws {
        let model = try checkedModel(header + """
            param ready = 2025-06 to 2025-08
            lab X { cash: $1B }
            observe X.valuation at 2025-03 = $300B ± 20%
            observe X.cash at 2025-06 = $1B ± $200M
            observe X.stake(X) at 2025-06 = 10% ± 2%
            observe X.active at ready
            """)
        XCTAssertEqual(model.observations.count, 4)
        let (relative, absolute, ratio, condition) = (model.observations[0], model.observations[1], model.observations[2],
                                                      model.observations[3])
        guard case let .value(observed, error, true) = relative.measure else { return XCTFail("\(relative.measure)") }
        XCTAssertEqual(staticValue(observed, in: model), 3e11)
        XCTAssertEqual(staticValue(error, in: model), 0.2)
        XCTAssertEqual(relative.step, 2)
        XCTAssertEqual(relative.dimension, .money)
        XCTAssertNil(relative.at)
        XCTAssertEqual(relative.text, "X.valuation at 2025-03 = $300B ± 20%")
        guard case .value(_, _, false) = absolute.measure else { return XCTFail("\(absolute.measure)") }
        guard case .value(_, _, false) = ratio.measure else { return XCTFail("a ratio's error is in its own unit") }
        guard case .condition = condition.measure else { return XCTFail("\(condition.measure)") }
        XCTAssertEqual(condition.step, 6)
        XCTAssertNotNil(condition.at, "an uncertain date keeps its formula")
        XCTAssertNil(condition.dimension)
    }

    func testAnExpectationAtAnUncertainDate() throws {
        let model = try checkedModel(header + "param ready = 2025-06 to 2025-08\nlab X\nexpect X.active at ready\nexpect X.active at 2025-02\n")
        XCTAssertEqual(model.expectations.map(\.step), [6, 1])
        XCTAssertNotNil(model.expectations[0].at)
        XCTAssertNil(model.expectations[1].at)
    }

    func testAQueryAtAPastMonth() {
        let statements = Parser.parse(SourceFile(name: "s.race", text: header + "param d = 2025-04\nlab X { cash: $1B }\n")).statements
        func query(_ text: String) -> CheckedQuery {
            Checker.checkQuery(Parser.parseQuery(SourceFile(name: "<repl>", text: text)).0!, against: statements)
        }
        let atMonth = query("X.cash at 2025-06")
        XCTAssertEqual(atMonth.step, 5)
        XCTAssertEqual(atMonth.dimension, .money)
        XCTAssertNotNil(atMonth.formula)
        XCTAssertEqual(query("X.cash at d").step, 3)
        XCTAssertNil(query("X.cash").step)
        let outside = query("X.cash at 2027-01")
        XCTAssertNil(outside.formula)
        XCTAssertEqual(outside.diagnostics.map(\.message), ["2027-01 is outside the run (2025-01..2025-12)"])
    }

    func testDebtIsAMoneyQuantity() throws {
        XCTAssertEqual(EntityQuantity.debt.dimension, .money)
        let model = try checkedModel(header + "lab X\nwhen X.debt > $6B: note \"high\"\nreport cash, debt\n")
        XCTAssertEqual(model.report.columns.map(\.name), ["cash", "debt"])
    }
}
