import Foundation
import RaceAnalysis
import RaceEngine
import RaceModel
import XCTest

/// `race explain` (docs/reference/explain.md) against closed forms: a monotone outcome of one input has rank
/// correlation 1 and the swing of the input's deciles; inputs of known weights rank in order;
/// observations change the ranking.
final class SensitivityTests: XCTestCase {
    func explain(_ plan: Plan, samples: Int, outcome: String, weighted: Bool = true) throws -> Sensitivity.Ranking {
        let model = plan.model
        let target = try ExplainOutcome.parse(outcome, model).get()
        let result = try MonteCarlo.run(plan: plan, samples: samples, seed: 7, threads: 2, fields: ExplainOutcome.fields([target]),
                                        options: MonteCarloOptions(keepDraws: true, weighted: weighted))
        let sensitivity = Sensitivity.fromSamples(result, inputs: RandomInputs.of(model), outcomes: [target], step: model.steps - 1)
        return try XCTUnwrap(sensitivity.rankings.first)
    }

    /// One lognormal input, the outcome linear in it (cash less ten months of burn): ρ is 1,
    /// and the outcome's median in the input's lowest and highest tenths is the input's 5th
    /// and 95th percentiles (the `A to B` it was written as) less the burn.
    func testOneLognormalInputOfALinearOutcomeHasCorrelationOneAndItsDecilesSwing() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-10
            lab L { cash: $1B to $4B, burn: $10M/month }
            """)
        let n = 20_000.0
        let ranking = try explain(plan, samples: Int(n), outcome: "L.cash")
        let effect = try XCTUnwrap(ranking.effects.first)
        XCTAssertEqual(ranking.effects.count, 1)
        XCTAssertEqual(try XCTUnwrap(effect.correlation), 1, accuracy: 1e-12)
        // The density of the lognormal at its 5th and 95th percentiles, for the standard errors.
        let sigma = log(4.0) / (2 * Scenario.z95)
        let density5 = Scenario.phi(Scenario.z95) / (1e9 * sigma), density95 = Scenario.phi(Scenario.z95) / (4e9 * sigma)
        XCTAssertEqual(effect.low, 1e9 - 1e8, accuracy: 5 * Scenario.quantileError(0.05, density: density5, n: n))
        XCTAssertEqual(effect.high, 4e9 - 1e8, accuracy: 5 * Scenario.quantileError(0.95, density: density95, n: n))
        XCTAssertEqual(ranking.center, 2e9 - 1e8, accuracy: 5 * Scenario.quantileError(0.5, density: Scenario.phi(0) / (2e9 * sigma), n: n))
        // The input's own tenths: its 10th and 90th percentiles.
        XCTAssertEqual(effect.lowInput, 1e9 * pow(2, 1 - 1.2815515655446004 / Scenario.z95), accuracy: 3e7)
        XCTAssertEqual(effect.highInput, 2e9 * pow(2, 1.2815515655446004 / Scenario.z95), accuracy: 6e7)
    }

    /// cash = $50B + big + small, big ~ N(0, $3B) and small ~ N(0, $1B) independent: Pearson's
    /// r is 3/√10 and 1/√10, Spearman's ρ = (6/π)·asin(r/2) for normal inputs; big ranks first.
    func testTwoIndependentInputsOfKnownWeightsRankInOrder() throws {
        let text = """
            start 2025-01
            horizon 2025-03
            param big = normal($0, $3B)
            param small = normal($0, $1B)
            lab L { cash: $50B + big + small }
            """
        let plan = try Scenario.plan(text)
        let ranking = try explain(plan, samples: 20_000, outcome: "L.cash")
        XCTAssertEqual(ranking.effects.map(\.input.name), ["big", "small"])
        func spearman(_ r: Double) -> Double { 6 / Double.pi * asin(r / 2) }
        XCTAssertEqual(try XCTUnwrap(ranking.effects[0].correlation), spearman(3 / 10.0.squareRoot()), accuracy: 0.01)
        XCTAssertEqual(try XCTUnwrap(ranking.effects[1].correlation), spearman(1 / 10.0.squareRoot()), accuracy: 0.02)

        // One at a time: each input at its 5th and 95th percentile, exactly.
        let target = try ExplainOutcome.parse("L.cash", plan.model).get()
        let oat = try Sensitivity.oneAtATime(plan: plan, inputs: RandomInputs.of(plan.model), outcomes: [target], step: 2)
        let effects = try XCTUnwrap(oat.rankings.first).effects
        XCTAssertEqual(effects.map(\.input.name), ["big", "small"])
        XCTAssertEqual(effects[0].swing, 2 * Scenario.z95 * 3e9, accuracy: 1)
        XCTAssertEqual(effects[1].swing, 2 * Scenario.z95 * 1e9, accuracy: 1)
        XCTAssertEqual(effects[0].low, 50e9 - Scenario.z95 * 3e9, accuracy: 1)
        XCTAssertEqual(oat.rankings[0].center, 50e9)
        XCTAssertNil(effects[0].correlation)
    }

    /// Observed tightly, the wide input hardly varies among the samples that count: the
    /// narrow one then moves the outcome most. Unweighted (`--prior`), the wide one does.
    func testObservationsWeighTheRanking() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-03
            param wide = normal($0, $3B)
            param narrow = normal($0, $1B)
            lab L { cash: $50B + wide + narrow, valuation: $10B + wide }
            observe L.valuation at 2025-01 = $10B ± $100M
            """)
        let prior = try explain(plan, samples: 20_000, outcome: "L.cash", weighted: false)
        XCTAssertEqual(prior.effects.first?.input.name, "wide")
        let posterior = try explain(plan, samples: 20_000, outcome: "L.cash")
        XCTAssertEqual(posterior.effects.first?.input.name, "narrow")
        XCTAssertGreaterThan(try XCTUnwrap(posterior.effects.first?.correlation), 0.9)
    }

    /// An event that may happen: without and with it, one at a time; its "tenths" from samples
    /// are the samples without and with it.
    func testAnEventThatMayHappenSwingsFromWithoutToWithIt() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-06
            company Big
            lab L { cash: $1B, valuation: $10B }
            on 2025-03 as tranche with probability 30%: Big invests $2B in L
            """)
        let target = try ExplainOutcome.parse("L.cash", plan.model).get()
        let oat = try Sensitivity.oneAtATime(plan: plan, inputs: RandomInputs.of(plan.model), outcomes: [target], step: 5)
        let effect = try XCTUnwrap(oat.rankings.first?.effects.first)
        XCTAssertEqual(effect.input.name, "tranche happens")
        XCTAssertEqual([effect.lowInput, effect.highInput], [0, 1])
        XCTAssertEqual([effect.low, effect.high], [1e9, 3e9])
        let sampled = try explain(plan, samples: 2_000, outcome: "L.cash")
        XCTAssertEqual(try XCTUnwrap(sampled.effects.first).low, 1e9)
        XCTAssertEqual(try XCTUnwrap(sampled.effects.first).high, 3e9)
    }

    /// The ranking is worked out on the run's threads, an input and an outcome each: any
    /// number of them gives the same numbers.
    func testThreadsDoNotChangeTheRanking() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-12
            param big = normal($0, $3B)
            param small = normal($0, $1B)
            param burn = $100M/month to $400M/month
            lab L { cash: $50B + big + small, burn: burn }
            lab M { cash: $20B - big, burn: burn / 2 }
            """)
        let model = plan.model
        let outcomes = try ["L.cash", "M.cash", "L.runway"].map { try ExplainOutcome.parse($0, model).get() }
        let result = try MonteCarlo.run(plan: plan, samples: 3000, seed: 11, threads: 2, fields: ExplainOutcome.fields(outcomes),
                                        options: MonteCarloOptions(keepDraws: true))
        func numbers(_ threads: Int) -> [[Double?]] {
            Sensitivity.fromSamples(result, inputs: RandomInputs.of(model), outcomes: outcomes, step: model.steps - 1,
                                    threads: threads).rankings.map { ranking in
                [ranking.center] + ranking.effects.flatMap { [$0.correlation, $0.low, $0.high, $0.lowInput, $0.highInput] }
            }
        }
        let one = numbers(1)
        XCTAssertEqual(one.count, 3)
        XCTAssertEqual(one[0].count, 1 + 3 * 5)
        for threads in [2, 3, 7] {
            XCTAssertEqual(numbers(threads).description, one.description, "\(threads) threads")
        }
    }

    func testRanksAverageTiesAndWeighSamples() {
        XCTAssertEqual(Ranks.positions([3, 1, 2, 2], weights: nil), [0.875, 0.125, 0.5, 0.5])
        let weighted = Ranks.positions([1, .nan, 2], weights: [1, 1, 3])
        XCTAssertEqual(weighted[0], 0.125)
        XCTAssertTrue(weighted[1].isNaN, "a missing value has no rank")
        XCTAssertEqual(weighted[2], 0.625)
        XCTAssertEqual(Ranks.quantile([5, 1, 3], 0.5, weights: nil), 3)
        XCTAssertEqual(Ranks.quantile([5, 1, 3], 0.5, weights: [0, 1, 0]), 1)
        XCTAssertNil(Ranks.correlation([1, 1, 1], [1, 2, 3], weights: nil), "a constant has no correlation")
        XCTAssertEqual(try XCTUnwrap(Ranks.spearman([1, 2, 3, 4], [10, 20, 25, 100], weights: nil)), 1, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Ranks.spearman([1, 2, 3, 4], [4, 3, 2, 1], weights: nil)), -1, accuracy: 1e-15)
    }
}
