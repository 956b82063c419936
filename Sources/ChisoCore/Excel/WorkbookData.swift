// MARK: - Data from Excel workbooks
//
// `table t over 2019Q1..2019Q4 from "so-lieu.xlsx" [sheet "Số liệu"] { … }` reads a
// sheet laid out as a CSV data file is: the first column holds row names, an optional
// label column their labels, and one column per period under a header row of periods.
//
// * Rows above the header that hold at most one value (a title, even merged across the
//   sheet) are skipped; the header is the first row with two values or more. A row of
//   merged cells grouping the header's periods (`Năm 2019` over four quarters) is
//   skipped when the row under it is the header.
// * A column headed `Total` or `Tổng` (a total column, as Chiso writes one) is not read:
//   the table computes its own.
// * A header names its period canonically, as a label in either locale, or as the number
//   2019; a header cell merged over several columns belongs to its first column, and a
//   figure under the others is an error (which period would it be?).
// * Number cells are numbers; text holding a number is read in the notebook's locale, as
//   in a CSV file; a formula cell gives its saved value; Excel's error values map to
//   Chiso's; an empty cell is a blank; a row with no name and no figures (a blank line,
//   a section title) is skipped.
// * Every problem is an error at the notebook's `from "…"`, naming the file, the sheet
//   and the cell (`B7`): a figure is read right or refused, never shifted.

extension DataFile {
    /// Header words that mark the label column.
    static let labelHeaders: Set<String> = ["label", "nhãn", "chỉ tiêu"]
    /// Header words of a total column: its figures are computed, so the column is not read.
    static let totalHeaders: Set<String> = ["total", "tổng", "tổng cộng", "cộng", "tổng số"]

    /// The table's data rows read from a workbook's sheet, and what is wrong with it.
    static func workbookRows(
        _ bytes: [UInt8], file: String, sheet sheetName: String?, at span: SourceSpan, table: TableDecl, locale: DisplayLocale,
        localeLine: SourceSpan? = nil
    ) -> ([TableDecl.Item], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var book: Workbook
        switch Workbook.open(bytes) {
        case .failure(let p):
            return ([], [.error(.syntax, "'\(file)' cannot be read: \(p.message)", at: span, help: p.help)])
        case .success(let b): book = b
        }
        let sheet: Workbook.Sheet
        do {
            guard let s = try book.sheet(sheetName) else {
                let names = book.sheetNames.map { "'\($0)'" }.joined(separator: ", ")
                return (
                    [],
                    [
                        .error(
                            .name, "'\(file)' has no sheet '\(sheetName ?? "")'; its sheets: \(names)", at: span,
                            help: "write one of them: sheet \"\(book.sheetNames[0])\"")
                    ]
                )
            }
            sheet = s
        } catch {
            let place = error.cell.map { ", cell \($0.name)" } ?? ""
            return (
                [],
                [
                    .error(
                        .syntax, "'\(file)', sheet '\(sheetName ?? book.sheetNames[0])'\(place): \(error.message)", at: span,
                        help: error.help)
                ]
            )
        }
        guard let range = PeriodRange(table.first, table.last) else { return ([], []) }
        let here = "'\(file)', sheet '\(sheet.name)'"
        var stopped = false
        func report(_ ref: CellRef?, _ message: String, help: String? = nil, notes: [Diagnostic.Note] = []) {
            if stopped { return }
            if diagnostics.count >= Diagnostic.limit {
                stopped = true
                diagnostics.append(
                    .error(
                        .syntax, "too many errors (\(Diagnostic.limit)); stopped reading \(here) at row \(ref?.row ?? 0)", at: span,
                        help: "is this the right file?"))
                return
            }
            diagnostics.append(
                .error(.syntax, "\(here)\(ref.map { ", cell \($0.name)" } ?? ""): \(message)", at: span, help: help, notes: notes))
        }

        // The header: past the title rows (at most one value) and a row grouping periods.
        var headerRow = 0
        for (k, entry) in sheet.rows.enumerated() where entry.columns.count >= 2 {
            let r = entry.row
            let grouping = entry.columns.filter { $0 > 1 }.allSatisfy { sheet.mergeAcross(at: CellRef(row: r, column: $0)) != nil }
            if grouping, k + 1 < sheet.rows.count, sheet.rows[k + 1].row == r + 1, sheet.rows[k + 1].columns.count >= 2 { continue }
            headerRow = r
            break
        }
        guard headerRow > 0 else {
            return (
                [],
                [
                    .error(
                        .syntax, "\(here) has no header row", at: span,
                        help: "its first row names the columns: name, label, then one period each (\(range[0]), …)")
                ]
            )
        }

        var labelColumn: Int?
        var periodColumn: [Int: Int] = [:]  // period index -> column
        var columnPeriod: [Int: Int] = [:]  // column -> period index
        /// Columns under a header merged from the column to their left: figures there belong to no period.
        var headerMerges: [(from: Int, to: Int, head: CellRef)] = []
        /// Total columns: not read.
        var skipped: Set<Int> = []
        for c in sheet.columns(in: headerRow) where c >= 2 {
            if stopped { break }
            let ref = CellRef(row: headerRow, column: c)
            guard let cell = sheet[headerRow, c] else { continue }
            if let merge = sheet.mergeAcross(at: ref) { headerMerges.append((c + 1, merge.1.column, ref)) }
            var period: Period?
            switch cell {
            case .text(let t):
                if labelHeaders.contains(t.trimmed(of: " \t").lowercased()) {
                    labelColumn = c
                    continue
                }
                if totalHeaders.contains(t.trimmed(of: " \t").lowercased()) {
                    skipped.insert(c)
                    continue
                }
                period = PeriodHeader.parse(t)
                if period == nil {
                    report(
                        ref, "the header '\(t)' is neither 'label' nor a period",
                        help: "head each column with its period: \(range[0]), or as a label (Quý I/2019, Q1 2019, Năm 2019)")
                    continue
                }
            case .number(let x, _):
                if x == x.rounded(), (1000...9999).contains(x) { period = Period(.year, year: Int(x)) }
                if period == nil {
                    report(
                        ref, "the header \(MachineNumber.text(x)) is not a period", help: "head each column with its period: \(range[0])")
                    continue
                }
            case .date(let d):
                // A date heads a month column: `2019-03-01` is 2019M03.
                let parts = d.split(separator: "-").compactMap { Int($0) }
                if parts.count >= 2, range.granularity == .month { period = Period(.month, year: parts[0], index: parts[1]) }
                if period == nil {
                    report(
                        ref, "the header is a date (\(d)), not a period",
                        help: range.granularity == .month
                            ? "type the month as text: \(range[0])"
                            : "type the period as text: \(range[0]), or as a label (Quý I/2019)")
                    continue
                }
            default:
                report(ref, "the header is neither 'label' nor a period", help: "head each column with its period: \(range[0])")
                continue
            }
            guard let p = period else { continue }
            guard let i = range.index(of: p) else {
                report(ref, "\(p) is outside the periods of table '\(table.name.text)' (\(range.description))")
                continue
            }
            if let first = periodColumn[i] {
                report(
                    ref,
                    "columns \(CellRef.columnName(first)) and \(CellRef.columnName(c)) are both period \(p)",
                    help: "keep one column per period")
                continue
            }
            periodColumn[i] = c
            columnPeriod[c] = i
        }

        var items: [TableDecl.Item] = []
        var seen: [String: Int] = [:]
        for (row, columns) in sheet.rows where row > headerRow {
            if stopped { break }
            let nameRef = CellRef(row: row, column: 1)
            // Figures in columns no period heads.
            let figures = columns.filter { c in c >= 2 && c != labelColumn && !skipped.contains(c) }
            let name: String
            switch sheet[row, 1] {
            case .text(let t): name = t.trimmed(of: " \t\u{00A0}")
            case nil: name = ""
            case .number(let x, _): name = MachineNumber.text(x)
            default: name = "?"
            }
            if name.isEmpty {
                // A blank row, or a section title in the label column: no figures, nothing lost.
                if !figures.isEmpty {
                    report(
                        nameRef, "row \(row) has figures but no name",
                        help: "write the row's name in column A (letters, digits and _, such as received)")
                }
                continue
            }
            guard Imports.defaultAlias(name) == name else {
                report(nameRef, "'\(name)' is not a row name", help: "column A holds names: letters, digits and _, such as received")
                continue
            }
            if let first = seen[name] {
                report(nameRef, "row '\(name)' is in the sheet twice (rows \(first) and \(row))")
                continue
            }
            seen[name] = row
            var label: String?
            if let c = labelColumn {
                switch sheet[row, c] {
                case .text(let t): label = t
                case .number(let x, _): label = MachineNumber.text(x)
                default: label = nil
                }
            }
            for c in figures where columnPeriod[c] == nil {
                let ref = CellRef(row: row, column: c)
                if let head = headerMerges.first(where: { $0.from <= c && c <= $0.to })?.head {
                    report(
                        ref, "the cell is under the header \(head.name), merged over several columns: which period is it?",
                        help: "unmerge the header and head each column with its period")
                } else if sheet[headerRow, c] == nil {
                    report(
                        ref, "the cell is in a column with no period in its header (\(CellRef(row: headerRow, column: c).name))",
                        help: "head the column with its period, or remove the figure")
                }
            }
            var values: [Expr] = []
            for i in 0..<range.count {
                guard let c = periodColumn[i], let cell = sheet[row, c] else {
                    values.append(Expr(.blank, span))
                    continue
                }
                let ref = CellRef(row: row, column: c)
                switch cell {
                case .number(let x, let percent): values.append(Expr(.number(x, percent: percent), span))
                case .bool(let b): values.append(Expr(.boolean(b), span))
                case .error(let e): values.append(Expr(.error(errorCode(e)), span))
                case .text(let t):
                    switch number(t, locale) {
                    case .blank: values.append(Expr(.blank, span))
                    case .value(let x, let percent): values.append(Expr(.number(x, percent: percent), span))
                    case .malformed:
                        let other: DisplayLocale = locale == .vi ? .en : .vi
                        var help = "type a number, or leave the cell empty where there is no data"
                        var notes: [Diagnostic.Note] = []
                        if case .value = number(t, other) {
                            help =
                                "it reads as a number in locale \(other.rawValue): text in a workbook is read in the notebook's locale (\(locale.rawValue)); write `locale \(other.rawValue)` in the notebook, or store the cell as a number"
                            if let localeLine { notes.append(.init(span: localeLine, message: "the notebook's locale")) }
                        }
                        report(
                            ref, "'\(t)' is not a number (\(locale == .vi ? "locale vi: 1.445 or 31,04%" : "locale en: 1,445 or 31.04%"))",
                            help: help, notes: notes)
                        values.append(Expr(.invalid, span))
                    }
                case .date(let d):
                    report(
                        ref, "the cell holds a date (\(d)), not a figure",
                        help: "format the cell as a number in Excel (Home > Number > General), or leave it empty")
                    values.append(Expr(.invalid, span))
                case .unsaved(let f):
                    report(
                        ref, "the cell holds a formula (=\(f)) saved without its value",
                        help: "open the file in Excel or LibreOffice and save it: the value is saved with the formula")
                    values.append(Expr(.invalid, span))
                }
            }
            items.append(
                .row(
                    RowDecl(
                        name: Name(text: name, span: span), label: label, body: .data(values), aggregation: nil, format: nil, span: span)))
        }
        return (items, diagnostics)
    }

    /// Excel's error values as Chiso's; those Chiso has no code for (`#REF!`, `#NULL!`,
    /// `#SPILL!`, …) are `#VALUE!`.
    static func errorCode(_ excel: String) -> ErrorCode {
        switch excel.trimmed(of: " ").uppercased() {
        case "#DIV/0!": .div0
        case "#N/A": .na
        case "#NAME?": .name
        case "#NUM!": .num
        default: .value
        }
    }
}
