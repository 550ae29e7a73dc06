import XCTest

@testable import RaceReport

final class TextTableTests: XCTestCase {
    func testAlignmentRuleAndTrimmedLines() {
        var table = TextTable(headers: ["lab", "cash", "runway"])
        table.addRow(["OpenAI", "$13.5B", "33.4 months"])
        table.addRow(["xAI", "$850M", "—"])
        XCTAssertEqual(table.render(), """
            lab       cash       runway
            ──────  ──────  ───────────
            OpenAI  $13.5B  33.4 months
            xAI      $850M            —

            """)
    }

    func testTitleExplicitColumnsAndRaggedRows() {
        var table = TextTable(title: "Final state, 2026-12",
                              columns: [.init("name"), .init("note", .left), .init("n", .right)])
        table.addRow(["a"])  // missing cells are blank
        table.addRow(["bb", "x", "10", "dropped"])  // extra cells are dropped
        XCTAssertEqual(table.rows, [["a", "", ""], ["bb", "x", "10"]])
        XCTAssertEqual(table.render(), """
            Final state, 2026-12
            name  note   n
            ────  ────  ──
            a
            bb    x     10

            """)
    }

    func testEmptyTableHasHeaderAndRule() {
        let table = TextTable(headers: ["lab", "cash"])
        XCTAssertEqual(table.render(), "lab  cash\n───  ────\n")
    }

    func testDisplayWidth() {
        XCTAssertEqual(TextTable.displayWidth("abc"), 3)
        XCTAssertEqual(TextTable.displayWidth("—∞"), 2)
        XCTAssertEqual(TextTable.displayWidth("é"), 1)  // precomposed
        XCTAssertEqual(TextTable.displayWidth("e\u{301}"), 1)  // combining accent
        XCTAssertEqual(TextTable.displayWidth("深度求索"), 8)
        XCTAssertEqual(TextTable.displayWidth("ＡＢ"), 4)  // fullwidth
        XCTAssertEqual(TextTable.displayWidth("🚀"), 2)
        XCTAssertEqual(TextTable.displayWidth(""), 0)
    }

    func testWideCharactersAlign() {
        var table = TextTable(headers: ["lab", "cash"])
        table.addRow(["深度求索", "$1B"])
        table.addRow(["Mistral", "$600M"])
        XCTAssertEqual(table.render(), """
            lab        cash
            ────────  ─────
            深度求索    $1B
            Mistral   $600M

            """)
    }

    func testControlCharactersCannotBreakTheGrid() {
        var table = TextTable(headers: ["note"])
        table.addRow(["two\nlines\u{1B}"])
        XCTAssertEqual(table.render(), "note\n──────────\ntwo lines\n")
    }
}
