import RaceEngine
import RaceModel
import RaceReport

extension RunCommand {
    /// `race run --samples S` with S > 1 (docs/reference/uncertainty.md): S samples on
    /// `--threads` threads, reported as percentiles, weighted by the observations unless
    /// `--prior` (docs/reference/observations.md). Only what the output needs is kept: the
    /// table keeps the report's fields, and the months only with `--series` or a periodic
    /// `report`; `--per-sample` keeps the draws and what summaries add up, and writes them; a
    /// shard (docs/reference/shards.md) writes only that file.
    func runMonteCarlo(_ model: Model) throws {
        let periodicTable = format == .table && model.report.period != nil
        var fields = format == .table ? Self.tableFields(model) : MonteCarlo.finalFields
        if perSample.path != nil {
            fields += PerSampleCSV.fields(model, complete: perSample.shard != nil).filter { !fields.contains($0) }
        }
        let keepSeries = perSample.shard == nil && (series || periodicTable)
        let options = MonteCarloOptions(range: perSample.range(samples: sampling.samples), keepDraws: perSample.path != nil,
                                        keepSampleOutcomes: perSample.path != nil, weighted: !perSample.prior)
        let plan = Lowering.lower(model)
        if let problem = MonteCarlo.memoryProblem(plan: plan, samples: sampling.samples, fields: fields,
                                                  keepSeries: keepSeries, options: options) {
            Terminal.standardError("error: --samples: \(RunErrorText.message(problem, model: model))\n")
            throw ExitCode(2)
        }
        let result = try Self.monteCarlo(plan: plan, sampling: sampling, keepSeries: keepSeries, fields: fields, options: options)
        if let path = perSample.path {
            let pieces = PerSampleCSV.pieces(result, complete: perSample.shard != nil, threads: sampling.threadCount)
            if let problem = FileSystemIO().writeAtomically(pieces: pieces, to: path, sync: false) {
                Terminal.standardError("error: --per-sample: cannot write \(path): \(problem)\n")
                throw ExitCode(1)
            }
        }
        if let shard = perSample.shard {
            let last = result.firstSample + result.samples - 1
            Terminal.standardError("shard \(shard.index)/\(shard.count): wrote samples \(result.firstSample)–\(last) of "
                                   + "\(sampling.samples) to \(perSample.path!); `race merge \(file) PART.csv...` gives the whole run\n")
            return
        }
        if format != .table, let warning = MonteCarloObservations.warning(result) { Terminal.standardError("warning: \(warning)\n") }
        switch format {
        case .table: Terminal.standardOutput(MonteCarloTable.render(result))
        case .csv: Terminal.standardOutput(MonteCarloCSV.render(result, series: series))
        case .json: Terminal.standardOutput(MonteCarloJSON.document(result, series: series).serialized(pretty: true) + "\n")
        }
    }

    /// Runs the samples, with a progress bar on a terminal and Ctrl-C to stop; a run error,
    /// or samples none of which reproduces the observations, is printed as a located error
    /// (exit 1).
    static func monteCarlo(plan: Plan, sampling: SamplingOptions, keepSeries: Bool, fields: [RecordedField],
                           options: MonteCarloOptions) throws -> MonteCarloResult {
        do {
            return try Interruptible.run(total: options.range?.count ?? sampling.samples, unit: "samples") { progress in
                try MonteCarlo.run(plan: plan, samples: sampling.samples, seed: sampling.seed, threads: sampling.threadCount,
                                   keepSeries: keepSeries, fields: fields, options: options, progress: progress)
            }
        } catch let error as RunError {
            Terminal.printDiagnostics([RunErrorText.diagnostic(error, model: plan.model)])
            throw ExitCode(1)
        } catch let error as NoSampleFitsObservations {
            Terminal.printDiagnostics([MonteCarloObservations.diagnostic(error, model: plan.model)])
            throw ExitCode(1)
        }
    }
}
