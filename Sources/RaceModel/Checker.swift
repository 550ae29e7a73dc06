import RaceSyntax

/// What checking produced: the model when there were no errors, and every diagnostic.
public struct CheckResult: Sendable {
    public let model: Model?
    public let diagnostics: [Diagnostic]
}

/// Resolves names, checks dimensions and builds the `Model` (docs/reference).
///
/// Problems are collected, never thrown: a scenario with five mistakes gets five messages.
public final class Checker {
    /// A `--set NAME=VALUE` override, applied after every statement.
    public struct Override {
        public let name: Name
        public let value: Expression
        public init(name: Name, value: Expression) {
            self.name = name
            self.value = value
        }
    }

    var diagnostics: [Diagnostic] = []
    var depth = 0
    var distributionCount = 0
    var declarations: Declarations
    var paramIndex: [String: Int] = [:]
    var formulaIndex: [String: Int] = [:]
    var formulaHasParameter: [Bool] = []
    var entityIndex: [String: Int] = [:]
    var chipIndex: [String: Int] = [:]

    enum Progress { case unvisited, visiting, done }
    var paramProgress: [Progress] = []
    var paramFormulas: [Formula?] = []
    var paramDimensions: [Dimension?] = []
    var formulaProgress: [Progress] = []
    var formulaTypes: [ValueType?] = []
    var formulaBodies: [Formula?] = []
    var visitStack: [String] = []
    /// What the distributions being checked are keyed by (innermost): `param:NAME` while a
    /// param's value is checked, `event:LABEL:date` for a labelled event's date (see
    /// `distributionKey`); nil: by their text.
    var keyName: String?
    /// Whether each param is a date parameter (§16), by index.
    var paramIsDate: [Bool] = []
    /// The run's first month (a month index) and number of steps, once the header is read.
    var runStart = 0
    var runSteps = 1
    /// The key of each distribution so far, by id (see `distributionKey`).
    var distributionKeys: [String] = []
    /// Each distribution so far, by id (`Model.distributions`).
    var distributionsMade: [Distribution] = []

    /// Checks statements (a file with its bases already in front, or a REPL session).
    /// `origin` is where problems of the whole scenario point when it has no statements.
    public static func check(_ statements: [Statement], overrides: [Override] = [], origin: SourceFile? = nil) -> CheckResult {
        let checker = Checker(statements, overrides: overrides, origin: origin.map { Span(file: $0, start: 0, end: 0) })
        let model = checker.buildModel()
        let diagnostics = checker.diagnostics
        return CheckResult(model: diagnostics.hasErrors ? nil : model, diagnostics: diagnostics)
    }

    init(_ statements: [Statement], overrides: [Override], origin: Span?) {
        declarations = Declarations(statements, origin: origin)
        diagnostics = declarations.diagnostics
        for override in overrides {
            if let i = declarations.params.firstIndex(where: { $0.0.text == override.name.text }) {
                declarations.params[i].1 = override.value
            } else {
                error("the scenario has no parameter '\(override.name.text)'", at: override.name.span,
                      hint: Suggestions.hint(for: override.name.text, among: declarations.params.map(\.0.text)))
            }
        }
        for (i, param) in declarations.params.enumerated() { paramIndex[param.0.text] = i }
        for (i, formula) in declarations.formulas.enumerated() {
            noteDuplicate(formula.0, i, in: &formulaIndex, other: paramIndex[formula.0.text] != nil ? "a parameter" : nil)
            formulaHasParameter.append(formula.1 != nil)
        }
        for (i, chip) in declarations.chips.enumerated() { chipIndex[chip.0.text] = i }
        for (i, entity) in declarations.entities.enumerated() {
            if chipIndex[entity.name.text] != nil {
                error("'\(entity.name.text)' is already a chip", at: entity.name.span, hint: "give the entity another name")
            }
            entityIndex[entity.name.text] = i
        }
        paramProgress = Array(repeating: .unvisited, count: declarations.params.count)
        paramFormulas = Array(repeating: nil, count: declarations.params.count)
        paramDimensions = Array(repeating: nil, count: declarations.params.count)
        paramIsDate = Array(repeating: false, count: declarations.params.count)
        formulaProgress = Array(repeating: .unvisited, count: declarations.formulas.count)
        formulaTypes = Array(repeating: nil, count: declarations.formulas.count)
        formulaBodies = Array(repeating: nil, count: declarations.formulas.count)
    }

    private func noteDuplicate(_ name: Name, _ index: Int, in table: inout [String: Int], other: String?) {
        if let other {
            error("'\(name.text)' is already \(other)", at: name.span, hint: "names of params and formulas must differ")
        }
        table[name.text] = index
    }

    func error(_ message: String, at span: Span?, hint: String? = nil) {
        diagnostics.append(.error(message, at: span, hint: hint))
    }

    func warning(_ message: String, at span: Span?, hint: String? = nil) {
        diagnostics.append(.warning(message, at: span, hint: hint))
    }

    /// The dimension of a param, checking it first if needed (params may use earlier params).
    func paramDimension(_ index: Int, usedAt span: Span) -> Dimension? {
        switch paramProgress[index] {
        case .done: return paramDimensions[index]
        case .visiting:
            let name = declarations.params[index].0.text
            error("parameters form a cycle: \((visitStack + [name]).joined(separator: " → "))", at: span)
            return nil
        case .unvisited:
            let (name, expression) = declarations.params[index]
            paramProgress[index] = .visiting
            visitStack.append(name.text)
            var scope = Scope()
            scope.readsState = false
            scope.context = "a parameter"
            let typed = keyed(by: "param:\(name.text)") { check(expression, in: scope) }
            visitStack.removeLast()
            paramProgress[index] = .done
            guard let typed else { return nil }
            if case .date = typed.type {
                // §16: a date parameter; its value is a month index, comparable with `date`.
                paramFormulas[index] = typed.formula
                paramDimensions[index] = .time
                paramIsDate[index] = true
                return .time
            }
            guard let d = typed.dimension else {
                error("a parameter must be a number, a quantity or a date, but this is \(typed.type.description)", at: expression.span)
                return nil
            }
            paramFormulas[index] = typed.formula
            paramDimensions[index] = d
            return d
        }
    }

    /// The type of a let formula, checking it first if needed; reports cycles by name.
    func formulaType(_ index: Int, usedAt span: Span) -> ValueType? {
        switch formulaProgress[index] {
        case .done: return formulaTypes[index]
        case .visiting:
            let name = declarations.formulas[index].0.text
            let start = visitStack.firstIndex(of: name) ?? 0
            let cycle = (visitStack[start...] + [name]).joined(separator: " → ")
            error("formulas form a cycle: \(cycle)", at: span, hint: "a formula cannot depend on itself")
            return nil
        case .unvisited:
            let (name, parameter, body) = declarations.formulas[index]
            formulaProgress[index] = .visiting
            visitStack.append(name.text)
            var scope = Scope()
            scope.boundName = parameter?.text
            let typed = check(body, in: scope)
            visitStack.removeLast()
            formulaProgress[index] = .done
            guard let typed else { return nil }
            if case .entity = typed.type {
                error("a formula must give a value, not an entity", at: body.span)
                return nil
            }
            formulaTypes[index] = typed.type
            formulaBodies[index] = typed.formula
            return typed.type
        }
    }
}

extension Checker {
    /// Checks a lone expression (the REPL's `OpenAI.runway`) against a scenario's statements.
    /// The formula's indices match the model that `check(statements)` builds.
    public static func checkExpression(_ expression: Expression, against statements: [Statement])
        -> (formula: Formula?, dimension: Dimension?, isCondition: Bool, diagnostics: [Diagnostic]) {
        let checker = Checker(statements, overrides: [], origin: nil)
        for i in checker.declarations.params.indices { _ = checker.paramDimension(i, usedAt: checker.declarations.params[i].0.span) }
        for i in checker.declarations.formulas.indices { _ = checker.formulaType(i, usedAt: checker.declarations.formulas[i].0.span) }
        // Only this expression's own problems matter here; the scenario was checked already.
        checker.diagnostics = []
        let distributions = checker.distributionCount
        guard let typed = checker.check(expression, in: Scope()) else {
            return (nil, nil, false, checker.diagnostics)
        }
        if checker.distributionCount != distributions {
            return (nil, nil, false, [.error("a distribution can only be part of the scenario, not asked about",
                                             at: expression.span, hint: "declare it: param name = A to B")])
        }
        switch typed.type {
        case .quantity(let d): return (typed.formula, d, false, checker.diagnostics)
        case .boolean: return (typed.formula, nil, true, checker.diagnostics)
        case .date: return (typed.formula, nil, false, checker.diagnostics)
        case .entity:
            return (nil, nil, false, [.error("this is an entity; ask for one of its fields, as in \(expression.span.text).cash",
                                             at: expression.span, hint: ":show \(expression.span.text) prints all of them")])
        case .text: return (nil, nil, false, [.error("text cannot be evaluated", at: expression.span)])
        }
    }
}
