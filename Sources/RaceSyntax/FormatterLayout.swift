/// One line of formatted output before alignment: its indentation, its code (tokens spaced
/// canonically) and its trailing comment. A line with neither is a blank line.
struct FormattedLine {
    /// What the alignment pass may pad, and where.
    enum Alignment {
        case none
        /// `cash: $10B` in a block: the value starts after `keyEnd` characters of `code`.
        case field(keyEnd: Int, block: Int)
        /// `param growth = 5%`: the ` =` after the name is aligned.
        case param
    }

    var indent: Int
    var code: String
    var comment: String?
    var alignment: Alignment = .none

    var isBlank: Bool { code.isEmpty && comment == nil }
    static let blank = FormattedLine(indent: 0, code: "")
}

/// Lays tokens and comments out in lines (see `Formatter` for the rules).
struct FormatterLayout {
    /// An open `{`: the indentation of the line that opened it and the column its items
    /// align to when the first one follows the `{` on that line.
    private struct Block {
        let id: Int
        let indent: Int
        /// Whether the `{` ended its line (its items are then one level in).
        let endsLine: Bool
        /// Where the first item began, when it followed the `{` on its line.
        var itemColumn: Int?
        var parens = 0
        var contentIndent: Int { endsLine ? indent + 2 : itemColumn ?? indent + 2 }
    }

    let source: SourceFile
    /// The tokens and comments in source order, without the end token.
    private let items: [Token]
    /// For each of `items`, its index among the code tokens (nil for comments and line breaks).
    private let codeIndex: [Int?]
    private let spacing: FormatterSpacing
    private var output: [FormattedLine] = []
    private var current: FormattedLine?
    private var blocks: [Block] = []
    private var topParens = 0
    private var blockCount = 0
    /// Whether the next token begins a statement or a block's item (else it continues one).
    private var atItemStart = true
    /// The indentation of the line where the current statement or item began.
    private var itemIndent = 0
    /// A `;` between statements was dropped: the next token starts a line.
    private var forceBreak = false
    /// The last code token laid out (on this line or an earlier one).
    private var previous: Token?
    /// The end offset of the last token or comment laid out, for blank lines.
    private var lastEnd = 0

    init(source: SourceFile, tokens: [Token], comments: [Token]) {
        self.source = source
        var merged = tokens.filter { if case .end = $0.kind { return false }; return true } + comments
        merged.sort { $0.start < $1.start }
        self.items = merged
        var codes: [Token] = []
        var indices: [Int?] = []
        for token in merged {
            switch token.kind {
            case .comment, .newline: indices.append(nil)
            default:
                indices.append(codes.count)
                codes.append(token)
            }
        }
        self.codeIndex = indices
        self.spacing = FormatterSpacing(tokens: codes)
    }

    mutating func layOut() -> [FormattedLine] {
        var index = 0
        while index < items.count {
            let token = items[index]
            switch token.kind {
            case .comment(let text): layComment(token, text: text.trimmedTrailingSpace)
            case .newline: atItemStart = true
            default: layCode(token, at: codeIndex[index]!, next: nextCode(after: index))
            }
            index += 1
        }
        flush()
        while output.last?.isBlank == true { output.removeLast() }
        return output
    }

    private func nextCode(after index: Int) -> Token? {
        items[(index + 1)...].first { token in
            switch token.kind {
            case .comment, .newline: return false
            default: return true
            }
        }
    }

    private func text(_ token: Token) -> String { source.text(from: token.start, to: token.end) }

    // MARK: - Lines

    private mutating func flush() {
        if let line = current { output.append(line) }
        current = nil
    }

    /// Starts a line at `indent`, after a blank line if the source had one here.
    private mutating func startLine(indent: Int, at offset: Int, closing: Bool) {
        flush()
        let blankBefore = source.bytes[min(lastEnd, offset)..<offset].lazy.filter { $0 == UInt8(ascii: "\n") }.count >= 2
        let afterOpening = output.last.map { $0.comment == nil && $0.code.hasSuffix("{") } ?? true
        if blankBefore, !output.isEmpty, output.last?.isBlank == false, !afterOpening, !closing { output.append(.blank) }
        current = FormattedLine(indent: indent, code: "")
    }

    /// The indentation of a line that starts here with a token other than `}`.
    private var indentHere: Int {
        if !atItemStart { return itemIndent + 2 }
        guard let block = blocks.last else { return 0 }
        return block.parens > 0 ? itemIndent + 2 : block.contentIndent
    }

    private mutating func layComment(_ token: Token, text: String) {
        if token.followsLineBreak || current == nil || current!.code.isEmpty {
            startLine(indent: indentHere, at: token.start, closing: false)
            current!.comment = text
            flush()
        } else {
            current!.comment = text
        }
        lastEnd = token.end
    }

    // MARK: - Code

    private mutating func layCode(_ token: Token, at code: Int, next: Token?) {
        if case .symbol(.semicolon) = token.kind, blocks.isEmpty, topParens == 0 {
            // `a; b` between statements: one statement per line.
            forceBreak = true
            atItemStart = true
            lastEnd = token.end
            return
        }
        let closing = token.kind == .symbol(.rightBrace)
        if current == nil || token.followsLineBreak || forceBreak || current!.comment != nil {
            let indent = closing ? (blocks.last?.indent ?? 0) : indentHere
            startLine(indent: indent, at: token.start, closing: closing)
            if atItemStart && !closing { itemIndent = indent }
            markAlignment(token, next: next)
        }
        forceBreak = false
        let lineStart = current!.code.isEmpty
        if !lineStart && spacing.spaceBefore(code) { current!.code += " " }
        if let last = blocks.indices.last, !blocks[last].endsLine, blocks[last].itemColumn == nil,
           !lineStart, previous?.kind == .symbol(.leftBrace), !closing {
            blocks[last].itemColumn = current!.indent + current!.code.count
        }
        current!.code += text(token)
        track(token, next: next)
        previous = token
        lastEnd = token.end
    }

    /// Keeps the blocks, parentheses and item starts up to date after `token`.
    private mutating func track(_ token: Token, next: Token?) {
        atItemStart = false
        switch token.kind {
        case .symbol(.leftBrace):
            blockCount += 1
            // A block whose `{` ends its line has its items one level in; otherwise they align
            // with the first item (set when it is laid out).
            let endsLine = next.map { $0.followsLineBreak || $0.kind == .symbol(.rightBrace) } ?? true
            blocks.append(Block(id: blockCount, indent: current!.indent, endsLine: endsLine))
            atItemStart = true
        case .symbol(.rightBrace):
            if !blocks.isEmpty { blocks.removeLast() }
        case .symbol(.leftParen):
            if blocks.isEmpty { topParens += 1 } else { blocks[blocks.count - 1].parens += 1 }
        case .symbol(.rightParen):
            if blocks.isEmpty { topParens = max(0, topParens - 1) } else { blocks[blocks.count - 1].parens = max(0, blocks[blocks.count - 1].parens - 1) }
        case .symbol(.semicolon), .symbol(.comma):
            if let block = blocks.last, block.parens == 0 { atItemStart = true }
        default:
            break
        }
    }

    /// Marks a line that starts with `name:` in a block whose `{` ended its line, or with
    /// `param name =` outside any block, for the alignment pass.
    private mutating func markAlignment(_ token: Token, next: Token?) {
        guard atItemStart, case .identifier = token.kind, let next else {
            if case .keyword(.param) = token.kind, blocks.isEmpty { current!.alignment = .param }
            return
        }
        if let block = blocks.last, block.parens == 0, block.endsLine, next.kind == .symbol(.colon),
           !next.followsLineBreak {
            current!.alignment = .field(keyEnd: text(token).count + 1, block: block.id)
        }
    }
}
