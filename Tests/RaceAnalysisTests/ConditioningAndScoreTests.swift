import Foundation
import RaceAnalysis
import RaceEngine
import RaceModel
import XCTest

/// docs/reference/observations.md observations and scores against closed forms: a normal input observed with normal
/// error (the conjugate case), a condition that removes exactly its samples, the CRPS of a
/// known distribution, the PIT of the median.
final class ConditioningAndScoreTests: XCTestCase {
    /// x ~ N($10B, $2B) observed as $12B ± $1B: the posterior is normal with precision
    /// 1/4 + 1/1 (in $B), mean (10/4 + 12/1) / 1.25 = $11.6B, sd √0.8 = $0.894B.
    func testANormalInputObservedWithNormalErrorGivesTheConjugatePosterior() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-03
            param x = normal($10B, $2B)
            lab L { cash: x }
            observe L.cash at 2025-01 = $12B ± $1B
            """)
        let result = try MonteCarlo.run(plan: plan, samples: 20_000, seed: 3, threads: 2)
        let weighting = try XCTUnwrap(result.weighting)
        let p = try XCTUnwrap(result.summary(.cash, entity: 0))
        let mean = 11.6e9, sd = 0.8.squareRoot() * 1e9
        // The effective sample size: (E w)² / E w² of the prior's weights, about 42% of the samples.
        let ew = (1 / 5.0).squareRoot() * exp(-4 / 10.0), ew2 = (1 / 9.0).squareRoot() * exp(-4 / 9.0)
        XCTAssertEqual(weighting.effectiveSamples / 20_000, ew * ew / ew2, accuracy: 0.02)
        let n = weighting.effectiveSamples
        XCTAssertEqual(p.mean, mean, accuracy: 5 * sd / n.squareRoot())
        let tail = 5 * Scenario.quantileError(0.05, density: Scenario.phi(Scenario.z95) / sd, n: n)
        XCTAssertEqual(p.p50, mean, accuracy: 5 * Scenario.quantileError(0.5, density: Scenario.phi(0) / sd, n: n))
        XCTAssertEqual(p.p5, mean - Scenario.z95 * sd, accuracy: tail)
        XCTAssertEqual(p.p95, mean + Scenario.z95 * sd, accuracy: tail)
        // --prior: the prior's own percentiles.
        let prior = try MonteCarlo.run(plan: plan, samples: 20_000, seed: 3, threads: 2, options: MonteCarloOptions(weighted: false))
        XCTAssertNil(prior.weighting)
        XCTAssertEqual(try XCTUnwrap(prior.summary(.cash, entity: 0)).p50, 10e9, accuracy: 0.05e9)
    }

    /// `observe CONDITION` weighs 1 where it held and 0 where not: every summary is the plain
    /// one over the samples in which it held, to the last bit.
    func testAFalseConditionRemovesExactlyTheSamplesWhereItFails() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-12
            param x = normal($10B, $2B)
            company Big
            lab L { cash: x, burn: $1B/month, valuation: $20B, owners: Big 10% }
            when L.cash < $3B: Big invests $1B in L
            observe L.cash > $9B at 2025-01
            expect L.active
            """)
        let weighted = try MonteCarlo.run(plan: plan, samples: 3_000, seed: 5, threads: 2)
        let prior = try MonteCarlo.run(plan: plan, samples: 3_000, seed: 5, threads: 2,
                                       options: MonteCarloOptions(keepSampleOutcomes: true, weighted: false))
        let held = prior.observed(0).map { $0 == 1 }
        let kept = held.filter { $0 }.count
        XCTAssertGreaterThan(kept, 500)
        XCTAssertLessThan(kept, 2_500)
        XCTAssertEqual(try XCTUnwrap(weighted.weighting).effectiveSamples, Double(kept), accuracy: 1e-9)
        for field in MonteCarlo.finalFields {
            let values = try XCTUnwrap(prior.values(field, entity: 1)).enumerated().filter { held[$0.offset] }.map(\.element)
            XCTAssertEqual(weighted.summary(field, entity: 1), Percentiles.of(values), "\(field.name)")
        }
        let left = (0..<3_000).filter { held[$0] && prior.exitStep(entity: 1, sample: $0) != nil }.count
        XCTAssertEqual(weighted.exitProbability(entity: 1), Double(left) / Double(kept))
        let stakes = try XCTUnwrap(prior.columns.stakes?[1 * 2 + 0])
        let mean = stakes.enumerated().filter { held[$0.offset] }.reduce(0.0) { $0 + $1.element } / Double(kept)
        XCTAssertEqual(try XCTUnwrap(weighted.meanOwners(entity: 1).first).share, mean, accuracy: 1e-12)
    }

    /// No sample meets the observation: a located error, not a silent NaN.
    func testObservationsNoSampleMeetsAreAnError() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-03
            lab L { cash: $1B to $2B }
            observe L.cash > $5B at 2025-02
            """)
        XCTAssertThrowsError(try MonteCarlo.run(plan: plan, samples: 200, threads: 1)) { error in
            XCTAssertEqual((error as? NoSampleFitsObservations)?.observation, 0)
        }
    }

    /// CRPS(N(μ, σ), y) = σ·[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ; the samples'
    /// distribution (a fine grid of the normal's quantiles) comes within its discreteness.
    func testCRPSOfAKnownDistributionMatchesTheClosedForm() throws {
        let n = 20_001, mu = 3.0, sigma = 2.0
        let values = (0..<n).map { mu + sigma * RandomStream.inverseNormal((Double($0) + 0.5) / Double(n)) }
        for y in [3.0, 4.0, -1.5, 10.0] {
            let z = (y - mu) / sigma
            let closed = sigma * (z * (2 * Scenario.Phi(z) - 1) + 2 * Scenario.phi(z) - 1 / Double.pi.squareRoot())
            XCTAssertEqual(try XCTUnwrap(Score.crps(values, y)), closed, accuracy: 1e-3 * sigma, "y = \(y)")
        }
        // Exactly, for a distribution of two samples: E|X − 0| = ½, ½·E|X − X′| = ¼.
        XCTAssertEqual(Score.crps([0, 1], 0), 0.25)
        XCTAssertEqual(Score.crps([2, 2, 2], 2), 0)
        XCTAssertEqual(Score.crps([1, .infinity], 0), .infinity)
        XCTAssertNil(Score.crps([.nan], 0))
    }

    func testPITOfTheMedianIsOneHalf() throws {
        let odd: [Double] = [5, 1, 9, 3, 7]
        XCTAssertEqual(Score.pit(odd, try XCTUnwrap(Percentiles.of(odd)).p50), 0.5)
        let even: [Double] = [4, 1, 3, 2]
        XCTAssertEqual(Score.pit(even, try XCTUnwrap(Percentiles.of(even)).p50), 0.5)
        XCTAssertEqual(Score.pit(odd, 0), 0)
        XCTAssertEqual(Score.pit(odd, 100), 1)
        XCTAssertEqual(Score.pit([1, .nan, 3, .infinity], 2), 1.0 / 3.0, "missing left out, ∞ above")
    }

    /// `race score` on a scenario: the observation at the scenario's own median has PIT ½
    /// within sampling error, and the CRPS of its normal forecast.
    func testScoringAScenarioAgainstItsOwnMedian() throws {
        let plan = try Scenario.plan("""
            start 2025-01
            horizon 2025-03
            param x = normal($10B, $2B)
            lab L { cash: x }
            observe L.cash at 2025-02 = $10B ± $1B
            observe L.cash at 2025-02 = $20B ± $1B
            observe L.active at 2025-03
            """)
        let result = try MonteCarlo.run(plan: plan, samples: 20_000, seed: 1, threads: 2, options: MonteCarloOptions(weighted: false))
        let score = Score.of(result)
        XCTAssertEqual(try XCTUnwrap(score.entries[0].pit), 0.5, accuracy: 4 * (0.25 / 20_000).squareRoot())
        XCTAssertEqual(score.entries[0].inside, true)
        XCTAssertEqual(try XCTUnwrap(score.entries[0].crps), 2e9 * (2 * Scenario.phi(0) - 1 / Double.pi.squareRoot()), accuracy: 2e7)
        XCTAssertEqual(score.entries[1].inside, false)
        XCTAssertEqual(try XCTUnwrap(score.entries[1].pit), 1, accuracy: 1e-3)
        XCTAssertEqual(score.entries[2].probability, 1)
        XCTAssertEqual(score.entries[2].crps, 0)
        XCTAssertEqual(score.coverage, 0.5)
    }
}
