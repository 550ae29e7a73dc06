import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceSession

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system for a REPL session: paths relative to the working folder.
final class FileSystemIO: SessionIO {
    func read(_ path: String) throws -> [UInt8]? { try Terminal.read(path) }

    /// Writes `text` to a new temporary file in the same folder as `path` (so the rename stays
    /// on one file system), flushes it to disk, then renames it over `path`: a reader sees the
    /// old file or the new one, never half of it. An existing file keeps its permissions.
    func writeAtomically(_ text: String, to path: String) -> String? { writeAtomically(text, to: path, sync: true) }

    /// `sync: false` leaves the flush to the system (output a program reads next, such as a
    /// shard's per-sample file: the rename alone keeps a half-written file from view).
    func writeAtomically(_ text: String, to path: String, sync: Bool) -> String? {
        writeAtomically(bytes: Array(text.utf8), to: path, sync: sync)
    }

    /// The same for bytes already encoded (a per-sample file is built as bytes).
    func writeAtomically(bytes: [UInt8], to path: String, sync: Bool) -> String? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else { return "not a file name" }
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(path, &existing) == 0 {
            if (existing.st_mode & S_IFMT) == S_IFDIR { return "it is a folder" }
            mode = existing.st_mode & 0o7777
        }
        var descriptor: Int32 = -1
        var temporary = ""
        for attempt in 0..<100 {
            temporary = "\(folder).\(name).\(getpid()).\(attempt).tmp"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var offset = 0
        var problem: String?
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                problem = String(cString: strerror(errno))
                break
            }
            offset += written
        }
        if problem == nil, sync, fsync(descriptor) != 0 { problem = String(cString: strerror(errno)) }
        // The umask may have narrowed the mode of a new file; an existing file's mode is kept exactly.
        if problem == nil, stat(path, &existing) == 0 { _ = fchmod(descriptor, mode) }
        if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
        if problem == nil, rename(temporary, path) != 0 { problem = String(cString: strerror(errno)) }
        if problem != nil { unlink(temporary) }
        return problem
    }

    func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The entries of `path` (the working folder for `""`), folders ending in `/`, sorted.
    func listFolder(_ path: String) -> [String] {
        let folder = path.isEmpty ? "." : path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.map { name in
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            return Self.isFolder(full) ? name + "/" : name
        }.sorted()
    }

    /// Whether `path` names a folder (following links).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Why files cannot be written in `folder` (it is missing, not a folder, or not writable), or nil.
    static func writeProblem(folder: String) -> String? {
        var info = stat()
        if stat(folder, &info) != 0 { return "the folder \(folder) does not exist" }
        if (info.st_mode & S_IFMT) != S_IFDIR { return "\(folder) is not a folder" }
        if access(folder, W_OK) != 0 { return "the folder \(folder) is not writable (\(String(cString: strerror(errno))))" }
        return nil
    }
}
