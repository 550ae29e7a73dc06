/// The v2 forms around dates (docs/reference/uncertain-events.md, docs/reference/observations.md): dates that may be parameters or ranges, `with
/// probability`, `observe`, and the REPL's `EXPR at DATE`.
extension SyntaxParser {
    /// A date where one must be fixed before the run: a literal, a date parameter, or an
    /// expression of them (a range `2026-01 to 2026-09`, `ready + 3 months`); the checker
    /// requires its type. A token that cannot start one gets the message of a missing date.
    func parseDate(after what: String) throws -> Expression {
        switch current.kind {
        case .date, .identifier, .symbol(.leftParen): return try parseExpression()
        default: throw dateExpected(after: what)
        }
    }

    /// After an event's dates: `as LABEL` and `with probability P`, each at most once, in
    /// either order.
    func parseLabelAndProbability() throws -> (label: Name?, probability: Expression?) {
        var label: Name?, probability: Expression?
        while true {
            if current.isKeyword(.as) {
                if label != nil { throw failure("this event already has a label") }
                label = try parseLabel()
            } else if current.isKeyword(.with) {
                if probability != nil { throw failure("this event already has a probability") }
                advance()
                guard current.identifier == "probability" else {
                    throw expected("'probability' after 'with', as in `with probability 60%`")
                }
                advance()
                probability = try parseExpression()
            } else {
                return (label, probability)
            }
        }
    }

    /// `observe EXPR at DATE = VALUE ± ERROR` or `observe CONDITION at DATE`, after `observe`.
    func parseObserve() throws -> ObserveStatement {
        let start = advance().start
        let expression = try parseExpression()
        try expectKeyword(.at, "'at' and a date after what is observed, as in `observe OpenAI.cash at 2025-06 = $10B ± 10%`")
        let date = try parseDate(after: "'at'")
        guard current.isSymbol(.equal) else {
            return ObserveStatement(expression: expression, date: date, value: nil, error: nil, span: span(from: start))
        }
        advance()
        plusMinusEndsExpression = true
        defer { plusMinusEndsExpression = false }
        let value = try parseExpression()
        guard current.isSymbol(.plusMinus) else {
            throw expected("'±' and the observation's error after the value",
                           hint: "an observation says how sure it is: `= $300B ± 20%` (or `+-`); a fact that held is `observe CONDITION at DATE`")
        }
        advance()
        plusMinusEndsExpression = false
        let error = try parseExpression()
        return ObserveStatement(expression: expression, date: date, value: value, error: error, span: span(from: start))
    }

    /// A REPL question: an expression, then optionally `at DATE`, and nothing after it.
    func parseLoneQuery() -> Query? {
        skipSeparators()
        let start = current.start
        do {
            let expression = try parseExpression()
            var date: Expression?
            if current.isKeyword(.at) {
                advance()
                date = try parseDate(after: "'at'")
            }
            skipSeparators()
            if !current.isEnd {
                throw expected("the end of the expression")
            }
            return Query(expression: expression, date: date, span: span(from: start))
        } catch let error as ParseError {
            record(error, since: start)
            return nil
        } catch {
            return nil
        }
    }

    /// `±` where an expression may go on: outside an observation's value, the ASCII `+-` is
    /// `+` then a unary `-` (as in v1), and `±` is a mistake worth its own message.
    func plusMinusOutsideObservation() -> ParseError {
        failure("'±' only separates an observation's value from its error",
                hint: "as in `observe OpenAI.cash at 2025-06 = $10B ± 10%`")
    }

    /// Whether the `±` token at the cursor is spelled `+-`.
    var plusMinusIsASCII: Bool { source.bytes[current.start] == UInt8(ascii: "+") }
}
