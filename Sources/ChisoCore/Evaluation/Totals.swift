// MARK: - The total column
//
// A row's total never silently contradicts the cells shown beside it:
// * a data row, or a row with `agg`, aggregates its cells (a sum by default), overridden
//   cells included;
// * a formula row without `agg` is its formula evaluated on the totals of what it reads
//   (202 / 208, not a sum of quarterly rates). If one of its own cells is overridden,
//   that formula would disagree with the cell shown, so the total is #N/A with a warning
//   that says how to choose (`agg sum`, or override the inputs instead);
// * when the rows such a total reads are filled for different periods (received in both
//   quarters, resolved only in the first) and the row's own cell is blank where some of
//   them have figures, the total takes in figures no cell shows: it is computed, with a
//   warning naming the rows and their periods (when the table shows its total).

extension Evaluator {
    func total(_ id: NodeID, _ node: Node, _ range: PeriodRange) -> Value {
        guard case .formula(let code) = node.body, node.aggregation == nil else {
            if let sum = summedCells(id, node.aggregation ?? .sum) { return sum }
            var values: [Value] = []
            values.reserveCapacity(range.count)
            for k in 0..<range.count { values.append(cell(id, k)) }
            return Aggregate.total(values, node.aggregation ?? .sum)
        }
        if !node.overrides.isEmpty {
            let periods = node.overrides.keys.sorted().map { range[$0].description }.joined(separator: ", ")
            let w = Self.overriddenCellWarning("the total of '\(node.name)'", periods, on: "totals", result: "the total", verb: "total")
            note(id, .warning(.evaluation, w.message, at: node.span, help: w.help))
            return .error(.na)
        }
        let total = cellValue(eval(code, Context(mode: .total, range: range), nil))
        if case .number = total, program.tables[program.nodes[id].table ?? 0].hasTotal {
            warnIfInputsCoverDifferentPeriods(id, node, range, range.indices, what: "the total of '\(node.name)'", at: id)
        }
        return total
    }

    /// The sum of a row's cells when every one is computed and a number or blank (the
    /// common case, without gathering them): what `Aggregate.total` gives; else nil.
    private func summedCells(_ id: NodeID, _ aggregation: Aggregation) -> Value? {
        guard aggregation == .sum, tracing == nil else { return nil }
        let c = cells[id]
        var total = 0.0, any = false
        for k in c.leading.indices {
            guard c.leadingState[k] == .done else { return nil }
            switch c.leading[k] {
            case .number(let x):
                total = any ? Numeric.add(total, x) : x
                any = true
            case .blank: continue
            default: return nil
            }
        }
        return any ? .num(total) : .blank
    }

    /// Whether the row has a figure in every period of `within` and every cell the
    /// warning below would read is computed already: then it has nothing to say, and
    /// reading them changes nothing.
    private func figuresEverywhere(_ id: NodeID, _ node: Node, _ range: PeriodRange, _ within: Range<Int>) -> Bool {
        guard tracing == nil else { return false }
        let own = cells[id]
        guard within.upperBound <= own.leading.count else { return false }
        for k in within {
            guard own.leadingState[k] == .done else { return false }
            if case .blank = own.leading[k] { return false }
        }
        for dependency in node.dependencies where !dependency.shifted {
            guard case .row(let t) = program.nodes[dependency.node].kind, program.tables[t].range == range else { continue }
            let c = cells[dependency.node]
            for k in within where c.leadingState[k] != .done { return false }
        }
        return true
    }

    /// What a formula row's total or roll-up says when one of its own cells inside it is
    /// overridden: its formula on the totals (roll-ups) would contradict the cell shown.
    static func overriddenCellWarning(
        _ what: String, _ periods: String, on inputs: String, result: String, verb: String
    ) -> (message: String, help: String) {
        (
            "\(what) cannot follow its overridden cell (\(periods)): its formula on the \(inputs) would not match the cells shown; \(result) is #N/A",
            "add `agg sum` (or last, avg, min, max) to the row to \(verb) its cells, or override the rows it reads instead"
        )
    }

    /// Warns when a total (or a roll-up, over the periods `within`) takes in figures from
    /// periods where the row's own cell is blank: the rows it reads are filled for
    /// different periods (`gq / nhan` with `gq` missing in Q2 totals 58 / 108), so the
    /// result does not match the cells shown. The warning goes to node `at`.
    func warnIfInputsCoverDifferentPeriods(
        _ id: NodeID, _ node: Node, _ range: PeriodRange, _ within: Range<Int>, what: String, at: NodeID
    ) {
        func isBlank(_ v: Value) -> Bool {
            if case .blank = v { return true }
            return false
        }
        if figuresEverywhere(id, node, range, within) { return }
        var seen = Set<NodeID>()
        var inputs: [(name: String, filled: [Int])] = []
        for dependency in node.dependencies where !dependency.shifted && seen.insert(dependency.node).inserted {
            guard case .row(let t) = program.nodes[dependency.node].kind, program.tables[t].range == range else { continue }
            inputs.append((program.nodes[dependency.node].name, within.filter { !isBlank(cell(dependency.node, $0)) }))
        }
        let blankHere = within.filter { k in isBlank(cell(id, k)) && inputs.contains { $0.filled.contains(k) } }
        guard !blankHere.isEmpty else { return }
        func periods(_ filled: [Int]) -> String {
            if filled.isEmpty { return "no figures" }
            if filled.count == within.count { return within.count == range.count ? "every period" : "every period of it" }
            if filled.count <= 4 { return filled.map { range[$0].description }.joined(separator: ", ") }
            return "\(filled.count) periods, \(range[filled[0]])…\(range[filled[filled.count - 1]])"
        }
        let list = inputs.map { "'\($0.name)' has \(periods($0.filled))" }.joined(separator: "; ")
        note(
            at,
            .warning(
                .evaluation, "\(what) takes in figures from \(periods(blankHere)), where the row is blank: \(list)",
                at: program.nodes[at].span,
                help:
                    "each row's total covers only its own figures; fill the missing figures, or compare the same periods (for example with @P..Q)"
            ))
    }
}
