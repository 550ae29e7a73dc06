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

    /// Writes `text` atomically (see `AtomicWrite`); an existing file keeps its permissions.
    func writeAtomically(_ text: String, to path: String) -> String? {
        AtomicWrite.replace(path, with: Array(text.utf8))
    }

    /// `sync: false` leaves the flush to the system (output a program reads next, such as a
    /// shard's per-sample file: the rename alone keeps a half-written file from view).
    func writeAtomically(_ text: String, to path: String, sync: Bool) -> String? {
        AtomicWrite.replace(path, with: Array(text.utf8), sync: sync)
    }

    /// The same for bytes already encoded (a per-sample file is built as bytes).
    func writeAtomically(bytes: [UInt8], to path: String, sync: Bool) -> String? {
        AtomicWrite.replace(path, with: bytes, sync: sync)
    }

    /// The same for a file made of pieces written one after the other.
    func writeAtomically(pieces: [[UInt8]], to path: String, sync: Bool) -> String? {
        AtomicWrite.replace(path, withPieces: pieces, sync: sync)
    }

    /// What `path` names; for a symbolic link, the path its chain of links leads to.
    func kind(of path: String) -> FileKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink(target: Self.target(ofLink: path))
        default: return .special(FileKinds.describe(info.st_mode))
        }
    }

    /// Follows a chain of symbolic links to the path it ends at (which may not exist yet);
    /// nil for a loop or a chain longer than the system follows (40).
    static func target(ofLink path: String) -> String? {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, Int(PATH_MAX))
            guard length > 0 else { return nil }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : AtomicWrite.split(current).folder + target
        }
        return nil
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
