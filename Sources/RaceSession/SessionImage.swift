import RaceSyntax

/// What a journal must hold to restore a session exactly: every fork (the files it was
/// loaded from, its typed entries with their line numbers, its clock), the order they were
/// made in, the current one, the files the session wrote, and the lines typed so far.
/// Plain data: made from a session, compared, and rebuilt from journal records.
struct SessionImage: Equatable {
    struct Entry: Equatable {
        var firstLine: Int
        var text: String
    }

    struct ForkImage: Equatable {
        var loadedPath: String?
        /// The text of every file the fork's loaded statements were read from.
        var files: [SourceText] = []
        var entries: [Entry] = []
        var clock = 0
    }

    var forks: [String: ForkImage] = ["main": ForkImage()]
    var order = ["main"]
    var current = "main"
    var owned: Set<String> = []
    var linesTyped = 0

    /// Whether nothing has happened in the session yet.
    var isEmpty: Bool { self == SessionImage() }

    /// The records that take `self` to `target`, in an order `apply` accepts.
    func records(toReach target: SessionImage) -> [JournalRecord] {
        var state = self
        var records: [JournalRecord] = []
        func emit(_ record: JournalRecord) {
            records.append(record)
            state.apply(record)
        }
        for name in target.order where state.forks[name] == nil { emit(.fork(name)) }
        for name in target.order {
            guard let want = target.forks[name], let have = state.forks[name] else { continue }
            if want.loadedPath != have.loadedPath || want.files != have.files {
                emit(.base(fork: name, path: want.loadedPath, files: want.files))
            }
            let kept = zip(want.entries, have.entries).prefix { $0 == $1 }.count
            if kept < have.entries.count { emit(.keepEntries(fork: name, count: kept)) }
            for entry in want.entries[kept...] { emit(.entry(fork: name, firstLine: entry.firstLine, text: entry.text)) }
            if want.clock != have.clock { emit(.clock(fork: name, months: want.clock)) }
        }
        if target.current != state.current { emit(.switch(target.current)) }
        for path in target.owned.subtracting(state.owned).sorted() { emit(.owned(path)) }
        if target.linesTyped != state.linesTyped { emit(.linesTyped(target.linesTyped)) }
        return records
    }

    /// Applies one record; a record that does not fit (a fork that does not exist) is skipped.
    mutating func apply(_ record: JournalRecord) {
        switch record {
        case .header: break
        case .fork(let name):
            guard forks[name] == nil, let copy = forks[current] else { return }
            forks[name] = copy
            order.append(name)
            current = name
        case .switch(let name):
            if forks[name] != nil { current = name }
        case let .base(fork, path, files):
            forks[fork]?.loadedPath = path
            forks[fork]?.files = files
        case let .keepEntries(fork, count):
            guard let entries = forks[fork]?.entries, count < entries.count else { return }
            forks[fork]?.entries = Array(entries.prefix(max(0, count)))
        case let .entry(fork, line, text):
            forks[fork]?.entries.append(Entry(firstLine: line, text: text))
        case let .clock(fork, months):
            forks[fork]?.clock = max(0, months)
        case .owned(let path):
            owned.insert(path)
        case .linesTyped(let count):
            linesTyped = count
        }
    }

    /// The state a journal's records describe.
    static func replaying(_ records: [JournalRecord]) -> SessionImage {
        var image = SessionImage()
        for record in records { image.apply(record) }
        return image
    }

    /// `fork main: 3 statements on Scenarios/x.race; fork fast: 4 statements` for the
    /// message that offers a session to recover.
    var summary: String {
        order.compactMap { name in
            guard let fork = forks[name] else { return nil }
            let count = fork.entries.count
            return "fork \(name): \(count) statement\(count == 1 ? "" : "s")" + (fork.loadedPath.map { " on \($0)" } ?? "")
        }.joined(separator: "; ")
    }
}
