extension StringProtocol {
    /// The text without the leading and trailing characters that `isTrimmed` accepts
    /// (whitespace, newlines included, by default): the standard library's part of
    /// Foundation's `trimmingCharacters(in:)`, which the pipeline uses without Foundation.
    public func trimmed(where isTrimmed: (Character) -> Bool = \.isWhitespace) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement`: Foundation's
    /// `replacingOccurrences(of:with:)`, for code that links FoundationEssentials only.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
