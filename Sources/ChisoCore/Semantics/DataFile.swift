// MARK: - Data from CSV files
//
// `table dvc over 2019Q1..2019Q4 from "data/q1.csv" { formula rows }` fills the table's
// data rows from a CSV file: the first column holds row names, an optional `label`
// column their labels, and one column per period headed by the period (`2019Q1`).
// Numbers are read in the notebook's locale (`1.445` is 1445 under vi, `31,04%` is
// 0.3104); an empty field is a blank; anything else is an error naming the file, the
// line and the column, with a caret. Quoted fields, CRLF line endings and a BOM are
// accepted (RFC 4180); so are `;`- and tab-separated files, and the encodings Excel
// writes (see TextEncoding). A figure is read right or refused, never shifted: a row
// with another number of fields than the header is an error at that line.

enum DataFile {
    /// Whether a data file's path names an Excel workbook (read by `workbookRows`, in Excel/).
    static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
    }

    /// One field and where it is written (UTF-8 offsets into the file).
    struct Field {
        var text: String
        var start: Int
        var end: Int
        /// Written in quotes (a comma inside is part of the field).
        var quoted = false
    }

    /// The file's text, decoded to UTF-8 and added to `sources`; or, when it is in no
    /// encoding Chiso reads, an error at the first unreadable byte saying how to re-save it.
    static func decode(_ bytes: [UInt8], name: String, into sources: inout SourceMap) -> Result<SourceID, Diagnostic> {
        switch TextEncoding.decode(bytes) {
        case .success(let decoded):
            return .success(sources.add(name: name, bytes: decoded.bytes))
        case .failure(let bad):
            let id = sources.add(name: name, bytes: bytes)
            let hex = (bad.byte < 0x10 ? "0" : "") + String(bad.byte, radix: 16, uppercase: true)
            return .failure(
                .error(
                    .syntax, "the data file is not text Chiso can read: byte 0x\(hex) is neither UTF-8 nor Windows-1258",
                    at: SourceSpan(source: id, start: bad.offset, end: bad.offset + 1),
                    help: "in Excel, save it as \"CSV UTF-8 (Comma delimited)\" (or as \"Unicode Text\")"))
        }
    }

    /// The table's data rows read from `file`, and what is wrong with it.
    static func rows(
        _ file: SourceFile, id: SourceID, table: TableDecl, locale: DisplayLocale,
        localeLine: SourceSpan? = nil
    ) -> ([TableDecl.Item], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let span = { (f: Field) in SourceSpan(source: id, start: f.start, end: max(f.end, f.start + 1)) }
        let records = parse(file.bytes).filter { !($0.count == 1 && $0[0].text.trimmed(of: " \t").isEmpty) }
        guard let header = records.first else {
            return (
                [],
                [
                    .error(
                        .syntax, "the data file is empty", at: SourceSpan(source: id, start: 0, end: 0),
                        help: "its first line names the columns: name, label, then one period each (2019Q1, 2019Q2, …)")
                ]
            )
        }
        guard let range = PeriodRange(table.first, table.last) else { return ([], []) }
        // Past the limit nothing more would be shown: the file is not what it should be.
        var stopped = false
        func tooMany(at f: Field) -> Bool {
            if stopped { return true }
            guard diagnostics.count >= Diagnostic.limit else { return false }
            stopped = true
            diagnostics.append(
                .error(
                    .syntax,
                    "too many errors (\(Diagnostic.limit)); stopped reading the data file at line \(file.lineIndex(of: f.start) + 1)",
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
                diagnostics.append(
                    .error(
                        .syntax, "column '\(text)' is neither 'label' nor a period", at: span(f),
                        help: "name the columns: name, label, then one period each (\(range[0]), …)"))
                continue
            }
            guard let i = range.index(of: p) else {
                diagnostics.append(
                    .error(.syntax, "\(p) is outside the periods of table '\(table.name.text)' (\(range.description))", at: span(f)))
                continue
            }
            if let first = periodColumn[i] {
                // The same period twice: which column holds the data is anyone's guess.
                let firstText = header[first].text.trimmed(of: " \t")
                diagnostics.append(
                    .error(
                        .syntax, "columns \(first + 1) ('\(firstText)') and \(c + 1) ('\(text)') are both period \(p)", at: span(f),
                        help: "keep one column per period", notes: [.init(span: span(header[first]), message: "the first column for \(p)")])
                )
                continue
            }
            periodColumn[i] = c
        }
        var items: [TableDecl.Item] = []
        var seen: [String: SourceSpan] = [:]
        // `1.234` in an en notebook: a decimal, unless the file is Vietnamese.
        var firstAmbiguous: Field?
        var anyPlainDecimal = false
        for record in records.dropFirst() {
            if tooMany(at: record[0]) { break }
            let nameField = record[0]
            let name = nameField.text.trimmed(of: " \t")
            guard Imports.defaultAlias(name) == name, !name.isEmpty else {
                diagnostics.append(
                    .error(
                        .syntax, "'\(name)' is not a row name", at: span(nameField),
                        help: "the first column holds names: letters, digits and _, such as received"))
                continue
            }
            if let problem = fieldCount(record, header: header, separator: separator(file.bytes)) {
                let line = file.lineIndex(of: nameField.start) + 1
                diagnostics.append(
                    .error(
                        .syntax,
                        "line \(line) has \(problem.count) fields, the header \(header.count): its figures would land in the wrong periods",
                        at: SourceSpan(source: id, start: nameField.start, end: max(record.last!.end, nameField.start + 1)),
                        help: problem.help))
                continue
            }
            if let first = seen[name] {
                diagnostics.append(
                    .error(
                        .name, "row '\(name)' is in the data file twice", at: span(nameField),
                        notes: [.init(span: first, message: "first here")]))
                continue
            }
            seen[name] = span(nameField)
            let label = labelColumn.flatMap { $0 < record.count ? unescaped(record[$0].text) : nil }.flatMap { $0.isEmpty ? nil : $0 }
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
                case .value(let x, let percent):
                    values.append(Expr(.number(x, percent: percent), span(f)))
                    if locale == .en, firstAmbiguous == nil, looksLikeViThousands(f.text) { firstAmbiguous = f }
                    if locale == .en, looksLikeDecimal(f.text) { anyPlainDecimal = true }
                case .malformed:
                    let other: DisplayLocale = locale == .vi ? .en : .vi
                    var help =
                        ErrorCode(rawValue: f.text.trimmed(of: " \t")) != nil
                        ? "a spreadsheet's error: correct it in the spreadsheet, or leave the field empty where there is no data"
                        : "leave the field empty where there is no data"
                    var notes: [Diagnostic.Note] = []
                    if case .value = number(f.text, other) {
                        help =
                            "it reads as a number in locale \(other.rawValue): data files are read in the notebook's locale (\(locale.rawValue)); write `locale \(other.rawValue)` in the notebook, or save the file with \(locale == .vi ? "1.445 and 31,04%" : "1,445 and 31.04%")"
                        if let localeLine { notes.append(.init(span: localeLine, message: "the notebook's locale")) }
                    }
                    diagnostics.append(
                        .error(
                            .syntax,
                            "'\(f.text)' is not a number (\(locale == .vi ? "locale vi: 1.445 or 31,04%" : "locale en: 1,445 or 31.04%"))",
                            at: span(f), help: help, notes: notes))
                    values.append(Expr(.invalid, span(f)))
                }
            }
            let rowSpan = SourceSpan(source: id, start: nameField.start, end: record.last.map { $0.end } ?? nameField.end)
            items.append(
                .row(
                    RowDecl(
                        name: Name(text: name, span: span(nameField)), label: label, body: .data(values),
                        aggregation: nil, format: nil, span: rowSpan)))
        }
        if let f = firstAmbiguous, !anyPlainDecimal {
            diagnostics.append(
                .warning(
                    .syntax,
                    "'\(f.text.trimmed(of: " \t"))' is read as \(f.text.trimmed(of: " \t")) (locale en), but every number with a point in this file has three digits after it, as Vietnamese thousands do",
                    at: span(f),
                    help:
                        "if the file is Vietnamese (\(f.text.trimmed(of: " \t")) = \(f.text.trimmed(of: " \t").replacingOccurrences(of: ".", with: ""))), write `locale vi` in the notebook: data files are read in the notebook's locale",
                    notes: localeLine.map { [.init(span: $0, message: "the notebook's locale")] } ?? []))
        }
        return (items, diagnostics)
    }

    /// `1.234`, `-12.345.678`: digits with a point and exactly three digits after each one.
    private static func looksLikeViThousands(_ raw: String) -> Bool {
        let text = raw.trimmed(of: " \t")
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, let head = groups.first?.drop(while: { $0 == "-" }), !head.isEmpty, head.count <= 3,
            head.allSatisfy(\.isASCII), head.allSatisfy(\.isNumber)
        else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A decimal that cannot be a thousands group (`1.5`, `0.9667`, `12.5%`).
    private static func looksLikeDecimal(_ raw: String) -> Bool {
        let text = raw.trimmed(of: " \t")
        return text.contains(".") && !looksLikeViThousands(text)
    }

    /// Why a record does not line up with the header (fewer fields, or more that are not
    /// empty), with a hint when a figure looks split at its decimal comma.
    private static func fieldCount(_ record: [Field], header: [Field], separator: UInt8) -> (count: Int, help: String)? {
        var count = record.count
        while count > header.count, record[count - 1].text.trimmed(of: " \t").isEmpty { count -= 1 }
        guard count != header.count else { return nil }
        func digits(_ s: String, max: Int) -> Bool { !s.isEmpty && s.count <= max && s.allSatisfy { $0.isASCII && $0.isNumber } }
        // One field too many, and two neighbours that read as one figure with a decimal comma.
        if count == header.count + 1, separator == UInt8(ascii: ",") {
            for k in 1..<(record.count - 1) {
                let a = record[k].text.trimmed(of: " \t"), b = record[k + 1].text.trimmed(of: " \t")
                let whole = a.hasPrefix("-") ? String(a.dropFirst()) : a
                let fraction = b.hasSuffix("%") ? String(b.dropLast()) : b
                if digits(whole, max: 15), digits(fraction, max: 3), !record[k].quoted, !record[k + 1].quoted {
                    return (
                        count,
                        "'\(a),\(b)' looks like one figure split at its decimal comma: quote it (\"\(a),\(b)\") or save the file with ';' between fields"
                    )
                }
            }
        }
        return (
            count,
            count < header.count
                ? "every row needs a field for each column; leave a field empty where there is no data"
                : "remove the extra fields, or quote a field that holds the separator"
        )
    }

    /// A label as written: the `'` that CSV output (Chiso's, and the usual practice) puts
    /// before text a spreadsheet would run as a formula (`'- Trong đó`) is taken off.
    static func unescaped(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.dropFirst().unicodeScalars.first, "=+-@".unicodeScalars.contains(second) else {
            return text
        }
        return String(text.dropFirst())
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
        guard plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), var x = Double(plain), x.isFinite else {
            return .malformed
        }
        if percent { x /= 100 }
        return .value(x, percent: percent)
    }

    /// The field separator: `;` when the first line has semicolons and no commas, as
    /// spreadsheets in comma-decimal locales (Vietnamese among them) write CSV; a tab when
    /// it has tabs and neither (Excel's "Unicode Text"); else a comma.
    static func separator(_ bytes: [UInt8]) -> UInt8 {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let comma = firstLine.contains(UInt8(ascii: ",")), semicolon = firstLine.contains(UInt8(ascii: ";"))
        if semicolon && !comma { return UInt8(ascii: ";") }
        if !semicolon && !comma && firstLine.contains(UInt8(ascii: "\t")) { return UInt8(ascii: "\t") }
        return UInt8(ascii: ",")
    }

    /// RFC 4180 records: fields separated by `separator(bytes)`, quoted with `"` (a quote
    /// doubled inside), records ended by LF or CRLF; a leading BOM is skipped.
    static func parse(_ bytes: [UInt8]) -> [[Field]] {
        let separator = separator(bytes)
        var records: [[Field]] = [], record: [Field] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var field: [UInt8] = [], start = i, quoted = false, wasQuoted = false
        func endField(_ end: Int) {
            record.append(Field(text: String(decoding: field, as: UTF8.self), start: start, end: end, quoted: wasQuoted))
            field = []
            wasQuoted = false
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
            case UInt8(ascii: "\"") where field.isEmpty:
                quoted = true
                wasQuoted = true
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
