/// "Did you mean …?" for misspelt names, within a budget: a hint compares the name with every
/// candidate, so a scenario with 80,000 params and 80,000 misspelt names would compare 6.4
/// billion pairs (5,000 of each took 441 s in a debug build). Each check may compare `budget` pairs;
/// past that, errors come without a guess.
final class Suggestions {
    static let budget = 250_000
    private var comparisonsLeft = Suggestions.budget

    init() {}

    /// A hint sentence, or nil. `candidates` is not even built once the budget is spent.
    func hint(for name: String, among candidates: @autoclosure () -> [String]) -> String? {
        guard comparisonsLeft > 0 else { return nil }
        let all = candidates()
        comparisonsLeft -= all.count
        return Self.hint(for: name, among: all)
    }

    /// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        // Names are ASCII (Grammar/race.ebnf, identifier): bytes compare as characters would.
        let target = Array(name.lowercased().utf8)
        guard target.count <= 64 else { return nil }
        var best: (String, Int)?
        for candidate in candidates where candidate != name && abs(candidate.utf8.count - target.count) <= 3 {
            let other = Array(candidate.lowercased().utf8)
            let distance = editDistance(target, other)
            let limit = max(1, min(3, target.count / 3))
            if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// A hint sentence, or nil.
    static func hint(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
