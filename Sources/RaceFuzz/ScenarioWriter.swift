/// Valid scenarios that use every statement, action, rule and distribution of the language
/// (Grammar/race.ebnf): the seeds the mutations start from. Most of them check and run; the
/// point is to reach every part of the program before the mutations break things.
struct ScenarioWriter {
    var random: SeededRandom
    private var text = ""
    private var expressions: ExpressionWriter
    private let chips: [String]
    private var labels: [String] = []
    private var dateParams: [String] = []
    private let startYear = 2025
    private let months: Int

    init(random: SeededRandom) {
        var random = random
        let labs = (0..<random.int(2...5)).map { "L\($0)" }
        let companies = (0..<random.int(1...3)).map { "C\($0)" }
        chips = (0..<random.int(1...2)).map { "K\($0)" }
        months = random.int(6...48)
        expressions = ExpressionWriter(labs: labs, entities: labs + companies)
        self.random = random
    }

    /// The scenario's text.
    mutating func write() -> String {
        line("scenario \"fuzz \(random.int(0...9999))\"")
        line("start \(startYear)-01")
        line(random.chance(0.5) ? "horizon \(date(months - 1))" : "run \(months) months")
        writeParams()
        writeDateParams()
        writeChips()
        writeEntities()
        writeFormulas()
        for _ in 0..<random.int(1...8) { writeEvent() }
        for _ in 0..<random.int(0...4) { writeRule() }
        writeEdits()
        writeReport()
        return text
    }

    private mutating func line(_ statement: String) { text += statement + "\n" }

    /// `YYYY-MM` of month `step` of the run (steps past the end stay valid dates).
    func date(_ step: Int) -> String {
        let index = startYear * 12 + max(0, step)
        let month = index % 12 + 1
        return "\(index / 12)-\(month < 10 ? "0" : "")\(month)"
    }

    private mutating func writeParams() {
        let units: [ExpressionWriter.Unit] = [.money, .moneyRate, .time, .ratio, .rate]
        for i in 0..<random.int(0...5) {
            let unit = random.pick(units)
            let name = "p\(i)"
            var inner = expressions
            inner.readsState = false
            let value = random.chance(0.4) ? expressions.distribution(unit, &random)
                : unit == .rate ? expressions.rate(&random) : inner.expression(unit, depth: 2, &random)
            line("param \(name) = \(value)")
            expressions.params[unit, default: []].append(name)
            // A what-if redeclaration that builds on the earlier value.
            if random.chance(0.1), unit != .rate { line("param \(name) = \(name) * \(random.int(1...3))") }
        }
    }

    /// Date parameters (docs/reference/uncertain-events.md): a month, or a range of months that each sample draws from.
    private mutating func writeDateParams() {
        for i in 0..<random.int(0...2) {
            let first = random.int(0...months - 1)
            line("param d\(i) = " + (random.chance(0.5) ? date(first) : "\(date(first)) to \(date(random.int(first...months)))"))
            dateParams.append("d\(i)")
        }
    }

    private mutating func writeChips() {
        for chip in chips {
            var fields = ["price: $\(random.int(5...60))k" + (random.chance(0.5) ? " falling \(expressions.rate(&random))" : "")]
            fields.append("perf: \(random.int(100...2500)) TFLOP/s")
            fields.append("power: \(random.int(5...30) * 100) W")
            if random.chance(0.7) { fields.append("opex: $\(random.int(1...3)).\(random.int(0...9))k/month") }
            fields.append("rent: $\(random.int(1...5)).\(random.int(10...99))/hour")
            if random.chance(0.4) { fields.append("lead: \(random.int(0...4)) months") }
            if random.chance(0.1) { fields.append("available: \(date(random.int(0...6)))") }
            line("chip \(chip) { \(fields.joined(separator: random.pick([", ", "; ", "\n  ", ", "]))) }")
        }
    }

    private mutating func writeEntities() {
        for company in expressions.entities where company.hasPrefix("C") {
            line(random.chance(0.4) ? "company \(company)" : "company \(company) { cash: $\(random.int(1...200))B }")
        }
        for lab in expressions.labs {
            var fields = ["cash: $\(random.int(1...50))B", "valuation: $\(random.int(5...500))B"]
            if random.chance(0.8) {
                fields.append("revenue: $\(random.int(10...900))M/month" + (random.chance(0.6) ? " growing \(expressions.rate(&random))" : ""))
            } else {
                // A formula of the lab's state; one that reads revenue itself would be a loop.
                fields.append("revenue = \(random.pick(["\(lab).valuation", "total(cash)", "(\(lab).cash + $1B)"])) / \(random.int(50...500)) months")
            }
            fields.append("burn: $\(random.int(10...1500))M/month" + (random.chance(0.5) ? " growing \(expressions.rate(&random))" : ""))
            if random.chance(0.6) { fields.append("fleet: \(random.int(1...200))k \(random.pick(chips))") }
            let others = expressions.entities.filter { $0 != lab }
            if random.chance(0.5), !others.isEmpty {
                fields.append("owners: \(random.pick(others)) \(random.int(1...45))%")
            }
            if random.chance(0.3) { fields.append("utilization: \(random.int(10...90))%") }
            if lab != expressions.labs[0], random.chance(0.15) { fields.append("founded: \(dateOrParam())") }
            line("lab \(lab) {\n  \(fields.joined(separator: "\n  "))\n}")
        }
    }

    private mutating func writeFormulas() {
        if random.chance(0.6) {
            line("let share(L) = L.cash / total(cash)")
        }
        for i in 0..<random.int(0...3) {
            let unit = random.pick([ExpressionWriter.Unit.money, .moneyRate, .time, .ratio, .condition])
            line("let f\(i) = \(expressions.expression(unit, depth: 3, &random))")
            expressions.formulas[unit, default: []].append("f\(i)")
        }
    }

    private mutating func writeEvent() {
        var label = ""
        if random.chance(0.5) {
            label = " as e\(labels.count)"
            labels.append("e\(labels.count)")
        }
        var body = random.chance(0.25) ? " {\n  \(action())\n  \(action())\n}" : ": \(action())"
        if random.chance(0.15) { body = " with probability \(random.int(0...100))%" + body }
        if random.chance(0.2) {
            let until = random.chance(0.5) ? " until \(date(random.int(months / 2...months)))" : ""
            line("every \(random.int(1...12)) months from \(date(random.int(0...months / 2)))\(until)\(label)\(body)")
        } else {
            line("on \(dateOrParam())\(label)\(body)")
        }
    }

    private mutating func writeRule() {
        let verb = random.pick(["when", "whenever"])
        if random.chance(0.4) {
            let kind = random.pick(["lab", "company"])
            let rule = kind == "lab" ? "\(verb) L.runway < \(random.int(1...12)) months: L raises L.burn * \(random.int(6...24)) months at L.valuation * 1.\(random.int(0...9))"
                : "\(verb) L.cash > $\(random.int(1...90))B: note \"rich\""
            line(random.chance(0.5) ? "for each \(kind) L: \(rule)" : "for each \(kind) L {\n  \(rule)\n}")
            return
        }
        let condition = expressions.expression(.condition, depth: 2, &random)
        line(random.chance(0.7) ? "\(verb) \(condition): \(action())" : "\(verb) \(condition) {\n  \(action())\n}")
    }

    private mutating func writeEdits() {
        for label in labels where random.chance(0.3) {
            let delay = random.chance(0.7) ? "\(random.int(-3...6)) months" : "\(random.int(0...3)) months to \(random.int(4...12)) months"
            line(random.chance(0.4) ? "cancel \(label)" : "delay \(label) by \(delay)")
        }
    }

    private mutating func writeReport() {
        if random.chance(0.5) {
            var fields = ["cash", "runway", "compute", "valuation", "revenue", "burn", "flop", "chips"].shuffled(using: &random)
            fields = Array(fields.prefix(random.int(1...4)))
            if text.contains("let share(L)"), random.chance(0.5) { fields.append("share") }
            let entities = random.chance(0.4) ? " for \(expressions.labs.prefix(2).joined(separator: ", "))" : ""
            let period = random.chance(0.4) ? " \(random.pick(["monthly", "quarterly", "yearly"]))" : ""
            line("report \(fields.joined(separator: ", "))\(entities)\(period)")
        }
        for _ in 0..<random.int(0...3) {
            let at = random.chance(0.5) ? " at \(dateOrParam())" : ""
            line("expect \(expressions.expression(.condition, depth: 2, &random))\(at)")
        }
        // Observations (docs/reference/observations.md): a value with its error, or a condition, at a month.
        for _ in 0..<random.int(0...2) {
            let lab = random.pick(expressions.labs)
            line(random.chance(0.5) ? "observe \(lab).cash at \(date(random.int(0...months - 1))) = $\(random.int(1...40))B ± \(random.int(5...50))%"
                 : "observe \(lab).active at \(date(random.int(0...months - 1)))")
        }
    }

    /// A month of the run, or a date parameter.
    private mutating func dateOrParam() -> String {
        if !dateParams.isEmpty, random.chance(0.3) { return random.pick(dateParams) }
        return date(random.int(0...months - 1))
    }

    /// The financing actions of docs/reference/capacity.md: loans, payments, secondary sales, cap tables, leases of
    /// a quantity, purchases at an agreed price.
    private mutating func financingAction(_ lab: String, _ other: String, _ chip: String, _ amount: String) -> String {
        switch random.int(0...7) {
        case 0: return "\(lab) borrows \(amount) from \(other) at \(random.int(1...20))%/year over \(random.int(1...36)) months"
        case 1: return "\(lab) borrows \(amount) at \(random.int(1...3))%/month over \(random.int(1...24)) months"
        case 2: return "\(lab) pays $\(random.int(1...900))M/month to \(other) for \(random.int(1...24)) months"
        case 3: return "\(other) pays $\(random.int(1...900))M to \(lab)"
        case 4: return "set \(lab).owners = \(other) \(random.int(1...40))%"
        case 5:
            let seller = random.pick(["others"] + expressions.entities.filter { $0 != lab && $0 != other })
            return "\(other) buys \(random.int(1...10))% of \(lab) from \(seller) for \(amount)"
        case 6: return random.chance(0.5) ? "\(lab) rents \(random.int(1...200))k \(chip) from \(other) over \(random.int(1...24)) months"
            : "\(lab) rents \(random.int(1...9)) GW of \(chip) from \(other) for \(amount) over \(random.int(1...24)) months"
        default: return "\(lab) buys \(random.int(1...90))k \(chip) for \(amount)"
        }
    }

    /// One action of docs/reference/actions.md, valid in most months.
    mutating func action() -> String {
        let lab = random.pick(expressions.labs), other = random.pick(expressions.entities.filter { $0 != lab })
        let chip = random.pick(chips)
        let amount = "$\(random.int(1...20))B"
        switch random.int(0...15) {
        case 0: return "\(lab) raises \(amount) at $\(random.int(20...500))B\(random.pick(["", " post", " pre"]))"
        case 1: return "\(lab) raises \(amount) at \(lab).valuation * 1.5 from \(other) $\(random.int(1...5))B"
        case 2: return "\(lab) raises \(amount) at $\(random.int(20...500))B from \(other)"
        case 3: return "\(other) invests \(amount) in \(lab)" + random.pick(["", " at $\(random.int(20...500))B pre", " at $100B"])
        case 4: return "\(other) buys \(random.int(1...20))% of \(lab) for \(amount)"
        case 5: return "\(lab) buys \(amount) of \(chip)" + (random.chance(0.3) ? " from \(other)" : "")
        case 6: return "\(lab) buys \(random.int(1...50))k \(chip)" + (random.chance(0.3) ? " from \(other)" : "")
        case 7: return "\(lab) rents \(chip) from \(other) for \(amount) over \(random.int(1...36)) months"
        case 8: return "\(lab) builds \(random.int(10...900)) MW of \(chip) for \(amount) over \(random.int(1...30)) months"
        case 9: return "\(other) \(random.pick(["acquires", "acquihires"])) \(lab)" + (random.chance(0.5) ? " for \(amount)" : "")
        case 10: return random.chance(0.2) ? "\(lab) exits" : "note \"month \(random.int(1...99))\""
        case 11:
            let field = random.pick(["burn", "revenue", "cash", "valuation", "utilization"])
            let unit: ExpressionWriter.Unit = field == "cash" || field == "valuation" ? .money : field == "utilization" ? .ratio : .moneyRate
            let growth = unit == .moneyRate && random.chance(0.5) ? " growing \(expressions.rate(&random))" : ""
            return "set \(lab).\(field) = \(expressions.expression(unit, depth: 2, &random))\(growth)"
        case 12: return "\(lab) raises \(lab).burn * \(random.int(3...24)) months at \(lab).valuation"
        default: return financingAction(lab, other, chip, amount)
        }
    }
}
