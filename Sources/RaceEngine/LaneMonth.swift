import RaceModel
import RaceSyntax

/// The month loop (docs/reference/month.md): seven phases per month, all lanes together.
extension LaneEngine {
    /// Runs every month to the horizon.
    public func run() throws(RunError) {
        try run(through: plan.steps - 1)
    }

    /// Runs months until `lastStep` (inclusive) or the horizon, whichever is first. The run
    /// stops at the end of that month's record: its growth (phase 7) waits for the next
    /// month, so what is read then is the month's end, as its recorded row shows it.
    public func run(through lastStep: Int) throws(RunError) {
        while step < plan.steps && step <= lastStep {
            if ledger.growthPending {
                grow()
                for e in 0..<entityCount where ledger.settledEarly[e] { ledger.settledEarly[e] = false }
                ledger.growthPending = false
            }
            try runMonth()
            step += 1
        }
    }

    /// Whether every month has run.
    public var isFinished: Bool { step >= plan.steps }

    private func runMonth() throws(RunError) {
        admitFounded()
        deliver()
        try checkOverflow(span: nil)
        try applyEvents()
        try applyRules()
        try applyFlows()
        exitBankruptLabs()
        if step == plan.steps - 1 { captureReportFormulas() }
        recorder?.record(self)
        try checkExpectations()
        try recordObservations()
        ledger.growthPending = true
    }

    /// Phase 1: deliveries arrive; contracts and builds past their last month end.
    private func deliver() {
        if !ledger.deliveries.isEmpty {
            let now = step
            for (number, delivery) in ledger.deliveries.removeAll(where: { $0.step <= now }) {
                let count = memory.row(delivery.count), target = fleetRow(delivery.entity, delivery.chip)
                let a = row(.active, delivery.entity)
                for s in 0..<lanes where a[s] != 0 { target[s] += count[s] }
                ledger.deliveriesOf[delivery.entity].removeAll { $0 == number }
                memory.release(delivery.count)
                refreshFleetTotals(of: delivery.entity)
            }
        }
        if !ledger.contracts.isEmpty {
            let now = step
            let ended = ledger.contracts.removeAll { $0.lastStep < now }
            for (number, contract) in ended {
                ledger.rentedBy[contract.renter].removeAll { $0 == number }
                ledger.providedBy[contract.provider].removeAll { $0 == number }
                returnLeasedChips(contract, lanes: nil)
                memory.release(contract.payment)
                memory.release(contract.chips)
                if let leased = contract.leased { memory.release(leased) }
            }
            for renter in Set(ended.map(\.item.renter)).sorted() { refreshContractTotals(of: renter) }
        }
        if !ledger.builds.isEmpty {
            let now = step
            let ended = ledger.builds.removeAll { $0.lastStep < now }
            for (number, build) in ended {
                ledger.buildsOf[build.builder].removeAll { $0 == number }
                memory.release(build.payment)
            }
            for builder in Set(ended.map(\.item.builder)).sorted() { refreshContractTotals(of: builder) }
        }
        for e in 0..<entityCount where !ledger.loansOf[e].isEmpty { refreshLoanPayments(of: e) }
    }

    /// Phase 5: labs below zero run out of cash (per lane); a company's tracked balance below
    /// zero gets one warning (in the logged lane).
    private func exitBankruptLabs() {
        let zero = LaneVector(repeating: 0), leaving = mask(.leaving)
        for k in 0..<plan.labs.count where !ledger.settledEarly[plan.labs[k]] && ledger.activeAnywhere[plan.labs[k]] {
            let e = plan.labs[k], a = row(.active, e), money = row(.cash, e)
            var some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in
                let out = (a.vector(at: s) .!= zero) .& (money.vector(at: s) .< zero)
                leaving.set(out, at: s)
                some .|= out
            }
            if anyLane(some) { leave(e, as: .outOfCash, lanes: leaving) }
        }
        guard let lane = logLane else { return }
        for e in plan.companies where tracksCash[e] && !ledger.warned[e] {
            let money = row(.cash, e)
            if row(.active, e)[lane] != 0 && money[lane] < 0 {
                ledger.warned[e] = true
                ledger.warnings.append(RunWarning(step: step, entity: e, kind: .belowZero(cash: money[lane])))
            }
        }
    }

    /// The report's `let` columns at the horizon, taken after phase 5, before growth.
    private func captureReportFormulas() {
        for (k, index) in plan.reportFormulas.enumerated() {
            for e in 0..<entityCount { evaluate(plan.letFormulas[index], bound: e, into: finalFormulaRow(k, e)) }
        }
        stack.evaluationProblem = nil
        forgetArithmetic()
    }

    /// The expectations dated this month (phase 6): per expectation, the sample lanes in which
    /// it held, and in the logged lane whether it held with the values of its sides.
    private func checkExpectations() throws(RunError) {
        guard expectationDue[step] else { return }
        let condition = scratch(.expectation), side = scratch(.record), due = mask(.action)
        for (i, expectation) in plan.expectations.enumerated() where expectation.at != nil || expectation.step == step {
            guard dueLanes(expectation: i, into: due) else { continue }
            evaluate(expectation.formula, bound: -1, into: condition)
            try checkEvaluation(span: plan.model.expectations[i].span, lanes: due)
            for s in 0..<samples where due[s] && condition[s] != 0 && !condition[s].isNaN { ledger.expectationsHeld[i] += 1 }
            guard let lane = logLane, due[lane] else { continue }
            let sides = expectation.sides.map { formula -> Double in
                evaluate(formula, bound: -1, into: side)
                return side[lane]
            }
            stack.evaluationProblem = nil
            forgetArithmetic()
            ledger.expectationOutcomes.append(ExpectationOutcome(index: i, passed: condition[lane] != 0 && !condition[lane].isNaN, sides: sides))
        }
    }

    /// The observations dated this month (docs/reference/observations.md), where expectations are checked: what each
    /// saw in every lane. A condition is 1 where it held, else 0.
    private func recordObservations() throws(RunError) {
        let seen = scratch(.record), due = mask(.action)
        for (k, observation) in plan.observations.enumerated() where observation.at != nil || observation.step == step {
            guard dueLanes(observation: k, into: due) else { continue }
            evaluate(observation.formula, bound: -1, into: seen)
            try checkEvaluation(span: plan.model.observations[k].span, lanes: due)
            let target = observationRow(k), isCondition = observation.observed == nil
            for s in 0..<lanes where due[s] {
                target[s] = isCondition ? (seen[s] != 0 && !seen[s].isNaN ? 1 : 0) : seen[s]
            }
        }
    }

    /// After an evaluation whose lanes are read: a problem (a loop between formulas) or a
    /// non-finite value made by arithmetic in those lanes stops the run.
    func checkEvaluation(span: @autoclosure () -> RaceSyntax.Span?, lanes: LaneMask?) throws(RunError) {
        if let problem = stack.evaluationProblem {
            stack.evaluationProblem = nil
            throw error(problem, span: span(), lane: lanes?.first() ?? 0)
        }
        if stack.arithmeticFailed { try checkArithmetic(in: lanes, span: span()) }
    }
}
