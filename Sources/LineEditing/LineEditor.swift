import CLineEditShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the lines of a REPL: with libedit (editing, history, TAB completion) when standard
/// input and output are a terminal, plainly from standard input otherwise (no prompt, no
/// history: a script piped in).
public final class LineEditor {
    /// What `readLine` got.
    public enum Input: Equatable, Sendable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C: the line being typed was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the end of the input.
        case endOfFile
    }

    /// Whether standard input and standard output are both terminals.
    public static var isInteractive: Bool { isatty(0) != 0 && isatty(1) != 0 }

    /// The history file: `$RACE_HISTORY` if set (an empty value means no history file), else
    /// `$HOME/.race_history`; nil when neither gives one.
    public static func defaultHistoryPath() -> String? {
        if let value = getenv("RACE_HISTORY") {
            let path = String(cString: value)
            return path.isEmpty ? nil : path
        }
        if let home = getenv("HOME") {
            let path = String(cString: home)
            if !path.isEmpty {
                return path.hasSuffix("/") ? path + ".race_history" : path + "/.race_history"
            }
        }
        return nil
    }

    /// Called on TAB with the text of the current line before the cursor.
    public var completer: ((_ lineBeforeCursor: String) -> Completion)?

    /// Whether lines are read with libedit (false: plain reading from standard input).
    public var isEditing: Bool { editor != nil }

    /// The file history is loaded from and saved to (nil: history is kept in memory only).
    public let historyFile: String?

    /// Why the history file was not loaded or saved, if it was not. When an existing file
    /// cannot be loaded (not a libedit history file) it is left alone: nothing is saved to it.
    public private(set) var historyProblem: String?

    /// Entries in the history now.
    public var historyCount: Int { editor.map { Int(race_le_history_count($0)) } ?? 0 }

    private var editor: OpaquePointer?
    private var savesHistory: Bool

    /// - Parameters:
    ///   - programName: the name libedit uses for `~/.editrc` sections.
    ///   - historyFile: loaded now if it exists; every `addHistory` saves to it.
    ///   - interactive: use libedit (default: when stdin and stdout are terminals).
    ///   - historySize: entries kept.
    public init(
        programName: String = "race",
        historyFile: String? = LineEditor.defaultHistoryPath(),
        interactive: Bool = LineEditor.isInteractive,
        historySize: Int = 1000
    ) {
        self.historyFile = historyFile
        self.savesHistory = historyFile != nil
        guard interactive, let editor = race_le_create(programName) else {
            self.editor = nil
            self.savesHistory = false
            return
        }
        self.editor = editor
        _ = race_le_history_set_size(editor, Int32(clamping: max(1, historySize)))
        if let historyFile, access(historyFile, F_OK) == 0 {
            if race_le_history_load(editor, historyFile) != 0 {
                savesHistory = false
                historyProblem = "cannot read the history file \(historyFile); history will not be saved"
            }
        }
        race_le_set_completer(editor, lineEditorCompleteTrampoline, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if let editor { race_le_destroy(editor) }
    }

    /// Reads one line, showing `prompt` when editing. Change the prompt between calls for a
    /// continuation prompt. Clears `Interrupt.requested` before returning.
    public func readLine(prompt: String) -> Input {
        var status: Int32 = 0
        guard let editor else {
            defer { race_interrupt_clear() }
            guard let line = race_read_plain_line(&status) else {
                return status == Int32(RACE_LE_INTERRUPTED) ? .interrupted : .endOfFile
            }
            defer { free(line) }
            return .line(String(cString: line))
        }
        race_le_set_prompt(editor, prompt)
        if let line = race_le_gets(editor, &status) {
            return .line(String(cString: line))
        }
        if status == Int32(RACE_LE_INTERRUPTED) {
            race_le_write(editor, "^C\n")
            return .interrupted
        }
        race_le_write(editor, "\n")
        return .endOfFile
    }

    /// Adds `line` to the history and saves the history file at once (a temporary file
    /// renamed over it), so nothing is lost if the process is killed. Blank lines are not
    /// added; nor is anything when not editing. Returns whether the line was entered and,
    /// with a history file, saved.
    @discardableResult
    public func addHistory(_ line: String) -> Bool {
        guard let editor, line.contains(where: { !$0.isWhitespace }) else { return false }
        guard race_le_history_enter(editor, line) == 0 else { return false }
        guard savesHistory, let historyFile else { return true }
        if race_le_history_save(editor, historyFile) != 0 {
            historyProblem = "cannot write the history file \(historyFile)"
            return false
        }
        return true
    }

    /// TAB: asks the completer and edits the line or lists the candidates.
    fileprivate func complete(lineBeforeCursor: String) -> Int32 {
        guard let editor, let completer else { return Int32(RACE_LE_CC_ERROR) }
        switch completer(lineBeforeCursor).edit(lineBeforeCursor: lineBeforeCursor) {
        case .nothing:
            return Int32(RACE_LE_CC_ERROR)
        case let .replace(deleting, inserting):
            // libedit counts wide characters: Unicode scalars.
            race_le_delete_before_cursor(editor, Int32(deleting.unicodeScalars.count))
            if race_le_insert(editor, inserting) != 0 { return Int32(RACE_LE_CC_ERROR) }
            return Int32(RACE_LE_CC_REFRESH)
        case let .list(candidates):
            let width = Int(race_terminal_columns())
            race_le_write(editor, "\n" + CompletionWord.columns(candidates, width: width))
            return Int32(RACE_LE_CC_REDISPLAY)
        }
    }
}

private let lineEditorCompleteTrampoline: race_le_complete_fn = { _, before, context in
    guard let before, let context else { return Int32(RACE_LE_CC_ERROR) }
    let editor = Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue()
    return editor.complete(lineBeforeCursor: String(cString: before))
}
