import XCTest
@testable import RaceSession

/// A small scenario: two labs, a backer, a chip available from 2025-06, a labelled event.
let testScenario = """
scenario "Test"
start 2025-01
horizon 2025-12
param growth = 5%/month
chip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW, available: 2025-06 }
company Microsoft
lab Alpha {
  cash: $10B
  valuation: $100B
  revenue: $1B/month growing growth
  burn: $1.5B/month
  fleet: 10k H100
  owners: Microsoft 30%
}
lab Beta { cash: $2B, burn: $300M/month }
on 2025-06 as msft: Microsoft invests $5B in Alpha
let share(L) = L.cash / total(cash)

"""

extension XCTestCase {
    /// A session over a memory file system holding `Scenarios/test.race` (and `files`).
    func makeSession(files: [String: String] = [:]) -> (Session, MemoryIO) {
        var all = ["Scenarios/test.race": testScenario]
        all.merge(files) { $1 }
        let io = MemoryIO(files: all)
        return (Session(io: io), io)
    }

    /// Handles `text` and fails the test if it failed; returns the output.
    @discardableResult
    func ok(_ session: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let reply = session.handle(text)
        XCTAssertFalse(reply.failed, "\(text) failed:\n\(reply.errors)", file: file, line: line)
        XCTAssertFalse(reply.errors.contains("error"), "\(text) printed errors:\n\(reply.errors)", file: file, line: line)
        return reply.output
    }

    /// Handles `text`, expects it to fail; returns the errors.
    @discardableResult
    func fails(_ session: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let reply = session.handle(text)
        XCTAssertTrue(reply.failed, "\(text) should have failed; output:\n\(reply.output)", file: file, line: line)
        XCTAssertTrue(reply.errors.contains("error"), "\(text): no error printed", file: file, line: line)
        return reply.errors
    }

    /// Everything the session can say about its state, for comparing before and after.
    func snapshot(_ session: Session, file: StaticString = #filePath, line: UInt = #line) -> String {
        let commands = [":show", ":show Alpha", ":show Beta", ":table cash, revenue, burn, runway, flop, valuation, active, share",
                        ":events", ":forks", ":json", "Alpha.cash", "total(compute)", "date"]
        return commands.map { command in
            let reply = session.handle(command)
            return "\(command)\n\(reply.output)\(reply.errors)"
        }.joined(separator: "\n") + "\nfork: \(session.currentFork)\nscenario:\n\(session.scenarioText(savingTo: "x.race"))"
    }
}
