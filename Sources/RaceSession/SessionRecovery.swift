import RaceModel
import RaceSyntax

extension Session {
    /// The session's state as its journal keeps it.
    var image: SessionImage {
        var image = SessionImage()
        image.forks = forks.mapValues { fork in
            SessionImage.ForkImage(
                loadedPath: fork.loadedPath, files: fork.loadedFiles,
                entries: fork.entries.map(Self.entryImage),
                clock: fork.clock)
        }
        image.order = forkOrder
        image.current = currentFork
        image.owned = ownedFiles
        image.linesTyped = linesTyped
        return image
    }

    /// An entry as typed (before trimming, so a replay gives the same spans) and its first line.
    static func entryImage(_ entry: Entry) -> SessionImage.Entry {
        guard let source = entry.statements.first?.span.file else { return SessionImage.Entry(firstLine: 1, text: entry.text) }
        return SessionImage.Entry(firstLine: source.firstLine, text: String(decoding: source.bytes, as: UTF8.self))
    }

    /// Whether anything was typed, loaded or forked in this session.
    var isFresh: Bool { image.isEmpty }

    /// The sentence `race` prints at start when earlier sessions ended without `:quit`.
    public func recoveryOffer() -> String? {
        guard let store = journal?.store else { return nil }
        let journals = store.abandonedJournals()
        guard let newest = journals.first else { return nil }
        let others = journals.count > 1 ? " (and \(journals.count - 1) older)" : ""
        let what = store.take(newest).map { SessionImage.replaying(JournalRecord.decode($0).records).summary } ?? "?"
        return "A session ended without :quit at \(newest.written)\(others): \(what).\n"
            + "Type :recover to restore it, or :recover discard to forget it.\n"
    }

    /// `:recover [discard]`: restores the newest session that ended without `:quit` into this
    /// one, which must be fresh; `discard` deletes it instead.
    func recover(_ argument: String) -> Reply {
        guard let journal, let newest = journal.store.abandonedJournals().first else {
            return Reply(errors: "error: there is no session to recover\n")
        }
        switch argument {
        case "discard":
            journal.store.remove(newest)
            return Reply(output: "forgot the session that ended at \(newest.written)\n")
        case "":
            return recover(from: newest, workingFolder: nil)
        default:
            return Reply(errors: "error: :recover takes nothing, or 'discard' to forget the session instead\n")
        }
    }

    /// Restores the session kept in `abandoned` (after a crash of this program, the command
    /// line passes the journal it left). Relative paths of a session that ran in another
    /// folder than `workingFolder` are made absolute, so they name the same files.
    public func recover(from abandoned: AbandonedJournal, workingFolder: String?) -> Reply {
        guard let journal else { return Reply(errors: "error: this session keeps no journal\n") }
        guard isFresh else {
            return Reply(errors: "error: :recover restores into a new session, and this one has changed; "
                             + ":save it if you want it, then :quit and start race again\n")
        }
        guard let bytes = journal.store.take(abandoned) else {
            return Reply(errors: "error: the session's journal \(abandoned.id) cannot be read\n")
        }
        let (folder, records) = JournalRecord.decode(bytes)
        var image = SessionImage.replaying(records)
        if let folder, let workingFolder, folder != workingFolder { image = image.anchored(in: folder) }
        var reply = restore(image)
        // The old journal goes only once this session's journal holds everything it held.
        if journal.record(self) == nil, journal.problem == nil { journal.store.remove(abandoned) }
        reply.output = "recovered the session that ended at \(abandoned.written): \(image.summary)\n" + reply.output
        return reply
    }

    /// Puts the session in the state `image` describes and re-runs the current fork to its clock.
    func restore(_ image: SessionImage) -> Reply {
        var problems: [Diagnostic] = []
        forks = [:]
        for (name, forkImage) in image.forks {
            var fork = Fork(loadedPath: forkImage.loadedPath, loadedFiles: forkImage.files, clock: forkImage.clock)
            if let path = forkImage.loadedPath {
                let files = Dictionary(forkImage.files.map { ($0.name, Array($0.text.utf8)) }) { first, _ in first }
                let loaded = ScenarioLoader(read: { files[$0] }).load(path: path)
                problems += loaded.diagnostics.filter(\.isError)
                fork.baseStatements = loaded.statements
            }
            fork.entries = forkImage.entries.map { entry in
                let source = SourceFile(name: "<repl>", text: entry.text, firstLine: entry.firstLine)
                return Entry(text: entry.text.trimmed(), statements: Parser.parse(source).statements)
            }
            forks[name] = fork
        }
        forkOrder = image.order
        currentFork = image.current
        ownedFiles = image.owned
        linesTyped = image.linesTyped
        var reply = rebuild()
        if !problems.isEmpty { reply.errors = render(problems) + reply.errors }
        if fork.clock > 0, model != nil {
            reply.output += "on '\(currentFork)' at the end of \(monthName(fork.clock - 1))\n"
        } else {
            reply.output += "on '\(currentFork)'\n"
        }
        return reply
    }
}

extension SessionImage {
    /// The image with every relative path read from `folder` (where the session ran).
    func anchored(in folder: String) -> SessionImage {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (folder.hasSuffix("/") ? folder : folder + "/") + path
        }
        var image = self
        for (name, var fork) in forks {
            guard let path = fork.loadedPath else { continue }
            fork.loadedPath = absolute(path)
            fork.files = fork.files.map { SourceText(name: absolute($0.name), text: $0.text) }
            image.forks[name] = fork
        }
        image.owned = Set(owned.map(absolute))
        return image
    }
}
