import RaceModel

/// The engine's bookkeeping that changes as a run goes: what grows during a run (streams,
/// contracts, builds, deliveries, stakes), each an item with its rows in the `LaneMemory`,
/// listed per entity in creation order; per-entity flags; and what the logged lane reports.
struct Ledger {
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
    var loans = ItemTable<LoanItem>()
    /// Per entity: the loans it owes, and those it lent.
    var loansOf: [[Int]]
    var lentBy: [[Int]]
    /// Per contract: whether the logged lane was told it got fewer chips than it asked.
    var warnedLeases: Set<Int> = []
    /// Stake rows: `stakeRows[x * entityCount + h]` is the row of H's stake in X, once H held one.
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
    /// Whether the last month run still owes its growth (phase 7): a run stopped at a month
    /// (`run(through:)`) shows that month's end, as its recorded row does.
    var growthPending = false
    /// The first entity whose totals overflowed since the last check, and which total
    /// (`checkOverflow` turns it into an error where the engine can throw).
    var overflow: (entity: Int, quantity: EntityQuantity)?

    // What the logged lane reports.
    var events: [RunEvent] = []
    var skipped: [SkippedAction] = []
    var warnings: [RunWarning] = []
    /// Per company: whether its balance below zero was reported.
    var warned: [Bool]
    var expectationOutcomes: [ExpectationOutcome] = []
    /// For each `expect`, in how many of the samples' lanes it held (checked in its month).
    var expectationsHeld: [Int]

    init(entities e: Int, params: Int, expectations: Int) {
        streamsOf = Array(repeating: [], count: 2 * e)
        rentedBy = Array(repeating: [], count: e)
        providedBy = Array(repeating: [], count: e)
        buildsOf = Array(repeating: [], count: e)
        deliveriesOf = Array(repeating: [], count: e)
        loansOf = Array(repeating: [], count: e)
        lentBy = Array(repeating: [], count: e)
        holdersOf = Array(repeating: [], count: e)
        activeAnywhere = Array(repeating: true, count: e)
        settledEarly = Array(repeating: false, count: e)
        revenueFormula = Array(repeating: nil, count: e)
        burnFormula = Array(repeating: nil, count: e)
        singleStream = Array(repeating: -1, count: 2 * e)
        paramReady = Array(repeating: false, count: params)
        warned = Array(repeating: false, count: e)
        expectationsHeld = Array(repeating: 0, count: expectations)
    }
}

/// The evaluator's stack: position k's operand is a row (`operandRow[k]`, one of the
/// memory's rows) or one number for every lane (`operandScalar[k]`).
struct OperandStack {
    var top = 0
    /// How deep formulas calling formulas go now (a loop shows as too deep).
    var evaluationDepth = 0
    var evaluationProblem: RunProblem?
    /// Whether an arithmetic step made a non-finite value in some lane since the flag was
    /// cleared; the lanes are in the `arithmetic` mask.
    var arithmeticFailed = false
    /// The first such value, for the message.
    var arithmeticValue = 0.0
    var operandRow: [LaneRow?]
    var operandScalar: [Double]
    /// Stack positions: the plan's fixed rows, then rows made for deeper ad-hoc formulas.
    var stackCapacity: Int
    var extraStackRows: [Int] = []
    /// An entity active in every lane whose result the current evaluation's caller reads
    /// (a rule's condition for its own entity), or -1: its revenue and burn are then read in
    /// place from its streams.
    var activeInLanesRead = -1

    init(positions: Int) {
        operandRow = Array(repeating: nil, count: positions)
        operandScalar = Array(repeating: 0, count: positions)
        stackCapacity = positions
    }
}

/// A revenue or burn stream (docs/reference/month.md "Streams"): its value and monthly factor per lane.
struct StreamItem {
    var owner: Int
    var isRevenue: Bool
    var value: Int
    var factor: Int
}

/// `X rents CHIP from Y` or `X pays R to Y for D`: paid each month to `lastStep`.
struct ContractItem {
    var renter: Int
    var provider: Int
    /// The chip rented, or -1 for a payment contract (no chips).
    var chip: Int
    var lastStep: Int
    var payment: Int
    var chips: Int
    /// The chips taken out of the provider's own fleet, per lane (docs/reference/capacity.md: capacity is
    /// conserved), or nil when the provider rents without limit.
    var leased: Int?
}

/// `X borrows A [from Y] at R over D`: interest each month from `firstStep` to `lastStep`,
/// the principal with the last. Rows per lane: the principal outstanding (0 once repaid or
/// defaulted) and the monthly interest.
struct LoanItem {
    var borrower: Int
    /// Nil: a lender outside the model.
    var lender: Int?
    var firstStep: Int
    var lastStep: Int
    var principal: Int
    var interest: Int
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

