/// A REPL session made of a scenario: its lines typed one by one with the commands of docs/reference/repl.md
/// in between (stepping, forking, undoing, diffing, saving, loading, evaluating).
enum REPLScript {
    static func make(from scenario: String, _ random: inout SeededRandom) -> String {
        var script: [String] = []
        let commands = [":step", ":step 3", ":run", ":show", ":show L0", ":table cash, runway, share", ":events", ":json",
                        ":fork alt", ":switch main", ":switch alt", ":forks", ":undo", ":diff alt", ":diff main alt",
                        ":goto 2025-06", ":goto 2026-01", ":eval L0.cash", "L0.runway", "total(compute)", "date",
                        ":save out.race", ":save! out.race", ":load base.race", ":reload", ":load out.race",
                        ":help", ":help units", ":run json", ":recover", ":step 1000000"]
        for line in scenario.split(separator: "\n", omittingEmptySubsequences: false) {
            script.append(String(line))
            // Not inside a block: a command there would be part of the entry.
            let open = script.joined(separator: "\n").filter { $0 == "{" }.count
            let closed = script.joined(separator: "\n").filter { $0 == "}" }.count
            if open == closed, random.chance(0.25) { script.append(random.pick(commands)) }
        }
        for _ in 0..<random.int(1...5) { script.append(random.pick(commands)) }
        if random.chance(0.8) { script.append(":quit") }
        return script.joined(separator: "\n") + "\n"
    }
}
