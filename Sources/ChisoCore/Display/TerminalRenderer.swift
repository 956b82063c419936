import Foundation

// MARK: - Tables drawn with box characters
//
//   Hồ sơ DVC mức 3, 4
//   ┌─────────────────┬────────┬────────┬───────┐
//   │                 │ 2018Q1 │ 2018Q2 │ Cả kỳ │
//   ├─────────────────┼────────┼────────┼───────┤
//   │ Hồ sơ tiếp nhận │     20 │     35 │    55 │
//   └─────────────────┴────────┴────────┴───────┘
//
// Columns line up by display width, so labels with Vietnamese diacritics (precomposed or
// combining) align.

public enum TerminalRenderer {
    public static func render(_ report: Report) -> String {
        var blocks: [String] = []
        for item in report.items {
            switch item {
            case .heading(let raw):
                let text = DisplayWidth.sanitized(raw)
                blocks.append(text + "\n" + String(repeating: "═", count: max(3, DisplayWidth.of(text))) + "\n")
            case .scalars(let scalars):
                let rows = scalars.map { s in
                    [
                        Cell(s.label ?? s.name, right: false),
                        Cell(CellText.format(s.value, s.format, report.locale) + marked(s.origin), right: CellText.alignsRight(s.value)),
                    ]
                }
                blocks.append(box(nil, header: nil, rows: rows) + notes(OriginNotes.lines(scalars)))
            case .table(let t):
                blocks.append(table(t, report.locale))
            }
        }
        return blocks.joined(separator: "\n")
    }

    struct Cell {
        var text: String
        var right: Bool
        init(_ text: String, right: Bool) {
            self.text = DisplayWidth.sanitized(text)
            self.right = right
        }
    }

    static func table(_ t: Report.Table, _ locale: DisplayLocale) -> String {
        var header = [Cell("", right: false)] + t.periods.map { Cell($0.description, right: true) }
        if let total = t.totalLabel { header.append(Cell(total, right: true)) }
        let rows: [[Cell]] = t.rows.map { r in
            var cells = [Cell(r.label ?? r.name, right: false)]
            for v in r.values { cells.append(Cell(CellText.format(v, r.format, locale), right: CellText.alignsRight(v))) }
            if t.totalLabel != nil { cells.append(Cell(CellText.format(r.total, r.format, locale), right: CellText.alignsRight(r.total))) }
            for i in r.origins.keys where i + 1 < cells.count { cells[i + 1].text += OriginNotes.mark }
            return cells
        }
        return box(DisplayWidth.sanitized(t.label ?? t.name), header: header, rows: rows) + notes(OriginNotes.lines(t))
    }

    /// The mark on an amended value.
    static func marked(_ origin: ValueOrigin?) -> String { origin == nil ? "" : OriginNotes.mark }

    /// The notes under a box about its amended values.
    static func notes(_ lines: [String]) -> String {
        lines.map { OriginNotes.mark + " " + DisplayWidth.sanitized($0) + "\n" }.joined()
    }

    static func box(_ title: String?, header: [Cell]?, rows: [[Cell]]) -> String {
        let columns = max(header?.count ?? 0, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return title.map { $0 + "\n" } ?? "" }
        var widths = Array(repeating: 0, count: columns)
        for r in (header.map { [$0] } ?? []) + rows {
            for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c.text)) }
        }
        func rule(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right + "\n"
        }
        func line(_ cells: [Cell]) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let c = i < cells.count ? cells[i] : Cell("", right: false)
                parts.append(" " + DisplayWidth.pad(c.text, to: widths[i], alignRight: c.right) + " ")
            }
            return "│" + parts.joined(separator: "│") + "│\n"
        }
        var out = title.map { $0 + "\n" } ?? ""
        out += rule("┌", "┬", "┐")
        if let header {
            out += line(header)
            if !rows.isEmpty { out += rule("├", "┼", "┤") }
        }
        for r in rows { out += line(r) }
        out += rule("└", "┴", "┘")
        return out
    }
}
