import XCTest
import RaceSyntax

/// `trimmed()`: the ends of a text without whitespace (or what the caller names).
final class TrimmingTests: XCTestCase {
    func testTrimsWhitespaceAndNewlinesAtBothEndsOnly() {
        XCTAssertEqual("  growth = 3%/month \t\n".trimmed(), "growth = 3%/month")
        XCTAssertEqual("a b".trimmed(), "a b")
        XCTAssertEqual(" \n\t ".trimmed(), "")
        XCTAssertEqual("".trimmed(), "")
        XCTAssertEqual(Substring("  x ").trimmed(), "x")
    }

    func testTrimsWhatTheCallerNames() {
        XCTAssertEqual(":: table ".trimmed(where: { $0 == ":" || $0 == " " }), "table")
        XCTAssertEqual("::".trimmed(where: { $0 == ":" }), "")
    }
}
