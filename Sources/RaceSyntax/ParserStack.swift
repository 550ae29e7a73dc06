#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Room for deep expressions.
///
/// Expressions are parsed by recursion, bounded at 256 levels. An unoptimized build
/// spends about 7 KB of stack per level (Swift keeps a slot for every temporary), so the
/// deepest legal expression needs about 2 MB: fine on a main thread (8 MB), too much for
/// a secondary thread on some platforms (512 KB). Text that could nest deeply is
/// therefore parsed on a thread of its own with a large stack; ordinary text, which
/// cannot, is parsed where it is.
enum ParserStack {
    /// Stack of the parsing thread: the 256 levels with a wide margin.
    static let size = 32 << 20

    /// Tokens that can open a level of nesting; with fewer than this many in the whole
    /// text the recursion stays shallow on any thread.
    static let shallowLimit = 24

    /// Whether the tokens could nest deeply enough to need a large stack.
    static func mayNestDeeply(_ tokens: [Token]) -> Bool {
        var openers = 0
        for token in tokens {
            switch token.kind {
            case .symbol(.leftParen), .symbol(.minus), .symbol(.caret), .keyword(.not), .keyword(.if):
                openers += 1
                if openers >= shallowLimit { return true }
            default:
                break
            }
        }
        return false
    }

    /// Runs `body` on a new thread with a `size`-byte stack and waits for its result;
    /// runs it here if no thread can be made.
    static func run<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            var result: T?
            let work = ThreadWork { result = body() }
            let context = Unmanaged.passRetained(work).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, size)
            #if canImport(Darwin)
            var thread: pthread_t?
            let status = pthread_create(&thread, &attributes, { context in
                Unmanaged<ThreadWork>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
            if status == 0, let thread { pthread_join(thread, nil) }
            #else
            var thread = pthread_t()
            let status = pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                Unmanaged<ThreadWork>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
            if status == 0 { pthread_join(thread, nil) }
            #endif
            if status != 0 {
                Unmanaged<ThreadWork>.fromOpaque(context).release()
                return body()
            }
            return result!
        }
    }
}

/// The work handed to the parsing thread.
private final class ThreadWork {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
