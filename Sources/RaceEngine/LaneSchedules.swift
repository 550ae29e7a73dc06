import RaceModel

/// What docs/reference/uncertain-events.md makes uncertain: events whose month, delay or happening is drawn per sample, and
/// entities founded during the run. Each is a static formula worked out per lane before month
/// 0; the month loop then asks, each month, in which lanes it falls.
extension LaneEngine {
    /// Works out the uncertain schedules and founding months of every lane (after the draws
    /// and params): an entity founded after month 0 is not in the race until then.
    func prepareSchedules() throws(RunError) {
        for (k, event) in plan.uncertainEvents.enumerated() {
            let span = plan.model.events[event.event].span
            try values(event.first, .months, span: span, into: scheduleRow(3 * k))
            if let last = event.last { try values(last, .months, span: span, into: scheduleRow(3 * k + 1)) }
            if let happens = event.happens { try values(happens, .months, span: span, into: scheduleRow(3 * k + 2)) }
            else { scheduleRow(3 * k + 2).fill(1) }
        }
        let base = 3 * plan.uncertainEvents.count
        for (i, expectation) in plan.expectations.enumerated() {
            let at = scheduleRow(base + i)
            if let formula = expectation.at { try values(formula, .months, span: plan.model.expectations[i].span, into: at) }
            else { at.fill(Double(expectation.step)) }
        }
        for (k, observation) in plan.observations.enumerated() {
            let at = scheduleRow(base + plan.expectations.count + k)
            if let formula = observation.at { try values(formula, .months, span: plan.model.observations[k].span, into: at) }
            else { at.fill(Double(observation.step)) }
        }
        let notFounded = Double(StatusCode.encode(.notFounded))
        for (e, entity) in plan.entities.enumerated() {
            let founded = row(.founded, e)
            guard let formula = entity.founded else { founded.fill(0); continue }
            try values(formula, .months, span: entity.span, into: founded)
            let active = row(.active, e), status = row(.status, e)
            for s in 0..<lanes where founded[s] > 0 {
                active[s] = 0
                status[s] = notFounded
            }
            ledger.activeAnywhere[e] = active.anyNonZero()
        }
    }

    /// Phase 1's first step: entities founded this month enter the race.
    func admitFounded() {
        for (e, entity) in plan.entities.enumerated() where entity.founded != nil {
            let founded = row(.founded, e), active = row(.active, e), status = row(.status, e), now = Double(step)
            var entered = false
            for s in 0..<lanes where founded[s] == now && founded[s] > 0 {
                active[s] = 1
                status[s] = Double(StatusCode.encode(.active))
                entered = true
            }
            if entered { ledger.activeAnywhere[e] = true }
        }
    }

    /// Phase 2: the events dated this month, in source order; an uncertain one in the lanes
    /// where it falls this month.
    func applyEvents() throws(RunError) {
        let lanesOfEvent = mask(.event)
        for slot in plan.eventsByStep[step] {
            switch slot {
            case .certain(let actions):
                for action in actions {
                    lanesOfEvent.fill(true)
                    try perform(action, bound: -1, lanes: lanesOfEvent)
                }
            case .uncertain(let k):
                guard lanesOfUncertainEvent(k, into: lanesOfEvent) else { continue }
                for action in plan.uncertainEvents[k].actions { try perform(action, bound: -1, lanes: lanesOfEvent) }
            }
        }
    }

    /// The lanes where uncertain event `k` falls this month: it happens there, and this month
    /// is its first or, for a recurring one, a period after it up to its last.
    private func lanesOfUncertainEvent(_ k: Int, into lanesOfEvent: LaneMask) -> Bool {
        let event = plan.uncertainEvents[k], first = scheduleRow(3 * k), last = scheduleRow(3 * k + 1)
        let happens = scheduleRow(3 * k + 2), now = Double(step)
        var any = false
        for s in 0..<lanes {
            var falls = happens[s] != 0 && now >= first[s]
            if let period = event.period {
                let since = now - first[s]
                falls = falls && now <= last[s] && since.truncatingRemainder(dividingBy: Double(period)) == 0
            } else {
                falls = falls && now == first[s]
            }
            lanesOfEvent[s] = falls
            any = any || falls
        }
        return any
    }

    /// The lanes where expectation `i` (or, with `observation`, observation `i`) is due now.
    func dueLanes(expectation i: Int, into due: LaneMask) -> Bool {
        dueLanes(row: scheduleRow(3 * plan.uncertainEvents.count + i), into: due)
    }

    func dueLanes(observation k: Int, into due: LaneMask) -> Bool {
        dueLanes(row: scheduleRow(3 * plan.uncertainEvents.count + plan.expectations.count + k), into: due)
    }

    private func dueLanes(row at: LaneRow, into due: LaneMask) -> Bool {
        let now = Double(step)
        var any = false
        for s in 0..<lanes {
            due[s] = at[s] == now
            any = any || at[s] == now
        }
        return any
    }
}
