#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceSyntax

/// One run of a plan: the state of every entity, advanced month by month (§7).
///
/// A final class so the month loop calls its methods directly; all arrays are sized
/// at the start, so the loop itself allocates only when an action adds a contract,
/// a delivery or a stream.
public final class Simulation {
    public let plan: Plan
    let entityCount: Int
    let chipCount: Int

    // Inputs of this run.
    var params: [Double]
    var paramReady: [Bool]
    var draws: [Double]

    // Chips.
    var chipPrice: [Double]
    var chipPriceFactor: [Double]
    var chipPerf: [Double]
    var chipPower: [Double]
    var chipOpex: [Double]
    var chipRent: [Double]
    var chipLead: [Int]

    // Entities (structure of arrays).
    var active: [Bool]
    var status: [EntityStatus]
    var exitStep: [Int?]
    var cash: [Double]
    var valuation: [Double]
    var utilization: [Double]
    var flop: [Double]
    var paid: [Double]
    var received: [Double]
    /// Owned chips: `fleet[entity * chipCount + chip]`.
    var fleet: [Double]
    /// Stakes: `stakes[entity * entityCount + holder]`.
    var stakes: [Double]
    var streams: [StreamState] = []
    var revenueFormula: [Int?]
    var burnFormula: [Int?]
    var contracts: [Contract] = []
    var builds: [Build] = []
    var deliveries: [Delivery] = []
    var ruleFired: [Bool]
    var warned: [Bool]

    /// The next month to run; `step == plan.steps` when the run is over.
    public internal(set) var step = 0

    // Per-entity totals of streams, fleets, contracts and builds, refreshed whenever one
    // of those changes (an action, a delivery, an exit, growth), so that reading a
    // quantity in a rule or formula costs O(1) instead of a scan.
    var streamRevenue: [Double]
    var streamBurn: [Double]
    var ownedCompute: [Double]
    var ownedChips: [Double]
    var ownedOpex: [Double]
    var rentedCompute: [Double]
    var rentedChips: [Double]
    var rentPayments: [Double]
    var buildPayments: [Double]

    // This month's flows (phase 4), kept for the record (phase 6).
    var monthRevenue: [Double]
    var monthBurn: [Double]
    var monthSpend: [Double]
    var monthCompute: [Double]
    var monthChips: [Double]

    // Output.
    var values: [Double]
    var formulaValues: [Double]
    var watchValues: [Double]
    var events: [LogEntry] = []
    var skipped: [SkippedAction] = []
    var warnings: [BalanceWarning] = []
    var expectationOutcomes: [ExpectationOutcome] = []

    // Evaluation.
    let stack: UnsafeMutablePointer<Double>
    let stackCapacity = 1 << 14
    var top = 0
    var evaluationDepth = 0
    var evaluationProblem: String?

    /// Prepares month 0. `draws` gives one value per distribution (a Monte Carlo sample);
    /// without it each distribution takes its median (§8).
    /// Whether formulas are evaluated by walking their trees instead of running their
    /// compiled instructions: the straightforward baseline the benchmark measures against.
    public let treeWalking: Bool
    /// Whether carried-out actions are written to the event log. Monte Carlo samples turn it
    /// off: their logs are never shown, and writing a sentence with its amounts costs more
    /// than the action itself.
    public var logsEvents = true

    public init(plan: Plan, draws: [Double]? = nil, treeWalking: Bool = false) throws {
        try plan.requireRunnable()  // v2-engine:
        self.plan = plan
        self.treeWalking = treeWalking
        entityCount = plan.entities.count
        chipCount = plan.chips.count
        stack = UnsafeMutablePointer<Double>.allocate(capacity: stackCapacity)
        params = Array(repeating: 0, count: plan.paramFormulas.count)
        paramReady = Array(repeating: false, count: plan.paramFormulas.count)
        self.draws = draws ?? Array(repeating: .nan, count: plan.distributions.count)
        chipPrice = Array(repeating: 0, count: chipCount)
        chipPriceFactor = Array(repeating: 1, count: chipCount)
        chipPerf = Array(repeating: 0, count: chipCount)
        chipPower = Array(repeating: 0, count: chipCount)
        chipOpex = Array(repeating: 0, count: chipCount)
        chipRent = Array(repeating: 0, count: chipCount)
        chipLead = Array(repeating: 0, count: chipCount)
        active = Array(repeating: true, count: entityCount)
        status = Array(repeating: .active, count: entityCount)
        exitStep = Array(repeating: nil, count: entityCount)
        cash = Array(repeating: 0, count: entityCount)
        valuation = Array(repeating: 0, count: entityCount)
        utilization = Array(repeating: 0.4, count: entityCount)
        flop = Array(repeating: 0, count: entityCount)
        paid = Array(repeating: 0, count: entityCount)
        received = Array(repeating: 0, count: entityCount)
        fleet = Array(repeating: 0, count: entityCount * chipCount)
        stakes = Array(repeating: 0, count: entityCount * entityCount)
        revenueFormula = Array(repeating: nil, count: entityCount)
        burnFormula = Array(repeating: nil, count: entityCount)
        ruleFired = Array(repeating: false, count: plan.rules.count * max(entityCount, 1))
        warned = Array(repeating: false, count: entityCount)
        streamRevenue = Array(repeating: 0, count: entityCount)
        streamBurn = Array(repeating: 0, count: entityCount)
        ownedCompute = Array(repeating: 0, count: entityCount)
        ownedChips = Array(repeating: 0, count: entityCount)
        ownedOpex = Array(repeating: 0, count: entityCount)
        rentedCompute = Array(repeating: 0, count: entityCount)
        rentedChips = Array(repeating: 0, count: entityCount)
        rentPayments = Array(repeating: 0, count: entityCount)
        buildPayments = Array(repeating: 0, count: entityCount)
        monthRevenue = Array(repeating: 0, count: entityCount)
        monthBurn = Array(repeating: 0, count: entityCount)
        monthSpend = Array(repeating: 0, count: entityCount)
        monthCompute = Array(repeating: 0, count: entityCount)
        monthChips = Array(repeating: 0, count: entityCount)
        values = Array(repeating: .nan, count: plan.steps * entityCount * RecordedField.allCases.count)
        formulaValues = Array(repeating: .nan, count: plan.steps * entityCount * plan.reportFormulas.count)
        watchValues = Array(repeating: .nan, count: plan.steps * plan.watchFormulas.count)
        try initialize(usingMedians: draws == nil)
    }

    deinit { stack.deallocate() }

    /// The state at month 0, before any phase runs.
    private func initialize(usingMedians: Bool) throws {
        if usingMedians {
            for (id, d) in plan.distributions.enumerated() {
                let a = try value(d.first, what: "a distribution's bound", span: nil)
                let b = try value(d.second, what: "a distribution's bound", span: nil)
                draws[id] = Distributions.median(d.shape, a, b)
            }
        }
        for i in params.indices { _ = paramValue(i) }
        for (c, chip) in plan.chips.enumerated() {
            let span = plan.model.chips[c].span
            if let f = chip.price { chipPrice[c] = try value(f, what: "the price of \(plan.model.chips[c].name)", span: span) }
            if let g = chip.priceGrowth { chipPriceFactor[c] = try growthFactor(g, span: span) }
            if let f = chip.perf { chipPerf[c] = try value(f, what: "perf", span: span) }
            if let f = chip.power { chipPower[c] = try value(f, what: "power", span: span) }
            if let f = chip.opex { chipOpex[c] = try value(f, what: "opex", span: span) }
            if let f = chip.rent { chipRent[c] = try value(f, what: "rent", span: span) }
            if let f = chip.lead {
                let months = try value(f, what: "lead", span: span)
                guard months >= 0, months == months.rounded(), months <= 1200 else {
                    throw RunError(message: "a chip's lead time must be a whole number of months", span: span, step: 0, sample: nil)
                }
                chipLead[c] = Int(months)
            }
        }
        for (e, entity) in plan.entities.enumerated() {
            let span = entity.span
            if let f = entity.cash { cash[e] = try value(f, what: "cash", span: span) }
            if let f = entity.valuation { valuation[e] = try value(f, what: "valuation", span: span) }
            if let f = entity.utilization { utilization[e] = try value(f, what: "utilization", span: span) }
            for (chip, count) in entity.fleet {
                fleet[e * chipCount + chip] += try value(count, what: "a fleet's size", span: span)
            }
            for (holder, share) in entity.owners {
                stakes[e * entityCount + holder] += try value(share, what: "a stake", span: span)
            }
            try install(entity.revenue, for: e, revenue: true, span: span)
            try install(entity.burn, for: e, revenue: false, span: span)
        }
        refreshTotals()
    }

    /// Recomputes the per-entity totals after streams, fleets, contracts or builds changed.
    func refreshTotals() {
        for e in 0..<entityCount { refreshTotals(of: e) }
    }

    /// Recomputes one entity's totals; sums run in list order, as the batch engine's do.
    func refreshTotals(of e: Int) {
        var compute = 0.0, chips = 0.0, opex = 0.0
        for c in 0..<chipCount {
            let count = fleet[e * chipCount + c]
            compute += count * chipPerf[c]
            chips += count
            opex += count * chipOpex[c]
        }
        ownedCompute[e] = compute; ownedChips[e] = chips; ownedOpex[e] = opex
        var revenue = 0.0, burn = 0.0
        for stream in streams where stream.owner == e {
            if stream.isRevenue { revenue += stream.value } else { burn += stream.value }
        }
        streamRevenue[e] = revenue; streamBurn[e] = burn
        var rentedC = 0.0, rentedN = 0.0, rent = 0.0
        for contract in contracts where contract.renter == e {
            rentedC += contract.chips * chipPerf[contract.chip]
            rentedN += contract.chips
            rent += contract.payment
        }
        rentedCompute[e] = rentedC; rentedChips[e] = rentedN; rentPayments[e] = rent
        var build = 0.0
        for b in builds where b.builder == e { build += b.payment }
        buildPayments[e] = build
    }

    /// Evaluates a static formula and insists on a finite number.
    func value(_ formula: Int, what: String, span: Span?, bound: Int = -1) throws -> Double {
        let v = evaluate(formula, bound: bound)
        if let problem = evaluationProblem {
            evaluationProblem = nil
            throw RunError(message: problem, span: span, step: step, sample: nil)
        }
        guard v.isFinite else {
            throw RunError(message: "\(what) is \(v.isNaN ? "not a number" : "infinite") (a division by zero, or a number too large)",
                           span: span, step: step, sample: nil)
        }
        return v
    }

    /// `(1 ± R·P)^(1/P)` for a rate written per period P (§3).
    func growthFactor(_ growth: GrowthPlan, span: Span?, bound: Int = -1) throws -> Double {
        let rate = try value(growth.rate, what: "a growth rate", span: span, bound: bound)
        let base = 1 + (growth.falling ? -rate : rate) * growth.period
        let factor = growth.period == 1 ? base : pow(base, 1 / growth.period)
        guard factor.isFinite, factor >= 0 else {
            throw RunError(message: "a value cannot fall by more than 100% per period", span: span, step: step, sample: nil)
        }
        return factor
    }

    /// Replaces an entity's revenue or burn with `flow` (a `set`, or the declaration).
    /// The new values are worked out before the old streams go, so
    /// `set X.revenue = X.revenue growing 2%/month` reads the revenue as it was.
    func install(_ flow: FlowPlan, for entity: Int, revenue: Bool, span: Span?, bound: Int = -1) throws {
        var replacements: [StreamState] = []
        if case .streams(let list) = flow {
            for stream in list {
                let initial = try value(stream.initial, what: revenue ? "revenue" : "burn", span: span, bound: bound)
                let factor = try stream.growth.map { try growthFactor($0, span: span, bound: bound) } ?? 1
                replacements.append(StreamState(owner: entity, isRevenue: revenue, value: initial, factor: factor))
            }
        }
        streams.removeAll { $0.owner == entity && $0.isRevenue == revenue }
        streams.append(contentsOf: replacements)
        switch flow {
        case .formula(let f):
            if revenue { revenueFormula[entity] = f } else { burnFormula[entity] = f }
        case .streams:
            if revenue { revenueFormula[entity] = nil } else { burnFormula[entity] = nil }
        }
        refreshTotals(of: entity)
    }
}

/// A compounding revenue or burn (§7 "Streams").
struct StreamState {
    var owner: Int
    var isRevenue: Bool
    var value: Double
    var factor: Double
}

/// `X rents CHIP from Y`: paid each month from `firstStep` to `lastStep`.
struct Contract {
    var renter: Int
    var provider: Int
    var chip: Int
    var payment: Double
    var chips: Double
    var lastStep: Int
}

/// `X builds W of CHIP`: paid each month to `lastStep`; the chips arrive by a `Delivery`.
struct Build {
    var builder: Int
    var payment: Double
    var lastStep: Int
}

/// Chips that join a fleet in phase 1 of `step`.
struct Delivery {
    var entity: Int
    var chip: Int
    var count: Double
    var step: Int
}
