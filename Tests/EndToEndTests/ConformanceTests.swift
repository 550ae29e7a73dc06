import Foundation
import XCTest

/// Runs the built `race` on every conformance case, comparing exactly what
/// `conformance/check.py` compares: each entity's status, exit month, the numbers of `final`
/// (relative 1e-9, absolute 1e-6), its named owners, the event log as (date, entity) pairs in
/// order, and the warnings. The `errors/` cases must exit 1 with a located error.
final class ConformanceTests: XCTestCase {
    static let relative = 1e-9, absolute = 1e-6

    /// check.py's `close`: both null, or within the tolerances.
    static func close(_ a: Any?, _ b: Any?) -> Bool {
        let x = number(a), y = number(b)
        if x == nil || y == nil { return x == nil && y == nil && isNull(a) && isNull(b) }
        return abs(x! - y!) <= max(absolute, relative * max(abs(x!), abs(y!)))
    }

    static func number(_ value: Any?) -> Double? {
        guard let n = value as? NSNumber, !(value is NSNull) else { return nil }
        return n.doubleValue
    }

    static func isNull(_ value: Any?) -> Bool { value == nil || value is NSNull }

    /// A JSON scalar as text, for comparing statuses, months and names.
    static func text(_ value: Any?) -> String {
        if isNull(value) { return "null" }
        if let s = value as? String { return "\"\(s)\"" }
        return "\(value!)"
    }

    /// check.py's `compare`: every difference between the expected and the actual document.
    static func compare(_ expected: [String: Any], _ got: [String: Any]) -> [String] {
        var errors: [String] = []
        let gotEntities = (got["entities"] as? [[String: Any]]) ?? []
        var byName: [String: [String: Any]] = [:]
        for entity in gotEntities { if let name = entity["name"] as? String { byName[name] = entity } }
        for e in (expected["entities"] as? [[String: Any]]) ?? [] {
            let name = e["name"] as! String
            guard let g = byName[name] else { errors.append("missing entity \(name)"); continue }
            for key in ["status", "exit"] where text(e[key]) != text(g[key]) {
                errors.append("\(name).\(key): expected \(text(e[key])), got \(text(g[key]))")
            }
            let final = (g["final"] as? [String: Any]) ?? [:]
            for (key, value) in (e["final"] as? [String: Any]) ?? [:] {
                guard final.keys.contains(key), close(value, final[key]) else {
                    errors.append("\(name).\(key): expected \(text(value)), got \(final.keys.contains(key) ? text(final[key]) : "absent")")
                    continue
                }
            }
            let expectedOwners = (e["owners"] as? [String: Any]) ?? [:]
            let gotOwners = (g["owners"] as? [String: Any]) ?? [:]
            for (holder, share) in expectedOwners where !close(share, gotOwners[holder]) {
                errors.append("\(name).owners[\(holder)]: expected \(text(share)), got \(text(gotOwners[holder]))")
            }
            for holder in gotOwners.keys where expectedOwners[holder] == nil && holder != "others" {
                errors.append("\(name).owners[\(holder)]: unexpected holder")
            }
        }
        func pairs(_ document: [String: Any]) -> [String] {
            ((document["events"] as? [[String: Any]]) ?? []).map { "(\(text($0["date"])), \(text($0["entity"])))" }
        }
        if pairs(expected) != pairs(got) {
            errors.append("events: expected \(pairs(expected)), got \(pairs(got))")
        }
        let expectedWarnings = ((expected["warnings"] as? [Any]) ?? []).map { text($0) }.sorted()
        let gotWarnings = ((got["warnings"] as? [Any]) ?? []).map { w -> String in
            if let object = w as? [String: Any] { return text(object["entity"]) }
            return text(w)
        }.sorted()
        if expectedWarnings != gotWarnings {
            errors.append("warnings: expected \(expectedWarnings), got \(gotWarnings)")
        }
        return errors
    }

    /// The v2 cases (`v2-*`: financing, capacity and uncertain events).
    static func isV2(_ folder: URL) -> Bool { folder.lastPathComponent.hasPrefix("v2-") }

    /// Every case, v1 and v2.
    static func runnableCases() throws -> [URL] { try ConformanceCases.cases() }

    func testTheV2CasesCheckClean() throws {
        let cases = try ConformanceCases.cases().filter(Self.isV2)
        XCTAssertEqual(cases.count, 4, "the v2 conformance cases are missing from the bundle")
        for folder in cases {
            let main = try XCTUnwrap(try ConformanceCases.expected(folder)["main"] as? String)
            let outcome = try RaceProcess.run(["check", main], in: folder, timeout: 20)
            XCTAssertEqual(outcome.status, 0, "\(folder.lastPathComponent): \(outcome.output)")
            XCTAssertFalse(outcome.output.contains("error"), "\(folder.lastPathComponent): \(outcome.output)")
            XCTAssertFalse(outcome.output.contains("warning"), "\(folder.lastPathComponent): \(outcome.output)")
        }
    }

    func testEveryConformanceCaseMatchesItsExpectedJSON() throws {
        let cases = try Self.runnableCases()
        XCTAssertGreaterThanOrEqual(cases.count, 10, "conformance cases are missing from the bundle")
        for folder in cases {
            let expected = try ConformanceCases.expected(folder)
            let main = try XCTUnwrap(expected["main"] as? String, "\(folder.lastPathComponent): no main")
            let outcome = try RaceProcess.run(["run", main, "--format", "json"], in: folder, timeout: 60)
            guard outcome.status == 0 else {
                XCTFail("\(folder.lastPathComponent): exit \(outcome.status): \(outcome.standardError.prefix(300))")
                continue
            }
            guard let got = try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any] else {
                XCTFail("\(folder.lastPathComponent): the output is not a JSON object:\n\(outcome.standardOutput.prefix(300))")
                continue
            }
            let differences = Self.compare(expected, got)
            XCTAssertEqual(differences, [], "\(folder.lastPathComponent):\n  " + differences.prefix(8).joined(separator: "\n  "))
        }
    }

    func testTheComparisonCatchesADifference() throws {
        // The comparer itself must not pass everything: a changed number, status or event fails.
        let folder = try XCTUnwrap(try Self.runnableCases().first)
        let expected = try ConformanceCases.expected(folder)
        XCTAssertEqual(Self.compare(expected, expected), [])
        var changed = expected
        var entities = changed["entities"] as! [[String: Any]]
        var final = entities[0]["final"] as! [String: Any]
        final["cash"] = ((final["cash"] as? NSNumber)?.doubleValue ?? 0) * (1 + 1e-6) + 1
        entities[0]["final"] = final
        entities[0]["status"] = "exited"
        changed["entities"] = entities
        changed["events"] = [["date": "1999-01", "entity": "Nobody"]]
        let differences = Self.compare(expected, changed)
        XCTAssertTrue(differences.contains { $0.contains(".cash") }, "\(differences)")
        XCTAssertTrue(differences.contains { $0.contains(".status") }, "\(differences)")
        XCTAssertTrue(differences.contains { $0.hasPrefix("events") }, "\(differences)")
    }

    /// `# expect: line L[|L2...], "TEXT"` on the first line of each file in errors/.
    static func expectation(of file: URL) throws -> (lines: [String], text: String) {
        let head = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[0]
        guard let afterLine = head.range(of: "line") else { throw RaceProcess.Missing(description: "no expectation in \(file.path)") }
        let rest = head[afterLine.upperBound...]
        guard let comma = rest.firstIndex(of: ",") else { throw RaceProcess.Missing(description: "bad expectation \(head)") }
        let lines = rest[..<comma].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let text = rest[rest.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return (lines, text)
    }

    func testEveryErrorCaseIsALocatedErrorWithExitOne() throws {
        let files = try ConformanceCases.errorFiles()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files {
            let name = file.lastPathComponent
            let (lines, text) = try Self.expectation(of: file)
            let outcome = try RaceProcess.run(["check", name], in: file.deletingLastPathComponent(), timeout: 20)
            let located = lines.contains { outcome.output.contains("\(name):\($0):") }
            XCTAssertEqual(outcome.status, 1, "\(name): \(outcome.output)")
            XCTAssertTrue(located, "\(name): no error at line \(lines.joined(separator: "|")):\n\(outcome.output)")
            XCTAssertTrue(outcome.output.contains("error"), "\(name): \(outcome.output)")
            XCTAssertTrue(outcome.output.lowercased().contains(text.lowercased()), "\(name): no \(text.debugDescription) in\n\(outcome.output)")
        }
    }

    func testEveryCasePrintsInEveryFormat() throws {
        for folder in try Self.runnableCases() {
            let expected = try ConformanceCases.expected(folder)
            let main = try XCTUnwrap(expected["main"] as? String)
            let names = ((expected["entities"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            let months = Self.months(from: expected["start"] as? String, to: expected["horizon"] as? String)
            for format in ["table", "csv", "json"] {
                let outcome = try RaceProcess.run(["run", main, "--format", format], in: folder, timeout: 60)
                let context = "\(folder.lastPathComponent) --format \(format)"
                XCTAssertEqual(outcome.status, 0, "\(context): \(outcome.standardError.prefix(300))")
                XCTAssertFalse(outcome.standardOutput.isEmpty, context)
                switch format {
                case "csv":
                    let rows = outcome.standardOutput.split(separator: "\n")
                    XCTAssertTrue(rows.first?.hasPrefix("entity,") ?? false, context)
                    if let months { XCTAssertEqual(rows.count, 1 + names.count * months, context) }
                case "json":
                    XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)), context)
                default:
                    for name in names where (expected["entities"] as? [[String: Any]])?
                        .first(where: { $0["name"] as? String == name })?["kind"] as? String == "lab" {
                        XCTAssertTrue(outcome.standardOutput.contains(name), "\(context): no \(name)")
                    }
                }
            }
            let series = try RaceProcess.run(["run", main, "--format", "json", "--series"], in: folder, timeout: 60)
            let document = try? JSONSerialization.jsonObject(with: Data(series.standardOutput.utf8)) as? [String: Any]
            let table = document?["series"] as? [String: [Any]]
            XCTAssertNotNil(table, "\(folder.lastPathComponent): no series")
            if let months, let first = table?.values.first { XCTAssertEqual(first.count, months) }
        }
    }

    /// Months from `start` to `horizon`, inclusive.
    static func months(from start: String?, to horizon: String?) -> Int? {
        func index(_ date: String?) -> Int? {
            guard let parts = date?.split(separator: "-"), parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            return y * 12 + m - 1
        }
        guard let a = index(start), let b = index(horizon) else { return nil }
        return b - a + 1
    }
}
