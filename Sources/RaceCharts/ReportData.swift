import RaceEngine
import RaceReport

/// Where a scenario's numbers come from, as plain text gathered from its source files by the
/// session layer (the report never reads syntax): each assumption as written with the
/// comment that cites it.
public struct ReportSources: Sendable {
    /// The scenario's opening comment (its question), one paragraph per entry.
    public var introduction: [String]
    public var parameters: [ParameterSource]
    public var entities: [EntitySource]
    public var events: [EventSource]

    public init(introduction: [String] = [], parameters: [ParameterSource] = [], entities: [EntitySource] = [],
                events: [EventSource] = []) {
        self.introduction = introduction
        self.parameters = parameters
        self.entities = entities
        self.events = events
    }
}

/// `param name = value`, as it stands after redeclarations and `--set`.
public struct ParameterSource: Sendable {
    public var name: String
    /// The value as written (`50%/year`, `$25k to $40k`).
    public var value: String
    /// The shape when the value is uncertain (`lognormal`, `normal`, `uniform`), else nil.
    public var distribution: String?
    /// The comment that cites it (`assumption: …`, `press: …`), or where it was set.
    public var source: String
    /// `Scenarios/baseline-2024.race:21`.
    public var location: String

    public init(name: String, value: String, distribution: String?, source: String, location: String) {
        self.name = name
        self.value = value
        self.distribution = distribution
        self.source = source
        self.location = location
    }
}

/// A lab or company with the fields as declared (the last declaration of each).
public struct EntitySource: Sendable {
    public var name: String
    public var kind: String
    /// The comment above the declaration.
    public var source: String
    public var fields: [FieldSource]

    public init(name: String, kind: String, source: String, fields: [FieldSource]) {
        self.name = name
        self.kind = kind
        self.source = source
        self.fields = fields
    }
}

public struct FieldSource: Sendable {
    public var name: String
    public var value: String
    public var source: String

    public init(name: String, value: String, source: String) {
        self.name = name
        self.value = value
        self.source = source
    }
}

/// A scheduled event as written: when, what, and the comment that cites it.
public struct EventSource: Sendable {
    public var label: String?
    /// `2025-03`, or `every 6 months from 2025-01`.
    public var schedule: String
    public var actions: [String]
    public var source: String
    public var location: String

    public init(label: String?, schedule: String, actions: [String], source: String, location: String) {
        self.label = label
        self.schedule = schedule
        self.actions = actions
        self.source = source
        self.location = location
    }
}

/// How much each random input moves each outcome (`race explain`, docs/reference/explain.md): the report shows it
/// when given one. Rows are ranked already, most influential first.
public struct SensitivityRanking: Sendable {
    public struct Row: Sendable {
        /// The input: a parameter's name, an event label, or `file:line:col`.
        public var input: String
        /// The outcome, `OpenAI.cash` or `OpenAI exit`.
        public var outcome: String
        /// Spearman's rank correlation of input and outcome.
        public var correlation: Double
        /// The outcome's median among samples with the input in its lowest and highest tenth.
        public var low: Double
        public var high: Double
        /// How the outcome is written (`$40B`).
        public var format: ValueFormat

        public init(input: String, outcome: String, correlation: Double, low: Double, high: Double, format: ValueFormat) {
            self.input = input
            self.outcome = outcome
            self.correlation = correlation
            self.low = low
            self.high = high
            self.format = format
        }
    }

    public var rows: [Row]
    /// How it was measured (`2,000 samples`, or `one at a time, p5 and p95`).
    public var method: String

    public init(rows: [Row], method: String) {
        self.rows = rows
        self.method = method
    }
}

/// Everything `race report` puts in one HTML file.
public struct ScenarioReport: Sendable {
    /// The scenario file as given.
    public var path: String
    /// The command that made it, to make it again.
    public var command: String
    public var sources: ReportSources
    /// The plain run (every distribution at its median): the event log, and the numbers
    /// when there are no samples.
    public var run: RunResult
    /// With `--samples`: the same scenario over the samples, with every month kept.
    public var monteCarlo: MonteCarloResult?
    public var sensitivity: SensitivityRanking?

    public init(path: String, command: String, sources: ReportSources, run: RunResult, monteCarlo: MonteCarloResult? = nil,
                sensitivity: SensitivityRanking? = nil) {
        self.path = path
        self.command = command
        self.sources = sources
        self.run = run
        self.monteCarlo = monteCarlo
        self.sensitivity = sensitivity
    }
}
