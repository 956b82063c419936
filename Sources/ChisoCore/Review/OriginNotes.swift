// MARK: - Marks and notes for amended values
//
// Every renderer for people marks an amended cell with `*` and writes, under its table
// (or group of cells), one note per amended row and origin:
//
//   * Báo Hà Tĩnh 6 tháng đầu năm 2022: sửa bằng dòng `with` tại gop-y.chiso:9
//
// in the report's language (`set by a `with` line at gop-y.chiso:9` in `en`).
//
// A row amended in every period (a whole definition replaced) is noted without periods.

public enum OriginNotes {
    public static let mark = "*"

    /// The notes under a table, one line each (without the leading mark), its periods
    /// named as the table's header names them in `locale`.
    public static func lines(_ t: Report.Table, _ locale: DisplayLocale) -> [String] {
        var out: [String] = []
        for r in t.rows where !r.origins.isEmpty {
            // Group the row's amended periods by origin, in period order.
            var order: [ValueOrigin] = []
            var periods: [ValueOrigin: [Int]] = [:]
            for i in r.origins.keys.sorted() {
                let o = r.origins[i]!
                if periods[o] == nil { order.append(o) }
                periods[o, default: []].append(i)
            }
            for o in order {
                let cells = periods[o]!
                let which =
                    cells.count == r.values.count && r.values.count > 1
                    ? "" : " " + cells.map { t.periods[$0].label(locale) }.joined(separator: ", ")
                out.append("\(r.label ?? r.name)\(which): \(o.text(locale))")
            }
        }
        return out
    }

    /// The notes under a group of cells, in `locale`.
    public static func lines(_ scalars: [Report.Scalar], _ locale: DisplayLocale) -> [String] {
        scalars.compactMap { s in s.origin.map { "\(s.label ?? s.name): \($0.text(locale))" } }
    }
}

extension Report {
    /// The report without its marks (as the REPL's session builds it).
    public var withoutOrigins: Report {
        var out = self
        out.items = items.map { item in
            switch item {
            case .heading, .paragraph, .chart: return item
            case .across(var a):
                a.rows = a.rows.map {
                    var r = $0; r.origins = [:]; return r
                }
                return .across(a)
            case .scalars(let scalars):
                return .scalars(
                    scalars.map {
                        var s = $0; s.origin = nil; return s
                    })
            case .table(var t):
                t.rows = t.rows.map {
                    var r = $0; r.origins = [:]; return r
                }
                return .table(t)
            }
        }
        return out
    }
}
