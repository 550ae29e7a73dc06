import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

extension Session {
    /// The `:` commands of docs/reference/repl.md.
    static let commands = [":load", ":reload", ":run", ":step", ":goto", ":show", ":table", ":plot", ":events", ":eval", ":json",
                           ":fork", ":switch", ":forks", ":diff", ":explain", ":undo", ":save", ":save!", ":recover", ":help", ":quit"]

    func command(_ text: String) -> Reply {
        let name = String(text.prefix { !$0.isWhitespace })
        let argument = text.dropFirst(name.count).trimmed()
        switch name {
        case ":quit", ":q", ":exit": return Reply(quit: true)
        case ":help", ":h": return Reply(output: SessionHelp.text(topic: argument))
        case ":load": return load(Self.unquoted(argument))
        case ":reload":
            guard argument.isEmpty else { return Reply(errors: "error: :reload takes nothing; :load FILE reads another file\n") }
            return reload()
        case ":run":
            switch argument {
            case "": return advance(to: Int.max)
            case "json":
                var reply = advance(to: Int.max)
                if reply.failed { return reply }
                reply.output = json().output
                return reply
            default: return Reply(errors: "error: :run takes nothing, or 'json' for the outcome as JSON (:run json)\n")
            }
        case ":step":
            let count = argument.isEmpty ? 1 : Int(argument) ?? -1
            guard count >= 1 else { return Reply(errors: "error: :step takes a whole number of months, at least 1 (:step 6)\n") }
            return advance(to: fork.clock + min(count, Int.max - fork.clock))  // `:step 9223372036854775807` runs to the horizon
        case ":goto": return goto(argument)
        case ":show": return show(argument)
        case ":table": return table(argument)
        case ":events", ":json":
            guard argument.isEmpty else { return Reply(errors: "error: \(name) takes nothing\n") }
            return name == ":events" ? events() : json()
        case ":eval":
            guard !argument.isEmpty else { return Reply(errors: "error: :eval takes an expression, as in :eval OpenAI.runway\n") }
            // The command blanked out, so columns are those of the typed line.
            let line = String(repeating: " ", count: name.count) + text.dropFirst(name.count)
            return evaluate(SourceFile(name: "<repl>", text: line, firstLine: linesTyped + 1))
        case ":plot":
            return plot(argument, offset: text.count - argument.count)
        case ":fork":
            guard isName(argument) else { return Reply(errors: "error: :fork takes a name, as in :fork slow_growth\n") }
            guard forks[argument] == nil else { return Reply(errors: "error: a fork named '\(argument)' exists; :switch \(argument)\n") }
            forks[argument] = fork
            forkOrder.append(argument)
            let from = currentFork
            currentFork = argument
            return Reply(output: "forked '\(from)' as '\(argument)'; now on '\(argument)'\n")
        case ":switch":
            guard forks[argument] != nil else {
                return Reply(errors: "error: no fork named '\(argument)' (forks: \(forkOrder.joined(separator: ", ")))\n")
            }
            currentFork = argument
            var reply = rebuild()
            reply.output = "now on '\(argument)'" + (fork.clock > 0 ? " at the end of \(monthName(fork.clock - 1))" : "") + "\n" + reply.output
            return reply
        case ":forks":
            guard argument.isEmpty else { return Reply(errors: "error: :forks takes nothing; :fork NAME makes one\n") }
            return Reply(output: forkOrder.map { name in
                let f = forks[name]!
                let detail = "\(f.entries.count) statement\(f.entries.count == 1 ? "" : "s")" + (f.loadedPath.map { " on \($0)" } ?? "")
                return (name == currentFork ? "* " : "  ") + name + "  (" + detail + ")\n"
            }.joined())
        case ":undo":
            guard argument.isEmpty else { return Reply(errors: "error: :undo takes nothing; it takes back the last statement\n") }
            guard !fork.entries.isEmpty else { return Reply(errors: "error: nothing to undo\n") }
            let previous = fork
            let removed = fork.entries.removeLast()
            var reply = rebuild()
            if reply.failed {
                restore(previous)
                return reply
            }
            let firstLine = removed.text.split(separator: "\n").first.map(String.init) ?? ""
            reply.output = "took back: \(firstLine)\n" + reply.output
            if fork.clock > 0 { reply.output += "re-ran \(monthRange(fork.clock)) without it\n" }
            return reply
        case ":save", ":save!": return save(Self.unquoted(argument), force: name == ":save!")
        case ":diff": return diff(argument)
        case ":recover": return recover(argument)
        case ":explain": return explain(argument)
        default:
            let hint = Self.commands.first { $0.hasPrefix(name) }.map { " (did you mean \($0)?)" } ?? ""
            return Reply(errors: "error: unknown command \(name)\(hint); :help lists them\n")
        }
    }

    /// A path as typed, without the quotes around it, if any.
    static func unquoted(_ text: String) -> String {
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    private func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    func noScenario() -> Reply {
        let all = statements(of: fork)
        if !all.isEmpty, let missing = Self.missingHeader(all) {
            return Reply(errors: "error: there is nothing to run yet: the scenario needs \(missing)\n")
        }
        return Reply(errors: "error: there is no scenario yet; :load FILE, or type 'start 2025-01' and 'horizon 2026-12'\n")
    }

    /// `YYYY-MM` of a month of the run.
    func monthName(_ step: Int) -> String {
        guard let model else { return "" }
        return MonthIndex.format(model.start + step)
    }

    /// `:load FILE`: starts the current fork from a file; the old state stays if it has errors.
    func load(_ path: String) -> Reply {
        guard !path.isEmpty else { return Reply(errors: "error: :load takes a file, as in :load Scenarios/baseline-2024.race\n") }
        let files = FilesRead(io)
        let loaded = ScenarioLoader(read: files.read).load(path: path)
        if loaded.diagnostics.hasErrors { return Reply(errors: render(loaded.diagnostics)) }
        let previous = fork
        fork = Fork(loadedPath: path, baseStatements: loaded.statements, loadedFiles: files.texts, entries: [], clock: 0)
        let reply = rebuild()
        guard !reply.failed, let model else {
            restore(previous)
            return Reply(errors: reply.errors.isEmpty ? "error: '\(path)' does not check\n" : reply.errors)
        }
        ownedFiles.insert(ScenarioLoader.normalize(path))
        let title = model.title.map { "\"\($0)\", " } ?? ""
        return Reply(output: "loaded \(path): \(title)\(MonthIndex.format(model.start))..\(MonthIndex.format(model.horizon)), "
                         + "\(model.entities.count) entities\n",
                     errors: render(loaded.diagnostics) + reply.errors, failed: false)
    }

    /// `:reload`: reads the loaded file again, keeps the statements typed since and the clock.
    func reload() -> Reply {
        guard let path = fork.loadedPath else { return Reply(errors: "error: nothing was loaded; use :load FILE\n") }
        let files = FilesRead(io)
        let loaded = ScenarioLoader(read: files.read).load(path: path)
        if loaded.diagnostics.hasErrors { return Reply(errors: render(loaded.diagnostics)) }
        let previous = fork
        fork.baseStatements = loaded.statements
        fork.loadedFiles = files.texts
        let reply = rebuild()
        guard !reply.failed, model != nil else {
            restore(previous)
            let kept = previous.entries.isEmpty ? "" : " (with the \(previous.entries.count) statements typed since :load)"
            return Reply(errors: (reply.errors.isEmpty ? "error: '\(path)' does not check\n" : reply.errors)
                             + "the session is as it was before :reload\(kept)\n")
        }
        var out = "reloaded \(path)"
        if !fork.entries.isEmpty { out += ", kept \(fork.entries.count) typed statement\(fork.entries.count == 1 ? "" : "s")" }
        if fork.clock > 0 { out += ", re-ran \(monthRange(fork.clock))" }
        return Reply(output: out + "\n", errors: render(loaded.diagnostics) + reply.errors, failed: false)
    }

    /// `:goto DATE`: runs forward to the end of that month, or back to it (re-running from month 0).
    func goto(_ argument: String) -> Reply {
        guard let model else { return noScenario() }
        let source = SourceFile(name: "<repl>", text: argument)
        guard case .date(let date)? = Parser.parseExpression(source).0?.kind else {
            return Reply(errors: "error: :goto takes a month, as in :goto 2026-06\n")
        }
        let target = date.month - model.start + 1
        guard target >= 1, target <= model.steps else {
            return Reply(errors: "error: \(date.text) is outside the run (\(MonthIndex.format(model.start))..\(MonthIndex.format(model.horizon)))\n")
        }
        if target < fork.clock {
            let previous = fork
            fork.clock = target
            var reply = rebuild()
            if reply.failed {
                restore(previous)
                return reply
            }
            reply.output += "went back to \(date.text) (re-ran \(monthRange(target)))\n" + stateSummary()
            return reply
        }
        return advance(to: target)
    }

    /// Runs to `target` months (capped at the horizon) and shows the state. A run that stops
    /// with an error keeps the months before the one that failed; Ctrl-C (`shouldStop`) stops
    /// between months.
    func advance(to target: Int) -> Reply {
        guard let model else { return noScenario() }
        guard let engine else { return Reply(errors: "error: the run failed; fix the scenario first\n") }
        let end = min(target, model.steps)
        if end <= fork.clock {
            let place = fork.clock == model.steps ? "already at the horizon \(MonthIndex.format(model.horizon))"
                                                  : "already at \(monthName(fork.clock - 1))"
            return Reply(output: place + "\n" + stateSummary())
        }
        var stopped = false
        let from = fork.clock
        let cashBefore = model.entities.indices.map { quantityNow($0, .cash) }
        do {
            while engine.step < end {
                if shouldStop() {
                    stopped = true
                    break
                }
                try engine.run(through: engine.step)
                fork.clock = engine.step
                progress(fork.clock - from, end - from)
            }
        } catch {
            // The failed month left the state half-done: go back to the end of the month before it.
            let failedAt = engine.step
            let message = render([RunErrorText.diagnostic(error, model: model)])
            fork.clock = failedAt
            rebuild()
            let kept = failedAt > 0 ? "the clock stays at the end of \(monthName(failedAt - 1))" : "nothing was run"
            return Reply(errors: message + "the run stopped in \(monthName(failedAt)); \(kept)\n")
        }
        return Reply(output: (stopped ? "interrupted\n" : "") + changeSummary(since: from, cashBefore: cashBefore))
    }

    /// `:json`: the run so far as `race run --format json` prints it (at the horizon, the same text).
    func json() -> Reply {
        guard model != nil else { return noScenario() }
        guard let engine else { return Reply(errors: "error: the run failed; fix the scenario first\n") }
        let result = engine.result
        let expectations = fork.clock == result.model.steps ? ExpectationReport.all(result) : []
        return Reply(output: RunJSON.document(result, series: false, expectations: expectations).serialized(pretty: true) + "\n")
    }

    /// The clock and the labs' state now (the run table of `race run` at this month), with
    /// the events of the months from `since` on (all of them by default).
    func stateSummary(since: Int = 0) -> String {
        guard let model, let engine else { return "" }
        let result = engine.result
        guard fork.clock > 0 else { return "at \(MonthIndex.format(model.start)), nothing run yet\n" }
        var out = "at the end of \(monthName(fork.clock - 1)) (month \(fork.clock) of \(model.steps))\n"
        var lines = RunTable.render(result, expectations: fork.clock == model.steps ? ExpectationReport.all(result) : [])
            .split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        if since > 0, let header = lines.firstIndex(of: "Events") {
            var end = header + 1
            while end < lines.count, lines[end].hasPrefix("  ") { end += 1 }
            let recent = result.events.filter { $0.step >= since }
            let title = since == fork.clock - 1 ? "Events in \(monthName(since))" : "Events in \(monthName(since))..\(monthName(fork.clock - 1))"
            lines.replaceSubrange(header..<end, with: [title] + (recent.isEmpty ? ["  (none)"]
                : recent.map { "  \(monthName($0.step))  \(result.text(of: $0))" }))
        }
        out += lines.joined(separator: "\n")
        return out
    }

    /// An entity's quantity now: at the end of the month last run, the value recorded in that
    /// month's row (as `race run` shows it); before any month, the starting state.
    func quantityNow(_ e: Int, _ quantity: EntityQuantity) -> Double {
        engine?.evaluate(.quantity(.entity(e), quantity)) ?? .nan
    }

    /// A quantity as `:show` and `:table` print it.
    func shown(_ value: Double, _ quantity: EntityQuantity) -> String {
        if quantity == .active { return value != 0 ? "yes" : "no" }
        if value.isNaN { return QuantityFormat.noValue }
        return value.isInfinite ? "—" : QuantityFormat.human(value, quantity.dimension ?? .ratio)
    }

    /// `X.NAME` for a `let NAME(L)` evaluated now (nil when it does not check).
    func entityFormula(_ name: String, of entity: String) -> (value: Double, dimension: Dimension?)? {
        guard let engine else { return nil }
        let source = SourceFile(name: "<repl>", text: "\(entity).\(name)")
        guard let expression = Parser.parseExpression(source).0 else { return nil }
        let checked = Checker.checkExpression(expression, against: statements(of: fork))
        guard let formula = checked.formula else { return nil }
        return (engine.evaluate(formula), checked.dimension)
    }

    func show(_ argument: String) -> Reply {
        guard let model, let engine else { return noScenario() }
        let result = engine.result
        if argument.isEmpty { return Reply(output: fork.clock == 0 ? "at \(MonthIndex.format(model.start)), nothing run yet; :step or :run\n" : stateSummary()) }
        guard let e = model.entityIndex(named: argument) else {
            let names = model.entities.map(\.name)
            let hint = names.first { $0.lowercased() == argument.lowercased() }.map { " (did you mean \($0)?)" } ?? ""
            return Reply(errors: "error: no entity named '\(argument)'\(hint)\n")
        }
        let entity = model.entities[e]
        let status = result.statusText(e) + (result.exitSteps[e].map { " \(monthName($0))" } ?? "")
        var out = "\(entity.name) (\(entity.kind.rawValue), \(status))"
        out += fork.clock == 0 ? " before \(MonthIndex.format(model.start))\n" : " at the end of \(monthName(fork.clock - 1))\n"
        func line(_ name: String, _ text: String) {
            out += "  " + name + String(repeating: " ", count: max(12, name.count + 1) - name.count) + text + "\n"
        }
        for quantity in EntityQuantity.allCases where quantity != .active {
            if quantity == .cash && !entity.tracksCash { line("cash", "unbounded"); continue }
            line(quantity.rawValue, shown(quantityNow(e, quantity), quantity))
        }
        for name in scenarioNames().entityLets {
            guard let (value, dimension) = entityFormula(name, of: entity.name) else { continue }
            line(name, value.isNaN ? QuantityFormat.noValue : value.isInfinite ? "—" : QuantityFormat.human(value, dimension ?? .ratio))
        }
        let owners = result.owners[e]
        if !owners.isEmpty {
            line("owners", owners.map { "\(model.entities[$0.holder].name) \(QuantityFormat.percent($0.share))" }.joined(separator: ", "))
        }
        return Reply(output: out)
    }

    func table(_ argument: String) -> Reply {
        guard let model, engine != nil else { return noScenario() }
        let names = argument.split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return Reply(errors: "error: :table takes fields, as in :table cash, runway\n") }
        let lets = scenarioNames().entityLets
        for name in names where EntityQuantity(rawValue: name) == nil && !lets.contains(name) {
            let all = EntityQuantity.allCases.map(\.rawValue) + lets
            return Reply(errors: "error: unknown field '\(name)'; fields are \(all.joined(separator: ", "))\n")
        }
        var table = TextTable(columns: [TextTable.Column("entity")] + names.map { TextTable.Column($0, .right) })
        for (e, entity) in model.entities.enumerated() {
            table.addRow([entity.name] + names.map { name in
                guard let q = EntityQuantity(rawValue: name) else {
                    guard let (value, dimension) = entityFormula(name, of: entity.name), !value.isNaN else { return QuantityFormat.noValue }
                    return value.isInfinite ? "—" : QuantityFormat.human(value, dimension ?? .ratio)
                }
                if q == .cash && !entity.tracksCash { return "unbounded" }
                return shown(quantityNow(e, q), q)
            })
        }
        return Reply(output: table.render())
    }

    func events() -> Reply {
        guard let model, let engine else { return noScenario() }
        let result = engine.result
        var out = ""
        for entry in result.events { out += "\(MonthIndex.format(model.start + entry.step))  \(result.text(of: entry))\n" }
        for entry in result.skipped {
            out += "\(MonthIndex.format(model.start + entry.step))  skipped: \(result.text(of: entry)) — \(result.reason(of: entry))\n"
        }
        return Reply(output: out.isEmpty ? "no events yet\n" : out)
    }
}
