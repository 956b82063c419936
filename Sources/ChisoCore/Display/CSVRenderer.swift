// MARK: - CSV
//
// One block per table (and one for the scalars), separated by an empty line, ready to
// paste into a spreadsheet. Values are written for machines: numbers plain with '.' and
// full precision (15 significant digits), blanks empty, errors as their codes.
//
//   table,name,label,2018Q1,2018Q2,Total
//   dvc,received,Hồ sơ tiếp nhận,20,35,55

import Foundation

public enum CSVRenderer {
    public static func render(_ report: Report) -> String {
        var blocks: [String] = []
        var scalars: [Report.Scalar] = []
        for item in report.items {
            switch item {
            case .heading: continue
            case .scalars(let s): scalars += s
            case .table(let t):
                var header = ["table", "name", "label"] + t.periods.map(\.description)
                if let total = t.totalLabel { header.append(total) }
                var lines = [header]
                for r in t.rows {
                    var cells = [t.name, r.name, r.label ?? ""] + r.values.map(plain)
                    if t.totalLabel != nil { cells.append(plain(r.total)) }
                    lines.append(cells)
                }
                blocks.append(lines.map(line).joined())
            }
        }
        if !scalars.isEmpty {
            let lines = [["name", "label", "value"]] + scalars.map { [$0.name, $0.label ?? "", plain($0.value)] }
            blocks.insert(lines.map(line).joined(), at: 0)
        }
        return blocks.joined(separator: "\n")
    }

    static func plain(_ v: Value) -> String {
        switch v {
        case .number(let x): Decimal15(x).trimmed.plainText
        case .text(let s): s
        case .bool(let b): b ? "true" : "false"
        case .blank: ""
        case .error(let e): e.rawValue
        case .period(let p): p.description
        case .series(let s): s.values.map(plain).joined(separator: " ")
        }
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
