/// Expressions (docs/reference/units.md, uncertainty.md), loosest first: `if`, `to`, `or`, `and`, `not`, comparisons,
/// `+ -`, `* /`, unary `-`, `^`, postfix `.member` and calls, primaries. The binary
/// levels are parsed by precedence climbing, which keeps the recursion per nesting
/// level short; `enterNesting` bounds the depth.
extension SyntaxParser {
    /// Binding strength of the binary operators; `to` is the loosest.
    enum Precedence {
        static let range = 1, or = 2, and = 3, not = 4, comparison = 5, sum = 6, product = 7
    }

    // The functions on the recursive path (parseExpression → parseBinary → parseUnary →
    // parsePower → parsePostfix → parsePrimary → parseParenthesized) keep their own
    // frames small, building nodes and messages in helpers off that path: an unoptimized
    // build spends kilobytes of stack per frame otherwise, and 256 levels must fit in a
    // secondary thread's stack.

    /// `expression = conditional | range ;`
    func parseExpression() throws -> Expression {
        try enterNesting()
        defer { depth -= 1 }
        let first = index
        let expression = current.isKeyword(.if) ? try parseConditional() : try parseBinary(Precedence.range)
        // Signs, `not` and `^` add levels inside one nesting level; no higher tree leaves here.
        try limitHeight(of: expression, at: first)
        return expression
    }

    /// `if C then A else B`
    func parseConditional() throws -> Expression {
        let start = advance().start
        let condition = try parseExpression()
        try expectKeyword(.then, "'then' after the condition of 'if'")
        let whenTrue = try parseExpression()
        try expectKeyword(.else, "'else' and a value after 'if … then …'")
        let whenFalse = try parseExpression()
        return Expression(.conditional(condition, whenTrue, whenFalse), span: span(from: start))
    }

    /// Counts one level of nesting; deeper than `maximumDepth` is an error, never a crash.
    func enterNesting() throws {
        guard depth < SyntaxParser.maximumDepth else { throw tooDeep() }
        depth += 1
    }

    func tooDeep(at token: Token? = nil) -> ParseError {
        failure("expression is nested too deeply (more than \(SyntaxParser.maximumDepth) levels)", at: token,
                hint: "name a part of it with `let`; each operator of a chain such as `a + b + c` is a level")
    }

    /// Refuses a tree higher than the nesting limit, pointing at the token that made it so.
    func limitHeight(of expression: Expression, at tokenIndex: Int) throws {
        if expression.height > SyntaxParser.maximumDepth { throw tooDeep(at: tokens[tokenIndex]) }
    }

    /// The precedence of the binary operator at the cursor, 0 if there is none.
    var binaryPrecedence: Int {
        switch current.kind {
        case .keyword(.to): return Precedence.range
        case .keyword(.or): return Precedence.or
        case .keyword(.and): return Precedence.and
        case .symbol(let symbol):
            switch symbol {
            case .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .notEqual: return Precedence.comparison
            case .plus, .minus: return Precedence.sum
            case .plusMinus: return plusMinusEndsExpression || !plusMinusIsASCII ? 0 : Precedence.sum
            case .star, .slash: return Precedence.product
            default: return 0
            }
        default: return 0
        }
    }

    /// Operators binding at least as tightly as `minimum`, left to right; `to` and the
    /// comparisons do not chain.
    func parseBinary(_ minimum: Int) throws -> Expression {
        let start = current.start
        var left = try parseUnary(minimum)
        while true {
            let precedence = binaryPrecedence
            if precedence == 0, current.isSymbol(.plusMinus), !plusMinusEndsExpression { throw plusMinusOutsideObservation() }
            if precedence == 0 || precedence < minimum { return left }
            let operatorIndex = index
            advance()
            let right = try parseBinary(precedence + 1)
            left = combine(left, operatorIndex, right, from: start)
            // A chain `a + b + c …` is parsed by this loop, not by recursion, but its tree is
            // one level deeper per operator: it is held to the same limit as nesting.
            try limitHeight(of: left, at: operatorIndex)
            if binaryPrecedence == precedence,
               precedence == Precedence.range || precedence == Precedence.comparison {
                throw chained(precedence)
            }
        }
    }

    func combine(_ left: Expression, _ operatorIndex: Int, _ right: Expression, from start: Int) -> Expression {
        let kind: Expression.Kind
        switch tokens[operatorIndex].kind {
        case .keyword(.to): kind = .range(left, right)
        case .keyword(.or): kind = .binary(.or, left, right)
        case .keyword(.and): kind = .binary(.and, left, right)
        case .symbol(.less): kind = .binary(.less, left, right)
        case .symbol(.lessEqual): kind = .binary(.lessEqual, left, right)
        case .symbol(.greater): kind = .binary(.greater, left, right)
        case .symbol(.greaterEqual): kind = .binary(.greaterEqual, left, right)
        case .symbol(.equalEqual): kind = .binary(.equal, left, right)
        case .symbol(.notEqual): kind = .binary(.notEqual, left, right)
        case .symbol(.plus): kind = .binary(.add, left, right)
        case .symbol(.plusMinus):  // `a +-b` outside an observation: `a + (-b)`, as before v2
            let negated = Expression(.unary(.negate, right), span: Span(file: source, start: tokens[operatorIndex].start + 1,
                                                                        end: right.span.end))
            kind = .binary(.add, left, negated)
        case .symbol(.minus): kind = .binary(.subtract, left, right)
        case .symbol(.star): kind = .binary(.multiply, left, right)
        case .symbol(.caret): kind = .binary(.power, left, right)
        default: kind = .binary(.divide, left, right)
        }
        return Expression(kind, span: span(from: start))
    }

    func chained(_ precedence: Int) -> ParseError {
        precedence == Precedence.range
            ? failure("a range has one 'to': `low to high`")
            : failure("comparisons do not chain", hint: "write `a < b and b < c`")
    }

    /// `not` where a whole condition may start, or `signed = "-" , signed | power ;` with
    /// the minus signs taken in a loop.
    func parseUnary(_ minimum: Int) throws -> Expression {
        if current.isKeyword(.not) { return try parseNot(minimum) }
        let firstMinus = index
        var minuses = 0
        defer { depth -= minuses }
        while current.isSymbol(.minus) {
            try enterNesting()
            minuses += 1
            advance()
        }
        let operand = try parsePower()
        return minuses == 0 ? operand : negate(operand, minusesFrom: firstMinus, count: minuses)
    }

    func negate(_ operand: Expression, minusesFrom first: Int, count: Int) -> Expression {
        var result = operand
        for offset in stride(from: count - 1, through: 0, by: -1) {
            result = Expression(.unary(.negate, result), span: span(from: tokens[first + offset].start))
        }
        return result
    }

    func parseNot(_ minimum: Int) throws -> Expression {
        guard minimum <= Precedence.not else {
            throw failure("'not' must start a condition here", hint: "put it in parentheses: `(not x)`")
        }
        try enterNesting()
        defer { depth -= 1 }
        let start = advance().start
        let operand = try parseBinary(Precedence.not)
        return Expression(.unary(.not, operand), span: span(from: start))
    }

    /// `power = postfix , [ "^" , signed ] ;`: right associative.
    func parsePower() throws -> Expression {
        let start = current.start
        let base = try parsePostfix()
        guard current.isSymbol(.caret) else { return base }
        try enterNesting()
        defer { depth -= 1 }
        let caret = index
        advance()
        let exponent = try parseUnary(Precedence.product + 1)
        return combine(base, caret, exponent, from: start)
    }

    /// `L.runway`, `OpenAI.stake(Microsoft)`.
    func parsePostfix() throws -> Expression {
        var expression = try parsePrimary()
        while current.isSymbol(.dot) {
            let dot = index
            expression = try parseMember(of: expression)
            try limitHeight(of: expression, at: dot)
        }
        return expression
    }

    func parseMember(of base: Expression) throws -> Expression {
        advance()
        let member = try expectName("a field name after '.'")
        if current.isSymbol(.leftParen) {
            let arguments = try parseArguments(of: member)
            return Expression(.memberCall(base, member, arguments), span: span(from: base.span.start))
        }
        return Expression(.member(base, member), span: span(from: base.span.start))
    }

    func parsePrimary() throws -> Expression {
        switch current.kind {
        case .symbol(.leftParen): return try parseParenthesized()
        case .identifier: return try parseNameOrCall()
        default: return try parseLiteral()
        }
    }

    /// `( expression )`; the node's span takes in the parentheses.
    func parseParenthesized() throws -> Expression {
        let open = index
        advance()
        let inner = try parseExpression()
        try closeParenthesis(openedAt: open)
        return Expression(inner.kind, span: span(from: tokens[open].start))
    }

    func closeParenthesis(openedAt open: Int) throws {
        guard current.isSymbol(.rightParen) else {
            if isAtTextEnd { throw failure("this '(' is never closed", at: tokens[open]) }
            throw expected("')' to close the '(' at line \(span(tokens[open]).location.line)")
        }
        advance()
    }

    func parseNameOrCall() throws -> Expression {
        let token = advance()
        let name = Name(token.identifier ?? "", span: span(token))
        if current.isSymbol(.leftParen) {
            let arguments = try parseArguments(of: name)
            return Expression(.call(name, arguments), span: span(from: token.start))
        }
        return Expression(.name(name), span: span(token))
    }

    /// Numbers (with a unit word, a quantity), money, dates, strings, `true`, `false`.
    func parseLiteral() throws -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return quantity(Expression(.number(value), span: span(token)))
        case .money(let value):
            advance()
            return quantity(Expression(.money(value), span: span(token)))
        case .date(let month):
            advance()
            return Expression(.date(DateLiteral(month: month, span: span(token))), span: span(token))
        case .string(let text):
            advance()
            return Expression(.string(text), span: span(token))
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.boolean(token.isKeyword(.true)), span: span(token))
        case .keyword(.if):
            throw failure("an 'if' expression must be in parentheses here", hint: "write `(if c then a else b)`")
        case .keyword(let keyword):
            throw failure("expected a value, found the keyword '\(keyword.rawValue)'")
        default:
            throw expected("a value")
        }
    }

    /// `3 months`, `200k H100`: a number followed on the same line by a word.
    func quantity(_ number: Expression) -> Expression {
        guard case .identifier(let unit) = current.kind, !current.followsLineBreak else { return number }
        let unitToken = advance()
        return Expression(.quantity(number, unit: Name(unit, span: span(unitToken))),
                          span: span(from: number.span.start))
    }

    /// `( [ expression , { "," , expression } ] )`
    func parseArguments(of function: Name) throws -> [Expression] {
        let open = advance()
        var arguments: [Expression] = []
        if current.isSymbol(.rightParen) {
            advance()
            return arguments
        }
        while true {
            arguments.append(try parseExpression())
            if current.isSymbol(.comma) {
                advance()
                continue
            }
            if current.isSymbol(.rightParen) {
                advance()
                return arguments
            }
            if isAtTextEnd { throw failure("this '(' is never closed", at: open) }
            throw expected("',' or ')' in the arguments of '\(function.text)'")
        }
    }

    /// A REPL expression: one expression and nothing after it.
    func parseLoneExpression() -> Expression? {
        skipSeparators()
        let start = current.start
        do {
            let expression = try parseExpression()
            skipSeparators()
            if !current.isEnd {
                throw expected("the end of the expression")
            }
            return expression
        } catch let error as ParseError {
            record(error, since: start)
            return nil
        } catch {
            return nil
        }
    }
}
