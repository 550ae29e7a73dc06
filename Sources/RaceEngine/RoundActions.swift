import RaceModel

/// Equity rounds (docs/reference/actions.md): `raises`, `invests`, `buys P of X for A`.
extension LaneEngine {
    /// `X raises A at V [post|pre] [from Y1 a1, …]`.
    func raise(_ company: Int, _ amountFormula: Int, _ valuationFormula: Int, pre: Bool, investors: Range<Int>,
               amounts amountFormulas: Range<Int>?, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let a = try amount(amountFormula, .amountRaised, &context)
        let v = try amount(valuationFormula, .roundValuation, &context)
        let given = try amountFormulas.map { range throws(RunError) in
            try range.map { k throws(RunError) in try amount(plan.formulaLists[k], .investorAmount, &context) }
        }
        if pre { LaneVector.forEachVector(lanes) { s in v.store(v.vector(at: s) + a.vector(at: s), at: s) } }
        try round(of: resolve(company, context.bound), context, amount: a, post: v,
                  investors: investors.map { resolve(plan.entityLists[$0], context.bound) }, amounts: given)
        return ActionAmounts(a, v, more: given ?? [])
    }

    /// `Y invests A in X [at V [post|pre]]`: without `at`, pre-money is X's valuation.
    func invest(_ investor: Int, _ amountFormula: Int, _ target: Int, _ valuationFormula: Int?, pre: Bool,
                _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let x = resolve(target, context.bound)
        let a = try amount(amountFormula, .amountInvested, &context)
        let post: LaneRow
        if let valuationFormula {
            post = try amount(valuationFormula, .roundValuation, &context)
            if pre { LaneVector.forEachVector(lanes) { s in post.store(post.vector(at: s) + a.vector(at: s), at: s) } }
        } else {
            post = actionRow(context.nextRow)
            context.nextRow += 1
            let valuation = row(.valuation, x)
            for s in 0..<lanes {
                if context.lanes[s] && !(valuation[s] > 0) {
                    throw error(.noValuation(entity: x), span: actionSpan(context.index), lane: s)
                }
                post[s] = valuation[s] + a[s]
            }
        }
        try round(of: x, context, amount: a, post: post, investors: [resolve(investor, context.bound)], amounts: [a])
        return ActionAmounts(a, post)
    }

    /// `Y buys P of X for A`: a round of A from Y at post-money A / P.
    func buyStake(_ buyer: Int, _ shareFormula: Int, _ target: Int, _ priceFormula: Int,
                  _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let p = try amount(shareFormula, .shareBought, &context)
        let a = try amount(priceFormula, .price, &context)
        for s in 0..<lanes where context.lanes[s] && !(p[s] > 0 && p[s] <= 1) {
            throw error(.shareOutOfRange(value: p[s]), span: actionSpan(context.index), lane: s)
        }
        let post = actionRow(context.nextRow)
        context.nextRow += 1
        for s in 0..<lanes { post[s] = a[s] / p[s] }
        try round(of: resolve(target, context.bound), context, amount: a, post: post,
                  investors: [resolve(buyer, context.bound)], amounts: [a])
        return ActionAmounts(p, a)
    }

    /// A round in the action's lanes: every stake × (1 − A/post), then each investor's share
    /// (its amount, or A split equally), then the company's cash and valuation.
    private func round(of x: Int, _ context: ActionContext, amount a: LaneRow, post: LaneRow, investors: [Int],
                       amounts: [LaneRow]?) throws(RunError) {
        let on = context.lanes, n = investors.count, zero = LaneVector(repeating: 0)
        // Checked in one vector pass; the lane is looked for only when one failed.
        var wrong = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in
            let p = post.vector(at: s)
            wrong .|= on.condition(at: s) .& .!((p .> zero) .& (a.vector(at: s) .<= p))
        }
        if anyLane(wrong) || n > 0 { try checkRound(context, amount: a, post: post, investors: n, amounts: amounts) }
        for h in ledger.holdersOf[x] {
            let stake = stakeRow(of: h, in: x)!
            for s in 0..<lanes { let kept = stake[s] * (1 - a[s] / post[s]); stake[s] = on[s] ? kept : stake[s] }
        }
        for (i, investor) in investors.enumerated() {
            let stake = stakeRowMaking(of: investor, in: x), money = row(.cash, investor), out = row(.paid, investor)
            let given = amounts?[i]
            for s in 0..<lanes where on[s] {
                let share = given?[s] ?? a[s] / Double(n)
                stake[s] += share / post[s]
                money[s] -= share
                out[s] += share
            }
        }
        let money = row(.cash, x), got = row(.received, x), value = row(.valuation, x)
        LaneVector.forEachVector(lanes) { s in
            let raising = on.condition(at: s), amount = a.vector(at: s)
            let m = money.vector(at: s), g = got.vector(at: s)
            money.store(m.replacing(with: m + amount, where: raising), at: s)
            got.store(g.replacing(with: g + amount, where: raising), at: s)
            value.store(value.vector(at: s).replacing(with: post.vector(at: s), where: raising), at: s)
        }
    }

    /// A round's checks lane by lane, to name the first lane where it cannot be: run when the
    /// vector check failed, or when investors' amounts must be added up.
    private func checkRound(_ context: ActionContext, amount a: LaneRow, post: LaneRow, investors n: Int, amounts: [LaneRow]?) throws(RunError) {
        for s in 0..<lanes where context.lanes[s] {
            guard post[s] > 0, a[s] <= post[s] else {
                throw error(.roundTooLarge(amount: a[s], post: post[s]), span: actionSpan(context.index), lane: s)
            }
            var sum = 0.0
            if let amounts { for given in amounts { sum += given[s] } } else { for _ in 0..<n { sum += a[s] / Double(n) } }
            guard sum <= a[s] * (1 + 1e-12) else {
                throw error(.investorsExceedRound(sum: sum, amount: a[s]), span: actionSpan(context.index), lane: s)
            }
        }
    }
}
