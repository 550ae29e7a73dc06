import RaceEngine
import RaceModel
import RaceReport

extension RunCommand {
    /// `race run --samples S` with S > 1 (docs/reference/uncertainty.md): S samples on `--threads` threads, reported
    /// as percentiles. Only what the output needs is kept: the table keeps the report's
    /// fields, and the months only with `--series` or a periodic `report`.
    func runMonteCarlo(_ model: Model) throws {
        let periodicTable = format == .table && model.report.period != nil
        let fields: [RecordedField]
        if format == .table {
            fields = model.report.columns.compactMap { column in
                if case .quantity(let q) = column.column { return RecordedField(name: q.rawValue) }
                return nil
            }
        } else {
            fields = MonteCarlo.finalFields
        }
        let plan = Lowering.lower(model)
        if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: fields,
                                                  keepSeries: series || periodicTable) {
            Terminal.standardError("error: --samples: \(RunErrorText.message(problem, model: model))\n")
            throw ExitCode(2)
        }
        let result: MonteCarloResult
        do {
            result = try Interruptible.run(total: sampling.samples, unit: "samples") { progress in
                try MonteCarlo.run(plan: plan, samples: sampling.samples, seed: sampling.seed,
                                   threads: sampling.threadCount,
                                   keepSeries: series || periodicTable, fields: fields, progress: progress)
            }
        } catch let error as RunError {
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: model)])
            throw ExitCode(1)
        }
        switch format {
        case .table: Terminal.standardOutput(MonteCarloTable.render(result))
        case .csv: Terminal.standardOutput(MonteCarloCSV.render(result, series: series))
        case .json: Terminal.standardOutput(MonteCarloJSON.document(result, series: series).serialized(pretty: true) + "\n")
        }
    }
}
