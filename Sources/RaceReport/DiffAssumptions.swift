import RaceModel
import RaceSyntax

/// One difference between the assumptions of two scenarios (docs/reference/diff.md, part 1).
///
/// Found on the checked models, not on the text: two files that say the same thing in
/// different places (a base and an extending file, or two unrelated files) compare equal.
public struct Assumption: Sendable {
    /// What kind of declaration differs; `rawValue` is the JSON `kind`.
    public enum Kind: String, Sendable {
        /// `start` or `horizon`.
        case header
        case param
        /// A `let` formula.
        case formula
        /// A chip present in one scenario only, or one of a chip's fields (`H100.price`).
        case chip
        /// A lab or company present in one scenario only (or declared as another kind).
        case entity
        /// One field of an entity present in both (`Beta.burn`).
        case field
        /// An event: its schedule (a date, a range, a probability) or its actions (a loan,
        /// a lease, a payment, …).
        case event
        case rule
        /// An `observe` statement (docs/reference/observations.md), present in one scenario only.
        case observation
    }

    /// Where the difference lives, precisely enough for a session to apply it alone to
    /// scenario A (attribution, docs/reference/diff.md part 4).
    public enum Subject: Sendable, Equatable {
        case start, horizon
        case param(String)
        case formula(String)
        /// A whole chip, present in one scenario only.
        case chip(String)
        case chipField(chip: String, field: String)
        /// A whole entity, present in one scenario only or of another kind.
        case entity(String)
        case entityField(entity: String, field: String)
        /// Indices into A's and B's `Model.events`; `nil` on the side that lacks it.
        case event(a: Int?, b: Int?)
        /// Indices into A's and B's `Model.rules`; `nil` on the side that lacks it.
        case rule(a: Int?, b: Int?)
        /// Indices into A's and B's `Model.observations`; `nil` on the side that lacks it.
        case observation(a: Int?, b: Int?)
    }

    /// The position in the list; the keys of `effects` in attribution.
    public var id: Int
    public var kind: Kind
    public var name: String
    /// How A states it, or `nil` when A does not have it.
    public var a: String?
    /// How B states it, or `nil` when B does not have it.
    public var b: String?
    public var subject: Subject

    public init(id: Int, kind: Kind, name: String, a: String?, b: String?, subject: Subject) {
        self.id = id
        self.kind = kind
        self.name = name
        self.a = a
        self.b = b
        self.subject = subject
    }
}

/// The semantic diff of two checked models: params, formulas, chips, entities and
/// their fields, events and rules, compared as written but matched by name (events by
/// label, else by date and text), so that declaration order and file layout never count.
public enum AssumptionDiff {
    public static func compare(_ a: Model, _ b: Model) -> [Assumption] {
        var list: [Assumption] = []
        func add(_ kind: Assumption.Kind, _ name: String, _ x: String?, _ y: String?, _ subject: Assumption.Subject) {
            list.append(Assumption(id: list.count, kind: kind, name: name, a: x, b: y, subject: subject))
        }

        if a.start != b.start { add(.header, "start", MonthIndex.format(a.start), MonthIndex.format(b.start), .start) }
        if a.horizon != b.horizon {
            add(.header, "horizon", MonthIndex.format(a.horizon), MonthIndex.format(b.horizon), .horizon)
        }

        // Declarations are looked up by name in a table: a search of the list per name made a
        // diff of two files of 20,000 params take minutes.
        let paramsA = firstIndices(a.params.map(\.name)), paramsB = firstIndices(b.params.map(\.name))
        for name in unionOfNames(a.params.map(\.name), b.params.map(\.name)) {
            let x = paramsA[name].map { spaced(a.params[$0].text) }
            let y = paramsB[name].map { spaced(b.params[$0].text) }
            if x != y { add(.param, name, x, y, .param(name)) }
        }

        let formulasA = firstIndices(a.formulas.map(\.name)), formulasB = firstIndices(b.formulas.map(\.name))
        for name in unionOfNames(a.formulas.map(\.name), b.formulas.map(\.name)) {
            let x = formulasA[name].map { formulaText(a.formulas[$0]) }
            let y = formulasB[name].map { formulaText(b.formulas[$0]) }
            if x != y { add(.formula, name, x, y, .formula(name)) }
        }

        let chipsA = firstIndices(a.chips.map(\.name)), chipsB = firstIndices(b.chips.map(\.name))
        for name in unionOfNames(a.chips.map(\.name), b.chips.map(\.name)) {
            let x = chipsA[name].map { a.chips[$0] }, y = chipsB[name].map { b.chips[$0] }
            guard let x, let y else {
                add(.chip, name, x.map { declaration("chip", name, $0.fieldTexts) },
                    y.map { declaration("chip", name, $0.fieldTexts) }, .chip(name))
                continue
            }
            for (field, p, q) in fieldChanges(x.fieldTexts, y.fieldTexts) {
                add(.chip, "\(name).\(field)", p, q, .chipField(chip: name, field: field))
            }
        }

        let entitiesA = firstIndices(a.entities.map(\.name)), entitiesB = firstIndices(b.entities.map(\.name))
        for name in unionOfNames(a.entities.map(\.name), b.entities.map(\.name)) {
            let x = entitiesA[name].map { a.entities[$0] }, y = entitiesB[name].map { b.entities[$0] }
            guard let x, let y, x.kind == y.kind else {
                add(.entity, name, x.map { declaration($0.kind.rawValue, name, $0.fieldTexts) },
                    y.map { declaration($0.kind.rawValue, name, $0.fieldTexts) }, .entity(name))
                continue
            }
            for (field, p, q) in fieldChanges(x.fieldTexts, y.fieldTexts) {
                add(.field, "\(name).\(field)", p, q, .entityField(entity: name, field: field))
            }
        }

        for (i, j) in matchEvents(a, b) {
            let x = i.map { eventText(a, $0) }, y = j.map { eventText(b, $0) }
            let label = i.flatMap { a.events[$0].label } ?? j.flatMap { b.events[$0].label }
            let name = label ?? (i.map { actionsText(a.events[$0]) } ?? j.map { actionsText(b.events[$0]) } ?? "event")
            add(.event, name, x, y, .event(a: i, b: j))
        }

        for (i, j) in matchRules(a, b) {
            let x = i.map { ruleText(a.rules[$0]) }, y = j.map { ruleText(b.rules[$0]) }
            add(.rule, x ?? y ?? "rule", x, y, .rule(a: i, b: j))
        }

        for (i, j) in unmatched(a.observations.map { spaced($0.text) }, b.observations.map { spaced($0.text) }) {
            let x = i.map { spaced(a.observations[$0].text) }, y = j.map { spaced(b.observations[$0].text) }
            add(.observation, x ?? y ?? "observation", x, y, .observation(a: i, b: j))
        }
        return list
    }

    // MARK: - Texts

    /// An event as a line: `2025-06: Alpha raises $5B at $60B` — its months as they fall
    /// (after any `delay`), then its actions as written.
    public static func eventText(_ model: Model, _ index: Int) -> String {
        let event = model.events[index]
        return scheduleText(model, event) + ": " + actionsText(event)
    }

    static func actionsText(_ event: ScheduledEvent) -> String {
        event.actions.map { spaced($0.text) }.joined(separator: "; ")
    }

    /// The schedule in calendar months. The model keeps the months an event falls in
    /// (shifted by `delay`), while `scheduleText` is the text before any delay; a moved
    /// event must show where it moved to. An uncertain date (a range, a date parameter that
    /// is one, an uncertain delay) is shown as written; a probability follows the dates.
    static func scheduleText(_ model: Model, _ event: ScheduledEvent) -> String {
        let probability = event.scheduleText.firstRange(of: " with probability ").map { String(event.scheduleText[$0.lowerBound...]) }
        if model.isUncertain(event.first) || event.last.map(model.isUncertain) == true { return event.scheduleText }
        return calendarText(model, event) + (probability ?? "")
    }

    private static func calendarText(_ model: Model, _ event: ScheduledEvent) -> String {
        let written = event.scheduleText.firstRange(of: " with probability ").map { String(event.scheduleText[..<$0.lowerBound]) }
            ?? event.scheduleText
        guard let first = event.steps.first else { return written }
        let from = MonthIndex.format(model.start + first)
        guard written.hasPrefix("every ") else { return from }
        var period = String(written.dropFirst("every ".count))
        if let range = period.firstRange(of: " from ") { period = String(period[..<range.lowerBound]) }
        var text = "every \(period) from \(from)"
        if written.contains(" until "), let last = event.steps.last {
            text += " until \(MonthIndex.format(model.start + last))"
        }
        return text
    }

    static func ruleText(_ rule: RuleDeclaration) -> String {
        (rule.forEach.map { "for each \($0.rawValue): " } ?? "") + spaced(rule.text)
    }

    static func formulaText(_ formula: FormulaDeclaration) -> String {
        (formula.hasParameter ? "(entity) " : "") + spaced(formula.text)
    }

    /// `lab Beta { cash: $6B; burn: $300M/month }`
    static func declaration(_ keyword: String, _ name: String, _ fields: [(String, String)]) -> String {
        fields.isEmpty ? "\(keyword) \(name)" : "\(keyword) \(name) { \(fields.map { spaced($0.1) }.joined(separator: "; ")) }"
    }

    /// A field's value without its name: `burn: $300M/month` → `$300M/month`; a formula
    /// keeps its `=` (`= market * share`) so it reads differently from a value.
    static func fieldValue(_ name: String, _ text: String) -> String {
        var rest = Substring(text)
        if rest.hasPrefix(name) { rest = rest.dropFirst(name.count) }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix(":") { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        return spaced(String(rest))
    }

    /// Text with every run of spaces, tabs and line breaks made one space: columns aligned
    /// for reading, or a block spread over lines, say the same as the plain text.
    static func spaced(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }

    // MARK: - Matching

    /// The index of each key's first occurrence.
    static func firstIndices(_ keys: [String]) -> [String: Int] {
        var table: [String: Int] = [:]
        for (i, key) in keys.enumerated() where table[key] == nil { table[key] = i }
        return table
    }

    /// B's items still open to a match, by text: `take` gives the lowest open index with
    /// that text (what a search of the open list in order finds), in constant time.
    struct OpenItems {
        private var byText: [String: [Int]] = [:]
        private var taken = Set<Int>()
        private let count: Int

        init(_ texts: [(index: Int, text: String)], count: Int) {
            self.count = count
            for (index, text) in texts { byText[text, default: []].append(index) }
            for key in byText.keys { byText[key]!.reverse() }
        }

        mutating func take(_ text: String) -> Int? {
            guard let index = byText[text]?.popLast() else { return nil }
            taken.insert(index)
            return index
        }

        /// The indices still open, in order, among those `open` says were offered.
        func remaining(open: (Int) -> Bool) -> [Int] {
            (0..<count).filter { open($0) && !taken.contains($0) }
        }
    }

    /// A's names in order, then B's names that A lacks.
    static func unionOfNames(_ a: [String], _ b: [String]) -> [String] {
        let known = Set(a)
        return a + b.filter { !known.contains($0) }
    }

    /// The fields whose text differs (or that only one side writes): (field, a, b).
    static func fieldChanges(_ a: [(String, String)], _ b: [(String, String)]) -> [(String, String?, String?)] {
        unionOfNames(a.map(\.0), b.map(\.0)).compactMap { field in
            let x = a.last { $0.0 == field }.map { fieldValue(field, $0.1) }
            let y = b.last { $0.0 == field }.map { fieldValue(field, $0.1) }
            return x == y ? nil : (field, x, y)
        }
    }

    /// Pairs of events that differ: matched by label first; the rest by their text
    /// (schedule and actions), where a match means "the same event" and is dropped.
    /// Unmatched events come back with `nil` on the other side.
    static func matchEvents(_ a: Model, _ b: Model) -> [(Int?, Int?)] {
        var pairs: [(Int?, Int?)] = []
        var usedB = Set<Int>()
        var unmatchedA: [Int] = []
        var labelsB: [String: Int] = [:]
        for (j, event) in b.events.enumerated() { if let label = event.label, labelsB[label] == nil { labelsB[label] = j } }
        for (i, event) in a.events.enumerated() {
            if let label = event.label, let j = labelsB[label] {
                usedB.insert(j)
                if eventText(a, i) != eventText(b, j) { pairs.append((i, j)) }
            } else {
                unmatchedA.append(i)
            }
        }
        var openB = OpenItems(b.events.indices.filter { !usedB.contains($0) }.map { ($0, eventText(b, $0)) }, count: b.events.count)
        for i in unmatchedA where openB.take(eventText(a, i)) == nil { pairs.append((i, nil)) }
        return pairs + openB.remaining { !usedB.contains($0) }.map { (nil, $0) }
    }

    /// Rules have no names: they match by text (with their `for each`), as a multiset.
    static func matchRules(_ a: Model, _ b: Model) -> [(Int?, Int?)] {
        unmatched(a.rules.map(ruleText), b.rules.map(ruleText))
    }

    /// The items of two lists of texts that the other list lacks, as a multiset: A's (with
    /// `nil` for B), then B's.
    static func unmatched(_ a: [String], _ b: [String]) -> [(Int?, Int?)] {
        var openB = OpenItems(b.enumerated().map { ($0.offset, $0.element) }, count: b.count)
        var pairs: [(Int?, Int?)] = []
        for (i, text) in a.enumerated() where openB.take(text) == nil { pairs.append((i, nil)) }
        return pairs + openB.remaining { _ in true }.map { (nil, $0) }
    }
}
