// MARK: - Markdown: headings, paragraphs and pipe tables, numbers right-aligned

import Foundation

public enum MarkdownRenderer {
    public static func render(_ report: Report) -> String {
        String(decoding: bytes(report), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes.
    public static func bytes(_ report: Report) -> [UInt8] {
        ByteChunks.collect { write(report, chunk: $0) }
    }

    /// The same text written into one byte buffer, handed to `chunk` a megabyte or so at
    /// a time (between items), the values of tables without a `String` per cell.
    public static func write(_ report: Report, chunk: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(ByteChunks.size + (1 << 16))
        for (k, item) in report.items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: "\n")) }
            switch item {
            case .heading(let text):
                out.append(utf8: "## \(escape(text))\n")
            case .paragraph(let p):
                out.append(utf8: paragraph(p.text) + "\n")
            case .across(let a):
                out.append(utf8: across(a, report.locale))
            case .chart(let c):
                out.append(utf8: chart(c, report.locale))
            case .scalars(let scalars):
                var text = "| | |\n|---|--:|\n"
                for s in scalars {
                    text +=
                        "| \(escape(s.label ?? s.name)) | \(escape(CellText.format(s.value, s.format, report.locale)))\(s.origin == nil ? "" : "\\*") |\n"
                }
                out.append(utf8: text + notes(OriginNotes.lines(scalars, report.locale)))
            case .table(let t):
                table(t, report.locale, into: &out)
            }
            ByteChunks.flush(&out, chunk)
        }
        ByteChunks.finish(&out, chunk)
    }

    /// A table over periods as a pipe table: its label in bold, a header of period labels.
    private static func table(_ t: Report.Table, _ locale: DisplayLocale, into out: inout [UInt8]) {
        out.append(utf8: "**\(escape(t.label ?? t.name))**\n\n")
        // With subtotals the columns interleave (`Năm 2018` after 2018's last period).
        let columns = t.columns
        var header = [""] + columns.map { TerminalRenderer.label(t, $0, locale) }
        if let total = t.totalLabel { header.append(total) }
        let position = TerminalRenderer.periodPositions(columns)
        if t.showsTrend { header.append(Sparkline.heading(locale)) }
        out.append(utf8: "| " + header.map(escape).joined(separator: " | ") + " |\n")
        out.append(
            utf8: "|---" + String(repeating: "|--:", count: header.count - 1 - (t.showsTrend ? 1 : 0)) + (t.showsTrend ? "|---" : "")
                + "|\n")
        for r in t.rows {
            // The cells marked as amended: those of the periods with an origin.
            let count = 1 + columns.count + (t.totalLabel != nil ? 1 : 0)
            var marked: [Int] = []
            for i in r.origins.keys where i < position.count && position[i] < count { marked.append(position[i]) }
            out.append(contentsOf: [UInt8(ascii: "|"), UInt8(ascii: " ")])
            out.append(utf8: escape(r.label ?? r.name))
            var place = 1
            func cell(_ v: Value) {
                out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "|"), UInt8(ascii: " ")])
                if !CellBytes.append(v, r.format, locale, to: &out) { out.append(utf8: escape(CellText.format(v, r.format, locale))) }
                if !marked.isEmpty, marked.contains(place) { out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "*")]) }
                place += 1
            }
            for c in columns { cell(r.value(c)) }
            if t.totalLabel != nil { cell(r.total) }
            if t.showsTrend { out.append(utf8: " | " + Sparkline.text(r.values)) }
            out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "|"), UInt8(ascii: "\n")])
        }
        out.append(utf8: notes(OriginNotes.lines(t, locale)))
    }

    /// A chart as the terminal draws it, in a fenced block (its fence longer than any run
    /// of backticks in it, so a title cannot close it).
    static func chart(_ c: Report.Chart, _ locale: DisplayLocale) -> String {
        let text = ChartText.render(c, locale)
        var longest = 0, run = 0
        for ch in text {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + text + fence + "\n"
    }

    /// A paragraph on one line, its text kept as text: Markdown's inline marks are
    /// escaped, and a start that would make a heading, a quote or a list.
    static func paragraph(_ text: String) -> String {
        var out = ""
        for c in DisplayWidth.sanitized(text) {
            if "\\`*_[]<>|".contains(c) { out.append("\\") }
            out.append(c)
        }
        if let first = out.first, "#>+-=".contains(first) { out = "\\" + out }
        // `1. ` or `1) ` at the start is an ordered list.
        let digits = out.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let after = out.dropFirst(digits.count).first, after == "." || after == ")" {
            out.insert("\\", at: out.index(out.startIndex, offsetBy: digits.count))
        }
        return out
    }

    /// The notes under a table about its amended values: a list after a blank line.
    private static func notes(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "\n" + lines.map { "- \\* " + escape($0) + "\n" }.joined()
    }

    /// A cell's text with `|` escaped; most have none, and are returned as they are
    /// (Foundation's `replacingOccurrences` on every cell took two thirds of `--format md` on
    /// the large department workload: 9.5 → 3.4 s).
    private static func escape(_ s: String) -> String {
        let clean = DisplayWidth.sanitized(s)
        guard clean.utf8.contains(UInt8(ascii: "|")) else { return clean }
        // By scalar: a `|` followed by a combining mark is one Character, and still a `|`.
        var out = String.UnicodeScalarView()
        for u in clean.unicodeScalars {
            if u == "|" { out.append("\\") }
            out.append(u)
        }
        return String(out)
    }
}

// MARK: - Tables across imported notebooks

extension MarkdownRenderer {
    /// A pipe table: the period in the corner, a heading per column (or per figure, transposed).
    static func across(_ a: Report.AcrossTable, _ locale: DisplayLocale) -> String {
        let grid = a.grid(locale)
        var out = "**\(escape(a.label ?? a.name))**\n\n"
        let header = [grid.corner] + grid.headers
        out += "| " + header.map(escape).joined(separator: " | ") + " |\n"
        out += "|---" + String(repeating: "|--:", count: header.count - 1) + "|\n"
        for line in grid.lines {
            let cells =
                [escape(line.head)]
                + line.cells.map { escape(CellText.format($0.value, $0.format, locale)) + ($0.origin == nil ? "" : "\\*") }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out + notes(OriginNotes.lines(a, locale))
    }
}
