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
    /// "Did you mean" hints, within one budget for the whole check.
    let suggestions = HintBudget()
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
    /// The period each param's rate was written in (`25%/year` → 12), see `ratePeriod(of:)`.
    var paramPeriods: [Double] = []
    /// Params and formulas in the order to check them: each after those it uses.
    var paramOrder: [Int] = []
    var formulaOrder: [Int] = []
    /// For each param, the first of its values that counts: the last value, or an earlier
    /// one that the values after it build on.
    var firstParamValue: [Int] = []
    /// While a param's later value is checked: its name and the value before, which the
    /// name stands for there.
    var earlierValue: (name: String, typed: Typed, period: Double)?
    var formulaProgress: [Progress] = []
    var formulaTypes: [ValueType?] = []
    var formulaBodies: [Formula?] = []
    var visitStack: [String] = []
    /// What the distributions being checked are keyed by (innermost): `param:NAME` while a
    /// param's value is checked, `event:LABEL:date` for a labelled event's date (see
    /// `distributionKey`); nil: by their text.
    var keyName: String?
    /// Whether each param is a date parameter (docs/reference/uncertain-events.md), by index.
    var paramIsDate: [Bool] = []
    /// Each param's plain-run value, and whether it may differ between samples, filled in as
    /// params are checked (each after those it uses; see `statics` and `isUncertain`).
    var paramStaticValues: [Double?] = []
    var paramIsUncertain: [Bool] = []
    /// The run's first month (a month index) and number of steps, once the header is read.
    var runStart = 0
    var runSteps = 1
    /// The key prefix of each distribution so far, by id, and how many keys have each
    /// prefix (see `distributionKey`).
    var distributionKeyPrefixes: [String] = []
    var distributionKeyCounts: [String: Int] = [:]
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
        declarations = Declarations(statements, origin: origin, suggestions: suggestions)
        diagnostics = declarations.diagnostics
        for override in overrides where !declarations.override(override.name.text, with: override.value) {
            error("the scenario has no parameter '\(override.name.text)'", at: override.name.span,
                  hint: suggestions.hint(for: override.name.text, among: declarations.params.map(\.name.text)))
        }
        paramIndex = declarations.paramIndex
        for (i, formula) in declarations.formulas.enumerated() {
            noteDuplicate(formula.name, i, in: &formulaIndex, other: paramIndex[formula.name.text] != nil ? "a parameter" : nil)
            formulaHasParameter.append(formula.parameter != nil)
        }
        for (i, chip) in declarations.chips.enumerated() { chipIndex[chip.name.text] = i }
        for (i, entity) in declarations.entities.enumerated() {
            if chipIndex[entity.name.text] != nil {
                error("'\(entity.name.text)' is already a chip", at: entity.name.span, hint: "give the entity another name")
            }
            entityIndex[entity.name.text] = i
        }
        paramProgress = Array(repeating: .unvisited, count: declarations.params.count)
        paramFormulas = Array(repeating: nil, count: declarations.params.count)
        paramDimensions = Array(repeating: nil, count: declarations.params.count)
        paramPeriods = Array(repeating: 1, count: declarations.params.count)
        paramIsDate = Array(repeating: false, count: declarations.params.count)
        paramStaticValues = Array(repeating: nil, count: declarations.params.count)
        paramIsUncertain = Array(repeating: false, count: declarations.params.count)
        formulaProgress = Array(repeating: .unvisited, count: declarations.formulas.count)
        formulaTypes = Array(repeating: nil, count: declarations.formulas.count)
        formulaBodies = Array(repeating: nil, count: declarations.formulas.count)
        orderDeclarations()
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

    /// The dimension of a param, checking it first if needed. `orderDeclarations` has put
    /// every param after those it uses and marked the ones on a cycle done, so this does not
    /// recurse from one param into another when called in `paramOrder`.
    func paramDimension(_ index: Int, usedAt span: Span) -> Dimension? {
        switch paramProgress[index] {
        case .done: return paramDimensions[index]
        case .visiting:
            let name = declarations.params[index].name.text
            error("parameters form a cycle: \((visitStack + [name]).joined(separator: " → "))", at: span)
            return nil
        case .unvisited:
            paramProgress[index] = .visiting
            visitStack.append(declarations.params[index].name.text)
            let value = checkParamValues(index)
            visitStack.removeLast()
            paramProgress[index] = .done
            guard let value else { return nil }
            if case .date = value.typed.type {
                // docs/reference/uncertain-events.md: a date parameter; its value is a month index, comparable with `date`.
                paramFormulas[index] = value.typed.formula
                paramDimensions[index] = .time
                paramIsDate[index] = true
                paramStaticValues[index] = statics.evaluate(value.typed.formula)
                paramIsUncertain[index] = isUncertain(value.typed.formula)
                return .time
            }
            guard let d = value.typed.dimension else {
                error("a parameter must be a number, a quantity or a date, but this is \(value.typed.type.description)",
                      at: declarations.params[index].value.span)
                return nil
            }
            paramFormulas[index] = value.typed.formula
            paramDimensions[index] = d
            paramPeriods[index] = value.period
            paramStaticValues[index] = statics.evaluate(value.typed.formula)
            paramIsUncertain[index] = isUncertain(value.typed.formula)
            return d
        }
    }

    /// The type of a let formula, checking it first if needed; reports cycles by name.
    func formulaType(_ index: Int, usedAt span: Span) -> ValueType? {
        switch formulaProgress[index] {
        case .done: return formulaTypes[index]
        case .visiting:
            let name = declarations.formulas[index].name.text
            let start = visitStack.firstIndex(of: name) ?? 0
            let cycle = (visitStack[start...] + [name]).joined(separator: " → ")
            error("formulas form a cycle: \(cycle)", at: span, hint: "a formula cannot depend on itself")
            return nil
        case .unvisited:
            let (name, parameter, body) = (declarations.formulas[index].name, declarations.formulas[index].parameter,
                                           declarations.formulas[index].body)
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
        checker.checkParamsAndFormulas()
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
