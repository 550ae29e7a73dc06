import CRaceGuard
import FoundationEssentials
import LineEditing
import RaceSession
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What keeps an interactive session alive through anything: its journal (every change,
/// appended and flushed, so `:recover` restores the session after a crash, a `kill -9` or a
/// closed terminal) and the crash guard (a fatal signal restarts `race`, which restores the
/// session as it was before the entry that failed).
enum REPLRecovery {
    /// Set in the environment of a `race` restarted after a crash: the journal to restore.
    static let journalVariable = "RACE_RECOVER_JOURNAL"
    /// How many times in a row `race` restarted after a crash; past `maximumRestarts` a crash
    /// ends it, pointing to `:recover`, instead of looping.
    static let restartsVariable = "RACE_CRASH_RESTARTS"
    static let maximumRestarts = 3

    /// Starts the session's journal and the crash guard; prints what a restart restored or
    /// what earlier sessions left to recover. Returns the journal's files (nil: no journal).
    static func start(_ session: Session, historyFile: String?) -> JournalFiles? {
        if let historyFile { removeStaleHistoryTemporaries(historyFile) }
        let crashed = getenv(journalVariable).map { String(cString: $0) }
        unsetenv(journalVariable)
        guard let folder = JournalFiles.defaultFolder(historyFile: historyFile) else {
            Terminal.standardOutput(REPLCommand.banner)
            return nil
        }
        guard let files = JournalFiles(folder: folder) else {
            Terminal.standardOutput(REPLCommand.banner)
            Terminal.standardError("note: cannot keep a journal of this session in \(folder); a crash would lose it\n")
            return nil
        }
        let workingFolder = FileManager.default.currentDirectoryPath
        session.journal = SessionJournal(store: files, workingFolder: workingFolder)
        installCrashGuard(journal: files.path)
        if let crashed {
            let reply = session.recover(from: AbandonedJournal(id: crashed, written: "the crash"), workingFolder: workingFolder)
            Terminal.standardOutput("race: the session is restored as it was before the crash (an entry being handled then is not applied).\n" + reply.output)
            Terminal.standardError(reply.errors)
        } else {
            Terminal.standardOutput(REPLCommand.banner)
            if let offer = session.recoveryOffer() { Terminal.standardOutput(offer) }
        }
        return files
    }

    /// Before an entry is handled: what the crash message names.
    static func handling(_ entry: String?) {
        race_guard_set_entry(entry)
    }

    /// After a clean `:quit` or Ctrl-D: nothing is left to recover.
    static func finish(_ files: JournalFiles?) {
        files?.finish(removing: true)
    }

    /// Installs the crash guard, ready to restart this program with `journal` to restore.
    private static func installCrashGuard(journal: String) {
        let restarts = getenv(restartsVariable).flatMap { Int(String(cString: $0)) } ?? 0
        var environment = ProcessInfo.processInfo.environment
        environment[journalVariable] = journal
        environment[restartsVariable] = String(restarts + 1)
        // Made once and never freed: the signal handler reads them.
        let argv = strdupArray(CommandLine.arguments)
        let envp = strdupArray(environment.map { "\($0.key)=\($0.value)" })
        #if os(Linux)
        let executable: String? = access("/proc/self/exe", X_OK) == 0 ? "/proc/self/exe" : nil
        #else
        let executable: String? = nil
        #endif
        race_guard_set_advice("Start race again and type :recover to restore the session (it was kept in \(journal)).\n")
        _ = race_guard_install(executable.map { strdup($0) }, argv, envp, restarts < maximumRestarts ? 1 : 0)
    }

    private static func strdupArray(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (i, string) in strings.enumerated() { array[i] = strdup(string) }
        array[strings.count] = nil
        return array
    }

    /// `HISTORY.tmp-PID` files left by a `race` killed while saving its history.
    private static func removeStaleHistoryTemporaries(_ historyFile: String) {
        let (folder, name) = AtomicWrite.split(historyFile)
        let prefix = name + ".tmp-"
        StaleTemporaries.remove(in: folder) { entry in
            entry.hasPrefix(prefix) ? pid_t(entry.dropFirst(prefix.count)) : nil
        }
    }
}
