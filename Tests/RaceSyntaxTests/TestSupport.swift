import XCTest
@testable import RaceSyntax

/// Helpers shared by the syntax tests: parsing shortcuts and a compact printed form of
/// the tree, so a test states the expected shape in one line.
enum Syntax {
    static func source(_ text: String) -> SourceFile { SourceFile(name: "test.race", text: text) }

    static func parse(_ text: String) -> ParsedSource { Parser.parse(source(text)) }

    static func tokens(_ text: String) -> ([Token], [Diagnostic]) {
        var lexer = Lexer(source(text))
        return lexer.tokenize()
    }

    /// The printed form of a lone expression, or the diagnostics if it does not parse.
    static func expression(_ text: String) -> String {
        let (expression, diagnostics, _) = Parser.parseExpression(source(text))
        guard let expression, !diagnostics.hasErrors else {
            return "errors: " + diagnostics.map(\.message).joined(separator: "; ")
        }
        return print(expression)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func print(_ expression: RaceSyntax.Expression) -> String {
        switch expression.kind {
        case .number(let value): return number(value)
        case .money(let value): return "$" + number(value)
        case .date(let date): return date.text
        case .string(let text): return "\"\(text)\""
        case .boolean(let value): return String(value)
        case .name(let name): return name.text
        case .quantity(let count, let unit): return "(\(print(count)) \(unit.text))"
        case .member(let base, let member): return "\(print(base)).\(member.text)"
        case .call(let function, let arguments):
            return "\(function.text)(\(arguments.map(print).joined(separator: ", ")))"
        case .memberCall(let base, let member, let arguments):
            return "\(print(base)).\(member.text)(\(arguments.map(print).joined(separator: ", ")))"
        case .unary(let op, let operand): return "(\(op.rawValue) \(print(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(print(left)) \(print(right)))"
        case .range(let low, let high): return "(to \(print(low)) \(print(high)))"
        case .conditional(let c, let a, let b): return "(if \(print(c)) \(print(a)) \(print(b)))"
        }
    }

    static func print(_ growth: Growth?) -> String {
        guard let growth else { return "" }
        return " \(growth.direction.rawValue) \(print(growth.rate))"
    }

    static func print(_ action: Action) -> String {
        switch action.kind {
        case .raise(let company, let amount, let valuation, let investors):
            let from = investors.map { $0.name.text + ($0.amount.map { " " + print($0) } ?? "") }
            return "raise \(company.text) \(print(amount)) at \(print(valuation.amount)) \(valuation.basis.rawValue)"
                + (from.isEmpty ? "" : " from " + from.joined(separator: ", "))
        case .invest(let investor, let amount, let target, let valuation):
            return "invest \(investor.text) \(print(amount)) in \(target.text)"
                + (valuation.map { " at \(print($0.amount)) \($0.basis.rawValue)" } ?? "")
        case .buyStake(let buyer, let share, let target, let price):
            return "buyStake \(buyer.text) \(print(share)) of \(target.text) for \(print(price))"
        case .buyChips(let buyer, let count, let chip, let seller, let price):
            return "buyChips \(buyer.text) \(print(count)) \(chip.text)" + (seller.map { " from \($0.text)" } ?? "")
                + (price.map { " for \(print($0))" } ?? "")
        case .buyChipsWorth(let buyer, let amount, let chip, let seller):
            return "buyChipsWorth \(buyer.text) \(print(amount)) of \(chip.text)" + (seller.map { " from \($0.text)" } ?? "")
        case .rent(let renter, let chip, let provider, let amount, let duration):
            return "rent \(renter.text) \(chip.text) from \(provider.text) for \(print(amount)) over \(print(duration))"
        case .build(let builder, let power, let chip, let amount, let duration):
            return "build \(builder.text) \(print(power)) of \(chip.text) for \(print(amount)) over \(print(duration))"
        case .acquire(let buyer, let target, let price):
            return "acquire \(buyer.text) \(target.text)" + (price.map { " for \(print($0))" } ?? "")
        case .acquihire(let buyer, let target, let price):
            return "acquihire \(buyer.text) \(target.text)" + (price.map { " for \(print($0))" } ?? "")
        case .set(let entity, let field, let value, let growth):
            return "set \(entity.text).\(field.text) = \(print(value))\(print(growth))"
        case .exit(let name): return "exit \(name.text)"
        case .note(let text): return "note \"\(text)\""
        case .borrow(let borrower, let amount, let lender, let rate, let duration):
            return "borrow \(borrower.text) \(print(amount))" + (lender.map { " from \($0.text)" } ?? "")
                + " at \(print(rate)) over \(print(duration))"
        case .secondarySale(let buyer, let share, let target, let seller, let price):
            return "secondarySale \(buyer.text) \(print(share)) of \(target.text) from \(seller?.text ?? "others") for \(print(price))"
        case .setOwners(let entity, let holdings):
            return "setOwners \(entity.text) = " + holdings.map { "\($0.holder.text) \(print($0.share))" }.joined(separator: ", ")
        case .payOnce(let payer, let amount, let payee):
            return "payOnce \(payer.text) \(print(amount)) to \(payee.text)"
        case .payContract(let payer, let rate, let payee, let duration):
            return "payContract \(payer.text) \(print(rate)) to \(payee.text) for \(print(duration))"
        case .rentQuantity(let renter, let quantity, let chip, let provider, let amount, let duration):
            return "rentQuantity \(renter.text) \(print(quantity)) of \(chip.text) from \(provider.text)"
                + (amount.map { " for \(print($0))" } ?? "") + " over \(print(duration))"
        }
    }

    static func print(_ field: Field) -> String {
        switch field.value {
        case .value(let value, let growth): return "\(field.name.text): \(print(value))\(print(growth))"
        case .formula(let value): return "\(field.name.text) = \(print(value))"
        case .fleet(let counts):
            return "fleet: " + counts.map { "\(print($0.count)) \($0.chip.text)" }.joined(separator: ", ")
        case .owners(let holdings):
            return "owners: " + holdings.map { "\($0.holder.text) \(print($0.share))" }.joined(separator: ", ")
        }
    }

    static func print(_ rule: Rule) -> String {
        "\(rule.isRepeating ? "whenever" : "when") \(print(rule.condition)): "
            + rule.actions.map(print).joined(separator: "; ")
    }

    static func print(_ statement: Statement) -> String {
        switch statement.kind {
        case .scenario(let title): return "scenario \"\(title)\""
        case .start(let date): return "start \(date.text)"
        case .horizon(let date): return "horizon \(date.text)"
        case .runLength(let length): return "run \(print(length))"
        case .extends(let path, _): return "extends \"\(path)\""
        case .param(let name, let value): return "param \(name.text) = \(print(value))"
        case .formula(let name, let parameter, let value):
            return "let \(name.text)\(parameter.map { "(\($0.text))" } ?? "") = \(print(value))"
        case .chip(let name, let fields):
            return "chip \(name.text) { \(fields.map(print).joined(separator: " | ")) }"
        case .entity(let kind, let name, let fields):
            return "\(kind.rawValue) \(name.text)" + (fields.isEmpty ? "" : " { \(fields.map(print).joined(separator: " | ")) }")
        case .event(let event):
            let schedule: String
            switch event.schedule {
            case .once(let date): schedule = "on \(print(date))"
            case .every(let period, let from, let until):
                schedule = "every \(print(period)) from \(print(from))" + (until.map { " until \(print($0))" } ?? "")
            }
            return schedule + (event.label.map { " as \($0.text)" } ?? "")
                + (event.probability.map { " with probability \(print($0))" } ?? "") + ": "
                + event.actions.map(print).joined(separator: "; ")
        case .rule(let rule): return print(rule)
        case .forEach(let kind, let variable, let rules):
            return "for each \(kind.rawValue) \(variable.text): " + rules.map(print).joined(separator: " | ")
        case .cancel(let label): return "cancel \(label.text)"
        case .delay(let label, let by): return "delay \(label.text) by \(print(by))"
        case .report(let report):
            return "report " + report.fields.map(\.text).joined(separator: ", ")
                + (report.entities.isEmpty ? "" : " for " + report.entities.map(\.text).joined(separator: ", "))
                + (report.period.map { " " + $0.rawValue } ?? "")
        case .expect(let condition, let date):
            return "expect \(print(condition))" + (date.map { " at \(print($0))" } ?? "")
        case .observe(let observation):
            return "observe \(print(observation.expression)) at \(print(observation.date))"
                + (observation.value.map { " = \(print($0))" } ?? "") + (observation.error.map { " ± \(print($0))" } ?? "")
        }
    }

    /// The printed statements of a text that must parse without errors.
    static func statements(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let parsed = parse(text)
        XCTAssertEqual(parsed.diagnostics.filter(\.isError).map(\.message), [], file: file, line: line)
        XCTAssertFalse(parsed.isIncomplete, file: file, line: line)
        return parsed.statements.map(print)
    }

    /// The printed form of one action, parsed in an event; its span must be the text (a
    /// trailing comment aside).
    static func action(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let parsed = parse("on 2025-01: " + text)
        XCTAssertEqual(parsed.diagnostics.map(\.message), [], file: file, line: line)
        guard case .event(let event)? = parsed.statements.first?.kind, let action = event.actions.first else {
            XCTFail("no action in \(text)", file: file, line: line)
            return ""
        }
        XCTAssertEqual(action.span.text, text.split(separator: "#").first.map { String($0).trimmingCharacters(in: .whitespaces) },
                       file: file, line: line)
        return print(action)
    }

    static func statement(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let all = statements(text, file: file, line: line)
        XCTAssertEqual(all.count, 1, "statements: \(all)", file: file, line: line)
        return all.first ?? ""
    }

    /// Error messages of a text, with their 1-based line numbers.
    static func errors(_ text: String) -> [(line: Int, message: String)] {
        parse(text).diagnostics.filter(\.isError).map { ($0.span?.location.line ?? 0, $0.message) }
    }

    /// The directory of the package, found from this file's path.
    static func packageRoot(_ filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}
