/// Numbers, money and dates (docs/reference/lexical.md).
extension Lexer {
    /// Lexes `12`, `1_000`, `1.5`, `2e25`, `30k`, `5%`, `$6.6B` (with `isMoney`, after the
    /// `$`) or a date `2025-06`. `start` is where the token begins (at the `$` for money).
    mutating func lexNumber(from start: Int, isMoney: Bool) {
        var text: [UInt8] = []
        let integerStart = position
        let integerDigits = scanDigits(into: &text)
        let hadSeparator = position - integerStart != integerDigits

        if !isMoney, integerDigits == 4, !hadSeparator, isDateAhead() {
            lexDate(from: start, year: text)
            return
        }
        if position + 1 < bytes.count, bytes[position] == ASCII.dot, ASCII.isDigit(bytes[position + 1]) {
            text.append(ASCII.dot)
            position += 1
            _ = scanDigits(into: &text)
        }
        // The exponent is kept apart so that a suffix shifts it: `6.6B` is read as 6.6e9 and
        // `35%` as 35e-2, both correctly rounded, rather than multiplied.
        var exponent = 0
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var ahead = position + 1
            var negative = false
            if ahead < bytes.count, bytes[ahead] == UInt8(ascii: "+") || bytes[ahead] == ASCII.minus {
                negative = bytes[ahead] == ASCII.minus
                ahead += 1
            }
            if ahead < bytes.count, ASCII.isDigit(bytes[ahead]) {
                position = ahead
                var digits: [UInt8] = []
                _ = scanDigits(into: &digits)
                for digit in digits where exponent < 1_000_000 { exponent = exponent * 10 + Int(digit - 0x30) }
                if negative { exponent = -exponent }
            }
        }
        if position < bytes.count {
            let byte = bytes[position]
            let standsAlone = position + 1 >= bytes.count || !ASCII.isIdentifierContinue(bytes[position + 1])
            if standsAlone, let shift = Lexer.magnitude(of: byte) {
                exponent += shift
                position += 1
            } else if byte == ASCII.percent, !isMoney {
                exponent -= 2
                position += 1
            }
        }
        text.append(UInt8(ascii: "e"))
        text.append(contentsOf: String(exponent).utf8)
        var value = Double(String(decoding: text, as: UTF8.self)) ?? 0
        if !value.isFinite {
            error("number is too large", start: start, end: position,
                  hint: "numbers must fit in a double (up to about 1.8e308)")
            value = 0
        }
        emit(isMoney ? .money(value) : .number(value), start: start, end: position)
        reportWordStuckToNumber()
    }

    /// The power of ten of a magnitude suffix: `k` 3, `M` 6, `B` 9, `T` 12.
    static func magnitude(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "k"): return 3
        case UInt8(ascii: "M"): return 6
        case UInt8(ascii: "B"): return 9
        case UInt8(ascii: "T"): return 12
        default: return nil
        }
    }

    /// Digits with `_` separators between them; returns how many digits were read.
    mutating func scanDigits(into text: inout [UInt8]) -> Int {
        var digits = 0
        while position < bytes.count {
            let byte = bytes[position]
            if ASCII.isDigit(byte) {
                text.append(byte)
                digits += 1
                position += 1
            } else if byte == ASCII.underscore, digits > 0, position + 1 < bytes.count,
                      ASCII.isDigit(bytes[position + 1]) {
                position += 1
            } else {
                break
            }
        }
        return digits
    }

    /// After four digits: `-` and exactly two digits make a date.
    func isDateAhead() -> Bool {
        var ahead = position
        guard ahead < bytes.count, bytes[ahead] == ASCII.minus else { return false }
        ahead += 1
        var digits = 0
        while ahead < bytes.count, ASCII.isDigit(bytes[ahead]) {
            digits += 1
            ahead += 1
        }
        return digits == 2
    }

    /// `YYYY-MM`; a month outside 01…12 or a day part is reported, and the date kept.
    mutating func lexDate(from start: Int, year yearDigits: [UInt8]) {
        let year = yearDigits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        position += 1  // the `-`
        let month = Int(bytes[position] - 0x30) * 10 + Int(bytes[position + 1] - 0x30)
        position += 2
        let yearText = String(decoding: yearDigits, as: UTF8.self)
        let monthText = String(decoding: bytes[(position - 2)..<position], as: UTF8.self)
        if !(1...12).contains(month) {
            error("there is no month \(monthText); months run from 01 to 12", start: start, end: position,
                  hint: "a date is written YYYY-MM, as in \(yearText)-06")
        }
        if position + 1 < bytes.count, bytes[position] == ASCII.minus, ASCII.isDigit(bytes[position + 1]) {
            position += 1
            var day: [UInt8] = []
            _ = scanDigits(into: &day)
            let clamped = min(max(month, 1), 12)
            let suggestion = yearText + "-" + (clamped < 10 ? "0" : "") + String(clamped)
            error("dates have no day: write \(suggestion)", start: start, end: position,
                  hint: "drop the day: a scenario moves month by month")
        }
        emit(.date(year * 12 + min(max(month, 1), 12) - 1), start: start, end: position)
        reportWordStuckToNumber()
    }

    /// `3months` or `30kW`: a unit word is separated from its number by a space. The word
    /// is left to be lexed on its own, so the parser still sees the quantity.
    mutating func reportWordStuckToNumber() {
        guard position < bytes.count else { return }
        let byte = bytes[position]
        guard ASCII.isIdentifierContinue(byte) else { return }
        var end = position
        while end < bytes.count, ASCII.isIdentifierContinue(bytes[end]) { end += 1 }
        let word = source.text(from: position, to: min(end, position + 40))
        error("unexpected '\(word)' right after a number", start: position, end: end,
              hint: "put a space between a number and its unit, as in `1.4 kW` or `3 months`")
        // Digits straight after a number are part of the mistake: skip them so they do not
        // become a second number.
        if ASCII.isDigit(byte) { position = end }
    }
}
