import XCTest
final class RaceModelTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
