// The one seeded random generator of the tests, so that a failing property can be
// reproduced from its seed.

/// SplitMix64: small, fast and deterministic.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    public mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One of `xs` (not empty).
    public mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
}
