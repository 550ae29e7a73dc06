import Foundation

/// Applies a TextMate grammar's rules to one line the way an editor does, for the rules
/// race's grammar uses: `match` rules and single-line `begin`/`end` rules, reached through
/// `include`s of the repository. At each place the rule that matches earliest wins (the
/// first listed on a tie), its text gets its scope, and the scan goes on after it.
struct TextMateMatcher {
    struct Rule {
        let scope: String
        let match: NSRegularExpression
        /// For a `begin`/`end` rule: its end.
        let end: NSRegularExpression?
    }

    /// A stretch of a line (UTF-16 offsets, as NSRegularExpression counts) and its scope.
    struct Scoped {
        let range: NSRange
        let scope: String
    }

    let scopeName: String
    let rules: [Rule]

    init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        guard let grammar = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let patterns = grammar["patterns"] as? [[String: Any]] else {
            throw RaceProcess.Missing(description: "\(url.path) is not a TextMate grammar")
        }
        scopeName = grammar["scopeName"] as? String ?? ""
        let repository = grammar["repository"] as? [String: [String: Any]] ?? [:]
        rules = try Self.flatten(patterns, repository: repository, inherited: nil)
    }

    /// The rules in order, `include`s and nested `patterns` replaced by what they hold.
    private static func flatten(_ patterns: [[String: Any]], repository: [String: [String: Any]],
                                inherited: String?) throws -> [Rule] {
        try patterns.flatMap { pattern -> [Rule] in
            if let include = pattern["include"] as? String {
                guard include.hasPrefix("#"), let target = repository[String(include.dropFirst())] else {
                    throw RaceProcess.Missing(description: "unknown include \(include)")
                }
                return try flatten([target], repository: repository, inherited: inherited)
            }
            let scope = pattern["name"] as? String ?? inherited ?? ""
            if let nested = pattern["patterns"] as? [[String: Any]], pattern["begin"] == nil {
                return try flatten(nested, repository: repository, inherited: scope)
            }
            if let match = pattern["match"] as? String {
                return [Rule(scope: scope, match: try NSRegularExpression(pattern: match), end: nil)]
            }
            if let begin = pattern["begin"] as? String, let end = pattern["end"] as? String {
                return [Rule(scope: scope, match: try NSRegularExpression(pattern: begin),
                             end: try NSRegularExpression(pattern: end))]
            }
            return []
        }
    }

    func scopes(of line: String) -> [Scoped] {
        let text = line as NSString
        var position = 0
        var found: [Scoped] = []
        while position < text.length {
            var best: (rule: Rule, match: NSTextCheckingResult)?
            for rule in rules {
                let range = NSRange(location: position, length: text.length - position)
                guard let match = rule.match.firstMatch(in: line, range: range) else { continue }
                if best == nil || match.range.location < best!.match.range.location { best = (rule, match) }
            }
            guard let (rule, match) = best else { break }
            var range = match.range
            if let end = rule.end {
                let after = range.location + range.length
                let rest = NSRange(location: after, length: text.length - after)
                let closing = end.firstMatch(in: line, range: rest)?.range ?? NSRange(location: text.length, length: 0)
                range = NSRange(location: range.location, length: closing.location + closing.length - range.location)
            }
            found.append(Scoped(range: range, scope: rule.scope))
            position = range.location + max(range.length, 1)
        }
        return found
    }
}
