import RaceEngine
import RaceModel
import RaceSyntax

/// `race run --samples S --format json` (docs/reference/output.md, uncertainty.md): the plain run's shape, with
/// each number of `final` as `{"p5", "p50", "p95", "mean", "infinite", "missing"}` and
/// `p_exit`, `exit_p5`, `exit_p50`, `exit_p95` per entity; under observations (docs/reference/observations.md) every
/// number weighted, with the effective sample size and each observation.
///
/// Choices where docs/reference/output.md is silent (Grammar/CHANGES.md, "Monte Carlo"):
/// - `status` is the most common end status when the entity leaves in at least half of
///   the samples, else `active`; `exit` is then `exit_p50`, else null.
/// - docs/reference/output.md: percentiles over every sample in which the number exists, an infinite one sorting
///   above all (`null` when a percentile falls on it); `"infinite"` and `"missing"` are the
///   shares of samples in which it was infinite or missing; a number missing in every sample
///   has null percentiles and `"missing": 1`.
/// - `owners` holds each holder's mean stake over all samples.
/// - `events`, `skipped` and `warnings` differ from sample to sample, so they are empty
///   here and `note` says so; the plain run (without `--samples`) gives the median run's log.
/// - `expectations` give `p_held`, the share of samples in which each held.
public enum MonteCarloJSON {
    public static let logNote =
        "events, skipped and warnings differ between samples and are not listed; run without --samples for the log of the median run"

    /// A summary in docs/reference/output.md's base units, with the shares of docs/reference/output.md.
    public static func summary(_ p: Percentiles?, _ dimension: RaceModel.Dimension, samples: Int) -> JSONValue {
        guard let p else {
            return .object([("p5", .null), ("p50", .null), ("p95", .null), ("mean", .null), ("infinite", .number(0)),
                            ("missing", .number(1))])
        }
        let b = p.map { QuantityFormat.base($0, dimension) }
        return .object([("p5", .number(b.p5)), ("p50", .number(b.p50)), ("p95", .number(b.p95)), ("mean", .number(b.mean)),
                        ("infinite", .number(p.infinite)), ("missing", .number(p.missing))])
    }

    /// docs/reference/output.md's `status` under docs/reference/uncertainty.md (see the type's notes).
    public static func statusText(_ result: MonteCarloResult, entity e: Int) -> String {
        guard result.exitProbability(entity: e) >= 0.5,
              let status = result.statusShares(entity: e).first(where: { $0.status != .active })?.status else { return "active" }
        return RunResultText.status(status, in: result.model)
    }

    public static func document(_ result: MonteCarloResult, series: Bool = false) -> JSONValue {
        let model = result.model
        let names = model.entities.map(\.name)
        let columns = RunJSON.formulaColumns(model)
        func date(_ step: Int) -> JSONValue { .string(MonthIndex.format(model.start + step)) }

        var entities: [JSONValue] = []
        for (e, entity) in model.entities.enumerated() {
            var final: [(String, JSONValue)] = RunJSON.finalFields.map { field in
                (field.name, summary(result.summary(field, entity: e), field.dimension, samples: result.samples))
            }
            for (k, column) in columns.enumerated() {
                let d = model.formulas[column.index].dimension ?? .ratio
                final.append((column.name, summary(result.formulaSummary(column: k, entity: e), d, samples: result.samples)))
            }
            let status = statusText(result, entity: e)
            let median = result.exitMedian(entity: e)
            let owners: [(String, JSONValue)] = result.meanOwners(entity: e).map { (names[$0.holder], .number($0.share)) }
            entities.append(.object([
                ("name", .string(entity.name)),
                ("kind", .string(entity.kind.rawValue)),
                ("status", .string(status)),
                ("exit", status == "active" ? .null : median.map(date) ?? .null),
                ("p_exit", .number(result.exitProbability(entity: e))),
                ("exit_p5", result.exitQuantile(0.05, entity: e).map(date) ?? .null),
                ("exit_p50", median.map(date) ?? .null),
                ("exit_p95", result.exitQuantile(0.95, entity: e).map(date) ?? .null),
                ("final", .object(final)),
                ("owners", .object(owners)),
            ]))
        }
        var document: [(String, JSONValue)] = [
            ("scenario", model.title.map { .string($0) } ?? .null),
            ("start", date(0)),
            ("horizon", date(model.steps - 1)),
            ("samples", .number(Double(result.totalSamples))),
            ("seed", .number(Double(result.seed))),
            ("entities", .array(entities)),
            ("events", .array([])),
            ("skipped", .array([])),
            ("warnings", .array([])),
            ("note", .string(logNote)),
        ]
        if !model.expectations.isEmpty {
            document.append(("expectations", .array(model.expectations.enumerated().map { i, e in
                .object([("text", .string(e.text)), ("date", .string(MonthIndex.format(model.start + e.step))),
                         ("p_held", .number(result.expectationShare(i)))])
            })))
        }
        document += MonteCarloObservations.jsonMembers(result)
        if series && result.hasSeries {
            var map: [(String, JSONValue)] = []
            for (e, entity) in model.entities.enumerated() {
                for field in MonteCarlo.finalFields where result.fields.contains(field) {
                    let list = (0...result.finalStep).map {
                        summary(result.seriesSummary(field, entity: e, step: $0), field.dimension, samples: result.samples)
                    }
                    map.append(("\(entity.name).\(field.name)", .array(list)))
                }
                for (k, column) in columns.enumerated() {
                    let d = model.formulas[column.index].dimension ?? .ratio
                    let list = (0...result.finalStep).map {
                        summary(result.seriesFormulaSummary(column: k, entity: e, step: $0), d, samples: result.samples)
                    }
                    map.append(("\(entity.name).\(column.name)", .array(list)))
                }
                // docs/reference/output.md: the share of samples in which the entity is still in the race, month by month.
                let active = (0...result.finalStep).map { JSONValue.number(result.activeShare(entity: e, step: $0)) }
                map.append(("\(entity.name).active", .array(active)))
            }
            document.append(("series", .object(map)))
        }
        return .object(document)
    }
}
