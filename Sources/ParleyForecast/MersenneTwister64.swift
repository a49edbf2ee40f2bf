/// The 64-bit Mersenne Twister (`std::mt19937_64`) with KTAB's output transform, for stochastic
/// runs that must agree with KTAB's draws.
public struct MersenneTwister64: Sendable {
    var state = [UInt64](repeating: 0, count: 312)
    var index = 312

    public init(seed: UInt64) {
        state[0] = seed
        for i in 1..<312 { state[i] = 6364136223846793005 &* (state[i - 1] ^ (state[i - 1] >> 62)) &+ UInt64(i) }
    }

    public mutating func next() -> UInt64 {
        if index >= 312 {
            for i in 0..<312 {
                let x = (state[i] & 0xFFFF_FFFF_8000_0000) | (state[(i + 1) % 312] & 0x7FFF_FFFF)
                var xa = x >> 1
                if x & 1 != 0 { xa ^= 0xB502_6F5A_A966_19E9 }
                state[i] = state[(i + 156) % 312] ^ xa
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= (y >> 29) & 0x5555_5555_5555_5555
        y ^= (y << 17) & 0x71D6_7FFF_EDA6_0000
        y ^= (y << 37) & 0xFFF7_EEE0_0000_0000
        y ^= y >> 43
        return y
    }

    /// KTAB's uniform draw on [0, 1]: the engine's output through its quadratic transform.
    public mutating func unit() -> Double {
        let n = next()
        let transformed = (n &+ 0xE08C_1D66_8B75_6F83) &* (2 &* n &+ 3)
        return Double(transformed) / Double(UInt64.max)
    }
}
