import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// `race diff A B` and the REPL's `:diff [A] B` (docs/reference/diff.md): checks and runs both scenarios,
/// finds what they assume differently, compares their outcomes, and attributes each
/// change to the assumptions by re-running A with one assumption of B at a time.
///
/// Why attribution works on statements and not on models: a checked `Model` refers to
/// params, formulas, entities and chips by index, so moving one of B's formulas into A's
/// model would mean remapping every index inside it (and re-checking its dimensions).
/// A scenario's statements refer to everything by name, and the checker already merges
/// redeclarations, `cancel` and `delay` (docs/reference/what-ifs.md). So "A with assumption k of B" is A's
/// statements plus B's statement for k (or minus A's), checked again: the same code path
/// as an extending file, and an edit that cannot stand alone (B's param that uses a param
/// A lacks) simply fails to check and gets no effect.
public enum DiffSession {
    /// One side of a diff: a file's statements (its bases in front), or a REPL fork's.
    public struct Scenario: Sendable {
        /// How the report calls it: the path as given, or the fork's name.
        public var name: String
        public var statements: [Statement]
        /// Where problems of the scenario as a whole point (its main file).
        public var origin: SourceFile?

        public init(name: String, statements: [Statement], origin: SourceFile? = nil) {
            self.name = name
            self.statements = statements
            self.origin = origin
        }
    }

    public struct Options: Sendable {
        /// The calendar month to compare (a month index, `year * 12 + month - 1`);
        /// `nil`: the horizon (the earlier one when the horizons differ).
        public var month: Int?
        /// The outcome fields, by default every field of docs/reference/output.md's `final`.
        public var fields: [RecordedField]
        /// Whether to re-run A once per assumption for attribution.
        public var attribution: Bool

        public init(month: Int? = nil, fields: [RecordedField] = RunJSON.finalFields, attribution: Bool = true) {
            self.month = month
            self.fields = fields
            self.attribution = attribution
        }
    }

    /// Attribution checks and runs A again once per assumption, so its cost is about the
    /// assumptions times the statements. Past this many (1,000 assumptions in two scenarios
    /// of 1,000 statements), it is left out and a warning says why: two files of 20,000
    /// params that differ in every one would take hours.
    public static let attributionBudget = 2_000_000

    /// Why there is no diff.
    public enum Problem: Error, Sendable, Equatable {
        /// A scenario has errors, or its run stopped; the diagnostics say where.
        case scenario
        /// The two cannot be compared as asked (different start months, a month outside a run).
        case incomparable(String)
        /// A sampled comparison stopped by its progress callback (Ctrl-C).
        case cancelled
    }

    /// The diff (when there is one), every diagnostic of both scenarios (warnings too,
    /// and the errors when there is no diff), and the problem when there is none.
    public struct Comparison: Sendable {
        public var diff: ScenarioDiff?
        public var diagnostics: [Diagnostic]
        public var problem: Problem?
        /// The plain runs of A and B, when both ran (for charts of the two).
        public var runA: RunResult? = nil
        public var runB: RunResult? = nil
    }

    /// Loads a file and everything it extends, as one side of a diff.
    public static func load(path: String, read: @escaping ScenarioLoader.Reader) -> (Scenario, [Diagnostic]) {
        let loaded = ScenarioLoader(read: read).load(path: path)
        return (Scenario(name: path, statements: loaded.statements, origin: loaded.source), loaded.diagnostics)
    }

    /// `race diff A B` on two files.
    public static func compare(pathA: String, pathB: String, read: @escaping ScenarioLoader.Reader,
                               options: Options = Options()) -> Comparison {
        let (a, problemsA) = load(path: pathA, read: read)
        let (b, problemsB) = load(path: pathB, read: read)
        if (problemsA + problemsB).hasErrors {
            return Comparison(diff: nil, diagnostics: problemsA + problemsB, problem: .scenario)
        }
        var comparison = compare(a, b, options: options)
        comparison.diagnostics = problemsA + problemsB + comparison.diagnostics
        return comparison
    }

    /// Compares two scenarios given as statements (what the REPL holds for each fork).
    public static func compare(_ a: Scenario, _ b: Scenario, options: Options = Options()) -> Comparison {
        let checkedA = Checker.check(a.statements, origin: a.origin)
        let checkedB = Checker.check(b.statements, origin: b.origin)
        var diagnostics = checkedA.diagnostics + checkedB.diagnostics
        guard let modelA = checkedA.model, let modelB = checkedB.model else {
            return Comparison(diff: nil, diagnostics: diagnostics, problem: .scenario)
        }

        let month: Int
        switch comparedMonth(modelA, modelB, a.name, b.name, requested: options.month) {
        case .success(let m): month = m
        case .failure(let problem): return Comparison(diff: nil, diagnostics: diagnostics, problem: problem)
        }

        let runA = Pipeline.run(modelA), runB = Pipeline.run(modelB)
        for (run, model) in [(runA, modelA), (runB, modelB)] {
            if case .failure(let error) = run { diagnostics.append(RunErrorText.diagnostic(error, model: model)) }
        }
        guard case .success(let resultA) = runA, case .success(let resultB) = runB else {
            return Comparison(diff: nil, diagnostics: diagnostics, problem: .scenario)
        }

        let assumptions = AssumptionDiff.compare(modelA, modelB)
        var variants: [RunResult?] = []
        let cost = assumptions.count * (a.statements.count + b.statements.count)
        if options.attribution && cost > attributionBudget {
            diagnostics.append(.warning(
                "attribution left out: \(assumptions.count) assumptions differ in scenarios of \(a.statements.count) and "
                    + "\(b.statements.count) statements, and it re-runs A once per assumption", at: nil,
                hint: "compare scenarios that differ in fewer assumptions to see what each one does"))
        } else if options.attribution {
            variants = assumptions.map { assumption in
                let edit = DiffVariant(a: a.statements, b: b.statements, modelA: modelA, modelB: modelB)
                guard let statements = edit.statements(applying: assumption.subject),
                      let model = Checker.check(statements, origin: a.origin).model,
                      case .success(let result) = Pipeline.run(model) else { return nil }
                return result
            }
        }
        let diff = ScenarioDiff.make(a: a.name, b: b.name, runA: resultA, runB: resultB, month: month,
                                     fields: options.fields, assumptions: assumptions, variants: variants)
        return Comparison(diff: diff, diagnostics: diagnostics, problem: nil, runA: resultA, runB: resultB)
    }

    /// The horizon (the earlier one) or the month asked for, when both runs contain it.
    /// Runs with different starts line up by calendar month, but their horizons are
    /// different points in each run's life; so comparing them needs an explicit month.
    static func comparedMonth(_ a: Model, _ b: Model, _ nameA: String, _ nameB: String,
                              requested: Int?) -> Result<Int, Problem> {
        let first = max(a.start, b.start), last = min(a.horizon, b.horizon)
        let both = first <= last ? "from \(MonthIndex.format(first)) to \(MonthIndex.format(last))" : nil
        if let requested {
            guard requested >= first && requested <= last else {
                let within = both.map { "both runs contain the months \($0)" } ?? "the two runs share no month"
                return .failure(.incomparable(
                    "\(MonthIndex.format(requested)) is not within both runs (\(nameA): \(span(a)); \(nameB): \(span(b))); \(within)"))
            }
            return .success(requested)
        }
        guard a.start == b.start else {
            var message = "the scenarios start in different months (\(nameA): \(MonthIndex.format(a.start)), "
                + "\(nameB): \(MonthIndex.format(b.start))), so their months do not line up step for step"
            if let both {
                message += "; compare them at a calendar month both runs contain with --at (\(both)), "
                    + "e.g. --at \(MonthIndex.format(last))"
            } else {
                message += ", and the two runs share no month"
            }
            return .failure(.incomparable(message))
        }
        return .success(last)
    }

    private static func span(_ model: Model) -> String {
        "\(MonthIndex.format(model.start))..\(MonthIndex.format(model.horizon))"
    }

    /// `YYYY-MM` as a month index, for `--at`; `nil` when it is not a valid month.
    public static func parseMonth(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return year * 12 + month - 1
    }
}
