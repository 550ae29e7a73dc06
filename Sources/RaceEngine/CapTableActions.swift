import RaceModel

/// Stakes that change hands without new money (docs/reference/financing.md): a secondary sale, and a cap table set
/// anew. The company itself is no party: its cash, valuation, `paid` and `received` stay.
extension LaneEngine {
    /// `Z buys P of X from Y for A`: Y's stake in X falls by P (a share of all of X), Z's rises
    /// by P, Z pays A to Y. `from others` sells from the untracked holders. Where Y holds less
    /// than P the sale is skipped, with the reason.
    func secondarySale(_ buyer: Int, _ shareFormula: Int, _ target: Int, _ seller: Int?, _ priceFormula: Int,
                       _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let p = try amount(shareFormula, .shareBought, &context)
        let a = try amount(priceFormula, .price, &context)
        for s in 0..<lanes where context.lanes[s] && !(p[s] > 0 && p[s] <= 1) {
            throw error(.shareOutOfRange(value: p[s]), span: actionSpan(context.index), lane: s)
        }
        let z = resolve(buyer, context.bound), x = resolve(target, context.bound), y = seller.map { resolve($0, context.bound) }
        // What the seller holds: its stake, or what the tracked holders leave to others.
        let held = actionRow(context.nextRow)
        context.nextRow += 1
        if let y {
            held.copy(from: stakeRow(of: y, in: x) ?? zeros)
        } else {
            held.fill(1)
            for h in ledger.holdersOf[x] {
                let stake = stakeRow(of: h, in: x)!
                for s in 0..<lanes { held[s] -= stake[s] }
            }
        }
        // A holding equal to the share up to rounding sells all of it.
        let selling = context.lanes, tolerance = 1e-12
        if let lane = logLane, selling[lane], held[lane] < p[lane] - tolerance {
            context.skippedInLoggedLane = .holdsLess(seller: y, target: x, held: max(0, held[lane]), asked: p[lane])
        }
        let bought = stakeRowMaking(of: z, in: x), sold = y.map { stakeRowMaking(of: $0, in: x) }
        let cashZ = row(.cash, z), paid = row(.paid, z)
        for s in 0..<lanes where selling[s] && held[s] >= p[s] - tolerance {
            bought[s] += p[s]
            if let sold { sold[s] = sold[s] - p[s] > tolerance ? sold[s] - p[s] : 0 }
            cashZ[s] -= a[s]
            paid[s] += a[s]
            if let y {
                row(.cash, y)[s] += a[s]
                row(.received, y)[s] += a[s]
            }
        }
        return ActionAmounts(p, a)
    }

    /// `set X.owners = H1 P1, …`: X's cap table replaced (the rest held by others); no money
    /// moves and the valuation stays.
    func setOwners(_ entity: Int, holders: Range<Int>, shares: Range<Int>, _ context: inout ActionContext) throws(RunError) {
        let x = resolve(entity, context.bound), on = context.lanes
        var newShares: [(holder: Int, share: LaneRow)] = []
        for (k, f) in zip(holders, shares) {
            newShares.append((resolve(plan.entityLists[k], context.bound),
                              try amount(plan.formulaLists[f], .stake, &context)))
        }
        for s in 0..<lanes where on[s] {
            let sum = newShares.reduce(0) { $0 + $1.share[s] }
            guard sum <= 1 + 1e-12 else { throw error(.ownersExceedAll(sum: sum), span: actionSpan(context.index), lane: s) }
        }
        for h in ledger.holdersOf[x] {
            let stake = stakeRow(of: h, in: x)!
            for s in 0..<lanes where on[s] { stake[s] = 0 }
        }
        for (holder, share) in newShares {
            let stake = stakeRowMaking(of: holder, in: x)
            for s in 0..<lanes where on[s] { stake[s] += share[s] }
        }
    }
}
