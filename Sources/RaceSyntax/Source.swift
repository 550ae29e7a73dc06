/// A piece of scenario text: a file, a REPL line, or a string given on the command line.
///
/// The text is kept as UTF-8 bytes: the lexer works on bytes, and spans are byte offsets.
/// Invalid UTF-8 never reaches here: `SourceFile.decode` reports it as a located error.
public struct SourceFile: Sendable {
    /// The name shown in diagnostics: the path as the user gave it, or `<repl>`.
    public let name: String
    /// The text as UTF-8 bytes.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; line 1 starts at offset 0.
    public let lineStarts: [Int]
    /// The line number of this text's first line (a REPL line may be line 3 of a session).
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.init(name: name, validBytes: Array(text.utf8), firstLine: firstLine)
    }

    init(name: String, validBytes: [UInt8], firstLine: Int) {
        self.name = name
        self.bytes = validBytes
        self.firstLine = firstLine
        var starts = [0]
        for (offset, byte) in validBytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// Decodes raw file contents, or explains where the bytes stop being UTF-8 text.
    public static func decode(name: String, bytes: [UInt8]) -> Result<SourceFile, Diagnostic> {
        var offset = 0
        let count = bytes.count
        while offset < count {
            let lead = bytes[offset]
            let length: Int
            switch lead {
            case 0x00..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var valid = length > 0 && offset + length <= count
            if valid {
                for k in 1..<max(length, 1) where bytes[offset + k] & 0xC0 != 0x80 { valid = false }
            }
            if valid, length == 3 {  // overlong or surrogate
                let second = bytes[offset + 1]
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) { valid = false }
            }
            if valid, length == 4 {
                let second = bytes[offset + 1]
                if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) { valid = false }
            }
            if !valid {
                let partial = SourceFile(name: name, validBytes: Array(bytes[..<offset]), firstLine: 1)
                let span = Span(file: partial, start: offset, end: offset)
                return .failure(Diagnostic(
                    .error, "the file is not UTF-8 text (byte 0x\(String(lead, radix: 16, uppercase: true)))",
                    at: span, hint: "scenario files are plain UTF-8 text; is this the right file?"))
            }
            offset += length
        }
        return .success(SourceFile(name: name, validBytes: bytes, firstLine: 1))
    }

    /// The 0-based index into `lineStarts` of the line holding `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let index = lineIndex(of: offset)
        let start = lineStarts[index]
        let end = min(offset, bytes.count)
        var column = 1
        var i = start
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (index + firstLine, column)
    }

    /// The text of the 0-based line `index`, without its newline.
    public func lineText(at index: Int) -> String {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The text between two byte offsets.
    public func text(from start: Int, to end: Int) -> String {
        let lo = max(0, min(start, bytes.count)), hi = max(lo, min(end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A range of bytes in one source: where a token, node or diagnostic is.
public struct Span: Sendable {
    /// The source the offsets point into.
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// The span from the start of `self` to the end of `other` (same source).
    public func through(_ other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// 1-based line and column of the start.
    public var location: (line: Int, column: Int) { file.location(of: start) }

    /// The source text the span covers.
    public var text: String { file.text(from: start, to: end) }

    /// `file:line:col`, as diagnostics print it.
    public var description: String {
        let (line, column) = location
        return "\(file.name):\(line):\(column)"
    }
}
