import FoundationEssentials
import RaceModel

/// `race run --samples S --seed K --threads T` (§8): S runs of one plan, each with its own
/// draw of every distribution, summarised as percentiles.
///
/// Samples are cut into blocks of `blockSize` that worker threads take in increasing
/// order. Sample s draws from its own stream, derived from (seed, s) alone, and writes
/// only its own slots of the output; sums over samples (the mean stakes) are added per
/// block and then block after block in order. So the result is bit-identical for any
/// number of threads, and any thread may run any block.
///
/// The per-block runner is the seam for a faster engine: today each sample is a
/// `Simulation`; a batch engine that runs a block's samples in lockstep can take over
/// `runBlock` without changing what callers see.
public enum MonteCarlo {
    /// The most threads a run starts, whatever it is asked for (more than cores gains nothing).
    public static let maximumThreads = 256

    /// Samples per block handed to a thread.
    public static let blockSize = 128

    /// The fields of §10's `final`, the default of what is kept.
    public static let finalFields: [RecordedField] = [
        .cash, .revenue, .burn, .compute, .flop, .chips, .valuation, .runway, .paid, .received,
    ]

    /// Bytes a run keeps (the finals of `fields` and report columns, exits and statuses per
    /// entity and sample; with `keepSeries`, every month's too). A Double, so no count of
    /// samples, however absurd, can overflow.
    public static func bytesNeeded(plan: Plan, samples: Int, fields: [RecordedField] = finalFields,
                                   keepSeries: Bool = false) -> Double {
        let slots = Double(fields.count + plan.reportFormulas.count), entities = Double(plan.entityCount)
        let perSample = entities * (slots * 8 * (keepSeries ? Double(plan.steps) + 1 : 1) + 8)
        return perSample * Double(max(samples, 0))
    }

    /// What a run may keep: three quarters of this machine's memory.
    public static var memoryBudget: Double { Double(ProcessInfo.processInfo.physicalMemory) * 0.75 }

    /// Why `samples` samples cannot run here, or nil when they fit in `memoryBudget`:
    /// a clear error beforehand rather than a process killed for its memory.
    public static func memoryProblem(plan: Plan, samples: Int, fields: [RecordedField] = finalFields,
                                     keepSeries: Bool = false) -> String? {
        let need = bytesNeeded(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries)
        guard need > memoryBudget else { return nil }
        func gigabytes(_ b: Double) -> String { printfText(b >= 1e10 ? "%.0f GB" : "%.1f GB", b / 1e9) }
        return "\(samples) samples would keep about \(gigabytes(need)) of results"
            + (keepSeries ? " (every month of every sample, for the series)" : "")
            + "; this machine has \(gigabytes(Double(ProcessInfo.processInfo.physicalMemory))). Use fewer samples"
            + (keepSeries ? ", or leave out --series and periodic reports" : "")
    }

    /// Runs `samples` samples of `plan` (ids 0..<samples) with `seed` on `threads` threads.
    /// Keeps the final value of `fields` and of every report `let` column, each entity's
    /// status and exit step, the mean stakes, and with `keepSeries` every month's values.
    /// A run error in any sample stops the run; the error names the earliest failing
    /// sample (whatever the threads did, the same one).
    ///
    /// `progress`, when given, is called (on a worker thread, one call at a time) after each
    /// block with the number of samples done so far; returning false stops the run, which
    /// then throws `MonteCarloCancelled` (Ctrl-C).
    public static func run(plan: Plan, samples: Int, seed: UInt64 = 0,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           keepSeries: Bool = false, fields: [RecordedField] = finalFields,
                           progress: (@Sendable (Int) -> Bool)? = nil) throws -> MonteCarloResult {
        precondition(samples >= 1, "Monte Carlo needs at least one sample")
        if let problem = memoryProblem(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries) {
            throw RunError(message: problem, span: nil, step: 0, sample: nil)
        }
        if let observation = plan.model.observations.first {
            // v2-engine: weighting the samples by the observations (§19).
            throw RunError(message: "weighting samples by observations is not run by this engine yet", span: observation.span,
                           step: 0, sample: nil)
        }
        let sampler = try DistributionSampler(plan: plan)
        let layout = Layout(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries)
        let blocks = (samples + blockSize - 1) / blockSize
        let threads = max(1, min(threads, maximumThreads))
        let workers = min(threads, blocks)
        let coordinator = Coordinator(blocks: blocks, sums: layout.entities * layout.entities + plan.expectations.count)

        // Every block writes every slot of its samples (or the run fails and nothing is
        // read), so the results start unfilled: filling 8 MB here, before any worker
        // starts, was the run's largest serial cost after start-up (page faults, measured).
        var finals = unfilled(Double.self, count: layout.slots * layout.entities * samples)
        var series = unfilled(Double.self, count: keepSeries ? layout.slots * layout.entities * layout.steps * samples : 0)
        var exits = unfilled(Int32.self, count: layout.entities * samples)
        var statuses = unfilled(Int32.self, count: layout.entities * samples)
        finals.withUnsafeMutableBufferPointer { finals in
            series.withUnsafeMutableBufferPointer { series in
                exits.withUnsafeMutableBufferPointer { exits in
                    statuses.withUnsafeMutableBufferPointer { statuses in
                        let output = Output(finals: finals, series: series, exits: exits, statuses: statuses)
                        parallel(workers: workers) { _ in
                            var draws = [Double](repeating: .nan, count: plan.distributions.count)
                            while let block = coordinator.nextBlock() {
                                let range = (block * blockSize)..<min(samples, (block + 1) * blockSize)
                                var sums = [Double](repeating: 0, count: coordinator.sumCount)
                                runBlock(plan: plan, sampler: sampler, seed: seed, samples: range, layout: layout,
                                         output: output, sums: &sums, draws: &draws, coordinator: coordinator)
                                coordinator.finish(block: block, sums: sums)
                                if let progress { coordinator.report(samples: range.count, to: progress) }
                            }
                        }
                    }
                }
            }
        }
        if let failure = coordinator.failure { throw failure.error }
        if coordinator.cancelled { throw MonteCarloCancelled() }

        let totals = coordinator.totals
        let e2 = layout.entities * layout.entities
        let meanStakes = totals[0..<e2].map { $0 / Double(samples) }
        let held = totals[e2...].map { Int($0) }

        // Summaries: each number's percentiles are a pure function of its column, so they
        // can be computed on any thread.
        let finalSummaries = summarise(finals, columns: layout.slots * layout.entities, samples: samples, workers: threads)
        let seriesSummaries = keepSeries
            ? summarise(series, columns: layout.slots * layout.entities * layout.steps, samples: samples, workers: threads) : []
        return MonteCarloResult(model: plan.model, samples: samples, seed: seed, finalStep: layout.steps - 1, fields: fields,
                                formulaColumns: layout.columns, hasSeries: keepSeries, finals: finals, series: series,
                                exits: exits, statuses: statuses, finalSummaries: finalSummaries,
                                seriesSummaries: seriesSummaries, meanStakes: meanStakes, expectationsHeld: held)
    }

    /// The draws of one sample, one value per distribution id (what `Simulation(plan:draws:)` takes).
    public static func draws(plan: Plan, seed: UInt64, sample: Int) throws -> [Double] {
        let sampler = try DistributionSampler(plan: plan)
        var draws = [Double](repeating: .nan, count: plan.distributions.count)
        try sampler.draw(seed: seed, sample: sample, into: &draws)
        return draws
    }

    // MARK: - One block

    /// Runs the samples of one block and writes each one's slots: all of them in lanes
    /// of one `BatchSimulation` (which computes, lane by lane, exactly what `Simulation`
    /// computes), or one `Simulation` per sample when the months must be kept or a sample
    /// failed (the per-sample runs then find the earliest failing sample, as §5 asks).
    static func runBlock(plan: Plan, sampler: DistributionSampler, seed: UInt64, samples range: Range<Int>,
                         layout: Layout, output: Output, sums: inout [Double], draws: inout [Double],
                         coordinator: Coordinator) {
        if !layout.keepSeries, !coordinator.hasFailure(before: range.lowerBound),
           runLanes(plan: plan, sampler: sampler, seed: seed, samples: range, layout: layout, output: output,
                    sums: &sums) {
            return
        }
        runSamples(plan: plan, sampler: sampler, seed: seed, samples: range, layout: layout, output: output,
                   sums: &sums, draws: &draws, coordinator: coordinator)
    }

    /// The block's samples in the lanes of one batch run; false (with nothing written) when
    /// a draw or the run failed.
    static func runLanes(plan: Plan, sampler: DistributionSampler, seed: UInt64, samples range: Range<Int>,
                         layout: Layout, output: Output, sums: inout [Double]) -> Bool {
        var byDistribution = [[Double]](repeating: [Double](repeating: .nan, count: range.count), count: plan.distributions.count)
        let batch: BatchSimulation
        do {
            try sampler.draw(seed: seed, samples: range, into: &byDistribution)
            batch = try BatchSimulation(plan: plan, samples: range.count, firstSample: range.lowerBound, draws: byDistribution)
            try batch.run()
        } catch {
            return false
        }
        let e = layout.entities, n = layout.samples
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let base = (slot * e + entity) * n
                for (lane, s) in range.enumerated() { output.finals[base + s] = batch.finalValue(field, entity: entity, lane: lane) }
            }
            for k in 0..<layout.columns {
                let base = ((layout.fields.count + k) * e + entity) * n
                for (lane, s) in range.enumerated() { output.finals[base + s] = batch.finalFormula(column: k, entity: entity, lane: lane) }
            }
            for (lane, s) in range.enumerated() {
                output.exits[entity * n + s] = batch.exitStep(entity: entity, lane: lane).map { Int32($0) } ?? -1
                output.statuses[entity * n + s] = StatusCode.encode(batch.status(entity: entity, lane: lane))
            }
            // The block's sums start from zero, so summing a holder's lanes first adds the same numbers in the same order.
            for holder in 0..<e { sums[entity * e + holder] += batch.stakeSum(of: holder, in: entity) }
        }
        for (i, held) in batch.expectationsHeld.enumerated() { sums[e * e + i] += Double(held) }
        return true
    }

    /// Runs the samples of one block, in order, one `Simulation` each, writing each one's
    /// slots. Stops at the first failing sample (later ones cannot be the earliest
    /// failure), and skips samples above an earlier failure found by another thread.
    static func runSamples(plan: Plan, sampler: DistributionSampler, seed: UInt64, samples range: Range<Int>,
                         layout: Layout, output: Output, sums: inout [Double], draws: inout [Double],
                         coordinator: Coordinator) {
        let e = layout.entities, fieldCount = RecordedField.allCases.count, last = layout.steps - 1
        for s in range {
            if coordinator.hasFailure(before: s) { return }
            let simulation: Simulation
            do {
                try sampler.draw(seed: seed, sample: s, into: &draws)
                simulation = try Simulation(plan: plan, draws: draws)
                simulation.logsEvents = false
                try simulation.run()
            } catch let error as RunError {
                coordinator.fail(sample: s, RunError(message: error.message, span: error.span, step: error.step, sample: s))
                return
            } catch {
                coordinator.fail(sample: s, RunError(message: "\(error)", span: nil, step: 0, sample: s))
                return
            }
            let n = layout.samples
            for entity in 0..<e {
                for (slot, field) in layout.fields.enumerated() {
                    output.finals[(slot * e + entity) * n + s] = simulation.values[(last * e + entity) * fieldCount + field.rawValue]
                }
                for k in 0..<layout.columns {
                    output.finals[((layout.fields.count + k) * e + entity) * n + s] =
                        simulation.formulaValues[(last * e + entity) * layout.columns + k]
                }
                output.exits[entity * n + s] = simulation.exitStep[entity].map { Int32($0) } ?? -1
                output.statuses[entity * n + s] = StatusCode.encode(simulation.status[entity])
                for holder in 0..<e { sums[entity * e + holder] += simulation.stakes[entity * e + holder] }
            }
            for outcome in simulation.expectationOutcomes where outcome.passed { sums[e * e + outcome.index] += 1 }
            guard layout.keepSeries else { continue }
            for entity in 0..<e {
                for step in 0...last {
                    for (slot, field) in layout.fields.enumerated() {
                        output.series[(((slot * e + entity) * layout.steps) + step) * n + s] =
                            simulation.values[(step * e + entity) * fieldCount + field.rawValue]
                    }
                    for k in 0..<layout.columns {
                        output.series[((((layout.fields.count + k) * e + entity) * layout.steps) + step) * n + s] =
                            simulation.formulaValues[(step * e + entity) * layout.columns + k]
                    }
                }
            }
        }
    }

    /// An array of `count` plain numbers whose values are left as they are in memory: each
    /// is written before it is read.
    static func unfilled<T: BitwiseCopyable>(_ type: T.Type, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    // MARK: - Summaries

    /// The percentiles of each run of `samples` consecutive values.
    static func summarise(_ values: [Double], columns: Int, samples: Int, workers: Int) -> [Percentiles?] {
        var out = [Percentiles?](repeating: nil, count: columns)
        guard columns > 0 else { return out }
        let counter = Coordinator(blocks: columns, sums: 0)
        values.withUnsafeBufferPointer { values in
            out.withUnsafeMutableBufferPointer { out in
                let target = SendableBuffer(out)
                parallel(workers: max(1, min(workers, columns))) { _ in
                    while let c = counter.nextBlock() {
                        target.buffer[c] = Percentiles.of(UnsafeBufferPointer(rebasing: values[(c * samples)..<((c + 1) * samples)]))
                    }
                }
            }
        }
        return out
    }

    // MARK: - Threads

    /// Runs `body(w)` for w in 0..<workers, on the calling thread and workers − 1 others,
    /// and returns when all are done.
    static func parallel(workers: Int, _ body: @escaping (Int) -> Void) {
        WorkerThreads.run(workers, stackSize: 8 << 20, body)
    }
}

/// A Monte Carlo run stopped by its progress callback (Ctrl-C).
public struct MonteCarloCancelled: Error, Sendable {}

/// Where each kept number of a sample goes.
struct Layout {
    let samples: Int
    let entities: Int
    let steps: Int
    let fields: [RecordedField]
    let columns: Int
    let keepSeries: Bool
    var slots: Int { fields.count + columns }

    init(plan: Plan, samples: Int, fields: [RecordedField], keepSeries: Bool) {
        self.samples = samples
        entities = plan.entityCount
        steps = plan.steps
        self.fields = fields
        columns = plan.reportFormulas.count
        self.keepSeries = keepSeries
    }
}

/// The output arrays, shared by the workers; each sample writes only its own slots.
struct Output: @unchecked Sendable {
    let finals: UnsafeMutableBufferPointer<Double>
    let series: UnsafeMutableBufferPointer<Double>
    let exits: UnsafeMutableBufferPointer<Int32>
    let statuses: UnsafeMutableBufferPointer<Int32>
}

struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// Hands out blocks in increasing order, remembers the earliest failure, and adds the
/// blocks' partial sums in block order (so the totals do not depend on which thread
/// finished first).
final class Coordinator: @unchecked Sendable {
    private let lock = Lock()
    private let blocks: Int
    private var next = 0
    let sumCount: Int
    private(set) var totals: [Double]
    private var pending: [Int: [Double]] = [:]
    private var merged = 0
    private(set) var failure: (sample: Int, error: RunError)?

    init(blocks: Int, sums: Int) {
        self.blocks = blocks
        sumCount = sums
        totals = Array(repeating: 0, count: sums)
    }

    /// The next block to run; nil when all are taken, or every remaining block starts
    /// after a sample that already failed.
    func nextBlock() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < blocks, !cancelled else { return nil }
        if let failure, next * MonteCarlo.blockSize > failure.sample { return nil }
        next += 1
        return next - 1
    }

    /// Whether a progress callback asked to stop.
    private(set) var cancelled = false
    private var samplesDone = 0
    private let reporting = Lock()

    /// Counts a finished block's samples and tells `progress`, one call at a time.
    func report(samples: Int, to progress: (Int) -> Bool) {
        reporting.lock()
        defer { reporting.unlock() }
        lock.lock()
        samplesDone += samples
        let done = samplesDone
        lock.unlock()
        if !progress(done) {
            lock.lock()
            cancelled = true
            lock.unlock()
        }
    }

    func hasFailure(before sample: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return failure.map { $0.sample < sample } ?? false
    }

    func fail(sample: Int, _ error: RunError) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil || sample < failure!.sample { failure = (sample, error) }
    }

    func finish(block: Int, sums: [Double]) {
        guard sumCount > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        pending[block] = sums
        while let partial = pending.removeValue(forKey: merged) {
            for i in 0..<sumCount { totals[i] += partial[i] }
            merged += 1
        }
    }
}
