// MARK: - Reading a workbook
//
// The parts of an .xlsx file Chiso reads: the workbook (its sheets, by name), their
// relationships (where each sheet's part is), the shared strings, the styles (to tell a
// date from a number, since Excel stores both as numbers) and one sheet's cells and
// merged ranges. Everything else in the package is ignored. Each part is read with the
// streaming `XMLScanner`, and every problem is a `Workbook.Problem` with the cell it is
// at, never a crash: the file comes from another department.

struct Workbook {
    /// What a cell holds, as saved.
    enum Cell: Equatable {
        /// A number; `percent` when its format shows it as a percent (`0.0%`).
        case number(Double, percent: Bool = false)
        /// A number whose format is a date (a serial day count), or an ISO date (`t="d"`).
        case date(String)
        case text(String)
        case bool(Bool)
        /// An error value (`#DIV/0!`), as Excel writes it.
        case error(String)
        /// A formula saved without its value (`=SUM(B2:B6)`).
        case unsaved(String)
    }

    /// One sheet's cells and merged ranges.
    struct Sheet {
        var name: String
        var cells: [CellRef: Cell] = [:]
        /// Merged ranges: top-left and bottom-right corners.
        var merges: [(CellRef, CellRef)] = []
        var lastRow = 0
        var lastColumn = 0
        /// The rows that hold cells, in order, each with its cells' columns in order (a
        /// sheet is read by what it holds, never by its extent: one cell at XFD1048576 is
        /// one cell).
        var rows: [(row: Int, columns: [Int])] = []
        /// Merged ranges spanning several columns, by their top-left cell.
        var mergesAcross: [CellRef: CellRef] = [:]

        subscript(row: Int, column: Int) -> Cell? { cells[CellRef(row: row, column: column)] }

        /// The merged range whose top-left cell is `ref` and that spans several columns.
        func mergeAcross(at ref: CellRef) -> (CellRef, CellRef)? {
            mergesAcross[ref].map { (ref, $0) }
        }

        /// The columns of `row` that hold cells.
        func columns(in row: Int) -> [Int] {
            var lo = 0, hi = rows.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if rows[mid].row < row { lo = mid + 1 } else { hi = mid }
            }
            return lo < rows.count && rows[lo].row == row ? rows[lo].columns : []
        }
    }

    struct Problem: Error {
        var message: String
        /// The cell it is about, when there is one.
        var cell: CellRef?
        var help: String?
    }

    private var zip: Zip.Reader
    /// The sheets in workbook order: name and part path.
    private(set) var sheetParts: [(name: String, path: String)] = []
    private var sharedStrings: [String] = []
    /// Style indices (`s="…"`) whose number format shows a date or time.
    private var dateStyles: Set<Int> = []
    /// Style indices whose number format shows a percent.
    private var percentStyles: Set<Int> = []
    private var date1904 = false

    var sheetNames: [String] { sheetParts.map(\.name) }

    /// Opens a workbook; `nil` and why when the bytes are not one.
    static func open(_ bytes: [UInt8]) -> Result<Workbook, Problem> {
        guard let zip = Zip.Reader(bytes) else {
            return .failure(
                Problem(
                    message: "it is not an Excel workbook (.xlsx): it is not a zip package",
                    help: bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
                        ? "this is an old Excel 97-2003 file (.xls): open it in Excel and save it as \"Excel Workbook (.xlsx)\""
                        : "open it in Excel and save it as \"Excel Workbook (.xlsx)\", or export it as CSV"))
        }
        var book = Workbook(zip: zip)
        do {
            try book.readStructure()
        } catch {
            return .failure(error)
        }
        return .success(book)
    }

    private init(zip: Zip.Reader) { self.zip = zip }

    private mutating func part(_ path: String) throws(Problem) -> [UInt8]? {
        do {
            return try zip.read(path)
        } catch {
            throw Problem(message: "the workbook cannot be read: \(error.message)")
        }
    }

    private static func scan(_ bytes: [UInt8], part: String, _ body: (XMLScanner.Event) throws(Problem) -> Void) throws(Problem) {
        var scanner = XMLScanner(bytes)
        do {
            while let event = try scanner.next() { try body(event) }
        } catch let e as XMLScanner.Problem {
            throw Problem(message: "the workbook's part '\(part)' is not XML Chiso reads: \(e.message)")
        } catch let e as Problem {
            throw e
        } catch {
            throw Problem(message: "the workbook's part '\(part)' cannot be read")
        }
    }

    /// A relationship target as a package path: `worksheets/sheet1.xml` beside `xl/workbook.xml`.
    private static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// Relationship ids to targets, read from a `.rels` part.
    private mutating func relationships(_ path: String, folder: String) throws(Problem) -> [String: (type: String, path: String)] {
        guard let bytes = try part(path) else { return [:] }
        var out: [String: (type: String, path: String)] = [:]
        try Self.scan(bytes, part: path) { event throws(Problem) in
            if case .start("Relationship", let a) = event, let id = a["Id"], let target = a["Target"], a["TargetMode"] != "External" {
                out[id] = (a["Type"] ?? "", Self.resolve(target, from: folder))
            }
        }
        return out
    }

    private mutating func readStructure() throws(Problem) {
        // Where the workbook part is: the package relationships say; `xl/workbook.xml` by default.
        let root = try relationships("_rels/.rels", folder: "")
        let workbookPath = root.values.first { $0.type.hasSuffix("/officeDocument") }?.path ?? "xl/workbook.xml"
        guard let bytes = try part(workbookPath) else {
            throw Problem(
                message: "it is not an Excel workbook (.xlsx): the zip package has no workbook part",
                help: "open it in Excel and save it as \"Excel Workbook (.xlsx)\"")
        }
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let fileName = workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let rels = try relationships(folder + (folder.isEmpty ? "" : "/") + "_rels/\(fileName).rels", folder: folder)
        var sheets: [(String, String)] = []
        var date1904 = false
        try Self.scan(bytes, part: workbookPath) { event throws(Problem) in
            guard case .start(let tag, let a) = event else { return }
            if tag == "workbookPr", let d = a["date1904"] { date1904 = d == "1" || d == "true" }
            if tag == "sheet", let name = a["name"] {
                // A chart sheet or a sheet without a part has no cells: it is listed, and empty.
                let path = a["id"].flatMap { rels[$0] }.map(\.path) ?? ""
                sheets.append((name, path))
            }
        }
        guard !sheets.isEmpty else { throw Problem(message: "the workbook has no sheets") }
        self.sheetParts = sheets
        self.date1904 = date1904
        if let path = rels.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.path, let bytes = try part(path) {
            try readSharedStrings(bytes, part: path)
        }
        if let path = rels.values.first(where: { $0.type.hasSuffix("/styles") })?.path, let bytes = try part(path) {
            try readStyles(bytes, part: path)
        }
    }

    private mutating func readSharedStrings(_ bytes: [UInt8], part: String) throws(Problem) {
        var strings: [String] = []
        var current = ""
        var inText = false, inPhonetic = false
        try Self.scan(bytes, part: part) { event throws(Problem) in
            switch event {
            case .start("si", _): current = ""
            case .end("si"): strings.append(XLSXPackage.unescapeString(current))
            case .start("rPh", _): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .start("t", _): inText = true
            case .end("t"): inText = false
            case .text(let s) where inText && !inPhonetic: current += s
            default: break
            }
        }
        sharedStrings = strings
    }

    private mutating func readStyles(_ bytes: [UInt8], part: String) throws(Problem) {
        var customDates: Set<Int> = [], customPercents: Set<Int> = []
        var percents: Set<Int> = []
        var inCellXfs = false
        var index = 0
        var dates: Set<Int> = []
        try Self.scan(bytes, part: part) { event throws(Problem) in
            switch event {
            case .start("numFmt", let a):
                if let id = a["numFmtId"].flatMap({ Int($0) }), let code = a["formatCode"], Self.isDateFormat(code) {
                    customDates.insert(id)
                }
            case .start("cellXfs", _): inCellXfs = true
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", let a) where inCellXfs:
                let id = a["numFmtId"].flatMap { Int($0) } ?? 0
                if Self.builtinDates.contains(id) || customDates.contains(id) { dates.insert(index) }
                if id == 9 || id == 10 || customPercents.contains(id) { percents.insert(index) }
                index += 1
            default: break
            }
        }
        dateStyles = dates
        percentStyles = percents
    }

    /// Excel's built-in number formats that show dates or times.
    private static let builtinDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code shows a date or time: a `d`, `m`, `y`, `h` or `s` outside
    /// quotes, brackets and escapes (`[Red]0.00` and `"m²"` are not dates).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted, !bracket, "dmyhs".contains(c) { return true }
            }
        }
        return false
    }

    /// Whether a format code shows a percent: a `%` outside quotes.
    static func isPercentFormat(_ code: String) -> Bool {
        var quoted = false
        for c in code {
            if c == "\"" { quoted.toggle() }
            if c == "%", !quoted { return true }
        }
        return false
    }

    /// The sheet `name` (the first sheet when nil), or nil when there is none by that name.
    mutating func sheet(_ name: String?) throws(Problem) -> Sheet? {
        let entry: (name: String, path: String)
        if let name {
            guard
                let e = sheetParts.first(where: { $0.name == name })
                    ?? sheetParts.first(where: { $0.name.lowercased() == name.lowercased() })
            else {
                return nil
            }
            entry = e
        } else {
            entry = sheetParts[0]
        }
        var sheet = Sheet(name: entry.name)
        guard !entry.path.isEmpty, let bytes = try part(entry.path) else { return sheet }
        try readCells(bytes, part: entry.path, into: &sheet)
        return sheet
    }

    private func readCells(_ bytes: [UInt8], part: String, into sheet: inout Sheet) throws(Problem) {
        var row = 0, column = 0
        var ref = CellRef(row: 1, column: 1)
        var type = "n", style = 0
        var value: String?, formula: String?, inline = ""
        var inCell = false, inValue = false, inFormula = false, inInline = false, inInlineText = false, inPhonetic = false
        var cells: [CellRef: Cell] = [:]
        var merges: [(CellRef, CellRef)] = []
        let strings = sharedStrings, dateStyles = dateStyles, percentStyles = percentStyles, date1904 = date1904
        try Self.scan(bytes, part: part) { event throws(Problem) in
            switch event {
            case .start("row", let a):
                if let r = a["r"] {
                    guard let n = Int(r), n > row, n <= CellRef.maxRow else {
                        throw Problem(message: "the sheet's row number '\(r)' is out of order or off the sheet")
                    }
                    row = n
                } else {
                    row += 1
                }
                column = 0
            case .start("c", let a):
                if let r = a["r"] {
                    guard let c = CellRef(r), c.row == max(row, 1), c.column > column else {
                        throw Problem(message: "the sheet's cell reference '\(r)' is out of order or off the sheet")
                    }
                    ref = c
                } else {
                    guard column < CellRef.maxColumn else { throw Problem(message: "a row of the sheet is wider than Excel's") }
                    ref = CellRef(row: max(row, 1), column: column + 1)
                }
                column = ref.column
                type = a["t"] ?? "n"
                style = a["s"].flatMap { Int($0) } ?? 0
                value = nil
                formula = nil
                inline = ""
                inCell = true
                inValue = false
                inFormula = false
                inInline = false
                inInlineText = false
            case .start("v", _) where inCell:
                inValue = true
                value = value ?? ""
            case .end("v"): inValue = false
            case .start("f", _) where inCell:
                inFormula = true
                formula = formula ?? ""
            case .end("f"): inFormula = false
            case .start("is", _) where inCell: inInline = true
            case .end("is"): inInline = false
            case .start("rPh", _): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .start("t", _) where inInline: inInlineText = true
            case .end("t"): inInlineText = false
            case .text(let s):
                if inValue {
                    value = (value ?? "") + s
                } else if inFormula {
                    formula = (formula ?? "") + s
                } else if inInlineText, !inPhonetic {
                    inline += s
                }
            case .end("c") where inCell:
                inCell = false
                let cell: Cell?
                let saved = value ?? ""
                switch type {
                case "inlineStr": cell = inline.isEmpty ? nil : .text(XLSXPackage.unescapeString(inline))
                case _ where value == nil || (saved.isEmpty && type != "str"):
                    cell = formula.map { .unsaved($0) }
                case "s":
                    guard let k = Int(saved.trimmed(of: " ")), strings.indices.contains(k) else {
                        throw Problem(message: "the cell refers to shared string \(saved), which the workbook does not have", cell: ref)
                    }
                    cell = strings[k].isEmpty ? nil : .text(strings[k])
                case "str": cell = saved.isEmpty ? nil : .text(XLSXPackage.unescapeString(saved))
                case "b": cell = .bool(saved == "1" || saved == "true")
                case "e": cell = .error(saved)
                case "d": cell = .date(saved)
                default:
                    guard let x = Double(saved.trimmed(of: " ")), x.isFinite else {
                        throw Problem(message: "the cell holds '\(saved)', which is not a number", cell: ref)
                    }
                    cell =
                        dateStyles.contains(style)
                        ? .date(Self.dateText(serial: x, date1904: date1904)) : .number(x, percent: percentStyles.contains(style))
                }
                if let cell { cells[ref] = cell }
            case .start("mergeCell", let a):
                let corners = (a["ref"] ?? "").split(separator: ":").compactMap { CellRef(String($0)) }
                if corners.count == 2 { merges.append((corners[0], corners[1])) }
            default: break
            }
        }
        sheet.cells = cells
        sheet.merges = merges
        sheet.lastRow = cells.keys.map(\.row).max() ?? 0
        sheet.lastColumn = cells.keys.map(\.column).max() ?? 0
        var byRow: [Int: [Int]] = [:]
        for ref in cells.keys { byRow[ref.row, default: []].append(ref.column) }
        sheet.rows = byRow.keys.sorted().map { ($0, byRow[$0]!.sorted()) }
        for (a, b) in merges where b.column > a.column && b.row >= a.row && sheet.mergesAcross[a] == nil { sheet.mergesAcross[a] = b }
    }

    /// A date serial as `2019-03-31` (for messages).
    static func dateText(serial: Double, date1904: Bool) -> String {
        // Days from 1970-01-01 of the serial's day; Excel's 1900 system counts a 29 February 1900.
        let whole = Int(serial.rounded(.down))
        guard abs(whole) < 3_000_000 else { return String(serial) }
        let days = date1904 ? whole - 24_107 : whole - (whole < 61 ? 25_568 : 25_569)
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
