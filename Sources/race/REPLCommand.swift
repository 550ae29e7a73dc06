import LineEditing
import RaceSession

/// The interactive REPL (docs/reference/repl.md): `race` with no subcommand.
///
/// On a terminal: libedit line editing, history kept across sessions, TAB completion, a
/// continuation prompt while an entry is unfinished, Ctrl-C abandons the entry, Ctrl-D quits.
/// With standard input not a terminal: the same entries read as a script, with no prompts and
/// no history; the exit code is 1 when any entry failed.
enum REPLCommand {
    static let banner = "race — type :help, Ctrl-D to quit\n"
    static let continuationPrompt = "  ...> "

    static func start() -> Int32 {
        let session = Session(io: FileSystemIO())
        // `:plot` fills the terminal as it is when the chart is drawn (it may have been resized).
        session.chartSize = { Terminal.chartSize }
        session.chartColour = Terminal.colourOnStandardOutput
        if LineEditor.isInteractive { return interactive(session) }
        return script(session)
    }

    static func prompt(_ session: Session) -> String {
        session.currentFork == "main" ? "race> " : "race[\(session.currentFork)]> "
    }

    /// The REPL on a terminal.
    static func interactive(_ session: Session) -> Int32 {
        Interrupt.install()
        session.colour = Terminal.colourOnStandardError
        session.shouldStop = { Interrupt.requested }
        var bar: ProgressBar?
        session.progress = { done, total in
            if bar == nil { bar = ProgressBar(total: total, unit: "months") }
            bar?.update(done)
        }
        let historyFile = LineEditor.defaultHistoryPath()
        let editor = LineEditor(programName: "race", historyFile: historyFile, interactive: true)
        var pending = ""
        editor.completer = { before in
            let proposal = session.completions(lineBeforeCursor: before, previousLines: pending)
            return Completion(candidates: proposal.candidates, replacing: proposal.replacing, terminator: proposal.terminator)
        }
        let journal = REPLRecovery.start(session, historyFile: historyFile)
        if let problem = editor.historyProblem { Terminal.standardError("note: \(problem)\n") }
        var warnedAboutHistory = editor.historyProblem != nil
        var warnedAboutJournal = false
        while true {
            switch editor.readLine(prompt: pending.isEmpty ? prompt(session) : continuationPrompt) {
            case .endOfFile:
                REPLRecovery.finish(journal)
                return 0
            case .interrupted:
                pending = ""
            case .line(let line):
                let entry = pending.isEmpty ? line : pending + "\n" + line
                if session.isIncomplete(entry) {
                    pending = entry
                    continue
                }
                pending = ""
                let remembered = String(entry.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                if !editor.addHistory(remembered), !warnedAboutHistory, let problem = editor.historyProblem {
                    warnedAboutHistory = true
                    Terminal.standardError("note: \(problem)\n")
                }
                Interrupt.clear()
                REPLRecovery.handling(entry)
                let reply = session.handle(entry)
                REPLRecovery.handling(nil)
                bar?.finish()
                bar = nil
                Terminal.standardOutput(reply.output)
                Terminal.standardError(reply.errors)
                if let problem = session.journal?.problem, !warnedAboutJournal {
                    warnedAboutJournal = true
                    Terminal.standardError("note: cannot write the session's journal (\(problem)); a crash now would lose changes\n")
                }
                Interrupt.clear()
                if reply.quit {
                    REPLRecovery.finish(journal)
                    return 0
                }
            }
        }
    }

    /// Standard input read as a script: entries as on a terminal, no prompts, no history.
    static func script(_ session: Session) -> Int32 {
        session.colour = Terminal.colourOnStandardError
        let reader = LineEditor(programName: "race", historyFile: nil, interactive: false)
        var pending = ""
        var failed = false
        func run(_ entry: String) -> Bool {
            let reply = session.handle(entry)
            Terminal.standardOutput(reply.output)
            Terminal.standardError(reply.errors)
            if reply.failed { failed = true }
            return reply.quit
        }
        while true {
            switch reader.readLine(prompt: "") {
            case .line(let line):
                let entry = pending.isEmpty ? line : pending + "\n" + line
                if session.isIncomplete(entry) {
                    pending = entry
                    continue
                }
                pending = ""
                if run(entry) { return failed ? 1 : 0 }
            case .interrupted:
                return 130
            case .endOfFile:
                // An entry still open at the end is reported as it stands.
                if !pending.isEmpty { _ = run(pending) }
                return failed ? 1 : 0
            }
        }
    }
}
