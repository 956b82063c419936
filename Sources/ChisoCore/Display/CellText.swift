// MARK: - A value as the text of a cell

public enum CellText {
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

    /// Numbers line up on the right; text on the left.
    static func alignsRight(_ v: Value) -> Bool {
        switch v {
        case .number, .error, .bool: true
        default: false
        }
    }
}
