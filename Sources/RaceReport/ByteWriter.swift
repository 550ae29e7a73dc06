/// A growing buffer of bytes for writing large text (a per-sample file) without an array's
/// checks on every byte; numbers are written as `QuantityFormat.plain` spells them.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `more` bytes.
    @inline(__always)
    mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(capacity * 2, count + more)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        next.update(from: base, count: count)
        base.deallocate()
        base = next
        capacity = grown
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    /// A whole number, in decimal.
    mutating func append(integer value: Int64) {
        reserve(21)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude, digits = 0
        repeat {
            base[count + digits] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            digits += 1
        } while magnitude > 0
        var (i, j) = (count, count + digits - 1)
        while i < j {
            (base[i], base[j]) = (base[j], base[i])
            i += 1
            j -= 1
        }
        count += digits
    }

    /// A finite number as `QuantityFormat.plain` writes it: a whole number in decimal, else
    /// Swift's shortest round-trip digits with the exponent as the spec writes numbers
    /// (`1e20`, `1.5e-7`, not `1e+20`, `1.5e-07`).
    mutating func append(number v: Double) {
        if v == 0 {
            if v.sign == .minus { append(UInt8(ascii: "-")) }
            append(UInt8(ascii: "0"))
            return
        }
        if v == v.rounded(), abs(v) <= 9_007_199_254_740_992 {
            append(integer: Int64(v))
            return
        }
        var text = v.description
        text.withUTF8 { utf8 in
            reserve(utf8.count + 1)
            var exponent = false, leading = true
            for byte in utf8 {
                if exponent {
                    if byte == UInt8(ascii: "+") { continue }
                    if byte != UInt8(ascii: "-") {
                        if leading && byte == UInt8(ascii: "0") { continue }
                        leading = false
                    }
                } else if byte == UInt8(ascii: "e") {
                    exponent = true
                }
                base[count] = byte
                count += 1
            }
            if exponent && leading {
                base[count] = UInt8(ascii: "0")
                count += 1
            }
        }
    }

    /// The bytes written, as an array.
    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
