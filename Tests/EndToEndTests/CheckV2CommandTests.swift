import Foundation
import XCTest

/// `race check` on the bad inputs of docs/reference/financing.md, docs/reference/uncertain-events.md and docs/reference/observations.md, as a user sees it: exit 1, every
/// problem as `file:line:col: error: …` with the line, a caret under the place and a hint.
final class CheckV2CommandTests: XCTestCase {
    static let scenario = """
        start 2025-01
        horizon 2025-12
        company Apollo { cash: $20B }
        lab X { cash: $1B }
        chip G { price: $60k, perf: 2.5 PFLOP/s, rent: $5/hour }
        on 2025-03: X borrows $5B from Apollo at 12% over 12 months
        on 2025-04: X rents 1 GW of G from Apollo over 12 months
        on 2025-05: Apollo buys 150% of X from others for $1B
        on 2025-06 with probability 130%: X exits
        lab Late { founded: 2026-06 }
        observe X.cash at 2025-06 = $1B ± 3 months

        """

    func check(_ text: String) throws -> RaceProcess.Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("race-check-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("bad.race"), atomically: true, encoding: .utf8)
        return try RaceProcess.run(["check", "bad.race"], in: folder, timeout: 20)
    }

    func testEveryBadInputIsALocatedErrorWithACaret() throws {
        let outcome = try check(Self.scenario)
        XCTAssertEqual(outcome.status, 1, outcome.output)
        let expected = [
            "bad.race:6:42: error: a rate without a time unit: a loan's rate is a ratio per time",
            "bad.race:7:21: error: a lease of watts from a chip with no `power`",
            "bad.race:8:25: error: a secondary sale of 150% is more than 100% of the company",
            "bad.race:9:29: error: a probability must be between 0% and 100%, but this is 130%",
            "bad.race:10:21: warning: 'Late' is founded in 2026-06, after the horizon 2025-12, so it never enters the run",
            "bad.race:11:35: error: an observation's error must be money ($), or a percentage of the value, but this is time (months)",
        ]
        for line in expected {
            XCTAssertTrue(outcome.output.contains(line), "no \(line.debugDescription) in\n\(outcome.output)")
        }
        // The rate's line, its caret under `12%`, and the hint.
        XCTAssertTrue(outcome.output.contains(" 6 | on 2025-03: X borrows $5B from Apollo at 12% over 12 months\n"
                                              + "   |                                          ^~~\n"), outcome.output)
        XCTAssertTrue(outcome.output.contains("write it per year or per month, as in `12%/year` or `12%/month`"), outcome.output)
    }

    func testAFoundingDateAfterTheHorizonAloneIsOnlyAWarning() throws {
        let outcome = try check("start 2025-01\nhorizon 2025-12\nlab Late { founded: 2026-06 }\n")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("bad.race:3:21: warning:"), outcome.output)
    }

    func testASyntaxErrorOfTheNewFormsIsLocatedToo() throws {
        let outcome = try check("start 2025-01\nhorizon 2025-12\nlab X\nobserve X.cash at 2025-06 = $1B\n")
        XCTAssertEqual(outcome.status, 1, outcome.output)
        XCTAssertTrue(outcome.output.contains("bad.race:4:32: error: expected '±' and the observation's error after the value"),
                      outcome.output)
    }
}
