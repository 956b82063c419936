// MARK: - Checking `with subtotals` (see Evaluation/Subtotals.swift)

extension Resolver {
    /// Warns when a table's `subtotals` does nothing (a table over years) or when a year
    /// at an end of the table is held only in part (its subtotal is #N/A).
    mutating func checkSubtotals(_ t: TableDecl, _ range: PeriodRange) {
        guard let span = t.subtotals else { return }
        let name = t.name.text
        if range.granularity == .year {
            report(
                .warning(
                    .syntax, "table '\(name)' is over years: each of its columns is already a year, so `subtotals` adds nothing", at: span,
                    help:
                        "remove `subtotals`, or make the table quarterly or monthly (\(range.start)Q1..\(range.last)Q4) to show each year's subtotal"
                ))
            return
        }
        let partial = range.subtotalYears.filter { !$0.whole }
        guard !partial.isEmpty else { return }
        func held(_ year: Period) -> String {
            let parts = year.split(into: range.granularity)!
            let first = max(parts.start, range.start), last = min(parts.last, range.last)
            return first == last ? "\(first)" : "\(first)..\(last)"
        }
        let what = partial.map { "\($0.year) only in part (\(held($0.year)))" }.joined(separator: " and ")
        let those = partial.count == 1 ? "subtotal for that year shows" : "subtotals for those years show"
        // The range grown to whole years.
        let wholeStart = Period(.year, ordinal: range.start.year).split(into: range.granularity)!.start
        let wholeLast = Period(.year, ordinal: range.last.year).split(into: range.granularity)!.last
        report(
            .warning(
                .syntax,
                "table '\(name)' covers \(what): its \(those) #N/A, as a roll-up of part of a year does",
                at: span,
                help: "make the table cover whole years, for example over \(wholeStart)..\(wholeLast), or remove `subtotals`"))
    }
}
