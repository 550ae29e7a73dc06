import RaceReport

extension Session {
    /// `:diff [A] B`: docs/reference/diff.md between two forks; A is the current fork when left out.
    func diff(_ argument: String) -> Reply {
        let names = argument.split(separator: " ").map(String.init)
        guard names.count == 1 || names.count == 2 else {
            return Reply(errors: "error: :diff takes one or two fork names (:diff slow, or :diff main slow); :forks lists them\n")
        }
        let a = names.count == 2 ? names[0] : currentFork
        let b = names.last!
        for name in [a, b] where forks[name] == nil {
            return Reply(errors: "error: no fork named '\(name)' (forks: \(forkOrder.joined(separator: ", ")))\n")
        }
        let comparison = DiffSession.compare(
            DiffSession.Scenario(name: a, statements: statements(of: forks[a]!)),
            DiffSession.Scenario(name: b, statements: statements(of: forks[b]!)))
        var reply = Reply()
        if !comparison.diagnostics.isEmpty { reply.errors = render(comparison.diagnostics) }
        switch comparison.problem {
        case .some(.incomparable(let message)): reply.errors += "error: \(message)\n"
        case .some(.scenario): if reply.errors.isEmpty { reply.errors = "error: a fork does not check or its run stopped\n" }
        case .some(.cancelled): reply.errors += "interrupted\n"
        case .none: break
        }
        if let diff = comparison.diff { reply.output = DiffRender.table(diff) }
        return reply
    }
}
