// MARK: - Subtotal columns on the sheet (`with subtotals`)
//
// As in every human output, a year's subtotal column follows its last period: the
// periods of a table are then several blocks of columns, which `TablePlace` maps
// (`column`, `block`, `blocks`), so formulas over a row's periods skip the subtotals.
// A subtotal cell holds `SUM` (AVERAGE, MIN, MAX by the row's `agg`) over the year's
// cells, or a formula row's formula over the subtotal cells of its inputs, when that
// translates (`ExcelFormula.subtotalFormula`); a year held in part keeps its #N/A.

extension ExcelWriter {
    /// Where a table's periods and subtotals go: each period's column, each subtotal's.
    struct SubtotalLayout {
        var periods: [Int]
        var subtotals: [Int]
    }

    /// The columns of a table with subtotals (from column 3); nil without them.
    static func subtotalLayout(_ t: Report.Table) -> SubtotalLayout? {
        guard !t.subtotals.isEmpty else { return nil }
        var layout = SubtotalLayout(periods: Array(repeating: 0, count: t.periods.count), subtotals: [])
        for (k, c) in t.columns.enumerated() {
            switch c {
            case .period(let i): layout.periods[i] = 3 + k
            case .subtotal: layout.subtotals.append(3 + k)
            }
        }
        return layout
    }
}

extension ExcelWriter.Sheet {
    /// The subtotals' headers: the year as people read it (`Năm 2018`), in bold.
    func placeSubtotalHeaders(_ header: inout [Int: ExcelWriter.Cell], _ t: Report.Table, _ layout: ExcelWriter.SubtotalLayout) {
        for (s, c) in layout.subtotals.enumerated() where s < t.subtotals.count {
            header[c] = ExcelWriter.Cell(value: .text(t.subtotals[s].year.label(locale)), style: 1)
        }
    }

    /// A row's subtotal values, in the row's number format.
    func placeSubtotals(_ cells: inout [Int: ExcelWriter.Cell], _ row: Report.Row, _ layout: ExcelWriter.SubtotalLayout, style: Int) {
        for (s, c) in layout.subtotals.enumerated() {
            cells[c] = ExcelWriter.Cell(value: s < row.subtotalValues.count ? row.subtotalValues[s] : .blank, style: style)
        }
    }
}

extension ExcelWriter.TablePlace {
    /// The column of period `k` of the table.
    func column(_ k: Int) -> Int { periodColumns?[k] ?? firstColumn + k }

    /// The columns of periods `i...j` as blocks of adjacent columns (one without subtotals).
    func blocks(_ i: Int, _ j: Int) -> [(Int, Int)] {
        guard i <= j else { return [] }
        var out: [(Int, Int)] = [(column(i), column(i))]
        for k in (i + 1)..<(j + 1) {
            let c = column(k)
            if c == out[out.count - 1].1 + 1 { out[out.count - 1].1 = c } else { out.append((c, c)) }
        }
        return out
    }

    /// The columns of periods `i...j` when they are one block; nil when a subtotal is among them.
    func block(_ i: Int, _ j: Int) -> (Int, Int)? {
        let b = blocks(i, j)
        return b.count == 1 ? b[0] : nil
    }
}
