/// A reserved word of the language (docs/reference/lexical.md, and v2's `borrows pays with observe`). Keywords
/// cannot be used as identifiers.
///
/// v2 reserves only the words that start or join its new forms. The words that have a
/// meaning in one place only stay identifiers there: `probability` after `with`, `others`
/// after `from` in a secondary sale, `founded` and `owners` as field names, `debt` as a
/// quantity; a scenario may still use them as names elsewhere.
public enum Keyword: String, CaseIterable, Sendable {
    case scenario, start, horizon, run, param
    case `let`, chip, lab, company, on
    case `as`, every, from, until, when
    case whenever, `for`, each, `in`, raises
    case invests, buys, rents, builds, acquires
    case acquihires, of, at, pre, post
    case over, set, exits, note, report
    case cancel, delay, by, extends, growing
    case falling, `if`, then, `else`, and
    case or, not, to, `true`, `false`
    case monthly, quarterly, yearly, expect
    // v2 (docs/reference/financing.md, docs/reference/uncertain-events.md, docs/reference/observations.md)
    case borrows, pays, with, observe

    /// Keywords by spelling, for the lexer.
    static let bySpelling: [String: Keyword] = {
        var table: [String: Keyword] = [:]
        for keyword in Keyword.allCases { table[keyword.rawValue] = keyword }
        return table
    }()

    /// Keywords after which a statement may end (`X exits`, `at $1B post`, `report cash yearly`).
    /// Text that stops right after any other keyword is unfinished.
    var canEndStatement: Bool {
        switch self {
        case .exits, .pre, .post, .true, .false, .monthly, .quarterly, .yearly: return true
        default: return false
        }
    }

    /// Keywords that begin a statement: seeing one at the start of a line inside a block
    /// means the block's `}` was forgotten.
    var startsStatement: Bool {
        switch self {
        case .scenario, .start, .horizon, .run, .extends, .param, .let, .chip, .lab, .company,
             .on, .every, .when, .whenever, .for, .cancel, .delay, .report, .expect, .observe:
            return true
        default:
            return false
        }
    }

    /// The verbs that follow an action's subject (docs/reference/actions.md).
    var isActionVerb: Bool {
        switch self {
        case .raises, .invests, .buys, .rents, .builds, .acquires, .acquihires, .exits, .borrows, .pays: return true
        default: return false
        }
    }
}

/// The language's reserved words, for the lexer and for the REPL's completion.
public enum Keywords {
    /// Every keyword of docs/reference/lexical.md and v2.
    public static let all: Set<String> = Set(Keyword.allCases.map(\.rawValue))

    /// Whether `word` is reserved and so cannot name an entity, parameter or label.
    public static func isKeyword(_ word: String) -> Bool { Keyword.bySpelling[word] != nil }
}
