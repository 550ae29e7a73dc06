/// Where each fixed row of a run lives in its `LaneMemory`, counted from the plan: blocks of
/// rows, one row per entity (or chip, param, …) in each. Nothing of the run's shape is a
/// fixed number: a plan with more investors in a round, deeper formulas or more rules gets
/// more rows.
struct RowLayout {
    /// The entity state: one block of `entityCount` rows per field.
    enum EntityField: Int, CaseIterable {
        /// 1 while active, 0 after leaving.
        case active
        /// `StatusCode` codes (small whole numbers, exact as doubles).
        case status
        /// The step an entity left in, or -1.
        case exitStep
        case cash, valuation, utilization, flop, paid, received
        /// The principal of its loans outstanding (docs/reference/financing.md).
        case debt
        /// What its loans cost this month: interest, and the principal in a loan's last month.
        case loanPayments
        /// The step it enters the race in (docs/reference/uncertain-events.md `founded`), for an entity that has one.
        case founded
        /// 1 in lanes where the revenue / burn is the entity's formula.
        case usesRevenueFormula, usesBurnFormula
        /// Totals of streams, fleets, contracts and builds, refreshed when one of them changes.
        case streamRevenue, streamBurn, ownedCompute, ownedChips, ownedOpex
        case rentedCompute, rentedChips, rentPayments, buildPayments
        /// This month's flows (phase 4), kept for the record (phase 6).
        case monthRevenue, monthBurn, monthSpend, monthCompute, monthChips
    }

    /// The chips' values: one block of `chipCount` rows per field.
    enum ChipField: Int, CaseIterable {
        case price, priceFactor, perf, power, opex, rent, lead
    }

    /// Masks: one row each.
    enum Mask: Int, CaseIterable {
        /// The lanes a lab runs out of cash in (and every lane, while the run starts).
        case leaving
        /// A month's events.
        case event
        /// The lanes a rule fired in.
        case fired
        /// The lanes an action narrows them to (actions do not nest, so one suffices).
        case action
        /// The lanes where an arithmetic step made a non-finite value.
        case arithmetic
        /// Every lane: "active" for a rule bound to no entity.
        case all
    }

    /// Scratch rows with a purpose of their own, before the actions' amounts.
    enum Scratch: Int, CaseIterable {
        case condition, expectation, first, second, third, record
    }

    let entityCount: Int
    let chipCount: Int
    let entityBase: Int
    let chipBase: Int
    /// Owned chips: row `fleetBase + entity * chipCount + chip` (leased out ones included).
    let fleetBase: Int
    /// Owned chips leased out to a renter (docs/reference/capacity.md): row `leasedBase + entity * chipCount + chip`.
    let leasedBase: Int
    let paramBase: Int
    let drawBase: Int
    /// Whether a `when` rule fired: row `firedBase + rule * max(1, entityCount) + entity`.
    let firedBase: Int
    /// The report's `let` columns at the horizon: row `finalBase + column * entityCount + entity`.
    let finalBase: Int
    /// A row of zeros, read for an entity's contracts or builds when it has none.
    let zeros: Int
    /// What observation k saw, per lane: row `observationBase + k` (NaN until its month).
    let observationBase: Int
    /// An uncertain event's schedule per lane (docs/reference/uncertain-events.md): rows `scheduleBase + 3k` (first step),
    /// `+ 1` (last step) and `+ 2` (1 where it happens); then each uncertain expectation's
    /// and observation's step.
    let scheduleBase: Int
    let maskBase: Int
    /// Rows up to here start filled with zeros; the rest are written before they are read.
    let filledRows: Int
    let scratchBase: Int
    /// The first scratch row of an action's amounts, and how many the largest action takes.
    let actionScratch: Int
    let stackBase: Int
    let stackRows: Int
    let rows: Int

    /// How deep formulas may call formulas (a `let` reading a `let`, a revenue formula
    /// reading another entity's revenue formula, and so on) before the run reports a loop.
    /// Stack rows are left unfilled, so levels never reached cost address space only.
    static let maximumEvaluationDepth = RunProblem.formulaDepthLimit

    init(plan: Plan) {
        entityCount = plan.entities.count
        chipCount = plan.chips.count
        var next = 0
        func block(_ count: Int) -> Int {
            defer { next += count }
            return next
        }
        entityBase = block(EntityField.allCases.count * entityCount)
        chipBase = block(ChipField.allCases.count * chipCount)
        fleetBase = block(entityCount * chipCount)
        leasedBase = block(entityCount * chipCount)
        paramBase = block(plan.paramFormulas.count)
        drawBase = block(plan.distributions.count)
        firedBase = block(plan.rules.count * max(1, entityCount))
        finalBase = block(plan.reportFormulas.count * entityCount)
        zeros = block(1)
        observationBase = block(plan.observations.count)
        scheduleBase = block(3 * plan.uncertainEvents.count + plan.expectations.count + plan.observations.count)
        maskBase = block(Mask.allCases.count)
        filledRows = next
        scratchBase = block(Scratch.allCases.count)
        actionScratch = block(plan.actionScratchRows + 1)
        // Each level of formulas calling formulas takes its formula's depth, and an aggregate
        // or a quantity worked out on the stack up to three rows more.
        stackRows = Self.maximumEvaluationDepth * (plan.stackDepth + 4) + 8
        stackBase = block(stackRows)
        rows = next
    }

    @inline(__always) func entity(_ field: EntityField, _ e: Int) -> Int { entityBase &+ field.rawValue &* entityCount &+ e }
    @inline(__always) func chip(_ field: ChipField, _ c: Int) -> Int { chipBase &+ field.rawValue &* chipCount &+ c }
    func scratch(_ purpose: Scratch) -> Int { scratchBase + purpose.rawValue }
    func mask(_ purpose: Mask) -> Int { maskBase + purpose.rawValue }
}
