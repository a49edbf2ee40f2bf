/// A fast, seedable random number generator (SplitMix64, Steele, Lea & Flood 2014), so that every
/// random run can be repeated from its seed.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let x = Double.random(in: 0..<1, using: &rng)   // the same on every run with seed 42
/// ```
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
    /// The seed the generator started from.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator for part `index` of a parallel computation seeded with `seed`:
    /// the start is hashed, so that parts do not run along the same stretch of one sequence (as
    /// SplitMix64 generators seeded with nearby values would).
    public static func stream(seed: UInt64, index: Int) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ 0x5851_F42D_4C95_7F2D)
        var hashed = mixer.next()
        var indexMixer = SeededGenerator(seed: UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        hashed ^= indexMixer.next()
        return SeededGenerator(seed: hashed)
    }
}
