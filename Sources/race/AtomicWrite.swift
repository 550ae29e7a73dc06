import CRaceGuard
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that a reader, or the file system after a crash, sees the old
/// contents or the new, never half: a temporary file in the same folder, flushed to disk,
/// renamed over the target, and the folder flushed so the rename itself is durable.
///
/// The temporary file is removed on every failure; if the process is killed while it
/// exists, the crash guard removes it (a fatal or terminating signal), and failing that
/// (`kill -9`) the next write to the same target removes it (`StaleTemporaries`).
enum AtomicWrite {
    /// Writes `bytes` to `path`, which must be a regular file or not exist; returns a problem or
    /// nil. `sync: false` leaves flushing the file and the folder to the system.
    static func replace(_ path: String, with bytes: [UInt8], sync: Bool = true) -> String? {
        replace(path, withPieces: [bytes], sync: sync)
    }

    /// The same for a file made of `pieces`, written one after the other (a per-sample file's
    /// chunks, which need not be joined into one array first).
    static func replace(_ path: String, withPieces pieces: [[UInt8]], sync: Bool = true) -> String? {
        let (folder, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else { return "not a file name" }
        var mode: mode_t = 0o644
        var existing = stat()
        if lstat(path, &existing) == 0 {
            guard (existing.st_mode & S_IFMT) == S_IFREG else { return "it is \(FileKinds.describe(existing.st_mode))" }
            mode = existing.st_mode & 0o7777
        }
        StaleTemporaries.remove(in: folder, of: name)
        guard let (descriptor, temporary) = createTemporary(folder: folder, name: name, mode: mode) else {
            return String(cString: strerror(errno))
        }
        race_guard_set_temporary(temporary)
        defer { race_guard_set_temporary(nil) }
        var problem: String?
        for bytes in pieces where problem == nil { problem = writeAll(bytes, to: descriptor) }
        if problem == nil, sync, fsync(descriptor) != 0 { problem = String(cString: strerror(errno)) }
        // The umask may have narrowed the mode of a new file; an existing file's mode is kept exactly.
        if problem == nil, lstat(path, &existing) == 0 { _ = fchmod(descriptor, mode) }
        if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
        // Checked again just before the rename: something other than a file may have appeared.
        if problem == nil, lstat(path, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
            problem = "it is \(FileKinds.describe(existing.st_mode))"
        }
        if problem == nil, rename(temporary, path) != 0 { problem = String(cString: strerror(errno)) }
        if problem != nil {
            unlink(temporary)
            return problem
        }
        if sync { syncFolder(folder) }
        return nil
    }

    /// `("dir/", "name.race")` for `dir/name.race`; `("", "name.race")` in the working folder.
    static func split(_ path: String) -> (folder: String, name: String) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return (folder, name)
    }

    /// `.NAME.PID.N.tmp` beside the target, created exclusively.
    private static func createTemporary(folder: String, name: String, mode: mode_t) -> (Int32, String)? {
        for attempt in 0..<100 {
            let temporary = "\(folder)\(StaleTemporaries.prefix(of: name))\(getpid()).\(attempt).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor >= 0 { return (descriptor, temporary) }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    /// Flushes a folder's entries (the rename) to disk. Best effort: some file systems
    /// cannot sync a folder, and the file itself is already safe.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// Temporary files that a process killed mid-write (`kill -9`) left beside a target.
enum StaleTemporaries {
    /// The start of the temporary names of `name`: `.NAME.`; the process id follows.
    static func prefix(of name: String) -> String { ".\(name)." }

    /// Removes `.NAME.PID.N.tmp` files in `folder` whose process no longer runs.
    static func remove(in folder: String, of name: String) {
        let prefix = prefix(of: name)
        remove(in: folder) { entry in
            guard entry.hasPrefix(prefix), entry.hasSuffix(".tmp") else { return nil }
            let middle = entry.dropFirst(prefix.count).dropLast(".tmp".count).split(separator: ".")
            guard middle.count == 2, Int(middle[1]) != nil else { return nil }
            return pid_t(middle[0])
        }
    }

    /// Removes the entries of `folder` for which `owner` gives the id of a process that has ended.
    static func remove(in folder: String, owner: (String) -> pid_t?) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries {
            guard let pid = owner(entry), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + entry)
        }
    }
}

/// Names of what `stat` found, for messages.
enum FileKinds {
    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }
}
