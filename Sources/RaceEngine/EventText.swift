/// The event log's sentence for an action carried out (§10 `events`): the action as the
/// scenario wrote it, but with the amounts it computed that month and the entity a
/// `for each` rule was bound to. A rule written
/// `L raises L.burn * 12 months at L.valuation * 1.5` logs `xAI raises $7.2B at $120B post`:
/// the analyst reads what happened, not the formula that decided it.
enum EventText {
    static func money(_ value: Double) -> String { MessageFormat.money(value) }

    /// A number of chips: `350`, `100k`, `1.25M`.
    static func count(_ value: Double) -> String {
        let a = Swift.abs(value)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where a >= scale {
            return MessageFormat.number(value / scale) + suffix
        }
        return MessageFormat.number(value)
    }

    /// Electric power: `400 MW`, `1.2 GW`.
    static func power(_ watts: Double) -> String {
        let a = Swift.abs(watts)
        for (scale, unit) in [(1e9, "GW"), (1e6, "MW"), (1e3, "kW")] where a >= scale {
            return MessageFormat.number(watts / scale) + " " + unit
        }
        return MessageFormat.number(watts) + " W"
    }

    /// A share: `49%`, `0.5%`.
    static func share(_ ratio: Double) -> String { MessageFormat.number(ratio * 100) + "%" }

    static func months(_ n: Int) -> String { n == 1 ? "1 month" : "\(n) months" }

    /// `text` with every identifier `variable` (outside strings) replaced by `name`:
    /// `set L.burn = L.burn * 0.8` → `set xAI.burn = xAI.burn * 0.8`.
    static func substitute(_ variable: String, with name: String, in text: String) -> String {
        var out = ""
        var word = ""
        var inString = false
        func flush() {
            out += word == variable ? name : word
            word = ""
        }
        for c in text {
            if inString {
                out.append(c)
                if c == "\"" { inString = false }
            } else if c.isLetter || c.isNumber || c == "_" {
                word.append(c)
            } else {
                flush()
                if c == "\"" { inString = true }
                out.append(c)
            }
        }
        flush()
        return out
    }
}
