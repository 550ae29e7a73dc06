import Foundation
import RaceEngine
import RaceModel
import RaceSession
import RaceSyntax

/// A checked scenario ready to benchmark: its plan and the ranges it was given.
struct BenchModel {
    let name: String
    let plan: Plan
    /// Params turned into ranges, as `name = A to B` texts.
    let ranged: [String]

    var entities: Int { plan.entityCount }
    var months: Int { plan.steps }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

enum BenchModels {
    /// Loads and checks a scenario file (with its `extends`), with `--set`-style overrides.
    static func load(path: String, name: String, overrides: [(name: String, value: String)] = []) throws -> BenchModel {
        let read: ScenarioLoader.Reader = { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
        let compiled = Pipeline.compile(path: path, read: read, overrides: overrides)
        guard let model = compiled.model else {
            throw BenchError(description: "\(path) does not check:\n" + DiagnosticRenderer().render(compiled.diagnostics))
        }
        return BenchModel(name: name, plan: Lowering.lower(model), ranged: overrides.map { "\($0.name) = \($0.value)" })
    }

    /// The params of a scenario written as a plain positive rate (`100%/year`, `5%/month`),
    /// each turned into the range ±`spread` around it (`50%/year to 150%/year`): a lognormal
    /// whose 5th and 95th percentiles are those bounds (docs/reference/uncertainty.md).
    static func rateRanges(of path: String, spread: Double = 0.5) throws -> [(name: String, value: String)] {
        let plain = try load(path: path, name: path)
        var ranges: [(name: String, value: String)] = []
        for param in plain.plan.model.params {
            let text = param.text.trimmingCharacters(in: .whitespaces)
            guard let percent = text.firstIndex(of: "%"),
                  let value = Double(text[text.startIndex..<percent]), value > 0 else { continue }
            let rest = String(text[percent...])  // "%/year"
            guard rest.hasPrefix("%/") else { continue }
            let low = value * (1 - spread), high = value * (1 + spread)
            ranges.append((param.name, "\(format(low))\(rest) to \(format(high))\(rest)"))
        }
        return ranges
    }

    /// The scenario of `Benchmarks/make-big-scenario.py` with `labs` labs: 1,200 months, ten
    /// companies, yearly investments, contracts, purchases, a for-each rule, an acquisition and
    /// an acqui-hire.
    static func big(labs: Int) throws -> BenchModel {
        var lines = ["scenario \"Big\"", "start 2025-01", "run 1200 months",
                     "chip H { price: $30k falling 20%/year, perf: 989 TFLOP/s, power: 1.4 kW, opex: $1k/month, rent: $2/hour }"]
        lines += (0..<10).map { "company C\($0) { cash: $\(100 + $0)B }" }
        for l in 0..<labs {
            lines.append("lab L\(l) { cash: $\(1 + l % 7)B, valuation: $\(10 + l)B, owners: C\(l % 10) 10%, "
                         + "revenue: $\(50 + l)M/month growing \(l % 4)%/month, burn: $\(200 + 3 * l)M/month growing 1%/year, "
                         + "fleet: \(l + 1)k H }")
            lines.append("every 12 months from 2025-\(String(format: "%02d", 1 + l % 12)): C\(l % 10) invests $1B in L\(l)")
            lines.append("on 20\(26 + l % 40)-06: L\(l) rents H from C\((l + 3) % 10) for $\(l + 1)B over 36 months")
            lines.append("every 24 months from 2026-03: L\(l) buys $100M of H")
        }
        lines.append("for each lab L:\n  when L.runway < 6 months: L raises L.burn * 12 months at L.valuation * 1.2 from C0")
        lines.append("whenever labs_active < 10: note \"consolidated\"")
        lines.append("on 2030-01: L1 acquires L2 for $5B\non 2031-01: L3 acquihires L4 for $1B")
        let text = lines.joined(separator: "\n") + "\n"
        let path = NSTemporaryDirectory() + "race-bench-big-\(labs).race"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try load(path: path, name: "big \(labs)")
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
