import LineEditing
import XCTest

/// The pure parts of LineEditing: what TAB does with a completer's answer.
final class LineEditingLogicTests: XCTestCase {
    func testCurrentWord() {
        XCTAssertTrue(CompletionWord.currentWord(in: "x = OpenAI.run") == ("OpenAI.run", 4))
        XCTAssertTrue(CompletionWord.currentWord(in: ":lo") == (":lo", 0))
        XCTAssertTrue(CompletionWord.currentWord(in: "total(comp") == ("comp", 6))
        XCTAssertTrue(CompletionWord.currentWord(in: "a ") == ("", 2))
        XCTAssertTrue(CompletionWord.currentWord(in: "") == ("", 0))
        XCTAssertTrue(
            CompletionWord.currentWord(in: ":load ../dir/fi", isWordCharacter: CompletionWord.isPathCharacter)
                == ("../dir/fi", 6))
    }

    func testCommonPrefix() {
        XCTAssertEqual(CompletionWord.commonPrefix(["alpha", "alphabet"]), "alpha")
        XCTAssertEqual(CompletionWord.commonPrefix(["alpha", "beta"]), "")
        XCTAssertEqual(CompletionWord.commonPrefix(["é1", "é2"]), "é")
        XCTAssertEqual(CompletionWord.commonPrefix([]), "")
    }

    func testEdits() {
        let words = ["alpha", "alphabet", "beta"]
        func edit(_ line: String, terminator: String = " ") -> CompletionEdit {
            let word = CompletionWord.currentWord(in: line).word
            return Completion(candidates: words.filter { $0.hasPrefix(word) }, replacing: word.count, terminator: terminator)
                .edit(lineBeforeCursor: line)
        }
        XCTAssertEqual(edit("alp"), .replace(deleting: "", inserting: "ha"))
        XCTAssertEqual(edit("alpha"), .list(["alpha", "alphabet"]))
        XCTAssertEqual(edit("x bet"), .replace(deleting: "", inserting: "a "))
        XCTAssertEqual(edit("x bet", terminator: ""), .replace(deleting: "", inserting: "a"))
        XCTAssertEqual(edit("gamma"), .nothing)
        XCTAssertEqual(edit(""), .list(words))
        // A candidate that changes the word (case-insensitive matching) replaces it.
        XCTAssertEqual(
            Completion(candidates: ["OpenAI"], replacing: 3).edit(lineBeforeCursor: "x ope"),
            .replace(deleting: "ope", inserting: "OpenAI "))
        // A directory gets no space: the path goes on.
        XCTAssertEqual(
            Completion(candidates: ["src/"], replacing: 2).edit(lineBeforeCursor: ":load sr"),
            .replace(deleting: "", inserting: "c/"))
        // Duplicates count once.
        XCTAssertEqual(
            Completion(candidates: ["beta", "beta"], replacing: 1).edit(lineBeforeCursor: "b"),
            .replace(deleting: "", inserting: "eta "))
    }

    func testColumns() {
        XCTAssertEqual(CompletionWord.columns(["a", "bb", "ccc"], width: 80), "a    bb   ccc\n")
        XCTAssertEqual(CompletionWord.columns(["a", "bb", "ccc"], width: 8), "a    ccc\nbb\n")
        XCTAssertEqual(CompletionWord.columns(["a", "b", "c"], width: 80, limit: 2), "a  b\n(1 more)\n")
    }
}
