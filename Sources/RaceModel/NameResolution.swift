import RaceSyntax

extension Checker {
    /// A bare name: the bound variable, a field of the block's entity, a param, a let,
    /// an entity, a global (`t`, `date`, `labs_active`) or a unit word (`/month`).
    func resolve(_ name: Name, in scope: Scope) -> Typed? {
        let text = name.text
        if text == scope.boundName { return Typed(formula: .constant(0), type: .entity(.bound)) }
        if let own = scope.selfEntity, let quantity = EntityQuantity(rawValue: text) {
            guard scope.readsState else { return stateError(name, scope) }
            return quantityValue(.entity(own), quantity)
        }
        if let earlier = earlierValue, earlier.name == text { return earlier.typed }
        if let index = paramIndex[text] {
            guard let d = paramDimension(index, usedAt: name.span) else { return nil }
            return Typed(formula: .param(index), type: paramIsDate[index] ? .date : .quantity(d))
        }
        if let index = formulaIndex[text] {
            guard scope.readsState else { return stateError(name, scope) }
            if formulaHasParameter[index] {
                error("'\(text)' takes an entity: write \(text)(NAME)", at: name.span)
                return nil
            }
            guard let type = formulaType(index, usedAt: name.span) else { return nil }
            return Typed(formula: .formula(index, argument: nil), type: type)
        }
        if let index = entityIndex[text] { return Typed(formula: .constant(0), type: .entity(.entity(index))) }
        switch text {
        case "t":
            guard scope.readsState else { return stateError(name, scope) }
            return Typed(formula: .monthsSinceStart, type: .quantity(.time))
        case "date":
            guard scope.readsState else { return stateError(name, scope) }
            return Typed(formula: .currentDate, type: .date)
        case "labs_active":
            guard scope.readsState else { return stateError(name, scope) }
            return Typed(formula: .labsActive, type: .quantity(.ratio))
        default: break
        }
        if let unit = UnitWords.lookup(text) { return Typed(formula: .constant(unit.scale), type: .quantity(unit.dimension)) }
        if chipIndex[text] != nil { return Typed(formula: .constant(1), type: .quantity(.chips)) }
        error("unknown name '\(text)'", at: name.span, hint: suggestions.hint(for: text, among: names(in: scope)))
        return nil
    }

    /// Every name an expression in `scope` may use.
    private func names(in scope: Scope) -> [String] {
        var names = Array(paramIndex.keys) + Array(formulaIndex.keys) + Array(entityIndex.keys) + ["t", "date", "labs_active"]
        if let bound = scope.boundName { names.append(bound) }
        if scope.selfEntity != nil { names += EntityQuantity.allCases.map(\.rawValue) }
        return names
    }

    private func stateError(_ name: Name, _ scope: Scope) -> Typed? {
        error("\(scope.context) is worked out before month 0, so it cannot use '\(name.text)'", at: name.span,
              hint: "use a 'let' formula for values that change during the run")
        return nil
    }

    func quantityValue(_ entity: EntityReference, _ quantity: EntityQuantity) -> Typed {
        Typed(formula: .quantity(entity, quantity), type: quantity.dimension.map { .quantity($0) } ?? .boolean)
    }

    /// `X.field`, `X.stake(H)`, `X.capability` (a one-parameter let).
    func checkMember(_ base: Expression, _ member: Name, arguments: [Expression]?, in scope: Scope, span: Span) -> Typed? {
        guard let baseValue = check(base, in: scope) else { return nil }
        guard case .entity(let entity) = baseValue.type else {
            error("only an entity has fields, but this is \(baseValue.type.description)", at: base.span)
            return nil
        }
        guard scope.readsState else {
            error("\(scope.context) is worked out before month 0, so it cannot read '\(member.text)'", at: span)
            return nil
        }
        if member.text == "stake" {
            guard let arguments, arguments.count == 1, let holder = check(arguments[0], in: scope),
                  case .entity(let holderEntity) = holder.type else {
                error("write stake(HOLDER) with one entity, as in OpenAI.stake(Microsoft)", at: span)
                return nil
            }
            return Typed(formula: .stake(entity, holder: holderEntity), type: .quantity(.ratio))
        }
        if arguments != nil {
            error("'\(member.text)' is not a function of an entity", at: member.span, hint: "only stake(HOLDER) takes an argument")
            return nil
        }
        if let quantity = EntityQuantity(rawValue: member.text) { return quantityValue(entity, quantity) }
        if let index = formulaIndex[member.text], formulaHasParameter[index] {
            guard let type = formulaType(index, usedAt: member.span) else { return nil }
            return Typed(formula: .formula(index, argument: entity), type: type)
        }
        let names = EntityQuantity.allCases.map(\.rawValue) + ["stake"]
            + formulaIndex.keys.filter { formulaHasParameter[formulaIndex[$0]!] }
        error("an entity has no field '\(member.text)'", at: member.span,
              hint: Suggestions.wellKnownFormula(member.text) ?? suggestions.hint(for: member.text, among: names)
                  ?? "fields are \(names.joined(separator: ", "))")
        return nil
    }

    /// `log10(x)`, `min(a, b)`, `total(cash)`, `capability(L)`, `normal(m, sd)`.
    func checkCall(_ function: Name, _ arguments: [Expression], in scope: Scope, span: Span) -> Typed? {
        let name = function.text
        func arity(_ n: Int) -> Bool {
            if arguments.count == n { return true }
            error("\(name) takes \(n) argument\(n == 1 ? "" : "s"), not \(arguments.count)", at: span)
            return false
        }
        if let math = MathFunction(rawValue: name) {
            guard arity(1), let value = check(arguments[0], in: scope) else { return nil }
            if math == .abs, let d = value.dimension { return Typed(formula: .function(.abs, value.formula), type: .quantity(d)) }
            guard value.dimension == .ratio else {
                error("\(name) needs a plain number, but this is \(value.type.description)", at: arguments[0].span,
                      hint: "divide by a unit first, as in \(name)(L.flop / 1 FLOP)")
                return nil
            }
            return Typed(formula: .function(math, value.formula), type: .quantity(.ratio))
        }
        if let math = BinaryMathFunction(rawValue: name) {
            guard arity(2), let a = check(arguments[0], in: scope), let b = check(arguments[1], in: scope) else { return nil }
            guard let x = a.dimension, let y = b.dimension, x == y || a.isZero || b.isZero else {
                error("\(name) needs two values of the same unit: \(a.type.description) and \(b.type.description)", at: span)
                return nil
            }
            return Typed(formula: .binaryFunction(math, a.formula, b.formula), type: .quantity(a.isZero ? y : x))
        }
        if let aggregate = Aggregate(rawValue: name) {
            guard arity(1) else { return nil }
            guard scope.readsState else { return stateError(function, scope) }
            guard case .name(let field) = arguments[0].kind else {
                error("\(name) takes a field name, as in \(name)(compute)", at: arguments[0].span)
                return nil
            }
            if let quantity = EntityQuantity(rawValue: field.text), quantity.dimension != nil {
                return Typed(formula: .aggregate(aggregate, body: .quantity(.bound, quantity)),
                             type: .quantity(quantity.dimension!))
            }
            if let index = formulaIndex[field.text], formulaHasParameter[index] {
                guard let type = formulaType(index, usedAt: field.span), case .quantity = type else { return nil }
                return Typed(formula: .aggregate(aggregate, body: .formula(index, argument: .bound)), type: type)
            }
            error("\(name) takes a field of the labs, and '\(field.text)' is not one", at: field.span,
                  hint: suggestions.hint(for: field.text, among: EntityQuantity.allCases.map(\.rawValue)))
            return nil
        }
        switch name {
        case "normal", "uniform", "lognormal":
            guard arity(2) else { return nil }
            let shape: Distribution.Shape = name == "normal" ? .normal : name == "uniform" ? .uniform : .lognormal
            return distribution(shape, arguments[0], arguments[1], in: scope, span: span)
        default: break
        }
        if let index = formulaIndex[name] {
            guard scope.readsState else { return stateError(function, scope) }
            guard formulaHasParameter[index] else {
                error("'\(name)' takes no entity: write it without parentheses", at: span)
                return nil
            }
            guard arity(1), let argument = check(arguments[0], in: scope) else { return nil }
            guard case .entity(let entity) = argument.type else {
                error("'\(name)' takes an entity, but this is \(argument.type.description)", at: arguments[0].span)
                return nil
            }
            guard let type = formulaType(index, usedAt: function.span) else { return nil }
            return Typed(formula: .formula(index, argument: entity), type: type)
        }
        let known = MathFunction.allCases.map(\.rawValue) + BinaryMathFunction.allCases.map(\.rawValue)
            + ["total", "largest", "normal", "uniform", "lognormal"] + Array(formulaIndex.keys)
        error("unknown function '\(name)'", at: function.span, hint: suggestions.hint(for: name, among: known))
        return nil
    }
}
