import RaceSyntax

extension Checker {
    private var staticScope: Scope {
        var scope = Scope()
        scope.readsState = false
        scope.context = "a declared value"
        return scope
    }

    func chip(_ name: Name, _ fields: OrderedFields) -> Chip {
        var chip = Chip(name: name.text, fieldTexts: fields.map { ($0.0, $0.1.span.text) }, span: name.span)
        for (fieldName, field) in fields {
            guard case let .value(expression, growth) = field.value else {
                error("a chip's '\(fieldName)' takes a value ('\(fieldName): …')", at: field.span)
                continue
            }
            if growth != nil, fieldName != "price" {
                error("only a chip's price can grow or fall", at: growth!.span)
            }
            func value(_ d: Dimension) -> Formula? { check(expression, as: d, what: "a chip's \(fieldName)", in: staticScope) }
            switch fieldName {
            case "price":
                if let initial = value(.money) { chip.price = Stream(initial: initial, growth: growthRate(growth, in: staticScope)) }
            case "perf": chip.perf = value(.computeRate)
            case "power": chip.power = value(.power)
            case "opex": chip.opex = value(.moneyRate)
            case "rent": chip.rent = value(.moneyRate)
            case "lead": chip.lead = value(.time)
            case "available":
                if case .date(let literal) = expression.kind { chip.available = literal.month }
                else { error("a chip's 'available' is a month, as in 'available: 2025-06'", at: expression.span) }
            default:
                error("a chip has no field '\(fieldName)'", at: field.name.span,
                      hint: suggestions.hint(for: fieldName, among: Self.chipFields)
                        ?? "chip fields are \(Self.chipFields.joined(separator: ", "))")
            }
        }
        return chip
    }

    static let chipFields = ["price", "perf", "power", "opex", "rent", "lead", "available"]
    static let entityFields = ["cash", "revenue", "burn", "fleet", "valuation", "owners", "utilization"]

    func entity(_ index: Int, _ declared: Declarations.EntityFields) -> Entity {
        var entity = Entity(kind: declared.kind, name: declared.name.text, cash: nil, revenue: .zero, burn: .zero,
                            fleet: [], valuation: nil, owners: [], utilization: nil,
                            fieldTexts: declared.fields.map { ($0.0, $0.1.span.text) }, span: declared.name.span)
        for (fieldName, field) in declared.fields {
            switch (fieldName, field.value) {
            case ("revenue", _), ("burn", _):
                if let flow = flow(field, of: index) {
                    if fieldName == "revenue" { entity.revenue = flow } else { entity.burn = flow }
                }
            case ("fleet", .fleet(let items)):
                for item in items {
                    guard let chip = chipIndex[item.chip.text] else {
                        error("unknown chip '\(item.chip.text)'", at: item.chip.span,
                              hint: suggestions.hint(for: item.chip.text, among: Array(chipIndex.keys))
                                ?? "declare it first: chip \(item.chip.text) { price: …, perf: …, power: … }")
                        continue
                    }
                    if let count = check(item.count, as: .ratio, what: "a chip count", in: staticScope) {
                        entity.fleet.append((chip, count))
                    }
                }
            case ("owners", .owners(let holdings)):
                for holding in holdings {
                    guard let holder = entityIndex[holding.holder.text] else {
                        unknownEntity(holding.holder)
                        continue
                    }
                    if holder == index { error("an entity cannot own itself", at: holding.holder.span) }
                    if let share = check(holding.share, as: .ratio, what: "a stake", in: staticScope) {
                        entity.owners.append((holder, share))
                    }
                }
                checkStakesSum(entity.owners.map(\.share), at: field.span)
            case let ("cash", .value(expression, growth)), let ("valuation", .value(expression, growth)),
                 let ("utilization", .value(expression, growth)):
                if let growth { error("only revenue and burn can grow or fall", at: growth.span) }
                let dimension: Dimension = fieldName == "utilization" ? .ratio : .money
                let value = check(expression, as: dimension, what: "\(fieldName)", in: staticScope)
                switch fieldName {
                case "cash": entity.cash = value
                case "valuation": entity.valuation = value
                default: entity.utilization = value
                }
            default:
                if Self.entityFields.contains(fieldName) {
                    error("'\(fieldName)' cannot be written this way", at: field.span,
                          hint: fieldName == "fleet" ? "write 'fleet: 200k H100, 50k GB200'"
                            : fieldName == "owners" ? "write 'owners: Microsoft 49%, Amazon 10%'"
                            : "write '\(fieldName): VALUE'")
                } else {
                    error("\(declared.kind.rawValue)s have no field '\(fieldName)'", at: field.name.span,
                          hint: suggestions.hint(for: fieldName, among: Self.entityFields)
                            ?? "fields are \(Self.entityFields.joined(separator: ", "))")
                }
            }
        }
        return entity
    }

    /// `revenue: V [growing R]` (a stream) or `revenue = EXPR` (a formula of this entity).
    func flow(_ field: Field, of index: Int?) -> Flow? {
        let what = field.name.text
        switch field.value {
        case let .value(expression, growth):
            guard let initial = check(expression, as: .moneyRate, what: what, in: staticScope) else { return nil }
            return .streams([Stream(initial: initial, growth: growthRate(growth, in: staticScope))])
        case .formula(let expression):
            var scope = Scope()
            scope.selfEntity = index
            return check(expression, as: .moneyRate, what: what, in: scope).map { .formula($0) }
        default:
            error("\(what) is a value per time, as in '\(what): $1B/month'", at: field.span)
            return nil
        }
    }

    /// Stakes written as constants must sum to at most 100% (§4.4).
    func checkStakesSum(_ shares: [Formula], at span: Span) {
        var sum = 0.0
        for share in shares {
            guard let value = statics.evaluate(share) else { return }
            if value < 0 || value > 1 { error("a stake must be between 0% and 100%", at: span); return }
            sum += value
        }
        if sum > 1 + 1e-12 {
            error("the owners' stakes add up to \(Self.percent(sum)), more than 100%", at: span,
                  hint: "the rest up to 100% is held by others; lower a stake")
        }
    }

    static func percent(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 10
        return (scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)) + "%"
    }

    func unknownEntity(_ name: Name) {
        error("unknown entity '\(name.text)'", at: name.span,
              hint: suggestions.hint(for: name.text, among: Array(entityIndex.keys))
                ?? "declare it with 'lab \(name.text) { … }' or 'company \(name.text)'")
    }

    func scheduledEvent(_ pending: Declarations.PendingEvent, start: Int, steps: Int) -> ScheduledEvent? {
        let event = pending.event
        var shift = 0
        for delay in pending.delays {
            guard let formula = check(delay, as: .time, what: "a delay", in: staticScope) else { return nil }
            guard let months = statics.evaluate(formula), months == months.rounded(), abs(months) <= 12_000 else {
                error("a delay must be a whole number of months", at: delay.span)
                return nil
            }
            shift += Int(months)
        }
        var eventSteps: [Int] = []
        let scheduleText: String
        switch event.schedule {
        case .once(let date):
            eventSteps = [date.month - start + shift]
            scheduleText = date.text
        case let .every(period, from, until):
            guard let formula = check(period, as: .time, what: "an event's period", in: staticScope) else { return nil }
            // A period longer than the longest run (1,200 months) still happens once.
            guard let months = statics.evaluate(formula), months >= 1, months == months.rounded(), months <= 12_000 else {
                error("an event's period must be a whole number of months, from 1 to 12,000", at: period.span)
                return nil
            }
            let last = (until?.month ?? (start + steps - 1)) - start
            var step = from.month - start
            while step <= last && eventSteps.count < 1200 {
                eventSteps.append(step + shift)
                step += Int(months)
            }
            scheduleText = "every \(period.span.text) from \(from.text)" + (until.map { " until \($0.text)" } ?? "")
        }
        if eventSteps.isEmpty || eventSteps.allSatisfy({ $0 < 0 || $0 >= steps }) {
            warning("this event falls outside \(MonthIndex.format(start))..\(MonthIndex.format(start + steps - 1)) and never happens",
                    at: event.span)
        }
        let actions = event.actions.compactMap { action($0, in: Scope()) }
        return ScheduledEvent(label: event.label?.text, steps: eventSteps, actions: actions,
                              scheduleText: scheduleText, span: event.span)
    }

    func reportRequest() -> ReportRequest {
        guard let (report, _) = declarations.report else {
            let columns: [EntityQuantity] = [.cash, .revenue, .burn, .compute, .runway, .valuation]
            return ReportRequest(columns: columns.map { ($0.rawValue, .quantity($0)) }, entities: nil, period: nil,
                                 isExplicit: false)
        }
        var columns: [(String, ReportRequest.Column)] = []
        for field in report.fields {
            if let quantity = EntityQuantity(rawValue: field.text) {
                columns.append((field.text, .quantity(quantity)))
            } else if let index = formulaIndex[field.text] {
                if case .quantity? = formulaTypes[index] { columns.append((field.text, .formula(index))) }
                else { error("'\(field.text)' is not a number and cannot be reported", at: field.span) }
            } else {
                error("unknown field '\(field.text)'", at: field.span,
                      hint: suggestions.hint(for: field.text, among: EntityQuantity.allCases.map(\.rawValue) + Array(formulaIndex.keys)))
            }
        }
        var entities: [Int]?
        if !report.entities.isEmpty {
            entities = report.entities.compactMap { name in
                if let i = entityIndex[name.text] { return i }
                unknownEntity(name)
                return nil
            }
        }
        return ReportRequest(columns: columns, entities: entities, period: report.period, isExplicit: true)
    }
}
