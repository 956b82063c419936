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
        String(decoding: bytes(report, width: width), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes.
    public static func bytes(_ report: Report, width: Int = 80) -> [UInt8] {
        ByteChunks.collect { write(report, width: width, chunk: $0) }
    }

    /// The same text written into one byte buffer, handed to `chunk` a megabyte or so at
    /// a time (between items): no `String` per cell, and no copy of the whole output.
    public static func write(_ report: Report, width: Int = 80, chunk: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(ByteChunks.size + (1 << 16))
        var labels = Labels(locale: report.locale)
        for (k, item) in report.items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: "\n")) }
            switch item {
            case .heading(let raw):
                let text = DisplayWidth.sanitized(raw)
                out.append(utf8: text + "\n" + String(repeating: "═", count: max(3, DisplayWidth.of(text))) + "\n")
            case .scalars(let scalars):
                var grid = Grid()
                for s in scalars {
                    grid.add(s.label ?? s.name, right: false)
                    grid.add(CellText.format(s.value, s.format, report.locale) + marked(s.origin), right: CellText.alignsRight(s.value))
                    grid.endLine()
                }
                box(nil, header: nil, rows: grid, into: &out)
                out.append(utf8: notes(OriginNotes.lines(scalars, report.locale)))
            case .table(let t):
                table(t, &labels, width: width, into: &out)
            case .paragraph(let p):
                out.append(utf8: wrapped(DisplayWidth.sanitized(p.text), width: width).map { $0 + "\n" }.joined())
            case .across(let a):
                out.append(utf8: across(a, report.locale, width: width))
            case .chart(let c):
                out.append(utf8: ChartText.render(c, report.locale, width: width))
            }
            ByteChunks.flush(&out, chunk)
        }
        ByteChunks.finish(&out, chunk)
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
    static func table(_ t: Report.Table, _ labels: inout Labels, width: Int = 80, into out: inout [UInt8]) {
        let locale = labels.locale
        // With subtotals (`Năm 2018` after 2018's last period), the columns interleave.
        let columns = t.subtotals.isEmpty ? nil : t.columns
        var header = [Cell("", right: false)]
        header.reserveCapacity(t.periods.count + t.subtotals.count + 3)
        if let columns {
            for c in columns {
                switch c {
                case .period(let i): header.append(labels.cell(t.periods[i]))
                case .subtotal(let s): header.append(labels.cell(t.subtotals[s].year))
                }
            }
        } else {
            for p in t.periods { header.append(labels.cell(p)) }
        }
        if let total = t.totalLabel { header.append(Cell(total, right: true)) }
        // Where each period's cell is in a line (after the label).
        let position = columns.map(Self.periodPositions) ?? Array(1...max(1, t.periods.count))
        if t.showsTrend { header.append(Cell(Sparkline.heading(locale), right: false)) }
        var grid = Grid()
        grid.reserve(lines: t.rows.count, cells: t.rows.count * (header.count + 1))
        for r in t.rows {
            // The cells marked as amended: those of the periods with an origin.
            let count = 1 + (columns?.count ?? r.values.count) + (t.totalLabel != nil ? 1 : 0)
            var marked: [Int] = []
            for i in r.origins.keys where i < position.count && position[i] < count { marked.append(position[i]) }
            grid.add(r.label ?? r.name, right: false)
            if let columns {
                for c in columns { grid.add(r.value(c), r.format, locale, mark: marked.contains(grid.position)) }
            } else {
                for v in r.values { grid.add(v, r.format, locale, mark: !marked.isEmpty && marked.contains(grid.position)) }
            }
            if t.totalLabel != nil { grid.add(r.total, r.format, locale, mark: !marked.isEmpty && marked.contains(grid.position)) }
            if t.showsTrend { grid.add(Sparkline.text(r.values), right: false) }
            grid.endLine()
        }
        let title = DisplayWidth.sanitized(t.label ?? t.name)
        // The box's width: each column's text and its two spaces, and the rules between.
        let widths = grid.widths(at: columnWidths([header]))
        guard widths.reduce(0, +) + 3 * widths.count + 1 > width else {
            box(title, header: header, rows: grid, into: &out)
            out.append(utf8: notes(OriginNotes.lines(t, locale)))
            return
        }
        // Too wide: each period's label on two lines.
        var top = header, bottom = header.map { Cell("", right: $0.right) }
        for i in 1..<(1 + t.periods.count + t.subtotals.count) where i < header.count {
            (top[i], bottom[i]) = labels.twoLines(header[i].text)
        }
        box(title, header: top, rows: grid, headerBelow: bottom, into: &out)
        out.append(utf8: notes(OriginNotes.lines(t, locale)))
    }

    /// Periods' labels as header cells, made once for the many tables over the same periods.
    struct Labels {
        let locale: DisplayLocale
        private var cells: [Period: Cell] = [:]
        private var split: [String: (Cell, Cell)] = [:]

        init(locale: DisplayLocale) { self.locale = locale }

        /// A period's label (`Quý I/2019`), as a header cell.
        mutating func cell(_ p: Period) -> Cell {
            if let c = cells[p] { return c }
            let c = Cell(p.label(locale), right: true)
            cells[p] = c
            return c
        }

        /// A header's text on two lines (`twoLines`), as two header cells.
        mutating func twoLines(_ text: String) -> (Cell, Cell) {
            if let pair = split[text] { return pair }
            let (a, b) = TerminalRenderer.twoLines(text)
            let pair = (Cell(a, right: true), Cell(b, right: true))
            split[text] = pair
            return pair
        }
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

    /// A box drawn into `out`: the header lines (`Cell`s) and the lines of `rows`, each
    /// cell's bytes copied from the grid, so a notebook of thousands of tables prints in
    /// time proportional to its cells.
    static func box(_ title: String?, header: [Cell]?, rows: Grid, headerBelow: [Cell]? = nil, into out: inout [UInt8]) {
        let widths = rows.widths(at: columnWidths((header.map { [$0] } ?? []) + (headerBelow.map { [$0] } ?? [])))
        let columns = widths.count
        if let title {
            out.append(utf8: title)
            out.append(UInt8(ascii: "\n"))
        }
        guard columns > 0 else { return }
        let lineBytes = widths.reduce(0, +) + 6 * columns + 4
        out.reserveCapacity(out.count + (rows.lineCount + 5) * lineBytes)
        let blanks = [UInt8](repeating: UInt8(ascii: " "), count: (widths.max() ?? 0) + 2)
        func spaces(_ n: Int) {
            if n > 0 { out.append(contentsOf: blanks[0..<n]) }
        }
        // A rule: ─ is E2 94 80 in UTF-8.
        var dashes: [UInt8] = []
        dashes.reserveCapacity(3 * blanks.count)
        for _ in 0..<blanks.count { dashes.append(contentsOf: [0xE2, 0x94, 0x80]) }
        func rule(_ left: String, _ mid: String, _ right: String) {
            out.append(utf8: left)
            for (i, w) in widths.enumerated() {
                if i > 0 { out.append(utf8: mid) }
                out.append(contentsOf: dashes[0..<(3 * (w + 2))])
            }
            out.append(utf8: right)
            out.append(UInt8(ascii: "\n"))
        }
        // A vertical rule │ is E2 94 82.
        let bar: [UInt8] = [0xE2, 0x94, 0x82], spaceBar: [UInt8] = [0x20, 0xE2, 0x94, 0x82]
        func line(_ cells: [Cell]) {
            out.append(contentsOf: bar)
            for i in 0..<columns {
                out.append(UInt8(ascii: " "))
                if i < cells.count {
                    let c = cells[i]
                    if c.right { spaces(widths[i] - c.width) }
                    out.append(utf8: c.text)
                    if !c.right { spaces(widths[i] - c.width) }
                } else {
                    spaces(widths[i])
                }
                out.append(contentsOf: spaceBar)
            }
            out.append(UInt8(ascii: "\n"))
        }
        rule("┌", "┬", "┐")
        if let header {
            line(header)
            if let headerBelow { line(headerBelow) }
            if rows.lineCount > 0 { rule("├", "┼", "┤") }
        }
        rows.bytes.withUnsafeBufferPointer { text in
            for l in 0..<rows.lineCount {
                out.append(contentsOf: bar)
                let first = rows.lineStarts[l], end = rows.lineStarts[l + 1]
                for i in 0..<columns {
                    out.append(UInt8(ascii: " "))
                    if first + i < end {
                        let c = rows.cells[first + i]
                        let cellText = UnsafeBufferPointer(rebasing: text[Int(c.start)..<Int(c.end)])
                        if c.right { spaces(widths[i] - Int(c.width)) }
                        out.append(contentsOf: cellText)
                        if !c.right { spaces(widths[i] - Int(c.width)) }
                    } else {
                        spaces(widths[i])
                    }
                    out.append(contentsOf: spaceBar)
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        rule("└", "┴", "┘")
    }

    /// The lines of a box's body: every cell's text in one byte buffer, each cell its
    /// range, display width and alignment (no `String` per cell).
    struct Grid {
        struct Ref {
            var start: Int32
            var end: Int32
            var width: Int32
            var right: Bool
        }
        var bytes: [UInt8] = []
        var cells: [Ref] = []
        /// Where each line's cells begin in `cells`, and where the last one ends.
        var lineStarts: [Int] = [0]

        var lineCount: Int { lineStarts.count - 1 }

        mutating func reserve(lines: Int, cells count: Int) {
            lineStarts.reserveCapacity(lines + 1)
            cells.reserveCapacity(count)
            bytes.reserveCapacity(count * 8)
        }

        /// A text cell, made safe and measured.
        mutating func add(_ text: String, right: Bool) {
            let clean = DisplayWidth.sanitized(text)
            let start = bytes.count
            bytes.append(utf8: clean)
            cells.append(Ref(start: Int32(start), end: Int32(bytes.count), width: Int32(DisplayWidth.of(clean)), right: right))
        }

        /// A value as `CellText.format` writes it (with the amended mark when `mark`).
        mutating func add(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale, mark: Bool) {
            let start = bytes.count
            guard CellBytes.append(v, format, locale, to: &bytes) else {
                return add(CellText.format(v, format, locale) + (mark ? OriginNotes.mark : ""), right: CellText.alignsRight(v))
            }
            if mark { bytes.append(utf8: OriginNotes.mark) }
            // Numbers' text is ASCII: a column a byte.
            cells.append(
                Ref(start: Int32(start), end: Int32(bytes.count), width: Int32(bytes.count - start), right: CellText.alignsRight(v)))
        }

        /// The place in its line of the next cell (the label is 0).
        var position: Int { cells.count - lineStarts[lineStarts.count - 1] }

        mutating func endLine() { lineStarts.append(cells.count) }

        /// The widest cell of each column, starting from `widths` (the header's).
        func widths(at start: [Int]) -> [Int] {
            var widths = start
            for l in 0..<lineCount {
                let first = lineStarts[l], end = lineStarts[l + 1]
                if end - first > widths.count { widths += Array(repeating: 0, count: end - first - widths.count) }
                for i in first..<end where Int(cells[i].width) > widths[i - first] { widths[i - first] = Int(cells[i].width) }
            }
            return widths
        }
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
        var rows = Grid()
        for line in grid.lines {
            rows.add(line.head, right: false)
            for c in line.cells {
                rows.add(CellText.format(c.value, c.format, locale) + marked(c.origin), right: CellText.alignsRight(c.value))
            }
            rows.endLine()
        }
        let title = DisplayWidth.sanitized(a.label ?? a.name)
        let widths = rows.widths(at: columnWidths([header]))
        let below = notes(OriginNotes.lines(a, locale))
        var out: [UInt8] = []
        guard widths.reduce(0, +) + 3 * widths.count + 1 > width else {
            box(title, header: header, rows: rows, into: &out)
            return String(decoding: out, as: UTF8.self) + below
        }
        var top = header, bottom = header.map { Cell("", right: $0.right) }
        for i in 1..<header.count {
            let (x, y) = twoLines(header[i].text)
            top[i] = Cell(x, right: true)
            bottom[i] = Cell(y, right: true)
        }
        box(title, header: top, rows: rows, headerBelow: bottom, into: &out)
        return String(decoding: out, as: UTF8.self) + below
    }
}
