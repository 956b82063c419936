// MARK: - A value as text
//
// Two variants of one function, for two readers; both write a blank as nothing, an
// error as its code and a period as the source writes it:
//
// * `format`: for people. Numbers in a display format and a locale (`1.234,5`, `31,0%`),
//   booleans in the locale's words, a series as its values joined by ", ". The terminal,
//   Markdown, HTML, the `text` fields of JSON, the REPL, and `text(x)` and `concat` (in
//   the `text` format and the notebook's locale) all write values with it.
// * `machine`: for programs. Numbers plain with '.' (`MachineNumber`: integers exact,
//   others to 15 significant digits), booleans `true`/`false`, a series as its values
//   joined by spaces. CSV writes values with it; JSON writes the same numbers as numbers.

public enum CellText {
    /// A value for people, in `format` and `locale`.
    public static func format(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        switch v {
        case .number(let x): NumberFormatter.format(x, format, locale)
        case .text(let s): s
        case .bool(let b): b ? locale.trueText : locale.falseText
        case .blank: ""
        case .error(let e): e.rawValue
        case .period(let p): p.description
        case .series(let s): s.values.map { CellText.format($0, format, locale) }.joined(separator: ", ")
        }
    }

    /// A value for programs; `text` writes a text value (CSV makes it safe to open).
    static func machine(_ v: Value, text: (String) -> String = { $0 }) -> String {
        switch v {
        case .number(let x): MachineNumber.text(x)
        case .text(let s): text(s)
        case .bool(let b): b ? "true" : "false"
        case .blank: ""
        case .error(let e): e.rawValue
        case .period(let p): p.description
        case .series(let s): s.values.map { machine($0, text: text) }.joined(separator: " ")
        }
    }

    /// Numbers line up on the right; text on the left.
    static func alignsRight(_ v: Value) -> Bool {
        switch v {
        case .number, .error, .bool: true
        default: false
        }
    }
}

/// Numbers for machines: integers exact up to 2^53, others to 15 significant digits;
/// the largest doubles (from ±1.797693134862315e308), which 15 digits round past the
/// largest finite one, so that a program would read infinity, with the digits of their
/// shortest exact form (`1.7976931348623157e308`, plain: 179769313486231570000…).
enum MachineNumber {
    static func text(_ x: Double) -> String {
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) { return String(Int(x)) }
        let d = Decimal15(x).trimmed
        if d.exponent >= 308, !d.doubleValue.isFinite { return exactText(x) }
        return d.plainText
    }

    /// `x` in plain notation (no exponent) with the digits of Swift's shortest round-trip
    /// form, which reads back as `x` itself.
    static func exactText(_ x: Double) -> String {
        guard x.isFinite else { return x.description }
        let text = x.magnitude.description  // "1.7976931348623157e+308"
        let parts = text.split(separator: "e")
        let pieces = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        var digits = whole + (pieces.count > 1 ? String(pieces[1]) : "")
        var point = whole.count + (parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        var out = x < 0 ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            out += digits.prefix(point) + "." + digits.dropFirst(point)
        }
        // Trailing zeros of a fraction add nothing ("0" after the point would be ".0").
        if out.contains("."), out.hasSuffix("0") {
            while out.hasSuffix("0") { out.removeLast() }
            if out.hasSuffix(".") { out.removeLast() }
        }
        return out
    }

    static func value(_ x: Double) -> Double {
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) { return x }
        return Decimal15(x).trimmed.doubleValue
    }
}
