/// Memory for `count` values whose first lies on a cache line (64 bytes, one
/// `LaneVector`): rows of whole vectors then load and store one line at a time. With
/// malloc's 16-byte alignment every vector access straddled two lines, which doubled the
/// cost of a lane pass (measured: 9 cycles against 4 per vector of a three-row pass).
func allocateLanes<T>(_ count: Int, of type: T.Type = T.self) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<T>.stride, alignment: 64)
        .bindMemory(to: T.self, capacity: max(1, count))
}

/// A block of doubles, one per (row, lane), owned by a batch run. Raw memory so the
/// inner loops over lanes carry no bounds or exclusivity checks; sized once, so the
/// month loop never allocates for it.
struct LaneBuffer {
    let base: UnsafeMutablePointer<Double>
    let rows: Int
    let lanes: Int

    /// `value` in every lane; nil leaves the memory as it is, for rows always written
    /// before they are read (the evaluation stack: hundreds of rows, a few ever used).
    init(rows: Int, lanes: Int, value: Double? = 0) {
        let count = max(1, rows * lanes)
        base = allocateLanes(count)
        if let value { base.initialize(repeating: value, count: count) }
        self.rows = rows
        self.lanes = lanes
    }

    /// The lanes of one row.
    @inline(__always) func row(_ r: Int) -> UnsafeMutablePointer<Double> { base + r * lanes }

    @inline(__always) subscript(row: Int, lane: Int) -> Double {
        get { base[row * lanes + lane] }
        nonmutating set { base[row * lanes + lane] = newValue }
    }

    func fill(_ value: Double) { base.update(repeating: value, count: max(1, rows * lanes)) }

    func free() { base.deallocate() }
}

/// A growing list of lane rows (streams, contracts made during a run).
struct GrowingLanes {
    private(set) var storage: UnsafeMutablePointer<Double>
    private(set) var capacity: Int
    private(set) var rows = 0
    let lanes: Int

    init(lanes: Int, capacity: Int = 8) {
        self.lanes = lanes
        self.capacity = max(1, capacity)
        storage = allocateLanes(self.capacity * lanes)
    }

    @inline(__always) func row(_ r: Int) -> UnsafeMutablePointer<Double> { storage + r * lanes }

    /// Adds a row of zeros and returns its index.
    mutating func append() -> Int {
        if rows == capacity {
            let bigger: UnsafeMutablePointer<Double> = allocateLanes(capacity * 2 * lanes)
            bigger.moveInitialize(from: storage, count: rows * lanes)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        (storage + rows * lanes).initialize(repeating: 0, count: lanes)
        rows += 1
        return rows - 1
    }

    /// Removes the rows for which `remove` is true, keeping order.
    mutating func compact(_ remove: (Int) -> Bool) -> [Int] {
        var kept: [Int] = []
        var write = 0
        for read in 0..<rows where !remove(read) {
            if write != read { (storage + write * lanes).update(from: storage + read * lanes, count: lanes) }
            kept.append(read)
            write += 1
        }
        rows = write
        return kept
    }

    func free() { storage.deallocate() }
}

/// Which lanes an operation applies to: one flag per lane in raw memory owned by a batch
/// run, so reading and writing it in a lane loop costs no copy, uniqueness or bounds check
/// (an `[Bool]` stored in the run's class paid all three on every write). A flag is a whole
/// 64-bit word (0 or −1), the width of a lane's double, so a vector of flags loads and
/// stores as one vector condition (`LaneVector`); bytes had to be widened one by one.
struct LaneMask {
    let base: UnsafeMutablePointer<Int64>
    let lanes: Int

    init(lanes: Int, value: Bool = false) {
        base = allocateLanes(lanes)
        base.initialize(repeating: value ? -1 : 0, count: max(1, lanes))
        self.lanes = lanes
    }

    @inline(__always) subscript(lane: Int) -> Bool {
        get { base[lane] != 0 }
        nonmutating set { base[lane] = newValue ? -1 : 0 }
    }

    func fill(_ value: Bool) { base.update(repeating: value ? -1 : 0, count: lanes) }

    func firstIndex(of value: Bool) -> Int? {
        for s in 0..<lanes where (base[s] != 0) == value { return s }
        return nil
    }

    func free() { base.deallocate() }
}
