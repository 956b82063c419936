// MARK: - Data from CSV files
//
// `table dvc over 2019Q1..2019Q4 from "data/q1.csv" { formula rows }` fills the table's
// data rows from a CSV file: the first column holds row names, an optional `label`
// column their labels, and one column per period headed by the period (`2019Q1`).
// Numbers are read in the notebook's locale (`1.445` is 1445 under vi, `31,04%` is
// 0.3104); an empty field is a blank; anything else is an error naming the file, the
// line and the column, with a caret. Quoted fields, CRLF line endings and a BOM are
// accepted (RFC 4180).

enum DataFile {
    /// One field and where it is written (UTF-8 offsets into the file).
    struct Field {
        var text: String
        var start: Int
        var end: Int
    }

    /// The table's data rows read from `file`, and what is wrong with it.
    static func rows(_ file: SourceFile, id: SourceID, table: TableDecl, locale: DisplayLocale) -> ([TableDecl.Item], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let span = { (f: Field) in SourceSpan(source: id, start: f.start, end: max(f.end, f.start + 1)) }
        let records = parse(file.bytes).filter { !($0.count == 1 && $0[0].text.trimmed(of: " \t").isEmpty) }
        guard let header = records.first else {
            return ([], [.error(.syntax, "the data file is empty", at: SourceSpan(source: id, start: 0, end: 0),
                                help: "its first line names the columns: name, label, then one period each (2019Q1, 2019Q2, …)")])
        }
        guard let range = PeriodRange(table.first, table.last) else { return ([], []) }
        // Past the limit nothing more would be shown: the file is not what it should be.
        var stopped = false
        func tooMany(at f: Field) -> Bool {
            if stopped { return true }
            guard diagnostics.count >= Diagnostic.limit else { return false }
            stopped = true
            diagnostics.append(.error(.syntax, "too many errors (\(Diagnostic.limit)); stopped reading the data file at line \(file.lineIndex(of: f.start) + 1)",
                                      at: span(f), help: "is this the right file?"))
            return true
        }
        var labelColumn: Int?
        var periodColumn: [Int: Int] = [:]  // period index -> column
        for (c, f) in header.enumerated().dropFirst() {
            if tooMany(at: f) { break }
            let text = f.text.trimmed(of: " \t")
            if text.lowercased() == "label" { labelColumn = c; continue }
            guard let p = Period.parse(text) else {
                diagnostics.append(.error(.syntax, "column '\(text)' is neither 'label' nor a period", at: span(f),
                                          help: "name the columns: name, label, then one period each (\(range[0]), …)"))
                continue
            }
            guard let i = range.index(of: p) else {
                diagnostics.append(.error(.syntax, "\(p) is outside the periods of table '\(table.name.text)' (\(range.description))", at: span(f)))
                continue
            }
            if let first = periodColumn[i] {
                // The same period twice: which column holds the data is anyone's guess.
                let firstText = header[first].text.trimmed(of: " \t")
                diagnostics.append(.error(.syntax, "columns \(first + 1) ('\(firstText)') and \(c + 1) ('\(text)') are both period \(p)", at: span(f),
                                          help: "keep one column per period", notes: [.init(span: span(header[first]), message: "the first column for \(p)")]))
                continue
            }
            periodColumn[i] = c
        }
        var items: [TableDecl.Item] = []
        var seen: [String: SourceSpan] = [:]
        for record in records.dropFirst() {
            if tooMany(at: record[0]) { break }
            let nameField = record[0]
            let name = nameField.text.trimmed(of: " \t")
            guard Imports.defaultAlias(name) == name, !name.isEmpty else {
                diagnostics.append(.error(.syntax, "'\(name)' is not a row name", at: span(nameField),
                                          help: "the first column holds names: letters, digits and _, such as received"))
                continue
            }
            if let first = seen[name] {
                diagnostics.append(.error(.name, "row '\(name)' is in the data file twice", at: span(nameField), notes: [.init(span: first, message: "first here")]))
                continue
            }
            seen[name] = span(nameField)
            let label = labelColumn.flatMap { $0 < record.count ? record[$0].text : nil }.flatMap { $0.isEmpty ? nil : $0 }
            var values: [Expr] = []
            for i in 0..<range.count {
                guard let c = periodColumn[i], c < record.count else {
                    values.append(Expr(.blank, span(nameField)))
                    continue
                }
                let f = record[c]
                if tooMany(at: f) { break }
                switch number(f.text, locale) {
                case .blank: values.append(Expr(.blank, span(f)))
                case .value(let x, let percent): values.append(Expr(.number(x, percent: percent), span(f)))
                case .malformed:
                    diagnostics.append(.error(.syntax, "'\(f.text)' is not a number (\(locale == .vi ? "locale vi: 1.445 or 31,04%" : "locale en: 1,445 or 31.04%"))",
                                              at: span(f), help: "leave the field empty where there is no data"))
                    values.append(Expr(.invalid, span(f)))
                }
            }
            let rowSpan = SourceSpan(source: id, start: nameField.start, end: record.last.map { $0.end } ?? nameField.end)
            items.append(.row(RowDecl(name: Name(text: name, span: span(nameField)), label: label, body: .data(values),
                                      aggregation: nil, format: nil, span: rowSpan)))
        }
        return (items, diagnostics)
    }

    enum Number { case blank, value(Double, percent: Bool), malformed }

    /// A field as a number in `locale`: `1.445`, `6.834,5`, `31,04%` (vi) or `1,445`, `31.04%` (en).
    static func number(_ raw: String, _ locale: DisplayLocale) -> Number {
        var text = raw.trimmed(of: " \t\u{00A0}")
        if text.isEmpty { return .blank }
        var percent = false
        if text.hasSuffix("%") { percent = true; text.removeLast() }
        let group: Character = locale == .vi ? "." : ",", point: Character = locale == .vi ? "," : "."
        // Grouping is only between digits, in threes.
        let parts = text.split(separator: point, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else { return .malformed }
        var digits = String(whole)
        if digits.contains(group) {
            let groups = digits.split(separator: group, omittingEmptySubsequences: false)
            let head = groups[0].hasPrefix("-") ? groups[0].dropFirst() : groups[0][...]
            guard !head.isEmpty, head.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return .malformed }
            digits = groups.joined()
        }
        let plain = digits + (parts.count == 2 ? "." + parts[1] : "")
        guard plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), var x = Double(plain), x.isFinite else { return .malformed }
        if percent { x /= 100 }
        return .value(x, percent: percent)
    }

    /// RFC 4180 records: fields separated by commas, quoted with `"` (a quote doubled
    /// inside), records ended by LF or CRLF; a leading BOM is skipped. A file whose first
    /// line has semicolons and no commas is read with `;` between fields, as spreadsheets
    /// in comma-decimal locales (Vietnamese among them) write CSV.
    static func parse(_ bytes: [UInt8]) -> [[Field]] {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let separator = firstLine.contains(UInt8(ascii: ";")) && !firstLine.contains(UInt8(ascii: ",")) ? UInt8(ascii: ";") : UInt8(ascii: ",")
        var records: [[Field]] = [], record: [Field] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var field: [UInt8] = [], start = i, quoted = false
        func endField(_ end: Int) {
            record.append(Field(text: String(decoding: field, as: UTF8.self), start: start, end: end))
            field = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    quoted = false
                } else {
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\"") where field.isEmpty: quoted = true
            case separator:
                endField(i)
                start = i + 1
            case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"):
                endField(i > 0 && bytes[i - 1] == UInt8(ascii: "\r") ? i - 1 : i)
                records.append(record)
                record = []
                start = i + 1
            default: field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { endField(bytes.count); records.append(record) }
        return records
    }
}
