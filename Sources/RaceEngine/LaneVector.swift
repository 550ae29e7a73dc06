/// Four lanes in one value: the unit of the batch engine's fused lane loops.
///
/// Four, not eight: the fused loops keep a dozen vectors live, and eight lanes spill them
/// to the stack where registers are 128 or 256 bits wide. Measured on the bench model
/// (10,000 samples, one thread, `farm-bench`, CPU time): four lanes take 0.85× the time
/// of eight in the portable build, 0.89× built for x86-64-v3 (`-target-cpu haswell`), and
/// the same within noise with AVX-512 (`-target-cpu native` on an EPYC).
///
/// A loop that reads and writes many rows is one the compiler will not vectorize by
/// itself (it cannot prove the rows apart), so the loops that carry a month's bookkeeping
/// are written over `LaneVector`s: whole vectors of lanes, loaded and stored unaligned,
/// with per-lane choices as masks. Rows hold a whole number of vectors (`lanes(for:)`).
/// Each lane sees the same IEEE operations in the same order whatever the other lanes hold,
/// so a sample's numbers do not depend on the batch it runs in.
///
/// Use the vector-with-vector operators only: the standard library's vector-with-scalar
/// forms (`v .!= 0`, `v.replacing(with: 1, where: c)`) compile to a loop over the lanes
/// with a branch per lane, which mispredicts on random samples (measured with perf).
typealias LaneVector = SIMD4<Double>
/// A lane's flag as a word (all ones or zero), as masks are kept in memory.
typealias LaneWords = SIMD4<Int64>
typealias LaneCondition = SIMDMask<LaneWords>

extension LaneVector {
    /// The lanes a batch of `samples` samples runs in: whole vectors, at least one.
    static func lanes(for samples: Int) -> Int {
        let width = LaneVector.scalarCount
        return Swift.max(1, (samples + width - 1) / width) * width
    }

    /// Calls `body` with the first lane of each vector among `lanes` lanes. A plain counted
    /// loop: a `stride` sequence was left, in places, as a call per vector (seen in perf).
    @inline(__always) static func forEachVector(_ lanes: Int, _ body: (Int) throws(RunError) -> Void) rethrows {
        var s = 0
        while s < lanes {
            try body(s)
            s &+= scalarCount
        }
    }

    /// Lanes that hold neither an infinity nor NaN.
    @inline(__always) var finite: LaneCondition { (self - self) .== LaneVector(repeating: 0) }
}

/// Whether some lane of `condition` holds: its words OR-ed together in halves. The standard
/// library's `any(_:)` calls an unspecialized `min()` (a function call per use, seen in
/// perf), too slow inside a lane loop.
@inline(__always) func anyLane(_ condition: LaneCondition) -> Bool {
    let words = unsafeBitCast(condition, to: LaneWords.self)
    let two = words.lowHalf | words.highHalf
    return two[0] | two[1] != 0
}
