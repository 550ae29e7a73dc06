import RaceModel
import XCTest
@testable import RaceEngine

/// What callers outside the engine hook into: formulas watched every month (charts of any
/// expression) and the progress of a Monte Carlo run (a progress bar, Ctrl-C).
final class RunHooksTests: XCTestCase {
    static let text = """
    start 2025-01
    horizon 2025-06
    lab A { cash: $10B, revenue: $1B/month growing 10%/month, burn: $2B/month }
    lab B { cash: $3B, burn: $1B/month growing (1%/month to 5%/month) }
    """

    func testAWatchedFormulaIsRecordedEveryMonthAsTheRowsAre() throws {
        let (model, _) = Engine.model(Self.text)
        let model_ = try XCTUnwrap(model)
        let formula = Formula.aggregate(.total, body: .quantity(.bound, .revenue))
        let engine = try LaneEngine.plainRun(Lowering.lower(model_, watching: [formula]))
        try engine.run()
        let result = engine.result
        XCTAssertEqual(result.watchCount, 1)
        for step in 0..<model_.steps {
            XCTAssertEqual(result.watchValue(0, step: step),
                           result.value(.revenue, entity: 0, step: step) + result.value(.revenue, entity: 1, step: step))
        }
    }

    func testProgressCountsEverySampleAndCanStopTheRun() throws {
        let (model, _) = Engine.model(Self.text)
        let plan = Lowering.lower(try XCTUnwrap(model))
        let seen = SeenCounts()
        _ = try MonteCarlo.run(plan: plan, samples: 1000, seed: 1, threads: 2, progress: { done in seen.add(done); return true })
        XCTAssertEqual(seen.values.last, 1000)
        XCTAssertEqual(seen.values, seen.values.sorted())
        XCTAssertThrowsError(try MonteCarlo.run(plan: plan, samples: 5000, seed: 1, threads: 2, progress: { _ in false })) { error in
            XCTAssertTrue(error is MonteCarloCancelled)
        }
    }
}

final class SeenCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func add(_ v: Int) { lock.lock(); list.append(v); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return list }
}
