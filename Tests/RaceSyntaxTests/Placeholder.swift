import XCTest
final class RaceSyntaxTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
