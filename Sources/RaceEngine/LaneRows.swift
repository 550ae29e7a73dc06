import RaceSyntax

/// The engine's rows by name: each a `LaneRow` of its `LaneMemory`, at the place `RowLayout`
/// gives it. Taken once per pass, outside the loops over lanes.
extension LaneEngine {
    @inline(__always) func row(_ field: RowLayout.EntityField, _ e: Int) -> LaneRow {
        assert(e >= 0 && e < entityCount, "entity \(e) of \(entityCount)")
        return memory.row(layout.entity(field, e))
    }

    @inline(__always) func chipRow(_ field: RowLayout.ChipField, _ c: Int) -> LaneRow {
        assert(c >= 0 && c < chipCount, "chip \(c) of \(chipCount)")
        return memory.row(layout.chip(field, c))
    }

    /// Entity `e`'s owned chips of kind `c`.
    @inline(__always) func fleetRow(_ e: Int, _ c: Int) -> LaneRow {
        assert(e >= 0 && e < entityCount && c >= 0 && c < chipCount, "fleet of entity \(e), chip \(c)")
        return memory.row(layout.fleetBase &+ e &* chipCount &+ c)
    }

    /// Entity `e`'s chips of kind `c` leased out to renters (docs/reference/capacity.md).
    @inline(__always) func leasedRow(_ e: Int, _ c: Int) -> LaneRow {
        assert(e >= 0 && e < entityCount && c >= 0 && c < chipCount, "leased chips of entity \(e), chip \(c)")
        return memory.row(layout.leasedBase &+ e &* chipCount &+ c)
    }

    /// Entity `e`'s leased-out chips of every kind, by chip.
    @inline(__always) func leasedBlock(_ e: Int) -> LaneBlock { memory.block(layout.leasedBase + e * chipCount, count: chipCount) }

    /// Entity `e`'s owned chips of every kind, by chip.
    @inline(__always) func fleetBlock(_ e: Int) -> LaneBlock { memory.block(layout.fleetBase + e * chipCount, count: chipCount) }

    /// One field of every chip, by chip.
    @inline(__always) func chipBlock(_ field: RowLayout.ChipField) -> LaneBlock {
        memory.block(layout.chip(field, 0), count: chipCount)
    }

    @inline(__always) func paramRow(_ i: Int) -> LaneRow {
        assert(i >= 0 && i < plan.paramFormulas.count, "param \(i)")
        return memory.row(layout.paramBase + i)
    }

    @inline(__always) func drawRow(_ i: Int) -> LaneRow {
        assert(i >= 0 && i < plan.distributions.count, "distribution \(i)")
        return memory.row(layout.drawBase + i)
    }

    /// Whether `when` rule `r` has fired for entity `e` (`-1`: no binding), per lane.
    @inline(__always) func firedRow(_ r: Int, _ e: Int) -> LaneRow {
        assert(r >= 0 && r < plan.rules.count && e < max(1, entityCount), "rule \(r), entity \(e)")
        return memory.row(layout.firedBase + r * max(1, entityCount) + max(e, 0))
    }

    @inline(__always) func finalFormulaRow(_ column: Int, _ e: Int) -> LaneRow {
        memory.row(layout.finalBase + column * entityCount + e)
    }

    @inline(__always) var zeros: LaneRow { memory.row(layout.zeros) }

    /// Row `i` of the uncertain schedules (`RowLayout.scheduleBase`).
    @inline(__always) func scheduleRow(_ i: Int) -> LaneRow { memory.row(layout.scheduleBase + i) }

    /// What observation `k` saw, per lane.
    @inline(__always) func observationRow(_ k: Int) -> LaneRow {
        assert(k >= 0 && k < plan.observations.count, "observation \(k)")
        return memory.row(layout.observationBase + k)
    }

    @inline(__always) func mask(_ purpose: RowLayout.Mask) -> LaneMask { LaneMask(memory.row(layout.mask(purpose))) }

    @inline(__always) func scratch(_ purpose: RowLayout.Scratch) -> LaneRow { memory.row(layout.scratch(purpose)) }

    /// Scratch row `k` of an action's amounts.
    @inline(__always) func actionRow(_ k: Int) -> LaneRow {
        assert(k >= 0 && k <= plan.actionScratchRows, "an action takes more scratch rows than the plan counted")
        return memory.row(layout.actionScratch + k)
    }

    /// Row `p` of the evaluation stack: a fixed row, or one made for a formula deeper than
    /// the plan's (an expression typed in the REPL).
    @inline(__always) func stackRow(_ p: Int) -> LaneRow {
        assert(p >= 0 && p < stack.stackCapacity, "stack position \(p) of \(stack.stackCapacity)")
        return p < layout.stackRows ? memory.row(layout.stackBase + p) : memory.row(stack.extraStackRows[p - layout.stackRows])
    }

    /// Makes the stack hold at least `positions` positions.
    func reserveStack(_ positions: Int) {
        while stack.stackCapacity < positions {
            stack.extraStackRows.append(memory.makeRow())
            stack.operandRow.append(nil)
            stack.operandScalar.append(0)
            stack.stackCapacity += 1
        }
    }

    /// The row of H's stake in X, if H ever held one.
    func stakeRow(of holder: Int, in x: Int) -> LaneRow? {
        ledger.stakeRows[x * entityCount + holder].map { memory.row($0) }
    }

    /// The row of H's stake in X, made (at zero) the first time H holds one.
    func stakeRowMaking(of holder: Int, in x: Int) -> LaneRow {
        if let id = ledger.stakeRows[x * entityCount + holder] { return memory.row(id) }
        let id = memory.makeRow()
        ledger.stakeRows[x * entityCount + holder] = id
        ledger.holdersOf[x].append(holder)
        return memory.row(id)
    }

    /// The row holding entity `e`'s total revenue or burn from streams: its only stream's
    /// row when it has one of that kind.
    @inline(__always) func streamTotal(_ e: Int, revenue: Bool) -> LaneRow {
        let i = ledger.singleStream[2 * e + (revenue ? 0 : 1)]
        return i >= 0 ? memory.row(ledger.streams[i].value) : row(revenue ? .streamRevenue : .streamBurn, e)
    }

    /// The error of `problem` in lane `lane`, at the step now.
    func error(_ problem: RunProblem, span: Span?, lane: Int) -> RunError {
        RunError(problem, span: span, step: step, sample: namesSamples ? firstSample + min(lane, samples - 1) : nil)
    }
}
