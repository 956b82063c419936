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
                blocks.append(box(nil, header: nil, rows: rows) + notes(OriginNotes.lines(scalars, report.locale)))
            case .table(let t):
                blocks.append(table(t, report.locale, width: width))
            case .paragraph(let p):
                blocks.append(wrapped(DisplayWidth.sanitized(p.text), width: width).map { $0 + "\n" }.joined())
            case .across(let a):
                blocks.append(across(a, report.locale, width: width))
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
        // With subtotals (`Năm 2018` after 2018's last period), the columns interleave.
        let columns = t.subtotals.isEmpty ? nil : t.columns
        var header = [Cell("", right: false)]
        if let columns {
            for c in columns { header.append(Cell(label(t, c, locale), right: true)) }
        } else {
            for p in t.periods { header.append(Cell(p.label(locale), right: true)) }
        }
        if let total = t.totalLabel { header.append(Cell(total, right: true)) }
        // Where each period's cell is in a line (after the label).
        let position = columns.map(Self.periodPositions) ?? Array(1...max(1, t.periods.count))
        if t.showsTrend { header.append(Cell(Sparkline.heading(locale), right: false)) }
        let rows: [[Cell]] = t.rows.map { r in
            var cells = [Cell(r.label ?? r.name, right: false)]
            if let columns {
                for c in columns {
                    let v = r.value(c)
                    cells.append(Cell(CellText.format(v, r.format, locale), right: CellText.alignsRight(v)))
                }
            } else {
                for v in r.values { cells.append(Cell(CellText.format(v, r.format, locale), right: CellText.alignsRight(v))) }
            }
            if t.totalLabel != nil { cells.append(Cell(CellText.format(r.total, r.format, locale), right: CellText.alignsRight(r.total))) }
            for i in r.origins.keys where i < position.count && position[i] < cells.count { cells[position[i]].text += OriginNotes.mark }
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
        for i in 1..<(1 + t.periods.count + t.subtotals.count) where i < header.count {
            let (a, b) = twoLines(header[i].text)
            top[i] = Cell(a, right: true)
            bottom[i] = Cell(b, right: true)
        }
        return box(title, header: top, rows: rows, headerBelow: bottom) + notes(OriginNotes.lines(t, locale))
    }

    /// A value column's header: a period's label, or a subtotal's year (`Năm 2018`).
    static func label(_ t: Report.Table, _ c: Report.Column, _ locale: DisplayLocale) -> String {
        switch c {
        case .period(let i): t.periods[i].label(locale)
        case .subtotal(let s): t.subtotals[s].year.label(locale)
        }
    }

    /// For each period, the place of its cell in a line of `columns` (the label is 0).
    static func periodPositions(_ columns: [Report.Column]) -> [Int] {
        var out: [Int] = []
        for (k, c) in columns.enumerated() { if case .period = c { out.append(k + 1) } }
        return out
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

// MARK: - Tables across imported notebooks

extension TerminalRenderer {
    /// A table whose columns are notebooks: the period in the corner, a heading per
    /// column (or per figure, transposed). Too wide for `width`, the headings go on two
    /// lines, as a period table's do.
    static func across(_ a: Report.AcrossTable, _ locale: DisplayLocale, width: Int = 80) -> String {
        let grid = a.grid(locale)
        let header = [Cell(grid.corner, right: false)] + grid.headers.map { Cell($0, right: true) }
        let rows: [[Cell]] = grid.lines.map { line in
            [Cell(line.head, right: false)]
                + line.cells.map {
                    Cell(CellText.format($0.value, $0.format, locale) + marked($0.origin), right: CellText.alignsRight($0.value))
                }
        }
        let title = DisplayWidth.sanitized(a.label ?? a.name)
        let widths = columnWidths([header] + rows)
        let below = notes(OriginNotes.lines(a, locale))
        guard widths.reduce(0, +) + 3 * widths.count + 1 > width else { return box(title, header: header, rows: rows) + below }
        var top = header, bottom = header.map { Cell("", right: $0.right) }
        for i in 1..<header.count {
            let (x, y) = twoLines(header[i].text)
            top[i] = Cell(x, right: true)
            bottom[i] = Cell(y, right: true)
        }
        return box(title, header: top, rows: rows, headerBelow: bottom) + below
    }
}
