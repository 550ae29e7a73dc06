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

    private static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
