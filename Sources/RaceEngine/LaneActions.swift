import RaceModel
import RaceSyntax

/// Actions (docs/reference/actions.md), each carried out in the lanes given where every entity it names is still
/// active; in the other lanes it is skipped. Each action's semantics is written once, in the
/// file of its kind (`RoundActions`, `ChipActions`, `ConsolidationActions`, `SetActions`).
extension LaneEngine {
    /// Carries out action `index` in `lanes` narrowed to those where the entities it names are
    /// active. `activeIn` names an entity the caller knows to be active in every given lane,
    /// and that at least one lane is given (a rule's first action, where it fired): its check
    /// is skipped.
    func perform(_ index: Int, bound: Int, lanes given: LaneMask, activeIn: Int = -1) throws(RunError) {
        let action = plan.actions[index]
        // Narrowed into the `action` mask by one pass per named entity that needs checking.
        let zero = LaneVector(repeating: 0), narrowed = mask(.action)
        var some = LaneCondition(repeating: false), didNarrow = false
        for k in action.named {
            let e = resolve(plan.entityLists[k], bound)
            guard e >= 0, e != activeIn else { continue }
            let a = row(.active, e), from = didNarrow ? narrowed : given
            if let lane = logLane, from[lane], a[lane] == 0 { logSkip(index, bound: bound, because: e) }
            some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let c = from.condition(at: s) .& (a.vector(at: s) .!= zero)
                narrowed.set(c, at: s)
                some .|= c
            }
            didNarrow = true
        }
        if !didNarrow && activeIn < 0 {
            LaneVector.forEachVector(lanes) { s in some .|= given.condition(at: s) }
        }
        if (didNarrow || activeIn < 0) && !anyLane(some) { return }
        let on = didNarrow ? narrowed : given
        var context = ActionContext(index: index, bound: bound, lanes: on)
        let amounts = try carryOut(action.kind, &context)
        if ledger.overflow != nil { try checkOverflow(span: actionSpan(index)) }
        if let lane = logLane, on[lane], let reason = context.skippedInLoggedLane {
            ledger.skipped.append(SkippedAction(step: step, action: index, entity: action.subject.map { resolve($0, bound) },
                                                bound: bound >= 0 ? bound : nil, reason: reason))
        } else if let lane = logLane, on[lane] {
            ledger.events.append(RunEvent(step: step, kind: .action(index), entity: action.subject.map { resolve($0, bound) },
                                          bound: bound >= 0 ? bound : nil, amounts: amounts.values(lane: lane)))
        }
    }

    /// An entity of an action: `-1` is the one the rule is bound to.
    @inline(__always) func resolve(_ e: Int, _ bound: Int) -> Int { e < 0 ? bound : e }

    /// Dispatches to the action's kind; returns the rows of the amounts the event log reports.
    private func carryOut(_ kind: ActionPlan.Kind, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let index = context.index, bound = context.bound, on = context.lanes
        switch kind {
        case let .raise(company, amount, valuation, pre, investors, amounts):
            return try raise(company, amount, valuation, pre: pre, investors: investors, amounts: amounts, &context)
        case let .invest(investor, amount, target, valuation, pre):
            return try invest(investor, amount, target, valuation, pre: pre, &context)
        case let .buyStake(buyer, share, target, price):
            return try buyStake(buyer, share, target, price, &context)
        case let .buyChips(buyer, count, chip, seller, price):
            return try buyChips(buyer, count, chip, seller, price, &context)
        case let .buyChipsWorth(buyer, amount, chip, seller):
            return try buyChipsWorth(buyer, amount, chip, seller, &context)
        case let .rent(renter, chip, provider, quantity, isPower, amount, months):
            return try rent(renter, chip, provider, quantity: quantity, isPower: isPower, amount: amount, months: months, &context)
        case let .build(builder, power, chip, amount, months):
            return try build(builder, power, chip, amount, months, &context)
        case let .acquire(buyer, target, price):
            return try acquire(buyer, target, price, &context)
        case let .acquihire(buyer, target, price):
            return try acquihire(buyer, target, price, &context)
        case let .setCash(e, f):
            try setValue(.cash, of: e, f, &context)
        case let .setValuation(e, f):
            try setValue(.valuation, of: e, f, &context)
        case let .setUtilization(e, f):
            try setValue(.utilization, of: e, f, &context)
        case let .setFlow(e, revenue, flow):
            try install(plan.flows[flow], for: resolve(e, bound), revenue: revenue, span: context.span(self), bound: bound, lanes: on)
        case .exit(let e):
            leave(resolve(e, bound), as: .exited, lanes: on)
        case let .borrow(borrower, amount, lender, rate, months):
            return try borrow(borrower, amount, lender, rate, months, &context)
        case let .secondarySale(buyer, share, target, seller, price):
            return try secondarySale(buyer, share, target, seller, price, &context)
        case let .setOwners(e, holders, shares):
            try setOwners(e, holders: holders, shares: shares, &context)
        case let .payOnce(payer, amount, payee):
            return try payOnce(payer, amount, payee, &context)
        case let .payContract(payer, rate, payee, months):
            return try payContract(payer, rate, payee, months, &context)
        case .note:
            break
        case .unsupported(let feature):
            throw error(.unsupported(feature), span: actionSpan(index), lane: on.first() ?? 0)
        }
        return ActionAmounts()
    }

    /// Lists action `index` as skipped in the logged lane: `e` has left the race.
    private func logSkip(_ index: Int, bound: Int, because e: Int) {
        guard let lane = logLane else { return }
        let left = row(.exitStep, e)[lane], status = StatusCode.decode(Int32(row(.status, e)[lane]))
        let reason: SkipReason = status == .notFounded ? .notFounded(entity: e, step: Int(row(.founded, e)[lane]))
            : .left(entity: e, status: status, step: left < 0 ? nil : Int(left))
        ledger.skipped.append(SkippedAction(step: step, action: index, entity: plan.actions[index].subject.map { resolve($0, bound) },
                                            bound: bound >= 0 ? bound : nil, reason: reason))
    }

    /// Evaluates an action's amount into its next scratch row, checked in the action's lanes.
    func amount(_ formula: Int, _ quantity: RunQuantity, _ context: inout ActionContext, negativeAllowed: Bool = false) throws(RunError) -> LaneRow {
        let target = actionRow(context.nextRow)
        context.nextRow += 1
        let index = context.index
        try values(formula, quantity, spanOf: { self.actionSpan(index) }, bound: context.bound, into: target,
                   lanes: context.lanes, nonNegative: !negativeAllowed)
        return target
    }

    /// A length of time in whole months, at least 1.
    func months(_ formula: Int, _ context: inout ActionContext) throws(RunError) -> LaneRow {
        let d = try amount(formula, .months, &context, negativeAllowed: true)
        for s in 0..<lanes where context.lanes[s] {
            let v = d[s]
            guard v >= 1, v == v.rounded(), v <= 12_000 else {
                throw error(.monthsNotWhole(value: v), span: actionSpan(context.index), lane: s)
            }
        }
        return d
    }

    func requireAvailable(_ chip: Int, _ context: ActionContext) throws(RunError) {
        if let first = plan.chips[chip].availableStep, step < first {
            throw error(.notYetAvailable(chip: chip, firstStep: first), span: actionSpan(context.index), lane: context.lanes.first() ?? 0)
        }
    }

    func actionSpan(_ index: Int) -> Span { plan.declarations[index].span }
}

/// The rows of what an action computed, for the event log (`RunEvent.amounts`): up to four
/// in place, more (a round's investors) in a list. Not an array of rows: an action runs every
/// month in every block, and a new array each time was a heap allocation each time.
struct ActionAmounts {
    private var first: (LaneRow?, LaneRow?, LaneRow?, LaneRow?) = (nil, nil, nil, nil)
    private var more: [LaneRow] = []

    init() {}
    init(_ a: LaneRow) { first.0 = a }
    init(_ a: LaneRow, _ b: LaneRow, more: [LaneRow] = []) { first = (a, b, nil, nil); self.more = more }
    init(_ a: LaneRow, _ b: LaneRow, _ c: LaneRow) { first = (a, b, c, nil) }
    init(_ a: LaneRow, _ b: LaneRow, _ c: LaneRow, _ d: LaneRow) { first = (a, b, c, d) }

    /// Every amount in one lane, in order.
    func values(lane s: Int) -> [Double] {
        [first.0, first.1, first.2, first.3].compactMap { $0?[s] } + more.map { $0[s] }
    }
}

/// What an action carrying out needs to hand its helpers: which action, bound to which
/// entity, in which lanes, and the next free scratch row for its amounts.
struct ActionContext {
    let index: Int
    let bound: Int
    let lanes: LaneMask
    var nextRow = 0
    /// Why the action was not carried out in the logged lane, when it decided so itself (a
    /// secondary sale from a seller who holds too little).
    var skippedInLoggedLane: SkipReason?

    init(index: Int, bound: Int, lanes: LaneMask) {
        self.index = index
        self.bound = bound
        self.lanes = lanes
    }

    func span(_ engine: LaneEngine) -> Span { engine.actionSpan(index) }
}
