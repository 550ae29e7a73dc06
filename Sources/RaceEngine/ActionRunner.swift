import RaceModel
import RaceSyntax

extension Simulation {
    /// Carries out an action (§5), or lists it as skipped when an entity it names has left.
    func perform(_ index: Int, bound: Int) throws {
        let action = plan.actions[index]
        func resolve(_ e: Int) -> Int { e < 0 ? bound : e }
        let subject = action.subject.map(resolve)
        for named in action.named {
            let e = resolve(named)
            if e >= 0 && !active[e] {
                let name = plan.model.entities[e].name
                let how = RunResultText.status(status[e], entities: plan.model.entities.map(\.name))
                let when = exitStep[e].map { " in \(MonthIndex.format(plan.model.start + $0))" } ?? ""
                skipped.append(SkippedAction(step: step, entity: subject, text: written(action, bound: bound),
                                             reason: "\(name) has left the race (\(how)\(when))"))
                return
            }
        }
        func amount(_ f: Int, _ what: String) throws -> Double {
            let v = try value(f, what: what, span: action.span, bound: bound)
            guard v >= 0 else {
                throw RunError(message: "\(what) is negative (\(MessageFormat.number(v)))", span: action.span, step: step, sample: nil)
            }
            return v
        }
        func months(_ f: Int) throws -> Int {
            let v = try value(f, what: "a length of time", span: action.span, bound: bound)
            guard v >= 1, v == v.rounded(), v <= 12_000 else {
                throw RunError(message: "a contract or build lasts a whole number of months, at least 1 (not \(MessageFormat.number(v)))",
                               span: action.span, step: step, sample: nil)
            }
            return Int(v)
        }
        func requireAvailable(_ chip: Int) throws {
            if let first = plan.chips[chip].availableStep, step < first {
                throw RunError(message: "\(plan.model.chips[chip].name) is available from \(MonthIndex.format(plan.model.start + first)), not before",
                               span: action.span, step: step, sample: nil)
            }
        }

        func name(_ e: Int) -> String { plan.model.entities[e].name }
        func chipName(_ c: Int) -> String { plan.model.chips[c].name }
        func from(_ seller: Int?) -> String { seller.map { " from " + name(resolve($0)) } ?? "" }
        // What the log says: the sentence with this month's amounts (set, exits and
        // notes keep their text, with the rule's entity put in).
        var said: String?
        switch action.kind {
        case let .raise(company, amountFormula, valuationFormula, pre, investors, amounts):
            let a = try amount(amountFormula, "the amount raised")
            let v = try amount(valuationFormula, "the valuation")
            let given = try amounts?.map { try amount($0, "an investor's amount") }
            try round(of: resolve(company), amount: a, post: pre ? v + a : v,
                      investors: investors.map(resolve), amounts: given, span: action.span)
            if logsEvents {
                let backers = investors.enumerated().map { i, investor in
                    name(resolve(investor)) + (given.map { " " + EventText.money($0[i]) } ?? "")
                }
                said = "\(name(resolve(company))) raises \(EventText.money(a)) at \(EventText.money(pre ? v + a : v)) post"
                    + (backers.isEmpty ? "" : " from " + backers.joined(separator: ", "))
            }
        case let .invest(investor, amountFormula, target, valuationFormula, pre):
            let x = resolve(target)
            let a = try amount(amountFormula, "the amount invested")
            let post: Double
            if let valuationFormula {
                let v = try amount(valuationFormula, "the valuation")
                post = pre ? v + a : v
            } else {
                guard valuation[x] > 0 else {
                    throw RunError(message: "\(plan.model.entities[x].name) has no valuation to invest at",
                                   span: action.span, step: step, sample: nil)
                }
                post = valuation[x] + a
            }
            try round(of: x, amount: a, post: post, investors: [resolve(investor)], amounts: [a], span: action.span)
            if logsEvents {
                said = "\(name(resolve(investor))) invests \(EventText.money(a)) in \(name(x))"
                    + (valuationFormula == nil ? "" : " at \(EventText.money(post)) post")
            }
        case let .buyStake(buyer, shareFormula, target, priceFormula):
            let p = try amount(shareFormula, "the share bought")
            let a = try amount(priceFormula, "the price")
            guard p > 0, p <= 1 else {
                throw RunError(message: "a share bought must be above 0% and at most 100%", span: action.span, step: step, sample: nil)
            }
            try round(of: resolve(target), amount: a, post: a / p, investors: [resolve(buyer)], amounts: [a], span: action.span)
            if logsEvents {
                said = "\(name(resolve(buyer))) buys \(EventText.share(p)) of \(name(resolve(target))) for \(EventText.money(a))"
            }
        case let .buyChips(buyer, countFormula, chip, seller):
            try requireAvailable(chip)
            let n = try amount(countFormula, "the number of chips")
            buy(n, chip, by: resolve(buyer), from: seller.map(resolve))
            if logsEvents {
                said = "\(name(resolve(buyer))) buys \(EventText.count(n)) \(chipName(chip))\(from(seller))"
            }
        case let .buyChipsWorth(buyer, amountFormula, chip, seller):
            try requireAvailable(chip)
            let a = try amount(amountFormula, "the amount spent")
            guard chipPrice[chip] > 0 else {
                throw RunError(message: "\(plan.model.chips[chip].name) has no price now", span: action.span, step: step, sample: nil)
            }
            if logsEvents {
                said = "\(name(resolve(buyer))) buys \(EventText.money(a)) of \(chipName(chip))\(from(seller)) "
                    + "(\(EventText.count(a / chipPrice[chip])) at \(EventText.money(chipPrice[chip])))"
            }
            buy(a / chipPrice[chip], chip, by: resolve(buyer), from: seller.map(resolve))
        case let .rent(renter, chip, provider, amountFormula, monthsFormula):
            try requireAvailable(chip)
            let a = try amount(amountFormula, "the contract's amount")
            let d = try months(monthsFormula)
            guard chipRent[chip] > 0 else {
                throw RunError(message: "\(plan.model.chips[chip].name) has no rent price", span: action.span, step: step, sample: nil)
            }
            let payment = a / Double(d)
            contracts.append(Contract(renter: resolve(renter), provider: resolve(provider), chip: chip, payment: payment,
                                      chips: payment / chipRent[chip], lastStep: step + d - 1))
            if logsEvents {
                said = "\(name(resolve(renter))) rents \(chipName(chip)) from \(name(resolve(provider))) "
                    + "for \(EventText.money(a)) over \(EventText.months(d))"
            }
        case let .build(builder, powerFormula, chip, amountFormula, monthsFormula):
            try requireAvailable(chip)
            let w = try amount(powerFormula, "the capacity built")
            let a = try amount(amountFormula, "the build's cost")
            let d = try months(monthsFormula)
            guard chipPower[chip] > 0 else {
                throw RunError(message: "\(plan.model.chips[chip].name) has no power draw", span: action.span, step: step, sample: nil)
            }
            let x = resolve(builder)
            builds.append(Build(builder: x, payment: a / Double(d), lastStep: step + d - 1))
            deliveries.append(Delivery(entity: x, chip: chip, count: w / chipPower[chip], step: step + d))
            if logsEvents {
                said = "\(name(x)) builds \(EventText.power(w)) of \(chipName(chip)) for \(EventText.money(a)) over \(EventText.months(d))"
            }
        case let .acquire(buyer, target, priceFormula):
            let y = resolve(buyer), x = resolve(target)
            let price = try priceFormula.map { try amount($0, "the price") }
            try payHolders(of: x, by: y, amount: price ?? 0)
            transfer(x, to: y)
            if logsEvents {
                said = "\(name(y)) acquires \(name(x))" + (price.map { " for " + EventText.money($0) } ?? "")
            }
        case let .acquihire(buyer, target, priceFormula):
            let y = resolve(buyer), x = resolve(target)
            let price = try priceFormula.map { try amount($0, "the price") }
            try payHolders(of: x, by: y, amount: price ?? 0)
            acquihire(x, into: y)
            if logsEvents {
                said = "\(name(y)) acquihires \(name(x))" + (price.map { " for " + EventText.money($0) } ?? "")
            }
        case let .setCash(e, f): cash[resolve(e)] = try value(f, what: "cash", span: action.span, bound: bound)
        case let .setValuation(e, f): valuation[resolve(e)] = try value(f, what: "valuation", span: action.span, bound: bound)
        case let .setUtilization(e, f): utilization[resolve(e)] = try value(f, what: "utilization", span: action.span, bound: bound)
        case let .setFlow(e, revenue, flow): try install(flow, for: resolve(e), revenue: revenue, span: action.span, bound: bound)
        case .exit(let e): leave(resolve(e), as: .exited)
        case .note: break
        case .notRunYet(let what):  // v2-engine:
            throw RunError(message: "\(what) is not run by this engine yet", span: action.span, step: step, sample: nil)
        }
        switch action.kind {
        case .raise, .invest, .buyStake, .setCash, .setValuation, .setUtilization, .note: break
        case let .buyChips(buyer, _, _, _), let .buyChipsWorth(buyer, _, _, _): refreshTotals(of: resolve(buyer))
        default: refreshTotals()
        }
        if logsEvents {
            let asWritten = written(action, bound: bound)
            events.append(LogEntry(step: step, entity: subject, text: said ?? noteText(action) ?? asWritten, written: asWritten))
        }
    }

    /// The action as written, with a rule's `for each` variable replaced by its entity.
    private func written(_ action: ActionPlan, bound: Int) -> String {
        guard let variable = action.variable, bound >= 0 else { return action.text }
        return EventText.substitute(variable, with: plan.model.entities[bound].name, in: action.text)
    }

    private func noteText(_ action: ActionPlan) -> String? {
        if case .note(let text) = action.kind { return text }
        return nil
    }

    /// A round (§5 `raises`): dilutes every stake by A/post, gives investors aᵢ/post.
    private func round(of x: Int, amount a: Double, post: Double, investors: [Int], amounts: [Double]?, span: Span) throws {
        guard post > 0, a <= post else {
            throw RunError(message: "a round of \(MessageFormat.money(a)) cannot have a post-money valuation of \(MessageFormat.money(post)): the round would buy more than the whole company",
                           span: span, step: step, sample: nil)
        }
        var shares = amounts ?? Array(repeating: investors.isEmpty ? 0 : a / Double(investors.count), count: investors.count)
        if amounts == nil && investors.isEmpty { shares = [] }
        let sum = shares.reduce(0, +)
        guard sum <= a * (1 + 1e-12) else {
            throw RunError(message: "the investors' amounts add up to more than the round", span: span, step: step, sample: nil)
        }
        let keep = 1 - a / post
        for h in 0..<entityCount { stakes[x * entityCount + h] *= keep }
        for (investor, share) in zip(investors, shares) {
            stakes[x * entityCount + investor] += share / post
            cash[investor] -= share
            paid[investor] += share
        }
        cash[x] += a
        received[x] += a
        valuation[x] = post
    }

    private func buy(_ count: Double, _ chip: Int, by buyer: Int, from seller: Int?) {
        let cost = count * chipPrice[chip]
        cash[buyer] -= cost
        paid[buyer] += cost
        if let seller {
            cash[seller] += cost
            received[seller] += cost
        }
        if chipLead[chip] == 0 {
            fleet[buyer * chipCount + chip] += count
        } else {
            deliveries.append(Delivery(entity: buyer, chip: chip, count: count, step: step + chipLead[chip]))
        }
    }

    /// The buyer pays `amount`, shared among the target's tracked holders by stake.
    private func payHolders(of x: Int, by y: Int, amount: Double) throws {
        cash[y] -= amount
        paid[y] += amount
        distribute(amount, amongHoldersOf: x)
    }

    private func distribute(_ amount: Double, amongHoldersOf x: Int) {
        for h in 0..<entityCount {
            let share = stakes[x * entityCount + h]
            if share > 0 {
                cash[h] += amount * share
                received[h] += amount * share
            }
        }
    }

    /// `acquires`: cash, fleet, contracts, builds and streams pass to the buyer.
    private func transfer(_ x: Int, to y: Int) {
        cash[y] += cash[x]
        cash[x] = 0
        for c in 0..<chipCount {
            fleet[y * chipCount + c] += fleet[x * chipCount + c]
            fleet[x * chipCount + c] = 0
        }
        // What passes to the buyer moves to the end of its list, where the batch engine
        // (which can move it only in some lanes) puts it too: sums then add in one order.
        var movedContracts = contracts.filter { $0.renter == x || $0.provider == x }
        for i in movedContracts.indices {
            if movedContracts[i].renter == x { movedContracts[i].renter = y }
            if movedContracts[i].provider == x { movedContracts[i].provider = y }
        }
        contracts.removeAll { $0.renter == x || $0.provider == x }
        contracts += movedContracts
        let movedBuilds = builds.filter { $0.builder == x }.map { Build(builder: y, payment: $0.payment, lastStep: $0.lastStep) }
        builds.removeAll { $0.builder == x }
        builds += movedBuilds
        let movedDeliveries = deliveries.filter { $0.entity == x }.map { Delivery(entity: y, chip: $0.chip, count: $0.count, step: $0.step) }
        deliveries.removeAll { $0.entity == x }
        deliveries += movedDeliveries
        let movedStreams = streams.filter { $0.owner == x }.map { StreamState(owner: y, isRevenue: $0.isRevenue, value: $0.value, factor: $0.factor) }
        streams.removeAll { $0.owner == x }
        streams += movedStreams
        revenueFormula[x] = nil
        burnFormula[x] = nil
        leave(x, as: .acquired(by: y))
    }

    /// `acquihires`: the burn joins the buyer; the cash goes to the holders; the rest ends.
    private func acquihire(_ x: Int, into y: Int) {
        if let formula = burnFormula[x] {
            let current = evaluate(formula, bound: x)
            if current.isFinite { streams.append(StreamState(owner: y, isRevenue: false, value: current, factor: 1)) }
        }
        let movedBurn = streams.filter { $0.owner == x && !$0.isRevenue }
            .map { StreamState(owner: y, isRevenue: false, value: $0.value, factor: $0.factor) }
        streams.removeAll { $0.owner == x && !$0.isRevenue }
        streams += movedBurn
        if cash[x] > 0 { distribute(cash[x], amongHoldersOf: x) }
        cash[x] = 0
        streams.removeAll { $0.owner == x }
        revenueFormula[x] = nil
        burnFormula[x] = nil
        leave(x, as: .acquihired(by: y))
    }
}

/// Status words shared by the engine's messages and the reports.
public enum RunResultText {
    public static func status(_ status: EntityStatus, entities: [String]) -> String {
        switch status {
        case .active: return "active"
        case .exited: return "exited"
        case .outOfCash: return "out of cash"
        case .acquired(let by): return "acquired by \(entities[by])"
        case .acquihired(let by): return "acquihired by \(entities[by])"
        }
    }
}
