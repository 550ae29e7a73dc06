import RaceSyntax

/// The first pass of checking: walks the statements in order and merges redeclarations,
/// applies `cancel` and `delay`, and remembers the header. Nothing is resolved yet:
/// names may be used before they are declared.
struct Declarations {
    struct EntityFields {
        var kind: EntityKind
        var name: Name
        var fields: [(String, Field)] = []
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
    var params: [(Name, Expression)] = []
    var formulas: [(Name, Name?, Expression)] = []
    var chips: [(Name, [(String, Field)])] = []
    var entities: [EntityFields] = []
    var events: [PendingEvent] = []
    var rules: [PendingRule] = []
    var report: (Report, Span)?
    var expectations: [(Expression, Expression?, Span)] = []
    var observations: [ObserveStatement] = []
    var diagnostics: [Diagnostic] = []
    /// Where to point problems of the scenario as a whole (a missing `start`).
    var origin: Span?

    init(_ statements: [Statement], origin: Span?) {
        self.origin = origin ?? statements.first?.span
        for statement in statements { add(statement) }
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
            if let i = params.firstIndex(where: { $0.0.text == name.text }) { params[i] = (params[i].0, value) }
            else { params.append((name, value)) }
        case let .formula(name, parameter, body):
            if let i = formulas.firstIndex(where: { $0.0.text == name.text }) { formulas[i] = (formulas[i].0, parameter, body) }
            else { formulas.append((name, parameter, body)) }
        case let .chip(name, fields):
            let merged = fields.map { ($0.name.text, $0) }
            if let i = chips.firstIndex(where: { $0.0.text == name.text }) { chips[i].1 = merge(chips[i].1, merged) }
            else { chips.append((name, merge([], merged))) }
        case let .entity(kind, name, fields):
            let merged = fields.map { ($0.name.text, $0) }
            if let i = entities.firstIndex(where: { $0.name.text == name.text }) {
                if entities[i].kind != kind {
                    diagnostics.append(.error("'\(name.text)' was declared as a \(entities[i].kind.rawValue), not a \(kind.rawValue)",
                                              at: name.span, hint: "an entity keeps its kind when it is declared again"))
                }
                entities[i].fields = merge(entities[i].fields, merged)
            } else {
                entities.append(EntityFields(kind: kind, name: name, fields: merge([], merged)))
            }
        case .event(let event):
            if let label = event.label, events.contains(where: { $0.event.label?.text == label.text }) {
                diagnostics.append(.error("an event labelled '\(label.text)' already exists", at: label.span,
                                          hint: "labels name one event each; pick another label"))
            }
            events.append(PendingEvent(event: event))
        case .rule(let rule): rules.append(PendingRule(rule: rule, forEach: nil))
        case let .forEach(kind, variable, rules):
            for rule in rules { self.rules.append(PendingRule(rule: rule, forEach: (kind, variable))) }
        case .cancel(let label):
            if let i = eventIndex(label) { events.remove(at: i) }
        case let .delay(label, by):
            if let i = eventIndex(label) { events[i].delays.append(by) }
        case .report(let report): self.report = (report, statement.span)
        case let .expect(condition, at): expectations.append((condition, at, statement.span))
        case .observe(let observation): observations.append(observation)
        }
    }

    private mutating func eventIndex(_ label: Name) -> Int? {
        if let i = events.firstIndex(where: { $0.event.label?.text == label.text }) { return i }
        let labels = events.compactMap { $0.event.label?.text }
        diagnostics.append(.error("no event is labelled '\(label.text)'", at: label.span,
                                  hint: Suggestions.hint(for: label.text, among: labels)
                                      ?? "label an event with 'on DATE as NAME: ...' to cancel or delay it"))
        return nil
    }

    /// Fields given again replace the earlier ones; others stay (docs/reference/entities.md).
    private func merge(_ old: [(String, Field)], _ new: [(String, Field)]) -> [(String, Field)] {
        var result = old
        for (name, field) in new {
            if let i = result.firstIndex(where: { $0.0 == name }) { result[i] = (name, field) }
            else { result.append((name, field)) }
        }
        return result
    }
}
