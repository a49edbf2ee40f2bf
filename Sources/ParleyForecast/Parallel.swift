import Foundation

/// Independent work items on all cores.
enum Parallel {
    /// `body` applied to 0..<count, in parallel when `parallel` (results in index order).
    static func map<T: Sendable>(count: Int, parallel: Bool, _ body: (Int) -> T) -> [T] {
        guard parallel else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
            results.initialize(repeating: nil)
            defer { _ = results.deinitialize(); results.deallocate() }
            nonisolated(unsafe) let slots = results
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = work($0) }
            return results.map { $0! }
        }
    }
}
