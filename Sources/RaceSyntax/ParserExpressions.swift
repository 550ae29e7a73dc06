/// Expressions (§3, §8), loosest first: `if`, `to`, `or`, `and`, `not`, comparisons,
/// `+ -`, `* /`, unary `-`, `^`, postfix `.member` and calls, primaries. The binary
/// levels are parsed by precedence climbing, which keeps the recursion per nesting
/// level short; `enterNesting` bounds the depth.
extension SyntaxParser {
    /// Binding strength of the binary operators; `to` is the loosest.
    enum Precedence {
        static let range = 1, or = 2, and = 3, not = 4, comparison = 5, sum = 6, product = 7
    }

    /// `expression = conditional | range ;`
    func parseExpression() throws -> Expression {
        try enterNesting()
        defer { depth -= 1 }
        if current.isKeyword(.if) {
            return try parseConditional()
        }
        return try parseBinary(Precedence.range)
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
        guard depth < SyntaxParser.maximumDepth else {
            throw failure("expression is nested too deeply (more than \(SyntaxParser.maximumDepth) levels)",
                          hint: "name a part of it with `let`")
        }
        depth += 1
    }

    /// The binary operator at the cursor and its precedence; `nil` operator for `to`.
    func binaryOperator() -> (BinaryOperator?, Int)? {
        switch current.kind {
        case .keyword(.to): return (nil, Precedence.range)
        case .keyword(.or): return (.or, Precedence.or)
        case .keyword(.and): return (.and, Precedence.and)
        case .symbol(let symbol):
            switch symbol {
            case .less: return (.less, Precedence.comparison)
            case .lessEqual: return (.lessEqual, Precedence.comparison)
            case .greater: return (.greater, Precedence.comparison)
            case .greaterEqual: return (.greaterEqual, Precedence.comparison)
            case .equalEqual: return (.equal, Precedence.comparison)
            case .notEqual: return (.notEqual, Precedence.comparison)
            case .plus: return (.add, Precedence.sum)
            case .minus: return (.subtract, Precedence.sum)
            case .star: return (.multiply, Precedence.product)
            case .slash: return (.divide, Precedence.product)
            default: return nil
            }
        default: return nil
        }
    }

    /// Operators binding at least as tightly as `minimum`, left to right; `to` and the
    /// comparisons do not chain.
    func parseBinary(_ minimum: Int) throws -> Expression {
        let start = current.start
        var left = try parseOperand(minimum)
        while let (op, precedence) = binaryOperator(), precedence >= minimum {
            advance()
            let right = try parseBinary(precedence + 1)
            if let op {
                left = Expression(.binary(op, left, right), span: span(from: start))
            } else {
                left = Expression(.range(left, right), span: span(from: start))
            }
            if precedence == Precedence.range || precedence == Precedence.comparison,
               let (_, next) = binaryOperator(), next == precedence {
                throw precedence == Precedence.range
                    ? failure("a range has one 'to': `low to high`")
                    : failure("comparisons do not chain", hint: "write `a < b and b < c`")
            }
        }
        return left
    }

    /// `not` (where a whole condition may start) or a signed operand.
    func parseOperand(_ minimum: Int) throws -> Expression {
        guard current.isKeyword(.not) else { return try parseSigned() }
        guard minimum <= Precedence.not else {
            throw failure("'not' must start a condition here", hint: "put it in parentheses: `(not x)`")
        }
        try enterNesting()
        defer { depth -= 1 }
        let start = advance().start
        let operand = try parseBinary(Precedence.not)
        return Expression(.unary(.not, operand), span: span(from: start))
    }

    /// `signed = "-" , signed | power ;`
    func parseSigned() throws -> Expression {
        guard current.isSymbol(.minus) else { return try parsePower() }
        try enterNesting()
        defer { depth -= 1 }
        let start = advance().start
        let operand = try parseSigned()
        return Expression(.unary(.negate, operand), span: span(from: start))
    }

    /// `power = postfix , [ "^" , signed ] ;`: right associative.
    func parsePower() throws -> Expression {
        let start = current.start
        let base = try parsePostfix()
        guard current.isSymbol(.caret) else { return base }
        try enterNesting()
        defer { depth -= 1 }
        advance()
        let exponent = try parseSigned()
        return Expression(.binary(.power, base, exponent), span: span(from: start))
    }

    /// `L.runway`, `OpenAI.stake(Microsoft)`.
    func parsePostfix() throws -> Expression {
        let start = current.start
        var expression = try parsePrimary()
        while current.isSymbol(.dot) {
            advance()
            let member = try expectName("a field name after '.'")
            if current.isSymbol(.leftParen) {
                let arguments = try parseArguments(of: member)
                expression = Expression(.memberCall(expression, member, arguments), span: span(from: start))
            } else {
                expression = Expression(.member(expression, member), span: span(from: start))
            }
        }
        return expression
    }

    func parsePrimary() throws -> Expression {
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
        case .identifier(let text):
            advance()
            let name = Name(text, span: span(token))
            if current.isSymbol(.leftParen) {
                let arguments = try parseArguments(of: name)
                return Expression(.call(name, arguments), span: span(from: token.start))
            }
            return Expression(.name(name), span: span(token))
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            guard current.isSymbol(.rightParen) else {
                if isAtTextEnd { throw failure("this '(' is never closed", at: token) }
                throw expected("')' to close the '(' at line \(span(token).location.line)")
            }
            advance()
            return Expression(inner.kind, span: span(from: token.start))
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
