// MARK: - Subtotal columns in the report (`with subtotals`)
//
// A table's `periods` and each row's `values` stay one per period (amended marks, the
// workbook's formulas and the REPL's fitting index them); the subtotals ride beside them:
// the table lists its years and after which period each goes, each row its values. A
// renderer walks `columns` to interleave them.

extension Report {
    /// A subtotal column: the year, and the index of the period it follows.
    public struct Subtotal: Sendable, Equatable {
        public var year: Period
        public var after: Int
        public init(year: Period, after: Int) {
            self.year = year
            self.after = after
        }
    }

    /// A value column of a table, in display order.
    public enum Column: Sendable, Equatable {
        case period(Int)
        case subtotal(Int)
    }
}

extension Report.Table {
    /// The value columns in display order: the periods, each year's subtotal after the
    /// year's last period (the total, when there is one, comes after them all).
    public var columns: [Report.Column] {
        var out: [Report.Column] = []
        out.reserveCapacity(periods.count + subtotals.count)
        var s = 0
        for i in periods.indices {
            out.append(.period(i))
            while s < subtotals.count, subtotals[s].after == i {
                out.append(.subtotal(s))
                s += 1
            }
        }
        return out
    }
}

extension Report.Row {
    /// The row's value in a column.
    public func value(_ column: Report.Column) -> Value {
        switch column {
        case .period(let i): values[i]
        case .subtotal(let s): s < subtotalValues.count ? subtotalValues[s] : .blank
        }
    }
}

extension ReportBuilder {
    /// The subtotal columns of a table over `range`, and each row's values in them.
    static func addSubtotals(_ table: inout Report.Table, _ ids: [NodeID], _ range: PeriodRange, _ evaluator: Evaluator) {
        table.subtotals = range.subtotalYears.map { Report.Subtotal(year: $0.year, after: $0.after) }
        for (k, id) in ids.enumerated() { table.rows[k].subtotalValues = evaluator.subtotals(id) }
    }
}
