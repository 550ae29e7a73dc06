import RaceEngine

/// `--per-sample PATH.csv`, `--shard I/N` and `--prior` of `race run` (docs/reference/explain.md, shards.md).
struct PerSampleOptions {
    static let options = [
        OptionSpec(name: "per-sample", kind: .value(placeholder: "PATH.csv"),
                   help: "Also write one row per sample to PATH.csv: each random input's draw and each outcome at the horizon."),
        OptionSpec(name: "shard", kind: .value(placeholder: "I/N"),
                   help: "Run only shard I of N (0 ≤ I < N) of the samples, for `race merge`; needs --per-sample."),
        OptionSpec(name: "prior", kind: .flag, help: "Ignore the scenario's observations: every sample counts alike."),
    ]

    var path: String?
    /// Shard I of N, when given.
    var shard: (index: Int, count: Int)?
    var prior: Bool

    init(_ parsed: ParsedArguments, sampling: SamplingOptions) throws {
        path = parsed.value("per-sample")
        prior = parsed.flag("prior")
        if let text = parsed.value("shard") {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 0, index < count else {
                throw UsageError("--shard takes I/N with 0 ≤ I < N, as in --shard 0/4 (got '\(text)')")
            }
            shard = (index, count)
        }
        if path != nil || shard != nil, sampling.samples < 2 {
            throw UsageError("--\(path != nil ? "per-sample" : "shard") needs --samples S above 1 (a plain run has no samples)")
        }
        if let shard {
            guard path != nil else { throw UsageError("--shard needs --per-sample PATH.csv: the shard's samples go there, for race merge") }
            if shard.count > sampling.samples {
                throw UsageError("--shard \(shard.index)/\(shard.count): \(sampling.samples) samples cannot make \(shard.count) shards")
            }
        }
        if let path, path.isEmpty { throw UsageError("--per-sample needs a file name") }
    }

    /// The samples this run runs, of S.
    func range(samples: Int) -> Range<Int>? {
        shard.map { MonteCarloOptions.shard($0.index, of: $0.count, samples: samples) }
    }
}
