import Dispatch
import Foundation
import ParleyCore

/// The one enumeration kernel: every analysis that visits packages one by one (the agreement
/// space, bridges, the negotiation tables) walks the outcome space with it.
///
/// The space is cut into chunks of consecutive package indices, run on all cores; inside a chunk a
/// ``PackageCursor`` steps from package to package like an odometer, keeping every party's utility
/// as running sums per issue level, so a step costs O(parties) on average and allocates nothing.
///
/// ```swift
/// let counts = PackageWalk.chunks(model, count: model.space.count!) { cursor, range in
///     var n = 0
///     for _ in range { if cursor.utility(0) >= 0.5 { n += 1 }; cursor.advance() }
///     return n
/// }
/// ```
public enum PackageWalk {
    /// The packages in one chunk.
    public static let chunkSize = 1 << 15

    /// Starts a thread of the pool the walks run on, without waiting for it, so that the first walk
    /// finds it ready. A program that is about to analyse calls it first thing: the pool creates its
    /// threads on demand, and one created when a walk of a few milliseconds starts would first
    /// compete with the walk's own thread for a core (on two cores, Energy's 390,625 packages took
    /// 5.1 ms instead of 3.5, median of 40 runs).
    public static func prepareWorkers() {
        DispatchQueue.global().async {}
    }

    /// Runs `body` on every chunk of `0..<count` on all cores, each with a cursor at the chunk's
    /// first package; the results come back in chunk order.
    /// - Complexity: O(count) cursor steps, as `body` takes them, plus O(issues × parties) per chunk.
    /// - Parameter progress: called with the number of packages walked so far, after each chunk.
    public static func chunks<Result: Sendable>(_ model: UtilityModel, count: Int, chunkSize: Int = chunkSize,
                                                progress: (@Sendable (Int) -> Void)? = nil,
                                                _ body: @Sendable (inout PackageCursor, Range<Int>) -> Result) -> [Result] {
        chunks(model, count: count, chunkSize: chunkSize, progress: progress, carrying: {}) { _, cursor, range in body(&cursor, range) }
    }

    /// As ``chunks(_:count:chunkSize:progress:_:)``, with a state each worker carries from chunk to
    /// chunk: chunks are handed out in contiguous runs (four a core), each run starting from
    /// `makeState()` and taking its chunks in order (the agreement space's pivots, which get better
    /// as a run goes on).
    public static func chunks<State, Result: Sendable>(_ model: UtilityModel, count: Int, chunkSize: Int = chunkSize,
                                                       progress: (@Sendable (Int) -> Void)? = nil,
                                                       carrying makeState: @Sendable () -> State,
                                                       _ body: @Sendable (inout State, inout PackageCursor, Range<Int>) -> Result) -> [Result] {
        let chunkCount = max(1, (count + chunkSize - 1) / chunkSize)
        let runs = min(chunkCount, 4 * max(1, ProcessInfo.processInfo.activeProcessorCount))
        let perRun = (chunkCount + runs - 1) / runs
        let done = Locked<Int>(0)   // (an Atomic crashes the compiler under -sanitize=thread)
        return ranges(count: chunkCount, chunkSize: perRun, chunkCount: (chunkCount + perRun - 1) / perRun) { chunks in
            var state = makeState()
            return chunks.map { chunk in
                let range = min(count, chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                var cursor = PackageCursor(model, at: range.isEmpty ? 0 : range.lowerBound)
                let result = body(&state, &cursor, range)
                if let progress { progress(done.withLock { $0 += range.count; return $0 }) }
                return result
            }
        }.flatMap { $0 }
    }

    /// `body` applied to the chunks of `0..<count` on all cores (one chunk runs inline), in chunk order.
    static func ranges<Result: Sendable>(count: Int, chunkSize: Int, chunkCount: Int,
                                         _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
        @Sendable func range(_ chunk: Int) -> Range<Int> {
            let start = min(count, chunk * chunkSize)
            return start..<min(count, start + chunkSize)
        }
        guard chunkCount > 1 else { return [body(range(0))] }
        let results = Locked<[Int: Result]>([:])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let result = body(range(chunk))
            results.withLock { $0[chunk] = result }
        }
        return results.withLock { table in (0..<chunkCount).map { table[$0]! } }
    }
}

/// One package of the outcome space with every party's utility for it, kept as running sums per
/// issue level: ``advance()`` moves to the next package and recomputes only the sums from the
/// first issue whose option changed.
///
/// The sums add each party's offset and then its issues' contributions in issue order, as
/// ``UtilityModel/utility(_:_:)`` does, so they are bit for bit the same.
///
/// A class, as the owner of the buffers it allocates (a noncopyable struct would do, but the
/// compiler crashes instrumenting one for ThreadSanitizer); each chunk has its own, never shared
/// between threads.
public final class PackageCursor {
    public let parties: Int
    public let issues: Int
    /// The package's index in the outcome space (with sampling, the index of the drawn package).
    @inlinable public var index: Int { position }
    @usableFromInline @exclusivity(unchecked) var position: Int
    @usableFromInline let digits: UnsafeMutableBufferPointer<Int>
    /// `partial[level * parties + p]`: party p's offset plus its contributions from issues `0..<level`.
    @usableFromInline let partial: UnsafeMutableBufferPointer<Double>
    @usableFromInline let contributions: UnsafeMutableBufferPointer<Double>
    @usableFromInline let starts: UnsafeMutableBufferPointer<Int>
    @usableFromInline let radices: UnsafeMutableBufferPointer<Int>
    @usableFromInline let rowLength: Int

    /// A cursor at package `index` of `model`'s space.
    public init(_ model: UtilityModel, at index: Int) {
        parties = model.partyCount
        issues = model.issueCount
        rowLength = model.optionCount
        position = index
        digits = .allocate(capacity: max(1, issues))
        partial = .allocate(capacity: (issues + 1) * max(1, parties))
        contributions = .allocate(capacity: max(1, model.contributions.count))
        _ = contributions.initialize(from: model.contributions)
        starts = .allocate(capacity: max(1, issues))
        _ = starts.initialize(from: model.optionStarts)
        radices = .allocate(capacity: max(1, issues))
        _ = radices.initialize(from: model.space.radices)
        for p in 0..<parties { partial[p] = model.offsets[p] }
        var rest = index
        for issue in stride(from: issues - 1, through: 0, by: -1) {
            digits[issue] = rest % radices[issue]
            rest /= radices[issue]
        }
        recompute(from: 0)
    }

    deinit {
        digits.deallocate()
        partial.deallocate()
        contributions.deallocate()
        starts.deallocate()
        radices.deallocate()
    }

    /// Party `party`'s utility for the current package.
    @inlinable
    public func utility(_ party: Int) -> Double { partial[issues * parties + party] }

    /// Every party's utility for the current package, in party order (valid until the cursor moves).
    @inlinable
    public var utilities: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: partial[(issues * parties)..<((issues + 1) * parties)])
    }

    /// The option chosen on issue `issue`.
    @inlinable
    public func option(_ issue: Int) -> Int { digits[issue] }

    /// Whether the current package satisfies `clause` (breaches its red line through it).
    /// - Complexity: O(constrained issues).
    @inlinable
    package func satisfies(_ clause: BreachClause) -> Bool {
        for issue in clause.issues where !clause.triggers[starts[issue] + digits[issue]] { return false }
        return true
    }

    /// The current package's options, one per issue.
    public func package() -> [Int] { Array(digits) }

    /// Moves to the next package in index order (the last issue varies fastest).
    /// - Complexity: O(parties) on average, O(issues × parties) at worst.
    @inlinable
    public func advance() {
        position += 1
        var issue = issues - 1
        while issue >= 0 {
            digits[issue] += 1
            if digits[issue] < radices[issue] { break }
            digits[issue] = 0
            issue -= 1
        }
        if issue >= 0 { recompute(from: issue) }
    }

    /// Moves `run` packages ahead, from a package with at least `run` options of the last issue
    /// left from its own: the packages passed differ from it in the last issue only, and the
    /// cursor steps once, from the last of them.
    @inlinable
    public func advanceAlongLastIssue(by run: Int) {
        digits[issues - 1] += run - 1
        position += run - 1
        advance()
    }

    /// Moves to a package drawn uniformly at random (each issue's option drawn independently).
    /// The index is computed with wrapping arithmetic: it is exact while the space fits `Int`.
    public func draw(using generator: inout some RandomNumberGenerator) {
        var drawn = 0
        for issue in 0..<issues {
            digits[issue] = Int.random(in: 0..<radices[issue], using: &generator)
            drawn = drawn &* radices[issue] &+ digits[issue]
        }
        position = drawn
        recompute(from: 0)
    }

    @inlinable
    func recompute(from level: Int) {
        var issue = level
        while issue < issues {
            let column = starts[issue] + digits[issue]
            let base = issue * parties
            for p in 0..<parties {
                partial[base + parties + p] = partial[base + p] + contributions[p * rowLength + column]
            }
            issue += 1
        }
    }
}
