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

/// Numbers for machines: integers exact up to 2^53, others to 15 significant digits.
enum MachineNumber {
    static func text(_ x: Double) -> String {
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) { return String(Int(x)) }
        return Decimal15(x).trimmed.plainText
    }

    static func value(_ x: Double) -> Double {
        if abs(x) <= 9_007_199_254_740_992, x == x.rounded(.towardZero) { return x }
        return Decimal15(x).trimmed.doubleValue
    }
}
