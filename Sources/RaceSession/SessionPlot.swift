import RaceCharts
import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

extension Session {
    /// One expression of `:plot`, checked: what to watch and how to show it.
    struct PlotTerm {
        /// The legend's name: the expression as typed, or the lab for a bare field.
        var name: String
        var formula: Formula
        var dimension: Dimension
        /// The chart of a bare field (`cash`); nil: the chart of its dimension.
        var chart: String?
        /// The entity an `X.field` names: its exit is marked and its line stops there.
        var entity: Int?
    }

    /// Why an expression cannot be charted, as diagnostics to print.
    struct PlotFailure: Error {
        var errors: String
    }

    /// `:plot EXPR[, EXPR...]` (docs/reference/plot.md): each expression over the months from the start to the
    /// clock, at the end of each month as `race run` records it. A bare field (`cash`) means
    /// that field of every lab. Expressions of one dimension share a chart; the run is made
    /// again with the expressions watched (`Lowering.lower(_:watching:)`).
    func plot(_ argument: String, offset: Int) -> Reply {
        guard let model, engine != nil else { return noScenario() }
        let parts = Self.topLevelParts(argument)
        guard !parts.isEmpty else {
            return Reply(errors: "error: :plot takes expressions, as in :plot OpenAI.cash, Anthropic.cash or :plot cash\n")
        }
        guard fork.clock > 0 else {
            return Reply(errors: "error: nothing has run yet; :step, :goto or :run first, then :plot what happened\n")
        }
        var terms: [PlotTerm] = []
        for part in parts {
            switch plotTerms(part.text, at: offset + part.offset, model: model) {
            case .success(let found): terms += found
            case .failure(let failure): return Reply(errors: failure.errors)
            }
        }
        let charts: [Chart]
        do {
            charts = try watch(terms, model: model)
        } catch let error as RunError {
            return Reply(errors: render([RunErrorText.diagnostic(error, model: model)]))
        } catch {
            return Reply(errors: "error: \(error)\n")
        }
        let size = chartSize()
        // Two rows stay for the prompt and the line typed.
        return Reply(output: TextChart.render(charts, columns: size.columns, rows: size.rows - 2, colour: chartColour))
    }

    /// The terms of one typed expression: a bare field becomes one per lab.
    private func plotTerms(_ text: String, at column: Int, model: Model) -> Result<[PlotTerm], PlotFailure> {
        let names = scenarioNames()
        let isField = (EntityQuantity(rawValue: text) != nil || names.entityLets.contains(text))
            && !names.entities.contains(text) && !names.params.contains(text) && !(names.lets.contains(text) && !names.entityLets.contains(text))
        if isField {
            let labs = model.entities.indices.filter { model.entities[$0].kind == .lab }
            var terms: [PlotTerm] = []
            for e in labs {
                let source = SourceFile(name: "<repl>", text: "\(model.entities[e].name).\(text)", firstLine: linesTyped + 1)
                guard case .success(var term) = check(source, model: model) else {
                    return .failure(PlotFailure(errors: "error: '\(text)' is not a quantity to chart; :plot cash, :plot OpenAI.runway\n"))
                }
                term.name = model.entities[e].name
                term.chart = text
                terms.append(term)
            }
            return .success(terms)
        }
        // Blanked up to the expression, so a caret points into the line as typed.
        let source = SourceFile(name: "<repl>", text: String(repeating: " ", count: column) + text, firstLine: linesTyped + 1)
        return check(source, model: model).map { [$0] }
    }

    /// Parses and checks one expression as a quantity that can be charted.
    private func check(_ source: SourceFile, model: Model) -> Result<PlotTerm, PlotFailure> {
        let (expression, problems, _) = Parser.parseExpression(source)
        guard let expression, !problems.hasErrors else {
            return .failure(PlotFailure(errors: render(problems.isEmpty ? [.error("expected an expression", at: nil)] : problems)))
        }
        let checked = Checker.checkExpression(expression, against: statements(of: fork))
        guard let formula = checked.formula else { return .failure(PlotFailure(errors: render(checked.diagnostics))) }
        guard let dimension = checked.dimension else {
            let what = checked.isCondition ? "a condition (true or false)" : "a date"
            return .failure(PlotFailure(errors: render([.error("\(expression.span.text) is \(what); a chart needs a quantity",
                                                               at: expression.span, hint: "plot a number, as in OpenAI.cash")])))
        }
        var entity: Int?
        if case .quantity(.entity(let e), _) = formula { entity = e }
        let text = expression.span.text
        return .success(PlotTerm(name: text, formula: formula, dimension: dimension, chart: nil, entity: entity))
    }

    /// Runs the scenario to the clock with the terms watched and draws them, a chart per group.
    private func watch(_ terms: [PlotTerm], model: Model) throws -> [Chart] {
        let simulation = try LaneEngine.plainRun(Lowering.lower(model, watching: terms.map(\.formula)))
        try simulation.run(through: fork.clock - 1)
        let result = simulation.result
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (k, term) in terms.enumerated() {
            let key = term.chart ?? "\(term.dimension)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(k)
        }
        return order.map { key in
            let members = groups[key]!
            let series = members.enumerated().map { style, k -> ChartSeries in
                // An entity's quantity is not drawn before the entity is founded.
                let values = (0..<fork.clock).map { step in
                    terms[k].entity.map { ChartBuilder.notFounded(result, entity: $0, step: step) } == true
                        ? .nan : result.watchValue(k, step: step)
                }
                return ChartBuilder.line(name: terms[k].name, values: values,
                                         exit: terms[k].entity.flatMap { ChartBuilder.exit(result, entity: $0) }, style: style)
            }
            let title = terms[members[0]].chart ?? members.map { terms[$0].name }.joined(separator: ", ")
            return Chart(title: title, format: .quantity(terms[members[0]].dimension), firstMonth: model.start, series: series)
        }
    }

    /// The comma-separated parts of `text` outside parentheses, with their offsets.
    static func topLevelParts(_ text: String) -> [(text: String, offset: Int)] {
        var parts: [(String, Int)] = []
        var depth = 0, start = 0, offset = 0
        var current = ""
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if character == "," && depth == 0 {
                parts.append((current, start))
                current = ""
                start = offset + 1
            } else {
                current.append(character)
            }
            offset += 1
        }
        parts.append((current, start))
        return parts.compactMap { part, start in
            let leading = part.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = part.trimmed()
            return trimmed.isEmpty ? nil : (trimmed, start + leading)
        }
    }
}
