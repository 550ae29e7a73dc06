#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Monte Carlo's threads and lock, on POSIX threads directly. Foundation's `Thread`,
/// `NSLock` and Dispatch were all the engine used of Foundation proper, and linking it
/// costs every process about 0.6 ms of start-up (measured beside FoundationEssentials).
enum WorkerThreads {
    /// Runs `body(w)` for w in 0..<count: w = 0 on the calling thread, the others each on a
    /// new thread with a `stackSize`-byte stack. Returns when all are done. A part whose
    /// thread cannot be made runs here, after the calling thread's own.
    static func run(_ count: Int, stackSize: Int, _ body: @escaping (Int) -> Void) {
        var started: [pthread_t] = []
        var leftOver: [Int] = []
        if count > 1 {
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackSize)
            for w in 1..<count {
                let context = Unmanaged.passRetained(Part { body(w) }).toOpaque()
                if let thread = start(context, attributes: &attributes) {
                    started.append(thread)
                } else {
                    Unmanaged<Part>.fromOpaque(context).release()
                    leftOver.append(w)
                }
            }
        }
        body(0)
        for w in leftOver { body(w) }
        for thread in started { pthread_join(thread, nil) }
    }

    private static func start(_ context: UnsafeMutableRawPointer, attributes: inout pthread_attr_t) -> pthread_t? {
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Part>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        return status == 0 ? thread : nil
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<Part>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        return status == 0 ? thread : nil
        #endif
    }

    /// One thread's part of the work, handed over as the thread's context.
    private final class Part {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}

/// A mutual-exclusion lock: a pthread mutex at a stable address.
final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}
