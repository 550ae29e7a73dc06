import RaceModel
import RaceSyntax

/// Phase 3 (docs/reference/rules.md): rules in source order; under `for each`, entities in declaration order.
/// A `when` fires at most once per entity and lane, a `whenever` every month its condition
/// holds; the rule's actions run in the lanes where it fired.
extension LaneEngine {
    func applyRules() throws(RunError) {
        for r in plan.rules.indices {
            let rule = plan.rules[r]
            switch rule.forEach {
            case .lab?: for e in plan.labs where ledger.activeAnywhere[e] { try apply(rule, r, bound: e) }
            case .company?: for e in plan.companies where ledger.activeAnywhere[e] { try apply(rule, r, bound: e) }
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
        // Due where the entity is active (a global rule: everywhere; the `all` mask read as a
        // row is all ones, never 0) and, for a `when`, where it has not fired yet.
        if !repeating {
            var some = LaneCondition(repeating: false)
            LaneVector.forEachVector(lanes) { s in some .|= (active.vector(at: s) .!= zero) .& (slot.vector(at: s) .== zero) }
            if !anyLane(some) { return }
        }
        // Only the due lanes of the condition are read, and there `e` is active.
        stack.activeInLanesRead = e
        let compared = comparison(rule.condition, bound: e)
        let condition = scratch(.condition)
        if compared == nil && stack.evaluationProblem == nil { evaluate(rule.condition, bound: e, into: condition) }
        stack.activeInLanesRead = -1
        if stack.evaluationProblem != nil || stack.arithmeticFailed {
            let dueLanes = mask(.action)
            LaneVector.forEachVector(lanes) { s in
                let on = active.vector(at: s) .!= zero
                dueLanes.set(repeating ? on : on .& (slot.vector(at: s) .== zero), at: s)
            }
            try checkEvaluation(span: self.ruleSpan(r), lanes: dueLanes)
        }
        var fired = LaneCondition(repeating: false), overflowing = LaneCondition(repeating: false)
        // One loop per kind of rule and per comparison, so that each vector does only its own
        // work (a repeating rule has no fired slot to read or mark). `truth` gives the lanes
        // where the condition holds, and those where a product it made is not finite.
        @inline(__always) func fire(where truth: (Int) -> (holds: LaneCondition, broken: LaneCondition)) {
            if repeating {
                LaneVector.forEachVector(lanes) { s in
                    let due = active.vector(at: s) .!= zero, (truth, broken) = truth(s)
                    let holds = due .& truth
                    firedMask.set(holds, at: s)
                    fired .|= holds
                    overflowing .|= due .& broken
                }
            } else {
                LaneVector.forEachVector(lanes) { s in
                    let done = slot.vector(at: s), due = (active.vector(at: s) .!= zero) .& (done .== zero)
                    let (truth, broken) = truth(s)
                    let holds = due .& truth
                    firedMask.set(holds, at: s)
                    slot.store(done.replacing(with: one, where: holds), at: s)
                    fired .|= holds
                    overflowing .|= due .& broken
                }
            }
        }
        if let (base, op, left, right, rightScale) = compared {
            // A comparison is 1 or 0, so it holds where it is true: compared in the same pass,
            // with the right side's last multiplication by a number (× 1 is exact), whose
            // product is checked as the evaluator checks its own.
            let (swap, test, negate) = Self.canonical(op)
            let x = swap ? right : left, y = swap ? left : right
            let xScale = LaneVector(repeating: swap ? rightScale : 1), yScale = LaneVector(repeating: swap ? 1 : rightScale)
            let flip = LaneCondition(repeating: negate), none = LaneCondition(repeating: false)
            let scaled = rightScale != 1
            @inline(__always) func sides(_ s: Int) -> (LaneVector, LaneVector, LaneCondition) {
                let a = x.vector(at: s), b = y.vector(at: s), u = a * xScale, v = b * yScale
                return (u, v, scaled ? .!(u.finite .& v.finite) .& a.finite .& b.finite : none)
            }
            switch test {
            case .less: fire { s in let (u, v, broken) = sides(s); return ((u .< v) .^ flip, broken) }
            case .lessEqual: fire { s in let (u, v, broken) = sides(s); return ((u .<= v) .^ flip, broken) }
            default: fire { s in let (u, v, broken) = sides(s); return ((u .== v) .^ flip, broken) }
            }
            stack.top = base
            if anyLane(overflowing) {
                let scaledSide = swap ? x : y
                for s in 0..<lanes where !(scaledSide[s] * rightScale).isFinite && scaledSide[s].isFinite {
                    throw error(.arithmetic(value: scaledSide[s] * rightScale), span: ruleSpan(r), lane: s)
                }
            }
        } else {
            // Any other condition holds where it is neither 0 nor NaN.
            let none = LaneCondition(repeating: false)
            fire { s in
                let c = condition.vector(at: s)
                return ((c .!= zero) .& (c .== c), none)
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
