import RaceModel
import RaceSyntax

/// Phase 3 (§6): rules in source order; under `for each`, entities in declaration order.
/// A `when` fires at most once per entity and lane, a `whenever` every month its condition
/// holds; the rule's actions run in the lanes where it fired.
extension LaneEngine {
    func applyRules() throws(RunError) {
        for r in plan.rules.indices {
            let rule = plan.rules[r]
            switch rule.forEach {
            case .lab?: for e in plan.labs where activeAnywhere[e] { try apply(rule, r, bound: e) }
            case .company?: for e in plan.companies where activeAnywhere[e] { try apply(rule, r, bound: e) }
            case nil: try apply(rule, r, bound: -1)
            }
        }
    }

    /// A comparison as `x test y` (with x and y swapped when `swap`), negated when `negate`:
    /// `a > b` is `b < a`, `a != b` is `!(a == b)`, true and false alike with NaN.
    static func canonical(_ op: ComparisonOperator) -> (swap: Bool, test: ComparisonOperator, negate: Bool) {
        switch op {
        case .less: return (false, .less, false)
        case .lessEqual: return (false, .lessEqual, false)
        case .greater: return (true, .less, false)
        case .greaterEqual: return (true, .lessEqual, false)
        case .equal: return (false, .equal, false)
        case .notEqual: return (false, .equal, true)
        }
    }

    /// One rule, bound to entity `e` (or to none, `-1`), in the lanes where it is due: where
    /// the entity is active and, for a `when`, where it has not fired yet.
    private func apply(_ rule: RulePlan, _ r: Int, bound e: Int) throws(RunError) {
        let zero = LaneVector(repeating: 0), one = LaneVector(repeating: 1)
        let slot = firedRow(r, e), active = e >= 0 ? row(.active, e) : memory.row(layout.mask(.all))
        let repeating = rule.isRepeating, firedMask = mask(.fired)
        // For `mask(.all)` read as a row, "active" is all ones (bits of -1, a NaN), never 0.
        @inline(__always) func due(_ s: Int) -> LaneCondition {
            let on = active.vector(at: s) .!= zero
            return repeating ? on : on .& (slot.vector(at: s) .== zero)
        }
        if !repeating {
            var some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in some .|= due(s) }
            if !anyLane(some) { return }
        }
        // Only the due lanes of the condition are read, and there `e` is active.
        activeInLanesRead = e
        let compared = comparison(rule.condition, bound: e)
        let condition = scratch(.condition)
        if compared == nil && evaluationProblem == nil { evaluate(rule.condition, bound: e, into: condition) }
        activeInLanesRead = -1
        if evaluationProblem != nil || arithmeticFailed {
            let dueLanes = mask(.action)
            LaneVector.forEachVector(lanes) { s in dueLanes.set(due(s), at: s) }
            try checkEvaluation(span: self.ruleSpan(r), lanes: dueLanes)
        }
        var fired = LaneCondition(repeating: false)
        // One loop per kind of rule and per comparison, so that each vector does only its own
        // work (a repeating rule has no fired slot to read or mark).
        @inline(__always) func fire(where truth: (Int) -> LaneCondition) {
            if repeating {
                LaneVector.forEachVector(lanes) { s in
                    let holds = due(s) .& truth(s)
                    firedMask.set(holds, at: s)
                    fired .|= holds
                }
            } else {
                LaneVector.forEachVector(lanes) { s in
                    let done = slot.vector(at: s)
                    let holds = due(s) .& truth(s)
                    firedMask.set(holds, at: s)
                    slot.store(done.replacing(with: one, where: holds), at: s)
                    fired .|= holds
                }
            }
        }
        if let (base, op, left, right, rightScale) = compared {
            // A comparison is 1 or 0, so it holds where it is true: compared in the same pass,
            // with the right side's last multiplication by a number (× 1 is exact).
            let (swap, test, negate) = Self.canonical(op)
            let x = swap ? right : left, y = swap ? left : right
            let xScale = LaneVector(repeating: swap ? rightScale : 1), yScale = LaneVector(repeating: swap ? 1 : rightScale)
            let flip = LaneCondition(repeating: negate)
            var overflow = LaneCondition(repeating: false)
            @inline(__always) func u(_ s: Int) -> LaneVector { x.vector(at: s) * xScale }
            @inline(__always) func v(_ s: Int) -> LaneVector { y.vector(at: s) * yScale }
            if rightScale != 1 {
                // The product left to this pass is checked as the evaluator checks its own.
                let scaled = swap ? x : y, scale = swap ? xScale : yScale
                LaneVector.forEachVector(lanes) { s in
                    let w = scaled.vector(at: s)
                    overflow .|= due(s) .& w.finite .& .!(w * scale).finite
                }
            }
            switch test {
            case .less: fire { s in (u(s) .< v(s)) .^ flip }
            case .lessEqual: fire { s in (u(s) .<= v(s)) .^ flip }
            default: fire { s in (u(s) .== v(s)) .^ flip }
            }
            top = base
            if anyLane(overflow) {
                let scaled = swap ? x : y
                for s in 0..<lanes where !(scaled[s] * rightScale).isFinite && scaled[s].isFinite {
                    throw error(.arithmetic(value: scaled[s] * rightScale), span: ruleSpan(r), lane: s)
                }
            }
        } else {
            // Any other condition holds where it is neither 0 nor NaN.
            fire { s in
                let c = condition.vector(at: s)
                return (c .!= zero) .& (c .== c)
            }
        }
        if !anyLane(fired) { return }
        // The first action runs where the rule fired, all of them lanes where `e` is active;
        // a later one checks again (an earlier action may have ended `e` in some lanes).
        for k in rule.actions {
            try perform(k, bound: e, lanes: firedMask, activeIn: k == rule.actions.lowerBound ? e : -1)
        }
    }

    func ruleSpan(_ r: Int) -> Span { plan.model.rules[r].span }
}
