/// "Did you mean …?" hints within a budget. A hint compares the name with every candidate,
/// so a scenario with 80,000 params and 80,000 misspelt names would compare 6.4 billion
/// pairs (5,000 of each took 441 s in a debug build). One check may compare `comparisons`
/// pairs; past that, errors come without a guess.
final class HintBudget {
    static let comparisons = 250_000
    private var comparisonsLeft = HintBudget.comparisons

    init() {}

    /// `Suggestions.hint`, or nil once the budget is spent (then `candidates` is not even built).
    func hint(for name: String, among candidates: @autoclosure () -> [String]) -> String? {
        guard comparisonsLeft > 0 else { return nil }
        let all = candidates()
        comparisonsLeft -= all.count
        return Suggestions.hint(for: name, among: all)
    }
}
