import Foundation
import XCTest
import RaceSyntax
import RaceModel
@testable import RaceEngine

/// Monte Carlo with observations (docs/reference/observations.md), per-sample records and shards (docs/reference/shards.md): weights and
/// weighted summaries, the same for any number of threads, and a shard's samples exactly the
/// full run's.
final class WeightedMonteCarloTests: XCTestCase {
    func plan(_ text: String) throws -> Plan {
        let (model, diagnostics) = Engine.model(text)
        guard let model else { throw Engine.Failure("does not check:\n" + DiagnosticRenderer().render(diagnostics)) }
        return Lowering.lower(model)
    }

    let observed = """
        start 2025-01
        horizon 2026-06
        chip H { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
        param g = 2%/month to 9%/month
        company Big
        lab A { cash: $2B to $6B, revenue: $100M/month growing g, burn: $300M/month, owners: Big 20%, valuation: $20B, fleet: 10k H }
        lab B { cash: uniform($1B, $5B), revenue: $50M/month growing g, burn: normal($200M/month, $50M/month) }
        for each lab L:
          when L.runway < 4 months: Big invests L.burn * 6 months in L at $30B
        report cash, runway, compute
        expect A.cash > $1B
        observe A.cash at 2025-06 = $3B ± 40%
        observe A.compute at 2025-03 = 10 EFLOP/s ± 10%
        observe B.active at 2025-09
        """

    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    func testWeightedResultsAreBitIdenticalForAnyNumberOfThreads() throws {
        let plan = try plan(observed)
        let options = MonteCarloOptions(keepDraws: true, keepSampleOutcomes: true)
        let one = try MonteCarlo.run(plan: plan, samples: 700, seed: 4, threads: 1, options: options)
        XCTAssertNotNil(one.weighting)
        for threads in [2, 3, 8] {
            let other = try MonteCarlo.run(plan: plan, samples: 700, seed: 4, threads: threads, options: options)
            XCTAssertEqual(bits(one.columns.finals), bits(other.columns.finals))
            XCTAssertEqual(bits(one.columns.draws), bits(other.columns.draws))
            XCTAssertEqual(bits(one.columns.observed), bits(other.columns.observed))
            XCTAssertEqual(bits(one.weights!), bits(other.weights!))
            XCTAssertEqual(one.finalSummaries, other.finalSummaries)
            XCTAssertEqual(bits(one.meanStakes), bits(other.meanStakes))
            XCTAssertEqual(one.expectationShares, other.expectationShares)
        }
    }

    /// A shard holds exactly the full run's samples of its range, and the stakes kept per
    /// sample, added in the run's order, give the run's own mean stakes.
    func testAShardHoldsTheFullRunsSamplesOfItsRange() throws {
        let plan = try plan(observed)
        let all = try MonteCarlo.run(plan: plan, samples: 500, seed: 9, threads: 2,
                                     options: MonteCarloOptions(keepDraws: true, keepSampleOutcomes: true, weighted: false))
        let unkept = try MonteCarlo.run(plan: plan, samples: 500, seed: 9, threads: 2, options: MonteCarloOptions(weighted: false))
        XCTAssertEqual(bits(all.meanStakes), bits(unkept.meanStakes))
        let rebuilt = MonteCarloResult.meanStakes(all.columns, firstSample: 0, weights: nil, blockTotals: nil)
        XCTAssertEqual(bits(rebuilt), bits(all.meanStakes))
        let range = MonteCarloOptions.shard(2, of: 3, samples: 500)
        XCTAssertEqual(range, 333..<500)
        let shard = try MonteCarlo.run(plan: plan, samples: 500, seed: 9, threads: 2,
                                       options: MonteCarloOptions(range: range, keepDraws: true, keepSampleOutcomes: true, weighted: false))
        XCTAssertEqual(shard.firstSample, 333)
        XCTAssertEqual(shard.totalSamples, 500)
        for e in 0..<plan.entityCount {
            let full = try XCTUnwrap(all.values(.cash, entity: e)), part = try XCTUnwrap(shard.values(.cash, entity: e))
            XCTAssertEqual(bits(Array(full[range])), bits(part))
        }
        XCTAssertEqual(bits(Array(try XCTUnwrap(all.draws(0))[range])), bits(try XCTUnwrap(shard.draws(0))))
        XCTAssertEqual(bits(Array(all.observed(0)[range])), bits(shard.observed(0)))
        XCTAssertEqual(bits(Array(try XCTUnwrap(all.columns.stakes?[1 * 3 + 0])[range])), bits(try XCTUnwrap(shard.columns.stakes?[1 * 3 + 0])))
    }

    func testWeightsFollowTheLikelihoodOfEachObservation() throws {
        XCTAssertEqual(ObservationWeights.logLikelihood(12, ObservationTarget(value: 10, error: 2, isRelative: false)), -0.5)
        XCTAssertEqual(ObservationWeights.logLikelihood(11, ObservationTarget(value: 10, error: 0.1, isRelative: true)), -0.5, accuracy: 1e-12)
        XCTAssertEqual(ObservationWeights.logLikelihood(-1, ObservationTarget(value: 10, error: 0.1, isRelative: true)), -.infinity)
        XCTAssertEqual(ObservationWeights.logLikelihood(.nan, ObservationTarget(value: 10, error: 1, isRelative: false)), -.infinity)
        XCTAssertEqual(ObservationWeights.logLikelihood(1, nil), 0)
        XCTAssertEqual(ObservationWeights.logLikelihood(0, nil), -.infinity)
        // Two samples, one observation: weights exp(0) and exp(−2), scaled so the larger is 1.
        let weights = try ObservationWeights(observed: [10, 14], targets: [ObservationTarget(value: 10, error: 2, isRelative: false)],
                                             samples: 2)
        XCTAssertEqual(weights.weights, [1, exp(-2)])
        XCTAssertEqual(weights.effectiveSamples, pow(1 + exp(-2), 2) / (1 + exp(-4)), accuracy: 1e-12)
        // Far from every sample, the weights are still relative: no underflow to nothing.
        let far = try ObservationWeights(observed: [100, 101], targets: [ObservationTarget(value: 0, error: 1, isRelative: false)],
                                         samples: 2)
        XCTAssertEqual(far.weights[0], 1, "the nearer sample")
        XCTAssertEqual(far.weights[1], exp(-100.5), accuracy: 1e-50)
        XCTAssertGreaterThan(far.weights[1], 0)
        XCTAssertTrue(ObservationWeights.isLow(99, samples: 1_000))
        XCTAssertTrue(ObservationWeights.isLow(150, samples: 20_000))
        XCTAssertFalse(ObservationWeights.isLow(300, samples: 20_000))
    }

    func testWeightedPercentilesPlaceEachSampleAtTheMiddleOfItsWeight() throws {
        // Equal weights: numpy's linear method, bit for bit, over the samples that count.
        let values: [Double] = [4, 1, 3, 2, 9]
        XCTAssertEqual(Percentiles.of(values, weights: [2, 2, 2, 2, 0]), Percentiles.of([4, 1, 3, 2]))
        // Unequal: positions 0.5, 2.5 of 4 mapped to 0 and 1; the median halfway.
        let p = try XCTUnwrap(Percentiles.of([0, 10], weights: [1, 3]))
        XCTAssertEqual(p.p50, 5)
        XCTAssertEqual(p.mean, 7.5)
        // Three samples, the middle heavy: positions 0.5, 3, 5.5 of 6 → 0, 0.5, 1.
        let q = try XCTUnwrap(Percentiles.of([1, 2, 3], weights: [1, 4, 1]))
        XCTAssertEqual(q.p50, 2)
        XCTAssertEqual(q.p5, 1.1, accuracy: 1e-12)
        // Shares are weighted; missing values count in them, not in the percentiles.
        let r = try XCTUnwrap(Percentiles.of([.nan, .infinity, 5, 6], weights: [1, 1, 2, 0.5]))
        XCTAssertEqual(r.missing, 1 / 4.5, accuracy: 1e-15)
        XCTAssertEqual(r.infinite, 1 / 4.5, accuracy: 1e-15)
        XCTAssertEqual(r.p95, .infinity)
        XCTAssertEqual(r.mean, (10 + 3) / 2.5, accuracy: 1e-12)
        XCTAssertNil(Percentiles.of([1, 2], weights: [0, 0]))
    }

    /// `outcomeStep`: the finals are the values of that month, as the series has them.
    func testOutcomesAtAMonthAreThatMonthsValues() throws {
        let plan = try plan(observed)
        let series = try MonteCarlo.run(plan: plan, samples: 300, seed: 2, threads: 2, keepSeries: true, fields: [.cash, .runway])
        let at = try MonteCarlo.run(plan: plan, samples: 300, seed: 2, threads: 2, fields: [.cash, .runway],
                                    options: MonteCarloOptions(outcomeStep: 7))
        for e in 0..<plan.entityCount {
            XCTAssertEqual(bits(try XCTUnwrap(at.values(.cash, entity: e))), bits(try XCTUnwrap(series.values(.cash, entity: e, step: 7))))
            for s in 0..<300 {
                let exit = series.exitStep(entity: e, sample: s)
                XCTAssertEqual(at.exitStep(entity: e, sample: s), exit.flatMap { $0 <= 7 ? $0 : nil })
            }
        }
    }
}
