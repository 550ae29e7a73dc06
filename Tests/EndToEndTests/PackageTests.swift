import Foundation
import XCTest

/// The package can be a dependency by version: SwiftPM refuses one whose targets use
/// `unsafeFlags`, so none may (CI then builds such a dependent package for real:
/// Scripts/test-package-dependency.sh), and the libraries are products.
final class PackageTests: XCTestCase {
    func testNoTargetUsesUnsafeFlagsAndTheLibrariesAreProducts() throws {
        let manifest = try String(contentsOf: Documentation.packageFolder.appendingPathComponent("Package.swift"), encoding: .utf8)
        let code = manifest.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
        XCTAssertFalse(code.contains { $0.contains(".unsafeFlags(") }, "a target uses unsafeFlags")
        for library in ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport", "RaceCharts", "RaceSession"] {
            XCTAssertTrue(manifest.contains(".library(name: \"\(library)\""), "\(library) is not a product")
        }
        let ci = try String(contentsOf: Documentation.packageFolder.appendingPathComponent(".ci/run"), encoding: .utf8)
        XCTAssertTrue(ci.contains("Scripts/test-package-dependency.sh"), "CI does not build a dependent package")
    }
}
