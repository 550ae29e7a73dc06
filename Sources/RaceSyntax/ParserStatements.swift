/// Statements and declaration blocks (docs/reference/entities.md, what-ifs.md, output.md).
extension SyntaxParser {
    /// `file = { separator } , [ statement , { separator , { separator } , statement } ] ;`
    func parseFile() -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipSeparators()
            if current.isEnd { break }
            let startIndex = index
            let start = current.start
            do {
                statements.append(try parseStatement())
                if !atSeparator && !startsStatementOnNewLine {
                    throw expected("a new line or ';' after the statement")
                }
            } catch let error as ParseError {
                record(error, since: start)
                skipStatement()
            } catch {
                skipStatement()
            }
            if index == startIndex { advance() }
        }
        return statements
    }

    /// A statement keyword first on its line also ends the statement before it; this
    /// happens after a block whose `}` was forgotten.
    var startsStatementOnNewLine: Bool {
        current.followsLineBreak && current.keyword?.startsStatement == true
    }

    func parseStatement() throws -> Statement {
        let first = current
        guard case .keyword(let keyword) = first.kind else {
            throw notAStatement()
        }
        let kind: Statement.Kind
        switch keyword {
        case .scenario:
            advance()
            kind = .scenario(try expectString("a title in quotes after 'scenario'").text)
        case .start:
            advance()
            kind = .start(try expectDate(after: "'start'"))
        case .horizon:
            advance()
            kind = .horizon(try expectDate(after: "'horizon'"))
        case .run:
            advance()
            kind = .runLength(try parseExpression())
        case .extends:
            advance()
            let path = try expectString("a file path in quotes after 'extends'")
            kind = .extends(path: path.text, pathSpan: path.span)
        case .param:
            advance()
            let name = try expectName("a parameter name after 'param'")
            try expectSymbol(.equal, "'=' after the parameter's name")
            kind = .param(name, try parseExpression())
        case .let:
            kind = try parseLet()
        case .chip:
            advance()
            let name = try expectName("a chip name after 'chip'")
            guard current.isSymbol(.leftBrace) else {
                throw expected("'{' and the chip's fields after its name",
                               hint: "for example `chip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW }`")
            }
            kind = .chip(name, parseBlock(of: .fields, parseField))
        case .lab, .company:
            advance()
            let name = try expectName("a name after '\(keyword.rawValue)'")
            let fields = current.isSymbol(.leftBrace) ? parseBlock(of: .fields, parseField) : []
            kind = .entity(keyword == .lab ? .lab : .company, name, fields)
        case .on:
            kind = .event(try parseOnEvent())
        case .every:
            kind = .event(try parseEveryEvent())
        case .when, .whenever:
            kind = .rule(try parseRule())
        case .for:
            kind = try parseForEach()
        case .cancel:
            advance()
            kind = .cancel(try expectName("the label of an event after 'cancel'"))
        case .delay:
            advance()
            let label = try expectName("the label of an event after 'delay'")
            try expectKeyword(.by, "'by' and a time after the label, as in `delay \(label.text) by 6 months`")
            kind = .delay(label, by: try parseExpression())
        case .report:
            kind = .report(try parseReport())
        case .expect:
            advance()
            let condition = try parseExpression()
            var date: Expression?
            if current.isKeyword(.at) {
                advance()
                date = try parseDate(after: "'at'")
            }
            kind = .expect(condition, at: date)
        case .observe:
            kind = .observe(try parseObserve())
        default:
            throw notAStatement()
        }
        return Statement(kind, span: span(from: first.start))
    }

    func notAStatement() -> ParseError {
        var hint: String?
        if let subject = current.identifier, let verb = peek().keyword, verb.isActionVerb {
            hint = "an action happens in an event or a rule, as in `on 2025-06: \(subject) \(verb.rawValue) …`"
        } else if current.identifier != nil, peek().isSymbol(.colon) {
            hint = "fields go inside the `{ }` of a lab, company or chip"
        } else if let name = current.identifier, peek().isSymbol(.equal) {
            hint = "write `param \(name) = …` for a parameter or `let \(name) = …` for a formula"
        } else if current.isKeyword(.set) || current.isKeyword(.note) {
            hint = "an action happens in an event or a rule, as in `on 2025-06: note \"…\"`"
        } else if current.isSymbol(.rightBrace) {
            hint = "this '}' closes no block"
        }
        return expected("a statement", hint: hint)
    }

    /// `let name = expr` or `let name(L) = expr`.
    func parseLet() throws -> Statement.Kind {
        advance()
        let name = try expectName("a formula name after 'let'")
        var parameter: Name?
        if current.isSymbol(.leftParen) {
            let open = advance()
            parameter = try expectName("the name of the formula's parameter, as in `let \(name.text)(L) = …`")
            guard current.isSymbol(.rightParen) else {
                if isAtTextEnd { throw failure("this '(' is never closed", at: open) }
                throw expected("')' after the parameter; a formula has one parameter")
            }
            advance()
        }
        try expectSymbol(.equal, "'=' after the formula's name")
        return .formula(name, parameter: parameter, try parseExpression())
    }

    /// `for each lab L: rule` or `for each lab L { rule ... }`.
    func parseForEach() throws -> Statement.Kind {
        advance()
        try expectKeyword(.each, "'each' after 'for', as in `for each lab L:`")
        let kind: EntityKind
        switch current.kind {
        case .keyword(.lab): kind = .lab
        case .keyword(.company): kind = .company
        default: throw expected("'lab' or 'company' after 'for each'")
        }
        advance()
        let variable = try expectName("a variable name after 'for each \(kind.rawValue)', as in `for each \(kind.rawValue) L:`")
        if current.isSymbol(.colon) {
            advance()
            guard current.isKeyword(.when) || current.isKeyword(.whenever) else {
                throw expected("a rule ('when' or 'whenever') after 'for each \(kind.rawValue) \(variable.text):'")
            }
            return .forEach(kind, variable: variable, rules: [try parseRule()])
        }
        if current.isSymbol(.leftBrace) {
            let rules = parseBlock(of: .rules) { () throws -> Rule in
                guard current.isKeyword(.when) || current.isKeyword(.whenever) else {
                    throw expected("a rule starting with 'when' or 'whenever'")
                }
                return try parseRule()
            }
            return .forEach(kind, variable: variable, rules: rules)
        }
        throw expected("':' or '{' after 'for each \(kind.rawValue) \(variable.text)'")
    }

    /// `report FIELD, ... [for X, ...] [monthly | quarterly | yearly]`.
    func parseReport() throws -> Report {
        advance()
        let fields = try parseNameList("a field to report after 'report', as in `report cash, runway`")
        var entities: [Name] = []
        if current.isKeyword(.for) {
            advance()
            entities = try parseNameList("an entity after 'for'")
        }
        var period: Report.Period?
        switch current.kind {
        case .keyword(.monthly): period = .monthly
        case .keyword(.quarterly): period = .quarterly
        case .keyword(.yearly): period = .yearly
        default: break
        }
        if period != nil { advance() }
        return Report(fields: fields, entities: entities, period: period)
    }

    func parseNameList(_ what: String) throws -> [Name] {
        var names = [try expectName(what)]
        while current.isSymbol(.comma) {
            advance()
            names.append(try expectName("a name after ','"))
        }
        return names
    }

    // MARK: - Fields

    /// `name: value [growing rate]`, `name = formula`, `fleet: 200k H100, ...`,
    /// `owners: Microsoft 49%, ...`.
    func parseField() throws -> Field {
        let name = try expectName("a field name, as in `cash: $10B`")
        let value: Field.Value
        if current.isSymbol(.colon) {
            advance()
            switch name.text {
            case "fleet": value = .fleet(try parseFleet())
            case "owners": value = .owners(try parseOwners())
            default: value = .value(try parseExpression(), growth: try parseGrowth())
            }
        } else if current.isSymbol(.equal) {
            advance()
            let formula = try parseExpression()
            if current.isKeyword(.growing) || current.isKeyword(.falling) {
                throw failure("a formula cannot grow; it is recomputed every month",
                              hint: "write `\(name.text): VALUE \(current.keyword!.rawValue) RATE` for a value that grows")
            }
            value = .formula(formula)
        } else {
            throw expected("':' or '=' after the field name '\(name.text)'")
        }
        return Field(name: name, value: value, span: span(from: name.span.start))
    }

    /// `200k H100, 50k GB200`: a `,` continues the list only before a number.
    func parseFleet() throws -> [ChipCount] {
        var counts: [ChipCount] = []
        repeat {
            if !counts.isEmpty { advance() }
            let item = try parseExpression()
            guard case .quantity(let count, let chip) = item.kind else {
                throw ParseError(diagnostic: .error("expected a count and a chip, as in `fleet: 200k H100`",
                                                    at: item.span), atEnd: false)
            }
            counts.append(ChipCount(count: count, chip: chip, span: item.span))
        } while current.isSymbol(.comma) && isNumber(peek())
        return counts
    }

    /// `Microsoft 49%, Amazon 10%`: a `,` continues the list before a name that is not
    /// itself a field (followed by `:` or `=`) nor the subject of a new action (followed by a
    /// verb, in a block after `set X.owners = …`).
    func parseOwners(example: String = "owners: Microsoft 49%") throws -> [Holding] {
        var holdings: [Holding] = []
        repeat {
            if !holdings.isEmpty { advance() }
            let holder = try expectName("an owner and a share, as in `\(example)`")
            let share = try parseExpression()
            holdings.append(Holding(holder: holder, share: share, span: span(from: holder.span.start)))
        } while current.isSymbol(.comma) && peek().identifier != nil
            && !peek(2).isSymbol(.colon) && !peek(2).isSymbol(.equal) && !(peek(2).keyword?.isActionVerb ?? false)
        return holdings
    }

    func isNumber(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .money: return true
        default: return false
        }
    }

    /// `growing R` or `falling R`, if present.
    func parseGrowth() throws -> Growth? {
        let direction: Growth.Direction
        switch current.kind {
        case .keyword(.growing): direction = .growing
        case .keyword(.falling): direction = .falling
        default: return nil
        }
        let start = advance().start
        let rate = try parseExpression()
        return Growth(direction: direction, rate: rate, span: span(from: start))
    }

    // MARK: - Single tokens

    func expectName(_ what: String) throws -> Name {
        if case .identifier(let text) = current.kind {
            return Name(text, span: span(advance()))
        }
        if let keyword = current.keyword, keyword != .true, keyword != .false {
            throw failure("expected \(what), found the keyword '\(keyword.rawValue)'",
                          hint: "keywords cannot be used as names")
        }
        throw expected(what)
    }

    func expectDate(after what: String) throws -> DateLiteral {
        if case .date(let month) = current.kind {
            return DateLiteral(month: month, span: span(advance()))
        }
        throw dateExpected(after: what)
    }

    func dateExpected(after what: String) -> ParseError {
        if case .number = current.kind {
            return expected("a date (YYYY-MM) after \(what)", hint: "dates are written with their month, as in 2025-01")
        }
        return expected("a date (YYYY-MM) after \(what)")
    }

    func expectString(_ what: String) throws -> (text: String, span: Span) {
        if case .string(let text) = current.kind {
            return (text, span(advance()))
        }
        throw expected(what)
    }

    func expectSymbol(_ symbol: Symbol, _ what: String) throws {
        guard current.isSymbol(symbol) else { throw expected(what) }
        advance()
    }

    func expectKeyword(_ keyword: Keyword, _ what: String) throws {
        guard current.isKeyword(keyword) else { throw expected(what) }
        advance()
    }
}
