// MARK: - CSV
//
// The report in source order, one block per heading, group of cells or table (paragraphs
// and charts are left out: they are for people, and their figures are in the tables),
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
        String(decoding: bytes(report), as: UTF8.self)
    }

    /// The report as CSV bytes (UTF-8), written into one buffer: no `String` per value.
    public static func bytes(_ report: Report) -> [UInt8] {
        var all: [UInt8] = []
        write(report, capacity: estimatedSize(report), chunkSize: .max) { all = $0 }
        return all
    }

    /// The same bytes, handed to `chunk` a megabyte or so at a time (between items).
    public static func write(_ report: Report, chunk: ([UInt8]) -> Void) {
        write(report, capacity: min(estimatedSize(report), ByteChunks.size + (1 << 16)), chunkSize: ByteChunks.size, chunk)
    }

    private static func write(_ report: Report, capacity: Int, chunkSize: Int, _ chunk: ([UInt8]) -> Void) {
        var out = Writer()
        out.bytes.reserveCapacity(capacity)
        var first = true
        var periodBytes: [Period: [UInt8]] = [:]
        // The period columns of the last table without subtotals, as written: the next
        // table over the same periods (most of a report's) copies them.
        var headerPeriods: [Period] = [], header: [UInt8] = []
        for item in report.items {
            // Prose and charts are for people: a spreadsheet gets the figures.
            if case .paragraph = item { continue }
            if case .chart = item { continue }
            if !first { out.newline() }
            first = false
            switch item {
            case .paragraph, .chart:
                continue
            case .across(let a):
                across(a, report.locale, &out)
            case .heading(let text):
                out.text(text)
                out.newline()
            case .scalars(let scalars):
                out.line(["name", "label", "value"])
                out.newline()
                for s in scalars {
                    out.text(s.name)
                    out.comma()
                    out.text(s.label ?? "")
                    out.comma()
                    out.value(s.value)
                    out.newline()
                }
            case .table(let t):
                out.text(t.label ?? t.name)
                out.newline()
                out.line(["table", "name", "label"])
                // Subtotals (`with subtotals`) where people see them, after each year's last
                // period, headed by the year as a machine writes it (`2018`).
                let columns = t.columns
                let headerStart = out.bytes.count
                if t.subtotals.isEmpty, !header.isEmpty, t.periods == headerPeriods {
                    out.bytes.append(contentsOf: header)
                } else {
                    for c in columns {
                        out.comma()
                        switch c {
                        case .period(let i):
                            // The same periods head table after table: each written once.
                            let p = t.periods[i]
                            if let bytes = periodBytes[p] {
                                out.field(bytes)
                            } else {
                                let bytes = Array(p.description.utf8)
                                periodBytes[p] = bytes
                                out.field(bytes)
                            }
                        case .subtotal(let s): out.field(Array(t.subtotals[s].year.description.utf8))
                        }
                    }
                    if t.subtotals.isEmpty {
                        headerPeriods = t.periods
                        header = Array(out.bytes[headerStart...])
                    }
                }
                if let total = t.totalLabel {
                    out.comma()
                    out.text(total)
                }
                out.newline()
                let table = Writer.prepared(t.name)
                for r in t.rows {
                    out.field(table)
                    out.comma()
                    out.text(r.name)
                    out.comma()
                    out.text(r.label ?? "")
                    if t.subtotals.isEmpty {
                        for v in r.values {
                            out.comma()
                            out.value(v)
                        }
                    } else {
                        for c in columns {
                            out.comma()
                            out.value(r.value(c))
                        }
                    }
                    if t.totalLabel != nil {
                        out.comma()
                        out.value(r.total)
                    }
                    out.newline()
                }
            }
            if out.bytes.count >= chunkSize {
                chunk(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        if !out.bytes.isEmpty || chunkSize == .max { chunk(out.bytes) }
    }

    /// Room for the whole output at once: sixteen bytes a value, more than most take (a
    /// ratio to 15 digits takes 17), so that the buffer is seldom grown and copied; the
    /// pages never written are never touched.
    private static func estimatedSize(_ report: Report) -> Int {
        var n = 0
        for item in report.items {
            switch item {
            case .heading(let text): n += text.utf8.count + 2
            case .scalars(let scalars): n += scalars.count * 32
            case .table(let t): n += t.rows.count * (t.periods.count + t.subtotals.count + 1) * 16 + t.rows.count * 32
            case .paragraph, .chart: continue
            case .across(let a): n += (a.rows.count + 2) * (a.columns.count + 4) * 16
            }
        }
        return n
    }

    /// Text without control characters that a spreadsheet would not run as a formula.
    static func safe(_ text: String) -> String {
        let s = DisplayWidth.sanitized(text)
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    /// The output being written.
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func comma() { bytes.append(UInt8(ascii: ",")) }
        mutating func newline() {
            bytes.append(13)
            bytes.append(10)
        }

        /// Header words, written as they are (the line is not ended).
        mutating func line(_ words: [StaticString]) {
            for (k, w) in words.enumerated() {
                if k > 0 { comma() }
                w.withUTF8Buffer { bytes.append(contentsOf: $0) }
            }
        }

        /// A text from the notebook: made safe, then quoted if it must be.
        mutating func text(_ s: String) {
            if Writer.isPlain(s) {
                bytes.append(contentsOf: s.utf8)
            } else {
                field(Writer.prepared(s))
            }
        }

        /// Whether `s` is written as it is: printable ASCII (nothing for `safe` to
        /// replace), no comma or quote (nothing to quote), not starting as a formula
        /// would. Most names and labels are; they are copied without a `String` or an
        /// array made of each.
        static func isPlain(_ s: String) -> Bool {
            var first = true
            for b in s.utf8 {
                guard b >= 0x20, b < 0x7F, b != UInt8(ascii: ","), b != UInt8(ascii: "\"") else { return false }
                if first {
                    guard b != UInt8(ascii: "="), b != UInt8(ascii: "+"), b != UInt8(ascii: "-"), b != UInt8(ascii: "@") else {
                        return false
                    }
                    first = false
                }
            }
            return true
        }

        /// A value as `CellText.machine` writes it.
        mutating func value(_ v: Value) {
            switch v {
            case .number(let x): MachineBytes.append(x, to: &bytes)
            case .blank: break
            case .text(let s): text(s)
            default: field(Array(CellText.machine(v, text: CSVRenderer.safe).utf8))
            }
        }

        /// A field's bytes, quoted when they hold a comma, a quote or a line break.
        mutating func field(_ b: [UInt8]) {
            guard b.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
                bytes.append(contentsOf: b)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for c in b {
                if c == UInt8(ascii: "\"") { bytes.append(c) }
                bytes.append(c)
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// A text made safe (`CSVRenderer.safe`), as bytes.
        static func prepared(_ s: String) -> [UInt8] {
            Array(CSVRenderer.safe(s).utf8)
        }
    }
}

// MARK: - Tables across imported notebooks

extension CSVRenderer {
    /// As it is drawn (transposed too, since it is pasted into a sheet), with machine
    /// names: `table,name,label,period,tttt.mau,snv.mau,total`, a line per figure (a line
    /// per column, transposed) and the period, canonical, on each line.
    private static func across(_ a: Report.AcrossTable, _ locale: DisplayLocale, _ out: inout Writer) {
        let grid = a.grid(locale)
        out.text(a.label ?? a.name)
        out.newline()
        out.line(["table", "name", "label", "period"])
        for name in grid.names {
            out.comma()
            out.text(name)
        }
        out.newline()
        let table = Writer.prepared(a.name)
        let period = Array(a.period.description.utf8)
        for line in grid.lines {
            out.field(table)
            out.comma()
            out.text(line.name)
            out.comma()
            out.text(line.head)
            out.comma()
            out.field(period)
            for c in line.cells {
                out.comma()
                out.value(c.value)
            }
            out.newline()
        }
    }
}
