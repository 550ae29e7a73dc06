/// The lane engine's memory: every row of lane values a run needs, owned by one object.
///
/// This is the only place where the engine allocates raw memory. Its invariants:
/// - a row holds `lanes` doubles, a whole number of `LaneVector`s, its first on a cache line;
/// - rows never move: the fixed rows (counted when the plan was lowered) are one block, and
///   rows made during the run (a stream, a contract, a stake) come from chunks that are
///   never reallocated, so a `LaneRow` taken before another row is made stays valid;
/// - a `LaneRow` is valid for as long as its `LaneMemory` lives: the engine that holds the
///   memory hands rows only to its own passes;
/// - every access through a `LaneRow` is bounds-checked in debug builds.
final class LaneMemory {
    /// Lanes per row: a whole number of vectors.
    let lanes: Int
    /// Rows in the fixed block (row ids `0..<fixedRows`).
    let fixedRows: Int
    private let fixed: UnsafeMutablePointer<Double>
    /// Chunks of rows made during the run; a row id `fixedRows + k * chunkRows + i` is row `i`
    /// of chunk `k`. Rows given back are made again. (Their exclusivity is checked in debug
    /// builds; in release, reading a made row's place costs no runtime call: only this type's
    /// methods touch them, one at a time.)
    #if DEBUG
    private var chunks: [UnsafeMutablePointer<Double>] = []
    private var released: [Int] = []
    private var nextRow: Int
    #else
    @exclusivity(unchecked) private var chunks: [UnsafeMutablePointer<Double>] = []
    @exclusivity(unchecked) private var released: [Int] = []
    @exclusivity(unchecked) private var nextRow: Int
    #endif
    static let chunkRows = 64

    /// `fixedRows` rows of `lanes` lanes; the first `filledRows` are filled with zeros, the
    /// others (scratch and the evaluation stack, always written before they are read) are
    /// left as they are: filling hundreds of stack rows per block was a cost of its own.
    init(fixedRows: Int, lanes: Int, filledRows: Int) {
        precondition(lanes > 0 && lanes % LaneVector.scalarCount == 0, "lanes come in whole vectors")
        precondition(filledRows <= fixedRows, "filled rows are fixed rows")
        self.lanes = lanes
        self.fixedRows = fixedRows
        fixed = Self.allocate(rows: max(1, fixedRows), lanes: lanes)
        fixed.initialize(repeating: 0, count: max(1, filledRows) * lanes)
        nextRow = fixedRows
    }

    deinit {
        fixed.deallocate()
        for chunk in chunks { chunk.deallocate() }
    }

    /// Memory for `rows` rows whose first lies on a cache line (64 bytes, one `LaneVector`):
    /// rows of whole vectors then load and store one line at a time. With malloc's 16-byte
    /// alignment every vector access straddled two lines, which doubled the cost of a lane
    /// pass (measured: 9 cycles against 4 per vector of a three-row pass).
    private static func allocate(rows: Int, lanes: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer.allocate(byteCount: rows * lanes * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: rows * lanes)
    }

    /// Row `id`: a fixed row, or one made during the run.
    @inline(__always) func row(_ id: Int) -> LaneRow {
        if id < fixedRows {
            assert(id >= 0, "a row id is never negative")
            // Wrapping arithmetic: the id was checked above (debug) and the block is sized for it.
            return LaneRow(start: fixed + id &* lanes, lanes: lanes)
        }
        return madeRow(id)
    }

    /// `count` fixed rows from `first` on, as one block (an entity's fleet, one field of
    /// every chip): a row of it is a step from the block's start, no look-up.
    func block(_ first: Int, count: Int) -> LaneBlock {
        assert(first >= 0 && first + count <= fixedRows, "a block of fixed rows")
        return LaneBlock(start: fixed + first &* lanes, lanes: lanes, count: count)
    }

    private func madeRow(_ id: Int) -> LaneRow {
        let k = id - fixedRows
        assert(k / Self.chunkRows < chunks.count && id < nextRow, "row \(id) was never made")
        return LaneRow(start: chunks[k / Self.chunkRows] + (k % Self.chunkRows) * lanes, lanes: lanes)
    }

    /// Makes a row filled with `fill` and returns its id.
    func makeRow(fill: Double = 0) -> Int {
        let id: Int
        if let reused = released.popLast() {
            id = reused
        } else {
            if (nextRow - fixedRows) % Self.chunkRows == 0 {
                chunks.append(Self.allocate(rows: Self.chunkRows, lanes: lanes))
            }
            id = nextRow
            nextRow += 1
        }
        row(id).fill(fill)
        return id
    }

    /// Gives back a row made during the run; its id may be made again.
    func release(_ id: Int) {
        assert(id >= fixedRows && id < nextRow && !released.contains(id), "only a made row is released, once")
        released.append(id)
    }

    /// Bytes held: what a run of this shape costs in memory.
    var bytes: Int { (fixedRows + chunks.count * Self.chunkRows) * lanes * MemoryLayout<Double>.stride }
}

/// One row of a `LaneMemory`: a value per lane. A view, valid while its memory lives
/// (see `LaneMemory`); lane accesses are bounds-checked in debug builds.
struct LaneRow: Equatable {
    let start: UnsafeMutablePointer<Double>
    let lanes: Int

    @inline(__always) subscript(lane: Int) -> Double {
        get {
            assert(lane >= 0 && lane < lanes, "lane \(lane) of \(lanes)")
            return start[lane]
        }
        nonmutating set {
            assert(lane >= 0 && lane < lanes, "lane \(lane) of \(lanes)")
            start[lane] = newValue
        }
    }

    /// The vector of lanes starting at lane `s` (a multiple of the vector width).
    @inline(__always) func vector(at s: Int) -> LaneVector {
        assert(s >= 0 && s + LaneVector.scalarCount <= lanes, "vector at lane \(s) of \(lanes)")
        return UnsafeRawPointer(start + s).loadUnaligned(as: LaneVector.self)
    }

    @inline(__always) func store(_ v: LaneVector, at s: Int) {
        assert(s >= 0 && s + LaneVector.scalarCount <= lanes, "vector at lane \(s) of \(lanes)")
        UnsafeMutableRawPointer(start + s).storeBytes(of: v, as: LaneVector.self)
    }

    func fill(_ value: Double) { start.update(repeating: value, count: lanes) }

    func copy(from other: LaneRow) {
        assert(other.lanes == lanes, "rows of one memory")
        if other.start != start { start.update(from: other.start, count: lanes) }
    }

    /// Whether some lane holds something other than zero.
    func anyNonZero() -> Bool {
        var some = LaneCondition(repeating: false)
        let zero = LaneVector(repeating: 0)
        LaneVector.forEachVector(lanes) { s in some .|= vector(at: s) .!= zero }
        return anyLane(some)
    }
}

/// Consecutive fixed rows of a `LaneMemory`, a view like `LaneRow`.
struct LaneBlock {
    let start: UnsafeMutablePointer<Double>
    let lanes: Int
    let count: Int

    @inline(__always) subscript(row: Int) -> LaneRow {
        assert(row >= 0 && row < count, "row \(row) of a block of \(count)")
        return LaneRow(start: start + row &* lanes, lanes: lanes)
    }
}

/// Which lanes an operation applies to: a row of the same memory holding one flag per lane,
/// a whole 64-bit word (0 or all ones), the width of a lane's double, so a vector of flags
/// loads and stores as one vector condition. (Bytes had to be widened one by one.)
struct LaneMask {
    let start: UnsafeMutableRawPointer
    let lanes: Int

    init(_ row: LaneRow) {
        start = UnsafeMutableRawPointer(row.start)
        lanes = row.lanes
    }

    @inline(__always) subscript(lane: Int) -> Bool {
        get {
            assert(lane >= 0 && lane < lanes, "lane \(lane) of \(lanes)")
            return start.load(fromByteOffset: lane * 8, as: Int64.self) != 0
        }
        nonmutating set {
            assert(lane >= 0 && lane < lanes, "lane \(lane) of \(lanes)")
            start.storeBytes(of: newValue ? -1 : 0, toByteOffset: lane * 8, as: Int64.self)
        }
    }

    /// The flags of the lanes starting at lane `s`, as a vector condition.
    @inline(__always) func condition(at s: Int) -> LaneCondition {
        assert(s >= 0 && s + LaneVector.scalarCount <= lanes, "vector at lane \(s) of \(lanes)")
        return start.loadUnaligned(fromByteOffset: s * 8, as: LaneWords.self) .!= LaneWords(repeating: 0)
    }

    /// Sets the flags of the lanes starting at lane `s`.
    @inline(__always) func set(_ condition: LaneCondition, at s: Int) {
        assert(s >= 0 && s + LaneVector.scalarCount <= lanes, "vector at lane \(s) of \(lanes)")
        let words = LaneWords(repeating: 0).replacing(with: LaneWords(repeating: -1), where: condition)
        start.storeBytes(of: words, toByteOffset: s * 8, as: LaneWords.self)
    }

    func fill(_ value: Bool) {
        LaneVector.forEachVector(lanes) { s in set(LaneCondition(repeating: value), at: s) }
    }

    /// Whether some lane is set.
    func any() -> Bool {
        var some = LaneCondition(repeating: false)
        LaneVector.forEachVector(lanes) { s in some .|= condition(at: s) }
        return anyLane(some)
    }

    /// The first lane set, if any.
    func first() -> Int? {
        for s in 0..<lanes where self[s] { return s }
        return nil
    }
}
