// MARK: - Markdown: headings, paragraphs and pipe tables, numbers right-aligned

import Foundation

public enum MarkdownRenderer {
    public static func render(_ report: Report) -> String {
        var blocks: [String] = []
        for item in report.items {
            switch item {
            case .heading(let text):
                blocks.append("## \(escape(text))\n")
            case .paragraph(let p):
                blocks.append(paragraph(p.text) + "\n")
            case .across(let a):
                blocks.append(across(a, report.locale))
            case .chart(let c):
                blocks.append(chart(c, report.locale))
            case .scalars(let scalars):
                var out = "| | |\n|---|--:|\n"
                for s in scalars {
                    out +=
                        "| \(escape(s.label ?? s.name)) | \(escape(CellText.format(s.value, s.format, report.locale)))\(s.origin == nil ? "" : "\\*") |\n"
                }
                blocks.append(out + notes(OriginNotes.lines(scalars, report.locale)))
            case .table(let t):
                var out = "**\(escape(t.label ?? t.name))**\n\n"
                // With subtotals the columns interleave (`Năm 2018` after 2018's last period).
                let columns = t.columns
                var header = [""] + columns.map { TerminalRenderer.label(t, $0, report.locale) }
                if let total = t.totalLabel { header.append(total) }
                let position = TerminalRenderer.periodPositions(columns)
                if t.showsTrend { header.append(Sparkline.heading(report.locale)) }
                out += "| " + header.map(escape).joined(separator: " | ") + " |\n"
                out +=
                    "|---" + String(repeating: "|--:", count: header.count - 1 - (t.showsTrend ? 1 : 0)) + (t.showsTrend ? "|---" : "")
                    + "|\n"
                for r in t.rows {
                    var cells = [r.label ?? r.name] + columns.map { CellText.format(r.value($0), r.format, report.locale) }
                    if t.totalLabel != nil { cells.append(CellText.format(r.total, r.format, report.locale)) }
                    var escaped = cells.map(escape)
                    for i in r.origins.keys where i < position.count && position[i] < escaped.count { escaped[position[i]] += "\\*" }
                    if t.showsTrend { escaped.append(Sparkline.text(r.values)) }
                    out += "| " + escaped.joined(separator: " | ") + " |\n"
                }
                blocks.append(out + notes(OriginNotes.lines(t, report.locale)))
            }
        }
        return blocks.joined(separator: "\n")
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
