import RaceModel
import XCTest
@testable import RaceEngine

/// A funding round with many named investors (OpenAI's October 2024 round had a dozen) must
/// run under Monte Carlo as it runs alone: each investor's row of amounts needs a place of
/// its own, however many there are.
final class SyndicatedRoundTests: XCTestCase {
    /// A lab raising from `investors` named backers, each with an amount of its own, and the
    /// same round with the amount split equally.
    static func scenario(investors: Int, amounts: Bool) -> String {
        var text = """
        start 2025-01
        horizon 2025-12
        lab X { cash: $1B, valuation: $10B, burn: $100M/month growing (1%/month to 3%/month) }

        """
        for i in 0..<investors { text += "company C\(i) { cash: $10B }\n" }
        let names = (0..<investors).map { "C\($0)" + (amounts ? " $\(100 + $0)M" : "") }
        text += "on 2025-03: X raises $\(investors * 200)M at $60B post from \(names.joined(separator: ", "))\n"
        return text
    }

    func testRoundsWithOneToThirtyNamedInvestorsRunInLanesAsAlone() throws {
        for investors in 1...30 {
            for amounts in [true, false] {
                let text = Self.scenario(investors: investors, amounts: amounts)
                let (model, diagnostics) = Engine.model(text)
                guard let model else { return XCTFail("does not check: \(diagnostics.map(\.message))") }
                let plan = Lowering.lower(model)
                let result = try MonteCarlo.run(plan: plan, samples: 20, seed: 7, threads: 1)
                for s in [0, 19] {
                    let alone = try Engine.runAlone(plan, draws: MonteCarlo.draws(plan: plan, seed: 7, sample: s))
                    for e in 0..<plan.entityCount {
                        let expected = alone.value(.cash, entity: e, step: plan.steps - 1)
                        let got = result.values(.cash, entity: e)![s]
                        XCTAssertEqual(got.bitPattern, expected.bitPattern,
                                       "\(investors) investors (amounts: \(amounts)), sample \(s), entity \(e)")
                    }
                }
            }
        }
    }
}
