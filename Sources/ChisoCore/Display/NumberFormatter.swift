// MARK: - Numbers to text

public enum NumberFormatter {
    /// `x` written in `format` for readers of `locale`.
    public static func format(_ x: Double, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        guard x.isFinite else { return ErrorCode.num.rawValue }
        // Whole numbers up to 2^53 are exact: print every digit.
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) {
            switch format {
            case .general, .text, .number:
                let digits = String(Int(abs(x)))
                var s = x < 0 ? "-" : ""
                s += format == .text ? digits : group(digits, locale.groupSeparator)
                if case .number(let d) = format, d > 0 { s += locale.decimalSeparator + String(repeating: "0", count: d) }
                return s
            case .percent, .points:
                break
            }
        }
        let d = Decimal15(x)
        switch format {
        case .general:
            return general(d, locale, grouped: true)
        case .text:
            return general(d, locale, grouped: false)
        case .number(let decimals):
            return fixed(d.rounded(decimals: decimals), decimals: decimals, locale)
        case .percent(let decimals?):
            return fixed(d.scaled(by: 2).rounded(decimals: decimals), decimals: decimals, locale) + "%"
        case .percent(nil):
            return general(d.scaled(by: 2), locale, grouped: true) + "%"
        case .points(let decimals):
            return fixed(d.scaled(by: 2).rounded(decimals: decimals), decimals: decimals, locale) + locale.pointsSuffix
        }
    }

    /// Up to 15 significant digits, trailing zeros trimmed; scientific beyond 10^15 or below 10^-9.
    static func general(_ d: Decimal15, _ locale: DisplayLocale, grouped: Bool) -> String {
        let t = d.trimmed
        if !t.isZero, t.exponent >= 15 || t.exponent < -9 {
            var mantissa = String(t.digits[0])
            if t.digits.count > 1 {
                mantissa += locale.decimalSeparator + t.digits[1...].map(String.init).joined()
            }
            return (t.negative ? "-" : "") + mantissa + "E" + (t.exponent < 0 ? "-" : "+") + String(abs(t.exponent))
        }
        return join(t, minFraction: 0, locale, grouped: grouped)
    }

    static func fixed(_ d: Decimal15, decimals: Int, _ locale: DisplayLocale) -> String {
        join(d, minFraction: max(0, decimals), locale, grouped: true)
    }

    private static func join(_ d: Decimal15, minFraction: Int, _ locale: DisplayLocale, grouped: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        // "-0,0" would claim a sign that rounding took away.
        if d.negative, !d.isZero { out.append(UInt8(ascii: "-")) }
        d.write(
            into: &out, minFraction: minFraction, group: grouped ? Array(locale.groupSeparator.utf8) : nil,
            point: UInt8(ascii: locale == .vi ? "," : "."))
        return String(decoding: out, as: UTF8.self)
    }

    static func group(_ digits: String, _ separator: String) -> String {
        guard digits.count > 3 else { return digits }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return out
    }
}
