import FoundationEssentials
import RaceModel

/// `race run --samples S --seed K --threads T` (§8): S runs of one plan, each with its own
/// draw of every distribution, summarised as percentiles.
///
/// Samples are cut into blocks of `blockSize` that worker threads take in increasing
/// order; a block's samples run in the lanes of one `LaneEngine`. Sample s draws from its
/// own stream, derived from (seed, s) alone, and writes only its own slots of the output;
/// sums over samples (the mean stakes) are added per block and then block after block in
/// order. So the result is bit-identical for any number of threads, and any thread may run
/// any block.
public enum MonteCarlo {
    /// The most threads a run starts, whatever it is asked for (more than cores gains nothing).
    public static let maximumThreads = 256

    /// Samples per block handed to a thread.
    public static let blockSize = 128

    /// The fields of §10's `final`, the default of what is kept.
    public static let finalFields: [RecordedField] = [
        .cash, .revenue, .burn, .compute, .flop, .chips, .valuation, .runway, .paid, .received, .debt,
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
                                     keepSeries: Bool = false) -> RunProblem? {
        let need = bytesNeeded(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries)
        guard need > memoryBudget else { return nil }
        return .tooLarge(bytes: need, available: Double(ProcessInfo.processInfo.physicalMemory), series: keepSeries, samples: samples)
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
            throw RunError(problem, span: nil, step: 0, sample: nil)
        }
        if let observation = plan.model.observations.first {
            throw RunError(.unsupported(.observation), span: observation.span, step: 0, sample: nil)
        }
        let random = RandomDraws(plan: plan, seed: seed)
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
                            while let block = coordinator.nextBlock() {
                                let range = (block * blockSize)..<min(samples, (block + 1) * blockSize)
                                var sums = [Double](repeating: 0, count: coordinator.sumCount)
                                runBlock(plan: plan, random: random, samples: range, layout: layout, output: output,
                                         sums: &sums, coordinator: coordinator)
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

    /// The draws of one sample, one value per distribution id.
    public static func draws(plan: Plan, seed: UInt64, sample: Int) throws(RunError) -> [Double] {
        let engine = try LaneEngine(plan: plan, samples: 1, firstSample: sample, draws: .random(RandomDraws(plan: plan, seed: seed)))
        return engine.draws(lane: 0)
    }

    // MARK: - One block

    /// Runs the samples of one block in the lanes of one engine and writes each one's slots.
    /// When a sample fails, the block's earlier samples run again without it, until the
    /// earliest failing sample is found (§5 asks for it, whatever the threads did).
    static func runBlock(plan: Plan, random: RandomDraws, samples range: Range<Int>, layout: Layout, output: Output,
                         sums: inout [Double], coordinator: Coordinator) {
        var range = range
        while !range.isEmpty, !coordinator.hasFailure(before: range.lowerBound) {
            do {
                try runLanes(plan: plan, random: random, samples: range, layout: layout, output: output, sums: &sums)
                return
            } catch {
                let failing = error.sample ?? range.lowerBound
                coordinator.fail(sample: failing, error)
                range = range.lowerBound..<failing
                for i in sums.indices { sums[i] = 0 }
            }
        }
    }

    /// The block's samples in the lanes of one engine; throws the run's error.
    static func runLanes(plan: Plan, random: RandomDraws, samples range: Range<Int>, layout: Layout, output: Output,
                         sums: inout [Double]) throws(RunError) {
        let engine = try LaneEngine(plan: plan, samples: range.count, firstSample: range.lowerBound, draws: .random(random))
        if layout.keepSeries { engine.recorder = SeriesRecorder(layout: layout, output: output, samples: range) }
        try engine.run()
        let e = layout.entities, n = layout.samples
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let base = (slot * e + entity) * n
                for (lane, s) in range.enumerated() { output.finals[base + s] = engine.finalValue(field, entity: entity, lane: lane) }
            }
            for k in 0..<layout.columns {
                let base = ((layout.fields.count + k) * e + entity) * n
                for (lane, s) in range.enumerated() { output.finals[base + s] = engine.finalFormula(column: k, entity: entity, lane: lane) }
            }
            for (lane, s) in range.enumerated() {
                output.exits[entity * n + s] = engine.exitStep(entity: entity, lane: lane).map { Int32($0) } ?? -1
                output.statuses[entity * n + s] = StatusCode.encode(engine.status(entity: entity, lane: lane))
            }
            // The block's sums start from zero, so summing a holder's lanes first adds the same
            // numbers in the same order whatever the threads.
            for holder in engine.holders(of: entity) { sums[entity * e + holder] += engine.stakeSum(of: holder, in: entity) }
        }
        for (i, held) in engine.expectationsHeld.enumerated() { sums[e * e + i] += Double(held) }
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

/// Keeps every month of every sample of a block (`--series`, periodic reports).
final class SeriesRecorder: MonthRecorder {
    let layout: Layout
    let output: Output
    let range: Range<Int>

    init(layout: Layout, output: Output, samples range: Range<Int>) {
        self.layout = layout
        self.output = output
        self.range = range
    }

    func record(_ engine: LaneEngine) {
        let e = layout.entities, n = layout.samples, steps = layout.steps, step = engine.step, work = engine.scratch(.record)
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let values = engine.recordedRow(field, entity, scratch: work)
                let base = ((slot * e + entity) * steps + step) * n
                for (lane, s) in range.enumerated() { output.series[base + s] = values[lane] }
            }
            for k in 0..<layout.columns {
                engine.reportColumn(k, entity, into: work)
                let base = (((layout.fields.count + k) * e + entity) * steps + step) * n
                for (lane, s) in range.enumerated() { output.series[base + s] = work[lane] }
            }
        }
    }
}

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
