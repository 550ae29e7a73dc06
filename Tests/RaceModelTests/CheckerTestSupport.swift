import XCTest
import RaceSyntax
@testable import RaceModel

/// What checking one source text gave: the model (nil on errors) and every diagnostic.
struct CheckOutcome {
    let model: Model?
    let diagnostics: [Diagnostic]

    var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The errors whose message contains `text` (case-insensitive).
    func errors(mentioning text: String) -> [Diagnostic] {
        errors.filter { $0.message.lowercased().contains(text.lowercased()) }
    }
}

/// Parses and checks `text` as the file `name`; `overrides` are `--set NAME=VALUE` pairs.
func checkSource(_ text: String, name: String = "test.race", overrides: [(String, String)] = []) -> CheckOutcome {
    let source = SourceFile(name: name, text: text)
    let parsed = Parser.parse(source)
    var parsedOverrides: [Checker.Override] = []
    var diagnostics = parsed.diagnostics
    for (overrideName, value) in overrides {
        let valueSource = SourceFile(name: "--set \(overrideName)", text: value)
        let (expression, problems, _) = Parser.parseExpression(valueSource)
        diagnostics += problems
        let nameSource = SourceFile(name: "--set", text: overrideName)
        if let expression {
            parsedOverrides.append(Checker.Override(
                name: Name(overrideName, span: Span(file: nameSource, start: 0, end: overrideName.utf8.count)),
                value: expression))
        }
    }
    let checked = Checker.check(parsed.statements, overrides: parsedOverrides, origin: source)
    return CheckOutcome(model: diagnostics.hasErrors ? nil : checked.model, diagnostics: diagnostics + checked.diagnostics)
}

/// Checks a text that must have no error and returns its model.
func checkedModel(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Model {
    let outcome = checkSource(text)
    XCTAssertEqual(outcome.errors.map(\.message), [], "unexpected errors", file: file, line: line)
    return try XCTUnwrap(outcome.model, "no model", file: file, line: line)
}

/// The 1-based line a diagnostic points at, or nil.
func lineOf(_ diagnostic: Diagnostic) -> Int? { diagnostic.span?.location.line }

/// Asserts exactly one error (or at least one) mentioning `text`, located at `line`, with a hint
/// containing `hint` when given. Returns the diagnostic for further checks.
@discardableResult
func assertError(_ outcome: CheckOutcome, mentioning text: String, line: Int? = nil, hint: String? = nil,
                 file: StaticString = #filePath, sourceLine: UInt = #line) -> Diagnostic? {
    let matches = outcome.errors(mentioning: text)
    guard let first = matches.first else {
        XCTFail("no error mentioning \(text.debugDescription); got: \(outcome.errors.map(\.message))",
                file: file, line: sourceLine)
        return nil
    }
    XCTAssertNil(outcome.model, "a scenario with errors has no model", file: file, line: sourceLine)
    if let line {
        XCTAssertTrue(matches.contains { lineOf($0) == line },
                      "error \(first.message.debugDescription) is at line \(matches.map { lineOf($0) ?? -1 }), not \(line)",
                      file: file, line: sourceLine)
    }
    if let hint {
        XCTAssertTrue(matches.contains { ($0.hint ?? "").contains(hint) },
                      "no hint containing \(hint.debugDescription): \(matches.map { $0.hint ?? "nil" })",
                      file: file, line: sourceLine)
    }
    return first
}

/// The value of a formula that needs no run state (constants and params).
func staticValue(_ formula: Formula, in model: Model) -> Double? {
    StaticValue(params: model.params.map { Optional($0.value) }, order: model.paramOrder).evaluate(formula)
}

/// A minimal header: lines 1–2.
let header = "start 2025-01\nhorizon 2025-12\n"
