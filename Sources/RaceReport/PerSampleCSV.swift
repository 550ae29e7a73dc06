import RaceAnalysis
import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S --per-sample PATH.csv` (docs/reference/explain.md, shards.md): one row per sample, every number
/// a plain CSV cell that pandas reads with no options (`pd.read_csv(PATH)`):
///
/// - `seed`, `samples`, `sample`: which sample of which run (sample i of S with seed K; the
///   seed and index name its random stream, S lets a merge see that every shard is there);
/// - `log_weight` (with observations): Σ −z²/2 over the observations, −inf where a sample
///   weighs 0; a sample's weight is `exp(log_weight − max(log_weight))`;
/// - each random input's draw, headed by its name (`RandomInput.name`); a date as `YYYY-MM`;
/// - `observe …`: what each observation saw (a condition: 1 or 0);
/// - `expect …`: whether each expectation held (1 or 0);
/// - per entity, `NAME.status`, `NAME.exit` (the month it left, or empty), then the report's
///   fields and columns at the horizon (`NAME.cash`, …): every reported outcome. A shard's
///   file (`complete`) holds every field of docs/reference/output.md's `final` besides, which `race merge` needs
///   for CSV and JSON; the others are left out of a plain `--per-sample` file because writing
///   each number exactly is most of what the file costs;
/// - `HOLDER` stakes as `NAME.stake(HOLDER)`, for each pair that holds a stake in some sample.
///
/// Numbers are in docs/reference/output.md's base units, written as the shortest decimal that reads back as the
/// same number; an infinite value is `inf`, a missing one an empty cell. `race merge` reads
/// the files back and gives the single run's output byte for byte.
public enum PerSampleCSV {
    /// The fields a per-sample file holds: the report's; when `complete` (a shard's file),
    /// docs/reference/output.md's `final` fields, then any other field the report shows.
    public static func fields(_ model: Model, complete: Bool) -> [RecordedField] {
        let reported = model.report.columns.compactMap { column -> RecordedField? in
            if case .quantity(let q) = column.column { return RecordedField(name: q.rawValue) }
            return nil
        }
        guard complete else { return reported }
        return MonteCarlo.finalFields + reported.filter { !MonteCarlo.finalFields.contains($0) }
    }

    /// The file for `result` (a run that kept draws and sample outcomes, `fields(model,
    /// complete:)` among its fields), as UTF-8 bytes; its rows are formatted on up to `threads` threads.
    public static func render(_ result: MonteCarloResult, complete: Bool, threads: Int = 1) -> [UInt8] {
        Array(pieces(result, complete: complete, threads: threads).joined())
    }

    /// The file as consecutive pieces (the header, then the rows of 256 samples at a time,
    /// formatted on `threads` threads), to write one after the other: joining 8.6 MB of rows
    /// into one array copied all of them once more.
    public static func pieces(_ result: MonteCarloResult, complete: Bool, threads: Int = 1) -> [[UInt8]] {
        let layout = PerSampleLayout(model: result.model, complete: complete,
                                     stakePairs: (result.columns.stakes ?? [:]).keys.sorted())
        var header = CSVWriter()
        header.row(layout.header)
        let rows = PerSampleRows(result, layout)
        let chunks = (result.samples + 255) / 256
        let formatted = MonteCarlo.concurrentMap(chunks, threads: threads) { c in
            rows.format(c * 256..<min(result.samples, (c + 1) * 256))
        }
        return [Array(header.text.utf8)] + formatted
    }

    /// A number in base units as the file writes it: the shortest decimal that reads back the
    /// same; `inf`, `-inf`; empty when missing.
    static func number(_ value: Double, _ dimension: RaceModel.Dimension = .ratio) -> String {
        var out = ByteWriter(capacity: 32)
        PerSampleRows.append(value, perSecond: SampleColumns.isPerSecond(dimension), to: &out)
        return String(decoding: out.bytes(), as: UTF8.self)
    }

    /// An input's draw: a date as `YYYY-MM`, else a number in base units.
    static func draw(_ value: Double, _ input: RandomInput) -> String {
        guard input.isDate else { return number(value, input.dimension ?? .ratio) }
        guard value.isFinite, value == value.rounded(), abs(value) < 1e9 else { return number(value) }
        return MonthIndex.format(Int(value))
    }
}

/// The rows of a per-sample file, formatted straight into bytes: a file has a cell per input,
/// field and entity of every sample (a million cells for 10,000 samples of ten labs), and
/// building a String per cell was most of the time `--per-sample` added (measured with perf).
struct PerSampleRows: Sendable {
    /// A cell of a row after the sample's number (and its log-weight): each reads one column.
    enum Cell: Sendable {
        /// A number of `numbers`' column k, shown per second when `perSecond`.
        case number(Int, perSecond: Bool)
        /// A date input of `numbers`' column k: `YYYY-MM`.
        case date(Int)
        /// Whether expectation i held: 1 or 0.
        case held(Int)
        /// Entity e's status text, or the month it left.
        case status(Int), exit(Int)
    }

    let result: MonteCarloResult
    /// The cells of a row in the header's order, and the numbers they read, column by column
    /// (`numbers[k * samples + s]`): one flat array, so that a row reads no nested arrays and
    /// copies no reference (a retain and release per cell was a tenth of the file's cost).
    let cells: [Cell]
    let numbers: [Double]
    let observedColumns: Range<Int>
    let targets: [ObservationTarget?]
    /// Each entity's status text in each sample, by status, and each step's month, as bytes.
    let statusTexts: [[UInt8]]
    let months: [[UInt8]]

    init(_ result: MonteCarloResult, _ layout: PerSampleLayout) {
        self.result = result
        let model = result.model, n = result.samples
        var numbers: [Double] = [], cells: [Cell] = [], columns = 0
        func column(_ values: [Double]?) -> Int {
            numbers += values ?? [Double](repeating: .nan, count: n)
            columns += 1
            return columns - 1
        }
        for input in layout.inputs {
            let k = column(result.draws(input.id))
            cells.append(input.isDate ? .date(k) : .number(k, perSecond: input.dimension.map(SampleColumns.isPerSecond) ?? false))
        }
        let firstObserved = columns
        for k in model.observations.indices {
            cells.append(.number(column(result.observed(k)),
                                 perSecond: model.observations[k].dimension.map(SampleColumns.isPerSecond) ?? false))
        }
        observedColumns = firstObserved..<(firstObserved + model.observations.count)
        cells += model.expectations.indices.map { .held($0) }
        for e in model.entities.indices {
            cells += [.status(e), .exit(e)]
            for field in layout.fields {
                cells.append(.number(column(result.values(field, entity: e)), perSecond: SampleColumns.isPerSecond(field.dimension)))
            }
            for (k, formula) in layout.formulaColumns.enumerated() {
                cells.append(.number(column(result.formulaValues(column: k, entity: e)),
                                     perSecond: SampleColumns.isPerSecond(model.formulas[formula.index].dimension ?? .ratio)))
            }
        }
        for pair in layout.stakePairs {
            cells.append(.number(column(result.columns.stakes?[pair] ?? [Double](repeating: 0, count: n)), perSecond: false))
        }
        self.cells = cells
        self.numbers = numbers
        targets = result.targets
        let names = model.entities.map(\.name)
        var statuses: [EntityStatus] = [.active, .exited, .outOfCash, .notFounded]
        for e in names.indices { statuses += [.acquired(by: e), .acquihired(by: e)] }
        statusTexts = statuses.map { Array(RunResultText.status($0, entities: names).utf8) }
        months = (0..<model.steps).map { Array(MonthIndex.format(model.start + $0).utf8) }
    }

    /// The rows of samples `range` (indices into the result), each ending with a newline.
    func format(_ range: Range<Int>) -> [UInt8] {
        var out = ByteWriter(capacity: range.count * (cells.count + 4) * 20)  // 14 bytes a cell on average
        let held = result.columns.held, n = result.samples
        let comma = UInt8(ascii: ",")
        for s in range {
            out.append(integer: Int64(result.seed))
            out.append(comma)
            out.append(integer: Int64(result.totalSamples))
            out.append(comma)
            out.append(integer: Int64(result.firstSample + s))
            if !targets.isEmpty {
                var log = 0.0
                for (k, target) in targets.enumerated() {
                    log += ObservationWeights.logLikelihood(numbers[(observedColumns.lowerBound + k) * n + s], target)
                }
                out.append(comma)
                Self.append(log, perSecond: false, to: &out)
            }
            for cell in cells {
                out.append(comma)
                switch cell {
                case .number(let k, let perSecond):
                    Self.append(numbers[k * n + s], perSecond: perSecond, to: &out)
                case .date(let k):
                    let value = numbers[k * n + s]
                    if value.isFinite, abs(value) < 1e9 {
                        out.append(Array(MonthIndex.format(Int(value.rounded())).utf8))
                    } else {
                        Self.append(value, perSecond: false, to: &out)
                    }
                case .held(let i):
                    if let held { out.append(held[i * n + s] != 0 ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
                case .status(let e):
                    out.append(statusTexts[Self.code(result.status(entity: e, sample: s))])
                case .exit(let e):
                    if let step = result.exitStep(entity: e, sample: s), step < months.count { out.append(months[step]) }
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out.bytes()
    }

    /// The index of a status in `statusTexts`.
    static func code(_ status: EntityStatus) -> Int {
        switch status {
        case .active: return 0
        case .exited: return 1
        case .outOfCash: return 2
        case .notFounded: return 3
        case .acquired(let by): return 4 + 2 * by
        case .acquihired(let by): return 5 + 2 * by
        }
    }

    /// `value` (engine units; per second when `perSecond`) in base units, `inf`/`-inf` when
    /// infinite, nothing when missing.
    static func append(_ value: Double, perSecond: Bool, to out: inout ByteWriter) {
        if value.isNaN { return }
        if value.isInfinite {
            out.append(value < 0 ? Array("-inf".utf8) : Array("inf".utf8))
            return
        }
        out.append(number: perSecond ? value / TimeUnits.secondsPerMonth : value)
    }
}

/// The columns of a per-sample file of a scenario, which the writer writes and the reader expects.
public struct PerSampleLayout: Sendable {
    public let model: Model
    /// Whether it holds every field of docs/reference/output.md's `final` (a shard's file), or the report's alone.
    public let complete: Bool
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

    public init(model: Model, complete: Bool, stakePairs: [Int]) {
        self.model = model
        self.complete = complete
        inputs = RandomInputs.of(model)
        fields = PerSampleCSV.fields(model, complete: complete)
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
