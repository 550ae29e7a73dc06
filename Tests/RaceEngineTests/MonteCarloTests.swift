import Foundation
import XCTest
import RaceSyntax
import RaceModel
@testable import RaceEngine

/// Monte Carlo (docs/reference/uncertainty.md): random streams, draws, percentiles against closed forms, exits,
/// reproducibility across thread counts, and the stable keys behind common random numbers.
final class MonteCarloTests: XCTestCase {
    func plan(_ text: String) throws -> Plan {
        let (model, diagnostics) = Engine.model(text)
        guard let model else { throw Engine.Failure("does not check:\n" + DiagnosticRenderer().render(diagnostics)) }
        return Lowering.lower(model)
    }

    /// Standard normal density and CDF, for the expected values and their standard errors.
    func phi(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
    func Phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    let z95 = 1.6448536269514722

    /// The standard error of the sample p-quantile of n draws from a density f at the quantile.
    func quantileError(_ p: Double, density: Double, n: Int) -> Double {
        (p * (1 - p) / Double(n)).squareRoot() / density
    }

    // MARK: - Random streams

    func testUniformsAreStrictlyInsideZeroAndOne() {
        XCTAssertEqual(RandomStream.uniform(0), 0x1p-54)
        XCTAssertEqual(RandomStream.uniform(.max), 1 - 0x1p-54)
        var stream = RandomStream(seed: 1, sample: 0)
        for _ in 0..<10_000 {
            let u = stream.nextUniform()
            XCTAssertTrue(u > 0 && u < 1)
        }
    }

    func testInverseNormalMatchesTheNormalCDF() {
        for p in [1e-300, 1e-12, 1e-6, 0.001, 0.02425, 0.05, 0.2, 0.5, 0.7, 0.95, 0.97575, 0.999, 1 - 1e-9] {
            let z = RandomStream.inverseNormal(p)
            XCTAssertEqual(Phi(z), p, accuracy: p * 1e-12 + 1e-15, "p = \(p)")
        }
        XCTAssertEqual(RandomStream.inverseNormal(0.5), 0)
        XCTAssertEqual(RandomStream.inverseNormal(0.95), z95, accuracy: 1e-15)
        XCTAssertEqual(RandomStream.inverseNormal(0.05), -z95, accuracy: 1e-15)
    }

    func testInverseNormalsInVectorsAreTheScalarInverseNormalBitForBit() {
        // Both sides of the central region's edges (|p − ½| = 0.425), the tails, and
        // a count that leaves a scalar remainder.
        var values: [Double] = [0.075, 0.075.nextUp, 0.075.nextDown, 0.925, 0.925.nextUp, 0.925.nextDown,
                                0x1p-54, 1 - 0x1p-54, 1e-300, 0.5, 0.5.nextUp, 0.3]
        var stream = RandomStream(seed: 9, sample: 4)
        for _ in 0..<1_001 { values.append(stream.nextUniform()) }
        let expected = values.map(RandomStream.inverseNormal)
        values.withUnsafeMutableBufferPointer { RandomStream.inverseNormals($0.baseAddress!, count: $0.count) }
        for (got, want) in zip(values, expected) { XCTAssertEqual(got.bitPattern, want.bitPattern, "\(got) vs \(want)") }
    }

    func testABlockOfSamplesDrawsWhatEachSampleDraws() throws {
        let plan = try plan("""
            start 2025-01
            horizon 2025-06
            param a = normal($1B, $200M)
            param u = uniform(1%/month, 5%/month)
            param l = lognormal($50M/month, $200M/month)
            param r = -$1B to $2B
            param g = 2%/month to 8%/month
            lab A { cash: $5B + r + a, revenue: l growing u, burn: $100M/month growing g }
            """)
        let range = 37..<74  // not a whole number of vectors
        let block = try LaneEngine(plan: plan, samples: range.count, firstSample: range.lowerBound,
                                   draws: .random(RandomDraws(plan: plan, seed: 11)))
        for (lane, s) in range.enumerated() {
            let one = try MonteCarlo.draws(plan: plan, seed: 11, sample: s)
            let drawn = block.draws(lane: lane)
            for id in one.indices { XCTAssertEqual(drawn[id].bitPattern, one[id].bitPattern, "sample \(s), distribution \(id)") }
        }
    }

    func testStreamsArePureFunctionsOfSeedSampleAndKey() {
        var a = RandomStream(seed: 42, sample: 7).substream("param:g#0")
        var b = RandomStream(seed: 42, sample: 7).substream("param:g#0")
        XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
        var c = RandomStream(seed: 42, sample: 8).substream("param:g#0")
        var d = RandomStream(seed: 43, sample: 7).substream("param:g#0")
        var e = RandomStream(seed: 42, sample: 7).substream("param:g#1")
        let first = RandomStream(seed: 42, sample: 7).substream("param:g#0")
        var f = first
        let value = f.next()
        XCTAssertNotEqual(c.next(), value)
        XCTAssertNotEqual(d.next(), value)
        XCTAssertNotEqual(e.next(), value)
        // The hash of a key is fixed across processes (not Swift's seeded Hasher).
        XCTAssertEqual(RandomStream.hash(""), RandomStream.mix(0xCBF2_9CE4_8422_2325))
    }

    func testNeighbouringSamplesAndKeysAreUncorrelated() {
        let n = 20_000
        var xs: [Double] = [], ys: [Double] = [], zs: [Double] = []
        for s in 0..<n {
            let stream = RandomStream(seed: 0, sample: s)
            var x = stream.substream("at:a#0"), y = stream.substream("at:a#1")
            xs.append(x.nextNormal())
            ys.append(y.nextNormal())
            var next = RandomStream(seed: 0, sample: s + 1).substream("at:a#0")
            zs.append(next.nextNormal())
        }
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / Double(n), mb = b.reduce(0, +) / Double(n)
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in 0..<n {
                sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        // 5 standard errors of a correlation of independent samples (1/√n).
        let bound = 5 / Double(n).squareRoot()
        XCTAssertLessThan(abs(correlation(xs, ys)), bound)
        XCTAssertLessThan(abs(correlation(xs, zs)), bound)
        XCTAssertEqual(xs.reduce(0, +) / Double(n), 0, accuracy: bound)
    }

    // MARK: - Percentiles

    func testPercentilesInterpolateLikeNumpy() throws {
        let p = try XCTUnwrap(Percentiles.of([4, 1, 3, 2]))
        XCTAssertEqual(p.p5, 1.15, accuracy: 1e-15)
        XCTAssertEqual(p.p50, 2.5)
        XCTAssertEqual(p.p95, 3.85, accuracy: 1e-15)
        XCTAssertEqual(p.mean, 2.5)
        XCTAssertEqual(p.count, 4)
        let one = try XCTUnwrap(Percentiles.of([7]))
        XCTAssertEqual([one.p5, one.p50, one.p95, one.mean], [7, 7, 7, 7])
    }

    /// docs/reference/uncertainty.md: an infinite value sorts above every number; a missing one (NaN) is left out and
    /// counted; the mean is over the finite values; nothing at all is nil.
    func testInfiniteValuesSortAboveEveryNumberAndMissingOnesAreCounted() throws {
        XCTAssertNil(Percentiles.of([.nan, .nan]))
        XCTAssertNil(Percentiles.of([]))
        let p = try XCTUnwrap(Percentiles.of([.infinity, 1, .nan, 3]))
        XCTAssertEqual(p.count, 3)
        XCTAssertEqual(p.p5, 1.2, accuracy: 1e-15)
        XCTAssertEqual(p.p50, 3)
        XCTAssertEqual(p.p95, .infinity)
        XCTAssertEqual(p.mean, 2)
        XCTAssertEqual(p.infinite, 0.25)
        XCTAssertEqual(p.missing, 0.25)
        // Interpolating towards ∞ gives ∞, never the NaN of ∞ − ∞; all infinite has no mean.
        let allInfinite = try XCTUnwrap(Percentiles.of([.infinity, .infinity, .nan]))
        XCTAssertEqual([allInfinite.p5, allInfinite.p50, allInfinite.p95], [.infinity, .infinity, .infinity])
        XCTAssertTrue(allInfinite.mean.isNaN)
        XCTAssertEqual(allInfinite.infinite, 2.0 / 3.0)
        XCTAssertEqual(allInfinite.missing, 1.0 / 3.0)
        // Twenty values, 31% of them infinite, 10% missing: the p95 falls on ∞.
        let runway = (0..<13).map { Double($0) } + [Double](repeating: .infinity, count: 5) + [.nan, .nan]
        let r = try XCTUnwrap(Percentiles.of(runway))
        XCTAssertEqual(r.p50, 8.5)
        XCTAssertEqual(r.p95, .infinity)
        XCTAssertEqual(r.mean, 6)
        XCTAssertEqual(r.infinite, 0.25)
        XCTAssertEqual(r.missing, 0.1)
    }

    func testSelectionAgreesWithSortingOnManyShapesOfData() throws {
        var generator = SeededGenerator(seed: 9)
        for n in [2, 3, 17, 64, 65, 1000, 4097] {
            for shape in 0..<4 {
                let values: [Double] = (0..<n).map { i in
                    switch shape {
                    case 0: return Double.random(in: -1e9...1e9, using: &generator)
                    case 1: return Double(Int.random(in: 0...3, using: &generator))  // many ties
                    case 2: return Double(i)  // sorted
                    default: return Double(n - i)  // reversed
                    }
                }
                let sorted = values.sorted()
                func reference(_ p: Double) -> Double {
                    let h = Double(n - 1) * p, low = Int(h.rounded(.down))
                    return low + 1 < n ? Percentiles.lerp(sorted[low], sorted[low + 1], h - Double(low)) : sorted[low]
                }
                let p = try XCTUnwrap(Percentiles.of(values))
                XCTAssertEqual(p.p5, reference(0.05), "n \(n) shape \(shape)")
                XCTAssertEqual(p.p50, reference(0.5), "n \(n) shape \(shape)")
                XCTAssertEqual(p.p95, reference(0.95), "n \(n) shape \(shape)")
            }
        }
    }

    // MARK: - Closed forms

    /// A lognormal `A to B` revenue growing a known factor: the final revenue is lognormal
    /// with its 5th and 95th percentiles at A and B times the factor.
    func testALognormalRangeGrowsToItsClosedForm() throws {
        let n = 20_000
        let plan = try plan("""
            start 2025-01
            horizon 2025-12
            lab A { revenue: $1B/month to $4B/month growing 5%/month }
            """)
        let result = try MonteCarlo.run(plan: plan, samples: n, seed: 2024, threads: 2)
        let factor = pow(1.05, 11.0)
        let mu = log(2e9 * factor), sigma = log(4.0) / (2 * z95)
        let p = try XCTUnwrap(result.summary(.revenue, entity: 0))
        for (q, z, value) in [(0.05, -z95, p.p5), (0.5, 0.0, p.p50), (0.95, z95, p.p95)] {
            let expected = exp(mu + sigma * z)
            let error = quantileError(q, density: phi(z) / (expected * sigma), n: n)
            XCTAssertEqual(value, expected, accuracy: 4 * error, "p\(Int(q * 100))")
        }
        let mean = exp(mu + sigma * sigma / 2)
        let sd = mean * (exp(sigma * sigma) - 1).squareRoot()
        XCTAssertEqual(p.mean, mean, accuracy: 4 * sd / Double(n).squareRoot())
        XCTAssertEqual(p.count, n)
    }

    func testUniformAndNormalMatchTheirClosedForms() throws {
        let n = 20_000
        let plan = try plan("""
            start 2025-01
            horizon 2025-06
            param spread = uniform($1B, $3B)
            lab A { cash: spread, valuation: normal($5B, $1B) }
            lab B { cash: -$1B to $3B }
            """)
        let result = try MonteCarlo.run(plan: plan, samples: n, seed: 7, threads: 2)
        let uniform = try XCTUnwrap(result.summary(.cash, entity: 0))
        for (q, value) in [(0.05, uniform.p5), (0.5, uniform.p50), (0.95, uniform.p95)] {
            XCTAssertEqual(value, 1e9 + 2e9 * q, accuracy: 4 * quantileError(q, density: 1 / 2e9, n: n))
        }
        XCTAssertEqual(uniform.mean, 2e9, accuracy: 4 * 2e9 / 12.0.squareRoot() / Double(n).squareRoot())
        let normal = try XCTUnwrap(result.summary(.valuation, entity: 0))
        for (q, z, value) in [(0.05, -z95, normal.p5), (0.5, 0.0, normal.p50), (0.95, z95, normal.p95)] {
            XCTAssertEqual(value, 5e9 + 1e9 * z, accuracy: 4 * quantileError(q, density: phi(z) / 1e9, n: n))
        }
        XCTAssertEqual(normal.mean, 5e9, accuracy: 4 * 1e9 / Double(n).squareRoot())
        // `A to B` with A ≤ 0 is a normal with those 5th and 95th percentiles (docs/reference/uncertainty.md).
        let range = try XCTUnwrap(result.summary(.cash, entity: 1))
        let sd = 2e9 / z95
        XCTAssertEqual(range.p5, -1e9, accuracy: 4 * quantileError(0.05, density: phi(z95) / sd, n: n))
        XCTAssertEqual(range.p95, 3e9, accuracy: 4 * quantileError(0.95, density: phi(z95) / sd, n: n))
    }

    /// Cash uniform on $0..$10B, burning $1B a month over 3 months: the lab runs out in
    /// exactly the samples whose cash is below $3B, in month ⌊cash / $1B⌋.
    func testExitProbabilityAndMedianExitCountTheSamplesThatRanOut() throws {
        let n = 5_000
        let plan = try plan("""
            start 2025-01
            horizon 2025-03
            lab A { cash: uniform($0, $10B), burn: $1B/month }
            lab B { cash: $10B }
            """)
        let result = try MonteCarlo.run(plan: plan, samples: n, seed: 11, threads: 2)
        var exits: [Int] = []
        for s in 0..<n {
            let cash = try MonteCarlo.draws(plan: plan, seed: 11, sample: s)[0]
            let expected = cash < 3e9 ? Int((cash / 1e9).rounded(.down)) : nil
            XCTAssertEqual(result.exitStep(entity: 0, sample: s), expected, "sample \(s), cash \(cash)")
            if let expected { exits.append(expected) }
        }
        XCTAssertEqual(result.exitProbability(entity: 0), Double(exits.count) / Double(n))
        XCTAssertEqual(result.exitProbability(entity: 0), 0.3, accuracy: 4 * (0.3 * 0.7 / Double(n)).squareRoot())
        XCTAssertEqual(result.exitMedian(entity: 0), exits.sorted()[(exits.count - 1) / 2])
        XCTAssertEqual(result.exitMedian(entity: 0), 1)
        XCTAssertEqual(result.exitProbability(entity: 0, by: 0), Double(exits.filter { $0 == 0 }.count) / Double(n))
        XCTAssertEqual(result.statusCounts(entity: 0).map(\.count).reduce(0, +), n)
        XCTAssertEqual(result.exitProbability(entity: 1), 0)
        XCTAssertNil(result.exitMedian(entity: 1))
        // docs/reference/uncertainty.md: the runway is summarised over every sample in which it exists; the rest is missing.
        let runway = try XCTUnwrap(result.values(.runway, entity: 0))
        let summary = try XCTUnwrap(result.summary(.runway, entity: 0))
        XCTAssertEqual(summary.count, runway.filter { !$0.isNaN }.count)
        XCTAssertEqual(summary.missing, Double(runway.filter(\.isNaN).count) / Double(n))
        XCTAssertEqual(summary.infinite, Double(runway.filter { $0 == .infinity }.count) / Double(n))
    }

    // MARK: - Reproducibility

    let busy = """
        start 2025-01
        horizon 2027-12
        param g = 2%/month to 9%/month
        chip H { price: $30k falling 20%/year, perf: 1 PFLOP/s, power: 1 kW }
        company Big
        lab A { cash: $2B to $6B, revenue: $100M/month growing g, burn: $300M/month, owners: Big 20%, valuation: $20B }
        lab B { cash: uniform($1B, $5B), revenue: $50M/month growing g, burn: normal($200M/month, $50M/month) }
        for each lab L:
          when L.runway < 4 months: Big invests L.burn * 6 months in L at $30B
        every 6 months from 2025-03: A buys $200M of H
        let capability(L) = log10(L.flop / 1 FLOP + 1)
        report cash, runway, capability
        expect A.cash > $1B
        """

    func testResultsAreBitIdenticalForAnyNumberOfThreads() throws {
        let plan = try plan(busy)
        let one = try MonteCarlo.run(plan: plan, samples: 1_000, seed: 5, threads: 1, keepSeries: true)
        for threads in [2, 3, 8] {
            let other = try MonteCarlo.run(plan: plan, samples: 1_000, seed: 5, threads: threads, keepSeries: true)
            XCTAssertEqual(bits(one.columns.finals), bits(other.columns.finals), "threads \(threads)")
            XCTAssertEqual(bits(one.series), bits(other.series), "threads \(threads)")
            XCTAssertEqual(one.columns.exits, other.columns.exits)
            XCTAssertEqual(one.columns.statuses, other.columns.statuses)
            XCTAssertEqual(bits(one.meanStakes), bits(other.meanStakes))
            XCTAssertEqual(one.expectationsHeld, other.expectationsHeld)
            XCTAssertEqual(one.finalSummaries, other.finalSummaries)
        }
        let reseeded = try MonteCarlo.run(plan: plan, samples: 1_000, seed: 6, threads: 2)
        XCTAssertNotEqual(one.summary(.cash, entity: 1), reseeded.summary(.cash, entity: 1))
    }

    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    /// Each sample is the plain run of its draws: the Monte Carlo machinery adds nothing.
    func testEachSampleIsASimulationOfItsDraws() throws {
        let plan = try plan(busy)
        let result = try MonteCarlo.run(plan: plan, samples: 130, seed: 3, threads: 2)
        for s in [0, 63, 64, 129] {
            let run = try Engine.runAlone(plan, draws: try MonteCarlo.draws(plan: plan, seed: 3, sample: s))
            for e in 0..<plan.entityCount {
                for field in MonteCarlo.finalFields {
                    let value = try XCTUnwrap(result.values(field, entity: e))[s]
                    XCTAssertEqual(value.bitPattern, run.value(field, entity: e, step: plan.steps - 1).bitPattern)
                }
                XCTAssertEqual(result.exitStep(entity: e, sample: s), run.exitSteps[e])
                XCTAssertEqual(result.status(entity: e, sample: s), run.statuses[e])
                XCTAssertEqual(try XCTUnwrap(result.formulaValues(column: 0, entity: e))[s].bitPattern,
                               run.formulaValue(column: 0, entity: e, step: plan.steps - 1).bitPattern)
            }
        }
    }

    /// A plain run (no draws) takes each distribution's median (docs/reference/uncertainty.md).
    func testAPlainRunUsesTheMedians() throws {
        let plan = try plan("""
            start 2025-01
            horizon 2025-01
            lab A { cash: $1B to $4B, valuation: normal($5B, $1B), burn: uniform($1M/month, $3M/month) }
            lab B { cash: -$1B to $3B }
            """)
        let run = try Engine.runAlone(plan)
        XCTAssertEqual(run.value(.cash, entity: 0, step: 0), 2e9 - 2e6, accuracy: 1e-3)
        XCTAssertEqual(run.value(.valuation, entity: 0, step: 0), 5e9)
        XCTAssertEqual(run.value(.burn, entity: 0, step: 0), 2e6)
        XCTAssertEqual(run.value(.cash, entity: 1, step: 0), 1e9)
    }

    func testABoundThatReadsAnotherDistributionIsDrawnPerSample() throws {
        let plan = try plan("""
            start 2025-01
            horizon 2025-01
            param low = uniform($1B, $2B)
            lab A { cash: uniform(low, low + $1B) }
            """)
        for s in 0..<200 {
            let draws = try MonteCarlo.draws(plan: plan, seed: 1, sample: s)
            XCTAssertTrue(draws[1] >= draws[0] && draws[1] <= draws[0] + 1e9, "sample \(s): \(draws)")
        }
    }

    // MARK: - Errors

    func testTheEarliestFailingSampleIsReportedWhateverTheThreads() throws {
        let plan = try plan("""
            start 2025-01
            horizon 2025-06
            param amount = normal($0, $1B)
            lab A { cash: $5B, valuation: $10B }
            on 2025-03: A raises amount at $20B
            """)
        var first: Int?
        for s in 0..<1_000 where try MonteCarlo.draws(plan: plan, seed: 4, sample: s)[0] < 0 {
            first = s
            break
        }
        let expected = try XCTUnwrap(first)
        for threads in [1, 2, 4] {
            XCTAssertThrowsError(try MonteCarlo.run(plan: plan, samples: 1_000, seed: 4, threads: threads)) { error in
                let runError = error as? RunError
                XCTAssertEqual(runError?.sample, expected, "threads \(threads)")
                XCTAssertEqual(runError?.step, 2)
            }
        }
    }

    // MARK: - Stable keys

    func testDistributionKeysNameTheParamOrTheTextAndOccurrence() throws {
        let plan = try plan("""
            start 2025-01
            horizon 2025-01
            param a = b * (1 to 2)
            param b = 3 to 4
            param c = normal(1, 2) + normal(1, 2)
            lab A { cash: $1B to $2B }
            lab B { cash: $1B to $2B, valuation: $1B to $3B }
            """)
        XCTAssertEqual(plan.distributions.map(\.key),
                       ["param:b#0", "param:a#0", "param:c#0", "param:c#1", "at:$1B to $2B#0", "at:$1B to $2B#1",
                        "at:$1B to $3B#0"])
    }

    /// Common random numbers: a scenario with an extra distribution declared first (so every
    /// id shifts) still draws the same values for the distributions it shares.
    func testSharedDistributionsDrawTheSameValueWhateverElseIsDeclared() throws {
        let a = try plan("""
            start 2025-01
            horizon 2025-01
            param g = 1 to 2
            lab A { cash: $1B to $2B }
            """)
        let b = try plan("""
            start 2025-01
            horizon 2025-01
            param extra = uniform(0, 1)
            lab Z { cash: $5B to $9B }
            param g = 1 to 2
            lab A { cash: $1B to $2B }
            """)
        for s in 0..<50 {
            let x = try MonteCarlo.draws(plan: a, seed: 9, sample: s), y = try MonteCarlo.draws(plan: b, seed: 9, sample: s)
            XCTAssertEqual(y.count, 4)
            XCTAssertEqual(x[a.distributions.firstIndex { $0.key == "param:g#0" }!],
                           y[b.distributions.firstIndex { $0.key == "param:g#0" }!])
            XCTAssertEqual(x[a.distributions.firstIndex { $0.key == "at:$1B to $2B#0" }!],
                           y[b.distributions.firstIndex { $0.key == "at:$1B to $2B#0" }!])
        }
    }
}
