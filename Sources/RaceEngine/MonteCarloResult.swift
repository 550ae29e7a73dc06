import RaceModel

/// What a Monte Carlo run keeps (§8, §10): per entity and sample, the final value of each
/// kept field and report column, how the entity stands and when it left; the mean stakes;
/// and, only when asked (`keepSeries`), every month's values. Never the months otherwise:
/// memory is about 8 bytes × (fields + columns + 1) × entities × samples.
///
/// Values are in the engine's units (as `RunResult.value`: compute per month, NaN for an
/// unbounded company's cash, +∞ for a runway that does not exist); reports convert.
public struct MonteCarloResult: Sendable {
    public let model: Model
    public let samples: Int
    public let seed: UInt64
    /// The step whose values are "final": the horizon.
    public let finalStep: Int
    /// The recorded fields kept, in this order (by default §10's final fields).
    public let fields: [RecordedField]
    /// How many report `let` columns are kept (all of them, after the fields).
    public let formulaColumns: Int
    /// Whether `seriesSummary` is available.
    public let hasSeries: Bool

    /// `finals[(slot * entities + e) * samples + s]`; slots are `fields`, then the columns.
    let finals: [Double]
    /// `series[((slot * entities + e) * steps + step) * samples + s]`, when kept.
    let series: [Double]
    /// `exits[e * samples + s]`: the step the entity left in, or -1.
    let exits: [Int32]
    /// `statuses[e * samples + s]`: `StatusCode` of the entity at the end.
    let statuses: [Int32]
    /// Summaries of `finals`, by slot and entity (computed once, in parallel).
    let finalSummaries: [Percentiles?]
    /// Summaries of `series`, by slot, entity and step.
    let seriesSummaries: [Percentiles?]
    /// Mean stake of each holder in each entity: `meanStakes[e * entities + holder]`.
    let meanStakes: [Double]
    /// For each `expect`, in how many samples it held.
    public let expectationsHeld: [Int]
    /// `exitTally[e * (finalStep + 2) + 1 + step]`: in how many samples the entity left in
    /// `step`; the slot before step 0 counts the samples in which it never left.
    let exitTally: [Int]
    /// `statusTally[e * statusCodes + code]`: in how many samples the entity ends with `code`.
    let statusTally: [Int]
    var statusCodes: Int { StatusCode.count(entities: entityCount) }

    init(model: Model, samples: Int, seed: UInt64, finalStep: Int, fields: [RecordedField], formulaColumns: Int,
         hasSeries: Bool, finals: [Double], series: [Double], exits: [Int32], statuses: [Int32],
         finalSummaries: [Percentiles?], seriesSummaries: [Percentiles?], meanStakes: [Double],
         expectationsHeld: [Int]) {
        self.model = model
        self.samples = samples
        self.seed = seed
        self.finalStep = finalStep
        self.fields = fields
        self.formulaColumns = formulaColumns
        self.hasSeries = hasSeries
        self.finals = finals
        self.series = series
        self.exits = exits
        self.statuses = statuses
        self.finalSummaries = finalSummaries
        self.seriesSummaries = seriesSummaries
        self.meanStakes = meanStakes
        self.expectationsHeld = expectationsHeld
        // Tallied once: a report asks for each entity's exit share, median and statuses,
        // some of them twice, and a pass over the samples per question was most of the
        // time a 10,000-sample table took to render (measured with perf).
        let entities = model.entities.count, steps = finalStep + 1
        let codes = StatusCode.count(entities: entities)
        var exitTally = [Int](repeating: 0, count: entities * (steps + 1))
        var statusTally = [Int](repeating: 0, count: entities * codes)
        exits.withUnsafeBufferPointer { exits in
            statuses.withUnsafeBufferPointer { statuses in
                exitTally.withUnsafeMutableBufferPointer { exitTally in
                    statusTally.withUnsafeMutableBufferPointer { statusTally in
                        for e in 0..<entities {
                            // Step -1 (never left) counts in the slot before step 0.
                            let exitBase = e * (steps + 1) + 1, statusBase = e * codes
                            for s in 0..<samples {
                                exitTally[exitBase + Int(exits[e * samples + s])] += 1
                                statusTally[statusBase + Int(statuses[e * samples + s])] += 1
                            }
                        }
                    }
                }
            }
        }
        self.exitTally = exitTally
        self.statusTally = statusTally
    }

    public var entityCount: Int { model.entities.count }
    var slotCount: Int { fields.count + formulaColumns }

    // MARK: - Per sample

    /// The final values of a field for one entity, one per sample (indexed from 0).
    public func values(_ field: RecordedField, entity e: Int) -> [Double]? {
        guard let slot = fields.firstIndex(of: field) else { return nil }
        return column(slot: slot, entity: e)
    }

    /// The final values of report `let` column `k` for one entity, one per sample.
    public func formulaValues(column k: Int, entity e: Int) -> [Double]? {
        guard k >= 0, k < formulaColumns else { return nil }
        return column(slot: fields.count + k, entity: e)
    }

    /// A field's value at `step` (≤ the final step) for one entity, one per sample; needs the series.
    public func values(_ field: RecordedField, entity e: Int, step: Int) -> [Double]? {
        guard hasSeries, let slot = fields.firstIndex(of: field), step >= 0, step <= finalStep else { return nil }
        let base = ((slot * entityCount + e) * (finalStep + 1) + step) * samples
        return Array(series[base..<(base + samples)])
    }

    /// A copy indexed from 0: a slice would keep the indices of the whole array, a trap
    /// waiting for whoever writes `values[s]`.
    func column(slot: Int, entity e: Int) -> [Double] {
        let base = (slot * entityCount + e) * samples
        return Array(finals[base..<(base + samples)])
    }

    /// The step at which the entity left in sample `s`, or nil when it is active at the end.
    public func exitStep(entity e: Int, sample s: Int) -> Int? {
        let v = exits[e * samples + s]
        return v < 0 ? nil : Int(v)
    }

    /// How the entity stands at the end of sample `s`.
    public func status(entity e: Int, sample s: Int) -> EntityStatus {
        StatusCode.decode(statuses[e * samples + s])
    }

    // MARK: - Summaries

    /// p5/p50/p95/mean of a field's final value over the samples where it exists.
    public func summary(_ field: RecordedField, entity e: Int) -> Percentiles? {
        guard let slot = fields.firstIndex(of: field) else { return nil }
        return finalSummaries[slot * entityCount + e]
    }

    /// p5/p50/p95/mean of report `let` column `k`.
    public func formulaSummary(column k: Int, entity e: Int) -> Percentiles? {
        guard k >= 0, k < formulaColumns else { return nil }
        return finalSummaries[(fields.count + k) * entityCount + e]
    }

    /// p5/p50/p95/mean of a field (or, with `column`, a report `let` column) at one step.
    public func seriesSummary(_ field: RecordedField, entity e: Int, step: Int) -> Percentiles? {
        guard hasSeries, let slot = fields.firstIndex(of: field), step >= 0, step <= finalStep else { return nil }
        return seriesSummaries[(slot * entityCount + e) * (finalStep + 1) + step]
    }

    public func seriesFormulaSummary(column k: Int, entity e: Int, step: Int) -> Percentiles? {
        guard hasSeries, k >= 0, k < formulaColumns, step >= 0, step <= finalStep else { return nil }
        return seriesSummaries[((fields.count + k) * entityCount + e) * (finalStep + 1) + step]
    }

    /// `p_exit` (§8): the share of samples in which the entity is inactive at the end, for
    /// any reason; with `step`, inactive by the end of that step.
    public func exitProbability(entity e: Int, by step: Int? = nil) -> Double {
        Double(exitCounts(entity: e, by: step).reduce(0, +)) / Double(samples)
    }

    /// `exit_p50` (§8): the median step of the exits, over the samples in which the entity
    /// left; the lower median when their number is even (a month is a whole step, so the
    /// answer is always a month some sample actually exited in). Nil when it never left.
    public func exitMedian(entity e: Int, by step: Int? = nil) -> Int? {
        let counts = exitCounts(entity: e, by: step)
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = (total - 1) / 2
        var seen = 0
        for (step, n) in counts.enumerated() {
            seen += n
            if seen > rank { return step }
        }
        return nil
    }

    /// In how many samples entity `e` left in each step from 0 to `step` (the horizon by
    /// default), in step order (`enumerated()` gives the steps).
    private func exitCounts(entity e: Int, by step: Int?) -> ArraySlice<Int> {
        let first = e * (finalStep + 2) + 1
        let last = min(step ?? finalStep, finalStep)
        return exitTally[first..<(first + max(last + 1, 0))]
    }

    /// How often each end status occurred, most common first (ties: active, exited, out of
    /// cash, then acquisitions by the buyer's declaration order).
    public func statusCounts(entity e: Int) -> [(status: EntityStatus, count: Int)] {
        statusTally[(e * statusCodes)..<((e + 1) * statusCodes)].enumerated().filter { $0.element > 0 }
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
}
