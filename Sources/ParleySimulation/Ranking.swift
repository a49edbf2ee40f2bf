/// A negotiator's acceptable packages, best first: those that breach none of its red lines and are
/// worth at least its reservation value, by descending utility, ties by ascending package index.
///
/// Built once per negotiation with a stable radix sort on the utilities' bit patterns (linear in
/// the number of packages; a comparison sort of 390,625 packages took most of a negotiation's set-up
/// time), then queried by binary search on every turn.
struct AcceptableRanking: Sendable {
    /// Utilities, descending.
    private(set) var utilities: [Double] = []
    /// The package of each entry.
    private(set) var packages: [Int] = []

    init() {}

    init(_ context: NegotiationContext) {
        var keys: [UInt64] = []
        keys.reserveCapacity(context.utilities.count)
        packages.reserveCapacity(context.utilities.count)
        for index in context.utilities.indices
        where context.isAcceptable(index) {
            keys.append(~Self.ascendingKey(context.utilities[index]))
            packages.append(index)
        }
        Self.sort(&keys, carrying: &packages)
        // Read the utilities back from the sorted keys: sequential, unlike gathering by package.
        utilities = keys.map { Self.value(ascendingKey: ~$0) }
    }

    var isEmpty: Bool { packages.isEmpty }
    var count: Int { packages.count }
    var best: Double? { utilities.first }

    /// The number of entries worth at least `goal`: they form a prefix, found by binary search.
    func count(atLeast goal: Double) -> Int {
        var low = 0, high = utilities.count
        while low < high {
            let middle = (low + high) / 2
            if utilities[middle] >= goal { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The worst package worth at least `goal` (within 1e-12), or the best one when none is; nil
    /// when nothing is acceptable.
    func package(atLeast goal: Double) -> Int? {
        guard !isEmpty else { return nil }
        return packages[max(0, count(atLeast: goal - 1e-12) - 1)]
    }

    /// A key whose unsigned order is the order of the doubles (`-0.0` and `0.0` share one).
    static func ascendingKey(_ value: Double) -> UInt64 {
        let bits = (value + 0.0).bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// The double whose ``ascendingKey(_:)`` is `key`.
    static func value(ascendingKey key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// Sorts `keys` ascending, stably, moving `payload` along: least-significant-digit radix sort
    /// with 11-bit digits (every digit's histogram in one pass over the keys), skipping digits all
    /// keys share; a comparison sort for short arrays.
    static func sort(_ keys: inout [UInt64], carrying payload: inout [Int]) {
        let n = keys.count
        guard n > 2_048 else {
            let order = keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            keys = order.map { keys[$0] }
            payload = order.map { payload[$0] }
            return
        }
        let bits = 11, radix = 1 << bits, mask = UInt64(radix - 1)
        let digitCount = (64 + bits - 1) / bits
        // Scratch arrays every pass overwrites in full: no need to zero them first.
        var otherKeys = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }
        var otherPayload = [Int](unsafeUninitializedCapacity: n) { _, count in count = n }
        // Every digit's histogram in one pass over the keys.
        var histograms = [Int](repeating: 0, count: digitCount * radix)
        keys.withUnsafeBufferPointer { keys in
            histograms.withUnsafeMutableBufferPointer { histograms in
                for key in keys {
                    var shifted = key
                    for digit in 0..<digitCount {
                        histograms[digit * radix + Int(shifted & mask)] += 1
                        shifted >>= UInt64(bits)
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: radix)
        for digit in 0..<digitCount {
            let shift = UInt64(digit * bits)
            var start = 0, trivial = false
            for k in 0..<radix {
                let count = histograms[digit * radix + k]
                if count == n { trivial = true; break }   // every key has this digit: the pass changes nothing
                counts[k] = start
                start += count
            }
            if trivial { continue }
            keys.withUnsafeBufferPointer { keys in
                payload.withUnsafeBufferPointer { payload in
                    otherKeys.withUnsafeMutableBufferPointer { otherKeys in
                        otherPayload.withUnsafeMutableBufferPointer { otherPayload in
                            counts.withUnsafeMutableBufferPointer { counts in
                                for i in 0..<n {
                                    let digit = Int((keys[i] >> shift) & mask)
                                    let to = counts[digit]
                                    counts[digit] = to + 1
                                    otherKeys[to] = keys[i]
                                    otherPayload[to] = payload[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &otherKeys)
            swap(&payload, &otherPayload)
        }
    }
}
