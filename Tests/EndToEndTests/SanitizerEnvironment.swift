import Foundation

/// The sanitizers' settings of this test process, for a child started with an environment of
/// its own: under AddressSanitizer (README, development notes) `ASAN_OPTIONS=detect_leaks=0`
/// must reach every child, or each one's exit status reports the allocations libedit and
/// Foundation keep until exit.
enum SanitizerEnvironment {
    static let names = ["ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"]

    /// `environment` with the sanitizers' settings of this process added where it has none.
    static func adding(to environment: [String: String]) -> [String: String] {
        var result = environment
        let mine = ProcessInfo.processInfo.environment
        for name in names where result[name] == nil {
            if let value = mine[name] { result[name] = value }
        }
        return result
    }
}
