import RaceModel
import RaceSyntax

/// How an entity stands at the end (docs/reference/output.md `status`).
public enum EntityStatus: Equatable, Sendable {
    case active
    case exited
    case outOfCash
    case acquired(by: Int)
    case acquihired(by: Int)
    /// Not in the race yet: its `founded` month is after the horizon (docs/reference/uncertain-events.md).
    case notFounded
}

/// The recorded quantities of one entity in one month (docs/reference/month.md phase 6).
public enum RecordedField: Int, CaseIterable, Sendable {
    case cash, revenue, burn, compute, flop, chips, valuation, runway, paid, received, spend, debt

    public var name: String {
        switch self {
        case .cash: return "cash"
        case .revenue: return "revenue"
        case .burn: return "burn"
        case .compute: return "compute"
        case .flop: return "flop"
        case .chips: return "chips"
        case .valuation: return "valuation"
        case .runway: return "runway"
        case .paid: return "paid"
        case .received: return "received"
        case .spend: return "spend"
        case .debt: return "debt"
        }
    }

    public var dimension: Dimension {
        switch self {
        case .cash, .valuation, .paid, .received, .debt: return .money
        case .revenue, .burn, .spend: return .moneyRate
        case .compute: return .computeRate
        case .flop: return .flop
        case .chips: return .chips
        case .runway: return .time
        }
    }

    public init?(name: String) {
        guard let field = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = field
    }
}

/// Everything a run produces: the monthly rows, the final state, the log.
public struct RunResult: Sendable {
    public let model: Model
    /// `values[(step * entities + entity) * fields + field]`, for every recorded field.
    public let values: [Double]
    /// Values of the report's `let` columns: `[(step * entities + entity) * columns + column]`.
    public let formulaValues: [Double]
    /// Values of the plan's watched formulas (`Lowering.lower(_:watching:)`): `[step * watchCount + k]`.
    public let watchValues: [Double]
    public let watchCount: Int
    /// How many steps were run (the REPL may stop early).
    public let stepsRun: Int
    public let statuses: [EntityStatus]
    public let exitSteps: [Int?]
    /// The step each entity enters the race (`founded:`, docs/reference/uncertain-events.md):
    /// 0 for one there from the start, `stepsRun` or more for one not founded in the months run.
    public let foundingSteps: [Int]
    /// Final stakes: `owners[entity]` lists (holder, share) with share > 0.
    public let owners: [[(holder: Int, share: Double)]]
    /// The event log (docs/reference/output.md): actions carried out and labs running out of cash, in order.
    public let events: [RunEvent]
    public let skipped: [SkippedAction]
    public let warnings: [RunWarning]
    public let expectations: [ExpectationOutcome]
    /// Each `observe` (docs/reference/observations.md) beside the value the run gives at its month.
    public let observations: [ObservationOutcome]
    /// The actions `events` and `skipped` refer to, as the model declares them, with the
    /// `for each` variable of each one's rule (what the event log needs to say them in words).
    public let actions: [ActionDeclaration]
    public let actionVariables: [String?]

    public var entityCount: Int { model.entities.count }

    /// A recorded value; NaN for an untracked company's cash, +∞ for an unbounded runway.
    public func value(_ field: RecordedField, entity: Int, step: Int) -> Double {
        values[(step * entityCount + entity) * RecordedField.allCases.count + field.rawValue]
    }

    /// A report `let` column's value.
    public func formulaValue(column: Int, entity: Int, step: Int) -> Double {
        let columns = model.report.columns.filter { if case .formula = $0.column { return true }; return false }.count
        return formulaValues[(step * entityCount + entity) * columns + column]
    }

    /// Watched formula `k`'s value at the end of `step` (phase 6); NaN where it has none.
    public func watchValue(_ k: Int, step: Int) -> Double {
        watchValues[step * watchCount + k]
    }

}

/// An `observe` in a plain run: what the run gives where the observation was made.
public struct ObservationOutcome: Sendable {
    /// `Model.observations[index]`.
    public let index: Int
    /// The run's value at the observation's month (a condition: 1 where it held, else 0).
    public let value: Double
    /// The observed value and its error (a ratio when relative); nil for a condition.
    public let target: (value: Double, error: Double)?
}
