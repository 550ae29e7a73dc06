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

    // What grows during a run, each an item with its rows; lists per entity keep creation order.
    var streams: [StreamItem] = []
    /// Per entity and kind (`2e` revenue, `2e + 1` burn): its streams, oldest first.
    var streamsOf: [[Int]]
    var contracts = ItemTable<ContractItem>()
    /// Per entity: the contracts it rents under, and those it provides.
    var rentedBy: [[Int]]
    var providedBy: [[Int]]
    var builds = ItemTable<BuildItem>()
    var buildsOf: [[Int]]
    var deliveries = ItemTable<DeliveryItem>()
    var deliveriesOf: [[Int]]
    /// Stake rows: `stakeRows[x * entityCount + h]` is the row of H's stake in X, when H ever held one.
    var stakeRows: [Int: Int] = [:]
    /// Per entity: its holders, in the order they first held a stake.
    var holdersOf: [[Int]]

    /// Per entity: whether it is active in some lane (kept by `leave`).
    var activeAnywhere: [Bool]
    /// Per entity: whether it settled this month's flows, exit and growth in one pass.
    var settledEarly: [Bool]
    /// Whether the entity's revenue / burn is a formula in some lane.
    var revenueFormula: [Int?]
    var burnFormula: [Int?]
    /// Whether any entity's revenue or burn has been a formula in some lane: then phase 4
    /// works out every entity's flows before booking any.
    var hasFormulaFlows = false
    /// Per entity and kind: the index of its only stream of that kind, or -1 (its row then
    /// stands in for the total: growth writes one row, not two).
    var singleStream: [Int]
    var paramReady: [Bool]

    /// The next month to run (`plan.steps` when the run is over).
    public internal(set) var step = 0
    /// Whether the last month run still owes its growth (phase 7): a run stopped at a month
    /// (`run(through:)`) shows that month's end, as its recorded row does.
    var growthPending = false

    /// What the run reports for one lane (`logLane`, the plain run's): events, skipped
    /// actions, warnings, expectations. Nil under Monte Carlo, whose samples' logs are not shown.
    let logLane: Int?
    var events: [RunEvent] = []
    var skipped: [SkippedAction] = []
    var warnings: [RunWarning] = []
    var warned: [Bool]
    var expectationOutcomes: [ExpectationOutcome] = []
    /// For each `expect`, in how many of the samples' lanes it held (checked in its month).
    public internal(set) var expectationsHeld: [Int]
    /// Called at the end of every month (phase 6) when set: what records the months.
    var recorder: MonthRecorder?

    // Evaluation.
    var top = 0
    var evaluationDepth = 0
    var evaluationProblem: RunProblem?
    /// Whether an arithmetic step made a non-finite value in some lane since the flag was
    /// cleared; the lanes are in the `arithmetic` mask.
    var arithmeticFailed = false
    /// The first such value, for the message.
    var arithmeticValue = 0.0
    /// The first entity whose totals overflowed since the last check, and which total
    /// (`checkOverflow` turns it into an error where the engine can throw).
    var overflow: (entity: Int, quantity: EntityQuantity)?
    /// Per stack position: the row its operand is read from, or nil for a scalar operand.
    var operandRow: [LaneRow?]
    var operandScalar: [Double]
    /// Stack positions: the plan's fixed rows, then rows made for deeper ad-hoc formulas.
    var stackCapacity: Int
    var extraStackRows: [Int] = []
    /// An entity active in every lane whose result the current evaluation's caller reads
    /// (a rule's condition for its own entity), or -1: its revenue and burn are then read in
    /// place from its streams.
    var activeInLanesRead = -1

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
        var due = Array(repeating: false, count: max(1, plan.steps))
        for expectation in plan.expectations where expectation.step >= 0 && expectation.step < plan.steps { due[expectation.step] = true }
        expectationDue = due
        streamsOf = Array(repeating: [], count: 2 * e)
        rentedBy = Array(repeating: [], count: e)
        providedBy = Array(repeating: [], count: e)
        buildsOf = Array(repeating: [], count: e)
        deliveriesOf = Array(repeating: [], count: e)
        holdersOf = Array(repeating: [], count: e)
        activeAnywhere = Array(repeating: true, count: e)
        settledEarly = Array(repeating: false, count: e)
        revenueFormula = Array(repeating: nil, count: e)
        burnFormula = Array(repeating: nil, count: e)
        singleStream = Array(repeating: -1, count: 2 * e)
        paramReady = Array(repeating: false, count: plan.paramFormulas.count)
        warned = Array(repeating: false, count: e)
        expectationsHeld = Array(repeating: 0, count: plan.expectations.count)
        logLane = (logEvents ?? (samples == 1)) ? 0 : nil
        operandRow = Array(repeating: nil, count: layout.stackRows)
        operandScalar = Array(repeating: 0, count: layout.stackRows)
        stackCapacity = layout.stackRows
        try prepare(draws)
    }
}

/// A revenue or burn stream (§7 "Streams"): its value and monthly factor per lane.
struct StreamItem {
    var owner: Int
    var isRevenue: Bool
    var value: Int
    var factor: Int
}

/// `X rents CHIP from Y`: paid each month to `lastStep`.
struct ContractItem {
    var renter: Int
    var provider: Int
    var chip: Int
    var lastStep: Int
    var payment: Int
    var chips: Int
}

/// `X builds W of CHIP`: paid each month to `lastStep`; the chips arrive by a delivery.
struct BuildItem {
    var builder: Int
    var lastStep: Int
    var payment: Int
}

/// Chips that join a fleet in phase 1 of `step`.
struct DeliveryItem {
    var entity: Int
    var chip: Int
    var step: Int
    var count: Int
}

/// Items with stable numbers: an item keeps its number until it is removed, and a number
/// is never given to another item, so lists of numbers stay valid. `order` lists the live
/// ones, oldest first.
struct ItemTable<Item> {
    private var slots: [Item?] = []
    private(set) var order: [Int] = []

    var isEmpty: Bool { order.isEmpty }

    mutating func add(_ item: Item) -> Int {
        slots.append(item)
        order.append(slots.count - 1)
        return slots.count - 1
    }

    subscript(i: Int) -> Item {
        get { slots[i]! }
        set { slots[i] = newValue }
    }

    /// Removes the live items for which `remove` holds and returns them, oldest first.
    mutating func removeAll(where remove: (Item) -> Bool) -> [(number: Int, item: Item)] {
        var removed: [(number: Int, item: Item)] = []
        order.removeAll { i in
            guard let item = slots[i], remove(item) else { return false }
            removed.append((i, item))
            slots[i] = nil
            return true
        }
        return removed
    }
}

/// Whether an `expect` held in the logged lane, with its sides for a failure's message.
public struct ExpectationOutcome: Sendable, Equatable {
    public let index: Int
    public let passed: Bool
    /// The values of the two sides of a comparison.
    public let sides: [Double]
}
