#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RaceModel

/// Reading scenario files: the reason when one cannot be read, and `-` for standard input.
enum InputFiles {
    /// The name standard input goes by in diagnostics; `-` on the command line.
    static let standardInput = "<stdin>"

    /// A path as typed on the command line: `-` is standard input.
    static func path(_ argument: String) -> String {
        argument == "-" ? standardInput : argument
    }

    /// Standard input's bytes, read once: a second reader gets the same text.
    private static var standardInputBytes: [UInt8]?

    /// The bytes of `path`, or a `ReadFailure` saying why not (no such file, permission
    /// denied, a directory), with a likely file name as a hint where there is one.
    static func read(_ path: String) throws -> [UInt8] {
        if path == standardInput {
            if standardInputBytes == nil { standardInputBytes = try readAll(descriptor: 0, path: "standard input") }
            return standardInputBytes!
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ReadFailure("it is a directory", hint: "give a scenario file, such as \(exampleFile(in: path))")
        }
        return try readAll(descriptor: descriptor, path: path)
    }

    private static func readAll(descriptor: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno: errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    private static func failure(_ path: String, errno code: Int32) -> ReadFailure {
        switch code {
        case ENOENT: return ReadFailure("no such file", hint: similarFile(to: path))
        case EACCES: return ReadFailure("permission denied", hint: "check the file's permissions (ls -l \(path))")
        case EISDIR: return ReadFailure("it is a directory")
        case ENOTDIR: return ReadFailure("a part of the path is not a directory")
        default: return ReadFailure(String(cString: strerror(code)).lowercased())
        }
    }

    /// `did you mean 'baseline-2024.race'?` for a near miss in the same folder, or the same
    /// name one folder down (`Scenarios/alliances-2025.race` for `alliances-2025.race`).
    private static func similarFile(to path: String) -> String? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let entries = entries(of: folder.isEmpty ? "." : folder)
        if let close = Suggestions.closest(to: name, among: entries.filter { !$0.hasPrefix(".") }) {
            return "did you mean '\(folder)\(close)'?"
        }
        for sub in entries where !sub.hasPrefix(".") && isDirectory(folder + sub) {
            let candidate = folder + sub + "/" + name
            if access(candidate, R_OK) == 0 { return "there is '\(candidate)'; did you mean that?" }
        }
        return nil
    }

    private static func exampleFile(in folder: String) -> String {
        let race = entries(of: folder).filter { $0.hasSuffix(".race") }.sorted()
        return race.first.map { (folder.hasSuffix("/") ? folder : folder + "/") + $0 } ?? "\(folder)/NAME.race"
    }

    private static func entries(of folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory), names.count < 10_000 {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
