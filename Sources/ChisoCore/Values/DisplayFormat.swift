// MARK: - Display formats
//
// `as percent` / `percent(d)`, `as number(d)` (thousands grouped), `as integer`,
// `as text`, `as points(d)` (percentage points). Without `as`, a cell is shown in `general`: integers whole and other
// numbers with up to 15 significant digits, trailing zeros trimmed.

public enum DisplayFormat: Sendable, Equatable, CustomStringConvertible {
    case general
    /// Grouped, with exactly `decimals` digits after the point.
    case number(decimals: Int)
    /// Percent with exactly `decimals` digits; nil: as many as the value needs (a `12.5%` literal).
    case percent(decimals: Int?)
    /// Plain: no grouping, as many digits as needed.
    case text
    /// Percentage points, for a change between two rates (0.35: `35,0 điểm %`, `35.0 pp`),
    /// with exactly `decimals` digits.
    case points(decimals: Int)

    /// `as integer` is `number(0)`.
    public static let integer = DisplayFormat.number(decimals: 0)

    /// As written after `as`; `general`, which is never written, by its name.
    public var description: String { sourceText ?? "general" }

    /// How the format is written in source, after `as`.
    public var sourceText: String? {
        switch self {
        case .general: nil
        case .number(0): "integer"
        case .number(let d): "number(\(d))"
        case .percent(nil): "percent"
        case .percent(let d?): "percent(\(d))"
        case .text: "text"
        case .points(let d): "points(\(d))"
        }
    }
}

/// How numbers are written for a reader: `vi` (1.445 and 31,04%) or `en` (1,445 and 31.04%).
public enum DisplayLocale: String, Sendable, CaseIterable {
    case en, vi

    var groupSeparator: String { self == .vi ? "." : "," }
    var decimalSeparator: String { self == .vi ? "," : "." }
    var trueText: String { self == .vi ? "đúng" : "true" }
    /// The heading of a total column when the table names none.
    public var totalText: String { self == .vi ? "Tổng" : "Total" }
    var falseText: String { self == .vi ? "sai" : "false" }
    /// After a number of percentage points: `35,0 điểm %`, `35.0 pp`.
    var pointsSuffix: String { self == .vi ? " điểm %" : " pp" }
}
