import RaceModel

/// What a Monte Carlo run keeps (docs/reference/uncertainty.md, docs/reference/output.md): per entity and sample, the final value of each
/// kept field and report column, how the entity stands and when it left; what each
/// observation saw; the mean stakes; and, only when asked, every month's values
/// (`keepSeries`) and the per-sample records of `MonteCarloOptions`. Never the months
/// otherwise: memory is about 8 bytes × (fields + columns + 1) × entities × samples.
///
/// Under observations (docs/reference/observations.md) every summary is weighted: percentiles, shares (of exits, of
/// statuses, of expectations) and means (of stakes) weigh each sample by `weights`.
///
/// Values are in the engine's units (as `RunResult.value`: compute per month, NaN for an
/// unbounded company's cash, +∞ for a runway that does not exist); reports convert.
public struct MonteCarloResult: Sendable {
    public let model: Model
    /// The samples this result holds: all of the run's, or a shard's (docs/reference/shards.md).
    public let samples: Int
    /// The samples of the whole run (S), of which this result holds `firstSample ..<
    /// firstSample + samples`.
    public let totalSamples: Int
    public let firstSample: Int
    public let seed: UInt64
    /// The step whose values are "final": the horizon.
    public let finalStep: Int
    /// Whether `seriesSummary` is available.
    public let hasSeries: Bool
    /// Every number kept per sample.
    public let columns: SampleColumns
    /// `series[((slot * entities + e) * steps + step) * samples + s]`, when kept.
    let series: [Double]
    /// Summaries of the finals, by slot and entity (computed once, in parallel).
    let finalSummaries: [Percentiles?]
    /// Summaries of `series`, by slot, entity and step.
    let seriesSummaries: [Percentiles?]
    /// Mean stake of each holder in each entity: `meanStakes[e * entities + holder]`.
    let meanStakes: [Double]
    /// For each `expect`, in how many samples it held (not weighted).
    public let expectationsHeld: [Int]
    /// For each `expect`, the share of samples in which it held (weighted under observations).
    let expectationShares: [Double]
    /// Each observation's stated value and error (nil for a condition), as the run read them.
    public let targets: [ObservationTarget?]
    /// The weights of the observations; nil when the run is not weighted (no observation,
    /// or they were ignored).
    public let weighting: ObservationWeights?
    /// `exitTally[e * (finalStep + 2) + 1 + step]`: the weight of the samples in which the
    /// entity left in `step`; the slot before step 0 holds those in which it never left.
    let exitTally: [Double]
    /// `statusTally[e * statusCodes + code]`: the weight of the samples ending with `code`.
    let statusTally: [Double]
    /// The weight of all samples (their number when not weighted).
    let totalWeight: Double
    var statusCodes: Int { StatusCode.count(entities: entityCount) }

    /// The result of `columns`, summarised: weighted by the observations when `weighted` and
    /// `targets` is not empty. `blockStakeTotals` (the stakes summed per block, block after
    /// block) and `expectationsHeld` come from a run; without them (a merge) they are worked
    /// out from the per-sample columns, in the same order.
    init(model: Model, totalSamples: Int, firstSample: Int, seed: UInt64, finalStep: Int, columns: SampleColumns,
         series: [Double]?, targets: [ObservationTarget?], weighted: Bool, blockStakeTotals: [Double]?,
         expectationsHeld: [Int]?, threads: Int) throws(NoSampleFitsObservations) {
        self.model = model
        samples = columns.samples
        self.totalSamples = totalSamples
        self.firstSample = firstSample
        self.seed = seed
        self.finalStep = finalStep
        self.columns = columns
        hasSeries = series != nil
        self.series = series ?? []
        self.targets = targets
        let weighting = weighted && !targets.isEmpty
            ? try ObservationWeights(observed: columns.observedForWeights(model), targets: targets, samples: columns.samples) : nil
        self.weighting = weighting
        let weights = weighting?.weights
        totalWeight = weights.map { $0.reduce(0, +) } ?? Double(columns.samples)

        // Read-back columns hold their per-second rates as they came back already.
        let perSecond = Self.perSecondSlots(model: model, fields: columns.fields).map { $0 && !columns.readBack }
        let entities = columns.entities, n = columns.samples, slots = columns.slots, steps = finalStep + 1
        finalSummaries = Self.summarise(columns.finals, count: slots * entities, samples: n, weights: weights,
                                        workers: threads) { perSecond[$0 / entities] }
        if let series {
            seriesSummaries = Self.summarise(series, count: slots * entities * steps, samples: n, weights: weights,
                                             workers: threads) { perSecond[$0 / (entities * steps)] }
        } else {
            seriesSummaries = []
        }
        (exitTally, statusTally) = Self.tallies(columns, steps: steps, weights: weights)
        meanStakes = Self.meanStakes(columns, firstSample: firstSample, weights: weights, blockTotals: blockStakeTotals)
        let held = expectationsHeld ?? Self.heldCounts(columns, expectations: model.expectations.count)
        self.expectationsHeld = held
        expectationShares = Self.expectationShares(columns, counts: held, weights: weights)
    }

    /// A result made of per-sample columns read back (`race merge`, docs/reference/shards.md): all S samples of a
    /// run, summarised as the run itself would, weighted under `targets` when `weighted`.
    public init(model: Model, seed: UInt64, columns: SampleColumns, targets: [ObservationTarget?], weighted: Bool,
                threads: Int = 1) throws(NoSampleFitsObservations) {
        try self.init(model: model, totalSamples: columns.samples, firstSample: 0, seed: seed, finalStep: model.steps - 1,
                      columns: columns, series: nil, targets: targets, weighted: weighted, blockStakeTotals: nil,
                      expectationsHeld: nil, threads: threads)
    }

    public var entityCount: Int { model.entities.count }
    /// The recorded fields kept, in this order (by default docs/reference/output.md's final fields).
    public var fields: [RecordedField] { columns.fields }
    /// How many report `let` columns are kept (all of them, after the fields).
    public var formulaColumns: Int { columns.formulaColumns }
    var slotCount: Int { columns.slots }
    /// The weight of each sample, or nil when every sample counts alike.
    public var weights: [Double]? { weighting?.weights }
    /// Whether every summary is weighted by observations.
    public var isWeighted: Bool { weighting != nil }

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
    func column(slot: Int, entity e: Int) -> [Double] { Array(columns.column(slot: slot, entity: e)) }

    /// Distribution `id`'s draw in each sample, when the run kept the draws.
    public func draws(_ id: Int) -> [Double]? {
        guard !columns.draws.isEmpty, id >= 0, (id + 1) * samples <= columns.draws.count else { return nil }
        return Array(columns.draws[(id * samples)..<((id + 1) * samples)])
    }

    /// What observation `k` saw in each sample (a condition: 1 where it held, else 0).
    public func observed(_ k: Int) -> [Double] {
        Array(columns.observed[(k * samples)..<((k + 1) * samples)])
    }

    /// The step at which the entity left in sample `s`, or nil when it is active at the end.
    public func exitStep(entity e: Int, sample s: Int) -> Int? {
        let v = columns.exits[e * samples + s]
        return v < 0 ? nil : Int(v)
    }

    /// How the entity stands at the end of sample `s`.
    public func status(entity e: Int, sample s: Int) -> EntityStatus {
        StatusCode.decode(columns.statuses[e * samples + s])
    }
}
