import Synchronization

/// A value shared between threads, behind a `Mutex`. On Linux a contended `Mutex` is handed over
/// by the kernel (a priority-inheriting futex), an ordering ThreadSanitizer cannot see; so it
/// reported renders running at once as racing on state they only touch under the lock. A counter
/// bumped with release ordering before each unlock, and read with acquire ordering after each lock,
/// shows it that ordering; it costs two uncontended atomic operations per use.
public final class Guarded<Value>: Sendable {
    private let mutex: Mutex<Value>
    private let handOver = Atomic<Int>(0)

    public init(_ value: sending Value) { mutex = Mutex(value) }

    public func withLock<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        try mutex.withLock { value in
            _ = handOver.load(ordering: .acquiring)
            defer { handOver.add(1, ordering: .releasing) }
            return try body(&value)
        }
    }

    /// nil when another thread holds the lock.
    public func withLockIfAvailable<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R? {
        try mutex.withLockIfAvailable { value in
            _ = handOver.load(ordering: .acquiring)
            defer { handOver.add(1, ordering: .releasing) }
            return try body(&value)
        }
    }
}
