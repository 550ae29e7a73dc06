extension Checker {
    /// The stable key of distribution `id` (see `Distribution.key`): what lets two scenarios
    /// draw the same value for "the same" random variable in the same Monte Carlo sample.
    ///
    /// A param's distributions are keyed by the param's name, so a what-if that overrides
    /// the param (`--set g=3% to 6%`, a redeclaration) keeps the pairing; any other
    /// distribution by its source text and how many identical texts came before it.
    func distributionKey(id: Int, text: String) -> String {
        // A check that was discarded (an expectation's sides are checked twice) rolls
        // `distributionCount` back; its keys go with it.
        while distributionKeyPrefixes.count > id {
            distributionKeyCounts[distributionKeyPrefixes.removeLast(), default: 1] -= 1
        }
        let prefix = currentParam.map { "param:\($0)#" } ?? "at:\(text)#"
        let earlier = distributionKeyCounts[prefix, default: 0]
        distributionKeyCounts[prefix] = earlier + 1
        distributionKeyPrefixes.append(prefix)
        return prefix + String(earlier)
    }
}
