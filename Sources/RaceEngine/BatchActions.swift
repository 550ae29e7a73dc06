import RaceModel
import RaceSyntax

extension BatchSimulation {
    /// Carries out an action in the masked lanes, as `Simulation.perform` does in one; lanes
    /// where a named entity has left skip it. `activeIn` names an entity the caller knows
    /// to be active in every given lane, and that at least one lane is given (a rule's
    /// first action, in the lanes where the rule fired for it): its check is skipped.
    func perform(_ index: Int, bound: Int, lanesMask: LaneMask, activeIn: Int = -1) throws {
        // Read in place from the run's own copy of the plan's actions: copying an action out
        // of the plan's array costs a reference count for each of its strings and arrays.
        let entry = actionTable + index
        func resolve(_ e: Int) -> Int { e < 0 ? bound : e }
        // The action's lanes: the given ones where every entity it names is still active,
        // narrowed into `actionMask` by one pass per named entity that needs checking.
        let zero = LaneVector(repeating: 0)
        var some = LaneCondition(repeating: false), narrowed = false
        for k in namedStart[index]..<namedStart[index + 1] {
            let e = resolve(named[k])
            guard e >= 0, e != activeIn else { continue }
            let a = active.row(e), from = narrowed ? actionMask : lanesMask, into = actionMask
            some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let c = from.condition(at: s) .& (a.vector(at: s) .!= zero)
                into.set(c, at: s)
                some .|= c
            }
            narrowed = true
        }
        if !narrowed && activeIn < 0 {
            LaneVector.forEachVector(lanes) { s in some .|= lanesMask.condition(at: s) }
        }
        if (narrowed || activeIn < 0) && !anyLane(some) { return }
        let on = narrowed ? actionMask : lanesMask
        var next = Self.firstActionRow
        func amounts(_ f: Int, _ what: String, negativeAllowed: Bool = false, checked: Bool = true) throws -> UnsafeMutablePointer<Double> {
            assert(next < scratch.rows - 2, "an action takes more scratch rows than scratchRows(for:) counted")
            let row = scratch.row(next)
            next += 1
            try values(f, what: what, spanOf: { entry.pointee.span }, bound: bound, into: row, lanesMask: on,
                       nonNegative: !negativeAllowed, checked: checked)
            return row
        }
        func months(_ f: Int) throws -> UnsafeMutablePointer<Double> {
            let row = try amounts(f, "a length of time", negativeAllowed: true)
            for s in 0..<lanes where on[s] {
                let v = row[s]
                guard v >= 1, v == v.rounded(), v <= 12_000 else {
                    throw error("a contract or build lasts a whole number of months, at least 1 (not \(MessageFormat.number(v)))",
                                span: entry.pointee.span, lane: s)
                }
            }
            return row
        }
        func requireAvailable(_ chip: Int) throws {
            if let first = plan.chips[chip].availableStep, step < first {
                throw error("\(plan.model.chips[chip].name) is available from \(MonthIndex.format(plan.model.start + first)), not before",
                            span: entry.pointee.span, lane: on.firstIndex(of: true) ?? 0)
            }
        }

        switch entry.pointee.kind {
        case let .raise(company, amountFormula, valuationFormula, pre, investors, amountFormulas):
            let a = try amounts(amountFormula, "the amount raised")
            let v = try amounts(valuationFormula, "the valuation")
            let given = try amountFormulas?.map { try amounts($0, "an investor's amount") }
            if pre { for s in 0..<lanes { v[s] = v[s] + a[s] } }
            try round(of: resolve(company), lanes: on, amount: a, post: v, investors: investors.map(resolve),
                      amounts: given, span: entry.pointee.span)
        case let .invest(investor, amountFormula, target, valuationFormula, pre):
            let x = resolve(target)
            let a = try amounts(amountFormula, "the amount invested")
            let post = try valuationFormula.map { try amounts($0, "the valuation") } ?? scratch.row(next)
            for s in 0..<lanes {
                if valuationFormula != nil {
                    if pre { post[s] = post[s] + a[s] }
                } else {
                    if on[s] && !(valuation[x, s] > 0) {
                        throw error("\(plan.model.entities[x].name) has no valuation to invest at", span: entry.pointee.span, lane: s)
                    }
                    post[s] = valuation[x, s] + a[s]
                }
            }
            try round(of: x, lanes: on, amount: a, post: post, investors: [resolve(investor)], amounts: [a], span: entry.pointee.span)
        case let .buyStake(buyer, shareFormula, target, priceFormula):
            let p = try amounts(shareFormula, "the share bought")
            let a = try amounts(priceFormula, "the price")
            for s in 0..<lanes where on[s] && !(p[s] > 0 && p[s] <= 1) {
                throw error("a share bought must be above 0% and at most 100%", span: entry.pointee.span, lane: s)
            }
            for s in 0..<lanes { p[s] = a[s] / p[s] }
            try round(of: resolve(target), lanes: on, amount: a, post: p, investors: [resolve(buyer)], amounts: [a],
                      span: entry.pointee.span)
        case let .buyChips(buyer, countFormula, chip, seller):
            try requireAvailable(chip)
            let n = try amounts(countFormula, "the number of chips")
            buy(n, chip, by: resolve(buyer), from: seller.map(resolve), lanesMask: on)
        case let .buyChipsWorth(buyer, amountFormula, chip, seller):
            try requireAvailable(chip)
            // The amount is worked out (`L.cash * 10%`: the product too), checked, and divided
            // by the price in one pass; the failing lane is looked for only when there is one.
            let (base, a, scale) = product(amountFormula, bound: bound)
            defer { top = base }
            if let problem = evaluationProblem {
                evaluationProblem = nil
                throw error(problem, span: entry.pointee.span, lane: 0)
            }
            let n = scratch.row(next), price = chipPrice.row(chip), factor = LaneVector(repeating: scale)
            var bad = LaneCondition(repeating: false), unpriced = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let buying = on.condition(at: s), amount = a.vector(at: s) * factor, p = price.vector(at: s)
                bad .|= buying .& .!(amount.finite .& (amount .>= zero))
                unpriced .|= buying .& .!(p .> zero)
                n.store(amount / p, at: s)
            }
            if anyLane(bad) {
                let amount = scratch.row(next + 1)
                for s in 0..<lanes { amount[s] = a[s] * scale }
                try rejectBadLanes(amount, what: "the amount spent", spanOf: { entry.pointee.span }, lanesMask: on, nonNegative: true)
            }
            if anyLane(unpriced) {
                for s in 0..<lanes where on[s] && !(price[s] > 0) {
                    throw error("\(plan.model.chips[chip].name) has no price now", span: entry.pointee.span, lane: s)
                }
            }
            buy(n, chip, by: resolve(buyer), from: seller.map(resolve), lanesMask: on)
        case let .rent(renter, chip, provider, amountFormula, monthsFormula):
            try requireAvailable(chip)
            let a = try amounts(amountFormula, "the contract's amount")
            let d = try months(monthsFormula)
            // Contracts of different lengths in different lanes get one row per length.
            for length in Set((0..<lanes).filter { on[$0] }.map { Int(d[$0]) }).sorted() {
                let i = contractPayment.append()
                _ = contractChips.append()
                contractRows.append(ContractRow(renter: resolve(renter), provider: resolve(provider), chip: chip,
                                                lastStep: step + length - 1))
                let payment = contractPayment.row(i), chips = contractChips.row(i)
                for s in 0..<lanes where on[s] && Int(d[s]) == length {
                    guard chipRent[chip, s] > 0 else {
                        throw error("\(plan.model.chips[chip].name) has no rent price", span: entry.pointee.span, lane: s)
                    }
                    payment[s] = a[s] / Double(length)
                    chips[s] = payment[s] / chipRent[chip, s]
                }
            }
        case let .build(builder, powerFormula, chip, amountFormula, monthsFormula):
            try requireAvailable(chip)
            let w = try amounts(powerFormula, "the capacity built")
            let a = try amounts(amountFormula, "the build's cost")
            let d = try months(monthsFormula)
            let x = resolve(builder)
            for length in Set((0..<lanes).filter { on[$0] }.map { Int(d[$0]) }).sorted() {
                let i = buildPayment.append()
                buildRows.append(BuildRow(builder: x, lastStep: step + length - 1))
                let j = deliveryCount.append()
                deliveryRows.append(DeliveryRow(entity: x, chip: chip, step: step + length))
                let payment = buildPayment.row(i), count = deliveryCount.row(j)
                for s in 0..<lanes where on[s] && Int(d[s]) == length {
                    guard chipPower[chip, s] > 0 else {
                        throw error("\(plan.model.chips[chip].name) has no power draw", span: entry.pointee.span, lane: s)
                    }
                    payment[s] = a[s] / Double(length)
                    count[s] = w[s] / chipPower[chip, s]
                }
            }
        case let .acquire(buyer, target, priceFormula):
            let y = resolve(buyer), x = resolve(target)
            let price = try priceFormula.map { try amounts($0, "the price") }
            for s in 0..<lanes where on[s] { payHolders(of: x, by: y, amount: price?[s] ?? 0, lane: s) }
            transfer(x, to: y, lanesMask: on)
        case let .acquihire(buyer, target, priceFormula):
            let y = resolve(buyer), x = resolve(target)
            let price = try priceFormula.map { try amounts($0, "the price") }
            for s in 0..<lanes where on[s] { payHolders(of: x, by: y, amount: price?[s] ?? 0, lane: s) }
            acquihire(x, into: y, lanesMask: on)
        case let .setCash(e, f):
            let v = try amounts(f, "cash", negativeAllowed: true)
            for s in 0..<lanes where on[s] { cash[resolve(e), s] = v[s] }
        case let .setValuation(e, f):
            let v = try amounts(f, "valuation", negativeAllowed: true)
            for s in 0..<lanes where on[s] { valuation[resolve(e), s] = v[s] }
        case let .setUtilization(e, f):
            let v = try amounts(f, "utilization", negativeAllowed: true)
            for s in 0..<lanes where on[s] { utilization[resolve(e), s] = v[s] }
        case let .setFlow(e, revenue, flow):
            try install(flow, for: resolve(e), revenue: revenue, span: entry.pointee.span, bound: bound, lanesMask: on)
        case .exit(let e): leave(resolve(e), as: .exited, lanesMask: on)
        case .note: break
        case .notRunYet(let what):  // v2-engine:
            throw error("\(what) is not run by this engine yet", span: entry.pointee.span, lane: on.firstIndex(of: true) ?? 0)
        }
        switch entry.pointee.kind {
        case .raise, .invest, .buyStake, .setCash, .setValuation, .setUtilization, .note: break
        // A purchase summed its buyer's fleet totals as it went.
        case .buyChips, .buyChipsWorth: break
        default: refreshTotals()
        }
    }

    /// A round in the masked lanes (§5 `raises`), as `Simulation.round` does in one: every
    /// stake × (1 − A/post), then each investor's share, then the company's cash. Each cell
    /// sees the same operations in the same order as there, so the lanes agree bit for bit.
    /// `amounts` are the investors' amounts; nil splits A equally among them.
    private func round(of x: Int, lanes on: LaneMask, amount a: UnsafeMutablePointer<Double>,
                       post: UnsafeMutablePointer<Double>, investors: [Int], amounts: [UnsafeMutablePointer<Double>]?,
                       span: Span) throws {
        let l = lanes, n = investors.count, zero = LaneVector(repeating: 0)
        // Checked in one vector pass; the lane is looked for only when one failed.
        var wrong = LaneCondition(repeating: false)
        LaneVector.forEachVector(l) { s in
            let p = post.vector(at: s)
            wrong .|= on.condition(at: s) .& .!((p .> zero) .& (a.vector(at: s) .<= p))
        }
        if anyLane(wrong) || n > 0 { try checkRound(lanes: on, amount: a, post: post, investors: n, amounts: amounts, span: span) }
        for h in 0..<entityCount where holdsStake[x * entityCount + h] {
            let stake = stakes.row(x * entityCount + h)
            for s in 0..<l { let kept = stake[s] * (1 - a[s] / post[s]); stake[s] = on[s] ? kept : stake[s] }
        }
        for (i, investor) in investors.enumerated() {
            let stake = stakes.row(x * entityCount + investor), money = cash.row(investor), out = paid.row(investor)
            holdsStake[x * entityCount + investor] = true
            let given = amounts?[i]
            for s in 0..<l where on[s] {
                let share = given?[s] ?? a[s] / Double(n)
                stake[s] += share / post[s]
                money[s] -= share
                out[s] += share
            }
        }
        let money = cash.row(x), got = received.row(x), value = valuation.row(x)
        LaneVector.forEachVector(l) { s in
            let raising = on.condition(at: s), amount = a.vector(at: s)
            let m = money.vector(at: s), g = got.vector(at: s)
            money.store(m.replacing(with: m + amount, where: raising), at: s)
            got.store(g.replacing(with: g + amount, where: raising), at: s)
            value.store(value.vector(at: s).replacing(with: post.vector(at: s), where: raising), at: s)
        }
    }

    /// A round's checks lane by lane, to name the first lane where it cannot be: run when
    /// the vector check failed, or when investors' amounts must be added up.
    private func checkRound(lanes on: LaneMask, amount a: UnsafeMutablePointer<Double>, post: UnsafeMutablePointer<Double>,
                            investors n: Int, amounts: [UnsafeMutablePointer<Double>]?, span: Span) throws {
        for s in 0..<lanes where on[s] {
            guard post[s] > 0, a[s] <= post[s] else {
                throw error("a round of \(MessageFormat.money(a[s])) cannot have a post-money valuation of \(MessageFormat.money(post[s])): the round would buy more than the whole company",
                            span: span, lane: s)
            }
            var sum = 0.0
            if let amounts { for given in amounts { sum += given[s] } } else { for _ in 0..<n { sum += a[s] / Double(n) } }
            guard sum <= a[s] * (1 + 1e-12) else {
                throw error("the investors' amounts add up to more than the round", span: span, lane: s)
            }
        }
    }

    /// Buys `count` chips in the masked lanes: the buyer pays, chips without a lead time
    /// join its fleet at once, and its fleet totals are summed again in the same pass (over
    /// the chips from zero, as `refreshFleetTotals(of:)` sums them), so a purchase is one
    /// pass over the lanes, not two.
    private func buy(_ count: UnsafeMutablePointer<Double>, _ chip: Int, by buyer: Int, from seller: Int?, lanesMask on: LaneMask) {
        let price = chipPrice.row(chip), lead = chipLead.row(chip), zero = LaneVector(repeating: 0)
        let money = cash.row(buyer), out = paid.row(buyer), fleetRows = fleet.row(buyer * chipCount)
        let compute = ownedCompute.row(buyer), chips = ownedChips.row(buyer), opex = ownedOpex.row(buyer)
        let perf = chipPerf.base, cost = chipOpex.base, l = lanes, kinds = chipCount
        var delayed = LaneCondition(repeating: false)
        LaneVector.forEachVector(l) { s in
            let buying = on.condition(at: s), n = count.vector(at: s), paying = n * price.vector(at: s)
            let now = lead.vector(at: s) .== zero
            let m = money.vector(at: s), o = out.vector(at: s)
            money.store(m.replacing(with: m - paying, where: buying), at: s)
            out.store(o.replacing(with: o + paying, where: buying), at: s)
            let owned = fleetRows + chip * l, had = owned.vector(at: s)
            owned.store(had.replacing(with: had + n, where: buying .& now), at: s)
            delayed .|= buying .& .!now
            var totalCompute = zero, totalChips = zero, totalOpex = zero
            for c in 0..<kinds {
                let units = (fleetRows + c * l).vector(at: s)
                totalCompute = totalCompute + units * (perf + c * l).vector(at: s)
                totalChips = totalChips + units
                totalOpex = totalOpex + units * (cost + c * l).vector(at: s)
            }
            compute.store(totalCompute, at: s)
            chips.store(totalChips, at: s)
            opex.store(totalOpex, at: s)
        }
        if let seller {
            let money = cash.row(seller), got = received.row(seller)
            for s in 0..<l {
                let on = on[s], cost = count[s] * price[s]
                money[s] = on ? money[s] + cost : money[s]
                got[s] = on ? got[s] + cost : got[s]
            }
        }
        guard anyLane(delayed) else { return }
        for lead in Set((0..<lanes).filter { on[$0] && chipLead[chip, $0] != 0 }.map { Int(chipLead[chip, $0]) }).sorted() {
            let j = deliveryCount.append()
            deliveryRows.append(DeliveryRow(entity: buyer, chip: chip, step: step + lead))
            let row = deliveryCount.row(j)
            for s in 0..<lanes where on[s] && Int(chipLead[chip, s]) == lead { row[s] = count[s] }
        }
    }

    private func payHolders(of x: Int, by y: Int, amount: Double, lane s: Int) {
        cash[y, s] -= amount
        paid[y, s] += amount
        distribute(amount, amongHoldersOf: x, lane: s)
    }

    private func distribute(_ amount: Double, amongHoldersOf x: Int, lane s: Int) {
        for h in 0..<entityCount {
            let share = stakes[x * entityCount + h, s]
            if share > 0 {
                cash[h, s] += amount * share
                received[h, s] += amount * share
            }
        }
    }

    /// Copies row `i` of a growing list into a new row, only in the masked lanes, and
    /// zeroes the masked lanes of the original: "moving" a row in some lanes.
    private func moveLanes(_ list: inout GrowingLanes, row i: Int, mask on: LaneMask) -> Int {
        let j = list.append()
        let from = list.row(i), to = list.row(j)
        for s in 0..<lanes where on[s] {
            to[s] = from[s]
            from[s] = 0
        }
        return j
    }

    /// `acquires` in the masked lanes: cash, fleet, contracts, builds and streams pass to the buyer.
    private func transfer(_ x: Int, to y: Int, lanesMask on: LaneMask) {
        for s in 0..<lanes where on[s] {
            cash[y, s] += cash[x, s]
            cash[x, s] = 0
            for c in 0..<chipCount {
                fleet[y * chipCount + c, s] += fleet[x * chipCount + c, s]
                fleet[x * chipCount + c, s] = 0
            }
        }
        for i in contractRows.indices where contractRows[i].renter == x || contractRows[i].provider == x {
            var row = contractRows[i]
            if row.renter == x { row.renter = y }
            if row.provider == x { row.provider = y }
            _ = moveLanes(&contractPayment, row: i, mask: on)
            _ = moveLanes(&contractChips, row: i, mask: on)
            contractRows.append(row)
        }
        for i in buildRows.indices where buildRows[i].builder == x {
            _ = moveLanes(&buildPayment, row: i, mask: on)
            buildRows.append(BuildRow(builder: y, lastStep: buildRows[i].lastStep))
        }
        for i in deliveryRows.indices where deliveryRows[i].entity == x {
            _ = moveLanes(&deliveryCount, row: i, mask: on)
            deliveryRows.append(DeliveryRow(entity: y, chip: deliveryRows[i].chip, step: deliveryRows[i].step))
        }
        for i in streamRows.indices where streamRows[i].owner == x {
            _ = moveLanes(&streamValue, row: i, mask: on)
            let j = streamFactor.append()
            streamFactor.row(j).update(from: streamFactor.row(i), count: lanes)
            streamRows.append(StreamRow(owner: y, isRevenue: streamRows[i].isRevenue))
        }
        let revenue = usesRevenueFormula.row(x), burn = usesBurnFormula.row(x)
        for s in 0..<lanes where on[s] { revenue[s] = 0; burn[s] = 0 }
        leave(x, as: .acquired(by: y), lanesMask: on)
    }

    /// `acquihires` in the masked lanes: the burn joins the buyer; the cash goes to the holders.
    private func acquihire(_ x: Int, into y: Int, lanesMask on: LaneMask) {
        if let formula = burnFormula[x] {
            let current = scratch.row(scratch.rows - 1)
            evaluate(formula, bound: x, into: current)
            let uses = usesBurnFormula.row(x)
            let i = streamValue.append()
            let j = streamFactor.append()
            streamRows.append(StreamRow(owner: y, isRevenue: false))
            let value = streamValue.row(i), factor = streamFactor.row(j)
            for s in 0..<lanes {
                value[s] = on[s] && uses[s] != 0 && current[s].isFinite ? current[s] : 0
                factor[s] = 1
            }
        }
        for i in streamRows.indices where streamRows[i].owner == x && !streamRows[i].isRevenue {
            _ = moveLanes(&streamValue, row: i, mask: on)
            let j = streamFactor.append()
            streamFactor.row(j).update(from: streamFactor.row(i), count: lanes)
            streamRows.append(StreamRow(owner: y, isRevenue: false))
        }
        for (i, row) in streamRows.enumerated() where row.owner == x {
            let value = streamValue.row(i)
            for s in 0..<lanes where on[s] { value[s] = 0 }
        }
        for s in 0..<lanes where on[s] {
            if cash[x, s] > 0 { distribute(cash[x, s], amongHoldersOf: x, lane: s) }
            cash[x, s] = 0
        }
        let revenue = usesRevenueFormula.row(x), burn = usesBurnFormula.row(x)
        for s in 0..<lanes where on[s] { revenue[s] = 0; burn[s] = 0 }
        leave(x, as: .acquihired(by: y), lanesMask: on)
    }
}
