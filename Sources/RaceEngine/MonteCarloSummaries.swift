import RaceModel

/// The summaries of a Monte Carlo result (docs/reference/uncertainty.md, docs/reference/output.md, docs/reference/observations.md): percentiles of every kept number,
/// exits, statuses, owners and expectations, each weighted under observations.
extension MonteCarloResult {
    /// p5/p50/p95/mean of a field's final value, with its infinite and missing shares (docs/reference/output.md).
    public func summary(_ field: RecordedField, entity e: Int) -> Percentiles? {
        guard let slot = fields.firstIndex(of: field) else { return nil }
        return finalSummaries[slot * entityCount + e]
    }

    /// p5/p50/p95/mean of report `let` column `k`.
    public func formulaSummary(column k: Int, entity e: Int) -> Percentiles? {
        guard k >= 0, k < formulaColumns else { return nil }
        return finalSummaries[(fields.count + k) * entityCount + e]
    }

    /// p5/p50/p95/mean of a field at one step (needs the series).
    public func seriesSummary(_ field: RecordedField, entity e: Int, step: Int) -> Percentiles? {
        guard hasSeries, let slot = fields.firstIndex(of: field), step >= 0, step <= finalStep else { return nil }
        return seriesSummaries[(slot * entityCount + e) * (finalStep + 1) + step]
    }

    /// p5/p50/p95/mean of report `let` column `k` at one step (needs the series).
    public func seriesFormulaSummary(column k: Int, entity e: Int, step: Int) -> Percentiles? {
        guard hasSeries, k >= 0, k < formulaColumns, step >= 0, step <= finalStep else { return nil }
        return seriesSummaries[((fields.count + k) * entityCount + e) * (finalStep + 1) + step]
    }

    // MARK: - Exits and statuses

    /// `p_exit` (docs/reference/uncertainty.md): the share of samples in which the entity is inactive at the end, for
    /// any reason; with `step`, inactive by the end of that step.
    public func exitProbability(entity e: Int, by step: Int? = nil) -> Double {
        exitWeights(entity: e, by: step).reduce(0, +) / totalWeight
    }

    /// docs/reference/output.md: the share of samples in which the entity is still in the race at the end of `step`.
    public func activeShare(entity e: Int, step: Int) -> Double { 1 - exitProbability(entity: e, by: step) }

    /// `exit_p50` (docs/reference/uncertainty.md): the median step of the exits, over the samples in which the entity
    /// left; the lower median when their number is even (a month is a whole step, so the
    /// answer is always a month some sample actually exited in). Nil when it never left.
    public func exitMedian(entity e: Int, by step: Int? = nil) -> Int? { exitQuantile(0.5, entity: e, by: step) }

    /// `exit_p5`, `exit_p50`, `exit_p95` (docs/reference/output.md): the earliest step by which at least the share
    /// `q` of the exits (weighted) had happened, among the samples in which the entity left
    /// (the inverse of their distribution; for q = ½ the lower median). Nil when it never left.
    public func exitQuantile(_ q: Double, entity e: Int, by step: Int? = nil) -> Int? {
        let weights = exitWeights(entity: e, by: step)
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        let needed = q * total
        var seen = 0.0
        for (step, w) in weights.enumerated() where w > 0 {
            seen += w
            if seen >= needed { return step }
        }
        return weights.lastIndex { $0 > 0 }
    }

    /// The weight of the samples in which entity `e` left in each step from 0 to `step` (the
    /// horizon by default), in step order (`enumerated()` gives the steps).
    private func exitWeights(entity e: Int, by step: Int?) -> ArraySlice<Double> {
        let first = e * (finalStep + 2) + 1
        let last = min(step ?? finalStep, finalStep)
        return exitTally[first..<(first + max(last + 1, 0))]
    }

    /// How often each end status occurred (a share of the samples, weighted), most common
    /// first (ties: active, exited, out of cash, then acquisitions by the buyer's order).
    public func statusShares(entity e: Int) -> [(status: EntityStatus, share: Double)] {
        statusTally[(e * statusCodes)..<((e + 1) * statusCodes)].enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .map { (StatusCode.decode(Int32($0.offset)), $0.element / totalWeight) }
    }

    /// How many samples ended in each status (not weighted), most common first.
    public func statusCounts(entity e: Int) -> [(status: EntityStatus, count: Int)] {
        var counts = [Int](repeating: 0, count: statusCodes)
        for s in 0..<samples { counts[Int(columns.statuses[e * samples + s])] += 1 }
        return counts.enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .map { (StatusCode.decode(Int32($0.offset)), $0.element) }
    }

    /// The mean over samples of each holder's stake in entity `e` (holders with a mean above 0).
    public func meanOwners(entity e: Int) -> [(holder: Int, share: Double)] {
        (0..<entityCount).compactMap { h in
            let share = meanStakes[e * entityCount + h]
            return share > 0 ? (h, share) : nil
        }
    }

    /// The share of samples (weighted) in which expectation `i` held.
    public func expectationShare(_ i: Int) -> Double { expectationShares[i] }

    // MARK: - Working them out

    /// Which slots hold a rate shown per second (compute): their summaries are taken over
    /// `SampleColumns.roundTripPerSecond` values.
    static func perSecondSlots(model: Model, fields: [RecordedField]) -> [Bool] {
        let formulas = model.report.columns.compactMap { column -> Dimension? in
            if case .formula(let i) = column.column { return model.formulas[i].dimension ?? .ratio }
            return nil
        }
        return (fields.map(\.dimension) + formulas).map(SampleColumns.isPerSecond)
    }

    /// The summary of each run of `samples` consecutive values; each is a pure function of
    /// its column, so they are computed on any thread.
    static func summarise(_ values: [Double], count: Int, samples: Int, weights: [Double]?, workers: Int,
                          perSecond: @escaping (Int) -> Bool) -> [Percentiles?] {
        var out = [Percentiles?](repeating: nil, count: count)
        guard count > 0 else { return out }
        let counter = Coordinator(blocks: count, sums: 0)
        values.withUnsafeBufferPointer { values in
            out.withUnsafeMutableBufferPointer { out in
                let target = SendableBuffer(out)
                MonteCarlo.parallel(workers: max(1, min(workers, count))) { _ in
                    while let c = counter.nextBlock() {
                        let column = UnsafeBufferPointer(rebasing: values[(c * samples)..<((c + 1) * samples)])
                        if perSecond(c) {
                            let copy = column.map(SampleColumns.roundTripPerSecond)
                            target.buffer[c] = copy.withUnsafeBufferPointer { summary(of: $0, weights: weights) }
                        } else {
                            target.buffer[c] = summary(of: column, weights: weights)
                        }
                    }
                }
            }
        }
        return out
    }

    private static func summary(of column: UnsafeBufferPointer<Double>, weights: [Double]?) -> Percentiles? {
        guard let weights else { return Percentiles.of(column) }
        return weights.withUnsafeBufferPointer { Percentiles.of(column, weights: $0) }
    }

    /// The weight of the samples by exit step and by status, per entity.
    static func tallies(_ columns: SampleColumns, steps: Int, weights: [Double]?) -> (exits: [Double], statuses: [Double]) {
        let entities = columns.entities, n = columns.samples, codes = StatusCode.count(entities: entities)
        var exits = [Double](repeating: 0, count: entities * (steps + 1))
        var statuses = [Double](repeating: 0, count: entities * codes)
        for e in 0..<entities {
            // Step -1 (never left) counts in the slot before step 0.
            let exitBase = e * (steps + 1) + 1, statusBase = e * codes
            for s in 0..<n {
                let w = weights?[s] ?? 1
                exits[exitBase + Int(columns.exits[e * n + s])] += w
                statuses[statusBase + Int(columns.statuses[e * n + s])] += w
            }
        }
        return (exits, statuses)
    }

    /// Mean stakes by (entity, holder). Weighted: Σ w·stake / Σ w in sample order. Not
    /// weighted: the run's block totals when given, else the same sums from the per-sample
    /// stakes, in the run's order (per block of `MonteCarlo.blockSize` samples counted from
    /// sample 0 of the whole run, from zero in sample order, then block after block).
    static func meanStakes(_ columns: SampleColumns, firstSample: Int, weights: [Double]?, blockTotals: [Double]?) -> [Double] {
        let e = columns.entities, n = columns.samples
        if weights == nil, let blockTotals { return blockTotals.map { $0 / Double(n) } }
        var means = [Double](repeating: 0, count: e * e)
        for (pair, stakes) in columns.stakes ?? [:] {
            if let weights {
                var sum = 0.0, total = 0.0
                for s in 0..<n {
                    sum += weights[s] * stakes[s]
                    total += weights[s]
                }
                means[pair] = sum / total
            } else {
                var sum = 0.0, block = 0.0
                for s in 0..<n {
                    if s > 0 && (firstSample + s) % MonteCarlo.blockSize == 0 {
                        sum += block
                        block = 0
                    }
                    block += stakes[s]
                }
                means[pair] = (sum + block) / Double(n)
            }
        }
        return means
    }

    static func heldCounts(_ columns: SampleColumns, expectations: Int) -> [Int] {
        guard let held = columns.held else { return Array(repeating: 0, count: expectations) }
        let n = columns.samples
        return (0..<expectations).map { i in held[(i * n)..<((i + 1) * n)].reduce(0) { $0 + Int($1) } }
    }

    static func expectationShares(_ columns: SampleColumns, counts: [Int], weights: [Double]?) -> [Double] {
        let n = columns.samples
        guard let weights, let held = columns.held else { return counts.map { Double($0) / Double(n) } }
        let total = weights.reduce(0, +)
        return counts.indices.map { i in
            var sum = 0.0
            for s in 0..<n where held[i * n + s] != 0 { sum += weights[s] }
            return sum / total
        }
    }
}
