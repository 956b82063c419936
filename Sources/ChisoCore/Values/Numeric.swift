// MARK: - Numbers as a careful spreadsheet user expects
//
// Numbers are IEEE doubles (integers exact up to 2^53), with LibreOffice's rules on
// top: results that differ from an exact one only in the last bits compare and
// display as the exact one. Rounding works on the number as written, to 15
// significant digits, half away from zero: round(2.675, 2) = 2.68, round(1.005, 2) = 1.01.

import CChisoSupport

/// A number as 15 significant decimal digits: `negative`, `digits` d1…d15 and the
/// decimal exponent of d1 (value = d1.d2d3… × 10^exponent).
struct Decimal15: Equatable {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    /// The 15-significant-digit decimal form of a finite double, correctly rounded: by
    /// integer arithmetic where `Digits15` reaches, else by the C library.
    init(_ x: Double) {
        guard let (negative, n, exponent) = Digits15.of(x) else {
            self.init(printf: x)
            return
        }
        var digits = [UInt8](repeating: 0, count: 15)
        var rest = n
        for k in stride(from: 14, through: 0, by: -1) {
            digits[k] = UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        self.init(negative: negative, digits: digits, exponent: exponent)
    }

    /// The same, always from the C library's printf (the reference the tests compare with).
    init(printf x: Double) {
        var negative = false, digits: [UInt8] = [], i = 0
        digits.reserveCapacity(16)
        let bytes: [UInt8] = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            let count = Int(chiso_format15(buffer.baseAddress!, 40, x))
            return (0..<min(max(0, count), 39)).map { UInt8(bitPattern: buffer[$0]) }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        while i < bytes.count, bytes[i] != UInt8(ascii: "e") {
            if bytes[i] != UInt8(ascii: ".") { digits.append(bytes[i] &- 48) }
            i += 1
        }
        var exponent = 0, expNegative = false
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            expNegative = true; i += 1
        } else if i < bytes.count, bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        while i < bytes.count { exponent = exponent * 10 + Int(bytes[i] &- 48); i += 1 }
        self.negative = negative && digits.contains { $0 != 0 }
        self.digits = digits
        self.exponent = expNegative ? -exponent : exponent
        if digits.allSatisfy({ $0 == 0 }) { self.exponent = 0 }
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    var isZero: Bool { digits.allSatisfy { $0 == 0 } }

    enum Mode { case halfAwayFromZero, awayFromZero, towardZero }

    /// Rounded to `decimals` digits after the point (negative: to tens, hundreds…).
    func rounded(decimals: Int, mode: Mode = .halfAwayFromZero) -> Decimal15 {
        let keep = exponent + decimals + 1  // how many leading digits survive
        if keep >= digits.count { return self }
        var kept = keep > 0 ? Array(digits[0..<keep]) : []
        let dropped = keep >= 0 ? digits[keep...] : digits[0...]
        let roundUp: Bool
        switch mode {
        case .halfAwayFromZero: roundUp = keep >= 0 && digits[keep] >= 5
        case .awayFromZero: roundUp = dropped.contains { $0 != 0 }
        case .towardZero: roundUp = false
        }
        var exp = exponent
        if roundUp {
            if keep <= 0 {
                // Everything was dropped: the result is one unit in the last kept place.
                return Decimal15(negative: negative, digits: [1], exponent: -decimals)
            }
            var i = kept.count - 1
            while i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
            }
            if i < 0 { kept.insert(1, at: 0); exp += 1 }
        }
        if kept.isEmpty || kept.allSatisfy({ $0 == 0 }) { return Decimal15(negative: false, digits: [0], exponent: 0) }
        return Decimal15(negative: negative, digits: kept, exponent: exp)
    }

    /// Multiplied by 10^k exactly (percent display shifts by 2).
    func scaled(by k: Int) -> Decimal15 {
        isZero ? self : Decimal15(negative: negative, digits: digits, exponent: exponent + k)
    }

    /// Digits without trailing zeros.
    var trimmed: Decimal15 {
        var d = digits
        while d.count > 1, d.last == 0 { d.removeLast() }
        return Decimal15(negative: negative, digits: d, exponent: exponent)
    }

    /// Plain decimal text with `.` as the point, no grouping: `-1234.5`.
    var plainText: String {
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        write(into: &out, minFraction: 0, group: nil, point: UInt8(ascii: "."))
        return String(decoding: out, as: UTF8.self)
    }

    /// Integer digits and fraction digits as ASCII (at least `minFraction` fraction digits, zero-padded).
    func parts(minFraction: Int) -> (integer: [UInt8], fraction: [UInt8]) {
        let zero = UInt8(ascii: "0")
        var intDigits: [UInt8] = [], fracDigits: [UInt8] = []
        if isZero {
            intDigits = [zero]
        } else if exponent >= 0 {
            intDigits.reserveCapacity(exponent + 1)
            for i in 0...exponent { intDigits.append(zero + (i < digits.count ? digits[i] : 0)) }
            if digits.count > exponent + 1 {
                for d in digits[(exponent + 1)...] { fracDigits.append(zero + d) }
            }
        } else {
            intDigits = [zero]
            fracDigits = Array(repeating: zero, count: -exponent - 1)
            for d in digits { fracDigits.append(zero + d) }
        }
        while fracDigits.count > minFraction, fracDigits.last == zero { fracDigits.removeLast() }
        if fracDigits.count < minFraction { fracDigits += Array(repeating: zero, count: minFraction - fracDigits.count) }
        return (intDigits, fracDigits)
    }

    /// Appends the digits (without the sign), grouping the integer part with `group` when given.
    func write(into out: inout [UInt8], minFraction: Int, group: [UInt8]?, point: UInt8...) {
        let (intPart, fraction) = parts(minFraction: minFraction)
        for (i, d) in intPart.enumerated() {
            if let group, i > 0, (intPart.count - i) % 3 == 0 { out += group }
            out.append(d)
        }
        if !fraction.isEmpty {
            out += point
            out += fraction
        }
    }

    var doubleValue: Double { Double(plainText) ?? .nan }
}

enum Numeric {
    /// 2^-48, LibreOffice's tolerance for "equal".
    static let tolerance = 1.0 / (16_777_216.0 * 16_777_216.0)

    /// Equal up to the last few bits (LibreOffice `rtl::math::approxEqual`).
    static func approxEqual(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        if a == 0 || b == 0 || !a.isFinite || !b.isFinite { return false }
        // Whole numbers are exact (up to 2^53): 2^53 - 1 and 2^53 - 2 differ.
        if a == a.rounded(.towardZero), b == b.rounded(.towardZero) { return false }
        return abs(a - b) < abs(a) * tolerance
    }

    /// `a + b`, snapped to 0 when the operands cancel (so 0.3 - 0.1 - 0.2 == 0).
    static func add(_ a: Double, _ b: Double) -> Double {
        let r = a + b
        if (a < 0) != (b < 0), approxEqual(a, -b) { return 0 }
        return r
    }

    static func subtract(_ a: Double, _ b: Double) -> Double {
        let r = a - b
        if (a < 0) == (b < 0), approxEqual(a, b) { return 0 }
        return r
    }

    /// Three-way comparison with approximate equality.
    static func compare(_ a: Double, _ b: Double) -> Int {
        if approxEqual(a, b) { return 0 }
        return a < b ? -1 : 1
    }

    /// `round(x, digits)` on the number as written to 15 significant digits.
    static func round(_ x: Double, _ digits: Int, mode: Decimal15.Mode = .halfAwayFromZero) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let d = max(-400, min(400, digits))
        return Decimal15(x).rounded(decimals: d, mode: mode).doubleValue
    }

    /// True when `x` is a whole number once read at 15 significant digits.
    static func isWhole(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if x == x.rounded() { return true }
        let d = Decimal15(x).trimmed
        return d.digits.count <= d.exponent + 1
    }
}
