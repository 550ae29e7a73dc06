import XCTest
import RaceModel
@testable import RaceEngine

/// Properties that hold for every scenario (issue 3), checked on seeded random scenarios:
/// money is conserved between tracked entities, stakes never exceed 1, and results do not
/// depend on the order of declarations.
final class PropertyTests: XCTestCase {
    /// 300 scenarios; RACE_PROPERTY_SEEDS=N tries N by hand.
    static let seeds: [UInt64] = Array(1...(ProcessInfo.processInfo.environment["RACE_PROPERTY_SEEDS"].flatMap { UInt64($0) } ?? 300))

    func scenario(_ seed: UInt64) -> GeneratedScenario {
        var random = SeededGenerator(seed: seed)
        return GeneratedScenario(using: &random)
    }

    func run(_ text: String, seed: UInt64) -> RunResult? {
        do {
            return try Engine.run(text)
        } catch {
            XCTFail("seed \(seed): \(error)\n\(text)")
            return nil
        }
    }

    /// docs/reference/actions.md: whatever one tracked entity pays another receives. So the received total minus the
    /// paid total, over every entity, is exactly the money that crossed the model's edge:
    /// + the "others" part of rounds, + an acqui-hired lab's cash paid out to its tracked holders,
    /// − chips bought from no one, − the part of an acquisition price that goes to "others".
    func testMoneyIsConservedBetweenTrackedEntities() {
        for seed in Self.seeds {
            let generated = scenario(seed)
            let text = generated.text()
            guard let r = run(text, seed: seed) else { continue }
            var received = 0.0, paid = 0.0, volume = 0.0
            for e in 0..<r.entityCount {
                received += r.final(r.model.entities[e].name, .received)
                paid += r.final(r.model.entities[e].name, .paid)
            }
            volume = received + paid
            var edge = 0.0
            for event in generated.events {
                let done = r.events.contains { $0.step == event.step && r.written($0) == event.action }
                let skipped = r.skipped.contains { $0.step == event.step && r.text(of: $0) == event.action }
                XCTAssertNotEqual(done, skipped, "seed \(seed): \(event.action) is neither done nor skipped, or both")
                guard done else { continue }
                switch event.money {
                case .round(let others): edge += others
                case let .chipsFromNoOne(chip, count, amount):
                    let c = generated.chips[chip]
                    edge -= amount ?? count! * c.price * pow(c.monthlyFactor, Double(event.step))
                case let .acquisition(target, price, acquihire):
                    let x = r.index(target)
                    let tracked = r.owners[x].reduce(0) { $0 + $1.share }
                    edge -= price * (1 - tracked)
                    if acquihire {
                        let cashBefore = event.step == 0
                            ? generated.labs.first { $0.name == target }!.cash
                            : r.value(.cash, entity: x, step: event.step - 1)
                        edge += max(cashBefore, 0) * tracked
                    }
                case .fromOthers(let price): edge -= price
                case .none: break
                }
            }
            let tolerance = 1e-9 * max(volume, 1) + 1e-3
            XCTAssertEqual(received - paid, edge, accuracy: tolerance, "seed \(seed)\n\(text)")
        }
    }

    /// Each rent payment, seen from both sides: a renter's `paid` grows by what its provider's
    /// `received` grows, month by month, when the scenario has nothing but rents.
    func testRentPaymentsReachTheProviderMonthByMonth() {
        for seed in Self.seeds.prefix(100) {
            var generated = scenario(seed)
            generated.events = generated.events.filter { $0.action.contains(" rents ") }
            let text = generated.text()
            guard let r = run(text, seed: seed) else { continue }
            for step in 0..<r.stepsRun {
                var paid = 0.0, received = 0.0
                for e in 0..<r.entityCount {
                    paid += r.value(.paid, entity: e, step: step)
                    received += r.value(.received, entity: e, step: step)
                }
                XCTAssertEqual(paid, received, accuracy: 1e-9 * max(paid, 1), "seed \(seed), month \(step)\n\(text)")
            }
        }
    }

    /// docs/reference/actions.md rounds dilute every stake by A/post and add at most A/post: an entity's stakes never
    /// add up to more than 1, and none is negative.
    func testStakesOfAnEntityNeverExceedOne() {
        for seed in Self.seeds {
            let text = scenario(seed).text()
            guard let r = run(text, seed: seed) else { continue }
            for e in 0..<r.entityCount {
                let shares = r.owners[e].map(\.share)
                XCTAssertTrue(shares.allSatisfy { $0 >= 0 }, "seed \(seed): \(shares)")
                XCTAssertLessThanOrEqual(shares.reduce(0, +), 1 + 1e-12, "seed \(seed): \(r.model.entities[e].name)\n\(text)")
            }
        }
    }

    /// docs/reference/month.md: results do not depend on the order of declarations (events keep their order and
    /// fall in distinct months, and there are no `for each` rules).
    func testResultsDoNotDependOnDeclarationOrder() {
        for seed in Self.seeds.prefix(150) {
            let generated = scenario(seed)
            var random = SeededGenerator(seed: seed &* 7919)
            let order = Array(0..<generated.declarationCount).shuffled(using: &random)
            let firstText = generated.text(), secondText = generated.text(order: order)
            guard let a = run(firstText, seed: seed), let b = run(secondText, seed: seed) else { continue }
            for entity in a.model.entities {
                let name = entity.name
                let context = "seed \(seed), \(name)\n\(secondText)"
                XCTAssertEqual(a.status(name), b.status(name), context)
                XCTAssertEqual(a.exitSteps[a.index(name)], b.exitSteps[b.index(name)], context)
                for field in RecordedField.allCases {
                    for step in [a.stepsRun / 2, a.stepsRun - 1] {
                        let x = a.final(name, field, step: step), y = b.final(name, field, step: step)
                        if x.isNaN || y.isNaN || x.isInfinite || y.isInfinite {
                            XCTAssertEqual(x.isNaN, y.isNaN, "\(field) \(context)")
                            if !x.isNaN { XCTAssertEqual(x, y, "\(field) \(context)") }
                        } else {
                            assertClose(x, y, "\(field) at month \(step), \(context)")
                        }
                    }
                }
                let ownersA = Dictionary(uniqueKeysWithValues: a.owners[a.index(name)].map { (a.model.entities[$0.holder].name, $0.share) })
                let ownersB = Dictionary(uniqueKeysWithValues: b.owners[b.index(name)].map { (b.model.entities[$0.holder].name, $0.share) })
                XCTAssertEqual(Set(ownersA.keys), Set(ownersB.keys), context)
                for (holder, share) in ownersA { assertClose(share, ownersB[holder] ?? .nan, "stake of \(holder), \(context)") }
            }
            XCTAssertEqual(a.log.map { "\($0.step) \($0.entity ?? "-")" }.sorted(),
                           b.log.map { "\($0.step) \($0.entity ?? "-")" }.sorted(), "seed \(seed)")
            XCTAssertEqual(Set(a.warnings.map { a.model.entities[$0.entity].name }),
                           Set(b.warnings.map { b.model.entities[$0.entity].name }), "seed \(seed)")
            XCTAssertEqual(a.skipped.count, b.skipped.count, "seed \(seed)")
        }
    }
}

/// docs/reference/capacity.md: capacity is conserved like money. Leases between entities that own chips of the kind
/// move chips from one fleet to another and back: the chips in use over all entities stay the
/// chips owned, every month, however the leases overlap, end, or ask for more than is free.
final class CapacityConservationTests: XCTestCase {
    func testLeasesNeverMakeOrLoseChips() throws {
        for seed in PropertyTests.seeds.prefix(150) {
            var random = SeededGenerator(seed: seed)
            let entities = Int.random(in: 2...5, using: &random)
            var text = "start 2025-01\nrun 30 months\nchip K { price: $10k, perf: 1 PFLOP/s, power: 1 kW, opex: $100/month, rent: $2/hour }\n"
            var owned = 0
            for e in 0..<entities {
                let fleet = Int.random(in: 1...100, using: &random) * 1000
                owned += fleet
                text += "company E\(e) { cash: $100B, fleet: \(fleet) K }\n"
            }
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let renter = Int.random(in: 0..<entities, using: &random)
                let provider = (renter + Int.random(in: 1..<entities, using: &random)) % entities
                let month = String(format: "2025-%02d", Int.random(in: 1...12, using: &random))
                let quantity = Bool.random(using: &random) ? "\(Int.random(in: 1...150, using: &random))k K" : "0.05 GW of K"
                let form = Bool.random(using: &random)
                    ? "rents \(quantity) from E\(provider) over \(Int.random(in: 1...18, using: &random)) months"
                    : "rents K from E\(provider) for $\(Int.random(in: 10...500, using: &random))M over \(Int.random(in: 1...18, using: &random)) months"
                text += "on \(month): E\(renter) \(form)\n"
            }
            let r = try Engine.run(text)
            for step in 0..<r.stepsRun {
                let inUse = (0..<r.entityCount).reduce(0.0) { $0 + r.value(.chips, entity: $1, step: step) }
                XCTAssertEqual(inUse, Double(owned), accuracy: 1e-6 * Double(owned), "seed \(seed), month \(step)\n\(text)")
            }
        }
    }
}
