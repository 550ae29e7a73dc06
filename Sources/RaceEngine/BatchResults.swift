import RaceModel

extension BatchSimulation {
    /// A final value of §10 in one lane, in the units `RunResult.value` uses (NaN for an
    /// unbounded company's cash, +∞ for a runway that does not exist).
    public func finalValue(_ field: RecordedField, entity e: Int, lane s: Int) -> Double {
        switch field {
        case .cash: return plan.entities[e].tracksCash ? cash[e, s] : .nan
        case .revenue: return monthRevenue[e, s]
        case .burn: return monthBurn[e, s]
        case .spend: return monthSpend[e, s]
        case .compute: return monthCompute[e, s]
        case .chips: return monthChips[e, s]
        case .flop: return flop[e, s]
        case .valuation: return valuation[e, s]
        case .paid: return paid[e, s]
        case .received: return received[e, s]
        case .runway:
            let net = monthSpend[e, s] - monthRevenue[e, s]
            return active[e, s] != 0 && net > 0 && plan.entities[e].tracksCash ? cash[e, s] / net : .infinity
        }
    }

    /// A report `let` column at the horizon in one lane.
    public func finalFormula(column k: Int, entity e: Int, lane s: Int) -> Double {
        finalFormulas[k * entityCount + e, s]
    }

    public func status(entity e: Int, lane s: Int) -> EntityStatus { StatusCode.decode(Int32(status[e, s])) }

    /// The step at which the entity left in this lane, or nil.
    public func exitStep(entity e: Int, lane s: Int) -> Int? {
        let value = exitStep[e, s]
        return value < 0 ? nil : Int(value)
    }

    /// The stakes `holder` has in `entity`, summed over the samples in lane order from zero
    /// (0 at once where it never held one: such a row is all zeros).
    public func stakeSum(of holder: Int, in entity: Int) -> Double {
        guard holdsStake[entity * entityCount + holder] else { return 0 }
        let row = stakes.row(entity * entityCount + holder)
        var sum = 0.0
        for s in 0..<samples { sum += row[s] }
        return sum
    }

    /// The stake `holder` has in `entity` in this lane.
    public func stake(of holder: Int, in entity: Int, lane s: Int) -> Double { stakes[entity * entityCount + holder, s] }
}
