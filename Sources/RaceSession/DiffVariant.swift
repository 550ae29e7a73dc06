import RaceModel
import RaceReport
import RaceSyntax

/// Builds "scenario A with one assumption of B" as statements (see `DiffSession` for why
/// statements): B's declaration is appended, so it replaces A's as an extending file's
/// would (docs/reference/entities.md, what-ifs.md); what only A has is taken out of A's statements.
struct DiffVariant {
    let a: [Statement]
    let b: [Statement]
    let modelA: Model
    let modelB: Model

    /// A's statements with the change applied; `nil` when it cannot be expressed.
    func statements(applying subject: Assumption.Subject) -> [Statement]? {
        switch subject {
        case .start:
            return last(in: b) { if case .start = $0 { return true }; return false }.map { a + [$0] }
        case .horizon:
            return last(in: b) {
                switch $0 { case .horizon, .runLength: return true; default: return false }
            }.map { a + [$0] }
        case .param(let name):
            let declares: (Statement.Kind) -> Bool = { if case let .param(n, _) = $0 { return n.text == name }; return false }
            return last(in: b, where: declares).map { a + [$0] } ?? removing(declares)
        case .formula(let name):
            let declares: (Statement.Kind) -> Bool = {
                if case let .formula(n, _, _) = $0 { return n.text == name }; return false
            }
            return last(in: b, where: declares).map { a + [$0] } ?? removing(declares)
        case .chip(let name):
            let declares: (Statement.Kind) -> Bool = { if case let .chip(n, _) = $0 { return n.text == name }; return false }
            let fromB = b.filter { declares($0.kind) }
            return fromB.isEmpty ? removing(declares) : a + fromB
        case let .chipField(chip, field):
            if let (name, found) = lastField(field, in: b, of: chip, chips: true) {
                return a + [Statement(.chip(name, [found]), span: found.span)]
            }
            return a.map { statement in
                guard case let .chip(name, fields) = statement.kind, name.text == chip else { return statement }
                return Statement(.chip(name, fields.filter { $0.name.text != field }), span: statement.span)
            }
        case .entity(let name):
            // Absent from one side, or of another kind: A's declarations go, B's come.
            let declares: (Statement.Kind) -> Bool = {
                if case let .entity(_, n, _) = $0 { return n.text == name }; return false
            }
            return a.filter { !declares($0.kind) } + b.filter { declares($0.kind) }
        case let .entityField(entity, field):
            guard let kind = modelA.entities.first(where: { $0.name == entity })?.kind else { return nil }
            if let (name, found) = lastField(field, in: b, of: entity, chips: false) {
                return a + [Statement(.entity(kind, name, [found]), span: found.span)]
            }
            return a.map { statement in
                guard case let .entity(k, name, fields) = statement.kind, name.text == entity else { return statement }
                return Statement(.entity(k, name, fields.filter { $0.name.text != field }), span: statement.span)
            }
        case let .event(i, j):
            return event(a: i.map { modelA.events[$0] }, b: j.map { modelB.events[$0] })
        case let .rule(i, j):
            if let i { return removingRule(modelA.rules[i].span) }
            if let j { return ruleStatement(modelB.rules[j].span).map { a + [$0] } }
            return nil
        case let .observation(i, j):
            if let i {
                let span = modelA.observations[i].span
                return a.filter { if case .observe(let o) = $0.kind { return !Self.same(o.span, span) }; return true }
            }
            if let j {
                let span = modelB.observations[j].span
                return b.first { if case .observe(let o) = $0.kind { return Self.same(o.span, span) }; return false }.map { a + [$0] }
            }
            return nil
        }
    }

    // MARK: - Events

    private func event(a x: ScheduledEvent?, b y: ScheduledEvent?) -> [Statement]? {
        var statements = a
        if let x {
            // A pure move of the same labelled event is a `delay`, which keeps the event's
            // place among the month's events; any other change replaces the event, as does
            // any change to an event whose months or occurrence are uncertain (docs/reference/uncertain-events.md).
            if let y, let label = x.label, y.label == label, x.isCertain, y.isCertain, let shift = shift(from: x, to: y),
               x.actions.map(\.text) == y.actions.map(\.text), let delay = delay(label, by: shift, at: x.span) {
                return statements + [delay]
            }
            if let label = x.label {
                statements.append(Statement(.cancel(Name(label, span: x.span)), span: x.span))
            } else {
                statements.removeAll { statement in
                    if case .event(let e) = statement.kind { return Self.same(e.span, x.span) }
                    return false
                }
            }
        }
        if let y {
            guard let added = b.first(where: { statement in
                if case .event(let e) = statement.kind { return Self.same(e.span, y.span) }
                return false
            }) else { return nil }
            statements.append(added)
            // The delays B applied to it come along (an unlabelled event has none).
            if let label = y.label {
                statements += b.filter { if case let .delay(n, _) = $0.kind { return n.text == label }; return false }
            }
        }
        return statements
    }

    /// The calendar shift that moves every month of `x` onto `y`, if one does.
    private func shift(from x: ScheduledEvent, to y: ScheduledEvent) -> Int? {
        let monthsX = x.steps.map { modelA.start + $0 }, monthsY = y.steps.map { modelB.start + $0 }
        guard let first = monthsX.first, let other = monthsY.first, monthsX.count == monthsY.count else { return nil }
        let d = other - first
        return monthsX.map { $0 + d } == monthsY ? d : nil
    }

    private func delay(_ label: String, by months: Int, at span: Span) -> Statement? {
        let source = SourceFile(name: "<diff>", text: "\(months) months")
        let parsed = Parser.parseExpression(source)
        guard let expression = parsed.0, !parsed.1.hasErrors else { return nil }
        return Statement(.delay(Name(label, span: span), by: expression), span: span)
    }

    // MARK: - Rules

    private func removingRule(_ span: Span) -> [Statement] {
        a.compactMap { statement in
            switch statement.kind {
            case .rule(let r) where Self.same(r.span, span): return nil
            case let .forEach(kind, variable, rules):
                let kept = rules.filter { !Self.same($0.span, span) }
                if kept.count == rules.count { return statement }
                return kept.isEmpty ? nil : Statement(.forEach(kind, variable: variable, rules: kept), span: statement.span)
            default: return statement
            }
        }
    }

    private func ruleStatement(_ span: Span) -> Statement? {
        for statement in b {
            switch statement.kind {
            case .rule(let r) where Self.same(r.span, span): return statement
            case let .forEach(kind, variable, rules):
                if let r = rules.first(where: { Self.same($0.span, span) }) {
                    return Statement(.forEach(kind, variable: variable, rules: [r]), span: r.span)
                }
            default: continue
            }
        }
        return nil
    }

    // MARK: - Helpers

    private func last(in statements: [Statement], where matches: (Statement.Kind) -> Bool) -> Statement? {
        statements.last { matches($0.kind) }
    }

    private func removing(_ matches: (Statement.Kind) -> Bool) -> [Statement] {
        a.filter { !matches($0.kind) }
    }

    /// The last declaration of `field` for chip or entity `owner` in `statements`.
    private func lastField(_ field: String, in statements: [Statement], of owner: String,
                           chips: Bool) -> (Name, Field)? {
        for statement in statements.reversed() {
            switch statement.kind {
            case let .chip(name, fields) where chips && name.text == owner,
                 let .entity(_, name, fields) where !chips && name.text == owner:
                if let found = fields.last(where: { $0.name.text == field }) { return (name, found) }
            default: continue
            }
        }
        return nil
    }

    /// Spans identify declarations across the model and the statements it came from.
    /// REPL lines are separate sources with the same name, told apart by their first line.
    static func same(_ x: Span, _ y: Span) -> Bool {
        x.start == y.start && x.end == y.end && x.file.name == y.file.name && x.file.firstLine == y.file.firstLine
            && x.file.bytes.count == y.file.bytes.count
    }
}
