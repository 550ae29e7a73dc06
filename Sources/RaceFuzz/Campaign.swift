import Foundation

/// Runs inputs over every path on `jobs` threads, keeps the tallies and the findings, and
/// prints the summary.
final class Campaign {
    struct Tally {
        var runs = 0, crashes = 0, hangs = 0, unlocated = 0
        var slowest = 0.0
    }

    let options: Options
    let runner: Runner
    private let lock = NSLock()
    private var tallies: [FuzzPath: Tally] = [:]
    private var findingCount = 0
    private var next = 0
    private var done = 0
    private let started = Date()

    init(options: Options) {
        self.options = options
        runner = Runner(race: options.race, timeout: options.timeout)
    }

    /// Runs everything; true when nothing was found.
    func run() -> Bool {
        let total = options.replay.isEmpty ? options.count : options.replay.count
        let group = DispatchGroup()
        for _ in 0..<options.jobs {
            group.enter()
            Thread.detachNewThread {
                self.work(total: total)
                group.leave()
            }
        }
        group.wait()
        printSummary(inputs: total)
        return findingCount == 0
    }

    private func work(total: Int) {
        while true {
            lock.lock()
            let index = next
            next += 1
            lock.unlock()
            guard index < total else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("race-fuzz-\(getpid())-\(index)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let name: String
            if options.replay.isEmpty {
                let number = options.from + index
                let (base, input, script) = makeInput(seed: options.seed, index: number, rounds: options.rounds)
                write(base, "base.race", in: folder)
                write(input, "input.race", in: folder)
                write(script, "script.txt", in: folder)
                name = "seed \(options.seed) input \(number)"
            } else {
                let path = options.replay[index]
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                try? bytes.write(to: folder.appendingPathComponent("input.race"))
                try? bytes.write(to: folder.appendingPathComponent("base.race"))
                try? bytes.write(to: folder.appendingPathComponent("script.txt"))
                name = path
            }
            for path in options.paths { try1(path, index: index, name: name, folder: folder) }
            lock.lock()
            done += 1
            if done % 250 == 0 {
                let elapsed = Int(Date().timeIntervalSince(started))
                print("race-fuzz: \(done) of \(total) inputs, \(findingCount) findings, \(elapsed) s")
            }
            lock.unlock()
        }
    }

    private func try1(_ path: FuzzPath, index: Int, name: String, folder: URL) {
        let script = folder.appendingPathComponent("script.txt")
        let outcome = runner.run(path.arguments(seed: index), in: folder, input: path == .repl ? script : nil)
        let finding = Finding.judge(outcome, path: path)
        lock.lock()
        defer { lock.unlock() }
        var tally = tallies[path] ?? Tally()
        tally.runs += 1
        tally.slowest = max(tally.slowest, outcome.seconds)
        switch finding {
        case .crash?: tally.crashes += 1
        case .hang?: tally.hangs += 1
        case .unlocated?: tally.unlocated += 1
        case nil: break
        }
        tallies[path] = tally
        guard let finding else { return }
        findingCount += 1
        keep(finding, path: path, name: name, folder: folder, outcome: outcome)
    }

    /// Copies the input of a finding (and what the program said) into the findings folder.
    private func keep(_ finding: Finding, path: FuzzPath, name: String, folder: URL, outcome: Outcome) {
        let findings = URL(fileURLWithPath: options.findings)
        try? FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
        let stem = "\(findingCount)-\(path.rawValue)-\(finding.kind)"
        for file in ["input.race", "base.race", "script.txt"] {
            try? FileManager.default.copyItem(at: folder.appendingPathComponent(file),
                                              to: findings.appendingPathComponent("\(stem)-\(file)"))
        }
        let command = path == .repl ? "race < script.txt" : "race " + path.arguments(seed: 0).joined(separator: " ")
        let report = "\(name)\n\(command)\n\(finding)\nstatus \(outcome.status), \(outcome.seconds) s\n\(outcome.standardError.prefix(4000))\n"
        write(report, "\(stem).txt", in: findings)
        print("race-fuzz: \(finding.kind) on \(path.rawValue): \(name) (kept as \(stem))")
    }

    private func write(_ text: String, _ name: String, in folder: URL) {
        try? Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    private func printSummary(inputs: Int) {
        let elapsed = Date().timeIntervalSince(started)
        print("race-fuzz: \(inputs) inputs (\(options.replay.isEmpty ? "seed \(options.seed)" : "replayed")) through \(options.race), "
              + "time limit \(Int(options.timeout)) s, \(Int(elapsed)) s in all")
        print("path        runs  crashes  hangs  unlocated  slowest")
        var sum = Tally()
        for path in options.paths {
            let t = tallies[path] ?? Tally()
            print(row(path.rawValue, t))
            sum.runs += t.runs; sum.crashes += t.crashes; sum.hangs += t.hangs; sum.unlocated += t.unlocated
            sum.slowest = max(sum.slowest, t.slowest)
        }
        print(row("all", sum))
    }

    private func row(_ name: String, _ t: Tally) -> String {
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        return name.padding(toLength: 8, withPad: " ", startingAt: 0) + pad(String(t.runs), 8) + pad(String(t.crashes), 9)
            + pad(String(t.hangs), 7) + pad(String(t.unlocated), 11) + pad(String(format: "%.2f s", t.slowest), 9)
    }
}
