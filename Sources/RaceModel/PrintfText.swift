#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A number as C's `printf` writes it, always in the C locale: `printfText("%.2e", 1234.5)`
/// is `"1.23e+03"`. The reports round through `%e`, `%f` and `%g` because those round the
/// exact binary value in decimal; Foundation's `String(format:)` does the same through
/// NSString and a locale, at about ten times the cost per number (a Monte Carlo table
/// formats a few hundred).
public func printfText(_ format: String, _ value: Double) -> String {
    // 64 bytes hold every %e and %g and any %f below 1e60; a longer text is written again
    // into a buffer of its length.
    var capacity = 64
    while true {
        let (count, text) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let count = withVaList([value]) { Int(vsnprintf(buffer.baseAddress, capacity, format, $0)) }
            return (count, count < capacity ? String(cString: buffer.baseAddress!) : "")
        }
        if count < 0 { return String(value) }  // an encoding error; cannot happen for a number
        if count < capacity { return text }
        capacity = count + 1
    }
}
