import Foundation
import RaceEngine
import RaceModel
import RaceSyntax
import XCTest

/// Scenarios checked and lowered for the analysis tests.
enum Scenario {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func plan(_ text: String, name: String = "test.race") throws -> Plan {
        let source = SourceFile(name: name, text: text)
        let parsed = Parser.parse(source)
        let checked = Checker.check(parsed.statements, origin: source)
        guard let model = checked.model, !parsed.diagnostics.hasErrors else {
            throw Failure(description: DiagnosticRenderer().render(parsed.diagnostics + checked.diagnostics))
        }
        return Lowering.lower(model)
    }

    /// Standard normal density and distribution function.
    static func phi(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
    static func Phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    static let z95 = 1.6448536269514722

    /// The standard error of the sample p-quantile of n draws from a density f at the quantile.
    static func quantileError(_ p: Double, density: Double, n: Double) -> Double {
        (p * (1 - p) / n).squareRoot() / density
    }
}
