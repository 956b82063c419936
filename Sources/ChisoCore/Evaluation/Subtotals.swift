// MARK: - Subtotal columns: `with subtotals`
//
// `table t over 2018Q1..2019Q4 with subtotals` shows a column after the last period of
// each year (`Năm 2018`), computed by the roll-up rule (`Rollups.swift`): a data row
// aggregates the year's cells with its `agg`, a formula row is its formula on its
// inputs' roll-ups (the year's rate is the year's resolved over the year's received). So
// the subtotal of 2019 is exactly `t.row@2019`.
//
// * Subtotals are per year, for half-yearly, quarterly and monthly tables. A table over
//   years has none: `subtotals` there is a warning and does nothing.
// * A year the table covers only in part (2018 in a table over 2018Q3..2019Q4) has its
//   column, showing #N/A, as `t.row@2018` is: a subtotal never adds up part of a year.
//   One warning at `subtotals` says which years and what to do.
// * The subtotals are computed with the total column, so the warnings a roll-up gives
//   (a formula row with an overridden cell, inputs filled for different periods) are
//   the row's, as the total's are.

extension PeriodRange {
    /// The years a table over this range shows a subtotal for, in order: each year, the
    /// index of its last period in the range, and whether the range holds the whole year.
    /// None for a range of years.
    public var subtotalYears: [(year: Period, after: Int, whole: Bool)] {
        guard granularity != .year, count > 0 else { return [] }
        var out: [(year: Period, after: Int, whole: Bool)] = []
        for y in start.year...last.year {
            let year = Period(.year, ordinal: y)
            guard let parts = year.split(into: granularity) else { continue }
            let first = Swift.max(parts.start, start), end = Swift.min(parts.last, last)
            guard let after = index(of: end) else { continue }
            out.append((year, after, first == parts.start && end == parts.last))
        }
        return out
    }
}

extension Evaluator {
    /// The subtotals of row `id`, one per year of its table's `subtotalYears`: the year's
    /// roll-up, or #N/A for a year the table holds in part (the resolver warned).
    func subtotals(_ id: NodeID) -> [Value] {
        guard case .row(let t) = program.nodes[id].kind else { return [] }
        let range = program.tables[t].range
        return range.subtotalYears.map { $0.whole ? rollup(id, $0.year, range) : .error(.na) }
    }
}
