// MARK: - A value's text for people, written as bytes
//
// `CellText.format` appended to a byte buffer without a `String` per value, for the
// renderers that write a report of millions of cells (table, Markdown, HTML, the `texts`
// of JSON). Only the common cases are written here: a blank, and a number in the
// `general`, `text` or `number(n)` format (whole numbers) or in `general`/`text` (others, from
// `Digits15`). Everything else answers false, and the caller writes
// `CellText.format`'s `String` as it did before. The bytes written are the same as that
// `String`'s (`CellBytesTests` compares them on a few hundred thousand numbers), and are
// ASCII without control characters or markup: safe as they are in every output.

enum CellBytes {
    /// Appends `v` in `format` and `locale` as `CellText.format` writes it, when it is one
    /// of the common cases; answers false (having written nothing) otherwise.
    @inline(__always)
    static func append(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale, to out: inout [UInt8]) -> Bool {
        switch v {
        case .number(let x): return number(x, format, locale, to: &out)
        case .blank: return true
        default: return false
        }
    }

    /// `NumberFormatter.format(x, format, locale)`, in its common cases.
    static func number(_ x: Double, _ format: DisplayFormat, _ locale: DisplayLocale, to out: inout [UInt8]) -> Bool {
        let grouped: Bool
        var decimals = 0
        switch format {
        case .general: grouped = true
        case .text: grouped = false
        case .number(let d):
            grouped = true
            decimals = d
        case .percent, .points: return false
        }
        let group = UInt8(ascii: locale == .vi ? "." : ",")
        let point = UInt8(ascii: locale == .vi ? "," : ".")
        // Whole numbers up to 2^53 are exact: every digit.
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) {
            if x < 0 { out.append(UInt8(ascii: "-")) }
            digits(UInt64(abs(x)), group: grouped ? group : nil, to: &out)
            if decimals > 0 {
                out.append(point)
                for _ in 0..<decimals { out.append(UInt8(ascii: "0")) }
            }
            return true
        }
        // Others in `general` and `text` only (`number(n)` rounds: left to NumberFormatter),
        // and only in plain notation (scientific below 10^-9).
        if case .number = format { return false }
        guard let (negative, n, exponent) = Digits15.of(x), exponent >= -9 else { return false }
        guard grouped, exponent >= 3 else {
            // No separator to put in: the machines' digits, with the locale's point.
            let start = out.count
            MachineBytes.appendDigits(negative, n, exponent, to: &out)
            if point != UInt8(ascii: ".") {
                if let dot = out[start...].firstIndex(of: UInt8(ascii: ".")) { out[dot] = point }
            }
            return true
        }
        var scratch: (UInt64, UInt64) = (0, 0)  // 16 bytes: the 15 digits
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            MachineBytes.fifteen(n, into: digits)
            var count = 15
            while count > 1, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            if negative { out.append(UInt8(ascii: "-")) }
            // A separator before each group of three integer digits but the first.
            for k in 0...exponent {
                if k > 0, (exponent + 1 - k) % 3 == 0 { out.append(group) }
                out.append(digits[k])
            }
            if count > exponent + 1 {
                out.append(point)
                out.append(contentsOf: UnsafeBufferPointer(start: digits + exponent + 1, count: count - exponent - 1))
            }
        }
        return true
    }

    /// The decimal digits of `n`, grouped by threes with `group` when given.
    static func digits(_ n: UInt64, group: UInt8?, to out: inout [UInt8]) {
        guard let group, n >= 1000 else { return MachineBytes.appendInteger(Int(n), to: &out) }
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: 20 digits and 6 separators
        withUnsafeMutableBytes(of: &scratch) { raw in
            let text = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var k = raw.count, rest = n, written = 0
            repeat {
                if written > 0, written % 3 == 0 {
                    k -= 1
                    text[k] = group
                }
                k -= 1
                text[k] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                rest /= 10
                written += 1
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(start: text + k, count: raw.count - k))
        }
    }
    /// The display width of `bytes` when they are printable ASCII (one column a byte, as
    /// `DisplayWidth.of` counts them), else nil.
    static func asciiWidth(_ bytes: ArraySlice<UInt8>) -> Int? {
        for b in bytes where b < 0x20 || b >= 0x7F { return nil }
        return bytes.count
    }
}
