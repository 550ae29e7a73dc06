import RaceSyntax

/// Params and `let` formulas use each other by name, in any order. Before any of them is
/// checked, the names each one uses are read (without recursion) into a dependency graph:
/// cycles are reported there, and the rest are checked dependencies first, so checking one
/// never recurses into another however long the chain (issue 13, item 1).
extension Checker {
    /// How far a param's value may pile up on its earlier values (`param p = p * 2` again and
    /// again): each earlier value is copied into the later one's formula.
    static let maximumEarlierValueHeight = 1_024
    static let maximumEarlierValueNodes = 100_000

    /// Builds the graphs, reports every cycle, and sets `paramOrder` and `formulaOrder`.
    func orderDeclarations() {
        var params = DependencyGraph(count: declarations.params.count)
        firstParamValue = declarations.params.indices.map { addParamUses($0, to: &params) }
        let (paramOrder, paramCycles) = params.analyse()
        self.paramOrder = paramOrder
        for cycle in paramCycles {
            let names = (cycle.path + [cycle.path[0]]).map { declarations.params[$0].name.text }
            let hint = cycle.path.count == 1
                ? "a param may use its own name only to build on an earlier value of it, as a what-if's 'param \(names[0]) = \(names[0]) * 2' does"
                : "a parameter cannot depend on itself"
            error("parameters form a cycle: \(Self.pathText(names))", at: cycle.span, hint: hint)
            for member in cycle.members { paramProgress[member] = .done }
        }

        var formulas = DependencyGraph(count: declarations.formulas.count)
        for i in declarations.formulas.indices { addFormulaUses(i, to: &formulas) }
        let (formulaOrder, formulaCycles) = formulas.analyse()
        self.formulaOrder = formulaOrder
        for cycle in formulaCycles {
            let names = (cycle.path + [cycle.path[0]]).map { declarations.formulas[$0].name.text }
            error("formulas form a cycle: \(Self.pathText(names))", at: cycle.span,
                  hint: "a formula cannot depend on itself")
            for member in cycle.members { formulaProgress[member] = .done }
        }
    }

    /// `a → b → c → a`; a long cycle shows its first and last steps around how many it skips.
    static func pathText(_ names: [String]) -> String {
        guard names.count > 12 else { return names.joined(separator: " → ") }
        let skipped = names.count - 10
        return (names.prefix(7) + ["… \(skipped) more …"] + names.suffix(3)).joined(separator: " → ")
    }

    /// Checks every param and formula, each after what it uses (each param's plain-run value
    /// is kept as it is checked, for what must be known before the run).
    func checkParamsAndFormulas() {
        for i in paramOrder { _ = paramDimension(i, usedAt: declarations.params[i].name.span) }
        for i in formulaOrder { _ = formulaType(i, usedAt: declarations.formulas[i].name.span) }
    }

    /// Adds the params that param `index` uses; returns the first of its values that counts.
    /// A value that names the param itself builds on the value before it; the first value
    /// naming itself is a cycle.
    private func addParamUses(_ index: Int, to graph: inout DependencyGraph) -> Int {
        let param = declarations.params[index]
        var version = param.values.count - 1
        while true {
            var usesItself = false
            for use in param.values[version].nameUses().uses where use.role == .value {
                guard let used = paramIndex[use.name.text] else { continue }
                if used != index { graph.add(from: index, to: used, at: use.name.span); continue }
                if version == 0 && !usesItself { graph.add(from: index, to: index, at: use.name.span) }
                usesItself = true
            }
            guard usesItself, version > 0 else { return version }
            version -= 1
        }
    }

    /// Adds the formulas that formula `index` uses, reading each name as `resolve`,
    /// `checkCall` and `checkMember` will.
    private func addFormulaUses(_ index: Int, to graph: inout DependencyGraph) {
        let formula = declarations.formulas[index]
        for use in formula.body.nameUses().uses {
            let text = use.name.text
            guard let used = formulaIndex[text] else { continue }
            let takesEntity = formulaHasParameter[used]
            let isFormula: Bool
            switch use.role {
            case .value:
                isFormula = text != formula.parameter?.text && paramIndex[text] == nil && !takesEntity
            case .function:
                isFormula = takesEntity && MathFunction(rawValue: text) == nil && BinaryMathFunction(rawValue: text) == nil
                    && Aggregate(rawValue: text) == nil && !["normal", "uniform", "lognormal"].contains(text)
            case .member:
                isFormula = takesEntity && EntityQuantity(rawValue: text) == nil && text != "stake"
            case .aggregateField:
                isFormula = takesEntity && EntityQuantity(rawValue: text)?.dimension == nil
            }
            if isFormula { graph.add(from: index, to: used, at: use.name.span) }
        }
    }

    /// Checks the values of param `index` that count, oldest first; each later one sees the
    /// param's own name as the value before it.
    func checkParamValues(_ index: Int) -> (typed: Typed, period: Double)? {
        let param = declarations.params[index]
        var scope = Scope()
        scope.readsState = false
        scope.context = "a parameter"
        let outer = (keyName, earlierValue)
        defer { (keyName, earlierValue) = outer }
        keyName = "param:\(param.name.text)"
        earlierValue = nil
        let first = firstParamValue[index]
        var height = 0, nodes = 0
        for version in first..<param.values.count {
            let expression = param.values[version]
            guard let typed = check(expression, in: scope) else { return nil }
            if version > first {
                // The formula holds a copy of the earlier value for each use of the name.
                let (uses, ownNodes) = expression.nameUses()
                let usesOfItself = uses.count { $0.role == .value && $0.name.text == param.name.text }
                height += expression.height
                nodes = ownNodes + usesOfItself * nodes
                if height > Self.maximumEarlierValueHeight || nodes > Self.maximumEarlierValueNodes {
                    error("'\(param.name.text)' builds on its earlier values too many times", at: expression.span,
                          hint: "write its value out instead of using '\(param.name.text)' in it")
                    return nil
                }
            } else if first < param.values.count - 1 {
                (height, nodes) = (expression.height, expression.nameUses().nodes)
            }
            earlierValue = (param.name.text, Typed(formula: typed.formula, type: typed.type), ratePeriod(of: expression))
        }
        guard let value = earlierValue else { return nil }
        return (value.typed, value.period)
    }
}
