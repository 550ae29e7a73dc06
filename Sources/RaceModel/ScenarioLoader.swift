import RaceSyntax

/// Reads a scenario file and the files it `extends`, and returns their statements in
/// order: the base's first, so the extending file's edits apply on top (docs/reference/what-ifs.md).
public struct ScenarioLoader {
    /// Reads a file's bytes; the command line passes the file system, tests a dictionary.
    /// nil, or a thrown `ReadFailure` that says why, when the file cannot be read.
    public typealias Reader = (String) throws -> [UInt8]?

    public let read: Reader
    /// Bases deeper than this are an error rather than a stack overflow.
    public var maximumDepth = 64

    public init(read: @escaping Reader) {
        self.read = read
    }

    public struct Loaded: Sendable {
        public var statements: [Statement]
        public var diagnostics: [Diagnostic]
        /// The main file's source, when it could be read.
        public var source: SourceFile?
        /// Whether the text ended inside an unfinished construct.
        public var isIncomplete: Bool
    }

    /// Loads `path` (as the user gave it) and everything it extends.
    public func load(path: String) -> Loaded {
        let bytes: [UInt8]
        switch readFile(path) {
        case .success(let contents): bytes = contents
        case .failure(let failure):
            return Loaded(statements: [], diagnostics: [.error("cannot read '\(path)': \(failure.reason)", at: nil, hint: failure.hint)],
                          source: nil, isIncomplete: false)
        }
        return load(path: path, bytes: bytes, chain: [])
    }

    /// Loads a source already in memory (a REPL `:load`, a test), resolving `extends` from `path`'s folder.
    public func load(path: String, bytes: [UInt8]) -> Loaded {
        load(path: path, bytes: bytes, chain: [])
    }

    private func load(path: String, bytes: [UInt8], chain: [String]) -> Loaded {
        let source: SourceFile
        switch SourceFile.decode(name: path, bytes: bytes) {
        case .success(let file): source = file
        case .failure(let diagnostic):
            return Loaded(statements: [], diagnostics: [diagnostic], source: nil, isIncomplete: false)
        }
        let parsed = Parser.parse(source)
        var statements = parsed.statements
        var diagnostics = parsed.diagnostics
        if let first = statements.first, case let .extends(basePath, pathSpan) = first.kind {
            statements.removeFirst()
            let resolved = Self.resolve(basePath, relativeTo: path)
            let normalizedChain = chain + [Self.normalize(path)]
            if normalizedChain.contains(Self.normalize(resolved)) {
                diagnostics.append(.error("'\(basePath)' extends itself through \((normalizedChain + [Self.normalize(resolved)]).joined(separator: " → "))",
                                          at: pathSpan, hint: "a scenario cannot be its own base"))
            } else if normalizedChain.count >= maximumDepth {
                diagnostics.append(.error("scenarios extend each other more than \(maximumDepth) levels deep", at: pathSpan))
            } else {
                switch readFile(resolved) {
                case .success(let baseBytes):
                    let base = load(path: resolved, bytes: baseBytes, chain: normalizedChain)
                    statements = base.statements + statements
                    diagnostics = base.diagnostics + diagnostics
                case .failure(let failure):
                    let hint = failure.hint ?? "the path is relative to this file's folder (looked for '\(resolved)')"
                    diagnostics.append(.error("cannot read the base scenario '\(basePath)': \(failure.reason)", at: pathSpan, hint: hint))
                }
            }
        }
        return Loaded(statements: statements, diagnostics: diagnostics, source: source, isIncomplete: parsed.isIncomplete)
    }

    /// The file's bytes, or why they cannot be had.
    private func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        do {
            guard let bytes = try read(path) else {
                return .failure(ReadFailure("no such file, or not readable", hint: "check the path: it must name a readable file, not a folder"))
            }
            return .success(bytes)
        } catch let failure as ReadFailure {
            return .failure(failure)
        } catch {
            return .failure(ReadFailure("\(error)"))
        }
    }

    /// `base.race` next to `dir/whatif.race` is `dir/base.race`; absolute paths stay.
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    /// Removes `.` and `x/..` so that two spellings of one path compare equal.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// Why a file could not be read, as a reader throws it: `no such file`, `permission denied`,
/// `it is a directory`, with a hint when there is a likely fix (a similar file name).
public struct ReadFailure: Error, Sendable, Equatable {
    public let reason: String
    public let hint: String?

    public init(_ reason: String, hint: String? = nil) {
        self.reason = reason
        self.hint = hint
    }
}
