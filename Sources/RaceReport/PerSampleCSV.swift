import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S --per-sample PATH.csv` (§19, §20): one row per sample, every number
/// a plain CSV cell that pandas reads with no options (`pd.read_csv(PATH)`):
///
/// - `seed`, `samples`, `sample`: which sample of which run (sample i of S with seed K; the
///   seed and index name its random stream, S lets a merge see that every shard is there);
/// - `log_weight` (with observations): Σ −z²/2 over the observations, −inf where a sample
///   weighs 0; a sample's weight is `exp(log_weight − max(log_weight))`;
/// - each random input's draw, headed by its name (`RandomInput.name`); a date as `YYYY-MM`;
/// - `observe …`: what each observation saw (a condition: 1 or 0);
/// - `expect …`: whether each expectation held (1 or 0);
/// - per entity, `NAME.status`, `NAME.exit` (the month it left, or empty), then every field
///   of §10's `final` and the report's columns at the horizon (`NAME.cash`, …);
/// - `HOLDER` stakes as `NAME.stake(HOLDER)`, for each pair that holds a stake in some sample.
///
/// Numbers are in §10's base units, written as the shortest decimal that reads back as the
/// same number; an infinite value is `inf`, a missing one an empty cell. `race merge` reads
/// the files back and gives the single run's output byte for byte.
public enum PerSampleCSV {
    /// The fields a per-sample file holds: §10's `final`, then any other field the report shows.
    public static func fields(_ model: Model) -> [RecordedField] {
        let reported = model.report.columns.compactMap { column -> RecordedField? in
            if case .quantity(let q) = column.column { return RecordedField(name: q.rawValue) }
            return nil
        }
        return MonteCarlo.finalFields + reported.filter { !MonteCarlo.finalFields.contains($0) }
    }

    /// The file for `result` (a run that kept draws and sample outcomes, `fields(model)` among its fields).
    public static func render(_ result: MonteCarloResult) -> String {
        let model = result.model
        let layout = PerSampleLayout(model: model, stakePairs: (result.columns.stakes ?? [:]).keys.sorted())
        var csv = CSVWriter()
        csv.row(layout.header)
        let n = result.samples, e = model.entities.count
        let inputs = layout.inputs.map { result.draws($0.id) }
        let observed = model.observations.indices.map { result.observed($0) }
        let targets = result.targets
        let names = model.entities.map(\.name)
        let finals = (0..<e).map { entity in
            layout.fields.map { result.values($0, entity: entity) } + (0..<layout.formulaColumns.count).map {
                result.formulaValues(column: $0, entity: entity)
            }
        }
        let dimensions = layout.fields.map(\.dimension) + layout.formulaColumns.map { model.formulas[$0.index].dimension ?? .ratio }
        let held = result.columns.held
        let stakes = layout.stakePairs.map { result.columns.stakes?[$0] ?? [] }
        var row: [String] = []
        row.reserveCapacity(layout.header.count)
        for s in 0..<n {
            row.removeAll(keepingCapacity: true)
            row.append(String(result.seed))
            row.append(String(result.totalSamples))
            row.append(String(result.firstSample + s))
            if !targets.isEmpty {
                var log = 0.0
                for (k, target) in targets.enumerated() { log += ObservationWeights.logLikelihood(observed[k][s], target) }
                row.append(number(log))
            }
            for (k, input) in layout.inputs.enumerated() { row.append(draw(inputs[k]?[s] ?? .nan, input)) }
            for (k, observation) in model.observations.enumerated() {
                row.append(number(observed[k][s], observation.dimension ?? .ratio))
            }
            for i in model.expectations.indices { row.append(held.map { String($0[i * n + s]) } ?? "") }
            for entity in 0..<e {
                row.append(RunResultText.status(result.status(entity: entity, sample: s), entities: names))
                row.append(result.exitStep(entity: entity, sample: s).map { MonthIndex.format(model.start + $0) } ?? "")
                for (slot, values) in finals[entity].enumerated() { row.append(number(values?[s] ?? .nan, dimensions[slot])) }
            }
            for column in stakes { row.append(number(column[s])) }
            csv.row(row)
        }
        return csv.text
    }

    /// A number in base units: the shortest decimal that reads back the same; `inf`, `-inf`;
    /// empty when missing.
    static func number(_ value: Double, _ dimension: RaceModel.Dimension = .ratio) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return QuantityFormat.plain(QuantityFormat.base(value, dimension))
    }

    /// An input's draw: a date as `YYYY-MM`, else a number in base units.
    static func draw(_ value: Double, _ input: RandomInput) -> String {
        guard input.isDate else { return number(value, input.dimension ?? .ratio) }
        guard value.isFinite, value == value.rounded(), abs(value) < 1e9 else { return number(value) }
        return MonthIndex.format(Int(value))
    }
}

/// The columns of a per-sample file of a scenario, which the writer writes and the reader expects.
public struct PerSampleLayout {
    public let model: Model
    public let inputs: [RandomInput]
    public let fields: [RecordedField]
    public let formulaColumns: [(name: String, index: Int)]
    /// The (entity, holder) pairs with a stake column, as `entity * entities + holder`.
    public let stakePairs: [Int]
    /// Every column's name, in order.
    public let header: [String]
    /// How many columns come before the stakes (these are the same in every file of a scenario).
    public let fixedColumns: Int
    /// Where each part starts: the inputs' draws, the observations, the expectations, the entities.
    public let inputsStart: Int
    public let observationsStart: Int
    public let expectationsStart: Int
    public let entitiesStart: Int

    public init(model: Model, stakePairs: [Int]) {
        self.model = model
        inputs = RandomInputs.of(model)
        fields = PerSampleCSV.fields(model)
        formulaColumns = RunJSON.formulaColumns(model)
        self.stakePairs = stakePairs
        var header = ["seed", "samples", "sample"]
        if !model.observations.isEmpty { header.append("log_weight") }
        inputsStart = header.count
        header += inputs.map(\.name)
        observationsStart = header.count
        header += Self.unique(model.observations.map { "observe " + RandomInputs.spaced($0.text) })
        expectationsStart = header.count
        header += Self.unique(model.expectations.map { "expect \(RandomInputs.spaced($0.text)) at \(MonthIndex.format(model.start + $0.step))" })
        entitiesStart = header.count
        for entity in model.entities {
            header += ["\(entity.name).status", "\(entity.name).exit"]
            header += fields.map { "\(entity.name).\($0.name)" } + formulaColumns.map { "\(entity.name).\($0.name)" }
        }
        fixedColumns = header.count
        let names = model.entities.map(\.name), e = names.count
        header += stakePairs.map { "\(names[$0 / e]).stake(\(names[$0 % e]))" }
        self.header = header
    }

    /// Names made unique by numbering the repeats (`… #2`).
    static func unique(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            seen[name, default: 0] += 1
            return seen[name]! > 1 ? "\(name) #\(seen[name]!)" : name
        }
    }
}
