import Foundation
import XCTest

/// The shipped scenarios: each checks, passes its own `expect` lines, and prints in every format.
final class ShippedScenarioTests: XCTestCase {
    /// The repository's Scenarios folder, found from this file's path.
    static var scenariosFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios")
    }

    static var scenarios: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".race") }.sorted()
    }

    /// Runs the built `race` with arguments in the Scenarios folder; returns exit code and output.
    func race(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let binary = try XCTUnwrap(BuiltProducts.executable(named: "race"), "build the race product first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = Self.scenariosFolder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    func testThereAreAtLeastFourShippedScenarios() {
        XCTAssertGreaterThanOrEqual(Self.scenarios.count, 4)
        XCTAssertTrue(Self.scenarios.contains("baseline-2024.race"))
        XCTAssertTrue(Self.scenarios.contains("alliances-2025.race"))
    }

    func testEveryShippedScenarioChecksWithoutWarnings() throws {
        for name in Self.scenarios {
            let run = try race(["check", name])
            XCTAssertEqual(run.status, 0, "\(name): \(run.errors)")
            XCTAssertEqual(run.errors, "", "\(name) has warnings")
        }
    }

    func testEveryExpectationOfTheShippedScenariosHolds() throws {
        let run = try race(["test"] + Self.scenarios)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let last = run.output.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.hasSuffix(" passed, 0 failed"), last)
        XCTAssertFalse(last.hasPrefix("0 passed"), "the scenarios should state expectations")
    }

    func testEveryShippedScenarioRunsInEveryFormat() throws {
        for name in Self.scenarios {
            let table = try race(["run", name])
            XCTAssertEqual(table.status, 0, "\(name): \(table.errors)")
            XCTAssertTrue(table.output.contains("Events"), name)

            let csv = try race(["run", name, "--format", "csv"])
            XCTAssertEqual(csv.status, 0, "\(name): \(csv.errors)")
            let rows = csv.output.split(separator: "\n")
            XCTAssertTrue(rows.first?.hasPrefix("entity,kind,month,status,cash") ?? false, name)
            XCTAssertGreaterThan(rows.count, 12, name)

            let json = try race(["run", name, "--format", "json", "--series"])
            XCTAssertEqual(json.status, 0, "\(name): \(json.errors)")
            let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            XCTAssertNotNil(document?["entities"] as? [[String: Any]], name)
            XCTAssertNotNil(document?["series"] as? [String: Any], name)
        }
    }

    func testSetOverridesAParameterOfAShippedScenario() throws {
        let plain = try race(["run", "baseline-2024.race", "--format", "json"])
        let changed = try race(["run", "baseline-2024.race", "--format", "json", "--set", "burn_growth=60%/year"])
        XCTAssertEqual(plain.status, 0, plain.errors)
        XCTAssertEqual(changed.status, 0, changed.errors)
        XCTAssertNotEqual(plain.output, changed.output)
        let unknown = try race(["run", "baseline-2024.race", "--set", "no_such_param=1"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.errors.contains("no_such_param"))
    }

    /// Each what-if diffs cleanly against the file it extends (docs/reference/diff.md): the assumptions it
    /// changes are found, and every attribution adds up to its outcome's change.
    func testEveryWhatIfDiffsCleanlyAgainstItsBase() throws {
        var compared = 0, changing = 0
        for name in Self.scenarios {
            let text = try String(contentsOf: Self.scenariosFolder.appendingPathComponent(name), encoding: .utf8)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("extends ") }),
                  let base = line.split(separator: "\"").dropFirst().first.map(String.init) else { continue }
            let (status, output, errors) = try race(["diff", base, name, "--format", "json"])
            XCTAssertEqual(status, 0, "\(base) vs \(name): \(errors)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let assumptions = try XCTUnwrap(json["assumptions"] as? [[String: Any]])
            // stargate-on-time keeps its base's schedule on purpose: an empty list is an answer too.
            if !assumptions.isEmpty { changing += 1 }
            let outcomes = try XCTUnwrap(json["outcomes"] as? [[String: Any]])
            var delta: [String: Double] = [:]
            for o in outcomes {
                if let d = o["delta"] as? Double { delta["\(o["entity"]!).\(o["field"]!)"] = d }
            }
            for entry in try XCTUnwrap(json["attribution"] as? [[String: Any]]) {
                let key = "\(entry["entity"]!).\(entry["field"]!)"
                // An outcome with no value (an unbounded company's cash) has nothing to attribute.
                guard entry["interaction"] as? Double != nil else { continue }
                let effects = try XCTUnwrap(entry["effects"] as? [String: Any]).values.compactMap { $0 as? Double }
                let interaction = entry["interaction"] as? Double ?? 0
                let total = effects.reduce(0, +) + interaction
                let expected = try XCTUnwrap(delta[key], "\(name): no outcome for \(key)")
                // Exact up to the rounding of adding the terms (in another order than the diff did).
                let scale = effects.reduce(abs(expected) + abs(interaction)) { $0 + abs($1) }
                XCTAssertEqual(total, expected, accuracy: 1e-9 * max(1, scale), "\(name): \(key)")
            }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 3, "the shipped what-ifs extend a base")
        XCTAssertGreaterThanOrEqual(changing, 2, "what-ifs that change something are found to")
    }
}
