import RaceModel
import RaceSyntax

/// Turns a checked model into a plan (DESIGN.md: "lower once, run many").
public enum Lowering {
    /// `watching`: formulas (bound to no entity) whose value every month the run records
    /// (`RunResult.watchValue`), for charts of any expression.
    public static func lower(_ model: Model, watching: [Formula] = []) -> Plan {
        var builder = Builder(plan: Plan(model: model))
        builder.lowerAll()
        builder.plan.watchFormulas = watching.map { builder.add($0) }
        return builder.plan
    }

    private struct Builder {
        var plan: Plan
        var distributions: [DistributionPlan?] = []

        /// Compiles a formula into the plan's code table and returns its number.
        mutating func add(_ formula: Formula) -> Int {
            collectDistributions(formula)
            let depth = FormulaCompiler.compile(formula, into: &plan.code)
            plan.codeStart.append(plan.code.count)
            plan.stackDepth = max(plan.stackDepth, depth)
            return plan.codeStart.count - 2
        }

        /// Distributions are numbered by the checker; their bounds get compiled here.
        mutating func collectDistributions(_ formula: Formula) {
            formula.forEachDistribution { d in
                if distributions.count <= d.id { distributions += Array(repeating: nil, count: d.id + 1 - distributions.count) }
                if distributions[d.id] == nil {
                    distributions[d.id] = DistributionPlan(shape: d.shape, first: 0, second: 0, key: d.key, span: d.span)
                    let first = add(d.first), second = add(d.second)
                    distributions[d.id]!.first = first
                    distributions[d.id]!.second = second
                }
            }
        }

        func index(_ reference: EntityReference) -> Int {
            if case .entity(let i) = reference { return i }
            return -1
        }

        mutating func growth(_ g: GrowthRate?) -> GrowthPlan? {
            g.map { GrowthPlan(rate: add($0.rate), falling: $0.falling, period: $0.periodInMonths) }
        }

        mutating func flow(_ flow: Flow) -> FlowPlan {
            switch flow {
            case .streams(let streams): return .streams(streams.map { StreamPlan(initial: add($0.initial), growth: growth($0.growth)) })
            case .formula(let f): return .formula(add(f))
            }
        }

        mutating func lowerAll() {
            let model = plan.model
            plan.paramFormulas = model.params.map { add($0.value) }
            plan.paramUses = plan.paramFormulas.map { f in
                plan.code[plan.codeStart[f]..<plan.codeStart[f + 1]].compactMap { instruction -> Int? in
                    if case .param(let i) = instruction { return i }
                    return nil
                }
            }
            plan.letFormulas = model.formulas.map { add($0.body) }
            plan.chips = model.chips.map { chip in
                ChipPlan(price: chip.price.map { add($0.initial) }, priceGrowth: growth(chip.price?.growth),
                         perf: chip.perf.map { add($0) }, power: chip.power.map { add($0) }, opex: chip.opex.map { add($0) },
                         rent: chip.rent.map { add($0) }, lead: chip.lead.map { add($0) },
                         availableStep: chip.available.map { $0 - model.start })
            }
            plan.entities = model.entities.map { e in
                EntityPlan(isLab: e.kind == .lab, tracksCash: e.tracksCash, cash: e.cash.map { add($0) },
                           revenue: flow(e.revenue), burn: flow(e.burn),
                           fleet: e.fleet.map { ($0.chip, add($0.count)) }, valuation: e.valuation.map { add($0) },
                           owners: e.owners.map { ($0.holder, add($0.share)) }, utilization: e.utilization.map { add($0) },
                           founded: e.founded.map { add($0) }, span: e.span)
            }
            plan.labs = model.entities.indices.filter { model.entities[$0].kind == .lab }
            plan.companies = model.entities.indices.filter { model.entities[$0].kind == .company }
            plan.eventsByStep = Array(repeating: [], count: model.steps)
            for (index, event) in model.events.enumerated() {
                let first = plan.actions.count
                for action in event.actions { lower(action, variable: nil) }
                let actions = first..<plan.actions.count
                if event.isCertain {
                    for step in event.steps where step >= 0 && step < model.steps { plan.eventsByStep[step].append(.certain(actions)) }
                    continue
                }
                plan.uncertainEvents.append(UncertainEventPlan(event: index, actions: actions, first: add(event.first), period: event.period,
                                                               last: event.last.map { add($0) }, happens: event.happens.map { add($0) }))
                for step in 0..<model.steps { plan.eventsByStep[step].append(.uncertain(plan.uncertainEvents.count - 1)) }
            }
            plan.rules = model.rules.map { rule in
                let first = plan.actions.count
                for action in rule.actions { lower(action, variable: rule.variable) }
                return RulePlan(isRepeating: rule.isRepeating, condition: add(rule.condition),
                                actions: first..<plan.actions.count, forEach: rule.forEach)
            }
            plan.expectations = model.expectations.map { e in
                ExpectationPlan(formula: add(e.condition), step: e.step, at: e.at.map { add($0) },
                                sides: e.sides.map { [add($0.0), add($0.1)] } ?? [])
            }
            plan.observations = model.observations.map { o in
                switch o.measure {
                case let .value(observed, error, _):
                    return ObservationPlan(formula: add(o.formula), step: o.step, at: o.at.map { add($0) },
                                           observed: add(observed), error: add(error))
                case .condition:
                    return ObservationPlan(formula: add(o.formula), step: o.step, at: o.at.map { add($0) }, observed: nil, error: nil)
                }
            }
            plan.reportFormulas = model.report.columns.compactMap { column -> Int? in
                if case .formula(let i) = column.column { return i }
                return nil
            }
            // Distributions never reached by a formula still need a slot (ids are dense).
            let count = max(model.distributionCount, distributions.count)
            let unused = DistributionPlan(shape: .normal, first: add(.constant(.nan)), second: add(.constant(.nan)))
            plan.distributions = (0..<count).map { id in id < distributions.count ? distributions[id] ?? unused : unused }
        }

        /// A list of entities in the plan's shared table.
        mutating func entities(_ list: [EntityReference]) -> Range<Int> {
            let first = plan.entityLists.count
            plan.entityLists += list.map(index)
            return first..<plan.entityLists.count
        }

        mutating func formulas(_ list: [Formula]) -> Range<Int> {
            let compiled = list.map { add($0) }
            let first = plan.formulaLists.count
            plan.formulaLists += compiled
            return first..<plan.formulaLists.count
        }

        mutating func lower(_ action: ActionDeclaration, variable: String?) {
            let kind: ActionPlan.Kind
            var scratch = 1
            switch action.kind {
            case let .raise(company, amount, valuation, pre, investors, amounts):
                kind = .raise(company: index(company), amount: add(amount), valuation: add(valuation), pre: pre,
                              investors: entities(investors), amounts: amounts.map { formulas($0) })
                scratch = 2 + investors.count
            case let .invest(investor, amount, target, valuation, pre):
                kind = .invest(investor: index(investor), amount: add(amount), target: index(target),
                               valuation: valuation.map { add($0) }, pre: pre)
                scratch = 2
            case let .buyStake(buyer, share, target, price):
                kind = .buyStake(buyer: index(buyer), share: add(share), target: index(target), price: add(price))
                scratch = 2
            case let .buyChips(buyer, count, chip, seller, price):
                kind = .buyChips(buyer: index(buyer), count: add(count), chip: chip, seller: seller.map(index),
                                 price: price.map { add($0) })
                scratch = 2
            case let .buyChipsWorth(buyer, amount, chip, seller):
                kind = .buyChipsWorth(buyer: index(buyer), amount: add(amount), chip: chip, seller: seller.map(index))
                scratch = 3
            case let .rent(renter, chip, provider, amount, months):
                kind = .rent(renter: index(renter), chip: chip, provider: index(provider), quantity: nil, isPower: false,
                             amount: add(amount), months: add(months))
                scratch = 6
            case let .rentQuantity(renter, quantity, isPower, chip, provider, amount, months):
                kind = .rent(renter: index(renter), chip: chip, provider: index(provider), quantity: add(quantity), isPower: isPower,
                             amount: amount.map { add($0) }, months: add(months))
                scratch = 6
            case let .build(builder, power, chip, amount, months):
                kind = .build(builder: index(builder), power: add(power), chip: chip, amount: add(amount), months: add(months))
                scratch = 3
            case let .acquire(buyer, target, price):
                kind = .acquire(buyer: index(buyer), target: index(target), price: price.map { add($0) })
            case let .acquihire(buyer, target, price):
                kind = .acquihire(buyer: index(buyer), target: index(target), price: price.map { add($0) })
                scratch = 2
            case let .set(entity, field):
                let e = index(entity)
                switch field {
                case .cash(let f): kind = .setCash(e, add(f))
                case .valuation(let f): kind = .setValuation(e, add(f))
                case .utilization(let f): kind = .setUtilization(e, add(f))
                case .revenue(let f), .burn(let f):
                    let isRevenue: Bool
                    if case .revenue = field { isRevenue = true } else { isRevenue = false }
                    plan.flows.append(flow(f))
                    kind = .setFlow(e, revenue: isRevenue, flow: plan.flows.count - 1)
                    if case .streams(let list) = f { scratch = 2 * list.count }
                case .owners(let holdings):
                    kind = .setOwners(e, holders: entities(holdings.map(\.holder)), shares: formulas(holdings.map(\.share)))
                    scratch = holdings.count + 1
                }
            case .exit(let entity): kind = .exit(index(entity))
            case .note: kind = .note
            case let .borrow(borrower, amount, lender, rate, months):
                kind = .borrow(borrower: index(borrower), amount: add(amount), lender: lender.map(index),
                               rate: growth(rate)!, months: add(months))
                scratch = 3
            case let .secondarySale(buyer, share, target, seller, price):
                kind = .secondarySale(buyer: index(buyer), share: add(share), target: index(target), seller: seller.map(index),
                                      price: add(price))
                scratch = 3
            case let .payOnce(payer, amount, payee):
                kind = .payOnce(payer: index(payer), amount: add(amount), payee: index(payee))
            case let .payContract(payer, rate, payee, months):
                kind = .payContract(payer: index(payer), rate: add(rate), payee: index(payee), months: add(months))
                scratch = 2
            }
            plan.actionScratchRows = max(plan.actionScratchRows, scratch)
            plan.actions.append(ActionPlan(kind: kind, subject: action.subject.map(index), named: entities(action.namedEntities)))
            plan.declarations.append(action)
            plan.variables.append(variable)
        }
    }
}

extension Formula {
    /// Calls `body` with every distribution the formula holds, outermost first.
    func forEachDistribution(_ body: (Distribution) -> Void) {
        var pending: [Formula] = [self]
        while let formula = pending.popLast() {
            switch formula {
            case .distribution(let d): body(d)
            case .negate(let a), .not(let a), .function(_, let a), .aggregate(_, let a): pending.append(a)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b),
                 .binaryFunction(_, let a, let b):
                pending.append(b)
                pending.append(a)
            case let .conditional(c, a, b):
                pending.append(b)
                pending.append(a)
                pending.append(c)
            default: break
            }
        }
    }
}
