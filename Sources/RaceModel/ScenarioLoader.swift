import RaceSyntax

/// Reads a scenario file and the files it `extends`, and returns their statements in
/// order: the base's first, so the extending file's edits apply on top (§9).
public struct ScenarioLoader {
    /// Reads a file's bytes; the command line passes the file system, tests a dictionary.
    public typealias Reader = (String) -> [UInt8]?

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
        guard let bytes = read(path) else {
            return Loaded(statements: [], diagnostics: [.error("cannot read '\(path)'", at: nil,
                                                               hint: "check the path: it must name a readable file, not a folder")],
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
            } else if let baseBytes = read(resolved) {
                let base = load(path: resolved, bytes: baseBytes, chain: normalizedChain)
                statements = base.statements + statements
                diagnostics = base.diagnostics + diagnostics
            } else {
                diagnostics.append(.error("cannot read the base scenario '\(basePath)'", at: pathSpan,
                                          hint: "the path is relative to this file's folder (looked for '\(resolved)')"))
            }
        }
        return Loaded(statements: statements, diagnostics: diagnostics, source: source, isIncomplete: parsed.isIncomplete)
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
