// MARK: - Markdown: headings and pipe tables, numbers right-aligned

import Foundation

public enum MarkdownRenderer {
    public static func render(_ report: Report) -> String {
        var blocks: [String] = []
        for item in report.items {
            switch item {
            case .heading(let text):
                blocks.append("## \(escape(text))\n")
            case .scalars(let scalars):
                var out = "| | |\n|---|--:|\n"
                for s in scalars {
                    out += "| \(escape(s.label ?? s.name)) | \(escape(CellText.format(s.value, s.format, report.locale))) |\n"
                }
                blocks.append(out)
            case .table(let t):
                var out = "**\(escape(t.label ?? t.name))**\n\n"
                var header = [""] + t.periods.map(\.description)
                if let total = t.totalLabel { header.append(total) }
                out += "| " + header.map(escape).joined(separator: " | ") + " |\n"
                out += "|---" + String(repeating: "|--:", count: header.count - 1) + "|\n"
                for r in t.rows {
                    var cells = [r.label ?? r.name] + r.values.map { CellText.format($0, r.format, report.locale) }
                    if t.totalLabel != nil { cells.append(CellText.format(r.total, r.format, report.locale)) }
                    out += "| " + cells.map(escape).joined(separator: " | ") + " |\n"
                }
                blocks.append(out)
            }
        }
        return blocks.joined(separator: "\n")
    }

    private static func escape(_ s: String) -> String {
        DisplayWidth.sanitized(s).replacingOccurrences(of: "|", with: "\\|")
    }
}
