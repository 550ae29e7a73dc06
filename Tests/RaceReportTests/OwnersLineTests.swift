@testable import RaceReport
import XCTest

/// The `Owners` lines of the tables: the untracked rest is named only when there is one.
final class OwnersLineTests: XCTestCase {
    let names = ["Lab", "Microsoft", "SoftBank", "Meta"]

    func testHoldersByStakeThenTheRest() {
        XCTAssertEqual(OwnersLine.text("Lab", [(2, 0.107), (1, 0.407)], names: names),
                       "  Lab: Microsoft 40.7%, SoftBank 10.7%, others 48.6%\n")
    }

    func testAWhollyOwnedLabHasNoOthers() {
        XCTAssertEqual(OwnersLine.text("Lab", [(3, 1.0)], names: names), "  Lab: Meta 100.0%\n")
        // What rounding leaves over is not a holder.
        XCTAssertEqual(OwnersLine.text("Lab", [(3, 0.3), (1, 0.7 - 1e-15)], names: names), "  Lab: Microsoft 70.0%, Meta 30.0%\n")
    }

    func testARestTooSmallToShowIsNotZero() {
        XCTAssertEqual(OwnersLine.text("Lab", [(3, 0.99999)], names: names), "  Lab: Meta 100.0%, others <0.01%\n")
    }
}
