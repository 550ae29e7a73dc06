import XCTest
final class RaceReportTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
