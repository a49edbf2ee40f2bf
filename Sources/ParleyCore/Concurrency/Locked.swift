import Foundation

/// A value shared between threads, reached only under a lock.
///
/// The standard library's `Mutex` would do the same, but on Linux its contended path runs in the
/// uninstrumented Synchronization library, so ThreadSanitizer does not see the lock and reports
/// every access made under it as a race (a two-thread loop of `withLock` reproduces it). A
/// pthread mutex (`NSLock`) is intercepted by the sanitizer, which keeps `scripts/sanitize thread`
/// meaningful: what it reports is a real race.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, the lock held for the whole call.
    @discardableResult
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
