import RaceModel

/// Everything a Monte Carlo run knows of each of its samples at the horizon, one column per
/// number: what `MonteCarloResult` summarises, what `--per-sample` writes and what `race
/// merge` reads back (docs/reference/explain.md, shards.md). Values are in the engine's units (as `RunResult.value`).
public struct SampleColumns: Sendable {
    /// How many samples each column holds.
    public let samples: Int
    public let entities: Int
    /// The recorded fields kept, in this order.
    public let fields: [RecordedField]
    /// How many report `let` columns are kept (all of them, after the fields).
    public let formulaColumns: Int
    /// `finals[(slot * entities + e) * samples + s]`; slots are `fields`, then the columns.
    public internal(set) var finals: [Double]
    /// `exits[e * samples + s]`: the step the entity left in, or -1.
    public internal(set) var exits: [Int32]
    /// `statuses[e * samples + s]`: `StatusCode` of the entity at the end.
    var statuses: [Int32]
    /// `draws[id * samples + s]`: each distribution's draw, when kept (else empty).
    public internal(set) var draws: [Double]
    /// `observed[k * samples + s]`: what observation k saw (a condition: 1 or 0).
    public internal(set) var observed: [Double]
    /// Per (entity, holder) pair, `entity * entities + holder`: the holder's stake in each
    /// sample, when kept; pairs absent hold nothing in any sample.
    public internal(set) var stakes: [Int: [Double]]?
    /// `held[i * samples + s]`: whether expectation i held (1) or not (0), when kept.
    public internal(set) var held: [UInt8]?
    /// Whether the columns were read back from a per-sample file (`race merge`): their rates
    /// per month came back from their per-second form already (see `roundTripPerSecond`).
    public let readBack: Bool

    init(samples: Int, entities: Int, fields: [RecordedField], formulaColumns: Int, finals: [Double], exits: [Int32],
         statuses: [Int32], draws: [Double], observed: [Double], stakes: [Int: [Double]]?, held: [UInt8]?, readBack: Bool = false) {
        self.samples = samples
        self.entities = entities
        self.fields = fields
        self.formulaColumns = formulaColumns
        self.finals = finals
        self.exits = exits
        self.statuses = statuses
        self.draws = draws
        self.observed = observed
        self.stakes = stakes
        self.held = held
        self.readBack = readBack
    }

    /// Columns read back from a per-sample file (`race merge`): `statuses[e * samples + s]`;
    /// the other arrays as the properties say, in the engine's units, rates per second
    /// converted back to per month (`x * seconds per month`). Sizes are checked.
    public init(samples: Int, entities: Int, fields: [RecordedField], formulaColumns: Int, finals: [Double], exits: [Int32],
                statuses: [EntityStatus], draws: [Double], observed: [Double], stakes: [Int: [Double]], held: [UInt8]) {
        precondition(finals.count == (fields.count + formulaColumns) * entities * samples, "finals")
        precondition(exits.count == entities * samples && statuses.count == entities * samples, "exits and statuses")
        precondition(stakes.values.allSatisfy { $0.count == samples }, "stakes")
        self.init(samples: samples, entities: entities, fields: fields, formulaColumns: formulaColumns, finals: finals,
                  exits: exits, statuses: statuses.map(StatusCode.encode), draws: draws, observed: observed, stakes: stakes,
                  held: held, readBack: true)
    }

    var slots: Int { fields.count + formulaColumns }

    /// The values of slot `slot` (the fields, then the report's columns) for entity `e`, one per sample.
    public func column(slot: Int, entity e: Int) -> ArraySlice<Double> {
        let base = (slot * entities + e) * samples
        return finals[base..<(base + samples)]
    }

    /// Whether the numbers of slot `slot` are shown per second (compute): see
    /// `roundTripPerSecond`.
    public static func isPerSecond(_ dimension: Dimension) -> Bool { dimension.flop == 1 && dimension.time == -1 }

    /// A value per month as it comes back from its per-second form, `(x / s) * s` with s the
    /// seconds of a month. Summaries of a rate shown per second are taken over these values:
    /// `--per-sample` writes x / s (the unit CSV readers expect) and `race merge` reads it
    /// back as (x / s) * s, which need not be x to the last bit; summarised alike, the merge
    /// gives the single run's numbers exactly.
    @inline(__always)
    static func roundTripPerSecond(_ x: Double) -> Double { (x / TimeUnits.secondsPerMonth) * TimeUnits.secondsPerMonth }

    /// What observation values the weights are computed from: those of a rate shown per
    /// second as they come back from a per-sample file (unless they were read back already).
    func observedForWeights(_ model: Model) -> [Double] {
        let perSecond = model.observations.map { $0.dimension.map(Self.isPerSecond) ?? false }
        guard !readBack, perSecond.contains(true) else { return observed }
        var values = observed
        for (k, flag) in perSecond.enumerated() where flag {
            for s in 0..<samples { values[k * samples + s] = Self.roundTripPerSecond(values[k * samples + s]) }
        }
        return values
    }
}
