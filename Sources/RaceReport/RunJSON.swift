import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --format json` (docs/reference/output.md): the final state of every entity, the log, and
/// optionally every month's values.
public enum RunJSON {
    /// The final fields of docs/reference/output.md, in order, and the debt of loans.
    public static let finalFields: [RecordedField] = [
        .cash, .revenue, .burn, .compute, .flop, .chips, .valuation, .runway, .paid, .received, .debt,
    ]

    /// A recorded value in the base units of docs/reference/output.md, or nil for "no value"
    /// (unbounded cash, infinite runway).
    public static func baseValue(_ result: RunResult, _ field: RecordedField, entity: Int, step: Int) -> Double? {
        let v = result.value(field, entity: entity, step: step)
        guard v.isFinite else { return nil }
        return QuantityFormat.base(v, field.dimension)
    }

    public static func document(_ result: RunResult, series: Bool, expectations: [ExpectationReport] = []) -> JSONValue {
        let model = result.model
        let last = max(0, result.stepsRun - 1)
        let names = model.entities.map(\.name)
        func date(_ step: Int) -> JSONValue { .string(MonthIndex.format(model.start + step)) }
        func entityName(_ e: Int?) -> JSONValue { e.map { .string(names[$0]) } ?? .null }

        var entities: [JSONValue] = []
        for (e, entity) in model.entities.enumerated() {
            var final: [(String, JSONValue)] = finalFields.map { field in
                (field.name, .number(baseValue(result, field, entity: e, step: last)))
            }
            for (k, column) in formulaColumns(model).enumerated() {
                let v = result.formulaValue(column: k, entity: e, step: last)
                let d = model.formulas[column.index].dimension ?? .ratio
                final.append((column.name, .number(v.isFinite ? QuantityFormat.base(v, d) : nil)))
            }
            let owners: [(String, JSONValue)] = result.owners[e].map { (names[$0.holder], .number($0.share)) }
            entities.append(.object([
                ("name", .string(entity.name)),
                ("kind", .string(entity.kind.rawValue)),
                ("status", .string(result.statusText(e))),
                ("exit", result.exitSteps[e].map(date) ?? .null),
                ("final", .object(final)),
                ("owners", .object(owners)),
            ]))
        }
        var document: [(String, JSONValue)] = [
            ("scenario", model.title.map { .string($0) } ?? .null),
            ("start", date(0)),
            ("horizon", date(model.steps - 1)),
            ("samples", .number(1)),
            ("entities", .array(entities)),
            ("events", .array(result.events.map { entry in
                .object([("date", date(entry.step)), ("entity", entityName(entry.entity)), ("text", .string(result.text(of: entry)))])
            })),
            ("skipped", .array(result.skipped.map { entry in
                .object([("date", date(entry.step)), ("entity", entityName(entry.entity)), ("text", .string(result.text(of: entry))),
                         ("reason", .string(result.reason(of: entry)))])
            })),
            ("warnings", .array(result.warnings.map { warning in
                .object([("date", date(warning.step)), ("entity", .string(names[warning.entity])),
                         ("text", .string(result.text(of: warning)))])
            })),
        ]
        if !expectations.isEmpty {
            document.append(("expectations", .array(expectations.map { e in
                .object([("text", .string(e.text)), ("date", .string(e.date)), ("passed", .bool(e.passed)),
                         ("values", .string(e.detail))])
            })))
        }
        if let observations = RunObservations.json(result) { document.append(("observations", observations)) }
        if series {
            var map: [(String, JSONValue)] = []
            for (e, entity) in model.entities.enumerated() {
                for field in RecordedField.allCases {
                    let list = (0..<result.stepsRun).map { JSONValue.number(baseValue(result, field, entity: e, step: $0)) }
                    map.append(("\(entity.name).\(field.name)", .array(list)))
                }
            }
            document.append(("series", .object(map)))
        }
        return .object(document)
    }

    /// The report's `let` columns, with their position among the formula values.
    public static func formulaColumns(_ model: Model) -> [(name: String, index: Int)] {
        model.report.columns.compactMap { column in
            if case .formula(let i) = column.column { return (column.name, i) }
            return nil
        }
    }
}

/// An `expect` line's outcome, as reports show it.
public struct ExpectationReport: Sendable {
    public let text: String
    public let date: String
    public let passed: Bool
    public let detail: String
    public let location: String

    public init(text: String, date: String, passed: Bool, detail: String, location: String) {
        self.text = text
        self.date = date
        self.passed = passed
        self.detail = detail
        self.location = location
    }
}
