// MARK: - Values for machines, written as bytes
//
// The same text as `CellText.machine` (and `MachineNumber.text`), appended to a byte
// buffer without a `String` per value: the CSV of the province workload is 2.8 million
// values, and a `String` each (with its allocation, UTF-8 checks and release) cost more
// than computing them.

enum MachineBytes {
    /// Appends `x` as `MachineNumber.text(x)` writes it: integers exact up to 2^53,
    /// others to 15 significant digits (the largest doubles, which 15 digits round to
    /// infinity, to as many as they need), trailing zeros dropped, `.` as the point.
    static func append(_ x: Double, to out: inout [UInt8]) {
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) {
            appendInteger(Int(x), to: &out)
            return
        }
        guard x.isFinite else {
            out.append(contentsOf: MachineNumber.text(x).utf8)
            return
        }
        if let (negative, n, exponent) = Digits15.of(x) {
            appendDigits(negative, n, exponent, to: &out)
            return
        }
        // Out of Digits15's reach: the C library's digits, as MachineNumber writes them.
        let d = Decimal15(x).trimmed
        // The largest doubles, which 15 digits round past the largest finite one.
        if d.exponent >= 308, !d.doubleValue.isFinite { return out.append(utf8: MachineNumber.exactText(x)) }
        if d.negative { out.append(UInt8(ascii: "-")) }
        d.write(into: &out, minFraction: 0, group: nil, point: UInt8(ascii: "."))
    }

    /// Appends N × 10^(exponent - 14) (N of 15 digits, exponent at most 14) in plain
    /// notation, trailing zeros dropped: written into a scratch buffer, then appended at
    /// once (one `append(contentsOf:)` per number, not up to three and single bytes).
    static func appendDigits(_ negative: Bool, _ n: UInt64, _ exponent: Int, to out: inout [UInt8]) {
        // Up to 29 zeros after the point fit the scratch: sign, "0.", zeros, 15 digits.
        guard exponent >= -30 else { return appendDigitsByParts(negative, n, exponent, to: &out) }
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)  // 64 bytes
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)  // 16 bytes: the 15 digits
            let text = digits + 16  // 48 bytes: what is written
            fifteen(n, into: digits)
            var count = 15
            while count > 1, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            var k = 0
            if negative {
                text[k] = UInt8(ascii: "-")
                k += 1
            }
            if exponent >= 0 {
                // The 15 digits reach past the point (exponent ≤ 14): zeros included.
                (text + k).update(from: digits, count: exponent + 1)
                k += exponent + 1
                if count > exponent + 1 {
                    text[k] = UInt8(ascii: ".")
                    k += 1
                    (text + k).update(from: digits + exponent + 1, count: count - exponent - 1)
                    k += count - exponent - 1
                }
            } else {
                text[k] = UInt8(ascii: "0")
                text[k + 1] = UInt8(ascii: ".")
                k += 2
                for _ in 0..<(-exponent - 1) {
                    text[k] = UInt8(ascii: "0")
                    k += 1
                }
                (text + k).update(from: digits, count: count)
                k += count
            }
            out.append(contentsOf: UnsafeBufferPointer(start: text, count: k))
        }
    }

    /// `appendDigits` for numbers with more than 29 zeros after the point.
    static func appendDigitsByParts(_ negative: Bool, _ n: UInt64, _ exponent: Int, to out: inout [UInt8]) {
        var scratch: (UInt64, UInt64) = (0, 0)  // 16 bytes: the 15 digits
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            fifteen(n, into: digits)
            var count = 15
            while count > 1, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            if negative { out.append(UInt8(ascii: "-")) }
            if exponent >= 0 {
                // The 15 digits reach past the point (exponent ≤ 14): zeros included.
                out.append(contentsOf: UnsafeBufferPointer(start: digits, count: exponent + 1))
                if count > exponent + 1 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(start: digits + exponent + 1, count: count - exponent - 1))
                }
            } else {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-exponent - 1) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: UnsafeBufferPointer(start: digits, count: count))
            }
        }
    }

    /// The 15 digits of `n` (n < 10^15, leading zeros written) as ASCII at `p`: in two
    /// halves of 32 bits, whose divisions by ten are cheaper than 64-bit ones.
    @inline(__always)
    static func fifteen(_ n: UInt64, into p: UnsafeMutablePointer<UInt8>) {
        var high = UInt32(truncatingIfNeeded: n / 100_000_000), low = UInt32(truncatingIfNeeded: n % 100_000_000)
        for k in stride(from: 14, through: 7, by: -1) {
            p[k] = UInt8(truncatingIfNeeded: low % 10) &+ 48
            low /= 10
        }
        for k in stride(from: 6, through: 0, by: -1) {
            p[k] = UInt8(truncatingIfNeeded: high % 10) &+ 48
            high /= 10
        }
    }

    /// Appends the decimal digits of `n`.
    static func appendInteger(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits at most
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var k = raw.count
            repeat {
                k -= 1
                digits[k] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(start: digits + k, count: raw.count - k))
        }
    }
}
