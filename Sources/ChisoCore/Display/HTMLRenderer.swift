// MARK: - HTML: one self-contained page to email or publish
//
// The report in source order as a single page that opens anywhere, offline:
//
//   <h2>Hồ sơ DVC</h2>                                   <- a heading
//   <p>Trong quý I/2019, Sở tiếp nhận 1.636 hồ sơ…</p>   <- a paragraph
//   <div class="scroll"><table class="series">
//   <caption>Hồ sơ DVC mức 3, 4</caption>                <- a table's label
//   <thead><tr><td></td><th scope="col">2018Q1</th>…<th scope="col" class="total">Cả kỳ</th></tr></thead>
//   <tbody><tr><th scope="row">Hồ sơ tiếp nhận</th><td class="num">20</td>…</tr></tbody>
//   </table></div>
//
// Nothing is fetched from anywhere (no fonts, scripts, images or stylesheets): the page
// is mailed as an attachment and opened on office machines without a network, so the
// style is inline and uses the fonts the reader already has. Values are shown exactly as
// the terminal shows them (`CellText.format`, in the notebook's locale).
//
// Notebooks come from other departments, so every piece of text is untrusted: it is
// stripped of control characters (`DisplayWidth.sanitized`) and escaped, and no text
// ever reaches an attribute other than a fixed class name or the page's language.
//
// The page is also well-formed XML (void elements self-closed, only the five XML
// entities and numeric references), so it can be read back by an XML parser as well as
// by a browser: the tests do exactly that.

/// The page is written as bytes; its pieces of markup are `String`s.
private func += (out: inout [UInt8], text: String) { out.append(utf8: text) }

public enum HTMLRenderer {
    /// The page for `report`. Its `<title>` is the report's first heading, else `title`
    /// (the notebook's file name, when the caller knows it), else "Chiso".
    public static func render(_ report: Report, title: String? = nil) -> String {
        String(decoding: bytes(report, title: title), as: UTF8.self)
    }

    /// The same page as UTF-8 bytes.
    public static func bytes(_ report: Report, title: String? = nil) -> [UInt8] {
        ByteChunks.collect { write(report, title: title, chunk: $0) }
    }

    /// The same page written into one byte buffer, handed to `chunk` a megabyte or so at a
    /// time (between items), the values of tables without a `String` per cell.
    public static func write(_ report: Report, title: String? = nil, chunk: ([UInt8]) -> Void) {
        var page = Page(locale: report.locale)
        page.out.reserveCapacity(ByteChunks.size + (1 << 16))
        page.open(title: pageTitle(report, fallback: title), style: styleSheet(report))
        for item in report.items {
            switch item {
            case .heading(let text): page.heading(text)
            case .scalars(let scalars): page.scalars(scalars)
            case .table(let table): page.table(table)
            case .paragraph(let p): page.paragraph(p)
            case .across(let a): page.across(a)
            case .chart(let c): page.out += ChartSVG.chart(c, report.locale)
            }
            ByteChunks.flush(&page.out, chunk)
        }
        page.close()
        ByteChunks.finish(&page.out, chunk)
    }

    static func pageTitle(_ report: Report, fallback: String?) -> String {
        for case .heading(let text) in report.items where !text.isEmpty { return text }
        if let fallback, !fallback.isEmpty { return fallback }
        return "Chiso"
    }

    /// Tables with more value columns than this print on a landscape page: beyond it the
    /// columns no longer fit the width of portrait A4 at a readable size.
    static let portraitColumns = 8

    // MARK: - Escaping

    /// `s` as HTML text or attribute content: control characters replaced as in the
    /// terminal, then the five markup characters escaped. `'` and `"` are escaped too, so
    /// the same function is safe in either kind of quoted attribute.
    static func escape(_ s: String) -> String {
        // Most text (names, periods' labels) is printable ASCII without markup: as it is.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x26 && $0 != 0x3C && $0 != 0x3E && $0 != 0x22 && $0 != 0x27 }) {
            return s
        }
        let clean = DisplayWidth.sanitized(s)
        var out = ""
        out.reserveCapacity(clean.utf8.count)
        for u in clean.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Noncharacters (U+FDD0…U+FDEF, U+xFFFE, U+xFFFF) are parse errors in
                // HTML and forbidden in XML; show them as the replacement character.
                if (0xFDD0...0xFDEF).contains(u.value) || u.value & 0xFFFE == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    // MARK: - Cells

    /// The class of a value's cell: its kind, which also sets its alignment in the style
    /// sheet. Numbers, booleans and errors go on the right, as in the terminal
    /// (`CellText.alignsRight`); text, periods and series on the left.
    static func cellClass(_ v: Value) -> String {
        switch v {
        case .number: "num"
        case .text: "text"
        case .bool: "bool"
        case .blank: "blank"
        case .error: "error"
        case .period: "period"
        // A series shown in one cell is marked as an error when any of its values is
        // one, so that a reader scanning for errors does not miss it.
        case .series(let s): s.values.contains(where: \.isError) ? "series error" : "series"
        }
    }

    // MARK: - Building the page

    struct Page {
        let locale: DisplayLocale
        var out: [UInt8] = []

        init(locale: DisplayLocale) {
            self.locale = locale
        }

        mutating func open(title: String, style: String) {
            out += "<!DOCTYPE html>\n"
            out += "<html lang=\"\(locale == .vi ? "vi" : "en")\">\n"
            out += "<head>\n"
            out += "<meta charset=\"utf-8\" />\n"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
            out += "<meta name=\"generator\" content=\"Chiso\" />\n"
            out += "<title>\(escape(title))</title>\n"
            out += "<style>\n\(style)</style>\n"
            out += "</head>\n"
            out += "<body>\n<main>\n"
        }

        mutating func close() {
            out += "</main>\n</body>\n</html>\n"
        }

        mutating func heading(_ text: String) {
            out += "<h2>\(escape(text))</h2>\n"
        }

        /// A paragraph: its text, the browser wraps it.
        mutating func paragraph(_ p: Report.Paragraph) {
            out += "<p>\(escape(p.text))</p>\n"
        }

        /// A group of cells: a two-column table of labels and values, with no header
        /// row, since the labels say what each value is.
        mutating func scalars(_ scalars: [Report.Scalar]) {
            out += "<div class=\"scroll\">\n<table class=\"cells\">\n<tbody>\n"
            for s in scalars {
                out += "<tr><th scope=\"row\">\(escape(s.label ?? s.name))</th>"
                cell(s.value, s.format, origin: s.origin)
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
            notes(OriginNotes.lines(scalars, locale))
        }

        /// A table over periods. The header row sits in `<thead>` so that a browser
        /// repeats it on every printed page the table runs over.
        mutating func table(_ t: Report.Table) {
            let columns = t.periods.count + t.subtotals.count + (t.totalLabel == nil ? 0 : 1)
            let wide = columns > HTMLRenderer.portraitColumns
            out += "<div class=\"\(wide ? "scroll wide" : "scroll")\">\n<table class=\"series\">\n"
            out += "<caption>\(escape(t.label ?? t.name))</caption>\n"
            // The corner is a `td`, not an empty `th`: it heads nothing.
            out += "<thead>\n<tr><td class=\"corner\"></td>"
            // Subtotals (`with subtotals`) after each year's last period, in a class of their own.
            for c in t.columns {
                switch c {
                case .period(let i): out += "<th scope=\"col\">\(escape(t.periods[i].label(locale)))</th>"
                case .subtotal(let s): out += "<th scope=\"col\" class=\"subtotal\">\(escape(t.subtotals[s].year.label(locale)))</th>"
                }
            }
            if let total = t.totalLabel { out += "<th scope=\"col\" class=\"total\">\(escape(total))</th>" }
            if t.showsTrend { out += "<th scope=\"col\" class=\"trend\">\(escape(Sparkline.heading(locale)))</th>" }
            out += "</tr>\n</thead>\n<tbody>\n"
            for r in t.rows {
                out += "<tr><th scope=\"row\">\(escape(r.label ?? r.name))</th>"
                if t.subtotals.isEmpty {
                    for (i, v) in r.values.enumerated() { cell(v, r.format, origin: r.origins[i]) }
                } else {
                    for c in t.columns {
                        switch c {
                        case .period(let i): cell(r.values[i], r.format, origin: r.origins[i])
                        case .subtotal: cell(r.value(c), r.format, extra: "subtotal")
                        }
                    }
                }
                if t.totalLabel != nil { cell(r.total, r.format, extra: "total") }
                if t.showsTrend { out += "<td class=\"trend\">\(ChartSVG.sparkline(r.values))</td>" }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
            notes(OriginNotes.lines(t, locale))
        }

        /// One value as the terminal shows it; a blank is an empty cell.
        mutating func cell(_ v: Value, _ format: DisplayFormat, extra: String? = nil, origin: ValueOrigin? = nil) {
            if extra == nil, origin == nil, case .number = v {
                out += "<td class=\"num\">"
            } else {
                let kind = HTMLRenderer.cellClass(v)
                out += "<td class=\""
                out += kind
                if let extra {
                    out += " "
                    out += extra
                }
                if let origin {
                    out += " amended\" title=\""
                    out += escape(origin.text(locale))
                }
                out += "\">"
            }
            // A number's text needs no escaping: written as it is.
            if !CellBytes.append(v, format, locale, to: &out) { out += escape(CellText.format(v, format, locale)) }
            out += origin == nil ? "</td>" : "<sup>\(OriginNotes.mark)</sup></td>"
        }

        /// The notes under a table about its amended values.
        mutating func notes(_ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "<ul class=\"notes\">\n"
            for line in lines { out += "<li><sup>\(OriginNotes.mark)</sup> \(escape(line))</li>\n" }
            out += "</ul>\n"
        }
    }

    /// The page's style sheet: the rules for charts, sparklines (`with trend`) and subtotal
    /// columns only on a page that has them.
    static func styleSheet(_ report: Report) -> String {
        var charts = false, trends = false
        for item in report.items {
            switch item {
            case .chart: charts = true
            case .table(let t) where t.showsTrend: trends = true
            default: continue
            }
        }
        return style + (charts ? chartStyle : "") + (trends ? trendStyle : "") + printStyle + subtotalStyle(report)
    }

    /// The style of subtotal columns (`with subtotals`), only on a page that has them:
    /// ruled off from the periods around them, in bold, on a light ground on screen.
    static func subtotalStyle(_ report: Report) -> String {
        guard report.items.contains(where: { if case .table(let t) = $0 { !t.subtotals.isEmpty } else { false } }) else { return "" }
        return """
            th.subtotal, td.subtotal { border-left: 1.5px solid #555; border-right: 1.5px solid #555; font-weight: bold; }
            td.subtotal:not(.error) { background: #eef2f7; }
            @media print { td.subtotal { background: none; } }

            """
    }

    // MARK: - Style
    //
    // For the screen: a centred column, thin grey rules, light zebra rows, tables that
    // are wider than the window scroll sideways inside their own box rather than
    // stretching the page. For print (A4): no background colours (they waste ink and
    // many office printers drop them anyway), rules in black, rows never split across
    // pages, header rows repeated, tables in full width, and a wide table on a
    // landscape page of its own. Fonts are the reader's own: Times New Roman is what
    // Vietnamese administrative documents are set in, and the fallbacks all carry
    // Vietnamese diacritics. Digits are tabular so that columns of figures line up.
    //
    // The style contains no `<` or `&`, so it stays well-formed XML as it is.
    static let style = """
        :root { color-scheme: light; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0; background: #fff; color: #1b1b1b;
          font-family: "Times New Roman", Times, Tinos, "Liberation Serif", "Noto Serif", "DejaVu Serif", serif;
          font-size: 16px; line-height: 1.4;
        }
        main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
        p { margin: 0 0 1rem; max-width: 48rem; text-align: justify; }
        h2 {
          font-size: 1.2rem; font-weight: bold; margin: 2rem 0 0.8rem; padding-bottom: 0.25rem;
          border-bottom: 1px solid #9a9a9a; break-after: avoid; page-break-after: avoid;
        }
        main > h2:first-child {
          font-size: 1.45rem; text-align: center; margin-top: 0; padding-bottom: 0.5rem;
          border-bottom: 2px solid #1b1b1b;
        }
        .scroll { overflow-x: auto; margin: 0 0 1.5rem; }
        table {
          border-collapse: collapse; font-size: 0.95rem;
          font-variant-numeric: tabular-nums lining-nums;
        }
        caption {
          caption-side: top; text-align: left; font-weight: bold; font-size: 1rem;
          padding: 0 0 0.4rem; break-after: avoid;
        }
        th, td { border: 1px solid #b4b4b4; padding: 0.3rem 0.6rem; vertical-align: middle; }
        thead th, thead td { border-bottom: 1.5px solid #555; }
        thead th {
          background: #eceff3; font-weight: bold; text-align: right; white-space: nowrap;
        }
        thead td.corner { background: #eceff3; }
        tbody th { text-align: left; font-weight: normal; min-width: 12em; }
        tbody tr:nth-child(even) { background: #f6f7f9; }
        td { text-align: left; }
        td.num, td.bool, td.error { text-align: right; white-space: nowrap; }
        th.total, td.total { border-left: 1.5px solid #555; font-weight: bold; }
        td.error { color: #8a1c1c; background: #fbeeee; font-weight: bold; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        td.amended sup, .notes sup { color: #8a1c1c; font-weight: bold; }
        ul.notes { list-style: none; margin: -1rem 0 1.5rem; padding: 0; font-size: 0.9rem; }

        """

    /// Charts (`chart … of …`), only on a page that has one.
    static let chartStyle = """
        figure.chart { margin: 0 0 1.5rem; max-width: 720px; break-inside: avoid; page-break-inside: avoid; }
        figure.chart figcaption { font-weight: bold; margin: 0 0 0.4rem; }
        figure.chart svg { display: block; width: 100%; height: auto; font-variant-numeric: tabular-nums; }

        """

    /// Sparklines (`with trend`), only on a page that has them.
    static let trendStyle = """
        td.trend { padding: 0.1rem 0.5rem; vertical-align: middle; }
        td.trend svg { display: block; }
        thead th.trend { text-align: left; }

        """

    /// Pages and print, after the rules above.
    static let printStyle = """
        @page { size: A4; margin: 15mm 14mm; }
        @page landscape { size: A4 landscape; margin: 12mm 14mm; }
        @media print {
          body { font-size: 11pt; color: #000; }
          main { max-width: none; padding: 0; }
          h2 { border-bottom-color: #000; margin-top: 1.2rem; }
          main > h2:first-child { border-bottom-color: #000; }
          .scroll { overflow: visible; }
          .wide { page: landscape; }
          table { font-size: 9.5pt; width: 100%; }
          .cells { width: auto; min-width: 60%; }
          th, td { border-color: #000; padding: 0.15rem 0.4rem; }
          thead th, thead td.corner, tbody tr:nth-child(even), td.error { background: none; }
          td.error { text-decoration: underline dotted; }
        }

        """
}

// MARK: - Tables across imported notebooks

extension HTMLRenderer.Page {
    /// A table whose columns are notebooks: the period in the corner, the total or
    /// difference column (or line, transposed) set apart as a period table's total is.
    mutating func across(_ a: Report.AcrossTable) {
        let grid = a.grid(locale)
        let extraIndex = a.extra == nil ? nil : (a.transposed ? grid.lines.count - 1 : grid.headers.count - 1)
        let wide = grid.headers.count > HTMLRenderer.portraitColumns
        out += "<div class=\"\(wide ? "scroll wide" : "scroll")\">\n<table class=\"across\">\n"
        out += "<caption>\(HTMLRenderer.escape(a.label ?? a.name))</caption>\n"
        out += "<thead>\n<tr><td class=\"corner\">\(HTMLRenderer.escape(grid.corner))</td>"
        for (k, h) in grid.headers.enumerated() {
            let total = !a.transposed && k == extraIndex
            out += "<th scope=\"col\"\(total ? " class=\"total\"" : "")>\(HTMLRenderer.escape(h))</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for (k, line) in grid.lines.enumerated() {
            let totalLine = a.transposed && k == extraIndex
            out += "<tr><th scope=\"row\"\(totalLine ? " class=\"total\"" : "")>\(HTMLRenderer.escape(line.head))</th>"
            for (i, c) in line.cells.enumerated() {
                cell(
                    c.value, c.format, extra: !a.transposed && i + 1 == grid.headers.count && extraIndex != nil ? "total" : nil,
                    origin: c.origin)
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</div>\n"
        notes(OriginNotes.lines(a, locale))
    }
}
