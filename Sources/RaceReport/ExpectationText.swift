import RaceEngine
import RaceModel
import RaceSyntax

extension ExpectationReport {
    /// The outcome of every `expect` of a run, in source order; ones whose month was
    /// not reached (a REPL run stopped early) are left out.
    public static func all(_ result: RunResult) -> [ExpectationReport] {
        let model = result.model
        return result.expectations.sorted { $0.index < $1.index }.map { outcome in
            let expectation = model.expectations[outcome.index]
            var detail = ""
            if outcome.sides.count == 2 {
                let d = expectation.sideDimension ?? .ratio
                func show(_ v: Double) -> String {
                    v.isNaN ? QuantityFormat.noValue : v.isInfinite ? "∞" : QuantityFormat.human(v, d)
                }
                detail = "left side \(show(outcome.sides[0])), right side \(show(outcome.sides[1]))"
                if case .comparison(_, let a, _) = expectation.condition, case let .quantity(.entity(e), q) = a {
                    detail = "\(model.entities[e].name).\(q.rawValue) is \(show(outcome.sides[0]))"
                    // A value missing because its entity has left says why (docs/reference/uncertainty.md).
                    if outcome.sides[0].isNaN, let left = result.exitSteps[e], left <= expectation.step {
                        detail = "\(model.entities[e].name) is \(result.statusText(e)) since \(MonthIndex.format(model.start + left))"
                    }
                }
            }
            return ExpectationReport(text: expectation.text, date: MonthIndex.format(model.start + expectation.step),
                                     passed: outcome.passed, detail: detail, location: expectation.span.description)
        }
    }
}
