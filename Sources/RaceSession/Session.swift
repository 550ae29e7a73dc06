import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// An interactive session (docs/reference/repl.md): the statements typed so far, the model they check to,
/// and a clock that stays where the last `:step`, `:goto` or `:run` stopped.
///
/// Every change re-checks the whole scenario and re-runs it from month 0 to the clock:
/// a plan is cheap to make (DESIGN.md), so nothing incremental is needed. A line with
/// an error changes nothing.
public final class Session {
    /// One accepted REPL entry: its text and statements.
    struct Entry {
        var text: String
        var statements: [Statement]
    }

    /// A named copy of the scenario (`:fork`).
    struct Fork {
        var loadedPath: String?
        var baseStatements: [Statement] = []
        /// The text of every file read for `baseStatements`, for the journal (`:recover`).
        var loadedFiles: [SourceText] = []
        var entries: [Entry] = []
        /// Months run so far (0: nothing run yet).
        var clock = 0
    }

    /// What a line produced: text for standard output, diagnostics for standard error.
    public struct Reply: Equatable {
        public var output: String = ""
        /// Diagnostics: errors, and warnings about a change that was accepted.
        public var errors: String = ""
        public var quit = false
        /// Whether the entry failed (an error, not just warnings): the state is as it was.
        public var failed = false

        /// `failed` defaults to whether there are `errors`: give `false` for warnings only.
        public init(output: String = "", errors: String = "", quit: Bool = false, failed: Bool? = nil) {
            self.output = output
            self.errors = errors
            self.quit = quit
            self.failed = failed ?? !errors.isEmpty
        }

        /// A failed entry with this message.
        static func error(_ text: String) -> Reply { Reply(errors: text, failed: true) }
    }

    let io: SessionIO
    var forks: [String: Fork] = ["main": Fork()]
    var forkOrder = ["main"]
    public internal(set) var currentFork = "main"
    /// Files this session loaded or wrote: `:save` overwrites only these without `!`.
    var ownedFiles: Set<String> = []
    /// Lines typed so far, so each entry's diagnostics name its line (`<repl>:3:14`).
    var linesTyped = 0
    /// The checked model and the run at the clock, for the current fork.
    var model: Model?
    var engine: LaneEngine?
    /// Whether diagnostics are coloured.
    public var colour = false
    /// The cells a `:plot` fills (the terminal's size), and whether it is coloured.
    public var chartSize: () -> (columns: Int, rows: Int) = { (80, 24) }
    public var chartColour = false
    /// Asked between months of a `:run`/`:step`/`:goto`: true stops it there (Ctrl-C).
    public var shouldStop: () -> Bool = { false }
    /// Where every change is recorded as it is made, for `:recover` after a crash.
    public var journal: SessionJournal?
    /// Told after each month of a `:run`/`:step`/`:goto`: months run so far in this
    /// command, and how many it will run (for a progress bar on a long run).
    public var progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }

    public init(io: SessionIO) {
        self.io = io
        _ = rebuild()
    }

    var fork: Fork {
        get { forks[currentFork]! }
        set { forks[currentFork] = newValue }
    }

    /// Every statement of the current fork: the loaded file's, then the typed ones.
    func statements(of fork: Fork) -> [Statement] {
        fork.baseStatements + fork.entries.flatMap(\.statements)
    }

    /// Whether `text` stops inside an unfinished construct (an open `{` or `(`, a trailing
    /// operator): the REPL then asks for another line with a continuation prompt.
    public func isIncomplete(_ text: String) -> Bool {
        let trimmed = text.trimmed()
        if trimmed.isEmpty || trimmed.hasPrefix(":") { return false }
        let source = SourceFile(name: "<repl>", text: text)
        if startsStatement(trimmed) { return Parser.parse(source).isIncomplete }
        return Parser.parseExpression(source).isIncomplete
    }

    /// Handles one entry: a command (`:step 6`), statements, or an expression to evaluate.
    public func handle(_ text: String) -> Reply {
        let lineCount = max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count)
        defer { journal?.record(self) }  // runs last: after the line count below
        defer { linesTyped += lineCount }
        let trimmed = text.trimmed()
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return Reply() }
        if trimmed.hasPrefix(":") { return command(trimmed) }
        let source = SourceFile(name: "<repl>", text: text, firstLine: linesTyped + 1)
        if startsStatement(trimmed) { return addStatements(source, text: trimmed) }
        return evaluate(source)
    }

    /// Statement keywords; any other line is an expression to evaluate.
    static let statementKeywords: Set<String> = [
        "scenario", "start", "horizon", "run", "param", "let", "chip", "lab", "company", "on", "every", "when",
        "whenever", "for", "cancel", "delay", "report", "expect", "extends", "observe",
    ]

    func startsStatement(_ text: String) -> Bool {
        let word = text.prefix { $0.isLetter || $0 == "_" || $0.isNumber }
        return Self.statementKeywords.contains(String(word))
    }

    private func addStatements(_ source: SourceFile, text: String) -> Reply {
        let parsed = Parser.parse(source)
        if parsed.diagnostics.hasErrors { return Reply(errors: render(parsed.diagnostics), failed: true) }
        if let extends = parsed.statements.first(where: { if case .extends = $0.kind { return true }; return false }) {
            return Reply(errors: render([.error("'extends' is for files; in the REPL use :load FILE", at: extends.span)]), failed: true)
        }
        let previous = fork
        fork.entries.append(Entry(text: text, statements: parsed.statements))
        var reply = rebuild()
        if reply.failed {
            restore(previous)
            return Reply(errors: reply.errors, failed: true)
        }
        if fork.clock > 0 { reply.output += "re-ran \(monthRange(fork.clock)) with the change\n" }
        return reply
    }

    /// Puts a fork back as it was before a change that failed, with its run at the same month.
    func restore(_ previous: Fork) {
        fork = previous
        rebuild()
    }

    /// Re-checks the current fork and re-runs it to the clock. Errors leave `model` nil and
    /// the reply `failed`; the caller puts the previous fork back.
    ///
    /// A scenario typed from scratch has no `start` or `horizon` at first: it is then checked
    /// with a stand-in header (so a wrong name or unit is still caught at once) but not run.
    @discardableResult
    func rebuild() -> Reply {
        model = nil
        engine = nil
        let all = statements(of: fork)
        if all.isEmpty { return Reply() }
        if let missing = Self.missingHeader(all) {
            let checked = Checker.check(all + Self.standInHeader(for: all))
            let errors = checked.diagnostics.filter(\.isError)
            if !errors.isEmpty { return Reply(errors: render(errors), failed: true) }
            fork.clock = 0
            return Reply(output: "(not run yet: the scenario needs \(missing))\n")
        }
        let checked = Checker.check(all)
        if checked.diagnostics.hasErrors {
            return Reply(errors: render(checked.diagnostics.filter(\.isError)), failed: true)
        }
        var reply = Reply()
        let warnings = checked.diagnostics.filter { !$0.isError }
        if !warnings.isEmpty { reply.errors = render(warnings) }
        guard let model = checked.model else { return Reply.error("error: the scenario does not check\n") }
        self.model = model
        fork.clock = min(fork.clock, model.steps)
        do {
            let engine = try LaneEngine.plainRun(Lowering.lower(model))
            if fork.clock > 0 { try engine.run(through: fork.clock - 1) }
            self.engine = engine
        } catch {
            reply.errors += render([RunErrorText.diagnostic(error, model: model)])
            reply.failed = true
        }
        return reply
    }

    /// What the statements lack to be run: `'start'`, `'horizon'` or both; nil when nothing.
    static func missingHeader(_ statements: [Statement]) -> String? {
        var hasStart = false, hasEnd = false
        for statement in statements {
            switch statement.kind {
            case .start: hasStart = true
            case .horizon, .runLength: hasEnd = true
            default: break
            }
        }
        switch (hasStart, hasEnd) {
        case (true, true): return nil
        case (true, false): return "'horizon 2026-12' (or 'run 24 months')"
        case (false, true): return "'start 2025-01'"
        case (false, false): return "'start 2025-01' and 'horizon 2026-12'"
        }
    }

    /// A wide header for checking a scenario that has no start or no horizon yet.
    static func standInHeader(for statements: [Statement]) -> [Statement] {
        var start: Int?, horizon: Int?, hasLength = false
        for statement in statements {
            switch statement.kind {
            case .start(let date): start = date.month
            case .horizon(let date): horizon = date.month
            case .runLength: hasLength = true
            default: break
            }
        }
        var text = ""
        if start == nil { text += "start \(MonthIndex.format(horizon.map { max(0, $0 - 1199) } ?? 1950 * 12))\n" }
        if horizon == nil && !hasLength { text += "horizon \(MonthIndex.format((start ?? 1950 * 12) + 1199))\n" }
        return Parser.parse(SourceFile(name: "<stand-in header>", text: text)).statements
    }

    func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(colour: colour).render(diagnostics)
    }

    /// `2025-01..2025-06`, the months run so far.
    func monthRange(_ clock: Int) -> String {
        guard let model else { return "" }
        return "\(MonthIndex.format(model.start))..\(MonthIndex.format(model.start + clock - 1))"
    }

    /// `EXPR` or `:eval EXPR` against the state now.
    func evaluate(_ source: SourceFile) -> Reply {
        let (query, problems, _) = Parser.parseQuery(source)
        guard let query, !problems.hasErrors else {
            var diagnostics = problems
            if diagnostics.isEmpty { diagnostics = [.error("expected a statement, a :command or an expression", at: Span(file: source, start: 0, end: 0))] }
            return Reply(errors: render(diagnostics) + "  (:help lists the commands; actions go in an event: on DATE: ACTION)\n",
                         failed: true)
        }
        guard let model, let engine else { return noScenario() }
        let checked = Checker.checkQuery(query, against: statements(of: fork))
        guard let formula = checked.formula else { return Reply(errors: render(checked.diagnostics), failed: true) }
        let value: Double, when: String
        if let step = checked.step {
            // `X.FIELD at DATE`: the value recorded at the end of a month already run.
            guard step < fork.clock else {
                let now = fork.clock == 0 ? "nothing is run yet" : "the clock is at \(MonthIndex.format(model.start + fork.clock - 1))"
                return Reply.error("error: \(MonthIndex.format(model.start + step)) has not been run yet (\(now)); "
                                   + ":goto \(MonthIndex.format(model.start + step)) first\n")
            }
            guard let recorded = valueRecorded(formula, at: step, in: model) else { return Reply.error("error: the run failed\n") }
            value = recorded
            when = "at the end of \(MonthIndex.format(model.start + step))"
        } else {
            value = engine.evaluate(formula)
            when = fork.clock == 0 ? "before \(MonthIndex.format(model.start))" : "at the end of \(MonthIndex.format(model.start + fork.clock - 1))"
        }
        let shown: String
        if checked.isCondition { shown = value != 0 ? "true" : "false" }
        else if let d = checked.dimension {
            shown = value.isNaN ? QuantityFormat.noValue : value.isInfinite ? (d == .time ? "∞ (nothing is burnt)" : "∞") : QuantityFormat.human(value, d)
        } else { shown = Self.month(value) }
        return Reply(output: "\(shown)   (\(when))\n")
    }

    /// A date's value (a month index) as `YYYY-MM`; one no calendar holds (`2025-01 + 1e300
    /// months`, a NaN) as "no value" rather than a trap converting it to an integer.
    static func month(_ value: Double) -> String {
        MonthIndex.format(value) ?? QuantityFormat.noValue
    }

    /// A formula's value at the end of `step` (its record, phase 6): the scenario run again to
    /// that month with the formula watched.
    func valueRecorded(_ formula: Formula, at step: Int, in model: Model) -> Double? {
        guard let engine = try? LaneEngine.plainRun(Lowering.lower(model, watching: [formula])),
              (try? engine.run(through: step)) != nil else { return nil }
        return engine.result.watchValue(0, step: step)
    }
}
