import FoundationEssentials
import RaceModel

/// `race run --samples S --seed K --threads T` (docs/reference/uncertainty.md): S runs of one plan, each with its own
/// draw of every distribution, summarised as percentiles.
///
/// Samples are cut into blocks of `blockSize` that worker threads take in increasing
/// order; a block's samples run in the lanes of one `LaneEngine`. Sample s draws from its
/// own stream, derived from (seed, s) alone, and writes only its own slots of the output;
/// sums over samples (the mean stakes) are added per block and then block after block in
/// order. So the result is bit-identical for any number of threads, and any thread may run
/// any block. Blocks are aligned to multiples of `blockSize` among all S samples, also in a
/// shard (docs/reference/shards.md), so the sums of a merge of shards can be added in the single run's order.
public enum MonteCarlo {
    /// The most threads a run starts, whatever it is asked for (more than cores gains nothing).
    public static let maximumThreads = 256

    /// Samples per block handed to a thread.
    public static let blockSize = 128

    /// The fields of docs/reference/output.md's `final`, the default of what is kept.
    public static let finalFields: [RecordedField] = [
        .cash, .revenue, .burn, .compute, .flop, .chips, .valuation, .runway, .paid, .received, .debt,
    ]

    /// Bytes a run keeps (the finals of `fields` and report columns, exits and statuses per
    /// entity and sample; with `keepSeries`, every month's too; the per-sample records the
    /// options ask for). A Double, so no count of samples, however absurd, can overflow.
    public static func bytesNeeded(plan: Plan, samples: Int, fields: [RecordedField] = finalFields,
                                   keepSeries: Bool = false, options: MonteCarloOptions = MonteCarloOptions()) -> Double {
        let slots = Double(fields.count + plan.reportFormulas.count), entities = Double(plan.entityCount)
        var perSample = entities * (slots * 8 * (keepSeries ? Double(plan.steps) + 1 : 1) + 6)
        perSample += Double(plan.observations.count) * 8 * 2
        if options.keepDraws { perSample += Double(plan.distributions.count) * 8 }
        // Stakes: about one holder per entity; expectations: a byte each.
        if options.keepSampleOutcomes { perSample += entities * 8 + Double(plan.expectations.count) }
        return perSample * Double(max(options.range?.count ?? samples, 0))
    }

    /// What a run may keep: three quarters of this machine's memory.
    public static var memoryBudget: Double { Double(ProcessInfo.processInfo.physicalMemory) * 0.75 }

    /// Why `samples` samples cannot run here, or nil when they fit in `memoryBudget`:
    /// a clear error beforehand rather than a process killed for its memory.
    public static func memoryProblem(plan: Plan, samples: Int, fields: [RecordedField] = finalFields,
                                     keepSeries: Bool = false, options: MonteCarloOptions = MonteCarloOptions()) -> RunProblem? {
        let need = bytesNeeded(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries, options: options)
        guard need > memoryBudget else { return nil }
        return .tooLarge(bytes: need, available: Double(ProcessInfo.processInfo.physicalMemory), series: keepSeries, samples: samples)
    }

    /// Runs the samples of a run of `samples` (ids 0..<samples, or `options.range` of them)
    /// of `plan` with `seed` on `threads` threads. Keeps the final value of `fields` and of
    /// every report `let` column, each entity's status and exit step, the mean stakes, what
    /// each observation saw, with `keepSeries` every month's values, and the per-sample
    /// records `options` asks for. Under observations (docs/reference/observations.md) and `options.weighted`, every
    /// summary is weighted.
    ///
    /// A run error in any sample stops the run; the error names the earliest failing sample
    /// (whatever the threads did, the same one). When no sample reproduces the observations,
    /// the run throws `NoSampleFitsObservations`.
    ///
    /// `progress`, when given, is called (on a worker thread, one call at a time) after each
    /// block with the number of samples done so far; returning false stops the run, which
    /// then throws `MonteCarloCancelled` (Ctrl-C).
    public static func run(plan: Plan, samples: Int, seed: UInt64 = 0,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           keepSeries: Bool = false, fields: [RecordedField] = finalFields,
                           options: MonteCarloOptions = MonteCarloOptions(),
                           progress: (@Sendable (Int) -> Bool)? = nil) throws -> MonteCarloResult {
        precondition(samples >= 1, "Monte Carlo needs at least one sample")
        let range = options.range ?? 0..<samples
        precondition(range.lowerBound >= 0 && range.upperBound <= samples && !range.isEmpty, "a range of the run's samples")
        if let problem = memoryProblem(plan: plan, samples: samples, fields: fields, keepSeries: keepSeries, options: options) {
            throw RunError(problem, span: nil, step: 0, sample: nil)
        }
        let targets = try ObservationTarget.all(plan)
        let weighted = options.weighted && !targets.isEmpty
        let random = RandomDraws(plan: plan, seed: seed)
        let layout = Layout(plan: plan, range: range, fields: fields, keepSeries: keepSeries, options: options, weighted: weighted)
        let firstBlock = range.lowerBound / blockSize, lastBlock = (range.upperBound - 1) / blockSize
        let blocks = lastBlock - firstBlock + 1
        let workers = min(max(1, min(threads, maximumThreads)), blocks)
        let coordinator = Coordinator(blocks: blocks, firstBlock: firstBlock,
                                      sums: layout.entities * layout.entities + plan.expectations.count)

        var store = OutputStore(layout: layout)
        store.withOutput { output in
            parallel(workers: workers) { _ in
                while let block = coordinator.nextBlock() {
                    let global = firstBlock + block
                    let samples = max(range.lowerBound, global * blockSize)..<min(range.upperBound, (global + 1) * blockSize)
                    var sums = [Double](repeating: 0, count: coordinator.sumCount)
                    runBlock(plan: plan, random: random, samples: samples, layout: layout, output: output,
                             sums: &sums, coordinator: coordinator)
                    coordinator.finish(block: block, sums: sums)
                    if let progress { coordinator.report(samples: samples.count, to: progress) }
                }
            }
        }
        if let failure = coordinator.failure { throw failure.error }
        if coordinator.cancelled { throw MonteCarloCancelled() }

        let stakes = layout.keepStakes ? coordinator.stakeColumns(samples: range.count, first: range.lowerBound) : nil
        let columns = SampleColumns(samples: range.count, entities: layout.entities, fields: fields, formulaColumns: layout.columns,
                                    finals: store.finals, exits: store.exits, statuses: store.statuses, draws: store.draws,
                                    observed: store.observed, stakes: stakes, held: layout.keepHeld ? store.held : nil)
        let e2 = layout.entities * layout.entities
        let totals = coordinator.totals
        return try MonteCarloResult(
            model: plan.model, totalSamples: samples, firstSample: range.lowerBound, seed: seed, finalStep: layout.steps - 1,
            columns: columns, series: keepSeries ? store.series : nil, targets: targets, weighted: weighted,
            blockStakeTotals: Array(totals[0..<e2]), expectationsHeld: totals[e2...].map { Int($0) }, threads: threads)
    }

    /// The draws of one sample, one value per distribution id.
    public static func draws(plan: Plan, seed: UInt64, sample: Int) throws(RunError) -> [Double] {
        let engine = try LaneEngine(plan: plan, samples: 1, firstSample: sample, draws: .random(RandomDraws(plan: plan, seed: seed)))
        return engine.draws(lane: 0)
    }

    // MARK: - One block

    /// Runs the samples of one block in the lanes of one engine and writes each one's slots.
    /// When a sample fails, the block's earlier samples run again without it, until the
    /// earliest failing sample is found (docs/reference/actions.md asks for it, whatever the threads did).
    static func runBlock(plan: Plan, random: RandomDraws, samples range: Range<Int>, layout: Layout, output: Output,
                         sums: inout [Double], coordinator: Coordinator) {
        var range = range
        while !range.isEmpty, !coordinator.hasFailure(before: range.lowerBound) {
            do {
                let stakes = try runLanes(plan: plan, draws: .random(random), samples: range, layout: layout, output: output,
                                          sums: &sums)
                if layout.keepStakes { coordinator.keep(stakes: stakes, from: range.lowerBound) }
                return
            } catch {
                let failing = error.sample ?? range.lowerBound
                coordinator.fail(sample: failing, error)
                range = range.lowerBound..<failing
                for i in sums.indices { sums[i] = 0 }
            }
        }
    }

    /// The block's samples in the lanes of one engine; throws the run's error. Returns the
    /// block's stakes per (entity, holder) pair and lane when the layout keeps them.
    static func runLanes(plan: Plan, draws: LaneEngine.Draws, samples range: Range<Int>, layout: Layout, output: Output,
                         sums: inout [Double]) throws(RunError) -> [Int: [Double]] {
        let engine = try LaneEngine(plan: plan, samples: range.count, firstSample: range.lowerBound, draws: draws)
        if layout.keepSeries || layout.keepHeld || layout.outcomeStep != nil {
            engine.recorder = BlockRecorder(layout: layout, output: output, samples: range)
        }
        try engine.run()
        keepDrawsAndObservations(engine, samples: range, layout: layout, output: output)
        if let step = layout.outcomeStep {
            keepExits(engine, by: step, samples: range, layout: layout, output: output)
            return [:]
        }
        return keepFinals(engine, samples: range, layout: layout, output: output, sums: &sums)
    }

    /// Each sample's draws (when kept) and what each observation saw.
    static func keepDrawsAndObservations(_ engine: LaneEngine, samples range: Range<Int>, layout: Layout, output: Output) {
        let n = layout.samples, first = layout.first
        for id in 0..<layout.draws {
            let row = engine.drawRow(id), base = id * n - first
            for (lane, s) in range.enumerated() { output.draws[base + s] = row[lane] }
        }
        for k in 0..<layout.observations {
            let base = k * n - first
            for (lane, s) in range.enumerated() { output.observed[base + s] = engine.observedValue(k, lane: lane) }
        }
    }

    /// Exits and statuses as they stood at `step` (the finals were taken then, by the
    /// recorder): an exit after it had not happened yet.
    static func keepExits(_ engine: LaneEngine, by step: Int, samples range: Range<Int>, layout: Layout, output: Output) {
        let n = layout.samples, first = layout.first
        for entity in 0..<layout.entities {
            for (lane, s) in range.enumerated() {
                let exit = engine.exitStep(entity: entity, lane: lane).flatMap { $0 <= step ? $0 : nil }
                output.exits[entity * n + s - first] = exit.map { SampleColumns.ExitStep($0) } ?? -1
                output.statuses[entity * n + s - first] = exit == nil ? 0 : StatusCode.encode(engine.status(entity: entity, lane: lane))
            }
        }
    }

    /// The horizon's values, exits and statuses of each sample, the block's sums of stakes and
    /// expectations held, and, when kept, the stakes per lane.
    static func keepFinals(_ engine: LaneEngine, samples range: Range<Int>, layout: Layout, output: Output,
                           sums: inout [Double]) -> [Int: [Double]] {
        let e = layout.entities, n = layout.samples, first = layout.first
        var stakes: [Int: [Double]] = [:]
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let base = (slot * e + entity) * n - first
                for (lane, s) in range.enumerated() { output.finals[base + s] = engine.finalValue(field, entity: entity, lane: lane) }
            }
            for k in 0..<layout.columns {
                let base = ((layout.fields.count + k) * e + entity) * n - first
                for (lane, s) in range.enumerated() { output.finals[base + s] = engine.finalFormula(column: k, entity: entity, lane: lane) }
            }
            for (lane, s) in range.enumerated() {
                output.exits[entity * n + s - first] = engine.exitStep(entity: entity, lane: lane).map { SampleColumns.ExitStep($0) } ?? -1
                output.statuses[entity * n + s - first] = StatusCode.encode(engine.status(entity: entity, lane: lane))
            }
            // The block's sums start from zero, so summing a holder's lanes first adds the same
            // numbers in the same order whatever the threads.
            for holder in engine.holders(of: entity) {
                sums[entity * e + holder] += engine.stakeSum(of: holder, in: entity)
                if layout.keepStakes {
                    stakes[entity * e + holder] = (0..<range.count).map { engine.stake(of: holder, in: entity, lane: $0) }
                }
            }
        }
        for (i, held) in engine.expectationsHeld.enumerated() { sums[e * e + i] += Double(held) }
        return stakes
    }

    // MARK: - Threads

    /// Runs `body(i)` for each i in 0..<count, on up to `threads` threads that take the
    /// indices in increasing order: for work over the samples of a result (writing a
    /// per-sample file), spread as the run spreads its blocks.
    public static func concurrentForEach(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let counter = Coordinator(blocks: count, sums: 0)
        parallel(workers: max(1, min(threads, count, maximumThreads))) { _ in
            while let i = counter.nextBlock() { body(i) }
        }
    }

    /// `body(i)` for each i in 0..<count, worked out on up to `threads` threads, in index
    /// order: for independent pieces of analysis over one result (an outcome's ranking each).
    public static func concurrentMap<T: Sendable>(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        concurrentForEach(count, threads: threads) { i in slots.set(i, body(i)) }
        return slots.values
    }

    /// Runs `body(w)` for w in 0..<workers, on the calling thread and workers − 1 others,
    /// and returns when all are done.
    static func parallel(workers: Int, _ body: @escaping (Int) -> Void) {
        WorkerThreads.run(workers, stackSize: 8 << 20, body)
    }
}

/// What a Monte Carlo run keeps besides its summaries, and which of its samples it runs.
public struct MonteCarloOptions: Sendable {
    /// The samples to run, out of all of the run's (a shard, docs/reference/shards.md); nil: all of them.
    public var range: Range<Int>?
    /// Keep each random input's draw in each sample (`race explain`, `--per-sample`).
    public var keepDraws: Bool
    /// Keep per sample what summaries add up over samples: the stakes and whether each
    /// expectation held (`--per-sample`: what `race merge` needs).
    public var keepSampleOutcomes: Bool
    /// Weight the samples by the scenario's observations (docs/reference/observations.md); false ignores them (`--prior`,
    /// `race score`).
    public var weighted: Bool
    /// Take the kept fields, report columns, exits and statuses at this step instead of the
    /// horizon (`race explain --at`); stakes and expectations are then not kept.
    public var outcomeStep: Int?

    public init(range: Range<Int>? = nil, keepDraws: Bool = false, keepSampleOutcomes: Bool = false, weighted: Bool = true,
                outcomeStep: Int? = nil) {
        self.range = range
        self.keepDraws = keepDraws
        self.keepSampleOutcomes = keepSampleOutcomes
        self.weighted = weighted
        self.outcomeStep = outcomeStep
    }

    /// Samples `I·S/N ..< (I+1)·S/N` of S (docs/reference/shards.md): shard `index` of `count`.
    public static func shard(_ index: Int, of count: Int, samples: Int) -> Range<Int> {
        precondition(count >= 1 && index >= 0 && index < count, "shard \(index) of \(count)")
        let low = Int((Int64(index) * Int64(samples)) / Int64(count))
        let high = Int((Int64(index + 1) * Int64(samples)) / Int64(count))
        return low..<high
    }
}

/// A Monte Carlo run stopped by its progress callback (Ctrl-C).
public struct MonteCarloCancelled: Error, Sendable {}

/// One result per index, set from any thread, each index once.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private var results: [T?]
    private let lock = Lock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        defer { lock.unlock() }
        precondition(results[i] == nil, "each index is set once")
        results[i] = value
    }

    /// Every result, once all are set.
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return results.map { $0! }
    }
}
