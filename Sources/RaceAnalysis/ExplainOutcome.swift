import RaceEngine
import RaceModel

/// An outcome `race explain` ranks the inputs for (docs/reference/explain.md): a recorded field or report column of
/// an entity at the explained month, or whether the entity has left the race by then.
public struct ExplainOutcome: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case field(RecordedField)
        /// The report's `let` column k (in `RunJSON.formulaColumns` order).
        case formula(Int)
        /// 1 when the entity has left the race by the explained month, else 0.
        case exit
    }

    public let entity: Int
    public let kind: Kind

    public init(entity: Int, kind: Kind) {
        self.entity = entity
        self.kind = kind
    }

    /// `OpenAI.cash`, `OpenAI.capability`, `OpenAI.exit`.
    public func name(_ model: Model) -> String {
        let entity = model.entities[self.entity].name
        switch kind {
        case .field(let field): return "\(entity).\(field.name)"
        case .formula(let k): return "\(entity).\(Self.formulaColumns(model)[k].name)"
        case .exit: return "\(entity).exit"
        }
    }

    /// The dimension of its values; nil for an exit (a share).
    public func dimension(_ model: Model) -> Dimension? {
        switch kind {
        case .field(let field): return field.dimension
        case .formula(let k): return model.formulas[Self.formulaColumns(model)[k].index].dimension ?? .ratio
        case .exit: return nil
        }
    }

    public var isExit: Bool { kind == .exit }

    /// Its value in each sample of `columns` (an exit: 1 or 0).
    public func values(_ columns: SampleColumns) -> [Double] {
        let n = columns.samples
        switch kind {
        case .field(let field):
            guard let slot = columns.fields.firstIndex(of: field) else { return [Double](repeating: .nan, count: n) }
            return Array(columns.column(slot: slot, entity: entity))
        case .formula(let k): return Array(columns.column(slot: columns.fields.count + k, entity: entity))
        case .exit: return (0..<n).map { columns.exits[entity * n + $0] >= 0 ? 1 : 0 }
        }
    }

    /// The default outcomes: the report's fields and columns of every lab, then each lab's exit.
    public static func defaults(_ model: Model) -> [ExplainOutcome] {
        let labs = model.entities.indices.filter { model.entities[$0].kind == .lab }
        var kinds: [Kind] = []
        var formula = 0
        for column in model.report.columns {
            switch column.column {
            case .quantity(let q): if let field = RecordedField(name: q.rawValue) { kinds.append(.field(field)) }
            case .formula:
                kinds.append(.formula(formula))
                formula += 1
            }
        }
        return labs.flatMap { e in kinds.map { ExplainOutcome(entity: e, kind: $0) } } + labs.map { ExplainOutcome(entity: $0, kind: .exit) }
    }

    /// `X.FIELD` as written on the command line or in the REPL: a field of docs/reference/output.md, a report
    /// column, or `exit`; else why not.
    public static func parse(_ text: String, _ model: Model) -> Result<ExplainOutcome, ExplainProblem> {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .failure(ExplainProblem("an outcome is written ENTITY.FIELD, as in OpenAI.cash (got '\(text)')")) }
        guard let e = model.entityIndex(named: parts[0]) else {
            return .failure(ExplainProblem("no entity named '\(parts[0])' in \(text)"))
        }
        if parts[1] == "exit" { return .success(ExplainOutcome(entity: e, kind: .exit)) }
        if let field = RecordedField(name: parts[1]) { return .success(ExplainOutcome(entity: e, kind: .field(field))) }
        if let k = formulaColumns(model).firstIndex(where: { $0.name == parts[1] }) {
            return .success(ExplainOutcome(entity: e, kind: .formula(k)))
        }
        let known = RecordedField.allCases.map(\.name) + formulaColumns(model).map(\.name) + ["exit"]
        return .failure(ExplainProblem("'\(parts[1])' in \(text) is not an outcome; outcomes are \(known.joined(separator: ", "))"))
    }

    /// The fields `outcomes` need kept.
    public static func fields(_ outcomes: [ExplainOutcome]) -> [RecordedField] {
        var fields: [RecordedField] = []
        for outcome in outcomes {
            if case .field(let field) = outcome.kind, !fields.contains(field) { fields.append(field) }
        }
        return fields
    }

    /// The report's `let` columns: (name, index into `Model.formulas`), in report order.
    static func formulaColumns(_ model: Model) -> [(name: String, index: Int)] {
        model.report.columns.compactMap { column in
            if case .formula(let i) = column.column { return (column.name, i) }
            return nil
        }
    }
}

/// Why `race explain` cannot do what it was asked.
public struct ExplainProblem: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
