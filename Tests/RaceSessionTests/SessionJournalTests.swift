import XCTest
@testable import RaceSession

/// The session journal (issue 13): every change is recorded as it is made, and a new
/// session restores from it exactly what the old one had, whatever the old one did.
final class SessionJournalTests: XCTestCase {
    /// A session with a journal in memory.
    private func journalledSession(files: [String: String] = [:]) -> (Session, MemoryIO, MemoryJournalStore) {
        let (session, io) = makeSession(files: files)
        let store = MemoryJournalStore()
        session.journal = SessionJournal(store: store, workingFolder: "/work")
        return (session, io, store)
    }

    /// A fresh session over `io` that recovers the journal in `bytes` (as `race` does after a crash).
    private func recovered(_ bytes: [UInt8], io: MemoryIO, workingFolder: String = "/work") -> (Session, Session.Reply) {
        let session = Session(io: io)
        let store = MemoryJournalStore()
        store.abandoned = [(AbandonedJournal(id: "old", written: "noon"), bytes)]
        session.journal = SessionJournal(store: store, workingFolder: workingFolder)
        let reply = session.recover(from: store.abandonedJournals()[0], workingFolder: workingFolder)
        return (session, reply)
    }

    func testRecordsSurviveEveryCharacterAFieldCanHold() {
        let awkward = "lab A {\n\tcash: $1B \\ # \"x\"\r\n}"
        let records: [JournalRecord] = [
            .header(workingFolder: "/a\tb"), .fork("f"), .switch("main"),
            .base(fork: "main", path: "x.race", files: [SourceText(name: "x.race", text: awkward), SourceText(name: "b", text: "")]),
            .base(fork: "f", path: nil, files: []), .keepEntries(fork: "main", count: 2),
            .entry(fork: "main", firstLine: 7, text: awkward), .clock(fork: "f", months: 12), .owned("out/y.race"), .linesTyped(9),
        ]
        let decoded = JournalRecord.decode(records.flatMap(\.encoded))
        XCTAssertEqual(decoded.workingFolder, "/a\tb")
        XCTAssertEqual(decoded.records, Array(records.dropFirst()))
    }

    func testATornLastRecordIsDroppedAndABrokenOneEndsTheReading() {
        let good = JournalRecord.entry(fork: "main", firstLine: 1, text: "start 2025-01").encoded
        let torn = Array(JournalRecord.entry(fork: "main", firstLine: 2, text: "horizon 2025-12").encoded.dropLast())
        XCTAssertEqual(JournalRecord.decode(good + torn).records.count, 1)
        XCTAssertEqual(JournalRecord.decode(good + Array("nonsense\n".utf8) + good).records.count, 1)
    }

    func testASessionIsRestoredExactlyFromItsJournal() {
        let (session, io, store) = journalledSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Gamma { cash: $3B, burn: $100M/month }")
        ok(session, ":step 4")
        ok(session, ":fork slow")
        ok(session, "param growth = growth / 2")
        ok(session, "lab Beta {\n  cash: $5B\n}")
        ok(session, ":undo")
        ok(session, "delay msft by 2 months")
        ok(session, ":goto 2025-09")
        ok(session, ":save out/slow.race")
        ok(session, ":switch main")
        fails(session, "lab Q { cash: 3 months }")
        let expected = snapshot(session)

        let (restored, reply) = recovered(store.bytes, io: io)
        XCTAssertFalse(reply.failed, reply.errors)
        XCTAssertTrue(reply.output.contains("fork main: 1 statement on Scenarios/test.race; fork slow: 3 statements"), reply.output)
        XCTAssertEqual(restored.image, session.image)
        // The typed lines keep their numbers: the next error names the same line.
        XCTAssertEqual(fails(restored, "lab Z { cash: 1 }"), fails(session, "lab Z { cash: 1 }"))
        XCTAssertEqual(snapshot(restored), expected)
        ok(restored, ":switch slow")
        ok(session, ":switch slow")
        XCTAssertEqual(snapshot(restored), snapshot(session))
    }

    func testTheFilesAreRestoredAsTheyWereLoaded() {
        let (session, io, store) = journalledSession()
        ok(session, ":load Scenarios/test.race")
        ok(session, ":run")
        let expected = snapshot(session)
        io.files["Scenarios/test.race"] = "start 2030-01\nhorizon 2030-02\n"
        let (restored, _) = recovered(store.bytes, io: io)
        XCTAssertEqual(snapshot(restored), expected)
    }

    /// Every file read counts, also one that holds nothing but `extends` (no statement of
    /// its own comes from it) and an empty base.
    func testEveryFileReadIsKeptEvenWithoutStatementsOfItsOwn() {
        let (session, io, store) = journalledSession(files: [
            "whatif.race": "extends \"empty.race\"\n", "empty.race": "extends \"Scenarios/test.race\"\n# nothing\n"])
        ok(session, ":load whatif.race")
        ok(session, ":step 2")
        let expected = snapshot(session)
        let (restored, reply) = recovered(store.bytes, io: MemoryIO(files: [:]))
        XCTAssertFalse(reply.failed, reply.errors)
        XCTAssertEqual(snapshot(restored), expected)
        _ = io
    }

    func testAReloadIsRecordedWithTheNewText() {
        let (session, io, store) = journalledSession()
        ok(session, ":load Scenarios/test.race")
        io.files["Scenarios/test.race"]! += "lab Delta { cash: $9B }\n"
        ok(session, ":reload")
        let (restored, _) = recovered(store.bytes, io: io)
        XCTAssertTrue(ok(restored, ":show Delta").contains("Delta (lab"))
    }

    func testRelativePathsOfASessionRunElsewhereAreReadFromThere() {
        let (session, _, store) = journalledSession()
        ok(session, ":load Scenarios/test.race")
        let elsewhere = MemoryIO(files: [:])
        let (restored, reply) = recovered(store.bytes, io: elsewhere, workingFolder: "/somewhere/else")
        XCTAssertFalse(reply.failed, reply.errors)
        XCTAssertTrue(ok(restored, ":forks").contains("on /work/Scenarios/test.race"))
    }

    func testRecoverWantsAFreshSessionAndSaysWhenThereIsNothing() {
        let (session, _, store) = journalledSession()
        XCTAssertTrue(fails(session, ":recover").contains("there is no session to recover"))
        store.abandoned = [(AbandonedJournal(id: "old", written: "noon"), JournalRecord.header(workingFolder: "/work").encoded
                            + JournalRecord.entry(fork: "main", firstLine: 1, text: "start 2025-01").encoded)]
        XCTAssertEqual(session.recoveryOffer(),
                       "A session ended without :quit at noon: fork main: 1 statement.\nType :recover to restore it, or :recover discard to forget it.\n")
        ok(session, "start 2026-01")
        XCTAssertTrue(fails(session, ":recover").contains("restores into a new session"))
        XCTAssertTrue(fails(session, ":recover now").contains("takes nothing"))
        XCTAssertEqual(ok(session, ":recover discard"), "forgot the session that ended at noon\n")
        XCTAssertTrue(store.abandoned.isEmpty)
    }

    func testARecoveredJournalIsRemovedOnlyOnceThisJournalHoldsIt() {
        let (old, io, oldStore) = journalledSession()
        ok(old, ":load Scenarios/test.race")
        let session = Session(io: io)
        let store = MemoryJournalStore()
        store.abandoned = [(AbandonedJournal(id: "old", written: "noon"), oldStore.bytes)]
        session.journal = SessionJournal(store: store, workingFolder: "/work")
        store.failure = "disk full"
        _ = session.handle(":recover")
        XCTAssertEqual(store.abandoned.count, 1, "kept while this journal cannot hold it")
        XCTAssertEqual(session.journal?.problem, "disk full")
        store.failure = nil
        ok(session, ":step")
        XCTAssertNil(session.journal?.problem)
        let (again, _) = recovered(store.bytes, io: io)
        XCTAssertEqual(again.image, session.image, "the records that failed were written with the next ones")
    }

    func testAnEntryThatChangesNothingRecordsOnlyTheLinesTyped() {
        let (session, _, store) = journalledSession()
        let start = store.bytes.count
        _ = session.handle(":help")
        fails(session, "lab A { cash: 3 months }")
        XCTAssertEqual(JournalRecord.decode(Array(store.bytes[start...])).records, [.linesTyped(1), .linesTyped(2)])
    }
}
