import XCTest
@testable import RaceSession

/// Incomplete input (the continuation prompt) and TAB completion.
final class SessionInputTests: XCTestCase {
    func testIncompleteInput() {
        let (session, _) = makeSession()
        for text in ["lab X {", "lab X {\n  cash: $1B", "(1 +", "Alpha.cash +", "on 2025-06 as deal {",
                     "on 2025-06:", "param growth =", "log10(", "chip C { price: $30k,", "   lab X {", "\nlab X {"] {
            XCTAssertTrue(session.isIncomplete(text), text)
        }
        for text in ["lab X { cash: $1B }", "lab X {\n  cash: $1B\n}", "(1 + 2)", "Alpha.cash", "", "   ", "# a comment",
                     ":load Scenarios/", ":eval (1 +", "lab X { cash: $1B }}", "1 + + 2", ")"] {
            XCTAssertFalse(session.isIncomplete(text), text)
        }
    }

    func testABlockTypedOverSeveralLinesIsOneEntry() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Z {\n  cash: $1B\n}")
        XCTAssertEqual(ok(session, "Z.cash"), "$1B   (before 2025-01)\n")
        // Lines are counted across entries: lines 6-9 are the next entry, its error is on line 8.
        let errors = fails(session, "lab Y {\n  cash: $1B\n  burn: $2B\n}")
        XCTAssertTrue(errors.hasPrefix("<repl>:8:9: error:"), errors)
    }

    private func candidates(_ session: Session, _ line: String, previous: String = "") -> [String] {
        session.completions(lineBeforeCursor: line, previousLines: previous).candidates
    }

    func testCompletesCommands() {
        let (session, _) = makeSession()
        let proposal = session.completions(lineBeforeCursor: ":lo")
        XCTAssertEqual(proposal, CompletionProposal(candidates: [":load"], replacing: 3, terminator: " "))
        XCTAssertEqual(candidates(session, ":s"), [":step", ":show", ":switch", ":save", ":save!"])
        XCTAssertEqual(candidates(session, "  :fo"), [":fork", ":forks"])
        XCTAssertTrue(candidates(session, ":").contains(":json"))
        XCTAssertEqual(candidates(session, ":help uni"), ["units"])
        XCTAssertEqual(candidates(session, ":help un"), ["uncertain-events", "uncertainty", "units"])
    }

    func testCompletesFilePathsAfterLoadAndSave() {
        let (session, _) = makeSession(files: ["Scenarios/other.race": "", "Scenarios/notes.txt": "", "Scenarios/deep/x.race": "",
                                               "top.race": "", ".hidden.race": "", "README.md": ""])
        XCTAssertEqual(candidates(session, ":load "), ["Scenarios/", "top.race"])
        XCTAssertEqual(candidates(session, ":load Sc"), ["Scenarios/"])
        XCTAssertEqual(session.completions(lineBeforeCursor: ":load Sc").replacing, 2)
        XCTAssertEqual(candidates(session, ":load Scenarios/"), ["Scenarios/deep/", "Scenarios/other.race", "Scenarios/test.race"])
        XCTAssertEqual(candidates(session, ":load Scenarios/o"), ["Scenarios/other.race"])
        XCTAssertEqual(session.completions(lineBeforeCursor: ":load Scenarios/o").replacing, "Scenarios/o".count)
        XCTAssertEqual(candidates(session, ":save! Scenarios/n"), ["Scenarios/notes.txt"])
        XCTAssertEqual(candidates(session, ":save ."), [".hidden.race"])
        XCTAssertEqual(candidates(session, ":load nothing"), [])
    }

    func testCompletesForksAndEntitiesAndTableFields() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":fork slow")
        ok(session, ":fork fast")
        XCTAssertEqual(candidates(session, ":switch "), ["main", "slow", "fast"])
        XCTAssertEqual(candidates(session, ":switch s"), ["slow"])
        XCTAssertEqual(candidates(session, ":diff main s"), ["slow"])
        XCTAssertEqual(candidates(session, ":show "), ["Microsoft", "Alpha", "Beta"])
        let show = session.completions(lineBeforeCursor: ":show Al")
        XCTAssertEqual(show, CompletionProposal(candidates: ["Alpha"], replacing: 2, terminator: ""))
        XCTAssertEqual(candidates(session, ":table cash, ru"), ["runway"])
        XCTAssertEqual(candidates(session, ":table cash,sh"), ["share"])
    }

    func testCompletesFieldsAfterANameAndADot() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        let proposal = session.completions(lineBeforeCursor: "Alpha.ru")
        XCTAssertEqual(proposal, CompletionProposal(candidates: ["runway"], replacing: 2, terminator: " "))
        XCTAssertEqual(candidates(session, "Alpha.c"), ["cash", "compute", "chips"])
        XCTAssertEqual(candidates(session, "total(cash) + Beta.s"), ["spend", "stake(", "share"])
        XCTAssertEqual(candidates(session, ":eval Beta.n"), ["net_burn"])
        XCTAssertEqual(session.completions(lineBeforeCursor: "Alpha.").replacing, 0)
        XCTAssertTrue(candidates(session, "Alpha.").contains("valuation"))
        // The variable of a `for each` has fields too; a param or chip does not.
        XCTAssertEqual(candidates(session, "for each lab L: when L.ru"), ["runway"])
        XCTAssertEqual(candidates(session, "growth.c"), [])
        XCTAssertEqual(candidates(session, "H100.p"), [])
        XCTAssertEqual(candidates(session, "1.5"), [])
    }

    func testCompletesKeywordsAndScenarioNames() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        let alpha = session.completions(lineBeforeCursor: "Alp")
        XCTAssertEqual(alpha, CompletionProposal(candidates: ["Alpha"], replacing: 3, terminator: ""))
        XCTAssertEqual(candidates(session, "Microsoft inv"), ["invests"])
        XCTAssertEqual(candidates(session, "on 2025-03: Alpha buys 10 H1"), ["H100"])
        XCTAssertEqual(candidates(session, "param x = gro"), ["growth", "growing"])
        XCTAssertEqual(candidates(session, "cancel ms"), ["msft"])
        XCTAssertEqual(candidates(session, "sh"), ["share"])
        XCTAssertEqual(candidates(session, "labs_"), ["labs_active"])
        XCTAssertEqual(candidates(session, "wh"), ["when", "whenever"])
        XCTAssertEqual(candidates(session, "Alpha.cash + "), [])
        XCTAssertEqual(candidates(session, ""), [])
    }

    func testCompletesFieldNamesInsideADeclaration() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertEqual(candidates(session, "lab Z { ca"), ["cash"])
        XCTAssertEqual(candidates(session, "  bu", previous: "lab Z {\n  cash: $1B"), ["burn"])
        XCTAssertEqual(candidates(session, "lab Z { cash: $1B, val"), ["valuation"])
        // In a value, names and keywords: `owners: Micro`, `revenue: $1B/month gro`.
        XCTAssertEqual(candidates(session, "lab Z { owners: Micro"), ["Microsoft"])
        XCTAssertEqual(candidates(session, "  revenue: $1B/month gro", previous: "lab Z {"), ["growth", "growing"])
        XCTAssertEqual(candidates(session, "chip C { pe"), ["perf"])
        XCTAssertEqual(candidates(session, "chip C { price: $1k }; ca"), ["cancel"])
        // A colon on a continuation line is not a command.
        XCTAssertFalse(candidates(session, ":lo", previous: "lab Z {").contains(":load"))
    }

    func testNamesComeFromTypedStatementsEvenBeforeTheScenarioRuns() {
        let (session, _) = makeSession()
        ok(session, "lab Zeta { cash: $1B }")
        XCTAssertEqual(candidates(session, "Ze"), ["Zeta"])
        XCTAssertEqual(candidates(session, ":show Z"), ["Zeta"])
    }

    func testCompletesTheWordsOfV2() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertEqual(candidates(session, "Alpha.d"), ["debt"])
        XCTAssertEqual(candidates(session, ":table cash, de"), ["debt"])
        XCTAssertEqual(candidates(session, "on 2025-03: Alpha bor"), ["borrows"])
        XCTAssertEqual(candidates(session, "on 2025-03: Alpha pa"), ["param", "pays"])
        XCTAssertEqual(candidates(session, "on 2025-10 wi"), ["with"])
        XCTAssertEqual(candidates(session, "on 2025-10 with prob"), ["probability"])
        XCTAssertEqual(candidates(session, "on 2025-10: Microsoft buys 1% of Alpha from oth"), ["others"])
        XCTAssertEqual(candidates(session, "obs"), ["observe"])
        XCTAssertEqual(candidates(session, "lab Z { fou"), ["founded"])
    }

    func testAnObservationIsAStatementOfTheSession() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertTrue(Session.statementKeywords.contains("observe"))
        ok(session, "observe Alpha.cash at 2025-06 = $10B ± 10%")
        XCTAssertTrue(session.handle("observe Alpha.cash at 2027-06 = $10B ± 10%").errors.contains("outside the run"))
    }
}
