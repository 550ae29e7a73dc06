import FoundationEssentials
import RaceSession
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Session journals as files in a folder beside the history: `session-PID-NANOSECONDS.journal`,
/// one per running REPL. Each session holds an exclusive `flock` on its own journal, which
/// the kernel releases however the process ends; so a journal nobody holds belongs to a
/// session that ended without `:quit` (a crash, `kill -9`, a closed terminal), and a journal
/// someone holds belongs to a REPL still running, which is left alone.
final class JournalFiles: JournalStore {
    let folder: String
    /// This session's journal.
    let path: String
    private var descriptor: Int32
    /// Bytes in this session's journal that were written in full.
    private var size: off_t = 0
    /// Abandoned journals this session took, still locked, until they are removed.
    private var taken: [String: Int32] = [:]

    /// Creates this session's journal in `folder` (made if needed); nil if that fails.
    init?(folder: String) {
        self.folder = folder.hasSuffix("/") ? folder : folder + "/"
        mkdir(self.folder, 0o700)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        path = "\(self.folder)session-\(getpid())-\(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)).journal"
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            unlink(path)
            return nil
        }
        AtomicWrite.syncFolder(self.folder)
    }

    /// Where journals go: `$RACE_RECOVERY` if set (empty: nowhere), else `.race_recovery`
    /// in the history file's folder, else in the home folder.
    static func defaultFolder(historyFile: String?) -> String? {
        if let value = getenv("RACE_RECOVERY") {
            let folder = String(cString: value)
            return folder.isEmpty ? nil : folder
        }
        if let historyFile {
            return AtomicWrite.split(historyFile).folder + ".race_recovery"
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + ".race_recovery"
    }

    func append(_ bytes: [UInt8]) -> String? {
        guard descriptor >= 0 else { return "the journal is closed" }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                let problem = String(cString: strerror(errno))
                // Half a record would hide the records written after it: take it back.
                _ = ftruncate(descriptor, size)
                return problem
            }
            offset += written
        }
        guard fdatasync(descriptor) == 0 else { return String(cString: strerror(errno)) }
        size += off_t(bytes.count)
        return nil
    }

    func abandonedJournals() -> [AbandonedJournal] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [(journal: AbandonedJournal, modified: Int)] = []
        for name in names where name.hasPrefix("session-") && name.hasSuffix(".journal") {
            let candidate = folder + name
            guard candidate != path else { continue }
            // One this session took (to show what it holds) is locked by this session.
            let time = taken[candidate] != nil ? Self.modificationTime(candidate) : Self.unheldJournalTime(candidate)
            guard let modified = time else { continue }
            found.append((AbandonedJournal(id: candidate, written: Self.format(modified)), modified))
        }
        return found.sorted { $0.modified > $1.modified }.map(\.journal)
    }

    /// When the journal at `path` was last written, if no running session holds it. A journal
    /// without a single change is deleted on the way.
    private static func unheldJournalTime(_ path: String) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let bytes = (try? Terminal.read(path)) ?? []
        if !bytes.contains(UInt8(ascii: "\n")) || bytes.split(separator: UInt8(ascii: "\n")).count <= 1 {
            unlink(path)
            return nil
        }
        return Int(info.st_mtim.tv_sec)
    }

    private static func modificationTime(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mtim.tv_sec) : nil
    }

    func take(_ journal: AbandonedJournal) -> [UInt8]? {
        if taken[journal.id] == nil {
            let descriptor = open(journal.id, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                return nil
            }
            taken[journal.id] = descriptor
        }
        return try? Terminal.read(journal.id)
    }

    func remove(_ journal: AbandonedJournal) {
        unlink(journal.id)
        if let descriptor = taken.removeValue(forKey: journal.id) { close(descriptor) }
        AtomicWrite.syncFolder(folder)
    }

    /// Ends this session's journal; `removing` on a clean quit, when nothing is left to recover.
    func finish(removing: Bool) {
        guard descriptor >= 0 else { return }
        if removing { unlink(path) }
        close(descriptor)
        descriptor = -1
        for (_, descriptor) in taken { close(descriptor) }
        taken = [:]
        if removing { AtomicWrite.syncFolder(folder) }
    }

    /// `2026-12-03 13:20` in local time.
    static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
