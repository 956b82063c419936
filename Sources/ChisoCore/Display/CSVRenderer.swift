// MARK: - CSV
//
// The report in source order, one block per heading, group of cells or table (paragraphs
// are left out: they are for people, and their figures are in the tables),
// separated by an empty line, ready to paste into a spreadsheet:
//
//   Hồ sơ DVC                              <- a heading, or a table's title
//   table,name,label,2018Q1,2018Q2,Total
//   dvc,received,Hồ sơ tiếp nhận,20,35,55
//
// Values are written for machines: numbers plain with '.' (integers exact, others to
// 15 significant digits), blanks empty, errors as their codes. Notebooks come from other
// departments, so text is made safe: control characters go as in every other output
// (`DisplayWidth.sanitized`: line breaks and tabs become spaces, escape sequences U+FFFD),
// and text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with '.

import Foundation

public enum CSVRenderer {
    public static func render(_ report: Report) -> String {
        var blocks: [String] = []
        for item in report.items {
            switch item {
            case .heading(let text):
                blocks.append(line([safe(text)]))
            case .scalars(let scalars):
                let lines = [["name", "label", "value"]] + scalars.map { [safe($0.name), safe($0.label ?? ""), plain($0.value)] }
                blocks.append(lines.map(line).joined())
            case .table(let t):
                var header = ["table", "name", "label"] + t.periods.map(\.description)
                if let total = t.totalLabel { header.append(safe(total)) }
                var lines = [[safe(t.label ?? t.name)], header]
                for r in t.rows {
                    var cells = [safe(t.name), safe(r.name), safe(r.label ?? "")] + r.values.map(plain)
                    if t.totalLabel != nil { cells.append(plain(r.total)) }
                    lines.append(cells)
                }
                blocks.append(lines.map(line).joined())
            case .paragraph:
                // Prose is for people: a spreadsheet gets the figures.
                continue
            }
        }
        return blocks.joined(separator: "\r\n")
    }

    /// A value for machines (`CellText.machine`), its text made safe.
    static func plain(_ v: Value) -> String {
        CellText.machine(v, text: safe)
    }

    /// Text without control characters that a spreadsheet would not run as a formula.
    static func safe(_ text: String) -> String {
        let s = DisplayWidth.sanitized(text)
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
