#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny REPL over `LineEditor` for trying and testing the terminal layer without the real
/// session: prompt `demo> ` (`...> ` while more `{` than `}` have been typed), completion from
/// `words`, each line echoed as `got: <line>`, `bye` on Ctrl-D, end of input or `:quit`.
/// `:spin` stands for a long run: it waits up to 10 s for Ctrl-C (`Interrupt.requested`) and
/// prints `spin interrupted` or `spin done`.
public enum LineEditorDemo {
    public static let words = ["alpha", "alphabet", "beta", ":load", ":quit"]

    public static func run(historyFile: String? = LineEditor.defaultHistoryPath()) {
        let editor = LineEditor(programName: "race", historyFile: historyFile)
        editor.completer = { before in
            let (word, _) = CompletionWord.currentWord(in: before)
            return Completion(candidates: words.filter { $0.hasPrefix(word) }, replacing: word.count)
        }
        if editor.isEditing { Interrupt.install() }
        if let problem = editor.historyProblem { print("note: \(problem)") }
        var depth = 0
        loop: while true {
            switch editor.readLine(prompt: depth > 0 ? "...> " : "demo> ") {
            case let .line(line):
                editor.addHistory(line)
                print("got: \(line)")
                let command = line.trimmingCharacters(in: " ")
                if command == ":quit" { break loop }
                if command == ":spin" { spin() }
                depth = max(0, depth + line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count)
            case .interrupted:
                depth = 0
            case .endOfFile:
                break loop
            }
        }
        print("bye")
    }

    private static func spin() {
        Interrupt.clear()
        print("spinning")
        for _ in 0..<1000 {
            if Interrupt.requested { break }
            usleep(10_000)
        }
        print(Interrupt.requested ? "spin interrupted" : "spin done")
        Interrupt.clear()
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return text
    }
}
