import XCTest
final class RaceEngineTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
