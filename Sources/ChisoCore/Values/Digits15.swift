// MARK: - Fifteen significant digits without printf
//
// A number's 15 significant decimal digits, correctly rounded from its exact binary
// value (ties to even, as the C library's printf rounds), computed with 128-bit integer
// arithmetic: |x| = m × 2^q, so |x| × 10^s = m × 5^s × 2^(s+q), exact for the powers of
// five that fit in 64 bits. It covers 1e-13 ≤ |x| < 1e15, nearly every figure a notebook
// has; elsewhere (and for zero, infinities and NaN) it answers nil and the caller asks
// printf. `MachineBytesTests` checks it against printf on a few hundred thousand numbers.

enum Digits15 {
    /// The digits as one integer N (10^14 ≤ N < 10^15) and the decimal exponent of its
    /// first digit: |x| ≈ N × 10^(exponent - 14).
    static func of(_ x: Double) -> (negative: Bool, n: UInt64, exponent: Int)? {
        guard x.isFinite, x != 0 else { return nil }
        let a = abs(x)
        guard a >= 1e-13, a < 1e15 else { return nil }
        // The decimal exponent from the binary one: right, or one too low.
        var e = Int((Double(a.exponent) * 0.301_029_995_663_981_2).rounded(.down))
        for _ in 0..<3 {
            guard let (n, carried) = scaled(a, 14 - e) else { return nil }
            if n >= 1_000_000_000_000_000 && !carried {
                e += 1
                continue
            }
            if n < 100_000_000_000_000 {
                e -= 1
                continue
            }
            // Rounding up 999…9.5 gives 10^15: one digit more, one place up.
            if n == 1_000_000_000_000_000 { return (x < 0, 100_000_000_000_000, e + 1) }
            return (x < 0, n, e)
        }
        return nil
    }

    /// |x| × 10^s rounded to an integer (ties to even), and whether rounding made it
    /// carry into a new digit; nil when out of reach (s outside 0…27).
    private static func scaled(_ a: Double, _ s: Int) -> (UInt64, Bool)? {
        guard s >= 0, s <= 27 else { return nil }
        let m = a.significandBitPattern | (a.exponentBitPattern == 0 ? 0 : 1 << 52)
        let q = Int(a.exponentBitPattern == 0 ? -1074 : Int(a.exponentBitPattern) - 1075)
        var p5: UInt64 = 1
        for _ in 0..<s { p5 &*= 5 }
        let (high, low) = m.multipliedFullWidth(by: p5)
        let shift = s + q
        if shift >= 0 {
            // An integer already: no rounding.
            guard high == 0, shift < 64, low <= (UInt64.max >> shift) else { return nil }
            return (low << shift, false)
        }
        let k = -shift
        guard k < 128 else { return (0, false) }
        var quotient: UInt64
        var above: Bool  // remainder > half
        var tie: Bool  // remainder == half
        if k < 64 {
            guard high >> k == 0 else { return nil }
            quotient = (k == 0 ? 0 : high << (64 - k)) | (low >> k)
            let remainder = low & ((1 << k) - 1)
            let half: UInt64 = 1 << (k - 1)
            above = remainder > half
            tie = remainder == half
        } else if k == 64 {
            quotient = high
            above = low > 1 << 63
            tie = low == 1 << 63
        } else {
            let j = k - 64
            quotient = high >> j
            let remainderHigh = high & ((1 << j) - 1)
            let halfHigh: UInt64 = 1 << (j - 1)
            above = remainderHigh > halfHigh || (remainderHigh == halfHigh && low > 0)
            tie = remainderHigh == halfHigh && low == 0
        }
        let before = quotient
        if above || (tie && quotient & 1 == 1) { quotient += 1 }
        return (quotient, quotient != before && quotient == 1_000_000_000_000_000)
    }
}
