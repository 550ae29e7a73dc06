import RaceReport
import RaceSyntax

/// Where a session's journal goes: appended to and forced to disk at once, so that after a
/// crash, a `kill -9` or a closed terminal the next `race` can restore the session
/// (`:recover`). The command line keeps journals as files beside the history; tests keep
/// them in memory (`MemoryJournalStore`).
public protocol JournalStore: AnyObject {
    /// Appends `bytes` to this session's journal and forces them to disk; a problem or nil.
    func append(_ bytes: [UInt8]) -> String?
    /// Journals of sessions that ended without `:quit`, newest first.
    func abandonedJournals() -> [AbandonedJournal]
    /// The bytes of an abandoned journal, claimed so that no other session takes it too.
    func take(_ journal: AbandonedJournal) -> [UInt8]?
    /// Deletes an abandoned journal whose session lives on in this one (or is discarded).
    func remove(_ journal: AbandonedJournal)
}

/// A journal left by a session that did not end with `:quit`.
public struct AbandonedJournal: Equatable, Sendable {
    /// How the store finds it again (a path).
    public let id: String
    /// When it was last written, for the message that offers it.
    public let written: String

    public init(id: String, written: String) {
        self.id = id
        self.written = written
    }
}

/// Keeps a session's journal: after every entry, the records that take the state the
/// journal describes to the session's state now (`SessionImage.records(toReach:)`) are
/// appended as one write. Replaying the records restores the forks, their statements (and
/// the files they were loaded from, as they were), their clocks and the current fork.
public final class SessionJournal {
    let store: JournalStore
    /// The state the journal describes so far.
    private(set) var image = SessionImage()
    /// Why the last write failed, until one succeeds.
    public private(set) var problem: String?

    /// Starts a journal in `store`; `workingFolder` is recorded so that relative paths can be
    /// read as they were meant if the session is recovered elsewhere.
    public init(store: JournalStore, workingFolder: String) {
        self.store = store
        problem = store.append(JournalRecord.header(workingFolder: workingFolder).encoded)
    }

    /// Appends what changed in `session` since the last call. Returns a problem the first
    /// time a write fails (later failures stay quiet until one succeeds).
    @discardableResult
    public func record(_ session: Session) -> String? {
        let now = session.image
        let records = image.records(toReach: now)
        guard !records.isEmpty else { return nil }
        let bytes = records.flatMap(\.encoded)
        if let failure = store.append(bytes) {
            let isNew = problem == nil
            problem = failure
            // The records were not kept: the next call tries them again.
            return isNew ? failure : nil
        }
        image = now
        problem = nil
        return nil
    }
}

/// A journal in memory, for tests and for sessions without a place to keep one.
public final class MemoryJournalStore: JournalStore {
    public private(set) var bytes: [UInt8] = []
    /// Other sessions' journals that ended without `:quit`, by id.
    public var abandoned: [(journal: AbandonedJournal, bytes: [UInt8])] = []
    /// When set, every append fails with this problem.
    public var failure: String?

    public init() {}

    public func append(_ bytes: [UInt8]) -> String? {
        if let failure { return failure }
        self.bytes += bytes
        return nil
    }

    public func abandonedJournals() -> [AbandonedJournal] { abandoned.map(\.journal) }

    public func take(_ journal: AbandonedJournal) -> [UInt8]? { abandoned.first { $0.journal == journal }?.bytes }

    public func remove(_ journal: AbandonedJournal) { abandoned.removeAll { $0.journal == journal } }
}

/// One line of a journal: a JSON array of strings, the kind first (JSON escapes every line
/// break inside a field). A line without its final newline (the process died while writing
/// it) is ignored on reading.
enum JournalRecord: Equatable {
    case header(workingFolder: String)
    /// `:fork NAME`: the current fork copied under NAME, which becomes current.
    case fork(String)
    case `switch`(String)
    /// A fork's loaded file (nil: none) and the text of every file its statements came from.
    case base(fork: String, path: String?, files: [SourceText])
    /// A fork keeps only its first `count` typed entries (`:undo`, `:load`).
    case keepEntries(fork: String, count: Int)
    case entry(fork: String, firstLine: Int, text: String)
    case clock(fork: String, months: Int)
    /// A file the session wrote, which `:save` may overwrite without `!`.
    case owned(String)
    /// Lines typed so far, so later diagnostics keep their line numbers.
    case linesTyped(Int)

    static let magic = "race-journal"
    static let version = "1"

    var fields: [String] {
        switch self {
        case .header(let folder): return [Self.magic, Self.version, folder]
        case .fork(let name): return ["fork", name]
        case .switch(let name): return ["switch", name]
        case let .base(fork, path, files):
            return ["base", fork, path.map { "=" + $0 } ?? "-"] + files.flatMap { [$0.name, $0.text] }
        case let .keepEntries(fork, count): return ["keep", fork, String(count)]
        case let .entry(fork, line, text): return ["entry", fork, String(line), text]
        case let .clock(fork, months): return ["clock", fork, String(months)]
        case .owned(let path): return ["owned", path]
        case .linesTyped(let count): return ["lines", String(count)]
        }
    }

    init?(fields: [String]) {
        func number(_ index: Int) -> Int? { index < fields.count ? Int(fields[index]) : nil }
        switch (fields.first, fields.count) {
        case (Self.magic, 3) where fields[1] == Self.version: self = .header(workingFolder: fields[2])
        case ("fork", 2): self = .fork(fields[1])
        case ("switch", 2): self = .switch(fields[1])
        case ("base", let count) where count >= 3 && count % 2 == 1:
            let path: String? = fields[2].hasPrefix("=") ? String(fields[2].dropFirst()) : nil
            let files = stride(from: 3, to: count, by: 2).map { SourceText(name: fields[$0], text: fields[$0 + 1]) }
            self = .base(fork: fields[1], path: path, files: files)
        case ("keep", 3): guard let n = number(2) else { return nil }; self = .keepEntries(fork: fields[1], count: n)
        case ("entry", 4): guard let n = number(2) else { return nil }; self = .entry(fork: fields[1], firstLine: n, text: fields[3])
        case ("clock", 3): guard let n = number(2) else { return nil }; self = .clock(fork: fields[1], months: n)
        case ("owned", 2): self = .owned(fields[1])
        case ("lines", 2): guard let n = number(1) else { return nil }; self = .linesTyped(n)
        default: return nil
        }
    }

    /// The record as one line of UTF-8, newline included.
    var encoded: [UInt8] {
        Array((JSONValue.array(fields.map { .string($0) }).serialized(pretty: false) + "\n").utf8)
    }

    /// The complete records of a journal's bytes, in order; a torn last line is dropped, and
    /// a line that is not a record ends the reading (nothing after it can be trusted).
    static func decode(_ bytes: [UInt8]) -> (workingFolder: String?, records: [JournalRecord]) {
        var records: [JournalRecord] = []
        var folder: String?
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let line = String(decoding: bytes[start..<offset], as: UTF8.self)
            start = offset + 1
            guard let items = (try? JSONValue.parse(line))?.arrayValue,
                  case let fields = items.compactMap(\.stringValue), fields.count == items.count,
                  let record = JournalRecord(fields: fields)
            else { break }
            if case .header(let workingFolder) = record { folder = workingFolder } else { records.append(record) }
        }
        return (folder, records)
    }
}

/// A file a fork's statements were read from: its name as loaded and its text then.
struct SourceText: Equatable {
    let name: String
    let text: String
}

/// Reads files for a `ScenarioLoader` and keeps what it read, for the journal.
final class FilesRead {
    private let io: SessionIO
    private(set) var texts: [SourceText] = []

    init(_ io: SessionIO) { self.io = io }

    func read(_ path: String) throws -> [UInt8]? {
        let bytes = try io.read(path)
        if let bytes { texts.append(SourceText(name: path, text: String(decoding: bytes, as: UTF8.self))) }
        return bytes
    }
}
