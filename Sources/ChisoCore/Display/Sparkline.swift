// MARK: - Trend sparklines
//
// `with trend` adds a column after a table's total with each row's values drawn small,
// from its lowest value (▁) to its highest (█); a row whose numbers are all equal is
// flat (▄). A blank is a gap (a space), an error a gap with a mark (`!`), and so is a
// text among numbers. A row with no number shows nothing, and so does a table over one
// period: the column is left out.

enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let errorMark: Character = "!"

    /// Where each value is, from 0 (the row's lowest) to 1 (its highest); nil for a gap,
    /// `.nan` for a gap with a mark. Nil when the row has no number.
    static func levels(_ values: [Value]) -> [Double?]? {
        let numbers = values.compactMap { if case .number(let x) = $0 { x } else { nil } }
        guard let lo = numbers.min(), let hi = numbers.max() else { return nil }
        return values.map { v in
            switch v {
            // Halved first: no difference of two doubles overflows.
            case .number(let x): hi == lo ? 3.0 / 7 : (x / 2 - lo / 2) / (hi / 2 - lo / 2)
            case .blank: nil
            default: .nan
            }
        }
    }

    /// The row's sparkline in block characters, one a period (empty with no number).
    static func text(_ values: [Value]) -> String {
        guard let levels = levels(values) else { return "" }
        var out = ""
        for l in levels {
            guard let l else {
                out.append(" ")
                continue
            }
            if l.isNaN {
                out.append(errorMark)
            } else {
                out.append(Self.levels[min(7, max(0, Int((l * 7).rounded())))])
            }
        }
        // Trailing gaps are not drawn.
        while out.last == " " { out.removeLast() }
        return out
    }

    /// The heading of the trend column.
    static func heading(_ locale: DisplayLocale) -> String { locale == .vi ? "Xu hướng" : "Trend" }
}

extension Report.Table {
    /// Whether the table has a trend column: `with trend`, over more than one period.
    public var showsTrend: Bool { trend && periods.count > 1 }
}
