import RaceModel

/// What a path names, as `:save` must know before writing: it writes only regular files.
public enum FileKind: Equatable, Sendable {
    case missing
    case regularFile
    case folder
    /// A symbolic link, with the path it leads to in the end (nil when it leads nowhere:
    /// dangling, or a loop).
    case symbolicLink(target: String?)
    /// A device, a FIFO, a socket: described for a message ("a character device").
    case special(String)
}

/// What a session needs from the outside world; the command line gives the real file
/// system, tests give a dictionary.
public protocol SessionIO: AnyObject {
    /// A file's bytes; nil or a thrown `ReadFailure` (which says why) when it cannot be read.
    func read(_ path: String) throws -> [UInt8]?
    /// Writes atomically (a temporary file, then a rename) to a regular file or a new one,
    /// never over anything else; returns a problem or nil.
    func writeAtomically(_ text: String, to path: String) -> String?
    func fileExists(_ path: String) -> Bool
    /// What `path` names, not following a link at its end.
    func kind(of path: String) -> FileKind
    /// Entries of a folder, for completing paths (folders end with `/`).
    func listFolder(_ path: String) -> [String]
    /// `path` from the root when it is relative to the working folder (as given when unknown).
    func absolutePath(_ path: String) -> String
}

extension SessionIO {
    public func absolutePath(_ path: String) -> String { path }
}

/// An in-memory file system for tests and scripts.
public final class MemoryIO: SessionIO {
    public var files: [String: String]

    public init(files: [String: String] = [:]) {
        self.files = files
    }

    /// Paths are compared as `ScenarioLoader.normalize` writes them (`out/../a.race` is `a.race`).
    public func read(_ path: String) -> [UInt8]? { files[ScenarioLoader.normalize(path)].map { Array($0.utf8) } }

    public func writeAtomically(_ text: String, to path: String) -> String? {
        files[ScenarioLoader.normalize(path)] = text
        return nil
    }

    public func fileExists(_ path: String) -> Bool { files[ScenarioLoader.normalize(path)] != nil }

    public func kind(of path: String) -> FileKind { fileExists(path) ? .regularFile : .missing }

    /// The files and folders directly in `path` (folders end with `/`).
    public func listFolder(_ path: String) -> [String] {
        let prefix = path.isEmpty || path == "." || path == "./" ? "" : (path.hasSuffix("/") ? path : path + "/")
        var entries = Set<String>()
        for file in files.keys where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { entries.insert(String(rest[...slash])) } else { entries.insert(String(rest)) }
        }
        return entries.sorted()
    }
}
