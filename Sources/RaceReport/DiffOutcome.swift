import RaceEngine
import RaceModel
import RaceSyntax

/// An entity whose standing differs between the two runs at the compared month (docs/reference/diff.md part 2).
public struct StatusChange: Sendable {
    public var entity: String
    /// `active`, or how and when it left: `exited 2025-09`, `acquired by Alpha 2026-01`.
    public var a: String
    public var b: String
}

/// One entity's field at the compared month in both runs, in docs/reference/output.md's base units.
public struct Outcome: Sendable {
    public var entity: String
    public var field: RecordedField
    /// `nil`: no value (an unbounded company's cash, the runway of a lab not burning cash).
    public var a: Double?
    public var b: Double?
    /// `b − a`; `nil` when either side has no value.
    public var delta: Double?
    /// `delta / |a|`; `nil` when `a` is 0 or either side has no value.
    public var relative: Double?

    public init(entity: String, field: RecordedField, a: Double?, b: Double?) {
        self.entity = entity
        self.field = field
        self.a = a
        self.b = b
        if let a, let b {
            delta = b - a
            relative = a == 0 ? nil : (b - a) / abs(a)
        }
    }

    /// Whether the two runs agree (both without a value counts as agreeing).
    public var isUnchanged: Bool { a == b }
}

/// Reads two runs side by side. Runs are aligned by calendar month, so that two
/// scenarios with different start months can still be compared at a month both contain.
public enum DiffOutcomes {
    /// The entities present in both runs, in A's order, with their index in each.
    public static func commonEntities(_ a: Model, _ b: Model) -> [(name: String, a: Int, b: Int)] {
        a.entities.enumerated().compactMap { i, entity in
            b.entityIndex(named: entity.name).map { (entity.name, i, $0) }
        }
    }

    /// The months a run recorded, as calendar month indices.
    public static func months(_ run: RunResult) -> ClosedRange<Int>? {
        run.stepsRun > 0 ? run.model.start...(run.model.start + run.stepsRun - 1) : nil
    }

    /// A value in base units at a calendar month, or `nil` (no value, or outside the run,
    /// or no such entity).
    public static func value(_ run: RunResult, entity name: String, _ field: RecordedField, month: Int) -> Double? {
        let step = month - run.model.start
        guard let e = run.model.entityIndex(named: name), step >= 0, step < run.stepsRun else { return nil }
        return RunJSON.baseValue(run, field, entity: e, step: step)
    }

    /// The standing of an entity at a calendar month: `active` until it left.
    public static func statusText(_ run: RunResult, entity: Int, month: Int) -> String {
        if let exit = run.exitSteps[entity], run.model.start + exit <= month {
            return "\(run.statusText(entity)) \(MonthIndex.format(run.model.start + exit))"
        }
        return "active"
    }

    public static func statusChanges(_ a: RunResult, _ b: RunResult, month: Int) -> [StatusChange] {
        commonEntities(a.model, b.model).compactMap { name, i, j in
            let x = statusText(a, entity: i, month: month), y = statusText(b, entity: j, month: month)
            return x == y ? nil : StatusChange(entity: name, a: x, b: y)
        }
    }

    /// Every common entity × every field asked for, in entity then field order.
    public static func outcomes(_ a: RunResult, _ b: RunResult, month: Int, fields: [RecordedField]) -> [Outcome] {
        commonEntities(a.model, b.model).flatMap { name, _, _ in
            fields.map { field in
                Outcome(entity: name, field: field, a: value(a, entity: name, field, month: month),
                        b: value(b, entity: name, field, month: month))
            }
        }
    }

    /// The first calendar month (within both runs) in which any recorded value of any
    /// common entity differs; `nil` when the runs agree throughout.
    public static func divergence(_ a: RunResult, _ b: RunResult) -> Int? {
        guard let ma = months(a), let mb = months(b) else { return nil }
        let first = max(ma.lowerBound, mb.lowerBound), last = min(ma.upperBound, mb.upperBound)
        guard first <= last else { return nil }
        let common = commonEntities(a.model, b.model)
        for month in first...last {
            let sa = month - a.model.start, sb = month - b.model.start
            for (_, i, j) in common {
                for field in RecordedField.allCases {
                    let x = a.value(field, entity: i, step: sa), y = b.value(field, entity: j, step: sb)
                    if x != y && !(x.isNaN && y.isNaN) { return month }
                }
            }
        }
        return nil
    }
}
