/// A JSON document with object keys kept in insertion order, so `race run --format json`
/// prints fields in the order of docs/reference/output.md and the same run always prints the same bytes.
/// (`JSONSerialization` sorts or scrambles keys and prints `Double`s inconsistently
/// across platforms.)
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// Any `Double`; a non-finite one serializes as `null` (JSON has no NaN or infinity).
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order. Duplicate keys are kept as given; the builder avoids them.
    case object([(String, JSONValue)])

    /// A number, or `null` for `nil` (a runway that does not exist, an unbounded cash).
    public static func number(_ value: Double?) -> JSONValue {
        value.map { .number($0) } ?? .null
    }

    // MARK: - Reading

    /// The member for `key` in an object (the first, if repeated); `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The element at `index` in an array; `nil` when not an array or out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var numberValue: Double? { if case .number(let n) = self { return n } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [(String, JSONValue)]? {
        if case .object(let o) = self { return o } else { return nil }
    }

    // MARK: - Writing

    /// The JSON text. Compact when `pretty` is false (`{"a":1,"b":[true,null]}`);
    /// otherwise one member or element per line with 2-space indentation, `": "` after
    /// keys, and empty containers as `[]` / `{}`. No trailing newline.
    public func serialized(pretty: Bool) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? QuantityFormat.plain(n) : "null"
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            writeContainer(items, open: "[", close: "]", to: &out, pretty: pretty, indent: indent) {
                item, out, indent in item.write(to: &out, pretty: pretty, indent: indent)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &out, pretty: pretty, indent: indent) {
                member, out, indent in
                JSONValue.writeString(member.0, to: &out)
                out += pretty ? ": " : ":"
                member.1.write(to: &out, pretty: pretty, indent: indent)
            }
        }
    }

    private func writeContainer<T>(
        _ elements: [T], open: String, close: String, to out: inout String, pretty: Bool,
        indent: Int, element: (T, inout String, Int) -> Void
    ) {
        out += open
        guard !elements.isEmpty else { out += close; return }
        let inner = String(repeating: " ", count: 2 * (indent + 1))
        for (i, e) in elements.enumerated() {
            if i > 0 { out += "," }
            if pretty { out += "\n" + inner }
            element(e, &out, indent + 1)
        }
        if pretty { out += "\n" + String(repeating: " ", count: 2 * indent) }
        out += close
    }

    /// A string literal per RFC 8259 docs/reference/month.md: `"` and `\` escaped, control characters as the
    /// short escapes or `\u00XX`; everything else (including non-ASCII) written as is,
    /// since the output is UTF-8.
    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue: Equatable {
    /// Structural equality; object members compare in order. Numbers compare with `==`
    /// (so `0 == -0` and NaN is unequal to itself).
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Dictionary literals keep their written order: `["scenario": "x", "start": "2025-01"]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
}

// MARK: - Parsing

extension JSONValue {
    /// Why `parse` rejected its input, with the UTF-8 byte offset where it stopped.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "JSON error at byte \(offset): \(message)" }
    }

    /// Parses one JSON value (RFC 8259) surrounded by optional whitespace. Strict: no
    /// comments, trailing commas, single quotes or leading zeros. Never traps: every
    /// malformed input, including nesting deeper than 512 levels, throws `ParseError`.
    /// Numbers too large for a `Double` read as ±infinity, as `strtod` does.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.at == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Recursive descent over UTF-8 bytes; `at` is the next byte to read.
    private struct Parser {
        let bytes: [UInt8]
        var at = 0
        /// Recursion is bounded so hostile input cannot overflow the stack.
        static let maxDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> ParseError { ParseError(message: message, offset: at) }

        var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skipWhitespace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            guard peek == byte else { throw error("expected \(what)") }
            at += 1
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < Parser.maxDepth else { throw error("nesting deeper than \(Parser.maxDepth)") }
            guard let b = peek else { throw error("unexpected end of input") }
            switch b {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character")
            }
        }

        mutating func literal(_ word: String) throws {
            for byte in word.utf8 {
                guard peek == byte else { throw error("expected '\(word)'") }
                at += 1
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            at += 1  // {
            var members: [(String, JSONValue)] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                if peek == UInt8(ascii: "}") { at += 1; return .object(members) }
                try expect(UInt8(ascii: ","), "',' or '}'")
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            at += 1  // [
            var items: [JSONValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if peek == UInt8(ascii: "]") { at += 1; return .array(items) }
                try expect(UInt8(ascii: ","), "',' or ']'")
            }
        }

        /// Checks the RFC 8259 number grammar, then lets `Double(_:)` do the correctly
        /// rounded conversion.
        mutating func number() throws -> Double {
            let start = at
            func digits() -> Int {
                let from = at
                while let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { at += 1 }
                return at - from
            }
            if peek == UInt8(ascii: "-") { at += 1 }
            if peek == UInt8(ascii: "0") {
                at += 1
            } else if digits() == 0 {
                throw error("expected a digit")
            }
            if peek == UInt8(ascii: ".") {
                at += 1
                guard digits() > 0 else { throw error("expected a digit after '.'") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                at += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { at += 1 }
                guard digits() > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(decoding: bytes[start..<at], as: UTF8.self)
            guard let value = Double(text) else { throw error("invalid number") }
            return value
        }

        mutating func string() throws -> String {
            at += 1  // opening quote
            var out: [UInt8] = []
            while true {
                guard let b = peek else { throw error("unterminated string") }
                at += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = peek else { throw error("unterminated escape") }
                    at += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                    default: at -= 1; throw error("invalid escape")
                    }
                case 0..<0x20:
                    at -= 1
                    throw error("control character in a string")
                default:
                    out.append(b)
                }
            }
        }

        /// The scalar of `\uXXXX` (just after the `u`), joining a UTF-16 surrogate pair;
        /// a lone surrogate has no scalar and is an error.
        mutating func unicodeEscape() throws -> [UInt8] {
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard peek == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate") }
                at += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate") }
            return Array(String(Character(scalar)).utf8)
        }

        mutating func hex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let b = peek, let digit = Parser.hexValue(b) else { throw error("expected 4 hex digits") }
                code = code << 4 | digit
                at += 1
            }
            return code
        }

        static func hexValue(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
    }
}
