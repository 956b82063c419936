// MARK: - The report: tables across imported notebooks
//
// A table whose columns are imported notebooks (units, or versions of one draft), at
// one period, with an optional total or difference column, and the grid the renderers
// draw: columns across and figures down, or transposed (a line per column).

extension Report {
    public struct AcrossTable: Sendable {
        public struct Column: Sendable {
            /// The alias chain (`tttt.mau`), for machines.
            public var name: String
            /// The heading written for it, if any.
            public var label: String?
        }

        public struct Row: Sendable {
            public var name: String
            public var label: String?
            /// One value per column.
            public var values: [Value]
            /// The total or difference column's value (blank without one).
            public var extra: Value
            public var format: DisplayFormat
            /// A difference of percents is in percentage points.
            public var extraFormat: DisplayFormat
            /// The amended cells, by column index: what made each (see `ValueOrigin`).
            public var origins: [Int: ValueOrigin] = [:]
        }

        public enum Extra: String, Sendable { case total, difference }

        public var name: String
        public var label: String?
        public var period: Period
        public var columns: [Column]
        public var extra: Extra?
        /// The extra column's heading (the locale's word unless written).
        public var extraLabel: String?
        public var transposed: Bool
        public var rows: [Row]
    }
}

extension Report.AcrossTable {
    /// One value of the drawn grid, with its format.
    public struct GridCell: Sendable {
        public var value: Value
        public var format: DisplayFormat
        public var origin: ValueOrigin? = nil
    }

    /// One line of the drawn grid: its heading for people, its name for machines, its cells.
    public struct GridLine: Sendable {
        public var head: String
        public var name: String
        public var cells: [GridCell]
    }

    /// The table as drawn: the period's label in the corner, `headers` across the top
    /// (`names` for machines), a line per figure; transposed, a line per column (the
    /// total or difference last) and the figures across.
    public struct Grid: Sendable {
        public var corner: String
        public var headers: [String]
        public var names: [String]
        public var lines: [GridLine]
    }

    public func grid(_ locale: DisplayLocale) -> Grid {
        let columnHeads = columns.map { $0.label ?? $0.name } + (extraLabel.map { [$0] } ?? [])
        let columnNames = columns.map(\.name) + (extra.map { [$0.rawValue] } ?? [])
        let corner = period.label(locale)
        if !transposed {
            return Grid(
                corner: corner, headers: columnHeads, names: columnNames,
                lines: rows.map { r in
                    var cells = r.values.enumerated().map { GridCell(value: $1, format: r.format, origin: r.origins[$0]) }
                    if extra != nil { cells.append(GridCell(value: r.extra, format: r.extraFormat)) }
                    return GridLine(head: r.label ?? r.name, name: r.name, cells: cells)
                })
        }
        var lines: [GridLine] = columns.indices.map { c in
            GridLine(
                head: columnHeads[c], name: columnNames[c],
                cells: rows.map { GridCell(value: $0.values[c], format: $0.format, origin: $0.origins[c]) })
        }
        if extra != nil {
            lines.append(
                GridLine(
                    head: columnHeads[columns.count], name: columnNames[columns.count],
                    cells: rows.map { GridCell(value: $0.extra, format: $0.extraFormat) }))
        }
        return Grid(corner: corner, headers: rows.map { $0.label ?? $0.name }, names: rows.map(\.name), lines: lines)
    }
}

extension DisplayLocale {
    /// The heading of a difference column.
    public var differenceText: String { self == .vi ? "Chênh lệch" : "Difference" }
}

extension ReportBuilder {
    static func acrossTable(_ index: Int, _ evaluator: Evaluator, locale: DisplayLocale) -> Report.AcrossTable {
        let program = evaluator.program
        let table = program.acrossTables[index]
        let (cells, extra) = evaluator.acrossValues(index)
        let rows = table.rows.indices.map { k in
            let format = program.nodes[table.rows[k].nodes[0]].format
            return Report.AcrossTable.Row(
                name: table.rows[k].name, label: table.rows[k].label, values: cells[k], extra: extra[k], format: format,
                extraFormat: table.extra?.kind == .difference ? Evaluator.acrossDifferenceFormat(format) : format)
        }
        let kind = table.extra.map { Report.AcrossTable.Extra(rawValue: $0.kind.rawValue)! }
        let label: String? =
            switch kind {
            case .total?: table.extra?.label ?? locale.totalText
            case .difference?: table.extra?.label ?? locale.differenceText
            case nil: nil
            }
        return Report.AcrossTable(
            name: table.name, label: table.label, period: table.period,
            columns: table.columns.map { .init(name: $0.name, label: $0.label) }, extra: kind, extraLabel: label,
            transposed: table.transposed, rows: rows)
    }
}

extension OriginNotes {
    /// The notes under a table across notebooks: one per amended cell, naming its row
    /// and its column (`Báo Hà Tĩnh (Đề nghị sửa): set by a `with` line at …`).
    public static func lines(_ a: Report.AcrossTable, _ locale: DisplayLocale) -> [String] {
        var out: [String] = []
        for r in a.rows {
            for c in r.origins.keys.sorted() {
                out.append("\(r.label ?? r.name) (\(a.columns[c].label ?? a.columns[c].name)): \(r.origins[c]!.text(locale))")
            }
        }
        return out
    }
}

extension ReportBuilder {
    /// Marks the amended cells of a table across notebooks (read at a period of the row's
    /// table; a roll-up is not marked, its notes would name every period inside it).
    /// Overrides and `--set` are marked always; a `with` line only in a table with a
    /// difference column (versions: the amendments are the point), since units fill the
    /// template with `with` and every figure of a units table would be marked.
    static func markAcrossOrigins(_ a: inout Report.AcrossTable, _ program: Program, _ sources: SourceMap) {
        guard let table = program.acrossTables.first(where: { $0.name == a.name }), table.rows.count == a.rows.count else { return }
        for (k, row) in table.rows.enumerated() {
            for (c, id) in row.nodes.enumerated() {
                let i: Int?
                switch program.nodes[id].kind {
                case .row(let t): i = program.tables[t].range.index(of: table.period)
                case .scalar: i = 0
                case .check: i = nil
                }
                guard let i, let o = Provenance.origin(of: id, at: i, in: program, sources: sources) else { continue }
                if o.kind == .with, table.extra?.kind != .difference { continue }
                a.rows[k].origins[c] = o
            }
        }
    }
}
