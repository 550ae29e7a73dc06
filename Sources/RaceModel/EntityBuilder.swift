import RaceSyntax

extension Checker {
    var staticScope: Scope { Scope.fixedBeforeRun("a declared value") }

    func chip(_ name: Name, _ fields: OrderedFields) -> Chip {
        var chip = Chip(name: name.text, fieldTexts: fields.map { ($0.0, $0.1.span.canonicalText) }, span: name.span)
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
    static let entityFields = ["cash", "revenue", "burn", "fleet", "valuation", "owners", "utilization", "founded"]

    func entity(_ index: Int, _ declared: Declarations.EntityFields) -> Entity {
        var entity = Entity(kind: declared.kind, name: declared.name.text, cash: nil, revenue: .zero, burn: .zero,
                            fleet: [], valuation: nil, owners: [], utilization: nil,
                            fieldTexts: declared.fields.map { ($0.0, $0.1.span.canonicalText) }, span: declared.name.span)
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
            case let ("founded", .value(expression, growth)):
                if let growth { error("only revenue and burn can grow or fall", at: growth.span) }
                entity.founded = founded(expression, of: declared.name.text)
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

    /// `founded: DATE` (docs/reference/uncertain-events.md): the step the entity enters the race, relative to start; nil for a
    /// date at or before the start (an ordinary entity). A date after the horizon is a warning.
    private func founded(_ expression: Expression, of name: String) -> Formula? {
        guard let date = staticDate(expression, what: "a founding date", key: "entity:\(name):founded") else { return nil }
        let horizon = runStart + runSteps - 1
        if date.month > horizon {
            warning("'\(name)' is founded in \(MonthIndex.format(date.month)), after the horizon \(MonthIndex.format(horizon)), so it never enters the run",
                    at: expression.span, hint: "its status will be `not founded`")
        }
        if !isUncertain(date.formula) && date.month <= runStart { return nil }
        return relativeToStart(date.formula)
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

    /// Stakes written as constants must sum to at most 100% (docs/reference/entities.md).
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

    /// `49%`, `12.5%`; a value no integer holds (`1e300`, infinite, NaN) as Swift writes it,
    /// since messages quote whatever a user wrote (`with probability 1e300`).
    static func percent(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 10
        guard scaled.isFinite, abs(scaled) < 1e15 else {
            return value.isNaN ? "not a number" : value.isInfinite ? (value > 0 ? "infinite" : "minus infinite") : "\(value * 100)%"
        }
        return (scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)) + "%"
    }

    func unknownEntity(_ name: Name) {
        error("unknown entity '\(name.text)'", at: name.span,
              hint: suggestions.hint(for: name.text, among: Array(entityIndex.keys))
                ?? "declare it with 'lab \(name.text) { … }' or 'company \(name.text)'")
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
                      hint: Suggestions.wellKnownFormula(field.text)
                          ?? suggestions.hint(for: field.text, among: EntityQuantity.allCases.map(\.rawValue) + Array(formulaIndex.keys)))
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
