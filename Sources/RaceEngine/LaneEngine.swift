import RaceModel
import RaceSyntax

/// The engine (DESIGN.md "one engine"): runs a plan for a batch of samples in lockstep.
/// Every quantity holds one value per lane (sample), and each compiled instruction runs over
/// all lanes in a tight loop, so interpretation costs once per instruction, not once per
/// sample. Where samples part ways (a rule fires in some, a lab runs out of cash in some),
/// lanes carry masks. A plain run is the same code with one sample.
///
/// Each lane computes its sample's numbers with the same operations in the same order
/// whatever the other lanes hold, so a sample gives the same numbers alone or in a batch
/// (a differential test holds the engine to it).
///
/// The state lives in one `LaneMemory`; the rows below are its fixed rows, counted from the
/// plan (`RowLayout`). What grows during a run (streams, contracts, builds, deliveries,
/// stakes) takes rows made as it goes, listed per entity so that refreshing one entity's
/// totals costs what that entity holds, not what the whole scenario holds.
public final class LaneEngine {
    public let plan: Plan
    /// The samples in this batch: lanes `0..<samples`.
    public let samples: Int
    /// The lanes: the samples rounded up to whole vectors. The lanes past `samples` repeat
    /// the last sample's draws: they compute a real sample's numbers, and fail only where
    /// their twin fails first.
    let lanes: Int
    /// The index of lane 0 among all samples, for error messages.
    public let firstSample: Int
    /// Whether errors name their sample: a plain run's (one sample at the medians, or one
    /// sample's given draws) do not.
    let namesSamples: Bool
    let entityCount: Int
    let chipCount: Int
    let memory: LaneMemory
    let layout: RowLayout
    /// Whether the special-case passes (`settle`, fused comparisons) may run. Off, every
    /// month takes the general path: the differential tests compare the two.
    let fastPaths: Bool

    /// Per entity: whether it is a lab (only labs run out of cash).
    let isLab: [Bool]
    let tracksCash: [Bool]
    /// Per step: whether an expectation is dated then.
    let expectationDue: [Bool]

    /// What the run reports for one lane (`logLane`, the plain run's): events, skipped
    /// actions, warnings, expectations. Nil under Monte Carlo, whose samples' logs are not shown.
    let logLane: Int?
    /// Called at the end of every month (phase 6) when set: what records the months.
    var recorder: MonthRecorder?

    // The state that changes as the run goes, read and written on every pass: the month, and two values.
    // Debug builds check every access to them for exclusivity; in release builds the runtime
    // check (a call per access, a quarter of a Monte Carlo run's time, measured) is off for
    // these three alone: the engine touches them only from its own methods, one at a time,
    // never through an `inout` that outlives a statement, which the debug checks confirm
    // on every test.
    #if DEBUG
    /// The next month to run (`plan.steps` when the run is over).
    public internal(set) var step = 0
    var ledger: Ledger
    var stack: OperandStack
    #else
    @exclusivity(unchecked) public internal(set) var step = 0
    @exclusivity(unchecked) var ledger: Ledger
    @exclusivity(unchecked) var stack: OperandStack
    #endif

    /// For each `expect`, in how many of the samples' lanes it held (checked in its month).
    public var expectationsHeld: [Int] { ledger.expectationsHeld }

    /// How a batch's draws come: each distribution's median (a plain run), one sample's
    /// random draws per lane (Monte Carlo), or given values (tests, `--set`).
    public enum Draws {
        case medians
        case random(RandomDraws)
        /// `values[distribution][lane]`.
        case given([[Double]])
    }

    /// Prepares month 0 for `samples` samples, the first being `firstSample`.
    public init(plan: Plan, samples: Int = 1, firstSample: Int = 0, draws: Draws = .medians,
                logEvents: Bool? = nil, fastPaths: Bool = true) throws(RunError) {
        self.plan = plan
        self.samples = samples
        lanes = LaneVector.lanes(for: samples)
        self.firstSample = firstSample
        self.fastPaths = fastPaths
        if case .random = draws { namesSamples = true } else { namesSamples = samples > 1 }
        entityCount = plan.entities.count
        chipCount = plan.chips.count
        layout = RowLayout(plan: plan)
        memory = LaneMemory(fixedRows: layout.rows, lanes: lanes, filledRows: layout.filledRows)
        let e = entityCount
        isLab = plan.entities.map(\.isLab)
        tracksCash = plan.entities.map(\.tracksCash)
        // An expectation whose month is uncertain may be due in any month.
        let anyMonth = plan.expectations.contains { $0.at != nil }
        var due = Array(repeating: anyMonth, count: max(1, plan.steps))
        for expectation in plan.expectations where expectation.step >= 0 && expectation.step < plan.steps { due[expectation.step] = true }
        expectationDue = due
        ledger = Ledger(entities: e, params: plan.paramFormulas.count, expectations: plan.expectations.count)
        stack = OperandStack(positions: layout.stackRows)
        logLane = (logEvents ?? (samples == 1)) ? 0 : nil
        if let (feature, span) = plan.unsupported { throw RunError(.unsupported(feature), span: span, step: 0, sample: nil) }
        try prepare(draws)
    }
}

/// Whether an `expect` held in the logged lane, with its sides for a failure's message.
public struct ExpectationOutcome: Sendable, Equatable {
    public let index: Int
    public let passed: Bool
    /// The values of the two sides of a comparison.
    public let sides: [Double]
}
