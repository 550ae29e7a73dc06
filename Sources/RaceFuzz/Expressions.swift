/// SplitMix64 with a fixed seed: every generated input can be made again from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64, index: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ index &* 0xBF58_476D_1CE4_E5B9
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// Expressions of the language that check, by the unit they have: money, money per month,
/// time, ratios, rates and conditions, over the scenario's entities, params and formulas.
struct ExpressionWriter {
    /// `rate` is a growth rate (`5%/month`), as written after `growing` and `falling`.
    enum Unit: CaseIterable { case money, moneyRate, time, ratio, condition, rate }

    /// Labs and companies that exist, params by unit, and whether `let share(L)` exists.
    var labs: [String]
    var entities: [String]
    var params: [Unit: [String]] = [:]
    var formulas: [Unit: [String]] = [:]
    /// Whether the expression may read the run's state (false for params and chip fields).
    var readsState = true

    /// An expression of `unit`, at most `depth` levels of operators deep.
    func expression(_ unit: Unit, depth: Int, _ random: inout SeededRandom) -> String {
        if depth <= 0 || random.chance(0.35) { return leaf(unit, &random) }
        let next = depth - 1
        switch unit {
        case .rate:
            return rate(&random)
        case .money:
            return random.pick([
                { (r: inout SeededRandom) in "\(sub(.money, depth: next, &r)) + \(sub(.money, depth: next, &r))" },
                { r in "\(sub(.money, depth: next, &r)) * \(sub(.ratio, depth: next, &r))" },
                { r in "\(sub(.moneyRate, depth: next, &r)) * \(sub(.time, depth: next, &r))" },
                { r in "max(\(sub(.money, depth: next, &r)), \(sub(.money, depth: next, &r)))" },
                { r in "(if \(sub(.condition, depth: next, &r)) then \(sub(.money, depth: next, &r)) else \(subLeaf(.money, &r)))" },
                { r in "abs(\(sub(.money, depth: next, &r)) - \(subLeaf(.money, &r)))" },
            ])(&random)
        case .moneyRate:
            return random.pick([
                { (r: inout SeededRandom) in "\(sub(.money, depth: next, &r)) / \(sub(.time, depth: next, &r))" },
                { r in "\(sub(.moneyRate, depth: next, &r)) * \(sub(.ratio, depth: next, &r))" },
                { r in "min(\(sub(.moneyRate, depth: next, &r)), \(subLeaf(.moneyRate, &r)))" },
            ])(&random)
        case .time:
            return random.pick([
                { (r: inout SeededRandom) in "\(sub(.time, depth: next, &r)) * \(sub(.ratio, depth: next, &r))" },
                { r in "\(sub(.money, depth: next, &r)) / \(subLeaf(.moneyRate, &r))" },
                { r in "\(sub(.time, depth: next, &r)) - \(subLeaf(.time, &r))" },
            ])(&random)
        case .ratio:
            return random.pick([
                { (r: inout SeededRandom) in "\(sub(.ratio, depth: next, &r)) * \(sub(.ratio, depth: next, &r))" },
                { r in "\(sub(.money, depth: next, &r)) / \(sub(.money, depth: next, &r))" },
                { r in "sqrt(\(sub(.ratio, depth: next, &r)))" },
                { r in "log10(1 + \(sub(.ratio, depth: next, &r)))" },
                { r in "-\(sub(.ratio, depth: next, &r)) ^ 2" },
                { r in "exp(\(subLeaf(.ratio, &r)) / 10) - ln(2)" },
                { r in "\(sub(.time, depth: next, &r)) / \(subLeaf(.time, &r))" },
            ])(&random)
        case .condition:
            return random.pick([
                { (r: inout SeededRandom) in "\(sub(.money, depth: next, &r)) > \(sub(.money, depth: next, &r))" },
                { r in "\(sub(.time, depth: next, &r)) < \(subLeaf(.time, &r))" },
                { r in "\(sub(.condition, depth: next, &r)) and \(sub(.condition, depth: next, &r))" },
                { r in "\(sub(.condition, depth: next, &r)) or not \(subLeaf(.condition, &r))" },
                { r in "\(sub(.ratio, depth: next, &r)) >= \(subLeaf(.ratio, &r))" },
                { r in "\(sub(.moneyRate, depth: next, &r)) != \(subLeaf(.moneyRate, &r))" },
            ])(&random)
        }
    }

    /// An operand: in parentheses unless it is a single word or number, so that no
    /// precedence can regroup it.
    private func sub(_ unit: Unit, depth: Int, _ random: inout SeededRandom) -> String {
        parenthesized(expression(unit, depth: depth, &random))
    }

    private func subLeaf(_ unit: Unit, _ random: inout SeededRandom) -> String {
        parenthesized(leaf(unit, &random))
    }

    private func parenthesized(_ text: String) -> String {
        text.contains(where: { " /+-*<>".contains($0) }) ? "(\(text))" : text
    }

    /// A value with no operator: a literal, a param, a field, a formula, a global.
    func leaf(_ unit: Unit, _ random: inout SeededRandom) -> String {
        if let names = params[unit], !names.isEmpty, random.chance(0.25) { return random.pick(names) }
        if readsState, let names = formulas[unit], !names.isEmpty, random.chance(0.2) { return random.pick(names) }
        let lab = random.pick(labs), entity = random.pick(entities)
        switch unit {
        case .rate:
            return rate(&random)
        case .money:
            let literal = "$\(random.int(1...900))\(random.pick(["M", "B", "k", ""]))"
            guard readsState else { return literal }
            return random.pick([literal, "\(lab).cash", "\(lab).valuation", "total(cash)", "largest(valuation)",
                                "\(entity).paid", "\(entity).received", "\(lab).debt", literal])
        case .moneyRate:
            let literal = "$\(random.int(1...900))M/month"
            guard readsState else { return random.pick([literal, "$\(random.int(1...30))B/year"]) }
            return random.pick([literal, "\(lab).revenue", "\(lab).burn", "\(lab).net_burn", "\(lab).spend", "total(revenue)"])
        case .time:
            let literal = "\(random.int(1...48)) \(random.pick(["months", "month", "years", "quarters", "weeks"]))"
            guard readsState else { return literal }
            return random.pick([literal, "\(lab).runway", "\(lab).age", "t", literal])
        case .ratio:
            let literal = random.pick(["\(random.int(0...100))%", "0.\(random.int(1...99))", "\(random.int(1...20))", "1.5"])
            guard readsState else { return literal }
            return random.pick([literal, "\(lab).utilization", "\(lab).stake(\(entity))", "labs_active",
                                "\(lab).compute / total(compute)", "\(lab).flop / 1 EFLOP", "\(lab).chips / 1000 chips"])
        case .condition:
            guard readsState else { return random.pick(["true", "false"]) }
            let month = random.int(1...12)
            return random.pick(["\(lab).active", "date >= 2025-\(month < 10 ? "0" : "")\(month)", "true",
                                "labs_active > 1", "\(lab).runway < \(random.int(1...24)) months"])
        }
    }

    /// A rate as written after `growing`/`falling`: per month, per year or a param.
    func rate(_ random: inout SeededRandom) -> String {
        if let names = params[.rate], !names.isEmpty, random.chance(0.3) { return random.pick(names) }
        return random.pick(["\(random.int(0...12))%/month", "\(random.int(0...150))%/year", "\(random.int(1...30))%/quarter"])
    }

    /// An uncertain value of `unit` (docs/reference/uncertainty.md): `A to B`, `normal`, `uniform` or `lognormal`.
    func distribution(_ unit: Unit, _ random: inout SeededRandom) -> String {
        let (low, high): (String, String)
        switch unit {
        case .money: (low, high) = ("$\(random.int(1...50))B", "$\(random.int(60...200))B")
        case .moneyRate: (low, high) = ("$\(random.int(1...50))M/month", "$\(random.int(60...900))M/month")
        case .time: (low, high) = ("\(random.int(1...6)) months", "\(random.int(7...36)) months")
        case .rate: (low, high) = ("\(random.int(1...40))%/year", "\(random.int(41...200))%/year")
        default: (low, high) = ("0.\(random.int(1...4))", "0.\(random.int(5...9))")
        }
        switch random.int(0...3) {
        case 0: return "\(low) to \(high)"
        case 1: return "normal(\(high), \(low))"
        case 2: return "uniform(\(low), \(high))"
        default: return "lognormal(\(low), \(high))"
        }
    }
}
