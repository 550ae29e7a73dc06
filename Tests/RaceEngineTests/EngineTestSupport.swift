import XCTest
import RaceSyntax
import RaceModel
import RaceReport
@testable import RaceEngine

/// SplitMix64: a small seeded generator, so every random scenario can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Engine {
    /// Parses and checks a scenario; nil with the messages when it has errors.
    static func model(_ text: String, name: String = "test.race") -> (Model?, [Diagnostic]) {
        let source = SourceFile(name: name, text: text)
        let parsed = Parser.parse(source)
        if parsed.diagnostics.hasErrors { return (nil, parsed.diagnostics) }
        let checked = Checker.check(parsed.statements, origin: source)
        return (checked.model, parsed.diagnostics + checked.diagnostics)
    }

    /// Checks and runs a scenario to its horizon: the result, or the run error.
    static func outcome(_ text: String) throws -> Result<RunResult, RunError> {
        let (model, diagnostics) = model(text)
        guard let model else {
            throw Failure("the scenario does not check:\n" + DiagnosticRenderer().render(diagnostics))
        }
        do {
            let engine = try LaneEngine.plainRun(Lowering.lower(model))
            try engine.run()
            return .success(engine.result)
        } catch {
            return .failure(error)
        }
    }

    /// Runs a scenario that must run to its horizon.
    static func run(_ text: String) throws -> RunResult {
        switch try outcome(text) {
        case .success(let result): return result
        case .failure(let error): throw Failure("the run stopped: \(error.problem) (step \(error.step))")
        }
    }

    /// Runs a scenario that must stop with a run error; the error with its words.
    static func runError(_ text: String) throws -> WordedRunError {
        let (model, _) = model(text)
        switch try outcome(text) {
        case .success: throw Failure("the run did not stop")
        case .failure(let error): return WordedRunError(error: error, model: model!)
        }
    }

    /// Runs one sample alone: `draws` by distribution id (the medians when nil).
    static func runAlone(_ plan: Plan, draws: [Double]? = nil, fastPaths: Bool = true) throws -> RunResult {
        let engine = try LaneEngine.plainRun(plan, draws: draws, fastPaths: fastPaths)
        try engine.run()
        return engine.result
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// A run error with the words `RaceReport` gives it, for assertions on messages.
struct WordedRunError {
    let error: RunError
    let model: Model
    var message: String { RunErrorText.message(error.problem, model: model) }
    var step: Int { error.step }
    var sample: Int? { error.sample }
    var span: Span? { error.span }
    var diagnostic: Diagnostic { RunErrorText.diagnostic(error, model: model) }
}

/// Convenient reads of a run's result by entity name.
extension RunResult {
    func index(_ name: String) -> Int {
        guard let i = model.entityIndex(named: name) else { fatalError("no entity \(name)") }
        return i
    }

    /// A recorded field in the last month (or at `step`).
    func final(_ name: String, _ field: RecordedField, step: Int? = nil) -> Double {
        value(field, entity: index(name), step: step ?? (stepsRun - 1))
    }

    /// The stake `holder` has in `entity` at the end (0 when none).
    func stake(of holder: String, in entity: String) -> Double {
        owners[index(entity)].first { $0.holder == index(holder) }?.share ?? 0
    }

    func status(_ name: String) -> String { statusText(index(name)) }

    /// The event log's sentences.
    var eventTexts: [String] { events.map { text(of: $0) } }

    /// The event log as (month index from start, subject name or nil).
    var log: [(step: Int, entity: String?)] {
        events.map { ($0.step, $0.entity.map { model.entities[$0].name }) }
    }
}

/// Asserts `actual` is within a relative 1e-9 (absolute 1e-6) of `expected`.
func assertClose(_ actual: Double, _ expected: Double, _ message: String = "",
                 relative: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) {
    let tolerance = max(1e-6, relative * max(abs(actual), abs(expected)))
    XCTAssertTrue(abs(actual - expected) <= tolerance || (actual == expected),
                  "\(actual) is not \(expected) (±\(tolerance)) \(message)", file: file, line: line)
}

/// Seconds per month (docs/reference/units.md), to turn FLOP/s into the engine's FLOP per month.
let secondsPerMonth = 2_629_800.0
