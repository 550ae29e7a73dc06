import Foundation
import XCTest

/// `race fmt FILE... [--check]` as a user runs it: the shipped scenarios are formatted,
/// a file is rewritten in place and only when it changes, `--check` names what is not
/// formatted, and a file with syntax errors is left alone.
final class FormatCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try DocumentationTests.cloneLikeFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testTheShippedScenariosAreFormatted() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".race") }.sorted().map { "Scenarios/" + $0 }
        XCTAssertEqual(names.count, 7)  // the seven of Scenarios/, deals-2024-2025.race and observed-2025.race the newest
        let outcome = try RaceProcess.run(["fmt", "--check"] + names, in: folder)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertEqual(outcome.output, "")
    }

    func testFmtRewritesAFileAndCheckNamesTheFirstLineThatDiffers() throws {
        let file = folder.appendingPathComponent("messy.race")
        let messy = "# a what-if\nstart 2025-01;horizon 2025-12\nlab A {cash:$1B,burn:$10M / month}   # A\n"
        try messy.write(to: file, atomically: true, encoding: .utf8)
        let check = try RaceProcess.run(["fmt", "--check", "messy.race"], in: folder)
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.standardOutput, "messy.race:2: not formatted\n")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), messy, "--check changed the file")
        let format = try RaceProcess.run(["fmt", "messy.race"], in: folder)
        XCTAssertEqual(format.status, 0, format.output)
        XCTAssertEqual(format.standardOutput, "formatted messy.race\n")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8),
                       "# a what-if\nstart 2025-01\nhorizon 2025-12\nlab A { cash: $1B, burn: $10M/month }  # A\n")
        let again = try RaceProcess.run(["fmt", "messy.race"], in: folder)
        XCTAssertEqual(again.output, "", "a formatted file is left as it is")
        XCTAssertEqual(try RaceProcess.run(["fmt", "--check", "messy.race"], in: folder).status, 0)
    }

    func testAFileWithSyntaxErrorsIsLeftAsItIs() throws {
        let file = folder.appendingPathComponent("broken.race")
        let broken = "start 2025-01\nlab A {\n  cash:   $1B\n"
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try RaceProcess.run(["fmt", "broken.race"], in: folder)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.standardError.contains("never closed"), outcome.standardError)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), broken)
    }
}
