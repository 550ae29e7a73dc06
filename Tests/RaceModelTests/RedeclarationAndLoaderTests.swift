import XCTest
import RaceSyntax
@testable import RaceModel

/// Redeclaration merging (docs/reference/entities.md) and `extends`, `cancel`, `delay`
/// (what-ifs.md) through `ScenarioLoader`.
final class RedeclarationAndLoaderTests: XCTestCase {
    // MARK: Redeclaration

    func testRedeclaredFieldsReplaceAndOthersStay() throws {
        let model = try checkedModel(header + """
            company M
            lab A { cash: $5B, valuation: $40B, owners: M 10% }
            lab A { cash: $7B, burn: $1B/month }
            """)
        XCTAssertEqual(model.entities.count, 2)
        let a = model.entities[try XCTUnwrap(model.entityIndex(named: "A"))]
        XCTAssertEqual(staticValue(try XCTUnwrap(a.cash), in: model), 7e9)
        XCTAssertEqual(staticValue(try XCTUnwrap(a.valuation), in: model), 40e9)
        XCTAssertEqual(a.owners.count, 1)
        guard case .streams(let burn) = a.burn else { return XCTFail("burn is not a stream") }
        XCTAssertEqual(burn.count, 1)
        XCTAssertEqual(staticValue(burn[0].initial, in: model), 1e9)
    }

    func testRedeclaredEntityKeepsItsFirstPlaceInDeclarationOrder() throws {
        let model = try checkedModel(header + "lab A { cash: $1B }\nlab B { cash: $1B }\nlab A { cash: $2B }\n")
        XCTAssertEqual(model.entities.map(\.name), ["A", "B"])
    }

    func testRedeclaredChipAndParamMerge() throws {
        let model = try checkedModel(header + """
            param p = $1B
            chip H { price: $30k, perf: 1 PFLOP/s }
            chip H { price: $20k }
            param p = $2B
            """)
        XCTAssertEqual(model.chips.count, 1)
        XCTAssertEqual(staticValue(try XCTUnwrap(model.chips[0].price?.initial), in: model), 20e3)
        XCTAssertNotNil(model.chips[0].perf)
        XCTAssertEqual(model.params.count, 1)
        XCTAssertEqual(staticValue(model.params[0].value, in: model), 2e9)
    }

    // MARK: extends

    /// A reader over an in-memory file system; counts reads so a loop would show.
    final class Files {
        var contents: [String: String]
        var reads = 0
        init(_ contents: [String: String]) { self.contents = contents }
        func read(_ path: String) -> [UInt8]? {
            reads += 1
            return contents[ScenarioLoader.normalize(path)].map { Array($0.utf8) }
        }
    }

    func load(_ path: String, _ files: Files) -> (ScenarioLoader.Loaded, CheckResult) {
        let loaded = ScenarioLoader(read: files.read).load(path: path)
        return (loaded, Checker.check(loaded.statements, origin: loaded.source))
    }

    let base = """
        scenario "Base"
        start 2025-01
        horizon 2026-12
        param growth = 6%/month
        lab Alpha { cash: $4B, valuation: $40B, revenue: $150M/month growing growth }
        lab Beta { cash: $6B, burn: $300M/month }
        on 2025-06 as alpha_round: Alpha raises $5B at $60B
        on 2025-09 as beta_exit: Beta exits
        """

    func testExtendingFileAppliesItsEditsOnTopOfTheBase() throws {
        let files = Files(["dir/base.race": base, "dir/whatif.race": """
            extends "base.race"
            param growth = 3%/month
            lab Beta { burn: $250M/month }
            cancel beta_exit
            delay alpha_round by 4 months
            """])
        let (loaded, checked) = load("dir/whatif.race", files)
        XCTAssertEqual(loaded.diagnostics.count, 0)
        let model = try XCTUnwrap(checked.model, "\(checked.diagnostics.map(\.message))")
        XCTAssertEqual(model.title, "Base")
        XCTAssertEqual(staticValue(model.params[0].value, in: model)!, 0.03, accuracy: 1e-15)
        XCTAssertEqual(model.events.count, 1)
        XCTAssertEqual(model.events[0].label, "alpha_round")
        XCTAssertEqual(model.events[0].steps, [9])  // 2025-06 + 4 months = 2025-10, step 9
        let beta = model.entities[model.entityIndex(named: "Beta")!]
        XCTAssertEqual(staticValue(beta.cash!, in: model), 6e9)
        guard case .streams(let burn) = beta.burn else { return XCTFail() }
        XCTAssertEqual(staticValue(burn[0].initial, in: model), 250e6)
    }

    func testMissingBaseFileIsALocatedError() throws {
        let files = Files(["w.race": "extends \"nowhere.race\"\nlab A { cash: $1B }\n"])
        let (loaded, _) = load("w.race", files)
        let error = try XCTUnwrap(loaded.diagnostics.first { $0.isError })
        XCTAssertTrue(error.message.contains("cannot read the base scenario 'nowhere.race'"), error.message)
        XCTAssertEqual(error.span?.file.name, "w.race")
        XCTAssertEqual(error.span.map { $0.location.line }, 1)
    }

    func testMissingMainFileIsAnErrorWithoutLocation() {
        let loaded = ScenarioLoader(read: Files([:]).read).load(path: "absent.race")
        XCTAssertTrue(loaded.diagnostics.hasErrors)
        XCTAssertTrue(loaded.diagnostics[0].message.contains("cannot read 'absent.race'"))
    }

    func testAFileThatExtendsItselfIsAnErrorAndDoesNotHang() throws {
        let files = Files(["s/self.race": "extends \"./self.race\"\nstart 2025-01\nhorizon 2025-12\n"])
        let (loaded, _) = load("s/self.race", files)
        let error = try XCTUnwrap(loaded.diagnostics.first { $0.isError })
        XCTAssertTrue(error.message.contains("extends itself"), error.message)
        XCTAssertEqual(error.span.map { $0.location.line }, 1)
        XCTAssertLessThanOrEqual(files.reads, 2)
    }

    func testAMutualExtendsLoopIsAnError() throws {
        let files = Files(["a.race": "extends \"b.race\"\n", "b.race": "extends \"a.race\"\n"])
        let (loaded, _) = load("a.race", files)
        let error = try XCTUnwrap(loaded.diagnostics.first { $0.isError })
        XCTAssertTrue(error.message.contains("a.race → b.race → a.race"), error.message)
        XCTAssertLessThanOrEqual(files.reads, 3)
    }

    func testDeepChainsOfBasesLoadInOrder() throws {
        var contents = ["f0.race": "start 2025-01\nhorizon 2025-12\nlab A { cash: $0 }\n"]
        for i in 1...40 { contents["f\(i).race"] = "extends \"f\(i - 1).race\"\nlab A { cash: $\(i)B }\n" }
        let (loaded, checked) = load("f40.race", Files(contents))
        XCTAssertFalse(loaded.diagnostics.hasErrors)
        let model = try XCTUnwrap(checked.model)
        XCTAssertEqual(staticValue(model.entities[0].cash!, in: model), 40e9)
    }

    func testChainsDeeperThanTheLimitAreAnErrorNotAStackOverflow() {
        var contents = ["f0.race": "start 2025-01\nhorizon 2025-12\n"]
        for i in 1...200 { contents["f\(i).race"] = "extends \"f\(i - 1).race\"\n" }
        let (loaded, _) = load("f200.race", Files(contents))
        XCTAssertTrue(loaded.diagnostics.contains { $0.message.contains("levels deep") },
                      "\(loaded.diagnostics.map(\.message))")
    }

    func testBasePathIsRelativeToTheExtendingFile() {
        XCTAssertEqual(ScenarioLoader.resolve("base.race", relativeTo: "a/b/w.race"), "a/b/base.race")
        XCTAssertEqual(ScenarioLoader.resolve("../base.race", relativeTo: "a/b/w.race"), "a/b/../base.race")
        XCTAssertEqual(ScenarioLoader.resolve("/abs/base.race", relativeTo: "a/w.race"), "/abs/base.race")
        XCTAssertEqual(ScenarioLoader.resolve("base.race", relativeTo: "w.race"), "base.race")
        XCTAssertEqual(ScenarioLoader.normalize("a/./b/../c.race"), "a/c.race")
        XCTAssertEqual(ScenarioLoader.normalize("/x//y/./z"), "/x/y/z")
    }

    func testErrorsInTheBaseArePointedAtTheBaseFile() throws {
        let files = Files(["base.race": "start 2025-01\nhorizon 2025-12\nlab A { cash: $1B + }\n",
                           "w.race": "extends \"base.race\"\n"])
        let (loaded, _) = load("w.race", files)
        let error = try XCTUnwrap(loaded.diagnostics.first { $0.isError })
        XCTAssertEqual(error.span?.file.name, "base.race")
        XCTAssertEqual(error.span.map { $0.location.line }, 3)
    }

    func testExtendsAfterTheFirstStatementIsAnError() {
        assertError(checkSource(header + "extends \"base.race\"\n"), mentioning: "'extends' must be the first statement", line: 3)
    }

    func testInvalidUTF8IsALocatedError() throws {
        let loaded = ScenarioLoader(read: { _ in Array("start 2025-01\nlab A".utf8) + [0xFF, 0xFE] })
            .load(path: "bad.race")
        let error = try XCTUnwrap(loaded.diagnostics.first)
        XCTAssertTrue(error.message.contains("not UTF-8"), error.message)
        XCTAssertEqual(error.span.map { $0.location.line }, 2)
    }
}
