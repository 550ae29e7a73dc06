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
}
