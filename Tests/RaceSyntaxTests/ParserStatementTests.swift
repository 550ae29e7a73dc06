import XCTest
@testable import RaceSyntax

final class ParserStatementTests: XCTestCase {
    func testHeaderStatements() {
        XCTAssertEqual(Syntax.statements("""
            scenario "Two labs"
            start 2025-01
            horizon 2026-12
            run 48 months
            extends "base.race"
            """), [
            "scenario \"Two labs\"", "start 2025-01", "horizon 2026-12", "run (48 months)", "extends \"base.race\"",
        ])
    }

    func testExtendsKeepsWhereThePathIs() {
        guard case .extends(let path, let span) = Syntax.parse("extends \"base.race\"").statements.first?.kind else {
            return XCTFail("expected extends")
        }
        XCTAssertEqual(path, "base.race")
        XCTAssertEqual(span.text, "\"base.race\"")
    }

    func testParamsAndDistributions() {
        XCTAssertEqual(Syntax.statement("param price_cut = 25%/year"), "param price_cut = (/ 0.25 year)")
        XCTAssertEqual(Syntax.statement("param gpu_price = $25k to $40k"), "param gpu_price = (to $25000 $40000)")
        XCTAssertEqual(Syntax.statement("param g = normal(5%, 1%)"), "param g = normal(0.05, 0.01)")
        XCTAssertEqual(Syntax.statement("param g = lognormal(1, 2) * uniform(0, 1)"),
                       "param g = (* lognormal(1, 2) uniform(0, 1))")
    }

    func testLetWithAndWithoutParameter() {
        XCTAssertEqual(Syntax.statement("let market = total(revenue)"), "let market = total(revenue)")
        XCTAssertEqual(Syntax.statement("let share(L) = L.compute / total(compute)"),
                       "let share(L) = (/ L.compute total(compute))")
        XCTAssertEqual(Syntax.statement("let capability(L) = log10(L.flop / 1 FLOP)"),
                       "let capability(L) = log10((/ L.flop (1 FLOP)))")
    }

    func testChipBlockWithCommasAndALineBreak() {
        XCTAssertEqual(Syntax.statement("""
            chip GB200 { price: $60k falling 20%/year, perf: 2.5 PFLOP/s, power: 2.0 kW,
                         opex: $2k/month, rent: $4.50/hour, lead: 3 months, available: 2025-06 }
            """),
            "chip GB200 { price: $60000 falling (/ 0.2 year) | perf: (/ (2.5 PFLOP) s) | power: (2 kW) | "
                + "opex: (/ $2000 month) | rent: (/ $4.5 hour) | lead: (3 months) | available: 2025-06 }")
    }

    func testEntityWithoutABlock() {
        XCTAssertEqual(Syntax.statements("company Microsoft   # unbounded\nlab Solo"), ["company Microsoft", "lab Solo"])
        XCTAssertEqual(Syntax.statement("company Azure { cash: $0 }"), "company Azure { cash: $0 }")
    }

    func testLabBlockWithNewlinesSemicolonsFleetAndOwners() {
        XCTAssertEqual(Syntax.statement("""
            lab Alpha {
              cash: $10B; valuation: $150B; owners: Microsoft 30%, Google 5%
              revenue: $1B/month growing 5%/month
              burn: $1.2B/month growing 2%/month
              fleet: 200k H100, 50k GB200
            }
            """),
            "lab Alpha { cash: $10000000000 | valuation: $150000000000 | owners: Microsoft 0.3, Google 0.05 | "
                + "revenue: (/ $1000000000 month) growing (/ 0.05 month) | "
                + "burn: (/ $1200000000 month) growing (/ 0.02 month) | fleet: 200000 H100, 50000 GB200 }")
    }

    func testCommaAfterAListEndsTheFieldWhenAFieldFollows() {
        XCTAssertEqual(Syntax.statement("lab Adept { cash: $400M, owners: Amazon 10%, burn: $30M/month }"),
                       "lab Adept { cash: $400000000 | owners: Amazon 0.1 | burn: (/ $30000000 month) }")
        XCTAssertEqual(Syntax.statement("lab A { fleet: 100k H100, utilization: 35% }"),
                       "lab A { fleet: 100000 H100 | utilization: 0.35 }")
    }

    func testFormulaFields() {
        XCTAssertEqual(Syntax.statement("lab A { cash: $10B, revenue = market * compute / total(compute) }"),
                       "lab A { cash: $10000000000 | revenue = (/ (* market compute) total(compute)) }")
    }

    func testFieldSpansCoverTheField() {
        guard case .entity(_, _, let fields) = Syntax.parse("lab A { burn: $1B/month growing 2%/month }").statements.first?.kind else {
            return XCTFail("expected an entity")
        }
        XCTAssertEqual(fields.first?.span.text, "burn: $1B/month growing 2%/month")
        guard case .value(_, let growth?) = fields.first?.value else { return XCTFail("expected growth") }
        XCTAssertEqual(growth.span.text, "growing 2%/month")
    }

    func testFleetItemMustBeACountAndAChip() {
        let errors = Syntax.errors("lab A { fleet: H100 }")
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.message.contains("fleet: 200k H100") ?? false)
    }

    func testEvents() {
        XCTAssertEqual(Syntax.statement("on 2025-06: Microsoft invests $5B in Alpha"),
                       "on 2025-06: invest Microsoft $5000000000 in Alpha")
        XCTAssertEqual(Syntax.statement("on 2025-09 as beta_round: Beta raises $3B at $30B post"),
                       "on 2025-09 as beta_round: raise Beta $3000000000 at $30000000000 post")
        XCTAssertEqual(Syntax.statement("""
            on 2025-11 as msft_deal {
              Microsoft invests $5B in Anthropic
              Anthropic rents GB200 from Microsoft for $30B over 60 months
            }
            """),
            "on 2025-11 as msft_deal: invest Microsoft $5000000000 in Anthropic; "
                + "rent Anthropic GB200 from Microsoft for $30000000000 over (60 months)")
        XCTAssertEqual(Syntax.statement("on 2025-01 { A exits; B exits, note \"x\" }"),
                       "on 2025-01: exit A; exit B; note \"x\"")
    }

    func testActionMayStartOnTheLineAfterTheColon() {
        XCTAssertEqual(Syntax.statement("on 2025-06:\n  A exits"), "on 2025-06: exit A")
    }

    func testRecurringEvents() {
        XCTAssertEqual(Syntax.statement("every 6 months from 2025-01 until 2027-12: OpenAI raises $10B at OpenAI.valuation * 1.5"),
                       "every (6 months) from 2025-01 until 2027-12: raise OpenAI $10000000000 at (* OpenAI.valuation 1.5) post")
        XCTAssertEqual(Syntax.statement("every 1 year from 2025-03 as yearly_note { note \"again\" }"),
                       "every (1 year) from 2025-03 as yearly_note: note \"again\"")
    }

    func testRules() {
        XCTAssertEqual(Syntax.statement("when OpenAI.runway < 6 months: OpenAI raises $10B at OpenAI.valuation"),
                       "when (< OpenAI.runway (6 months)): raise OpenAI $10000000000 at OpenAI.valuation post")
        XCTAssertEqual(Syntax.statement("whenever Beta.cash < $1B: note \"Beta below $1B\""),
                       "whenever (< Beta.cash $1000000000): note \"Beta below $1B\"")
        XCTAssertEqual(Syntax.statement("when date >= 2026-01 { A exits\n B exits }"),
                       "when (>= date 2026-01): exit A; exit B")
    }

    func testForEachWithARuleOnTheNextLine() {
        XCTAssertEqual(Syntax.statement("""
            for each lab L:
              when L.runway < 3 months: L raises L.burn * 12 months at L.revenue * 10 years
            """),
            "for each lab L: when (< L.runway (3 months)): raise L (* L.burn (12 months)) at (* L.revenue (10 years)) post")
    }

    func testForEachWithABlockOfRules() {
        XCTAssertEqual(Syntax.statement("""
            for each company C {
              when C.cash < $0: note "broke"
              whenever C.active { note "still here" }
            }
            """),
            "for each company C: when (< C.cash $0): note \"broke\" | whenever C.active: note \"still here\"")
    }

    func testEditsReportsAndExpectations() {
        XCTAssertEqual(Syntax.statements("""
            cancel msft_deal
            delay beta_round by 6 months
            report cash, runway, compute, capability, valuation
            report cash, runway for OpenAI, Anthropic monthly
            report cash quarterly
            expect OpenAI.active
            expect Anthropic.cash > $5B at 2026-12
            """), [
            "cancel msft_deal", "delay beta_round by (6 months)",
            "report cash, runway, compute, capability, valuation",
            "report cash, runway for OpenAI, Anthropic monthly", "report cash quarterly",
            "expect OpenAI.active", "expect (> Anthropic.cash $5000000000) at 2026-12",
        ])
    }

    func testStatementsSeparatedBySemicolons() {
        XCTAssertEqual(Syntax.statements("start 2025-01; horizon 2025-12;"), ["start 2025-01", "horizon 2025-12"])
    }

    func testStatementSpans() {
        let parsed = Syntax.parse("scenario \"x\"\n\nlab A {\n  cash: $1B\n}\non 2025-01: A exits  # gone\n")
        XCTAssertEqual(parsed.statements.map(\.span.text),
                       ["scenario \"x\"", "lab A {\n  cash: $1B\n}", "on 2025-01: A exits"])
        XCTAssertEqual(parsed.statements[1].span.location.line, 3)
    }

    func testEmptyAndCommentOnlyTextsHaveNoStatements() {
        XCTAssertEqual(Syntax.statements(""), [])
        XCTAssertEqual(Syntax.statements("# nothing\n\n   # here\n"), [])
    }
}
