import Foundation

/// Random scenarios written as text, for the property tests: labs, companies and chips with
/// random cash, flows and owners, and one random action in each of several distinct months.
/// Every action is valid by construction (no run error), so each scenario runs to the end.
struct GeneratedScenario {
    /// What an action does to money that leaves or enters the ledger of tracked entities (docs/reference/actions.md).
    enum Money {
        /// A round: `others` of it comes from outside the model.
        case round(others: Double)
        /// Chips bought from no one: `count` × the price of `chip` in that month, or `amount`.
        case chipsFromNoOne(chip: Int, count: Double?, amount: Double?)
        /// `acquires` / `acquihires` of `target` for `price`.
        case acquisition(target: String, price: Double, acquihire: Bool)
        /// A secondary sale from the untracked holders: `price` leaves the model.
        case fromOthers(price: Double)
        /// Rent, investments, buys from a seller, exits: nothing leaves the ledger.
        case none
    }

    struct Chip {
        var name: String
        var declaration: String
        var price: Double
        /// The monthly factor of a falling price.
        var monthlyFactor: Double
    }

    struct Entity {
        var name: String
        var declaration: String
        var cash: Double
    }

    struct Event {
        var step: Int
        var action: String
        var money: Money
    }

    var steps: Int
    var chips: [Chip] = []
    var companies: [Entity] = []
    var labs: [Entity] = []
    var events: [Event] = []

    /// How many declarations there are (chips, companies, labs), for `text(order:)`.
    var declarationCount: Int { chips.count + companies.count + labs.count }

    /// The scenario text, with the declarations of chips, companies and labs in `order`
    /// (a permutation of their indices; the order generated when nil). Events keep their order.
    func text(order: [Int]? = nil) -> String {
        let all = chips.map(\.declaration) + companies.map(\.declaration) + labs.map(\.declaration)
        let declarations = (order ?? Array(all.indices)).map { all[$0] }
        var text = "scenario \"generated\"\nstart 2025-01\nrun \(steps) months\n"
        text += declarations.joined(separator: "\n") + "\n"
        for event in events {
            text += "on \(Self.month(event.step)): \(event.action)\n"
        }
        return text
    }

    static func month(_ step: Int) -> String {
        let index = 2025 * 12 + step
        return String(format: "%04d-%02d", index / 12, index % 12 + 1)
    }

    /// A scenario drawn from `random`.
    init<G: RandomNumberGenerator>(using random: inout G) {
        steps = Int.random(in: 6...36, using: &random)
        for i in 0..<Int.random(in: 1...3, using: &random) {
            let price = Double(Int.random(in: 10...60, using: &random)) * 1e3
            var text = "chip K\(i) { price: $\(Int(price / 1e3))k"
            var factor = 1.0
            if Bool.random(using: &random) {
                let percent = Int.random(in: 1...5, using: &random)
                text += " falling \(percent)%/month"
                factor = 1 - Double(percent) / 100
            }
            text += ", perf: \(Int.random(in: 1...5, using: &random)) PFLOP/s, power: \(Int.random(in: 1...3, using: &random)) kW"
            text += ", opex: $\(Int.random(in: 1...3, using: &random))k/month, rent: $\(Int.random(in: 1...6, using: &random))/hour"
            if Bool.random(using: &random) { text += ", lead: \(Int.random(in: 1...3, using: &random)) months" }
            chips.append(Chip(name: "K\(i)", declaration: text + " }", price: price, monthlyFactor: factor))
        }
        for i in 0..<Int.random(in: 1...4, using: &random) {
            if Bool.random(using: &random) {
                let cash = Double(Int.random(in: 1...50, using: &random)) * 1e9
                companies.append(Entity(name: "C\(i)", declaration: "company C\(i) { cash: $\(Int(cash / 1e9))B }", cash: cash))
            } else {
                companies.append(Entity(name: "C\(i)", declaration: "company C\(i)", cash: .nan))
            }
        }
        let labCount = Int.random(in: 2...6, using: &random)
        for i in 0..<labCount {
            let cash = Double(Int.random(in: 1...20, using: &random)) * 1e9
            var text = "lab L\(i) {\n  cash: $\(Int(cash / 1e9))B; valuation: $\(Int.random(in: 5...100, using: &random))B\n"
            text += "  revenue: $\(Int.random(in: 10...500, using: &random))M/month growing \(Int.random(in: 0...8, using: &random))%/month\n"
            text += "  burn: $\(Int.random(in: 50...800, using: &random))M/month"
            if Bool.random(using: &random) { text += " growing \(Int.random(in: 1...30, using: &random))%/year" }
            text += "\n"
            if Bool.random(using: &random) {
                text += "  fleet: \(Int.random(in: 1...50, using: &random))k \(chips.randomElement(using: &random)!.name)\n"
            }
            var holders = (companies.map(\.name) + (0..<labCount).filter { $0 != i }.map { "L\($0)" }).shuffled(using: &random)
            holders = Array(holders.prefix(Int.random(in: 0...3, using: &random)))
            if !holders.isEmpty {
                text += "  owners: " + holders.map { "\($0) \(Int.random(in: 1...30, using: &random))%" }.joined(separator: ", ") + "\n"
            }
            labs.append(Entity(name: "L\(i)", declaration: text + "}", cash: cash))
        }
        let months = Array((0..<steps).shuffled(using: &random).prefix(Int.random(in: 3...min(steps, 15), using: &random))).sorted()
        for step in months { events.append(randomEvent(step, using: &random)) }
    }

    private func randomEvent<G: RandomNumberGenerator>(_ step: Int, using random: inout G) -> Event {
        let all = companies.map(\.name) + labs.map(\.name)
        let lab = labs.randomElement(using: &random)!.name
        func other(than name: String) -> String { all.filter { $0 != name }.randomElement(using: &random)! }
        func millions(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        let chip = chips.randomElement(using: &random)!
        let companies = self.companies.map(\.name)
        switch Int.random(in: 0..<17, using: &random) {
        case 10:
            // A loan from a company (companies never leave here, so every payment reaches it).
            let lender = companies.randomElement(using: &random)!
            return Event(step: step, action: "\(lab) borrows $\(millions(10...3000))M from \(lender) at \(millions(1...20))%/year "
                         + "over \(millions(1...24)) months", money: .none)
        case 11:
            return Event(step: step, action: "\(lab) pays $\(millions(1...500))M to \(other(than: lab))", money: .none)
        case 12:
            return Event(step: step, action: "\(lab) pays $\(millions(1...100))M/month to \(other(than: lab)) for \(millions(1...24)) months",
                         money: .none)
        case 13:
            let share = millions(1...20), price = millions(10...2000)
            if Bool.random(using: &random) {
                return Event(step: step, action: "\(other(than: lab)) buys \(share)% of \(lab) from others for $\(price)M",
                             money: .fromOthers(price: Double(price) * 1e6))
            }
            let buyer = other(than: lab)
            let seller = all.filter { $0 != lab && $0 != buyer }.randomElement(using: &random)!
            return Event(step: step, action: "\(buyer) buys \(share)% of \(lab) from \(seller) for $\(price)M", money: .none)
        case 14:
            let holders = Array(all.filter { $0 != lab }.shuffled(using: &random).prefix(millions(1...3)))
            return Event(step: step, action: "set \(lab).owners = " + holders.map { "\($0) \(millions(1...30))%" }.joined(separator: ", "),
                         money: .none)
        case 15:
            // A lease by quantity: out of the provider's fleet where it owns the chip.
            let quantity = Bool.random(using: &random) ? "\(millions(1...40))k \(chip.name)" : "0.0\(millions(1...9)) GW of \(chip.name)"
            let pay = Bool.random(using: &random) ? " for $\(millions(10...3000))M" : ""
            return Event(step: step, action: "\(lab) rents \(quantity) from \(other(than: lab))\(pay) over \(millions(1...30)) months",
                         money: .none)
        case 16:
            let count = millions(1...20) * 1000, price = millions(10...1000)
            if Bool.random(using: &random) {
                return Event(step: step, action: "\(lab) buys \(count) \(chip.name) from \(other(than: lab)) for $\(price)M", money: .none)
            }
            return Event(step: step, action: "\(lab) buys \(count) \(chip.name) for $\(price)M",
                         money: .chipsFromNoOne(chip: 0, count: nil, amount: Double(price) * 1e6))
        case 0, 1:
            let a = millions(100...5000)
            let valuation = "$\(a * millions(2...20))M" + ["", " post", " pre"].randomElement(using: &random)!
            let investors = Array(all.filter { $0 != lab }.shuffled(using: &random).prefix(millions(0...3)))
            if investors.isEmpty {
                return Event(step: step, action: "\(lab) raises $\(a)M at \(valuation)", money: .round(others: Double(a) * 1e6))
            }
            if Bool.random(using: &random) {
                return Event(step: step, action: "\(lab) raises $\(a)M at \(valuation) from \(investors.joined(separator: ", "))",
                             money: .round(others: 0))
            }
            let amounts = investors.map { _ in millions(0...(a / investors.count)) }
            let list = zip(investors, amounts).map { "\($0) $\($1)M" }.joined(separator: ", ")
            return Event(step: step, action: "\(lab) raises $\(a)M at \(valuation) from \(list)",
                         money: .round(others: Double(a - amounts.reduce(0, +)) * 1e6))
        case 2:
            let a = millions(10...3000)
            let at = [" at $\(a * millions(2...20))M", " at $\(a * millions(2...20))M pre", ""].randomElement(using: &random)!
            return Event(step: step, action: "\(other(than: lab)) invests $\(a)M in \(lab)\(at)", money: .none)
        case 3:
            return Event(step: step, action: "\(other(than: lab)) buys \(millions(1...40))% of \(lab) for $\(millions(10...3000))M",
                         money: .none)
        case 4:
            let count = millions(1...20) * 1000
            if Bool.random(using: &random) {
                return Event(step: step, action: "\(lab) buys \(count) \(chip.name) from \(other(than: lab))", money: .none)
            }
            return Event(step: step, action: "\(lab) buys \(count) \(chip.name)",
                         money: .chipsFromNoOne(chip: chips.firstIndex { $0.name == chip.name }!, count: Double(count), amount: nil))
        case 5:
            let a = millions(10...2000)
            if Bool.random(using: &random) {
                return Event(step: step, action: "\(lab) buys $\(a)M of \(chip.name) from \(other(than: lab))", money: .none)
            }
            return Event(step: step, action: "\(lab) buys $\(a)M of \(chip.name)",
                         money: .chipsFromNoOne(chip: 0, count: nil, amount: Double(a) * 1e6))
        case 6, 7:
            return Event(step: step, action: "\(lab) rents \(chip.name) from \(other(than: lab)) for $\(millions(10...5000))M over \(millions(1...40)) months",
                         money: .none)
        case 8:
            let price = Bool.random(using: &random) ? millions(0...5000) : nil
            let verb = Bool.random(using: &random) ? "acquires" : "acquihires"
            return Event(step: step, action: "\(other(than: lab)) \(verb) \(lab)" + (price.map { " for $\($0)M" } ?? ""),
                         money: .acquisition(target: lab, price: Double(price ?? 0) * 1e6, acquihire: verb == "acquihires"))
        default:
            return Event(step: step, action: "\(lab) exits", money: .none)
        }
    }
}
