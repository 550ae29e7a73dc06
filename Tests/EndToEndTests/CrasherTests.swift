import Foundation
import XCTest

/// Every input that ever crashed, hung or gave an unlocated error (issue 13) goes through
/// every path of the built binary again, judged by `race-fuzz --replay`: no crash, no hang
/// over 10 s, every error located.
final class CrasherTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("race-crashers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `race-fuzz --replay FILES` over `paths`; fails with its report unless it found nothing.
    private func replay(_ files: [String], paths: String = "check,run,samples,diff,test,repl", timeout: Int = 10,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let fuzz = try XCTUnwrap(BuiltProducts.executable(named: "race-fuzz"), "race-fuzz is not built next to the tests")
        let race = try RaceProcess.executable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: fuzz)
        process.arguments = ["--race", race, "--paths", paths, "--timeout", String(timeout),
                             "--findings", folder.appendingPathComponent("findings").path, "--replay"] + files
        let output = folder.appendingPathComponent("report")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        let report = try String(contentsOf: output, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, report, file: file, line: line)
        // The summary's last row: all, runs, crashes, hangs, unlocated errors.
        let total = report.split(separator: "\n").last { $0.hasPrefix("all ") }?.split(separator: " ").map(String.init)
        let runs = paths.split(separator: ",").count * files.count
        XCTAssertEqual(total.map { Array($0[1...4]) }, [String(runs), "0", "0", "0"], report, file: file, line: line)
    }

    func testTheCorpusOfCrashers() throws {
        let corpus = try XCTUnwrap(Bundle.module.url(forResource: "Crashers", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".race") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        try replay(files.map { corpus.appendingPathComponent($0).path })
    }

    /// Inputs too large to keep: item 2's long chains (90,000 terms overflowed the stack when
    /// the tree was released) and member chains; item 1's long chains and cycles of params;
    /// thousands of misspelt names among thousands of params.
    func testLongChainsAndManyDeclarations() throws {
        let header = "start 2025-01\nhorizon 2025-06\nlab A { cash: $1B }\n"
        var inputs: [String: String] = [
            "plus-90k": header + "let x = " + Array(repeating: "1", count: 90_000).joined(separator: "+") + "\n",
            "times-200k": header + "param x = " + Array(repeating: "2", count: 200_000).joined(separator: " * ") + "\n",
            "members-200k": header + "expect A" + String(repeating: ".cash", count: 200_000) + " > 0\n",
        ]
        var chain = header, cycle = header
        for i in stride(from: 20_000, to: 0, by: -1) { chain += "param p\(i) = p\(i - 1) * 1.0001\n" }
        chain += "param p0 = 1\nlab B { cash: $1B * p20000 }\n"
        for i in 0..<20_000 { cycle += "param q\(i) = q\((i + 1) % 20_000) + 1\n" }
        inputs["params-chain-20k"] = chain
        inputs["params-cycle-20k"] = cycle
        // Each misspelt name was compared with every name for a hint: quadratic, 441 s for 5,000.
        inputs["misspelt-10k"] = header + (0..<10_000).map { "param p\($0) = q\($0) + 1\n" }.joined()
        var paths: [String] = []
        for (name, text) in inputs {
            let url = folder.appendingPathComponent("\(name).race")
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        // Not the REPL: it checks the whole scenario again after each of 20,000 lines. A minute
        // each: a diff of 10,000 misspelt names takes 3 s in a debug build and 9 s under
        // AddressSanitizer, beside other tests; the quadratic hints this catches took 441 s.
        try replay(paths.sorted(), paths: "check,run,samples,diff,test", timeout: 60)
    }

    /// `--set NAME=NAME` builds on the value it replaces: the same run as without it.
    func testASetThatUsesTheParamItselfChangesNothing() throws {
        let scenario = ShippedScenarioTests.scenariosFolder.appendingPathComponent("baseline-2024.race").path
        let plain = try RaceProcess.run(["run", scenario, "--format", "json"])
        let same = try RaceProcess.run(["run", scenario, "--format", "json", "--set", "openai_growth=openai_growth"])
        XCTAssertEqual(plain.status, 0, plain.standardError)
        XCTAssertEqual(same.standardOutput, plain.standardOutput)
        let doubled = try RaceProcess.run(["run", scenario, "--set", "openai_growth=openai_growth * 2"])
        XCTAssertEqual(doubled.status, 0, doubled.standardError)
        XCTAssertNotEqual(doubled.standardOutput, try RaceProcess.run(["run", scenario]).standardOutput)
    }
}
