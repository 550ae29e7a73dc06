import RaceSyntax

extension Checker {
    /// The stable key of distribution `id` (see `Distribution.key`): what lets two scenarios
    /// draw the same value for "the same" random variable in the same Monte Carlo sample.
    ///
    /// A distribution is keyed by the name of what it belongs to when that has one (`keyName`,
    /// innermost: `param:NAME` for a param's value, so a what-if that overrides the param keeps
    /// the pairing; `event:LABEL:date` for a labelled event's date range, docs/reference/uncertain-events.md), else by its
    /// source text; then `#k`, how many keys with the same stem came before it. `stem`, when
    /// given, replaces both (the key of an event's probability, `event:LABEL:happens`).
    func distributionKey(id: Int, text: String, stem: String? = nil) -> String {
        // A check that was discarded (an expectation's sides are checked twice) rolls
        // `distributionCount` back; its keys go with it.
        while distributionKeyPrefixes.count > id {
            distributionKeyCounts[distributionKeyPrefixes.removeLast(), default: 1] -= 1
        }
        let prefix = (stem ?? keyName ?? "at:\(text)") + "#"
        let earlier = distributionKeyCounts[prefix, default: 0]
        distributionKeyCounts[prefix] = earlier + 1
        distributionKeyPrefixes.append(prefix)
        return prefix + String(earlier)
    }

    /// A new random variable (the next id), keyed as `distributionKey` says.
    func newDistribution(_ shape: Distribution.Shape, _ first: Formula, _ second: Formula, text: String,
                         stem: String? = nil, span: Span? = nil, dimension: Dimension? = nil) -> Distribution {
        let id = distributionCount
        let key = distributionKey(id: id, text: text, stem: stem)
        distributionCount += 1
        let distribution = Distribution(id: id, shape: shape, first: first, second: second, text: text, key: key, span: span,
                                        dimension: dimension)
        // Like the keys: a discarded check's distributions go when their ids are used again.
        if distributionsMade.count > id { distributionsMade.removeSubrange(id...) }
        distributionsMade.append(distribution)
        return distribution
    }

    /// Runs `body` with distributions keyed by `name` (nil: keep the enclosing name).
    func keyed<T>(by name: String?, _ body: () -> T) -> T {
        guard let name else { return body() }
        let outer = keyName
        keyName = name
        defer { keyName = outer }
        return body()
    }
}
