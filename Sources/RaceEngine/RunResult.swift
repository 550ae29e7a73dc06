import RaceModel
import RaceSyntax

/// How an entity stands at the end (§10 `status`).
public enum EntityStatus: Equatable, Sendable {
    case active
    case exited
    case outOfCash
    case acquired(by: Int)
    case acquihired(by: Int)
}

/// The recorded quantities of one entity in one month (§7 phase 6).
public enum RecordedField: Int, CaseIterable, Sendable {
    case cash, revenue, burn, compute, flop, chips, valuation, runway, paid, received, spend

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
        }
    }

    public var dimension: Dimension {
        switch self {
        case .cash, .valuation, .paid, .received: return .money
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

/// A line of the event log: an action carried out, or a lab running out of cash.
public struct LogEntry: Sendable {
    public let step: Int
    /// The subject of the sentence; `nil` for `note`.
    public let entity: Int?
    /// What happened, with the amounts computed that month.
    public let text: String
    /// The action as the scenario wrote it (a rule's variable replaced), or `text` for an
    /// entry that is no action: which statement this entry came from.
    public let written: String

    public init(step: Int, entity: Int?, text: String, written: String? = nil) {
        self.step = step
        self.entity = entity
        self.text = text
        self.written = written ?? text
    }
}

/// An action that was not carried out because an entity it names has left the race (§5).
public struct SkippedAction: Sendable {
    public let step: Int
    public let entity: Int?
    public let text: String
    public let reason: String
}

/// A company whose tracked balance went below zero (reported once per company).
public struct BalanceWarning: Sendable {
    public let step: Int
    public let entity: Int
    public let cash: Double
}

/// Whether an `expect` held.
public struct ExpectationOutcome: Sendable {
    public let index: Int
    public let passed: Bool
    /// The values of the two sides of a comparison, for the failure message.
    public let sides: [Double]
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
    /// Final stakes: `owners[entity]` lists (holder, share) with share > 0.
    public let owners: [[(holder: Int, share: Double)]]
    public let events: [LogEntry]
    public let skipped: [SkippedAction]
    public let warnings: [BalanceWarning]
    public let expectations: [ExpectationOutcome]

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

    /// The text of a status (§10): `active`, `out of cash`, `acquired by NAME`, …
    public func statusText(_ entity: Int) -> String {
        RunResultText.status(statuses[entity], entities: model.entities.map(\.name))
    }
}

/// A problem found while running (§5, §7): the run stops and says where and when.
public struct RunError: Error, Sendable {
    public let message: String
    public let span: Span?
    public let step: Int
    /// The Monte Carlo sample, when there are several.
    public let sample: Int?

    public init(message: String, span: Span?, step: Int, sample: Int?) {
        self.message = message
        self.span = span
        self.step = step
        self.sample = sample
    }

    /// As a diagnostic: `file:line:col: error: in 2025-07: …`.
    public func diagnostic(start: Int) -> Diagnostic {
        let when = "in \(MonthIndex.format(start + step))" + (sample.map { ", sample \($0)" } ?? "")
        return .error("\(when): \(message)", at: span)
    }
}
