import RaceEngine
import RaceModel
import RaceSyntax

/// `race merge FILE part-*.csv` (docs/reference/shards.md): the per-sample files of a run's shards read back into
/// the columns of the whole run, so that its summaries are the single run's to the last bit.
///
/// Checks that the files belong together and to this scenario: the same columns (those the
/// scenario gives), one seed, every sample of 0..<S exactly once, and, for the first sample
/// of each file, the draws that the scenario gives that sample with that seed.
public enum PerSampleMerge {
    /// Why the files cannot be merged, located in the file (and line) at fault.
    public struct Problem: Error, Sendable {
        public let file: String
        public let line: Int?
        public let message: String

        /// `part-1.csv:3: error: …`, as diagnostics print it.
        public var text: String { "\(file)\(line.map { ":\($0)" } ?? ""): error: \(message)" }
    }

    /// The seed and the columns of the whole run from `parts` (name and text of each file),
    /// keeping `fields` (each must be among the files' fields).
    public static func columns(plan: Plan, parts: [(name: String, text: String)],
                               fields: [RecordedField]) throws(Problem) -> (seed: UInt64, columns: SampleColumns) {
        let model = plan.model
        let layout = try layout(model, of: parts, fields: fields)
        var reader = Reader(model: model, layout: layout)
        for (name, text) in parts { try reader.read(name: name, text: text) }
        guard let seed = reader.seed, let samples = reader.samples, !reader.rows.isEmpty else {
            throw Problem(file: parts.first?.name ?? "merge", line: nil, message: "no sample to merge: the files hold no rows")
        }
        if reader.rows.count < samples { reader.rows += [Row?](repeating: nil, count: samples - reader.rows.count) }
        if let gap = (0..<samples).first(where: { reader.rows[$0] == nil }) {
            let end = (gap..<samples).first { reader.rows[$0] != nil } ?? samples
            throw Problem(file: parts.map(\.name).joined(separator: ", "), line: nil,
                          message: "samples \(gap)–\(end - 1) of \(samples) are in none of the files: is a shard's file missing?")
        }
        for (file, row) in reader.firstRows { try checkDraws(plan: plan, layout: layout, seed: seed, row: row, file: file) }
        return (seed, try reader.columns(fields: fields))
    }

    /// The layout of the files: a shard's (every field), or a plain `--per-sample` file's (the
    /// report's fields), which serves only when `fields` are among the report's.
    static func layout(_ model: Model, of parts: [(name: String, text: String)], fields: [RecordedField]) throws(Problem) -> PerSampleLayout {
        let complete = PerSampleLayout(model: model, complete: true, stakePairs: [])
        let reported = PerSampleLayout(model: model, complete: false, stakePairs: [])
        guard let first = parts.first, !reported.fields.elementsEqual(complete.fields) else { return complete }
        let header = first.text.prefix { $0 != "\n" && $0 != "\r" }
        let columns = (try? CSVReader.records(String(header)))?.first?.fields ?? []
        guard columns.starts(with: reported.header), !columns.starts(with: complete.header) else { return complete }
        if let missing = fields.first(where: { !reported.fields.contains($0) }) {
            throw Problem(file: first.name, line: 1, message: "the file holds the report's fields only (it was written without --shard), "
                          + "but this output needs \(missing.name) too: merge it as a table, or write the files with --shard I/N")
        }
        return reported
    }

    /// The first row of a file must hold the draws this scenario gives its sample.
    static func checkDraws(plan: Plan, layout: PerSampleLayout, seed: UInt64, row: Row, file: String) throws(Problem) {
        guard let draws = try? MonteCarlo.draws(plan: plan, seed: seed, sample: row.sample) else { return }
        let first = layout.inputsStart
        for (k, input) in layout.inputs.enumerated() {
            let expected = PerSampleCSV.draw(draws[input.id], input)
            guard row.fields[first + k] == expected else {
                throw Problem(file: file, line: row.line, message: "sample \(row.sample) drew \(input.name) = \(row.fields[first + k]), "
                              + "but this scenario draws \(expected) with seed \(seed): the file was written from another "
                              + "version of the scenario, or with other --set values")
            }
        }
    }

    struct Row {
        let file: String
        let line: Int
        let sample: Int
        let fields: [String]
        /// Stakes by pair (`entity * entities + holder`).
        let stakes: [Int: Double]
    }

    /// Reads the files' rows, one per sample.
    struct Reader {
        let model: Model
        let layout: PerSampleLayout
        var seed: UInt64?
        /// S, the samples of the whole run.
        var samples: Int?
        var rows: [Row?] = []
        var firstRows: [(String, Row)] = []
        var pairs: Set<Int> = []

        init(model: Model, layout: PerSampleLayout) {
            self.model = model
            self.layout = layout
        }

        mutating func read(name: String, text: String) throws(Problem) {
            let records: [(line: Int, fields: [String])]
            do { records = try CSVReader.records(text) } catch { throw Problem(file: name, line: error.line, message: error.message) }
            guard let header = records.first else { throw Problem(file: name, line: nil, message: "the file is empty") }
            let stakePairs = try stakeColumns(header.fields, file: name)
            for (line, fields) in records.dropFirst() {
                guard fields.count == header.fields.count else {
                    throw Problem(file: name, line: line, message: "\(fields.count) fields where the header has \(header.fields.count)")
                }
                guard let seed = UInt64(fields[0]), let samples = Int(fields[1]), let sample = Int(fields[2]),
                      samples >= 1, samples < 1 << 40, sample >= 0, sample < samples else {
                    throw Problem(file: name, line: line,
                                  message: "the seed, samples and sample must be whole numbers, the sample below the samples "
                                      + "(got '\(fields[0])', '\(fields[1])', '\(fields[2])')")
                }
                if let known = self.seed, known != seed {
                    throw Problem(file: name, line: line, message: "seed \(seed), but other rows have seed \(known): these are different runs")
                }
                if let known = self.samples, known != samples {
                    throw Problem(file: name, line: line, message: "a run of \(samples) samples, but other rows are of a run of \(known)")
                }
                self.seed = seed
                self.samples = samples
                var stakes: [Int: Double] = [:]
                for (k, pair) in stakePairs.enumerated() {
                    let value = try number(fields[layout.fixedColumns + k], file: name, line: line)
                    if value != 0 { stakes[pair] = value }
                }
                if sample >= rows.count { rows += [Row?](repeating: nil, count: sample + 1 - rows.count) }
                if let other = rows[sample] {
                    throw Problem(file: name, line: line, message: "sample \(sample) appears twice (also on line \(other.line)): a shard was merged twice?")
                }
                let row = Row(file: name, line: line, sample: sample, fields: Array(fields[..<layout.fixedColumns]), stakes: stakes)
                if firstRows.last?.0 != name { firstRows.append((name, row)) }
                rows[sample] = row
            }
        }

        /// Checks the header and returns the pairs of its stake columns.
        mutating func stakeColumns(_ header: [String], file: String) throws(Problem) -> [Int] {
            let fixed = layout.header
            guard header.count >= fixed.count, Array(header[..<fixed.count]) == fixed else {
                let at = (0..<min(header.count, fixed.count)).first { header[$0] != fixed[$0] } ?? min(header.count, fixed.count)
                let found = at < header.count ? "'\(header[at])'" : "nothing"
                let wanted = at < fixed.count ? "'\(fixed[at])'" : "nothing"
                throw Problem(file: file, line: 1, message: "column \(at + 1) is \(found) where this scenario's per-sample file has "
                              + "\(wanted): it was written from another scenario or version of it")
            }
            let names = model.entities.map(\.name), e = names.count
            var pairs: [Int] = []
            for column in header[fixed.count...] {
                guard let pair = (0..<(e * e)).first(where: { "\(names[$0 / e]).stake(\(names[$0 % e]))" == column }) else {
                    throw Problem(file: file, line: 1, message: "unknown column '\(column)' after the outcomes (stakes are NAME.stake(HOLDER))")
                }
                pairs.append(pair)
                self.pairs.insert(pair)
            }
            return pairs
        }

        /// The columns of every sample, keeping `fields`.
        func columns(fields: [RecordedField]) throws(Problem) -> SampleColumns {
            let rows = self.rows.map { $0! }
            let n = rows.count, entities = model.entities.count
            let perEntity = 2 + layout.fields.count + layout.formulaColumns.count
            let entityBase = layout.entitiesStart, observationBase = layout.observationsStart
            let expectationBase = layout.expectationsStart
            let statuses = Self.statusTexts(model)
            var finals = [Double](repeating: .nan, count: (fields.count + layout.formulaColumns.count) * entities * n)
            var exits = [Int32](repeating: -1, count: entities * n)
            var status = [EntityStatus](repeating: .active, count: entities * n)
            var observed = [Double](repeating: .nan, count: model.observations.count * n)
            var held = [UInt8](repeating: 0, count: model.expectations.count * n)
            var stakes: [Int: [Double]] = [:]
            for pair in pairs { stakes[pair] = [Double](repeating: 0, count: n) }
            let slots: [(column: Int, dimension: RaceModel.Dimension)] = fields.map { field in
                (2 + layout.fields.firstIndex(of: field)!, field.dimension)
            } + layout.formulaColumns.enumerated().map { k, column in
                (2 + layout.fields.count + k, model.formulas[column.index].dimension ?? .ratio)
            }
            for (s, row) in rows.enumerated() {
                for (k, observation) in model.observations.enumerated() {
                    observed[k * n + s] = try engineValue(row, observationBase + k, observation.dimension ?? .ratio)
                }
                for i in model.expectations.indices {
                    held[i * n + s] = row.fields[expectationBase + i] == "1" ? 1 : 0
                }
                for e in 0..<entities {
                    let base = entityBase + e * perEntity
                    guard let code = statuses[row.fields[base]] else {
                        throw Problem(file: row.file, line: row.line, message: "unknown status '\(row.fields[base])'")
                    }
                    status[e * n + s] = code
                    exits[e * n + s] = try exitStep(row, base + 1)
                    for (slot, (column, dimension)) in slots.enumerated() {
                        finals[(slot * entities + e) * n + s] = try engineValue(row, base + column, dimension)
                    }
                }
                for (pair, value) in row.stakes { stakes[pair]![s] = value }
            }
            return SampleColumns(samples: n, entities: entities, fields: fields, formulaColumns: layout.formulaColumns.count,
                                 finals: finals, exits: exits, statuses: status, draws: [], observed: observed,
                                 stakes: stakes, held: held)
        }

        /// A cell in base units back in the engine's (a rate per second back to per month).
        func engineValue(_ row: Row, _ column: Int, _ dimension: RaceModel.Dimension) throws(Problem) -> Double {
            let value = try number(row.fields[column], file: row.file, line: row.line)
            return SampleColumns.isPerSecond(dimension) ? value * TimeUnits.secondsPerMonth : value
        }

        func exitStep(_ row: Row, _ column: Int) throws(Problem) -> Int32 {
            let text = row.fields[column]
            guard !text.isEmpty else { return -1 }
            let parts = text.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
                throw Problem(file: row.file, line: row.line, message: "'\(text)' in \(layout.header[column]) is not a month (YYYY-MM)")
            }
            return Int32(year * 12 + month - 1 - model.start)
        }

        func number(_ text: String, file: String, line: Int) throws(Problem) -> Double {
            switch text {
            case "": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default:
                guard let value = Double(text) else { throw Problem(file: file, line: line, message: "'\(text)' is not a number") }
                return value
            }
        }

        /// Every status text a per-sample file may hold for this scenario.
        static func statusTexts(_ model: Model) -> [String: EntityStatus] {
            let names = model.entities.map(\.name)
            var all: [EntityStatus] = [.active, .exited, .outOfCash, .notFounded]
            for e in names.indices { all += [.acquired(by: e), .acquihired(by: e)] }
            return Dictionary(all.map { (RunResultText.status($0, entities: names), $0) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
