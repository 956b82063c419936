// MARK: - Roll-ups: a row read for a coarser period
//
// `dvc.received@2019` on a quarterly row is its value for the year, by the total
// column's rule, so one idea covers both:
// * a data row, or a row with `agg`, aggregates its cells inside the coarser period
//   (a sum by default, `agg last` for stocks), blanks skipped;
// * a formula row is its formula evaluated in the coarser period, on its inputs'
//   roll-ups: the year's rate is the year's resolved over the year's received, never a
//   sum of quarterly rates; a lag in it is the previous year. If one of its own cells
//   inside the period is overridden, the formula would disagree with the cells shown:
//   #N/A with a warning, as for the total.
// A roll-up needs every finer period of the coarser one in the row's table (a year
// that the table covers only in part is #N/A with a warning, never a partial sum; one
// wholly outside it is blank, as any period outside a table); a period finer than the
// row's (`yearly@2019Q1`) is #N/A (the resolver warns where a finer table reads it). The total column of a table
// over years reading a quarterly row rolls up the quarters of all its years.

extension Evaluator {
    struct RollupKey: Hashable {
        var node: NodeID
        /// The coarser period, or the range of the total column that reads the row.
        var period: Period?
        var total: PeriodRange?
    }

    /// Row `id` (over `range`) read in period `p` of another kind.
    func rollup(_ id: NodeID, _ p: Period, _ range: PeriodRange) -> Value {
        guard let parts = p.split(into: range.granularity) else { return .error(.na) }
        return rolledUp(id, parts, RollupKey(node: id, period: p, total: nil), range) {
            Context(mode: .period(p), range: range)
        }
    }

    /// Row `id` (over `range`) read in the total column of a table over `outer`, of a
    /// coarser kind: the roll-up of all the periods of `outer`; blank for any other kind.
    func rollupTotal(_ id: NodeID, _ outer: PeriodRange, _ range: PeriodRange) -> Value {
        guard var parts = outer.split(into: range.granularity) else { return .blank }
        // Only the years of the outer table that the row has: each wholly, or the total
        // is #N/A below, as a year covered in part is.
        let first = max(parts.start, range.start), last = min(parts.last, range.last)
        if first <= last, first.starts(outer.granularity), last.ends(outer.granularity), let clipped = PeriodRange(first, last) {
            parts = clipped
        }
        return rolledUp(id, parts, RollupKey(node: id, period: nil, total: outer), range) {
            Context(mode: .total, range: outer)
        }
    }

    private func rolledUp(
        _ id: NodeID, _ parts: PeriodRange, _ key: RollupKey, _ range: PeriodRange, _ context: () -> Context
    ) -> Value {
        if let v = rollups[key] { return v }
        let node = program.nodes[id]
        // Wholly outside the table, like any period outside it: blank.
        if parts.last < range.start || range.last < parts.start { return .blank }
        guard range.covers(parts) else {
            let what = key.period.map { "\($0)" } ?? "\(parts.start)..\(parts.last)"
            noteRollup(
                id,
                "'\(node.name)' for \(what) needs \(parts.start)..\(parts.last), but its table covers \(range.start)..\(range.last); the result is #N/A",
                help:
                    "widen the table, or add up the periods it has, for example sum(\(node.name)@\(max(parts.start, range.start))..\(min(parts.last, range.last)))"
            )
            return .error(.na)
        }
        guard rollingUp.insert(key).inserted else {
            if let at = current {
                note(
                    at,
                    .error(
                        .cycle, "'\(node.name)' for \(key.period.map { "\($0)" } ?? "the total") depends on itself",
                        at: program.nodes[at].span,
                        help:
                            "a roll-up reads the row in every period inside it; a row may read itself only in earlier periods, as in stock[-1]"
                    ))
            }
            return .error(.cycle)
        }
        defer { rollingUp.remove(key) }
        let first = range.index(of: parts.start)!
        let value: Value
        if case .formula(let code) = node.body, node.aggregation == nil {
            if let k = node.overrides.keys.sorted().first(where: { $0 >= first && $0 < first + parts.count }) {
                let w = Self.overriddenCellWarning(
                    "'\(node.name)' for \(key.period.map { "\($0)" } ?? "the total")", "\(range[k])", on: "roll-ups", result: "the result",
                    verb: "add up")
                noteRollup(id, w.message, help: w.help)
                return .error(.na)
            }
            value = cellValue(eval(code, context(), nil))
            if case .number = value, let here = current, let p = key.period {
                warnIfInputsCoverDifferentPeriods(
                    id, node, range, first..<(first + parts.count), what: "'\(node.name)' for \(p)", at: here)
            }
        } else {
            var values: [Value] = []
            values.reserveCapacity(parts.count)
            for i in first..<(first + parts.count) { values.append(cell(id, i)) }
            value = Aggregate.total(values, node.aggregation ?? .sum)
        }
        rollups[key] = value
        return value
    }

    private func noteRollup(_ id: NodeID, _ message: String, help: String) {
        guard let at = current else { return }
        note(at, .warning(.evaluation, message, at: program.nodes[at].span, help: help))
    }
}
