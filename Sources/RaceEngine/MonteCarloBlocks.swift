import RaceModel

/// Where each kept number of a sample goes. Samples are indexed from `first`, the first of
/// the run's range: sample s is at local index s − first.
struct Layout {
    let first: Int
    let samples: Int
    let entities: Int
    let steps: Int
    let fields: [RecordedField]
    let columns: Int
    let keepSeries: Bool
    /// Distributions whose draws are kept per sample (all or none).
    let draws: Int
    let observations: Int
    /// Expectations whose outcome is kept per sample (all or none).
    let heldExpectations: Int
    let keepStakes: Bool
    /// The step whose values are taken as final (`MonteCarloOptions.outcomeStep`), or nil: the horizon.
    let outcomeStep: Int?
    var slots: Int { fields.count + columns }
    var keepHeld: Bool { heldExpectations > 0 }

    init(plan: Plan, range: Range<Int>, fields: [RecordedField], keepSeries: Bool, options: MonteCarloOptions, weighted: Bool) {
        first = range.lowerBound
        samples = range.count
        entities = plan.entityCount
        steps = plan.steps
        self.fields = fields
        columns = plan.reportFormulas.count
        self.keepSeries = keepSeries
        draws = options.keepDraws ? plan.distributions.count : 0
        observations = plan.observations.count
        // Weighted summaries of stakes and expectations need each sample's; so does a merge.
        outcomeStep = options.outcomeStep
        let perSample = (options.keepSampleOutcomes || weighted) && outcomeStep == nil
        heldExpectations = perSample ? plan.expectations.count : 0
        keepStakes = perSample
    }
}

/// The output arrays, shared by the workers; each sample writes only its own slots.
struct Output: @unchecked Sendable {
    let finals: UnsafeMutableBufferPointer<Double>
    let series: UnsafeMutableBufferPointer<Double>
    let exits: UnsafeMutableBufferPointer<Int32>
    let statuses: UnsafeMutableBufferPointer<Int32>
    let draws: UnsafeMutableBufferPointer<Double>
    let observed: UnsafeMutableBufferPointer<Double>
    let held: UnsafeMutableBufferPointer<UInt8>
}

/// The arrays behind `Output`, owned by the run.
struct OutputStore {
    var finals: [Double]
    var series: [Double]
    var exits: [Int32]
    var statuses: [Int32]
    var draws: [Double]
    var observed: [Double]
    var held: [UInt8]

    /// Every block writes every slot of its samples (or the run fails and nothing is read),
    /// so the arrays start unfilled: filling 8 MB before any worker starts was the run's
    /// largest serial cost after start-up (page faults, measured).
    init(layout: Layout) {
        let n = layout.samples, e = layout.entities
        finals = Self.unfilled(Double.self, count: layout.slots * e * n)
        series = Self.unfilled(Double.self, count: layout.keepSeries ? layout.slots * e * layout.steps * n : 0)
        exits = Self.unfilled(Int32.self, count: e * n)
        statuses = Self.unfilled(Int32.self, count: e * n)
        draws = Self.unfilled(Double.self, count: layout.draws * n)
        observed = Self.unfilled(Double.self, count: layout.observations * n)
        held = Self.unfilled(UInt8.self, count: layout.heldExpectations * n)
    }

    /// Lends the arrays to `body` as one `Output`.
    mutating func withOutput(_ body: (Output) -> Void) {
        finals.withUnsafeMutableBufferPointer { finals in
            series.withUnsafeMutableBufferPointer { series in
                exits.withUnsafeMutableBufferPointer { exits in
                    statuses.withUnsafeMutableBufferPointer { statuses in
                        draws.withUnsafeMutableBufferPointer { draws in
                            observed.withUnsafeMutableBufferPointer { observed in
                                held.withUnsafeMutableBufferPointer { held in
                                    body(Output(finals: finals, series: series, exits: exits, statuses: statuses,
                                                draws: draws, observed: observed, held: held))
                                }
                            }
                        }
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
}

/// Keeps what the run needs of every month of a block: with `--series` every month of every
/// sample, and, when kept per sample, whether each expectation dated that month held.
///
/// An expectation is read here, at the month's record, and checked by the engine just after
/// with the same state; the engine counts the lanes in which it held, this keeps which ones.
final class BlockRecorder: MonthRecorder {
    let layout: Layout
    let output: Output
    let range: Range<Int>

    init(layout: Layout, output: Output, samples range: Range<Int>) {
        self.layout = layout
        self.output = output
        self.range = range
    }

    func record(_ engine: LaneEngine) {
        if layout.keepSeries { recordSeries(engine) }
        if layout.keepHeld { recordExpectations(engine) }
        if engine.step == layout.outcomeStep { recordFinals(engine) }
    }

    /// The kept fields and report columns of this month, as the finals (`outcomeStep`).
    private func recordFinals(_ engine: LaneEngine) {
        let e = layout.entities, n = layout.samples, first = layout.first, work = engine.scratch(.record)
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let values = engine.recordedRow(field, entity, scratch: work), base = (slot * e + entity) * n - first
                for (lane, s) in range.enumerated() { output.finals[base + s] = values[lane] }
            }
            for k in 0..<layout.columns {
                engine.reportColumn(k, entity, into: work)
                let base = ((layout.fields.count + k) * e + entity) * n - first
                for (lane, s) in range.enumerated() { output.finals[base + s] = work[lane] }
            }
        }
    }

    private func recordSeries(_ engine: LaneEngine) {
        let e = layout.entities, n = layout.samples, steps = layout.steps, step = engine.step, work = engine.scratch(.record)
        let first = layout.first
        for entity in 0..<e {
            for (slot, field) in layout.fields.enumerated() {
                let values = engine.recordedRow(field, entity, scratch: work)
                let base = ((slot * e + entity) * steps + step) * n - first
                for (lane, s) in range.enumerated() { output.series[base + s] = values[lane] }
            }
            for k in 0..<layout.columns {
                engine.reportColumn(k, entity, into: work)
                let base = (((layout.fields.count + k) * e + entity) * steps + step) * n - first
                for (lane, s) in range.enumerated() { output.series[base + s] = work[lane] }
            }
        }
    }

    /// The engine's own test of an expectation (`checkExpectations`): held where the
    /// condition is neither 0 nor NaN.
    private func recordExpectations(_ engine: LaneEngine) {
        let plan = engine.plan, n = layout.samples, first = layout.first
        guard plan.expectations.contains(where: { $0.step == engine.step }) else { return }
        let condition = engine.scratch(.expectation)
        for (i, expectation) in plan.expectations.enumerated() where expectation.step == engine.step {
            engine.evaluate(expectation.formula, bound: -1, into: condition)
            for (lane, s) in range.enumerated() {
                output.held[i * n + s - first] = condition[lane] != 0 && !condition[lane].isNaN ? 1 : 0
            }
        }
        // A problem in the evaluation is the engine's to report, when it checks them next.
        engine.stack.evaluationProblem = nil
        engine.forgetArithmetic()
    }
}

struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// Hands out blocks in increasing order, remembers the earliest failure, adds the blocks'
/// partial sums in block order (so the totals do not depend on which thread finished
/// first), and keeps each block's stakes per sample when asked.
final class Coordinator: @unchecked Sendable {
    private let lock = Lock()
    private let blocks: Int
    /// The first block's number among all of the run's blocks (a shard's need not be 0).
    private let firstBlock: Int
    private var next = 0
    let sumCount: Int
    private(set) var totals: [Double]
    private var pending: [Int: [Double]] = [:]
    private var merged = 0
    private(set) var failure: (sample: Int, error: RunError)?
    /// Per block (by its first sample): the stakes of each (entity, holder) pair per lane.
    private var stakeBlocks: [Int: [Int: [Double]]] = [:]

    init(blocks: Int, firstBlock: Int = 0, sums: Int) {
        self.blocks = blocks
        self.firstBlock = firstBlock
        sumCount = sums
        totals = Array(repeating: 0, count: sums)
    }

    /// The next block to run (counted from the run's first); nil when all are taken, or
    /// every remaining block starts after a sample that already failed.
    func nextBlock() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < blocks, !cancelled else { return nil }
        if let failure, (firstBlock + next) * MonteCarlo.blockSize > failure.sample { return nil }
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

    func keep(stakes: [Int: [Double]], from first: Int) {
        lock.lock()
        defer { lock.unlock() }
        stakeBlocks[first] = stakes
    }

    /// The kept stakes as one column per (entity, holder) pair over the run's samples
    /// (`first` the first), 0 where a block had no such holder.
    func stakeColumns(samples: Int, first: Int) -> [Int: [Double]] {
        lock.lock()
        defer { lock.unlock() }
        var columns: [Int: [Double]] = [:]
        for (start, pairs) in stakeBlocks {
            for (pair, values) in pairs {
                if columns[pair] == nil { columns[pair] = [Double](repeating: 0, count: samples) }
                for (lane, v) in values.enumerated() { columns[pair]![start - first + lane] = v }
            }
        }
        return columns
    }
}
