import Foundation
import XCTest

/// `race diff A B` as a user runs it (docs/reference/command-line.md, diff.md): output, formats and exit codes.
final class DiffCommandTests: XCTestCase {
    static let conformance = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Conformance")
    static let base = conformance.appendingPathComponent("09-extends-base/base.race").path
    static let whatIf = conformance.appendingPathComponent("09-extends-whatif/whatif.race").path

    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    func race(_ arguments: [String]) throws -> Output {
        let path = try XCTUnwrap(BuiltProducts.executable(named: "race"), "the race executable is not built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = SanitizerEnvironment.adding(to: ["NO_COLOR": "1"])
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: String(decoding: stdout, as: UTF8.self),
                      standardError: String(decoding: stderr, as: UTF8.self))
    }

    func testJSONOutputParsesInTheShapeOfSection14() throws {
        let output = try race(["diff", Self.base, Self.whatIf, "--format", "json"])
        XCTAssertEqual(output.status, 0, output.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["a", "b", "assumptions", "status", "outcomes", "divergence", "attribution"])
        let assumptions = try XCTUnwrap(object["assumptions"] as? [[String: Any]])
        XCTAssertEqual(assumptions.map { $0["name"] as? String }, ["growth", "Beta.burn", "alpha_round", "beta_exit"])
        XCTAssertTrue(assumptions[3]["b"] is NSNull)
        let outcomes = try XCTUnwrap(object["outcomes"] as? [[String: Any]])
        let attribution = try XCTUnwrap(object["attribution"] as? [[String: Any]])
        XCTAssertEqual(outcomes.count, attribution.count)
        for (outcome, entry) in zip(outcomes, attribution) {
            XCTAssertEqual(Set(outcome.keys), ["entity", "field", "a", "b", "delta", "relative"])
            XCTAssertEqual(Set(entry.keys), ["entity", "field", "effects", "interaction"])
            guard let delta = outcome["delta"] as? Double else { continue }
            let effects = try XCTUnwrap(entry["effects"] as? [String: Any]).values.compactMap { $0 as? Double }
            let interaction = try XCTUnwrap(entry["interaction"] as? Double)
            XCTAssertEqual(effects.reduce(0, +) + interaction, delta, accuracy: 1e-9 * max(abs(delta), 1))
        }
        XCTAssertEqual(object["divergence"] as? String, "2025-01")
    }

    func testTableIsTheDefaultAndCSVHasEffectColumns() throws {
        let table = try race(["diff", Self.base, Self.whatIf])
        XCTAssertEqual(table.status, 0, table.standardError)
        XCTAssertTrue(table.standardOutput.contains("Assumptions"))
        XCTAssertTrue(table.standardOutput.contains("beta_exit"))
        let csv = try race(["diff", Self.base, Self.whatIf, "--format", "csv", "--fields", "cash,runway", "--at", "2026-06"])
        XCTAssertEqual(csv.status, 0, csv.standardError)
        XCTAssertTrue(csv.standardOutput.hasPrefix("entity,field,a,b,delta,relative,effect_param_growth,effect_field_Beta.burn,effect_event_alpha_round,effect_event_beta_exit,interaction\n"))
        XCTAssertEqual(csv.standardOutput.split(separator: "\n").count, 1 + 3 * 2)
    }

    func testUsageErrorsExit2AndScenarioErrorsExit1() throws {
        XCTAssertEqual(try race(["diff", Self.base]).status, 2)
        XCTAssertEqual(try race(["diff", Self.base, Self.whatIf, "--at", "2026-13"]).status, 2)
        XCTAssertEqual(try race(["diff", Self.base, Self.whatIf, "--fields", "cash,speed"]).status, 2)
        let missing = try race(["diff", Self.base, "/nonexistent/none.race"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("cannot read"), missing.standardError)
        let broken = Self.conformance.appendingPathComponent("errors/unit-mismatch.race").path
        XCTAssertEqual(try race(["diff", broken, Self.base]).status, 1)
        let outside = try race(["diff", Self.base, Self.whatIf, "--at", "2030-01"])
        XCTAssertEqual(outside.status, 1)
        XCTAssertTrue(outside.standardError.contains("not within both runs"), outside.standardError)
    }
}
