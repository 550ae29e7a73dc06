#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel
import RaceSyntax

/// Many samples of one plan run in lockstep (DESIGN.md "vectorized over samples"): every
/// quantity holds one value per lane (sample), and each compiled instruction runs over
/// all lanes in a tight loop, so interpretation costs once per instruction, not once per
/// sample. Where samples part ways (a rule fires in some, a lab runs out of cash in some),
/// lanes carry masks. Each lane computes exactly what `Simulation` computes for that
/// sample, operation for operation, so the two agree bit for bit (a test holds them to it).
public final class BatchSimulation {
    public let plan: Plan
    /// The samples in this batch: lanes `0..<samples`.
    public let samples: Int
    /// The lanes: the samples rounded up to whole vectors (`LaneVector`), so a lane loop
    /// never needs a tail. The lanes past `samples` repeat the last sample's draws: they
    /// compute a real sample's numbers, and fail only where its twin fails first.
    let lanes: Int
    /// The index of lane 0 among all samples, for error messages.
    public let firstSample: Int
    let entityCount: Int
    let chipCount: Int

    var params: LaneBuffer
    var paramReady: [Bool]
    var draws: LaneBuffer

    var chipPrice: LaneBuffer
    var chipPriceFactor: LaneBuffer
    var chipPerf: LaneBuffer
    var chipPower: LaneBuffer
    var chipOpex: LaneBuffer
    var chipRent: LaneBuffer
    var chipLead: LaneBuffer

    /// 1 while active, 0 after leaving.
    var active: LaneBuffer
    /// Per entity: whether it is active in some lane (kept by `leave`), so a repeating rule
    /// skips an entity that has left everywhere without a pass over its lanes.
    let activeAnywhere: UnsafeMutablePointer<Bool>
    /// Per entity: whether it settled this month's flows, exit and growth in one pass
    /// (`settle`), so the later phases pass it over. Cleared at the end of each month.
    let settledEarly: UnsafeMutablePointer<Bool>
    /// Per entity: whether it is a lab (only labs run out of cash).
    let isLab: [Bool]
    /// Per step: whether an expectation is dated then.
    let expectationDue: [Bool]
    /// A row of ones: "active" for a rule bound to no entity.
    let allOnes: UnsafeMutablePointer<Double>
    /// A row of zeros, read in place of an entity's contract or build rows when it has none.
    let allZeros: UnsafeMutablePointer<Double>
    /// Per entity: whether it rents under some contract / pays for some build (else those
    /// rows of its totals are zero), as of the last `refreshTotals(of:)`.
    var rents: [Bool]
    var buildsAny: [Bool]
    /// `StatusCode` codes per entity and lane (small whole numbers, exact as doubles, so a
    /// departure writes them with the same vector blends as the rest of its rows).
    var status: LaneBuffer
    /// The step an entity left in each lane, or -1.
    var exitStep: LaneBuffer
    var cash: LaneBuffer
    var valuation: LaneBuffer
    var utilization: LaneBuffer
    var flop: LaneBuffer
    var paid: LaneBuffer
    var received: LaneBuffer
    var fleet: LaneBuffer
    var stakes: LaneBuffer
    /// Whether a stake row may be non-zero in some lane (an owner, or an investor in a
    /// round): a round scales only those rows, since a zero stake stays zero.
    var holdsStake: [Bool]
    /// Whether the entity's revenue / burn is its formula (per lane: a `set` may replace it in some lanes).
    var revenueFormula: [Int?]
    var burnFormula: [Int?]
    /// The plan's actions and rules, read in place by the month loop (copying one out of
    /// the plan's arrays would count references to each of its strings and arrays).
    let actionTable: UnsafeMutablePointer<ActionPlan>
    let ruleTable: UnsafeMutablePointer<RulePlan>
    /// The entities action i names are `named[namedStart[i]..<namedStart[i + 1]]`; rule r's
    /// actions, `ruleActions[ruleActionsStart[r]..<ruleActionsStart[r + 1]]`. Raw memory
    /// for the same reason as the tables.
    let named: UnsafeMutablePointer<Int>
    let namedStart: UnsafeMutablePointer<Int>
    let ruleActions: UnsafeMutablePointer<Int>
    let ruleActionsStart: UnsafeMutablePointer<Int>
    /// Whether any entity's revenue or burn has been a formula in some lane: then phase 4
    /// must work out every entity's flows before booking any (`applyFormulaFlows`).
    var hasFormulaFlows = false
    /// Scratch for `grow`: per entity and kind, whether its stream total has been started.
    let totalStarted: UnsafeMutablePointer<Bool>
    var usesRevenueFormula: LaneBuffer
    var usesBurnFormula: LaneBuffer

    struct StreamRow { var owner: Int; var isRevenue: Bool }
    var streamRows: [StreamRow] = []
    var streamValue: GrowingLanes
    var streamFactor: GrowingLanes
    struct ContractRow { var renter: Int; var provider: Int; var chip: Int; var lastStep: Int }
    var contractRows: [ContractRow] = []
    var contractPayment: GrowingLanes
    var contractChips: GrowingLanes
    struct BuildRow { var builder: Int; var lastStep: Int }
    var buildRows: [BuildRow] = []
    var buildPayment: GrowingLanes
    struct DeliveryRow { var entity: Int; var chip: Int; var step: Int }
    var deliveryRows: [DeliveryRow] = []
    var deliveryCount: GrowingLanes

    /// Per entity, the sum of its revenue / burn streams. Read through `streamTotal`: an
    /// entity with a single stream of a kind reads that stream's row instead.
    var streamRevenue: LaneBuffer
    var streamBurn: LaneBuffer
    /// Per entity and kind (`2e` revenue, `2e + 1` burn): the index of its only stream of
    /// that kind, or -1. Its total is then `0 + value`, so the stream's row holds the value
    /// with that addition made (it only ever turns −0 into +0, and every reader of a
    /// stream's row adds it to zero anyway) and stands in for the total: growth writes one
    /// row, not two.
    let singleStream: UnsafeMutablePointer<Int>
    var ownedCompute: LaneBuffer
    var ownedChips: LaneBuffer
    var ownedOpex: LaneBuffer
    var rentedCompute: LaneBuffer
    var rentedChips: LaneBuffer
    var rentPayments: LaneBuffer
    var buildPayments: LaneBuffer

    var ruleFired: LaneBuffer
    var monthRevenue: LaneBuffer
    var monthBurn: LaneBuffer
    var monthSpend: LaneBuffer
    var monthCompute: LaneBuffer
    var monthChips: LaneBuffer

    public internal(set) var step = 0
    /// For each `expect`, in how many lanes it held (checked in its month).
    public internal(set) var expectationsHeld: [Int]
    /// The report's `let` columns at the horizon: row `column * entities + entity`.
    var finalFormulas: LaneBuffer

    /// Every compiled formula's code, one after another: formula i is `code[codeStart[i]..<codeStart[i + 1]]`.
    /// Raw memory, so running a formula counts no reference to its array.
    let code: UnsafeMutablePointer<Instruction>
    let codeStart: UnsafeMutablePointer<Int>

    // Evaluation: a stack of lane vectors, and scratch rows.
    let stack: LaneBuffer
    var top = 0
    /// Per stack position: the row its operand is read from, or nil for a scalar operand.
    let operandRow: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    /// Per stack position: the operand's value when it is a scalar.
    let operandScalar: UnsafeMutablePointer<Double>
    var evaluationDepth = 0
    var evaluationProblem: String?
    /// An entity active in every lane whose result the current evaluation's caller reads
    /// (a rule's condition for its own entity), or -1. The other lanes may then hold any
    /// value, so the entity's revenue and burn are read in place instead of worked out
    /// with its activity (`0` where it has left) in a pass of their own.
    var activeInLanesRead = -1
    /// Scratch masks and values: `mask` for the lanes a lab runs out of cash in (and every
    /// lane, while the run starts), `eventMask` for a month's events, `firedMask` for the
    /// lanes a rule fired in, `actionMask` for the lanes an action narrows them to (actions
    /// do not nest, so one each suffices).
    let mask: LaneMask
    let eventMask: LaneMask
    let firedMask: LaneMask
    let actionMask: LaneMask
    var scratch: LaneBuffer

    public init(plan: Plan, samples: Int, firstSample: Int, draws: [[Double]]) throws {
        try plan.requireRunnable()  // v2-engine:
        self.plan = plan
        self.samples = samples
        lanes = LaneVector.lanes(for: samples)
        self.firstSample = firstSample
        entityCount = plan.entities.count
        chipCount = plan.chips.count
        let e = entityCount, c = chipCount, l = lanes
        params = LaneBuffer(rows: plan.paramFormulas.count, lanes: l)
        paramReady = Array(repeating: false, count: plan.paramFormulas.count)
        self.draws = LaneBuffer(rows: plan.distributions.count, lanes: l, value: .nan)
        for (id, values) in draws.enumerated() where id < plan.distributions.count {
            for s in 0..<l where !values.isEmpty { self.draws[id, s] = values[min(s, values.count - 1)] }
        }
        chipPrice = LaneBuffer(rows: c, lanes: l)
        chipPriceFactor = LaneBuffer(rows: c, lanes: l, value: 1)
        chipPerf = LaneBuffer(rows: c, lanes: l)
        chipPower = LaneBuffer(rows: c, lanes: l)
        chipOpex = LaneBuffer(rows: c, lanes: l)
        chipRent = LaneBuffer(rows: c, lanes: l)
        chipLead = LaneBuffer(rows: c, lanes: l)
        active = LaneBuffer(rows: e, lanes: l, value: 1)
        settledEarly = .allocate(capacity: max(1, e))
        settledEarly.initialize(repeating: false, count: max(1, e))
        let labs = Set(plan.labs)
        isLab = (0..<e).map { labs.contains($0) }
        expectationDue = (0..<max(1, plan.steps)).map { step in plan.expectations.contains { $0.step == step } }
        activeAnywhere = .allocate(capacity: max(1, e))
        activeAnywhere.initialize(repeating: true, count: max(1, e))
        allOnes = allocateLanes(l)
        allOnes.initialize(repeating: 1, count: max(1, l))
        allZeros = allocateLanes(l)
        allZeros.initialize(repeating: 0, count: max(1, l))
        rents = Array(repeating: false, count: e)
        buildsAny = Array(repeating: false, count: e)
        status = LaneBuffer(rows: e, lanes: l)
        exitStep = LaneBuffer(rows: e, lanes: l, value: -1)
        cash = LaneBuffer(rows: e, lanes: l)
        valuation = LaneBuffer(rows: e, lanes: l)
        utilization = LaneBuffer(rows: e, lanes: l, value: 0.4)
        flop = LaneBuffer(rows: e, lanes: l)
        paid = LaneBuffer(rows: e, lanes: l)
        received = LaneBuffer(rows: e, lanes: l)
        fleet = LaneBuffer(rows: e * c, lanes: l)
        stakes = LaneBuffer(rows: e * e, lanes: l)
        holdsStake = Array(repeating: false, count: e * e)
        revenueFormula = Array(repeating: nil, count: e)
        burnFormula = Array(repeating: nil, count: e)
        usesRevenueFormula = LaneBuffer(rows: e, lanes: l)
        usesBurnFormula = LaneBuffer(rows: e, lanes: l)
        streamValue = GrowingLanes(lanes: l, capacity: 2 * e + 4)
        streamFactor = GrowingLanes(lanes: l, capacity: 2 * e + 4)
        contractPayment = GrowingLanes(lanes: l)
        contractChips = GrowingLanes(lanes: l)
        buildPayment = GrowingLanes(lanes: l)
        deliveryCount = GrowingLanes(lanes: l)
        streamRevenue = LaneBuffer(rows: e, lanes: l)
        streamBurn = LaneBuffer(rows: e, lanes: l)
        singleStream = .allocate(capacity: max(1, 2 * e))
        singleStream.initialize(repeating: -1, count: max(1, 2 * e))
        ownedCompute = LaneBuffer(rows: e, lanes: l)
        ownedChips = LaneBuffer(rows: e, lanes: l)
        ownedOpex = LaneBuffer(rows: e, lanes: l)
        rentedCompute = LaneBuffer(rows: e, lanes: l)
        rentedChips = LaneBuffer(rows: e, lanes: l)
        rentPayments = LaneBuffer(rows: e, lanes: l)
        buildPayments = LaneBuffer(rows: e, lanes: l)
        ruleFired = LaneBuffer(rows: plan.rules.count * max(e, 1), lanes: l)
        monthRevenue = LaneBuffer(rows: e, lanes: l)
        monthBurn = LaneBuffer(rows: e, lanes: l)
        monthSpend = LaneBuffer(rows: e, lanes: l)
        monthCompute = LaneBuffer(rows: e, lanes: l)
        monthChips = LaneBuffer(rows: e, lanes: l)
        let depth = (plan.formulas.map(\.stackDepth).max() ?? 1) + 1
        stack = LaneBuffer(rows: depth * Simulation.maximumEvaluationDepth + 8, lanes: l, value: nil)
        (code, codeStart) = Self.flatten(plan.formulas.map(\.code))
        (named, namedStart) = Self.flatten(plan.actions.map(\.named))
        (ruleActions, ruleActionsStart) = Self.flatten(plan.rules.map(\.actions))
        actionTable = .allocate(capacity: max(1, plan.actions.count))
        actionTable.initialize(from: plan.actions, count: plan.actions.count)
        ruleTable = .allocate(capacity: max(1, plan.rules.count))
        ruleTable.initialize(from: plan.rules, count: plan.rules.count)
        totalStarted = .allocate(capacity: max(1, 2 * e))
        totalStarted.initialize(repeating: false, count: max(1, 2 * e))
        operandRow = .allocate(capacity: stack.rows)
        operandRow.initialize(repeating: nil, count: stack.rows)
        operandScalar = .allocate(capacity: stack.rows)
        operandScalar.initialize(repeating: 0, count: stack.rows)
        mask = LaneMask(lanes: l)
        eventMask = LaneMask(lanes: l)
        firedMask = LaneMask(lanes: l)
        actionMask = LaneMask(lanes: l)
        finalFormulas = LaneBuffer(rows: plan.reportFormulas.count * e, lanes: l, value: .nan)
        scratch = LaneBuffer(rows: Self.scratchRows(for: plan), lanes: l)
        expectationsHeld = Array(repeating: 0, count: plan.expectations.count)
        try initialize()
    }

    deinit {
        for buffer in [status, exitStep, params, draws, chipPrice, chipPriceFactor, chipPerf, chipPower, chipOpex, chipRent, chipLead,
                       active, cash, valuation, utilization, flop, paid, received, fleet, stakes, usesRevenueFormula,
                       usesBurnFormula, streamRevenue, streamBurn, ownedCompute, ownedChips, ownedOpex, rentedCompute,
                       rentedChips, rentPayments, buildPayments, ruleFired, monthRevenue, monthBurn, monthSpend,
                       monthCompute, monthChips, stack, scratch, finalFormulas] { buffer.free() }
        for growing in [streamValue, streamFactor, contractPayment, contractChips, buildPayment, deliveryCount] { growing.free() }
        for lanesMask in [mask, eventMask, firedMask, actionMask] { lanesMask.free() }
        allOnes.deallocate()
        activeAnywhere.deallocate()
        allZeros.deallocate()
        operandRow.deallocate()
        totalStarted.deallocate()
        actionTable.deinitialize(count: plan.actions.count)
        actionTable.deallocate()
        ruleTable.deinitialize(count: plan.rules.count)
        ruleTable.deallocate()
        operandScalar.deallocate()
        code.deallocate()
        for table in [codeStart, named, namedStart, ruleActions, ruleActionsStart, singleStream] { table.deallocate() }
        settledEarly.deallocate()
    }

    /// The first scratch row an action's amounts take (rows below are the phases' own).
    static let firstActionRow = 9

    /// Scratch rows a plan needs: the phases' own, then one per amount of its largest
    /// action (a round takes one per named investor, however many), plus the two that a
    /// purchase worth an amount and an acqui-hire's burn take after them.
    static func scratchRows(for plan: Plan) -> Int {
        let amounts = plan.actions.map { action -> Int in
            switch action.kind {
            case let .raise(_, _, _, _, investors, _): return 2 + investors.count
            case .invest, .buyStake, .rent, .buyChipsWorth: return 3
            case .build: return 3
            default: return 1
            }
        }
        return max(16, firstActionRow + (amounts.max() ?? 0) + 2)
    }

    /// Lists laid end to end in raw memory, with where each starts (and one past the last).
    static func flatten<T>(_ lists: [[T]]) -> (UnsafeMutablePointer<T>, UnsafeMutablePointer<Int>) {
        let all = lists.flatMap { $0 }
        let items = UnsafeMutablePointer<T>.allocate(capacity: max(1, all.count))
        items.initialize(from: all, count: all.count)
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: lists.count + 1)
        starts[0] = 0
        for (i, list) in lists.enumerated() { starts[i + 1] = starts[i] + list.count }
        return (items, starts)
    }

    func error(_ message: String, span: Span?, lane: Int) -> RunError {
        RunError(message: message, span: span, step: step, sample: firstSample + lane)
    }

    /// Evaluates a formula into `target` and insists every lane (of `lanesMask`, if given)
    /// is finite, and with `nonNegative` not below zero: both checked in one vector pass,
    /// the failing lane looked for only when there is one.
    func values(_ formula: Int, what: String, span: Span?, bound: Int = -1, into target: UnsafeMutablePointer<Double>,
                lanesMask: LaneMask? = nil, nonNegative: Bool = false) throws {
        try values(formula, what: what, spanOf: { span }, bound: bound, into: target, lanesMask: lanesMask, nonNegative: nonNegative)
    }

    /// `values`, with the span for an error asked for only when there is an error: reading
    /// an action's span out of the plan counts a reference to its source, every month.
    /// With `checked` false the lanes are left for the caller to check (in a pass of its
    /// own, with `rejectBadLanes` to name the failing lane).
    func values(_ formula: Int, what: String, spanOf: () -> Span?, bound: Int = -1, into target: UnsafeMutablePointer<Double>,
                lanesMask: LaneMask? = nil, nonNegative: Bool = false, checked: Bool = true) throws {
        evaluate(formula, bound: bound, into: target)
        if let problem = evaluationProblem {
            evaluationProblem = nil
            throw error(problem, span: spanOf(), lane: 0)
        }
        guard checked else { return }
        let floor = LaneVector(repeating: nonNegative ? 0 : -.infinity)
        var bad = LaneCondition(repeating: false)
        if let lanesMask {
            LaneVector.forEachVector(lanes) { s in
                let v = target.vector(at: s)
                bad .|= lanesMask.condition(at: s) .& .!(v.finite .& (v .>= floor))
            }
        } else {
            LaneVector.forEachVector(lanes) { s in
                let v = target.vector(at: s)
                bad .|= .!(v.finite .& (v .>= floor))
            }
        }
        if !anyLane(bad) { return }
        try rejectBadLanes(target, what: what, spanOf: spanOf, lanesMask: lanesMask, nonNegative: nonNegative)
    }

    /// Throws for the first lane (of `lanesMask`) that is not finite, else for the first
    /// below zero with `nonNegative`: the error `values` gives for `target`.
    func rejectBadLanes(_ target: UnsafeMutablePointer<Double>, what: String, spanOf: () -> Span?, lanesMask: LaneMask?,
                        nonNegative: Bool) throws {
        for s in 0..<lanes where !target[s].isFinite && (lanesMask?[s] ?? true) {
            throw error("\(what) is \(target[s].isNaN ? "not a number" : "infinite") (a division by zero, or a number too large)",
                        span: spanOf(), lane: s)
        }
        for s in 0..<lanes where nonNegative && target[s] < 0 && (lanesMask?[s] ?? true) {
            throw error("\(what) is negative (\(MessageFormat.number(target[s])))", span: spanOf(), lane: s)
        }
    }

    private func initialize() throws {
        // Distributions without draws (a plain run in lanes) take their medians.
        for (id, d) in plan.distributions.enumerated() where draws.row(id)[0].isNaN {
            let a = scratch.row(0), b = scratch.row(1)
            try values(d.first, what: "a distribution's bound", span: nil, into: a)
            try values(d.second, what: "a distribution's bound", span: nil, into: b)
            for s in 0..<lanes { draws[id, s] = Distributions.median(d.shape, a[s], b[s]) }
        }
        for i in paramReady.indices { ensureParam(i) }
        for (c, chip) in plan.chips.enumerated() {
            let span = plan.model.chips[c].span
            if let f = chip.price { try values(f, what: "the price of \(plan.model.chips[c].name)", span: span, into: chipPrice.row(c)) }
            if let g = chip.priceGrowth { try growthFactors(g, span: span, into: chipPriceFactor.row(c)) }
            if let f = chip.perf { try values(f, what: "perf", span: span, into: chipPerf.row(c)) }
            if let f = chip.power { try values(f, what: "power", span: span, into: chipPower.row(c)) }
            if let f = chip.opex { try values(f, what: "opex", span: span, into: chipOpex.row(c)) }
            if let f = chip.rent { try values(f, what: "rent", span: span, into: chipRent.row(c)) }
            if let f = chip.lead {
                try values(f, what: "lead", span: span, into: chipLead.row(c))
                for s in 0..<lanes {
                    let months = chipLead[c, s]
                    guard months >= 0, months == months.rounded(), months <= 1200 else {
                        throw error("a chip's lead time must be a whole number of months", span: span, lane: s)
                    }
                }
            }
        }
        let t = scratch.row(2)
        for (e, entity) in plan.entities.enumerated() {
            let span = entity.span
            if let f = entity.cash { try values(f, what: "cash", span: span, into: cash.row(e)) }
            if let f = entity.valuation { try values(f, what: "valuation", span: span, into: valuation.row(e)) }
            if let f = entity.utilization { try values(f, what: "utilization", span: span, into: utilization.row(e)) }
            for (chip, count) in entity.fleet {
                try values(count, what: "a fleet's size", span: span, into: t)
                let row = fleet.row(e * chipCount + chip)
                for s in 0..<lanes { row[s] += t[s] }
            }
            for (holder, share) in entity.owners {
                try values(share, what: "a stake", span: span, into: t)
                let row = stakes.row(e * entityCount + holder)
                holdsStake[e * entityCount + holder] = true
                for s in 0..<lanes { row[s] += t[s] }
            }
            mask.fill(true)
            try install(entity.revenue, for: e, revenue: true, span: span, bound: -1, lanesMask: mask)
            try install(entity.burn, for: e, revenue: false, span: span, bound: -1, lanesMask: mask)
        }
        refreshTotals()
    }

    /// `(1 ± R·P)^(1/P)` per lane, exactly as `Simulation.growthFactor`.
    func growthFactors(_ growth: GrowthPlan, span: Span?, bound: Int = -1, into target: UnsafeMutablePointer<Double>,
                       lanesMask: LaneMask? = nil) throws {
        try values(growth.rate, what: "a growth rate", span: span, bound: bound, into: target, lanesMask: lanesMask)
        // A monthly rate (the usual case) needs no power: whole vectors, checked as they go.
        if growth.period == 1 {
            let one = LaneVector(repeating: 1), zero = LaneVector(repeating: 0), sign = LaneVector(repeating: growth.falling ? -1 : 1)
            var bad = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                // `-rate` is `rate × -1` exactly, and `× 1` (the period) changes nothing.
                let factor = one + target.vector(at: s) * sign
                target.store(factor, at: s)
                bad .|= .!(factor.finite .& (factor .>= zero))
            }
            if !anyLane(bad) { return }
            for s in 0..<lanes where (lanesMask?[s] ?? true) && !(target[s].isFinite && target[s] >= 0) {
                throw error("a value cannot fall by more than 100% per period", span: span, lane: s)
            }
            return
        }
        for s in 0..<lanes {
            let rate = target[s]
            let base = 1 + (growth.falling ? -rate : rate) * growth.period
            let factor = pow(base, 1 / growth.period)
            if (lanesMask?[s] ?? true) && !(factor.isFinite && factor >= 0) {
                throw error("a value cannot fall by more than 100% per period", span: span, lane: s)
            }
            target[s] = factor
        }
    }

    /// Replaces an entity's revenue or burn in the masked lanes (a `set` or the declaration).
    func install(_ flow: FlowPlan, for entity: Int, revenue: Bool, span: Span?, bound: Int, lanesMask: LaneMask) throws {
        // New values first, so `set X.revenue = X.revenue …` reads the old flow.
        var newRows: [(value: UnsafeMutablePointer<Double>, factor: UnsafeMutablePointer<Double>)] = []
        var temporary: [LaneBuffer] = []
        defer { for b in temporary { b.free() } }
        if case .streams(let list) = flow {
            for stream in list {
                let v = LaneBuffer(rows: 1, lanes: lanes), f = LaneBuffer(rows: 1, lanes: lanes, value: 1)
                temporary += [v, f]
                try values(stream.initial, what: revenue ? "revenue" : "burn", span: span, bound: bound, into: v.row(0), lanesMask: lanesMask)
                if let g = stream.growth { try growthFactors(g, span: span, bound: bound, into: f.row(0), lanesMask: lanesMask) }
                newRows.append((v.row(0), f.row(0)))
            }
        }
        // The old streams stop in these lanes.
        for (i, row) in streamRows.enumerated() where row.owner == entity && row.isRevenue == revenue {
            let value = streamValue.row(i)
            for s in 0..<lanes where lanesMask[s] { value[s] = 0 }
        }
        for (value, factor) in newRows {
            let i = streamValue.append()
            _ = streamFactor.append()
            streamRows.append(StreamRow(owner: entity, isRevenue: revenue))
            let v = streamValue.row(i), f = streamFactor.row(i)
            for s in 0..<lanes {
                v[s] = lanesMask[s] ? value[s] : 0
                f[s] = lanesMask[s] ? factor[s] : 1
            }
        }
        let uses = revenue ? usesRevenueFormula.row(entity) : usesBurnFormula.row(entity)
        if case .formula(let f) = flow {
            hasFormulaFlows = true
            if revenue { revenueFormula[entity] = f } else { burnFormula[entity] = f }
            for s in 0..<lanes where lanesMask[s] { uses[s] = 1 }
        } else {
            for s in 0..<lanes where lanesMask[s] { uses[s] = 0 }
        }
        refreshTotals(of: entity)
    }

    /// Per-entity totals of streams, fleets, contracts and builds, as `Simulation.refreshTotals`.
    func refreshTotals() {
        for e in 0..<entityCount { refreshTotals(of: e) }
    }

    /// One entity's totals of its own fleet alone, after it bought chips: summed over the
    /// chips from zero, as `Simulation.refreshTotals(of:)` sums them (the first chip's
    /// terms are added to zero in registers, so the totals need no clearing pass).
    func refreshFleetTotals(of e: Int) {
        let compute = ownedCompute.row(e), chips = ownedChips.row(e), opex = ownedOpex.row(e)
        let zero = LaneVector(repeating: 0)
        if chipCount == 0 {
            for row in [compute, chips, opex] { row.update(repeating: 0, count: lanes) }
            return
        }
        for chip in 0..<chipCount {
            let count = fleet.row(e * chipCount + chip), perf = chipPerf.row(chip), cost = chipOpex.row(chip)
            let first = chip == 0
            LaneVector.forEachVector(lanes) { s in
                let n = count.vector(at: s)
                compute.store((first ? zero : compute.vector(at: s)) + n * perf.vector(at: s), at: s)
                chips.store((first ? zero : chips.vector(at: s)) + n, at: s)
                opex.store((first ? zero : opex.vector(at: s)) + n * cost.vector(at: s), at: s)
            }
        }
    }

    /// The row holding entity `e`'s total revenue or burn from streams.
    @inline(__always) func streamTotal(_ e: Int, revenue: Bool) -> UnsafeMutablePointer<Double> {
        let i = singleStream[2 * e + (revenue ? 0 : 1)]
        return i >= 0 ? streamValue.row(i) : (revenue ? streamRevenue.row(e) : streamBurn.row(e))
    }

    /// One entity's totals, summed in list order exactly as `Simulation.refreshTotals(of:)`.
    func refreshTotals(of e: Int) {
        let l = lanes
        refreshFleetTotals(of: e)
        let revenue = streamRevenue.row(e), burn = streamBurn.row(e)
        revenue.update(repeating: 0, count: l)
        burn.update(repeating: 0, count: l)
        var count = (0, 0)
        singleStream[2 * e] = -1
        singleStream[2 * e + 1] = -1
        for (i, row) in streamRows.enumerated() where row.owner == e {
            let target = row.isRevenue ? revenue : burn
            let value = streamValue.row(i)
            for s in 0..<l { target[s] += value[s] }
            if row.isRevenue { count.0 += 1 } else { count.1 += 1 }
            singleStream[2 * e + (row.isRevenue ? 0 : 1)] = i
        }
        // A kind with one stream: its row becomes the total (0 + value, as summed above).
        for (k, n) in [count.0, count.1].enumerated() {
            let i = singleStream[2 * e + k]
            if n != 1 { singleStream[2 * e + k] = -1; continue }
            streamValue.row(i).update(from: k == 0 ? revenue : burn, count: l)
        }
        let rentedC = rentedCompute.row(e), rentedN = rentedChips.row(e), pay = rentPayments.row(e)
        rentedC.update(repeating: 0, count: l)
        rentedN.update(repeating: 0, count: l)
        pay.update(repeating: 0, count: l)
        rents[e] = contractRows.contains { $0.renter == e }
        buildsAny[e] = buildRows.contains { $0.builder == e }
        for (i, row) in contractRows.enumerated() where row.renter == e {
            let count = contractChips.row(i), payment = contractPayment.row(i), perf = chipPerf.row(row.chip)
            for s in 0..<l {
                rentedC[s] += count[s] * perf[s]
                rentedN[s] += count[s]
                pay[s] += payment[s]
            }
        }
        let build = buildPayments.row(e)
        build.update(repeating: 0, count: l)
        for (i, row) in buildRows.enumerated() where row.builder == e {
            let payment = buildPayment.row(i)
            for s in 0..<l { build[s] += payment[s] }
        }
    }
}
