import XCTest
@testable import RaceSession
import RaceReport

final class SessionTests: XCTestCase {
    // MARK: Loading and the clock

    func testLoadDescribesTheScenario() {
        let (session, _) = makeSession()
        let output = ok(session, ":load Scenarios/test.race")
        XCTAssertEqual(output, "loaded Scenarios/test.race: \"Test\", 2025-01..2025-12, 3 entities\n")
        XCTAssertTrue(ok(session, ":show").contains("nothing run yet"))
    }

    func testLoadingAMissingOrBrokenFileKeepsTheSession() {
        let (session, _) = makeSession(files: ["bad.race": "start 2025-01\nhorizon 2025-12\nlab A { cash: $1B + 2 months }\n"])
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 2")
        let before = snapshot(session)
        XCTAssertTrue(fails(session, ":load nowhere.race").contains("nowhere.race"))
        XCTAssertTrue(fails(session, ":load bad.race").contains("bad.race:3:"))
        XCTAssertEqual(snapshot(session), before)
    }

    func testStepGoesForwardAndStopsAtTheHorizon() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertTrue(ok(session, ":step").hasPrefix("at the end of 2025-01 (month 1 of 12)\n"))
        let output = ok(session, ":step 5")
        XCTAssertTrue(output.hasPrefix("at the end of 2025-06 (month 6 of 12)\n"), output)
        XCTAssertTrue(output.contains("Events in 2025-02..2025-06\n  2025-06  Microsoft invests $5B in Alpha"), output)
        XCTAssertTrue(ok(session, ":step 100").hasPrefix("at the end of 2025-12 (month 12 of 12)"))
        XCTAssertTrue(ok(session, ":step").hasPrefix("already at the horizon 2025-12"))
        XCTAssertTrue(fails(session, ":step 0").contains("at least 1"))
        XCTAssertTrue(fails(session, ":step two").contains("at least 1"))
    }

    func testGotoForwardAndBackMatchesAFreshRun() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":goto 2025-09")
        XCTAssertEqual(ok(session, "date"), "2025-09   (at the end of 2025-09)\n")
        let back = ok(session, ":goto 2025-04")
        XCTAssertTrue(back.hasPrefix("went back to 2025-04 (re-ran 2025-01..2025-04)\nat the end of 2025-04 (month 4 of 12)"), back)
        let afterGoingBack = snapshot(session)

        let (fresh, _) = makeSession()
        ok(fresh, ":load Scenarios/test.race")
        ok(fresh, ":step 4")
        XCTAssertEqual(afterGoingBack, snapshot(fresh))

        XCTAssertTrue(ok(session, ":goto 2025-04").hasPrefix("already at 2025-04\n"))
        XCTAssertTrue(fails(session, ":goto 2026-01").contains("outside the run (2025-01..2025-12)"))
        XCTAssertTrue(fails(session, ":goto soon").contains(":goto takes a month"))
    }

    func testRunGoesToTheHorizonAndMatchesThePipeline() throws {
        let (session, io) = makeSession()
        ok(session, ":load Scenarios/test.race")
        let output = ok(session, ":run")
        XCTAssertTrue(output.hasPrefix("at the end of 2025-12 (month 12 of 12)"))
        XCTAssertTrue(output.contains("Beta   -$100M"), output)
        XCTAssertTrue(output.contains("out of cash 2025-07"))
        // `:json` is `race run --format json`.
        let compiled = Pipeline.compile(path: "Scenarios/test.race", read: io.read)
        let result = try Pipeline.run(XCTUnwrap(compiled.model)).get()
        let expected = RunJSON.document(result, series: false, expectations: ExpectationReport.all(result)).serialized(pretty: true) + "\n"
        XCTAssertEqual(ok(session, ":json"), expected)
        XCTAssertEqual(ok(session, ":run json"), expected)
    }

    func testCommandsWithoutAScenarioExplain() {
        let (session, _) = makeSession()
        for command in [":run", ":step", ":show", ":events", ":json", "1 + 1", ":goto 2025-03", ":table cash"] {
            XCTAssertTrue(fails(session, command).contains("no scenario"), command)
        }
        XCTAssertTrue(fails(session, ":reload").contains("nothing was loaded"))
        XCTAssertTrue(fails(session, ":undo").contains("nothing to undo"))
        XCTAssertTrue(fails(session, ":frobnicate").contains("unknown command :frobnicate"))
        XCTAssertTrue(fails(session, ":sa x").contains("did you mean :save?"))
        XCTAssertTrue(session.handle(":quit").quit)
        XCTAssertTrue(ok(session, ":help").contains(":json"))
        XCTAssertTrue(ok(session, ":help units").contains("FLOP"))
    }

    // MARK: Evaluation

    func testEvaluationFormatsQuantitiesConditionsAndDates() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        XCTAssertEqual(ok(session, "Alpha.cash"), "$10B   (before 2025-01)\n")
        ok(session, ":step 2")
        XCTAssertEqual(ok(session, "Alpha.cash"), "$9.05B   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, ":eval Beta.cash"), "$1.4B   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Alpha.cash > $9B"), "true   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Alpha.cash > $9B and Beta.cash > $2B"), "false   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Beta.runway"), "4.67 months   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Alpha.runway"), "20.1 months   (at the end of 2025-02)\n")
        ok(session, "lab Idle { cash: $1B }")
        XCTAssertEqual(ok(session, "Idle.runway"), "∞ (nothing is burnt)   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Idle.runway < 12 months"), "false   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "(1 + 2) * 3"), "9   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "date"), "2025-02   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "share(Beta)"), ok(session, "Beta.share"))
    }

    /// The value asked for is the one of the month's row (what `race run` and `expect` see),
    /// not the state after that month's growth.
    func testEvaluationAgreesWithTheTableAndShow() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 3")
        let revenue = ok(session, "Alpha.revenue")
        XCTAssertEqual(revenue, "$1.10B/month   (at the end of 2025-03)\n")
        XCTAssertTrue(ok(session, ":show Alpha").contains("  revenue     $1.10B/month\n"))
        XCTAssertTrue(ok(session, ":table revenue").contains("$1.10B/month"))
        XCTAssertTrue(ok(session, ":show").contains("$1.10B/month"))
        XCTAssertEqual(ok(session, "Alpha.age"), "2 months   (at the end of 2025-03)\n")
        XCTAssertTrue(ok(session, ":show Alpha").contains("  age         2 months\n"))
    }

    func testEvaluationErrorsPointAtTheTypedLine() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")  // line 1
        ok(session, ":step")                       // line 2
        let errors = fails(session, "Alpha.cash + Alpha.revenue")  // line 3
        XCTAssertTrue(errors.hasPrefix("<repl>:3:1: error:"), errors)
        XCTAssertTrue(errors.contains(" 3 | Alpha.cash + Alpha.revenue\n"), errors)
        XCTAssertTrue(errors.contains("^~~"), errors)
        let unknown = fails(session, "Alpah.cash")  // line 4
        XCTAssertTrue(unknown.hasPrefix("<repl>:4:1: error:"), unknown)
        XCTAssertTrue(unknown.contains("unknown name 'Alpah'"), unknown)
        XCTAssertTrue(fails(session, "Alpha").contains("this is an entity"))
        XCTAssertTrue(fails(session, "Alpha raises $1B at $10B").contains("on DATE: ACTION"))
    }

    // MARK: Statements

    func testAStatementAfterAStepReRunsToTheSameMonthAndSaysSo() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 6")
        XCTAssertEqual(ok(session, "Beta.cash"), "$200M   (at the end of 2025-06)\n")
        let output = ok(session, "lab Beta { burn: $100M/month }")
        XCTAssertEqual(output, "re-ran 2025-01..2025-06 with the change\n")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.4B   (at the end of 2025-06)\n")
        XCTAssertTrue(ok(session, ":show").hasPrefix("at the end of 2025-06 (month 6 of 12)"))
        // A statement before anything has run says nothing.
        let (fresh, _) = makeSession()
        ok(fresh, ":load Scenarios/test.race")
        XCTAssertEqual(ok(fresh, "lab Beta { burn: $100M/month }"), "")
    }

    func testPastEditsLikeCancelAndDelayReRun() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":goto 2025-08")
        XCTAssertEqual(ok(session, "Alpha.valuation"), "$105B   (at the end of 2025-08)\n")
        ok(session, "cancel msft")
        XCTAssertEqual(ok(session, "Alpha.valuation"), "$100B   (at the end of 2025-08)\n")
        XCTAssertEqual(ok(session, ":events"), "2025-07  Beta runs out of cash\n")
        ok(session, ":undo")
        ok(session, "delay msft by 1 month")
        XCTAssertTrue(ok(session, ":events").contains("2025-07  Microsoft invests $5B in Alpha"))
    }

    func testEveryKindOfErrorLeavesTheStateExactlyAsItWas() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Gamma { cash: $3B, burn: $100M/month }")
        ok(session, ":fork other")
        ok(session, ":step 4")
        let before = snapshot(session)
        let bad = [
            "lab Beta { cash: $1B + 3 months }",              // dimensions
            "lab Beta { cahs: $1B }",                          // unknown field
            "on 2025-02: Nobody invests $1B in Beta",          // unknown entity
            "on 2025-03: Beta buys 10 H100",                   // a run error in a month already run
            "lab Beta { cash: $1B",                            // unclosed (handed over as it stands)
            "param growth = 5%/month growing",                 // syntax
            "let x = y",                                       // unknown name
            "let a = b\nlet b = a",                            // a cycle
            "extends \"Scenarios/test.race\"",                // not in the REPL
            "horizon 2024-12",                                 // before the start
            "Alpha.cash + 1 month",                            // a bad expression
            ":goto 2030-01", ":switch nowhere", ":fork other", ":fork 9lives", ":table cash, nothing",
            ":show Nobody", ":load missing.race", ":save", ":undo extra", ":step -2",
        ]
        for line in bad {
            fails(session, line)
            XCTAssertEqual(snapshot(session), before, "after \(line.debugDescription)")
        }
    }

    func testARunErrorAheadStopsTheClockAtTheMonthBefore() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, "on 2025-03: Beta buys 10 H100")
        let errors = fails(session, ":run")
        XCTAssertTrue(errors.contains("error:"), errors)
        XCTAssertTrue(errors.contains("the run stopped in 2025-03; the clock stays at the end of 2025-02"), errors)
        XCTAssertEqual(ok(session, "date"), "2025-02   (at the end of 2025-02)\n")
        let atFeb = snapshot(session)
        fails(session, ":step")
        XCTAssertEqual(snapshot(session), atFeb)
        ok(session, ":undo")
        XCTAssertTrue(ok(session, ":run").hasPrefix("at the end of 2025-12"))
    }

    func testUndoTakesBackTheLastStatement() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 6")
        let before = snapshot(session)
        ok(session, "lab Beta { burn: $1B/month }")
        XCTAssertNotEqual(snapshot(session), before)
        let output = ok(session, ":undo")
        XCTAssertEqual(output, "took back: lab Beta { burn: $1B/month }\nre-ran 2025-01..2025-06 without it\n")
        XCTAssertEqual(snapshot(session), before)
        XCTAssertTrue(fails(session, ":undo").contains("nothing to undo"))
    }

    func testAScenarioCanBeTypedFromScratch() {
        let (session, _) = makeSession()
        XCTAssertTrue(ok(session, "lab A { cash: $1B, burn: $100M/month }").contains("needs 'start 2025-01' and 'horizon"))
        XCTAssertTrue(fails(session, "lab B { cash: $1B + 1 month }").contains("<repl>:2:"))
        XCTAssertTrue(ok(session, "start 2025-01").contains("needs 'horizon"))
        XCTAssertTrue(fails(session, ":step").contains("needs 'horizon"))
        XCTAssertEqual(ok(session, "horizon 2025-12"), "")
        XCTAssertTrue(ok(session, ":step 3").contains("A    $700M"))
        XCTAssertEqual(ok(session, "A.runway"), "7 months   (at the end of 2025-03)\n")
    }

    func testReloadReadsTheFileAgainAndKeepsTypedStatements() {
        let (session, io) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Beta { burn: $100M/month }")
        ok(session, ":step 2")
        io.files["Scenarios/test.race"] = testScenario.replacingOccurrences(of: "cash: $10B", with: "cash: $20B")
        XCTAssertEqual(ok(session, ":reload"), "reloaded Scenarios/test.race, kept 1 typed statement, re-ran 2025-01..2025-02\n")
        XCTAssertEqual(ok(session, "Alpha.cash"), "$19.0B   (at the end of 2025-02)\n")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.8B   (at the end of 2025-02)\n")
        // A file that no longer checks leaves the session as it was.
        let before = snapshot(session)
        io.files["Scenarios/test.race"] = testScenario.replacingOccurrences(of: "cash: $10B", with: "cash: $10B + 1 month")
        XCTAssertTrue(fails(session, ":reload").contains("as it was before :reload"))
        XCTAssertEqual(snapshot(session), before)
    }

    // MARK: Forks

    func testForksAreIndependent() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 3")
        XCTAssertEqual(ok(session, ":fork cheap"), "forked 'main' as 'cheap'; now on 'cheap'\n")
        XCTAssertEqual(session.currentFork, "cheap")
        ok(session, "lab Beta { burn: $100M/month }")
        ok(session, ":step 3")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.4B   (at the end of 2025-06)\n")
        XCTAssertEqual(ok(session, ":switch main"), "now on 'main' at the end of 2025-03\n")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.1B   (at the end of 2025-03)\n")
        ok(session, "lab Beta { burn: $200M/month }")
        XCTAssertEqual(ok(session, ":forks"), "* main  (1 statement on Scenarios/test.race)\n  cheap  (1 statement on Scenarios/test.race)\n")
        ok(session, ":switch cheap")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.4B   (at the end of 2025-06)\n")
        ok(session, ":undo")
        ok(session, ":switch main")
        XCTAssertEqual(ok(session, "Beta.cash"), "$1.4B   (at the end of 2025-03)\n")
        XCTAssertTrue(ok(session, ":save main.race").contains("saved 1 statement"))
        XCTAssertTrue(fails(session, ":fork main").contains("exists"))
    }

    // MARK: Saving

    func testSaveThenLoadGivesTheSameState() {
        let (session, io) = makeSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":step 4")
        ok(session, "lab Beta { burn: $100M/month }")
        ok(session, "on 2025-09 as late: Microsoft invests $1B in Beta at $5B")
        ok(session, "lab Gamma {\n  cash: $3B\n  burn: $200M/month\n}")
        XCTAssertEqual(ok(session, ":save out/whatif.race"), "saved 3 statements to out/whatif.race\n")
        let saved = io.files["out/whatif.race"] ?? ""
        XCTAssertTrue(saved.contains("extends \"../Scenarios/test.race\"\n"), saved)
        let expected = ok(session, ":run json")

        let (reloaded, _) = makeSession(files: ["out/whatif.race": saved])
        ok(reloaded, ":load out/whatif.race")
        XCTAssertEqual(ok(reloaded, ":run json"), expected)
        // And from the same folder.
        XCTAssertEqual(Session.relativePath(of: "Scenarios/test.race", from: "whatif.race"), "Scenarios/test.race")
        XCTAssertEqual(Session.relativePath(of: "Scenarios/test.race", from: "Scenarios/w.race"), "test.race")
        XCTAssertEqual(Session.relativePath(of: "/abs/test.race", from: "w.race"), "/abs/test.race")
    }

    func testSaveOfAScenarioTypedFromScratchRunsAlone() {
        let (session, io) = makeSession()
        ok(session, "start 2025-01")
        ok(session, "horizon 2025-06")
        ok(session, "lab A { cash: $1B, burn: $100M/month }")
        ok(session, ":save scratch.race")
        XCTAssertFalse(io.files["scratch.race"]!.contains("extends"))
        let expected = ok(session, ":run json")
        let (other, _) = makeSession(files: ["scratch.race": io.files["scratch.race"]!])
        ok(other, ":load scratch.race")
        XCTAssertEqual(ok(other, ":run json"), expected)
    }

    func testSaveRefusesToOverwriteAFileItDidNotLoadOrWrite() {
        let (session, io) = makeSession(files: ["notes.race": "# mine\n"])
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Beta { burn: $100M/month }")
        let refused = fails(session, ":save notes.race")
        XCTAssertTrue(refused.contains("did not load or write it; :save! notes.race overwrites it"), refused)
        XCTAssertEqual(io.files["notes.race"], "# mine\n")
        ok(session, ":save! notes.race")
        XCTAssertTrue(io.files["notes.race"]!.contains("lab Beta { burn: $100M/month }"))
        // A file this session wrote can be written again; the loaded file itself cannot be the target.
        ok(session, "lab Beta { burn: $50M/month }")
        ok(session, ":save notes.race")
        XCTAssertTrue(io.files["notes.race"]!.contains("$50M/month"))
        XCTAssertTrue(fails(session, ":save Scenarios/test.race").contains("extends"))
        XCTAssertEqual(io.files["Scenarios/test.race"], testScenario)
        XCTAssertTrue(ok(session, ":save \"quoted name.race\"").contains("quoted name.race"))
        XCTAssertNotNil(io.files["quoted name.race"])
    }

    // MARK: Interrupting

    func testShouldStopInterruptsARunBetweenMonths() {
        let (session, _) = makeSession()
        ok(session, ":load Scenarios/test.race")
        var asked = 0
        session.shouldStop = {
            asked += 1
            return asked > 3
        }
        let output = ok(session, ":run")
        XCTAssertTrue(output.hasPrefix("interrupted\nat the end of 2025-03 (month 3 of 12)"), output)
        session.shouldStop = { false }
        XCTAssertTrue(ok(session, ":run").hasPrefix("at the end of 2025-12"))
    }
}

/// Issue 14's REPL: `X.FIELD at DATE` reads a past month's record; `:step` prints what changed.
final class SessionHistoryTests: XCTestCase {
    func testAFieldAtAPastMonthReadsThatMonthsRecord() throws {
        let (session, _) = makeSession()
        for line in ["start 2025-01", "horizon 2025-12", "lab X { cash: $1B, burn: $100M/month }", ":step 6"] { ok(session, line) }
        XCTAssertEqual(ok(session, "X.cash at 2025-03"), "$700M   (at the end of 2025-03)\n")
        XCTAssertEqual(ok(session, "X.cash - X.burn * 1 month at 2025-02"), "$700M   (at the end of 2025-02)\n")
        XCTAssertTrue(fails(session, "X.cash at 2025-09").contains("2025-09 has not been run yet"))
        XCTAssertTrue(fails(session, "X.cash at 2027-01").contains("outside the run"))
    }

    func testAStepPrintsTheMonthsEventsAndEachLabsCashChange() throws {
        let (session, _) = makeSession()
        for line in ["start 2025-01", "horizon 2025-12", "lab X { cash: $1B, burn: $100M/month }",
                     "on 2025-02: X raises $1B at $10B"] { ok(session, line) }
        let output = ok(session, ":step 3")
        XCTAssertTrue(output.contains("Events in 2025-01..2025-03\n  2025-02  X raises $1B at $10B post\n"), output)
        XCTAssertTrue(output.contains("+$700M"), output)
        XCTAssertFalse(output.contains("Owners"), "the whole state is :show's")
    }
}
