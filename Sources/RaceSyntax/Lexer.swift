/// Turns scenario text into tokens (docs/reference/lexical.md).
///
/// The lexer works on the UTF-8 bytes and never stops at a problem: it records a
/// diagnostic, makes the most likely token, and goes on, so the parser still sees the
/// rest of the file. It also decides where statements end: it emits a `.newline` token
/// for a line break except inside `( )` and right after a token that needs a
/// continuation (a binary operator, `,`, `:`, `{`, `to`, `and`, `or`), and collapses
/// runs of them.
public struct Lexer {
    public let source: SourceFile
    let bytes: [UInt8]
    var position = 0
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// The open brackets, innermost last: `(` or `{`.
    var brackets: [UInt8] = []
    /// Whether a line break was seen since the last token.
    var pendingLineBreak = false
    /// Whether to keep comments (for the formatter and editors); the parser never needs them.
    public let keepsComments: Bool
    /// The comments, in order, as `.comment` tokens, when `keepsComments` is set. They are
    /// kept apart from `tokens` so that where statements end does not depend on the mode.
    public private(set) var comments: [Token] = []

    public init(_ source: SourceFile, keepingComments: Bool = false) {
        self.source = source
        self.bytes = source.bytes
        self.keepsComments = keepingComments
    }

    /// How many `(` and `{` were still open when the text ended (valid after `tokenize`).
    public var openBracketCount: Int { brackets.count }

    /// The tokens of the whole text, ending with `.end`, and the problems found.
    public mutating func tokenize() -> ([Token], [Diagnostic]) {
        tokens.reserveCapacity(bytes.count / 8 + 1)
        let count = bytes.count
        // A byte-order mark, as some editors write one, is not part of the text.
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        while position < count {
            let byte = bytes[position]
            switch byte {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn:
                position += 1
            case ASCII.newline:
                lineBreak()
                position += 1
            case ASCII.hash:
                let start = position
                while position < count, bytes[position] != ASCII.newline { position += 1 }
                if keepsComments { keepComment(from: start) }
            case _ where ASCII.isIdentifierStart(byte):
                lexWord()
            case _ where ASCII.isDigit(byte):
                lexNumber(from: position, isMoney: false)
            case ASCII.dollar:
                if position + 1 < count, ASCII.isDigit(bytes[position + 1]) {
                    let start = position
                    position += 1
                    lexNumber(from: start, isMoney: true)
                } else {
                    error("expected a number after '$', as in `$30k`", start: position, end: position + 1,
                          hint: "money is written with '$' directly before the amount: `$2.40`, `$6.6B`")
                    position += 1
                }
            case ASCII.quote:
                lexString()
            default:
                lexSymbol(byte)
            }
        }
        emit(.end, start: count, end: count)
        return (tokens, diagnostics)
    }

    // MARK: - Emitting

    mutating func emit(_ kind: Token.Kind, start: Int, end: Int) {
        tokens.append(Token(kind, start: start, end: end, followsLineBreak: pendingLineBreak))
        pendingLineBreak = false
    }

    mutating func error(_ message: String, start: Int, end: Int, hint: String? = nil) {
        diagnostics.append(.error(message, at: Span(file: source, start: start, end: end), hint: hint))
    }

    /// A line break ends the statement unless something before it asks for more.
    mutating func lineBreak() {
        pendingLineBreak = true
        if brackets.last == ASCII.leftParen { return }
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline:
            return
        case .symbol(let symbol) where symbol.continuesLine:
            return
        case .keyword(.to), .keyword(.and), .keyword(.or):
            return
        default:
            tokens.append(Token(.newline, start: position, end: position + 1, followsLineBreak: false))
        }
    }

    /// Records the comment from `start` to here, without a trailing carriage return.
    mutating func keepComment(from start: Int) {
        var end = position
        if end > start, bytes[end - 1] == ASCII.carriageReturn { end -= 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        comments.append(Token(.comment(text), start: start, end: end, followsLineBreak: pendingLineBreak || tokens.isEmpty))
    }

    // MARK: - Words

    mutating func lexWord() {
        let start = position
        position += 1
        while position < bytes.count, ASCII.isIdentifierContinue(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if position - start <= 10, let keyword = Keyword.bySpelling[text] {
            emit(.keyword(keyword), start: start, end: position)
        } else {
            emit(.identifier(text), start: start, end: position)
        }
    }

    // MARK: - Strings

    mutating func lexString() {
        let start = position
        position += 1
        var contents: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == ASCII.quote {
                position += 1
                emit(.string(String(decoding: contents, as: UTF8.self)), start: start, end: position)
                return
            }
            if byte == ASCII.newline { break }
            if byte == ASCII.backslash, position + 1 < bytes.count {
                let next = bytes[position + 1]
                if next == ASCII.quote || next == ASCII.backslash {
                    contents.append(next)
                    position += 2
                    continue
                }
                if next != ASCII.newline {
                    let length = ASCII.scalarLength(bytes, at: position + 1)
                    let shown = String(decoding: bytes[(position + 1)..<(position + 1 + length)], as: UTF8.self)
                    error("unknown escape '\\\(shown)' in a string", start: position, end: position + 1 + length,
                          hint: "only \\\" and \\\\ can be escaped")
                    contents.append(contentsOf: bytes[(position + 1)..<(position + 1 + length)])
                    position += 1 + length
                    continue
                }
            }
            contents.append(byte)
            position += 1
        }
        error("this string is never closed", start: start, end: position,
              hint: "a string ends with '\"' on the line where it starts")
        emit(.string(String(decoding: contents, as: UTF8.self)), start: start, end: position)
    }

    // MARK: - Symbols

    mutating func lexSymbol(_ byte: UInt8) {
        let start = position
        let next: UInt8 = position + 1 < bytes.count ? bytes[position + 1] : 0
        var symbol: Symbol?
        var length = 1
        switch byte {
        case ASCII.leftParen:
            symbol = .leftParen
            brackets.append(byte)
        case ASCII.rightParen:
            symbol = .rightParen
            if brackets.last == ASCII.leftParen { brackets.removeLast() }
        case ASCII.leftBrace:
            symbol = .leftBrace
            brackets.append(byte)
        case ASCII.rightBrace:
            symbol = .rightBrace
            // A `}` also closes any `(` left open inside its block.
            if brackets.contains(ASCII.leftBrace) {
                while let last = brackets.popLast(), last != ASCII.leftBrace {}
            }
        case UInt8(ascii: ","): symbol = .comma
        case UInt8(ascii: ":"): symbol = .colon
        case UInt8(ascii: ";"): symbol = .semicolon
        case UInt8(ascii: "."): symbol = .dot
        case UInt8(ascii: "+"):
            if next == ASCII.minus { symbol = .plusMinus; length = 2 } else { symbol = .plus }
        case 0xC2 where next == 0xB1:  // `±` in UTF-8
            symbol = .plusMinus
            length = 2
        case UInt8(ascii: "-"): symbol = .minus
        case UInt8(ascii: "*"): symbol = .star
        case UInt8(ascii: "/"): symbol = .slash
        case UInt8(ascii: "^"): symbol = .caret
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { symbol = .lessEqual; length = 2 } else { symbol = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { symbol = .greaterEqual; length = 2 } else { symbol = .greater }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { symbol = .equalEqual; length = 2 } else { symbol = .equal }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { symbol = .notEqual; length = 2 }
        default:
            break
        }
        if let symbol {
            position += length
            emit(.symbol(symbol), start: start, end: position)
        } else {
            unexpectedCharacters()
        }
    }

    /// Reports one diagnostic for a run of characters that cannot start a token, so a
    /// stretch of binary junk is one problem rather than thousands.
    mutating func unexpectedCharacters() {
        let start = position
        let length = ASCII.scalarLength(bytes, at: position)
        let first = bytes[position..<(position + length)]
        let shown = ASCII.display(first)
        var hint: String?
        switch first.first {
        case UInt8(ascii: "!"): hint = "write `not` to negate a condition, `!=` for 'not equal'"
        case UInt8(ascii: "&"): hint = "write `and` to combine conditions"
        case UInt8(ascii: "|"): hint = "write `or` to combine conditions"
        case UInt8(ascii: "%"): hint = "'%' goes directly after a number, as in `5%`"
        case UInt8(ascii: "'"): hint = "strings are written in double quotes: \"text\""
        default:
            if first.first.map({ $0 >= 0x80 }) == true {
                hint = "letters outside ASCII may only appear in strings and comments"
            }
        }
        position += length
        while position < bytes.count, !ASCII.canStartToken(bytes[position]), !ASCII.isPlusMinus(bytes, at: position) {
            position += ASCII.scalarLength(bytes, at: position)
        }
        error("unexpected character \(shown)", start: start, end: start + length, hint: hint)
    }
}

/// Byte classes of the lexer.
enum ASCII {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r"), hash = UInt8(ascii: "#"), dollar = UInt8(ascii: "$")
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), underscore = UInt8(ascii: "_")
    static let leftParen = UInt8(ascii: "("), rightParen = UInt8(ascii: ")")
    static let leftBrace = UInt8(ascii: "{"), rightBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-"), dot = UInt8(ascii: "."), percent = UInt8(ascii: "%")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == underscore }

    static func isIdentifierContinue(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == underscore
    }

    /// Whether the byte can begin whitespace, a comment or a token.
    static func canStartToken(_ byte: UInt8) -> Bool {
        if isIdentifierContinue(byte) { return true }
        switch byte {
        case space, tab, newline, carriageReturn, hash, dollar, quote,
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "."),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"),
             UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "!"):
            return true
        default:
            return false
        }
    }

    /// Whether `±` (U+00B1) starts at `offset`.
    static func isPlusMinus(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset + 1 < bytes.count && bytes[offset] == 0xC2 && bytes[offset + 1] == 0xB1
    }

    /// The length of the UTF-8 sequence starting at `offset` (1 for a broken one).
    static func scalarLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 1
        }
        guard offset + length <= bytes.count else { return 1 }
        for k in 1..<length where bytes[offset + k] & 0xC0 != 0x80 { return 1 }
        return length
    }

    /// `'é'` for a visible character, `U+00A0` for a control or invisible one, the byte's
    /// value for a byte that is not UTF-8.
    static func display(_ scalarBytes: ArraySlice<UInt8>) -> String {
        if scalarBytes.count == 1, let byte = scalarBytes.first, byte >= 0x80 {
            return "(byte 0x\(String(byte, radix: 16, uppercase: true)))"
        }
        let text = String(decoding: scalarBytes, as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "''" }
        let value = scalar.value
        // Control characters and invisible ones (a no-break space pasted from a web page)
        // are shown by code point.
        if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || scalar.properties.isWhitespace
            || scalar.properties.generalCategory == .format {
            let hex = String(value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(text)'"
    }
}
