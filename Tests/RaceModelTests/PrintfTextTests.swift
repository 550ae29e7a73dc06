import XCTest
import RaceModel

/// `printfText` writes numbers as C's printf does, in the C locale, whatever their length.
final class PrintfTextTests: XCTestCase {
    func testRoundsTheExactBinaryValueInDecimal() {
        XCTAssertEqual(printfText("%.2e", 1234.5), "1.23e+03")
        XCTAssertEqual(printfText("%.2e", 999.96e6), "1.00e+09")
        XCTAssertEqual(printfText("%.1f", 0.05), "0.1")
        XCTAssertEqual(printfText("%.3g", 0.000123456), "0.000123")
        XCTAssertEqual(printfText("%.0f", -0.4), "-0")
    }

    func testTextsLongerThanTheFirstBufferAreWhole() {
        let huge = printfText("%.0f", 1e300)
        XCTAssertEqual(huge.count, 301)
        XCTAssertEqual(huge, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160")
        XCTAssertEqual(printfText("%.2f", -1e100).count, 105)
    }

    func testNonFiniteValues() {
        XCTAssertEqual(printfText("%.2e", .infinity), "inf")
        XCTAssertEqual(printfText("%.1f", -.infinity), "-inf")
        XCTAssertEqual(printfText("%.3g", .nan), "nan")
    }
}
