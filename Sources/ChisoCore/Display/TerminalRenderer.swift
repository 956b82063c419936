import Foundation

// MARK: - Tables drawn with box characters
//
//   Hồ sơ DVC mức 3, 4
//   ┌─────────────────┬────────────┬─────────────┬───────┐
//   │                 │ Quý I/2018 │ Quý II/2018 │ Cả kỳ │
//   ├─────────────────┼────────────┼─────────────┼───────┤
//   │ Hồ sơ tiếp nhận │         20 │          35 │    55 │
//   └─────────────────┴────────────┴─────────────┴───────┘
//
// Periods are labelled for people, in the report's locale (`Period.label`); a table
// wider than the terminal has them on two lines (`Quý I` above `2018`).
// Columns line up by display width, so labels with Vietnamese diacritics (precomposed or
// combining) align.

public enum TerminalRenderer {
    /// The report for a terminal `width` columns wide (paragraphs are wrapped to it).
    public static func render(_ report: Report, width: Int = 80) -> String {
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
                blocks.append(table(t, report.locale, width: width))
            case .paragraph(let p):
                blocks.append(wrapped(DisplayWidth.sanitized(p.text), width: width).map { $0 + "\n" }.joined())
            case .chart(let c):
                blocks.append(ChartText.render(c, report.locale, width: width))
            }
        }
        return blocks.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` columns, broken at spaces (a word wider than
    /// the width has a line of its own).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        for word in text.split(whereSeparator: { $0 == " " }) {
            let w = DisplayWidth.of(String(word))
            if lineWidth > 0, lineWidth + 1 + w > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += w
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    struct Cell {
        /// The text, made safe; its display width is measured once.
        var text: String { didSet { width = DisplayWidth.of(text) } }
        var right: Bool
        private(set) var width: Int
        init(_ text: String, right: Bool) {
            self.text = DisplayWidth.sanitized(text)
            self.right = right
            self.width = DisplayWidth.of(self.text)
        }
    }

    /// A table: its periods by their labels (`Quý I/2019`). When the table is wider than
    /// `width`, each period's label is broken over two lines (`Quý I` above `2019`),
    /// never cut.
    static func table(_ t: Report.Table, _ locale: DisplayLocale, width: Int = 80) -> String {
        var header = [Cell("", right: false)] + t.periods.map { Cell($0.label(locale), right: true) }
        if let total = t.totalLabel { header.append(Cell(total, right: true)) }
        if t.showsTrend { header.append(Cell(Sparkline.heading(locale), right: false)) }
        let rows: [[Cell]] = t.rows.map { r in
            var cells = [Cell(r.label ?? r.name, right: false)]
            for v in r.values { cells.append(Cell(CellText.format(v, r.format, locale), right: CellText.alignsRight(v))) }
            if t.totalLabel != nil { cells.append(Cell(CellText.format(r.total, r.format, locale), right: CellText.alignsRight(r.total))) }
            for i in r.origins.keys where i + 1 < cells.count { cells[i + 1].text += OriginNotes.mark }
            if t.showsTrend { cells.append(Cell(Sparkline.text(r.values), right: false)) }
            return cells
        }
        let title = DisplayWidth.sanitized(t.label ?? t.name)
        // The box's width: each column's text and its two spaces, and the rules between.
        let widths = columnWidths([header] + rows)
        guard widths.reduce(0, +) + 3 * widths.count + 1 > width else {
            return box(title, header: header, rows: rows) + notes(OriginNotes.lines(t, locale))
        }
        // Too wide: each period's label on two lines.
        var top = header, bottom = header.map { Cell("", right: $0.right) }
        for i in t.periods.indices {
            let (a, b) = twoLines(header[i + 1].text)
            top[i + 1] = Cell(a, right: true)
            bottom[i + 1] = Cell(b, right: true)
        }
        return box(title, header: top, rows: rows, headerBelow: bottom) + notes(OriginNotes.lines(t, locale))
    }

    /// The mark on an amended value.
    static func marked(_ origin: ValueOrigin?) -> String { origin == nil ? "" : OriginNotes.mark }

    /// The notes under a box about its amended values.
    static func notes(_ lines: [String]) -> String {
        lines.map { OriginNotes.mark + " " + DisplayWidth.sanitized($0) + "\n" }.joined()
    }

    /// A label on two lines, broken at a space or a `/` (which goes), so that the wider
    /// line is as narrow as it can be: `Quý I` and `2019`, `6 tháng đầu` and `năm 2019`.
    static func twoLines(_ label: String) -> (String, String) {
        let chars = Array(label)
        var best = (label, ""), bestWidth = DisplayWidth.of(label)
        for (i, c) in chars.enumerated() where c == " " || c == "/" {
            let a = String(chars[..<i]), b = String(chars[(i + 1)...])
            let w = max(DisplayWidth.of(a), DisplayWidth.of(b))
            if !a.isEmpty, !b.isEmpty, w < bestWidth {
                best = (a, b)
                bestWidth = w
            }
        }
        return best
    }

    /// The widest cell of each column.
    static func columnWidths(_ lines: [[Cell]]) -> [Int] {
        var widths = Array(repeating: 0, count: lines.map(\.count).max() ?? 0)
        for r in lines {
            for (i, c) in r.enumerated() where c.width > widths[i] { widths[i] = c.width }
        }
        return widths
    }

    /// A box drawn into one string: the lines are appended in place (no string per cell
    /// or per line), so a notebook of thousands of tables prints in time proportional to
    /// its cells.
    static func box(_ title: String?, header: [Cell]?, rows: [[Cell]], headerBelow: [Cell]? = nil) -> String {
        let widths = columnWidths((header.map { [$0] } ?? []) + (headerBelow.map { [$0] } ?? []) + rows)
        let columns = widths.count
        guard columns > 0 else { return title.map { $0 + "\n" } ?? "" }
        var out = title.map { $0 + "\n" } ?? ""
        let lineBytes = widths.reduce(0, +) + 4 * columns + 4
        out.reserveCapacity(out.utf8.count + (rows.count + 5) * lineBytes * 2)
        func spaces(_ n: Int) {
            for _ in 0..<max(0, n) { out.append(" ") }
        }
        func rule(_ left: String, _ mid: String, _ right: String) {
            out.append(left)
            for (i, w) in widths.enumerated() {
                if i > 0 { out.append(mid) }
                for _ in 0..<(w + 2) { out.append("─") }
            }
            out.append(right)
            out.append("\n")
        }
        func line(_ cells: [Cell]) {
            out.append("│")
            for i in 0..<columns {
                out.append(" ")
                if i < cells.count {
                    let c = cells[i]
                    if c.right { spaces(widths[i] - c.width) }
                    out.append(c.text)
                    if !c.right { spaces(widths[i] - c.width) }
                } else {
                    spaces(widths[i])
                }
                out.append(" │")
            }
            out.append("\n")
        }
        rule("┌", "┬", "┐")
        if let header {
            line(header)
            if let headerBelow { line(headerBelow) }
            if !rows.isEmpty { rule("├", "┼", "┤") }
        }
        for r in rows { line(r) }
        rule("└", "┴", "┘")
        return out
    }
}
