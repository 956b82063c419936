// MARK: - Writing the report as a workbook
//
// `chiso run FILE --format xlsx`: one sheet, in report order. A heading is a bold row;
// a group of cells is one row per cell (name, label, value); a table is its title, a
// header row (name, label, one column per period labelled in the locale, the total) and
// one row per row. Values are cells of their type, numbers with the number format of
// their display format (`percent(1)` is `0.0%`, `integer` `#,##0`), so Excel shows
// them in the reader's own locale. The first table's header row and the name and label
// columns are frozen, and columns are as wide as their content.
//
// Live formulas: a computed cell whose formula translates exactly into Excel over cells
// of the sheet (`ExcelFormula`) holds that formula and its value; any other cell holds
// its value. Data cells are values.

public struct ExcelWorkbook: Sendable {
    public var bytes: [UInt8]
    /// Cells holding a live formula, and all computed cells (formula rows, totals, cells).
    public var formulaCells: Int
    public var computedCells: Int
}

enum ExcelWriter {
    /// One cell of the sheet.
    struct Cell {
        var value: Value
        var formula: String?
        var style: Int = 0
    }

    /// Where a row of a table is on the sheet.
    struct RowPlace {
        var row: Int
        var table: Int
    }

    /// Where a table's columns are.
    struct TablePlace {
        var firstColumn: Int
        var range: PeriodRange
        var totalColumn: Int?
        var firstRow: Int
        var lastRow: Int
        /// With subtotals: each period's column, and each subtotal's (see ExcelWriter+Subtotals).
        var periodColumns: [Int]? = nil
        var subtotalColumns: [Int] = []
    }

    static func workbook(_ report: Report, evaluator: Evaluator?) -> ExcelWorkbook {
        var sheet = Sheet(locale: report.locale)
        sheet.lay(report, evaluator: evaluator)
        return ExcelWorkbook(bytes: sheet.package(), formulaCells: sheet.formulaCells, computedCells: sheet.computedCells)
    }

    /// The sheet being laid out.
    struct Sheet {
        let locale: DisplayLocale
        var rows: [[Int: Cell]] = []
        var frozenRow = 0
        var formats: [DisplayFormat] = []
        var rowPlace: [NodeID: RowPlace] = [:]
        var scalarPlace: [NodeID: CellRef] = [:]
        var tablePlace: [Int: TablePlace] = [:]
        var formulaCells = 0
        var computedCells = 0

        init(locale: DisplayLocale) { self.locale = locale }

        /// Style 0 is plain, 1 bold; a number format is style 2 + its index in `formats`.
        mutating func style(_ format: DisplayFormat) -> Int {
            if case .general = format { return 0 }
            if case .text = format { return 0 }
            if let i = formats.firstIndex(of: format) { return 2 + i }
            formats.append(format)
            return 1 + formats.count
        }

        mutating func add(_ cells: [Int: Cell]) -> Int {
            rows.append(cells)
            return rows.count
        }

        func value(at ref: CellRef) -> Value {
            guard ref.row >= 1, ref.row <= rows.count else { return .blank }
            return rows[ref.row - 1][ref.column]?.value ?? .blank
        }

        mutating func lay(_ report: Report, evaluator: Evaluator?) {
            let program = evaluator?.program
            var computed: [(ref: CellRef, node: NodeID, period: Int?)] = []
            var subtotalCells: [(ref: CellRef, node: NodeID, subtotal: Int)] = []
            for item in report.items {
                // A chart is for people reading the report: the workbook has its figures in the tables.
                if case .chart = item { continue }
                if !rows.isEmpty { _ = add([:]) }
                switch item {
                case .chart:
                    continue
                case .heading(let text):
                    _ = add([1: Cell(value: .text(text), style: 1)])
                case .paragraph(let p):
                    // One paragraph in one cell of the first column, as a report pasted into a sheet.
                    _ = add([1: Cell(value: .text(p.text))])
                case .across(let a):
                    across(a)
                case .scalars(let scalars):
                    for s in scalars {
                        let r = add([
                            1: Cell(value: .text(s.name)), 2: Cell(value: s.label.map { .text($0) } ?? .blank),
                            3: Cell(value: s.value, style: style(s.format)),
                        ])
                        if let id = program?.scalarByName[s.name], evaluator?.program.nodes[id].kind == .scalar {
                            scalarPlace[id] = CellRef(row: r, column: 3)
                            // A cell written as a number is data, like a data row's cells.
                            if case .formula(let code) = program!.nodes[id].body, !code.isConstant {
                                computed.append((CellRef(row: r, column: 3), id, nil))
                            }
                        }
                    }
                case .table(let t):
                    _ = add([1: Cell(value: .text(t.label ?? t.name), style: 1)])
                    var header: [Int: Cell] = [
                        1: Cell(value: .text(locale == .vi ? "Mã" : "name"), style: 1),
                        2: Cell(value: .text(locale == .vi ? "Chỉ tiêu" : "label"), style: 1),
                    ]
                    // Headers as every human output labels periods (read back by `PeriodHeader`).
                    // With subtotals (`with subtotals`), each after its year's last period.
                    let layout = ExcelWriter.subtotalLayout(t)
                    let column = { (k: Int) in layout?.periods[k] ?? 3 + k }
                    for (k, p) in t.periods.enumerated() { header[column(k)] = Cell(value: .text(p.label(locale)), style: 1) }
                    if let layout { placeSubtotalHeaders(&header, t, layout) }
                    let totalColumn = t.totalLabel.map { _ in 3 + t.periods.count + t.subtotals.count }
                    if let c = totalColumn, let label = t.totalLabel { header[c] = Cell(value: .text(label), style: 1) }
                    let headerRow = add(header)
                    if frozenRow == 0 { frozenRow = headerRow }
                    let tableIndex = program?.tableByName[t.name]
                    for row in t.rows {
                        var cells: [Int: Cell] = [1: Cell(value: .text(row.name)), 2: Cell(value: row.label.map { .text($0) } ?? .blank)]
                        let s = style(row.format)
                        for (k, v) in row.values.enumerated() { cells[column(k)] = Cell(value: v, style: s) }
                        if let layout { placeSubtotals(&cells, row, layout, style: s) }
                        if let c = totalColumn { cells[c] = Cell(value: row.total, style: s) }
                        let r = add(cells)
                        guard let program, let ti = tableIndex, let id = program.tables[ti].rowByName[row.name],
                            PeriodRange(start: t.periods.first ?? program.tables[ti].range.start, count: t.periods.count)
                                == program.tables[ti].range
                        else { continue }
                        rowPlace[id] = RowPlace(row: r, table: ti)
                        let node = program.nodes[id]
                        for k in t.periods.indices {
                            if case .formula = node.body {
                                computed.append((CellRef(row: r, column: column(k)), id, k))
                            } else if node.overrides[k] != nil {
                                computed.append((CellRef(row: r, column: column(k)), id, k))
                            }
                        }
                        if let layout {
                            for (s, c) in layout.subtotals.enumerated() { subtotalCells.append((CellRef(row: r, column: c), id, s)) }
                        }
                        if let c = totalColumn { computed.append((CellRef(row: r, column: c), id, -1)) }
                    }
                    if let ti = tableIndex, let program {
                        tablePlace[ti] = TablePlace(
                            firstColumn: 3, range: program.tables[ti].range, totalColumn: totalColumn, firstRow: headerRow + 1,
                            lastRow: rows.count, periodColumns: layout?.periods, subtotalColumns: layout?.subtotals ?? [])
                    }
                }
            }
            computedCells = computed.count + subtotalCells.count
            guard let evaluator else { return }
            // Formulas, in sheet order: each verified against the values around it.
            var translator = ExcelFormula(program: evaluator.program, sheet: self)
            for c in computed {
                let expected = value(at: c.ref)
                guard let f = translator.formula(node: c.node, period: c.period, at: c.ref, expected: expected) else { continue }
                rows[c.ref.row - 1][c.ref.column]?.formula = f
                formulaCells += 1
            }
            for c in subtotalCells {
                let expected = value(at: c.ref)
                guard let f = translator.subtotalFormula(node: c.node, subtotal: c.subtotal, expected: expected) else { continue }
                rows[c.ref.row - 1][c.ref.column]?.formula = f
                formulaCells += 1
            }
        }

        /// Excel's number format code for a display format, in the workbook's locale.
        static func formatCode(_ f: DisplayFormat, _ locale: DisplayLocale = .en) -> String {
            switch f {
            case .number(let d): d == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: min(d, 30))
            case .percent(let d?): d == 0 ? "0%" : "0." + String(repeating: "0", count: min(d, 30)) + "%"
            case .percent(nil): "0.00%"
            case .general, .text: "General"
            // Percentage points: only a `%` in the code scales by 100, so it stays, after the
            // words: `35,0 điểm %` (vi), `35.0 %pt` (en; `pp` cannot scale).
            case .points(let d):
                (d == 0 ? "0" : "0." + String(repeating: "0", count: min(d, 30))) + (locale == .vi ? "\" điểm \"%" : "\" \"%\"pt\"")
            }
        }

        func stylesPart() -> String {
            var numFmts = ""
            for (k, f) in formats.enumerated() {
                numFmts += "<numFmt numFmtId=\"\(164 + k)\" formatCode=\"\(XLSXPackage.escape(Self.formatCode(f, locale)))\"/>"
            }
            var xfs = "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            xfs += "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            for k in formats.indices {
                xfs += "<xf numFmtId=\"\(164 + k)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            }
            return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="\(XLSXPackage.mainNamespace)">\
                \(formats.isEmpty ? "" : "<numFmts count=\"\(formats.count)\">\(numFmts)</numFmts>")\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="\(2 + formats.count)">\(xfs)</cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """
        }

        /// The package: the sheet's XML with shared strings and styles.
        func package() -> [UInt8] {
            var strings: [String] = [], index: [String: Int] = [:]
            func shared(_ s: String) -> Int {
                if let k = index[s] { return k }
                strings.append(s)
                index[s] = strings.count - 1
                return strings.count - 1
            }
            var widths: [Int: Int] = [:]
            var data = ""
            for (k, cells) in rows.enumerated() {
                let r = k + 1
                data += "<row r=\"\(r)\">"
                for c in cells.keys.sorted() {
                    let cell = cells[c]!
                    let ref = CellRef(row: r, column: c).name
                    let s = cell.style == 0 ? "" : " s=\"\(cell.style)\""
                    let shown: String
                    switch cell.value {
                    case .number(let x):
                        shown = CellText.format(
                            .number(x), formats.indices.contains(cell.style - 2) ? formats[cell.style - 2] : .general, locale)
                    case .text(let t): shown = t
                    default: shown = CellText.machine(cell.value)
                    }
                    widths[c] = max(widths[c] ?? 0, DisplayWidth.of(DisplayWidth.sanitized(shown)))
                    let f = cell.formula.map { "<f>\(XLSXPackage.escape($0))</f>" } ?? ""
                    switch cell.value {
                    case .number(let x):
                        data += "<c r=\"\(ref)\"\(s)>\(f)<v>\(Self.number(x))</v></c>"
                    case .text(let t):
                        if f.isEmpty {
                            data += "<c r=\"\(ref)\"\(s) t=\"s\"><v>\(shared(DisplayWidth.sanitized(t)))</v></c>"
                        } else {
                            data += "<c r=\"\(ref)\"\(s) t=\"str\">\(f)<v>\(XLSXPackage.escapeString(DisplayWidth.sanitized(t)))</v></c>"
                        }
                    case .bool(let b):
                        data += "<c r=\"\(ref)\"\(s) t=\"b\">\(f)<v>\(b ? 1 : 0)</v></c>"
                    case .blank:
                        // A formula whose value is blank caches the empty text Excel gives it.
                        if !f.isEmpty { data += "<c r=\"\(ref)\"\(s) t=\"str\">\(f)<v></v></c>" }
                    case .error(let e):
                        if e == .cycle {
                            data += "<c r=\"\(ref)\"\(s) t=\"s\"><v>\(shared(e.rawValue))</v></c>"
                        } else {
                            data += "<c r=\"\(ref)\"\(s) t=\"e\">\(f)<v>\(XLSXPackage.escape(e.rawValue))</v></c>"
                        }
                    case .period(let p):
                        data += "<c r=\"\(ref)\"\(s) t=\"s\"><v>\(shared(p.description))</v></c>"
                    case .series:
                        data += "<c r=\"\(ref)\"\(s) t=\"s\"><v>\(shared(CellText.machine(cell.value)))</v></c>"
                    }
                }
                data += "</row>"
            }
            var cols = ""
            for c in widths.keys.sorted() {
                let w = min(60, max(c <= 2 ? 6 : 8, widths[c]! + 2))
                cols += "<col min=\"\(c)\" max=\"\(c)\" width=\"\(w)\" customWidth=\"1\"/>"
            }
            var view = "<sheetView workbookViewId=\"0\"/>"
            if frozenRow > 0 {
                view =
                    "<sheetView workbookViewId=\"0\"><pane xSplit=\"2\" ySplit=\"\(frozenRow)\" topLeftCell=\"C\(frozenRow + 1)\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"bottomRight\"/></sheetView>"
            }
            let xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="\(XLSXPackage.mainNamespace)" xmlns:r="\(XLSXPackage.relNamespace)">\
                <sheetViews>\(view)</sheetViews><sheetFormatPr defaultRowHeight="15"/>\
                \(cols.isEmpty ? "" : "<cols>\(cols)</cols>")<sheetData>\(data)</sheetData></worksheet>
                """
            return XLSXPackage.make(
                sheets: [.init(name: locale == .vi ? "Báo cáo" : "Report", xml: xml)], styles: stylesPart(), sharedStrings: strings)
        }

        /// A number as the shortest text that reads back to it.
        static func number(_ x: Double) -> String {
            if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
            return "\(x)"
        }
    }
}

// MARK: - Tables across imported notebooks

extension ExcelWriter.Sheet {
    /// A table across notebooks as it is drawn: its title, a header row (name, label, then
    /// the columns' headings, the period's label above the names), a row per line. Values
    /// only: its cells read other notebooks' figures, which are not on the sheet, and its
    /// total and difference skip blanks where Excel's SUM and minus would count them as 0.
    mutating func across(_ a: Report.AcrossTable) {
        let grid = a.grid(locale)
        _ = add([1: ExcelWriter.Cell(value: .text(a.label ?? a.name), style: 1)])
        var header: [Int: ExcelWriter.Cell] = [
            1: ExcelWriter.Cell(value: .text(locale == .vi ? "Mã" : "name"), style: 1),
            2: ExcelWriter.Cell(value: .text(grid.corner), style: 1),
        ]
        for (k, h) in grid.headers.enumerated() { header[3 + k] = ExcelWriter.Cell(value: .text(h), style: 1) }
        let headerRow = add(header)
        if frozenRow == 0 { frozenRow = headerRow }
        for line in grid.lines {
            var cells: [Int: ExcelWriter.Cell] = [
                1: ExcelWriter.Cell(value: .text(line.name)), 2: ExcelWriter.Cell(value: .text(line.head)),
            ]
            for (k, c) in line.cells.enumerated() { cells[3 + k] = ExcelWriter.Cell(value: c.value, style: style(c.format)) }
            _ = add(cells)
        }
    }
}
