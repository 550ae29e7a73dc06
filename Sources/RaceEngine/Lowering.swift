import RaceModel
import RaceSyntax

/// Turns a checked model into a plan (DESIGN.md: "lower once, run many").
public enum Lowering {
    /// `watching`: formulas (bound to no entity) whose value every month the run records
    /// (`RunResult.watchValue`), for charts of any expression.
    public static func lower(_ model: Model, watching: [Formula] = []) -> Plan {
        var builder = Builder()
        var plan = builder.lower(model)
        plan.watchFormulas = watching.map { builder.add($0) }
        plan.formulas = builder.formulas
        plan.formulaTrees = builder.trees
        return plan
    }

    private struct Builder {
        var formulas: [CompiledFormula] = []
        var trees: [Formula] = []
        var distributions: [DistributionPlan?] = []

        mutating func add(_ formula: Formula) -> Int {
            collectDistributions(formula)
            formulas.append(FormulaCompiler.compile(formula))
            trees.append(formula)
            return formulas.count - 1
        }

        /// Distributions are numbered by the checker; their bounds get compiled here.
        mutating func collectDistributions(_ formula: Formula) {
            switch formula {
            case .distribution(let d):
                if distributions.count <= d.id { distributions += Array(repeating: nil, count: d.id + 1 - distributions.count) }
                if distributions[d.id] == nil {
                    distributions[d.id] = DistributionPlan(shape: d.shape, first: add(d.first), second: add(d.second), key: d.key)
                }
            case .negate(let a), .not(let a), .function(_, let a), .aggregate(_, let a): collectDistributions(a)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .logical(_, let a, let b),
                 .binaryFunction(_, let a, let b):
                collectDistributions(a); collectDistributions(b)
            case let .conditional(c, a, b): collectDistributions(c); collectDistributions(a); collectDistributions(b)
            default: break
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

        mutating func lower(_ model: Model) -> Plan {
            let paramFormulas = model.params.map { add($0.value) }
            let letFormulas = model.formulas.map { add($0.body) }
            let chips = model.chips.map { chip in
                ChipPlan(price: chip.price.map { add($0.initial) }, priceGrowth: growth(chip.price?.growth),
                         perf: chip.perf.map { add($0) }, power: chip.power.map { add($0) }, opex: chip.opex.map { add($0) },
                         rent: chip.rent.map { add($0) }, lead: chip.lead.map { add($0) },
                         availableStep: chip.available.map { $0 - model.start })
            }
            let entities = model.entities.map { e in
                EntityPlan(isLab: e.kind == .lab, tracksCash: e.tracksCash, cash: e.cash.map { add($0) },
                           revenue: flow(e.revenue), burn: flow(e.burn),
                           fleet: e.fleet.map { ($0.chip, add($0.count)) }, valuation: e.valuation.map { add($0) },
                           owners: e.owners.map { ($0.holder, add($0.share)) }, utilization: e.utilization.map { add($0) },
                           span: e.span)
            }
            var actions: [ActionPlan] = []
            var actionsByStep = Array(repeating: [Int](), count: model.steps)
            for event in model.events {
                let indices = event.actions.map { action -> Int in
                    actions.append(lower(action))
                    return actions.count - 1
                }
                for step in event.steps where step >= 0 && step < model.steps {
                    actionsByStep[step].append(contentsOf: indices)
                }
            }
            let labs = model.entities.indices.filter { model.entities[$0].kind == .lab }
            let companies = model.entities.indices.filter { model.entities[$0].kind == .company }
            let rules = model.rules.map { rule -> RulePlan in
                let indices = rule.actions.map { action -> Int in
                    var lowered = lower(action)
                    lowered.variable = rule.variable
                    actions.append(lowered)
                    return actions.count - 1
                }
                let over: [Int]? = rule.forEach.map { $0 == .lab ? labs : companies }
                return RulePlan(isRepeating: rule.isRepeating, condition: add(rule.condition), actions: indices,
                                forEach: over, span: rule.span)
            }
            let expectations = model.expectations.map { e in (add(e.condition), e.step, e.sides.map { [add($0.0), add($0.1)] } ?? []) }
            let reportFormulas = model.report.columns.compactMap { column -> Int? in
                if case .formula(let i) = column.column { return i }
                return nil
            }
            // Distributions never reached by a formula still need a slot (ids are dense).
            let distributionPlans = (0..<max(model.distributionCount, distributions.count)).map { id in
                id < distributions.count ? distributions[id] ?? DistributionPlan(shape: .normal, first: 0, second: 0)
                    : DistributionPlan(shape: .normal, first: 0, second: 0)
            }
            var plan = Plan(model: model, formulas: formulas, formulaTrees: trees, letFormulas: letFormulas,
                            letHasParameter: model.formulas.map(\.hasParameter), paramFormulas: paramFormulas, chips: chips,
                            entities: entities, actions: actions, actionsByStep: actionsByStep, rules: rules, labs: labs,
                            reportFormulas: reportFormulas, expectations: expectations, distributions: distributionPlans)
            plan.notRunYet = Self.firstUnsupported(model, shapes: distributions.compactMap { $0?.shape })
            return plan
        }

        // v2-engine: what of §16 this engine cannot run yet, first found. Uncertain event
        // dates, probabilities and founding dates are in the model (`ScheduledEvent.first`,
        // `.last`, `.happens`, `Entity.founded`, `Expectation.at`) but not lowered.
        static func firstUnsupported(_ model: Model, shapes: [Distribution.Shape]) -> (String, Span?)? {
            if let e = model.entities.first(where: { $0.founded != nil }) {
                return ("a founding date (founded: …)", e.span)
            }
            if let event = model.events.first(where: { !$0.isCertain }) {
                return (event.happens != nil ? "an event with a probability" : "an event with an uncertain date", event.span)
            }
            if let e = model.expectations.first(where: { $0.at != nil }) {
                return ("an expectation at an uncertain date", e.span)
            }
            if shapes.contains(where: { $0 == .wholeMonths || $0 == .chance }) {
                return ("a date range or a probability", nil)
            }
            return nil
        }

        mutating func lower(_ action: ActionDeclaration) -> ActionPlan {
            let kind: ActionPlan.Kind
            switch action.kind {
            case let .raise(company, amount, valuation, pre, investors, amounts):
                kind = .raise(company: index(company), amount: add(amount), valuation: add(valuation), pre: pre,
                              investors: investors.map(index), amounts: amounts.map { $0.map { add($0) } })
            case let .invest(investor, amount, target, valuation, pre):
                kind = .invest(investor: index(investor), amount: add(amount), target: index(target),
                               valuation: valuation.map { add($0) }, pre: pre)
            case let .buyStake(buyer, share, target, price):
                kind = .buyStake(buyer: index(buyer), share: add(share), target: index(target), price: add(price))
            case let .buyChips(buyer, count, chip, seller, nil):
                kind = .buyChips(buyer: index(buyer), count: add(count), chip: chip, seller: seller.map(index))
            case .buyChips:
                kind = .notRunYet("a purchase at an agreed price")  // v2-engine:
            case let .buyChipsWorth(buyer, amount, chip, seller):
                kind = .buyChipsWorth(buyer: index(buyer), amount: add(amount), chip: chip, seller: seller.map(index))
            case let .rent(renter, chip, provider, amount, months):
                kind = .rent(renter: index(renter), chip: chip, provider: index(provider), amount: add(amount), months: add(months))
            case let .build(builder, power, chip, amount, months):
                kind = .build(builder: index(builder), power: add(power), chip: chip, amount: add(amount), months: add(months))
            case let .acquire(buyer, target, price):
                kind = .acquire(buyer: index(buyer), target: index(target), price: price.map { add($0) })
            case let .acquihire(buyer, target, price):
                kind = .acquihire(buyer: index(buyer), target: index(target), price: price.map { add($0) })
            case let .set(entity, field):
                let e = index(entity)
                switch field {
                case .cash(let f): kind = .setCash(e, add(f))
                case .valuation(let f): kind = .setValuation(e, add(f))
                case .utilization(let f): kind = .setUtilization(e, add(f))
                case .revenue(let f): kind = .setFlow(e, revenue: true, flow(f))
                case .burn(let f): kind = .setFlow(e, revenue: false, flow(f))
                case .owners: kind = .notRunYet("setting a cap table (set X.owners)")  // v2-engine:
                }
            case .exit(let entity): kind = .exit(index(entity))
            case .note(let text): kind = .note(text)
            // v2-engine: the §15 actions.
            case .borrow: kind = .notRunYet("a loan (borrows)")
            case .secondarySale: kind = .notRunYet("a secondary sale (buys P of X from Y)")
            case .payOnce: kind = .notRunYet("a payment (pays A to Y)")
            case .payContract: kind = .notRunYet("a payment contract (pays R to Y for D)")
            case .rentQuantity: kind = .notRunYet("a lease by quantity (rents Q CHIP from Y)")
            }
            return ActionPlan(kind: kind, subject: action.subject.map(index), named: action.namedEntities.map(index),
                              text: action.text, span: action.span)
        }
    }
}
