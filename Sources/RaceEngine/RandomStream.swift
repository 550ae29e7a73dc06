#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A counter-based, splittable random stream (docs/reference/uncertainty.md "the same S and K give identical output,
/// whatever the number of threads").
///
/// A stream is a 64-bit key; its k-th number is a pure function of (key, k): the SplitMix64
/// output function applied to `key + k·γ`. Nothing is shared between streams, so sample
/// 7 draws the same numbers whether it runs first, last or on another thread.
///
/// Keys are derived, never advanced: `RandomStream(seed:sample:)` mixes the seed with the
/// sample index, and `substream(_:)` mixes in a distribution's stable key (`"param:g#0"`),
/// so two scenarios that share a distribution draw the same value for it in the same
/// sample (docs/reference/diff.md common random numbers), however many other distributions each has.
///
/// Normal deviates come from the inverse CDF (Wichura's AS 241, relative error about
/// 1e-16) applied to the stream's uniform, not from Box–Muller: one uniform per normal,
/// no cached second value, and z = Φ⁻¹(u) is monotone in u, so a distribution whose shape
/// changes between two scenarios (`uniform` in A, `A to B` in B) still draws the same
/// quantile in both.
public struct RandomStream: Sendable, Equatable {
    /// The stream's key.
    public let key: UInt64
    /// How many numbers have been taken.
    public private(set) var counter: UInt64 = 0

    /// Weyl increment of SplitMix64 (2^64 / φ, odd).
    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(key: UInt64) {
        self.key = key
    }

    /// The stream of one Monte Carlo sample.
    public init(seed: UInt64, sample: Int) {
        let s = Self.mix(seed &+ 0x632B_E59B_D9B4_E019)
        self.init(key: Self.mix(s ^ Self.mix(UInt64(truncatingIfNeeded: sample) &* Self.gamma &+ 0xD1B5_4A32_D192_ED03)))
    }

    /// An independent stream named by `name` within this one (a distribution's key).
    public func substream(_ name: String) -> RandomStream {
        substream(Self.hash(name))
    }

    /// An independent stream named by a 64-bit label (e.g. `hash(name)`, computed once).
    public func substream(_ label: UInt64) -> RandomStream {
        RandomStream(key: Self.mix(key ^ Self.salt(label)))
    }

    /// The label's share of a substream's key: `substream(label)` is keyed
    /// `mix(key ^ salt(label))`, so a label used for many streams is salted once.
    @inline(__always)
    static func salt(_ label: UInt64) -> UInt64 {
        mix(label &+ gamma)
    }

    /// For each of `count` stream keys, the first uniform of its substream with the given
    /// salt: `RandomStream(key: keys[i]).substream(label).nextUniform()`, a block of
    /// samples at a time (the loop vectorizes; a sample at a time it cannot).
    static func firstUniforms(keys: UnsafePointer<UInt64>, salt: UInt64, count: Int, into uniforms: UnsafeMutablePointer<Double>) {
        for i in 0..<count {
            uniforms[i] = uniform(mix(mix(keys[i] ^ salt) &+ gamma))
        }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        counter &+= 1
        return Self.mix(key &+ counter &* Self.gamma)
    }

    /// A uniform number in the open interval (0, 1): never exactly 0 or 1, so logarithms
    /// and the inverse normal CDF stay finite. The 53 top bits give the odd multiples of
    /// 2^-54 between 2^-54 and 1 − 2^-54.
    public mutating func nextUniform() -> Double {
        Self.uniform(next())
    }

    /// A standard normal deviate, `Φ⁻¹(nextUniform())`.
    public mutating func nextNormal() -> Double {
        Self.inverseNormal(nextUniform())
    }

    /// 64 bits to a uniform in (0, 1).
    @inline(__always)
    public static func uniform(_ bits: UInt64) -> Double {
        (Double(bits >> 11) + 0.5) * 0x1p-53
    }

    /// SplitMix64's finaliser (Stafford's variant 13): a bijection of 64-bit words whose
    /// every output bit depends on every input bit.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stable 64-bit hash of a string (FNV-1a over its UTF-8, then mixed). Swift's own
    /// `Hasher` is seeded per process, so it cannot name a stream across runs.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return mix(h)
    }

    /// `inverseNormal` of each of `count` values, in place. The central region (|p − ½| ≤
    /// 0.425, 85% of uniforms) is computed eight values at a time with the same operations
    /// in the same order, so each result is bit-identical to `inverseNormal`'s; the tails
    /// (a logarithm and a square root) are left to it, value by value.
    static func inverseNormals(_ values: UnsafeMutablePointer<Double>, count: Int) {
        typealias Vector = SIMD8<Double>
        let width = Vector.scalarCount
        let half = Vector(repeating: 0.5), base = Vector(repeating: 0.180625)
        let upper = Vector(repeating: 0.425), lower = Vector(repeating: -0.425)
        var i = 0
        while i + width <= count {
            let p = UnsafeRawPointer(values + i).loadUnaligned(as: Vector.self)
            let q = p - half
            let central = (q .<= upper) .& (q .>= lower)  // |q| ≤ 0.425, false for NaN
            let r = base - q * q
            let num = horner(r, (2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
                                 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608))
            let den = horner(r, (5226.4952788528545610, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
                                 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1))
            UnsafeMutableRawPointer(values + i).storeBytes(of: q * num / den, as: Vector.self)
            let words = unsafeBitCast(central, to: SIMD8<Int64>.self)
            if words.wrappedSum() != -Int64(width) {
                for k in 0..<width where words[k] == 0 { values[i + k] = inverseNormal(p[k]) }
            }
            i += width
        }
        while i < count {
            values[i] = inverseNormal(values[i])
            i += 1
        }
    }

    /// c₀·r⁷ + c₁·r⁶ + … + c₇ by Horner's rule, in `inverseNormal`'s order of operations.
    @inline(__always)
    private static func horner(_ r: SIMD8<Double>,
                               _ c: (Double, Double, Double, Double, Double, Double, Double, Double)) -> SIMD8<Double> {
        typealias Vector = SIMD8<Double>
        var sum = Vector(repeating: c.0) * r + Vector(repeating: c.1)
        sum = sum * r + Vector(repeating: c.2)
        sum = sum * r + Vector(repeating: c.3)
        sum = sum * r + Vector(repeating: c.4)
        sum = sum * r + Vector(repeating: c.5)
        sum = sum * r + Vector(repeating: c.6)
        return sum * r + Vector(repeating: c.7)
    }

    /// The standard normal quantile function Φ⁻¹(p) for p in (0, 1) (Wichura 1988,
    /// algorithm AS 241, PPND16). ±∞ at 0 and 1, NaN outside.
    public static func inverseNormal(_ p: Double) -> Double {
        guard p > 0 && p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
            let den = (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            let num = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
            let den = (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1)
            value = num / den
        } else {
            r -= 5
            let num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
            let den = (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1)
            value = num / den
        }
        return q < 0 ? -value : value
    }
}
