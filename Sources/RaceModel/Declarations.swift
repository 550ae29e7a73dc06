import RaceSyntax

/// The first pass of checking: walks the statements in order and merges redeclarations,
/// applies `cancel` and `delay`, and remembers the header. Nothing is resolved yet:
/// names may be used before they are declared.
///
/// Every lookup by name goes through a dictionary, so a scenario of N declarations takes
/// time in proportion to N (issue 13: a list search per declaration made 80k params take
/// minutes).
struct Declarations {
    /// `param NAME = VALUE`, with every value it was given (a redeclaration, a `--set`).
    struct ParamValues {
        /// Where the param was first declared.
        var name: Name
        /// The values in order; the last counts. A value that uses the param's own name
        /// builds on the one before it (Grammar/CHANGES.md, "A redeclared param may use its
        /// earlier value").
        var values: [Expression]
        var value: Expression { values[values.count - 1] }
    }
    struct FormulaDefinition {
        var name: Name
        var parameter: Name?
        var body: Expression
    }
    struct EntityFields {
        var kind: EntityKind
        var name: Name
        var fields = OrderedFields()
    }
    struct PendingEvent {
        var event: Event
        var delays: [Expression] = []
    }
    struct PendingRule {
        var rule: Rule
        var forEach: (kind: EntityKind, variable: Name)?
    }

    var title: String?
    var start: DateLiteral?
    var horizon: DateLiteral?
    var runLength: Expression?
    private(set) var params: [ParamValues] = []
    private(set) var paramIndex: [String: Int] = [:]
    private(set) var formulas: [FormulaDefinition] = []
    private var formulaIndex: [String: Int] = [:]
    private(set) var chips: [(name: Name, fields: OrderedFields)] = []
    private var chipIndex: [String: Int] = [:]
    private(set) var entities: [EntityFields] = []
    private var entityIndex: [String: Int] = [:]
    /// Events in order; a cancelled one leaves a hole until the end of the walk.
    private var eventSlots: [PendingEvent?] = []
    private var eventLabels: [String: Int] = [:]
    private(set) var events: [PendingEvent] = []
    var rules: [PendingRule] = []
    var report: (Report, Span)?
    var expectations: [(Expression, Expression?, Span)] = []
    var observations: [ObserveStatement] = []
    var diagnostics: [Diagnostic] = []
    /// Where to point problems of the scenario as a whole (a missing `start`).
    var origin: Span?

    private let suggestions: HintBudget

    init(_ statements: [Statement], origin: Span?, suggestions: HintBudget) {
        self.origin = origin ?? statements.first?.span
        self.suggestions = suggestions
        for statement in statements { add(statement) }
        events = eventSlots.compactMap { $0 }
        eventSlots = []
    }

    /// A `--set NAME=VALUE`: one more value of a declared param; false if there is no such param.
    mutating func override(_ name: String, with value: Expression) -> Bool {
        guard let i = paramIndex[name] else { return false }
        params[i].values.append(value)
        return true
    }

    private mutating func add(_ statement: Statement) {
        switch statement.kind {
        case .scenario(let title): self.title = title
        case .start(let date): start = date
        case .horizon(let date): horizon = date; runLength = nil
        case .runLength(let length): runLength = length; horizon = nil
        case .extends:
            diagnostics.append(.error("'extends' must be the first statement of a file", at: statement.span,
                                      hint: "move it to the top: the base is read before everything else"))
        case let .param(name, value):
            if let i = paramIndex[name.text] { params[i].values.append(value) }
            else {
                paramIndex[name.text] = params.count
                params.append(ParamValues(name: name, values: [value]))
            }
        case let .formula(name, parameter, body):
            if let i = formulaIndex[name.text] { formulas[i] = FormulaDefinition(name: formulas[i].name, parameter: parameter, body: body) }
            else {
                formulaIndex[name.text] = formulas.count
                formulas.append(FormulaDefinition(name: name, parameter: parameter, body: body))
            }
        case let .chip(name, fields):
            if let i = chipIndex[name.text] { chips[i].fields.merge(fields) }
            else {
                chipIndex[name.text] = chips.count
                chips.append((name, OrderedFields(fields)))
            }
        case let .entity(kind, name, fields):
            addEntity(kind, name, fields)
        case .event(let event):
            if let label = event.label {
                if eventLabels[label.text] != nil {
                    diagnostics.append(.error("an event labelled '\(label.text)' already exists", at: label.span,
                                              hint: "labels name one event each; pick another label"))
                } else {
                    eventLabels[label.text] = eventSlots.count
                }
            }
            eventSlots.append(PendingEvent(event: event))
        case .rule(let rule): rules.append(PendingRule(rule: rule, forEach: nil))
        case let .forEach(kind, variable, rules):
            for rule in rules { self.rules.append(PendingRule(rule: rule, forEach: (kind, variable))) }
        case .cancel(let label):
            if let i = eventIndex(label) {
                eventSlots[i] = nil
                eventLabels[label.text] = nil
            }
        case let .delay(label, by):
            if let i = eventIndex(label) { eventSlots[i]?.delays.append(by) }
        case .report(let report): self.report = (report, statement.span)
        case let .expect(condition, at): expectations.append((condition, at, statement.span))
        case .observe(let observation): observations.append(observation)
        }
    }

    private mutating func addEntity(_ kind: EntityKind, _ name: Name, _ fields: [Field]) {
        guard let i = entityIndex[name.text] else {
            entityIndex[name.text] = entities.count
            entities.append(EntityFields(kind: kind, name: name, fields: OrderedFields(fields)))
            return
        }
        if entities[i].kind != kind {
            diagnostics.append(.error("'\(name.text)' was declared as a \(entities[i].kind.rawValue), not a \(kind.rawValue)",
                                      at: name.span, hint: "an entity keeps its kind when it is declared again"))
        }
        entities[i].fields.merge(fields)
    }

    private mutating func eventIndex(_ label: Name) -> Int? {
        if let i = eventLabels[label.text] { return i }
        diagnostics.append(.error("no event is labelled '\(label.text)'", at: label.span,
                                  hint: suggestions.hint(for: label.text, among: Array(eventLabels.keys))
                                      ?? "label an event with 'on DATE as NAME: ...' to cancel or delay it"))
        return nil
    }
}

/// Fields of a chip or entity by name, in the order first given. Fields given again replace
/// the earlier ones; others stay (docs/reference/entities.md).
struct OrderedFields: Sequence {
    private(set) var list: [(String, Field)] = []
    private var index: [String: Int] = [:]

    init(_ fields: [Field] = []) { merge(fields) }

    mutating func merge(_ fields: [Field]) {
        for field in fields {
            let name = field.name.text
            if let i = index[name] { list[i] = (name, field) }
            else {
                index[name] = list.count
                list.append((name, field))
            }
        }
    }

    func contains(_ name: String) -> Bool { index[name] != nil }

    func makeIterator() -> IndexingIterator<[(String, Field)]> { list.makeIterator() }
}
