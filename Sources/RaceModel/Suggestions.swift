/// "Did you mean …?" for misspelt names: entities and fields in a scenario, commands and
/// options on the command line.
public enum Suggestions {
    /// The candidate closest to `name` by edit distance (a swap of two neighbouring letters
    /// counts as one edit, so `rnu` finds `run`), if it is close enough to be a typo.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        guard target.count <= 64 else { return nil }
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased())
            if abs(other.count - target.count) > 3 { continue }
            let distance = editDistance(target, other)
            let limit = max(1, min(3, target.count / 3))
            if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// A hint sentence, or nil.
    public static func hint(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// Formulas the shipped scenarios define that a reader may take for built-in fields:
    /// asking for one in a scenario that lacks it gets the line that defines it.
    static let wellKnownFormulas = ["capability": "let capability(L) = log10(L.flop / 1 FLOP)"]

    /// `capability is not built in: define it, as the shipped scenarios do: let …`, or nil.
    static func wellKnownFormula(_ name: String) -> String? {
        wellKnownFormulas[name].map { "\(name) is a formula, not a built-in field; define it as the shipped scenarios do: \($0)" }
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps
    /// of adjacent characters, each costing one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
