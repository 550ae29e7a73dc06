import RaceModel
import RaceSyntax

/// A random input of a scenario (docs/reference/explain.md): one distribution, probability, date range or delay
/// range, drawn once per sample.
public struct RandomInput: Sendable {
    /// The distribution's id: its draw in a Monte Carlo result is `draws(id)`.
    public let id: Int
    /// How reports name it: by its parameter (`openai_growth`) or event label
    /// (`stargate date`, `nvidia_tranche happens`), else by where it is written and its
    /// text (`observed-2025.race:40:14 $5B to $15B`). Unique within a scenario.
    public let name: String
    /// How it was written.
    public let text: String
    public let shape: Distribution.Shape
    /// The dimension of its values; nil for a date (a month index).
    public let dimension: Dimension?
    public let span: Span?

    /// Whether the input is an event's happening: its draw is 1 (it happens) or 0.
    public var isChance: Bool { shape == .chance }
    /// Whether its draw is a month (a date range).
    public var isDate: Bool { dimension == nil }
}

public enum RandomInputs {
    /// Every random input of `model`, by id, named as `RandomInput.name` says.
    public static func of(_ model: Model) -> [RandomInput] {
        let keys = model.distributions.map(\.key)
        var names = model.distributions.map { name(of: $0, keys: keys) }
        // Names must tell the inputs apart (they head CSV columns): a repeat gets its id.
        var seen: [String: Int] = [:]
        for name in names { seen[name, default: 0] += 1 }
        for i in names.indices where seen[names[i]]! > 1 { names[i] += " #\(i)" }
        return model.distributions.enumerated().map { i, d in
            RandomInput(id: d.id, name: names[i], text: d.text, shape: d.shape, dimension: d.dimension, span: d.span)
        }
    }

    /// The name a distribution's stable key gives it (see `Distribution.key`).
    static func name(of d: Distribution, keys: [String]) -> String {
        let key = d.key
        guard let hash = key.lastIndex(of: "#") else { return located(d) }
        let stem = String(key[..<hash]), index = String(key[key.index(after: hash)...])
        // The k-th of several distributions with one stem is told apart by its number.
        let several = keys.filter { $0.hasPrefix(stem + "#") }.count > 1
        func numbered(_ text: String) -> String { several ? "\(text) #\(index)" : text }
        let parts = stem.split(separator: ":", maxSplits: 2).map(String.init)
        switch parts.first {
        case "param" where parts.count >= 2: return numbered(parts.dropFirst().joined(separator: ":"))
        case "event" where parts.count == 3: return numbered("\(parts[1]) \(parts[2])")
        case "entity" where parts.count == 3: return numbered("\(parts[1]) \(parts[2])")
        case "delay" where parts.count >= 2: return numbered("delay of \(parts[1])")
        default: return located(d)
        }
    }

    /// `file:line:col TEXT` (the file's name without its folder, so the name is the same
    /// wherever the run starts), or the text alone when it has no place.
    static func located(_ d: Distribution) -> String {
        guard let span = d.span else { return spaced(d.text) }
        let (line, column) = span.location
        let file = span.file.name.split(separator: "/").last.map(String.init) ?? span.file.name
        return "\(file):\(line):\(column) \(spaced(d.text))"
    }

    /// Text with every run of white space made one space (a distribution may span lines).
    public static func spaced(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
