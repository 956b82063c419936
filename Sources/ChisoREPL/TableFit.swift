// MARK: - Tables that fit the terminal
//
// A table wider than the terminal keeps its label column, its last periods and its total,
// and shows the periods it leaves out as one `…` column:
//
//   ┌──────┬───┬────────┬────────┬───────┐
//   │      │ … │ 2023Q3 │ 2023Q4 │ Total │
//   ├──────┼───┼────────┼────────┼───────┤
//   │ Số A │ … │     19 │     20 │   210 │
//   └──────┴───┴────────┴────────┴───────┘
//   2019Q1..2023Q2 left out to fit 40 columns;
//   :show t@2023Q1..2023Q2 shows the ones before 2023Q3
//
// Labels wider than half the width are shortened first (`Hồ sơ tiếp nhận trực tuy…`), and
// further when one period does not fit beside them; the line about the periods left out
// is broken after its `;` when it is wider than the terminal.
//
// Only on a terminal (or with COLUMNS set): a pipe gets every column, as `chiso run`
// prints them.

import ChisoCore

enum TableFit {
    /// The table drawn within `width` columns, and the lines saying which periods were
    /// left out (nil when none were).
    static func render(_ t: Report.Table, width: Int, locale: DisplayLocale) -> (text: String, note: String?) {
        let full = draw(t, locale)
        guard widest(full) > width else { return (full, nil) }
        // Labels longer than half the width are shortened first, so that periods are shown
        // rather than the end of a long label (the whole label is in the notebook).
        let cap = max(width / 2, minimumLabel)
        let short = shortening(t, to: cap)
        var hidden = 0
        if widest(draw(short, locale)) > width, t.periods.count > 1 {
            // The most periods, kept from the end, that fit with the `…` column (3 wide + 1).
            var lo = 1, hi = t.periods.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if widest(draw(keeping(short, last: mid), locale)) + 4 <= width { lo = mid } else { hi = mid - 1 }
            }
            hidden = t.periods.count - lo
        }
        /// The table (its labels shortened) with the periods kept, drawn.
        func drawn(_ table: Report.Table) -> String {
            hidden == 0 ? draw(table, locale) : withEllipsisColumn(draw(keeping(table, last: t.periods.count - hidden), locale))
        }
        var text = drawn(short)
        let room = width - widest(text)
        if room < 0 {
            // Still too wide with one period: the labels give up what is missing.
            text = drawn(shortening(t, to: max(min(cap, labelWidth(t)) + room, minimumLabel)))
        } else if room > 0, labelWidth(t) > cap {
            // Room left over: shortened labels take it back.
            text = drawn(shortening(t, to: cap + room))
        }
        guard hidden > 0 else { return (text, nil) }
        let lo = t.periods.count - hidden
        func range(_ a: Int, _ b: Int) -> String { a == b ? "\(t.periods[a])" : "\(t.periods[a])..\(t.periods[b])" }
        // As many of the periods left out as fit, the last of them first.
        let before = range(max(0, hidden - lo), hidden - 1)
        let see = hidden <= lo ? "shows them" : "shows the ones before \(t.periods[hidden])"
        let what = "\(range(0, hidden - 1)) left out to fit \(width) columns;"
        let how = ":show \(t.name)@\(before) \(see)"
        // On two lines when one would not fit, rather than broken by the terminal.
        let oneLine = "\(what) \(how)"
        return (text, DisplayWidth.of(oneLine) <= width ? oneLine : "\(what)\n\(how)")
    }

    /// No label is shortened to fewer columns than this (its first letters and `…`).
    static let minimumLabel = 8

    /// The width of the label column's widest label.
    static func labelWidth(_ t: Report.Table) -> Int {
        t.rows.map { DisplayWidth.of(DisplayWidth.sanitized($0.label ?? $0.name)) }.max() ?? 0
    }

    /// The table with every row label at most `width` columns wide: a longer one keeps its
    /// beginning and ends in `…`; a row's name after its label (`… (ho_so)`, as `:show`
    /// writes it) is kept whole when it leaves room for a letter of the label and `…`.
    static func shortening(_ t: Report.Table, to width: Int) -> Report.Table {
        var out = t
        for k in out.rows.indices {
            let r = out.rows[k]
            let label = DisplayWidth.sanitized(r.label ?? r.name)
            guard DisplayWidth.of(label) > width else { continue }
            let suffix = " (\(r.name))"
            if label.hasSuffix(suffix), DisplayWidth.of(suffix) + 2 <= width {
                let head = String(label.dropLast(suffix.count))
                out.rows[k].label = truncated(head, to: width - DisplayWidth.of(suffix)) + suffix
            } else {
                out.rows[k].label = truncated(label, to: width)
            }
        }
        return out
    }

    /// `s` cut to at most `width` columns, ending in `…` (spaces before it dropped).
    static func truncated(_ s: String, to width: Int) -> String {
        var out = ""
        var used = 0
        for c in s {
            let w = DisplayWidth.of(String(c))
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        while out.last == " " { out.removeLast() }
        return out + "…"
    }

    static func draw(_ t: Report.Table, _ locale: DisplayLocale) -> String {
        TerminalRenderer.render(Report(locale: locale, items: [.table(t)]))
    }

    static func widest(_ text: String) -> Int {
        text.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
    }

    /// The table with only its last `last` periods (and its total), and the subtotals
    /// after them (a year's subtotal stays with its last period).
    static func keeping(_ t: Report.Table, last: Int) -> Report.Table {
        var out = t
        out.periods = Array(t.periods.suffix(last))
        let dropped = t.periods.count - out.periods.count
        out.rows = t.rows.map { r in
            var row = r
            row.values = Array(r.values.suffix(last))
            return row
        }
        keepSubtotals(&out, from: t, where: { $0.after >= dropped }, shift: dropped)
        return out
    }

    /// Keeps the subtotals of `t` that `keep` accepts, placed `shift` periods earlier.
    static func keepSubtotals(_ out: inout Report.Table, from t: Report.Table, where keep: (Report.Subtotal) -> Bool, shift: Int) {
        guard !t.subtotals.isEmpty else { return }
        let kept = t.subtotals.indices.filter { keep(t.subtotals[$0]) }
        out.subtotals = kept.map { Report.Subtotal(year: t.subtotals[$0].year, after: t.subtotals[$0].after - shift) }
        for k in out.rows.indices {
            let values = t.rows[k].subtotalValues
            out.rows[k].subtotalValues = kept.map { $0 < values.count ? values[$0] : .blank }
        }
    }

    /// The periods from `first` to `last` only, without the total (a total of other periods).
    static func slice(_ t: Report.Table, from first: Period, to last: Period) -> Report.Table? {
        guard let i = t.periods.firstIndex(of: first), let j = t.periods.firstIndex(of: last), i <= j else { return nil }
        var out = t
        out.periods = Array(t.periods[i...j])
        out.totalLabel = nil
        out.rows = t.rows.map { r in
            var row = r
            row.values = Array(r.values[i...j])
            row.total = .blank
            return row
        }
        // Only the subtotals of years wholly inside the slice.
        keepSubtotals(
            &out, from: t,
            where: { s in
                guard let parts = s.year.split(into: first.granularity) else { return false }
                return parts.start >= first && parts.last <= last
            }, shift: i)
        return out
    }

    /// A `…` column after the label column of a drawn table.
    static func withEllipsisColumn(_ text: String) -> String {
        let vertical: Set<Character> = ["│", "┬", "┼", "┴"]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let first = line.first, "┌├└│".contains(first),
                let split = line.dropFirst().firstIndex(where: { vertical.contains($0) })
            else { return String(line) }
            let after = line.index(after: split)
            let insert: String
            switch line[split] {
            case "┬": insert = "───┬"
            case "┼": insert = "───┼"
            case "┴": insert = "───┴"
            default: insert = " … │"
            }
            return String(line[..<after]) + insert + String(line[after...])
        }.joined(separator: "\n")
    }
}
