import RaceModel
import RaceSyntax

extension Session {
    /// `:save FILE`: writes the session as a `.race` file that `race run` accepts and that
    /// reproduces the same results: `extends` the loaded file (if any), then every typed
    /// entry, laid out as `race fmt` does. It will not overwrite a file the session neither loaded nor wrote
    /// unless asked with `:save!`, and it writes atomically.
    func save(_ path: String, force: Bool) -> Reply {
        guard !path.isEmpty else { return Reply(errors: "error: :save takes a file, as in :save whatif.race\n") }
        let destination: String
        switch destinationOfSave(path, force: force) {
        case .success(let target): destination = target
        case .failure(let refusal): return Reply(errors: "error: \(refusal.message)\n")
        }
        if io.fileExists(path) && !ownedFiles.contains(ScenarioLoader.normalize(path)) && !force {
            return Reply(errors: "error: \(path) exists and this session did not load or write it; :save! \(path) overwrites it\n")
        }
        if fork.loadedPath.map(ScenarioLoader.normalize) == ScenarioLoader.normalize(path) {
            // Saving over the loaded file must keep its statements: inline them instead of extending itself.
            return Reply(errors: "error: \(path) is the file this session extends; save the changes under another name\n")
        }
        let text = scenarioText(savingTo: path)
        if let problem = io.writeAtomically(text, to: destination) {
            return Reply(errors: "error: could not write \(path): \(problem)\n")
        }
        ownedFiles.insert(ScenarioLoader.normalize(path))
        return Reply(output: "saved \(fork.entries.count) statement\(fork.entries.count == 1 ? "" : "s") to \(path)\n")
    }

    struct SaveRefusal: Error {
        let message: String
    }

    /// Where `:save` writes: `path` itself when it is a regular file or new; through a
    /// symbolic link only with `:save!` (the link stays, its target is replaced); never a
    /// folder, a device, a FIFO or a socket (`:save! /dev/null` must not replace the device).
    func destinationOfSave(_ path: String, force: Bool) -> Result<String, SaveRefusal> {
        switch io.kind(of: path) {
        case .missing, .regularFile:
            return .success(path)
        case .folder:
            return .failure(SaveRefusal(message: "\(path) is a folder; :save writes a file, as in :save \(path)/whatif.race"))
        case .special(let what):
            return .failure(SaveRefusal(message: "\(path) is \(what), not a regular file; :save writes only regular files"))
        case .symbolicLink(let target):
            guard let target else {
                return .failure(SaveRefusal(message: "\(path) is a loop of symbolic links; :save writes only regular files"))
            }
            guard force else {
                return .failure(SaveRefusal(message: "\(path) is a symbolic link to \(target); :save! \(path) writes to \(target)"))
            }
            switch io.kind(of: target) {
            case .missing, .regularFile: return .success(target)
            case .folder: return .failure(SaveRefusal(message: "\(path) leads to the folder \(target); :save writes a file"))
            case .special(let what):
                return .failure(SaveRefusal(message: "\(path) leads to \(target), \(what), not a regular file; :save writes only regular files"))
            case .symbolicLink:
                return .failure(SaveRefusal(message: "\(path) leads to \(target), which is not a regular file"))
            }
        }
    }

    /// The session's scenario as source text.
    func scenarioText(savingTo path: String) -> String {
        var lines = ["# Saved from a race REPL session (fork '\(currentFork)')."]
        if let loaded = fork.loadedPath {
            // A file saved by absolute path names its base by absolute path too.
            let base = path.hasPrefix("/") ? io.absolutePath(loaded) : loaded
            lines.append("extends \"\(Self.relativePath(of: base, from: path))\"")
        }
        lines += fork.entries.map(\.text)
        let text = lines.joined(separator: "\n") + "\n"
        // Laid out as `race fmt` would; entries that checked always parse, so this keeps the text.
        guard case .formatted(let formatted) = Formatter.format(SourceFile(name: path, text: text)) else { return text }
        return formatted
    }

    /// The path of `target` as seen from the folder of `file` (both as given, relative to the
    /// working folder or absolute).
    static func relativePath(of target: String, from file: String) -> String {
        if target.hasPrefix("/") { return target }
        let targetParts = ScenarioLoader.normalize(target).split(separator: "/").map(String.init)
        var fileFolder = ScenarioLoader.normalize(file).split(separator: "/").map(String.init)
        if file.hasPrefix("/") { return ScenarioLoader.normalize(target) }
        fileFolder.removeLast()
        var common = 0
        while common < fileFolder.count, common < targetParts.count - 1, fileFolder[common] == targetParts[common] { common += 1 }
        if fileFolder[common...].contains("..") { return ScenarioLoader.normalize(target) }
        let ups = Array(repeating: "..", count: fileFolder.count - common)
        return (ups + targetParts[common...]).joined(separator: "/")
    }
}
