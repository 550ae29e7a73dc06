import XCTest
final class RaceSessionTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
