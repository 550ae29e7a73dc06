import RaceModel

/// Phase 6 (docs/reference/month.md): what is kept of each month. The engine calls its recorder at the end of
/// every month; a plain run keeps every month of its one sample (`PlainRecorder`), Monte
/// Carlo with `--series` every month of every sample (`MonteCarlo`'s recorder), and a Monte
/// Carlo run without it keeps only the horizon, read when the run is over.
protocol MonthRecorder: AnyObject {
    func record(_ engine: LaneEngine)
}

extension LaneEngine {
    /// A recorded field of entity `e` this month in every lane: a row of the state, or worked
    /// out into `scratch` (NaN for an unbounded company's cash, +∞ for a runway that does
    /// not exist).
    func recordedRow(_ field: RecordedField, _ e: Int, scratch target: LaneRow) -> LaneRow {
        switch field {
        case .cash:
            if tracksCash[e] { return row(.cash, e) }
            target.fill(.nan)
            return target
        case .revenue: return row(.monthRevenue, e)
        case .burn: return row(.monthBurn, e)
        case .spend: return row(.monthSpend, e)
        case .compute: return row(.monthCompute, e)
        case .chips: return row(.monthChips, e)
        case .flop: return row(.flop, e)
        case .valuation: return row(.valuation, e)
        case .paid: return row(.paid, e)
        case .received: return row(.received, e)
        case .debt: return row(.debt, e)
        case .runway:
            runway(e, spend: row(.monthSpend, e), revenue: row(.monthRevenue, e), into: target)
            return target
        }
    }

    /// A report `let` column's value for entity `e` now, in every lane; not finite where the
    /// formula gives no number (shown as missing, not an error: a column is a view).
    func reportColumn(_ k: Int, _ e: Int, into target: LaneRow) {
        evaluate(plan.letFormulas[plan.reportFormulas[k]], bound: e, into: target)
        stack.evaluationProblem = nil
        forgetArithmetic()
    }

    /// The final value of a field in one lane, in `RunResult.value`'s units.
    public func finalValue(_ field: RecordedField, entity e: Int, lane s: Int) -> Double {
        recordedRow(field, e, scratch: scratch(.record))[s]
    }

    /// A report `let` column at the horizon in one lane.
    public func finalFormula(column k: Int, entity e: Int, lane s: Int) -> Double {
        finalFormulaRow(k, e)[s]
    }

    public func status(entity e: Int, lane s: Int) -> EntityStatus { StatusCode.decode(Int32(row(.status, e)[s])) }

    /// The step at which the entity left in this lane, or nil.
    public func exitStep(entity e: Int, lane s: Int) -> Int? {
        let value = row(.exitStep, e)[s]
        return value < 0 ? nil : Int(value)
    }

    /// The stake `holder` has in `entity` in this lane.
    public func stake(of holder: Int, in entity: Int, lane s: Int) -> Double { stakeRow(of: holder, in: entity)?[s] ?? 0 }

    /// What observation `k` saw in this lane (NaN before its month); a condition is 1 or 0.
    public func observedValue(_ k: Int, lane s: Int) -> Double { observationRow(k)[s] }

    /// Observation `k`'s stated value and error (base units; the error a ratio when
    /// relative), or nil for a condition. Static: the same in every lane.
    public func observationTarget(_ k: Int) -> (value: Double, error: Double)? {
        let observation = plan.observations[k]
        guard let observed = observation.observed, let error = observation.error else { return nil }
        let work = scratch(.record)
        evaluate(observed, bound: -1, into: work)
        let value = work[0]
        evaluate(error, bound: -1, into: work)
        stack.evaluationProblem = nil
        forgetArithmetic()
        return (value, work[0])
    }

    /// The holders of `entity` in the order they first held a stake.
    public func holders(of entity: Int) -> [Int] { ledger.holdersOf[entity] }

    /// The stakes `holder` has in `entity`, summed over the samples in lane order from zero.
    public func stakeSum(of holder: Int, in entity: Int) -> Double {
        guard let stake = stakeRow(of: holder, in: entity) else { return 0 }
        var sum = 0.0
        for s in 0..<samples { sum += stake[s] }
        return sum
    }
}

/// Keeps every month of lane 0: a plain run's rows, report columns and watched formulas.
final class PlainRecorder: MonthRecorder {
    private(set) var values: [Double]
    private(set) var formulaValues: [Double]
    private(set) var watchValues: [Double]
    let entities: Int
    let columns: Int
    let watches: Int

    init(plan: Plan) {
        entities = plan.entityCount
        columns = plan.reportFormulas.count
        watches = plan.watchFormulas.count
        values = Array(repeating: .nan, count: plan.steps * entities * RecordedField.allCases.count)
        formulaValues = Array(repeating: .nan, count: plan.steps * entities * columns)
        watchValues = Array(repeating: .nan, count: plan.steps * watches)
    }

    func record(_ engine: LaneEngine) {
        let step = engine.step, fields = RecordedField.allCases.count, work = engine.scratch(.record)
        for e in 0..<entities {
            let base = (step * entities + e) * fields
            for field in RecordedField.allCases { values[base + field.rawValue] = engine.recordedRow(field, e, scratch: work)[0] }
            for k in 0..<columns {
                engine.reportColumn(k, e, into: work)
                formulaValues[(step * entities + e) * columns + k] = work[0]
            }
        }
        for (k, formula) in engine.plan.watchFormulas.enumerated() {
            engine.evaluate(formula, bound: -1, into: work)
            engine.stack.evaluationProblem = nil
            engine.forgetArithmetic()
            watchValues[step * watches + k] = work[0]
        }
    }
}

extension LaneEngine {
    /// A plain run of `plan` that keeps every month: the engine, ready to run, and its record.
    /// `draws` gives one sample's draws (a Monte Carlo sample run alone); by default each
    /// distribution takes its median (docs/reference/uncertainty.md).
    public static func plainRun(_ plan: Plan, draws: [Double]? = nil, fastPaths: Bool = true) throws(RunError) -> LaneEngine {
        if let problem = memoryProblem(plan) { throw RunError(problem, span: plan.entities.last?.span, step: 0, sample: nil) }
        let engine = try LaneEngine(plan: plan, draws: draws.map { .given($0.map { [$0] }) } ?? .medians, fastPaths: fastPaths)
        engine.recorder = PlainRecorder(plan: plan)
        return engine
    }

    /// Bytes a plain run keeps: every month of every entity's recorded fields and report
    /// columns, and the engine's rows (one vector of lanes each). A Double, so no count can
    /// overflow.
    public static func bytesNeeded(_ plan: Plan) -> Double {
        let months = Double(plan.steps), entities = Double(plan.entityCount)
        let recorded = months * (entities * Double(RecordedField.allCases.count + plan.reportFormulas.count)
                                 + Double(plan.watchFormulas.count)) * 8
        let rows = Double(RowLayout(plan: plan).rows) * Double(LaneVector.scalarCount) * 8
        return recorded + rows
    }

    /// Why a plain run of `plan` cannot run here (it would need more than the Monte Carlo
    /// budget, three quarters of the machine's memory), or nil: an error before anything is
    /// allocated rather than a process killed for its memory.
    public static func memoryProblem(_ plan: Plan, budget: Double = MonteCarlo.memoryBudget) -> RunProblem? {
        let need = bytesNeeded(plan)
        guard need > budget else { return nil }
        return .tooLargePlain(bytes: need, available: budget / 0.75, entities: plan.entityCount, months: plan.steps)
    }

    /// What the run has produced so far, for lane 0 (a plain run made by `plainRun`).
    public var result: RunResult {
        let recorded = recorder as? PlainRecorder ?? PlainRecorder(plan: plan)
        let owners = (0..<entityCount).map { e in
            ledger.holdersOf[e].sorted().compactMap { h -> (holder: Int, share: Double)? in
                let share = stake(of: h, in: e, lane: 0)
                return share > 0 ? (h, share) : nil
            }
        }
        return RunResult(model: plan.model, values: recorded.values, formulaValues: recorded.formulaValues,
                         watchValues: recorded.watchValues, watchCount: plan.watchFormulas.count, stepsRun: step,
                         statuses: (0..<entityCount).map { status(entity: $0, lane: 0) },
                         exitSteps: (0..<entityCount).map { exitStep(entity: $0, lane: 0) },
                         foundingSteps: (0..<entityCount).map { Int(min(max(row(.founded, $0)[0], 0), Double(plan.steps))) },
                         owners: owners,
                         events: ledger.events, skipped: ledger.skipped, warnings: ledger.warnings, expectations: ledger.expectationOutcomes,
                         observations: plan.observations.indices.map { k in
                             ObservationOutcome(index: k, value: observedValue(k, lane: 0), target: observationTarget(k)) },
                         actions: plan.declarations, actionVariables: plan.variables)
    }

    /// Evaluates a checked formula against the state now in lane 0 (the REPL's `:eval`): after
    /// `run(through:)`, the end of the last month run. It may name distributions only by the
    /// ids the plan has.
    public func evaluate(_ formula: Formula) -> Double {
        var code: [Instruction] = []
        let depth = FormulaCompiler.compile(formula, into: &code)
        reserveStack(stack.top + depth + layout.stackRows)
        let target = scratch(.record)
        // After `run(through:)` the month last run still owes its growth: its end is read,
        // with `t`, `date` and `age` saying that month.
        let now = step
        if ledger.growthPending { step -= 1 }
        run(code, from: 0, to: code.count, bound: -1, into: target)
        step = now
        stack.evaluationProblem = nil
        forgetArithmetic()
        return target[0]
    }
}

extension LaneEngine {
    /// Each distribution's draw in one lane, by distribution id.
    public func draws(lane s: Int) -> [Double] { (0..<plan.distributions.count).map { drawRow($0)[s] } }
}
