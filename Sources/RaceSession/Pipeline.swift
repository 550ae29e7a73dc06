import RaceEngine
import RaceModel
import RaceReport
import RaceSyntax

/// The whole pipeline for one scenario file: load (with `extends`), check, lower, run.
/// Pure apart from the `read` function it is given.
public enum Pipeline {
    /// What checking a file gives: the model (when there were no errors) and every diagnostic.
    public struct Compiled {
        public let model: Model?
        public let diagnostics: [Diagnostic]
        public let source: SourceFile?
        /// The statements loaded (the file's bases first), for what the model does not keep:
        /// the comments beside each field (`race report`).
        public var statements: [Statement] = []
    }

    /// Loads and checks `path`; `overrides` are `--set NAME=VALUE` pairs.
    public static func compile(path: String, read: @escaping ScenarioLoader.Reader,
                               overrides: [(name: String, value: String)] = []) -> Compiled {
        let loaded = ScenarioLoader(read: read).load(path: path)
        var diagnostics = loaded.diagnostics
        if diagnostics.hasErrors { return Compiled(model: nil, diagnostics: diagnostics, source: loaded.source) }
        var parsedOverrides: [Checker.Override] = []
        for (name, value) in overrides {
            let source = SourceFile(name: "--set \(name)", text: value)
            let (expression, problems, _) = Parser.parseExpression(source)
            diagnostics += problems
            if let expression {
                let nameSource = SourceFile(name: "--set", text: name)
                parsedOverrides.append(Checker.Override(name: Name(name, span: Span(file: nameSource, start: 0, end: name.utf8.count)),
                                                        value: expression))
            }
        }
        if diagnostics.hasErrors { return Compiled(model: nil, diagnostics: diagnostics, source: loaded.source) }
        let checked = Checker.check(loaded.statements, overrides: parsedOverrides, origin: loaded.source)
        return Compiled(model: checked.model, diagnostics: diagnostics + checked.diagnostics, source: loaded.source,
                        statements: loaded.statements)
    }

    /// Runs a model to its horizon.
    public static func run(_ model: Model) -> Result<RunResult, RunError> {
        do {
            let engine = try LaneEngine.plainRun(Lowering.lower(model))
            try engine.run()
            return .success(engine.result)
        } catch {
            return .failure(error)
        }
    }
}
