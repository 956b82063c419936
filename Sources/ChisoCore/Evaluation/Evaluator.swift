// MARK: - Evaluator
//
// Evaluates a program's nodes in dependency order, each cell exactly once. A row's cell
// for a period is its formula evaluated in that period; the total column is the data's
// aggregate, or the formula evaluated on the totals. Inside a component held together
// by shifted references, cells are computed on demand, and a cell met again while it is
// being computed is `#CYCLE!`.
//
// Calls of user functions are in Evaluator+Calls.swift.
//
// Every notebook gets a budget of evaluation steps (one per expression evaluated, and
// one per value of a series made); past it nothing more is computed: cells are `#NUM!`
// and one error names the cell where the budget ran out.

final class Evaluator {
    /// Deeper calls of user functions than this give `#NUM!` and a diagnostic.
    static let maxCallDepth = 1000
    /// Deeper chains of cells computed on demand than this give `#NUM!`.
    static let maxDemandDepth = 100_000
    /// Evaluation steps allowed for a whole notebook (`--max-steps`), so that exponential
    /// or runaway work ends within seconds (a few seconds at most). The large department
    /// workload (2.9 million cells) takes about 8 million; 500 rows of 1,000 months, each
    /// with a running balance, ytd and yoy, about 36 million.
    static let defaultMaxSteps = 100_000_000
    /// The longest text `concat` makes, in bytes (UTF-8).
    static let maxTextBytes = 1_000_000
    /// The steps a function call counts for, besides its arguments and body.
    static let callSteps = 10
    /// Results of recursive calls remembered at once; beyond, the memory starts afresh.
    static let maxRemembered = 200_000

    enum CellState: UInt8 { case pending, computing, done }

    /// The values of one node: one per period and the total for a row, one for a scalar.
    /// Read and written on every cell, by one thread only: no dynamic exclusivity checks.
    /// A row's total is kept apart from its periods' values, so that a report shares the
    /// periods' array instead of copying it (2.9 million values on the large workload).
    final class Cells {
        /// Every cell but a row's total.
        @exclusivity(unchecked) var leading: [Value]
        @exclusivity(unchecked) var leadingState: [CellState]
        /// A row's total: cell `leading.count`.
        @exclusivity(unchecked) var total: Value = .blank
        @exclusivity(unchecked) var totalState: CellState = .pending
        let hasTotal: Bool

        init(count: Int, hasTotal: Bool) {
            self.hasTotal = hasTotal
            let n = hasTotal ? count - 1 : count
            leading = Array(repeating: .blank, count: n)
            leadingState = Array(repeating: .pending, count: n)
        }

        /// A data row's cells: its literals, computed already; its total pending.
        init(literals: [Value]) {
            hasTotal = true
            leading = literals
            leadingState = Array(repeating: .done, count: literals.count)
        }

        /// How many cells: the periods, and the total of a row.
        var count: Int { leading.count + (hasTotal ? 1 : 0) }

        @inline(__always) func state(_ i: Int) -> CellState { i < leading.count ? leadingState[i] : totalState }
        @inline(__always) func value(_ i: Int) -> Value { i < leading.count ? leading[i] : total }

        @inline(__always) func set(_ i: Int, _ state: CellState) {
            if i < leading.count { leadingState[i] = state } else { totalState = state }
        }

        @inline(__always) func set(_ i: Int, _ value: Value) {
            if i < leading.count { leading[i] = value } else { total = value }
        }

        /// Whether every cell is computed.
        var isComputed: Bool {
            (!hasTotal || totalState == .done) && !leadingState.contains { $0 != .done }
        }

        /// Every cell's value, the total last.
        var values: [Value] { hasTotal ? leading + [total] : leading }
        var state: [CellState] { hasTotal ? leadingState + [totalState] : leadingState }
    }

    /// Where a formula is being evaluated.
    struct Context: Hashable {
        enum Mode: Hashable {
            /// Outside any table: a row reference is the whole series.
            case whole
            case period(Period)
            /// The total column of a table.
            case total
        }
        var mode: Mode
        /// The periods of the table being evaluated (for `cumsum`, `per_year` and totals).
        var range: PeriodRange?

        static let whole = Context(mode: .whole, range: nil)
    }

    let program: Program
    /// The notebook's declared locale, in which `text()` and `concat()` write numbers
    /// (never the display locale: `--locale` must not change a value).
    let locale: DisplayLocale
    // The evaluator runs on one thread; its hot state skips dynamic exclusivity checks.
    @exclusivity(unchecked) private(set) var cells: [Cells] = []
    /// Problems found while evaluating, at most one per node.
    private(set) var issues: [NodeID: Diagnostic] = [:]
    @exclusivity(unchecked) var callDepth = 0
    @exclusivity(unchecked) private(set) var demandDepth = 0
    /// The node whose cell is being computed (for placing runtime diagnostics).
    @exclusivity(unchecked) private(set) var current: NodeID?
    /// While `reads(of:_:)` runs: the demand depth whose reads are recorded, and the reads.
    @exclusivity(unchecked) private(set) var tracing: Int?
    private var traced: [(NodeID, Int)] = []

    /// The cells (node, period index; the total is the last) that the formula of one
    /// cell reads directly, in the order it reads them: the cell is computed again (its
    /// inputs are already computed) and what it reads is recorded (`:why`).
    func reads(of id: NodeID, _ i: Int) -> [(NodeID, Int)] {
        force(id)
        tracing = demandDepth
        traced = []
        let saved = current
        current = id
        _ = compute(id, i)
        current = saved
        tracing = nil
        defer { traced = [] }
        return traced
    }

    /// The steps allowed for one evaluation (`--max-steps`), and those left.
    let maxSteps: Int
    /// (Charged by the compiled row formulas too, `RowKernel.swift`.)
    @exclusivity(unchecked) var steps: Int
    /// Whether the steps ran out (then nothing more is computed).
    private(set) var outOfSteps = false
    /// Counts results that depend on more than the values computed: a limit reached, a
    /// cycle met. A call during which it changes is not remembered.
    @exclusivity(unchecked) var anomalies = 0
    /// Functions whose calls are keyed by their arguments' values (see `Recursion`): a
    /// call met again inside itself is cut, and (while `memoizes`) results are remembered.
    @exclusivity(unchecked) var remembers: [Bool] = []
    /// Whether results of a keyed function are still looked up and kept: not once its
    /// calls mostly read their arguments elsewhere (keys that never pay). Cutting repeated
    /// calls goes on regardless, or a function that first trips the cut would later
    /// recurse without it.
    @exclusivity(unchecked) var memoizes: [Bool] = []
    @exclusivity(unchecked) var unremembered: [Int] = []
    @exclusivity(unchecked) var remembered: [CallKey: Value] = [:]
    /// Remembered calls being computed, with their frames: the same call met again inside
    /// itself can never end (see `endless`).
    @exclusivity(unchecked) var inProgress: [CallKey: Frame] = [:]
    /// Roll-ups computed (see `Rollups.swift`), and those being computed.
    @exclusivity(unchecked) var rollups: [RollupKey: Value] = [:]
    @exclusivity(unchecked) var rollingUp: Set<RollupKey> = []
    /// Running sums of `cumsum` in a row's formula, by place in the program and table range.
    @exclusivity(unchecked) var runningSums: [RunningSumKey: RunningSum] = [:]

    /// Whether work is shared (calls remembered, arguments passed on read where given,
    /// running sums kept); off only to check that sharing changes no result.
    let sharing: Bool
    /// Whether a row formula of arithmetic over cells is compiled and run over the row's
    /// periods in a tight loop (`RowKernel.swift`); off only to check that it changes no
    /// result.
    let compiles: Bool

    init(
        program: Program, locale: DisplayLocale, maxSteps: Int = Evaluator.defaultMaxSteps, sharing: Bool = true,
        compiles: Bool = true
    ) {
        self.program = program
        self.locale = locale
        self.maxSteps = maxSteps
        self.sharing = sharing
        self.compiles = compiles
        self.steps = maxSteps
        var cells: [Cells] = []
        cells.reserveCapacity(program.nodes.count)
        for id in program.nodes.indices { cells.append(Self.initialCells(id, program)) }
        self.cells = cells
        for id in program.nodes.indices where !program.nodes[id].overrides.isEmpty { fillData(id) }
    }

    /// A node's cells before evaluation: a data row's are its literals (`fillData`, made
    /// at once), the rest pending. The node's fields are read in place, not copied.
    private static func initialCells(_ id: NodeID, _ program: Program) -> Cells {
        switch program.nodes[id].kind {
        case .row(let t):
            let count = program.tables[t].range.count
            if !program.nodes[id].onCycle, program.nodes[id].overrides.isEmpty, case .data(let literals) = program.nodes[id].body,
                literals.count == count
            {
                return Cells(literals: literals)
            }
            return Cells(count: count + 1, hasTotal: true)
        case .check(table: let t?):
            return Cells(count: program.tables[t].range.count, hasTotal: false)
        case .scalar, .check(table: nil):
            return Cells(count: 1, hasTotal: false)
        }
    }

    /// A data row's cells are its literals: set at once, rather than one `compute` each.
    /// Overridden cells are left to be computed.
    private func fillData(_ id: NodeID) {
        guard case .row = program.nodes[id].kind, !program.nodes[id].onCycle,
            case .data(let literals) = program.nodes[id].body
        else { return }
        let c = cells[id]
        guard literals.count == c.leading.count else { return }
        let overrides = program.nodes[id].overrides
        if overrides.isEmpty {
            c.leading = literals
            c.leadingState = Array(repeating: .done, count: literals.count)
            return
        }
        for (i, v) in literals.enumerated() where overrides[i] == nil {
            c.leading[i] = v
            c.leadingState[i] = .done
        }
    }

    static func cells(for node: Node, _ program: Program) -> Cells {
        Cells(count: cellCount(node, program), hasTotal: hasTotal(node))
    }

    /// A row's last cell is its total.
    static func hasTotal(_ node: Node) -> Bool {
        if case .row = node.kind { return true }
        return false
    }

    static func cellCount(_ node: Node, _ program: Program) -> Int {
        switch node.kind {
        case .scalar, .check(table: nil): 1
        case .row(let t): program.tables[t].range.count + 1
        case .check(table: let t?): program.tables[t].range.count
        }
    }

    // MARK: Driving

    /// Evaluates every node, dependencies first.
    func evaluateAll() {
        evaluate(Graph.components(of: program))
    }

    func evaluate(_ components: [[NodeID]]) {
        prepare()
        for component in components {
            for id in component { force(id) }
        }
    }

    /// An expression outside any cell (the REPL), with a budget of its own.
    func evaluate(expression code: Code) -> Value {
        prepare()
        return eval(code, .whole, nil)
    }

    /// Starts an evaluation: a full budget, and nothing remembered from a program that
    /// may have changed since.
    private func prepare() {
        steps = maxSteps
        outOfSteps = false
        remembered = [:]
        inProgress = [:]
        rollups = [:]
        runningSums = [:]
        // Keys are made for these calls with or without sharing: a call met again inside
        // itself is cut either way, so that sharing changes no value and no message.
        remembers = Recursion.remembered(program.functions)
        memoizes = Array(repeating: sharing, count: remembers.count)
        unremembered = Array(repeating: 0, count: remembers.count)
    }

    // MARK: Recomputing after a change

    /// Makes room for nodes added to the program since the evaluator was made.
    func grow() {
        while cells.count < program.nodes.count {
            cells.append(Self.cells(for: program.nodes[cells.count], program))
            fillData(cells.count - 1)
        }
    }

    /// Forgets a node's values (and its problems), so they are computed again when next needed.
    func invalidate(_ id: NodeID) {
        let count = Self.cellCount(program.nodes[id], program)
        if cells[id].count != count || cells[id].hasTotal != Self.hasTotal(program.nodes[id]) {
            cells[id] = Self.cells(for: program.nodes[id], program)
        } else {
            for i in 0..<count { cells[id].set(i, CellState.pending) }
        }
        issues[id] = nil
        remembered = [:]
        rollups = [:]
        runningSums = [:]
    }

    /// Forgets one cell's value, so it is computed again when next needed (which cells a
    /// change reaches: Invalidation.swift).
    func invalidate(_ id: NodeID, _ i: Int) {
        cells[id].set(i, CellState.pending)
    }

    /// Computes every cell of a node.
    func force(_ id: NodeID) {
        // A computed cell is only read back: not called for (a data row's are all computed,
        // and a report forces every row again).
        let c = cells[id]
        if tracing == nil, c.isComputed { return }
        if compiles, tracing == nil, let kernel = kernel(for: id) {
            forceRow(id, kernel)
            return
        }
        for i in 0..<c.count where tracing != nil || c.state(i) != .done { _ = cell(id, i) }
    }

    /// The value of a scalar or top-level check.
    func value(of id: NodeID) -> Value { cell(id, 0) }

    /// The values of a row (periods, then the total) or a table check (periods).
    func values(of id: NodeID) -> [Value] {
        force(id)
        return cells[id].values
    }

    /// A row's values by period (the array the evaluator holds, not a copy) and its total.
    func periodValues(of id: NodeID) -> (values: [Value], total: Value) {
        force(id)
        return (cells[id].leading, cells[id].total)
    }

    // MARK: Cells

    func cell(_ id: NodeID, _ i: Int) -> Value {
        if let depth = tracing, depth == demandDepth { traced.append((id, i)) }
        let c = cells[id]
        switch c.state(i) {
        case .done: return c.value(i)
        case .computing:
            anomalies += 1
            note(
                id,
                .error(
                    .cycle, "'\(program.nodes[id].name)' depends on itself\(periodSuffix(id, i))", at: program.nodes[id].span,
                    help: "a row may read itself only in earlier periods, as in stock[-1]"))
            return .error(.cycle)
        case .pending: break
        }
        guard demandDepth < Self.maxDemandDepth else {
            anomalies += 1
            note(
                id,
                .error(
                    .evaluation, "the cells behind '\(program.nodes[id].name)' are nested too deeply (more than \(Self.maxDemandDepth))",
                    at: program.nodes[id].span))
            return .error(.num)
        }
        c.set(i, CellState.computing)
        demandDepth += 1
        let saved = current
        current = id
        let v = compute(id, i)
        current = saved
        demandDepth -= 1
        c.set(i, v)
        c.set(i, CellState.done)
        return v
    }

    // The node's fields are read in place: a copy of the whole node (its names, spans,
    // dependencies and overrides, each retained and released) per cell cost more than the cell.
    private func compute(_ id: NodeID, _ i: Int) -> Value {
        if program.nodes[id].onCycle { return .error(.cycle) }
        switch program.nodes[id].kind {
        case .scalar, .check(table: nil):
            guard case .formula(let code) = program.nodes[id].body else { return .blank }
            return eval(code, .whole, nil)
        case .check(table: let t?):
            guard case .formula(let code) = program.nodes[id].body else { return .blank }
            let range = program.tables[t].range
            return cellValue(eval(code, Context(mode: .period(range[i]), range: range), nil))
        case .row(let t):
            let range = program.tables[t].range
            if i == range.count {
                // Computed with the total, so that their warnings are the row's (Subtotals.swift).
                if program.tables[t].subtotals { _ = subtotals(id) }
                return total(id, program.nodes[id], range)
            }
            let context = Context(mode: .period(range[i]), range: range)
            if !program.nodes[id].overrides.isEmpty, let override = program.nodes[id].overrides[i] {
                return cellValue(eval(override, context, nil))
            }
            switch program.nodes[id].body {
            case .data(let literals): return literals[i]
            case .formula(let code): return cellValue(eval(code, context, nil))
            }
        }
    }

    /// A cell holds one value: a series where one value was due is `#VALUE!`.
    func cellValue(_ v: Value) -> Value {
        if case .series = v { return .error(.value) }
        return v
    }

    // MARK: Expressions

    func eval(_ code: Code, _ ctx: Context, _ frame: Frame?) -> Value {
        steps &-= 1
        if steps < 0 { return stepsRanOut() }
        switch code {
        case .constant(let v):
            return v
        case .scalar(let id):
            let v = cell(id, 0)
            if case .series(let s) = v {
                switch ctx.mode {
                case .period(let p): return s.value(at: p)
                case .total: return .blank
                case .whole: return v
                }
            }
            return v
        case .row(let id):
            return row(id, ctx)
        case .rows:
            return .error(.value)
        case .parameter(let k):
            guard let frame else { return .error(.value) }
            return read(frame, k, ctx)
        case .offset(let x, let k):
            let shift: Int
            switch Self.integer(eval(k, ctx, frame)) {
            case .success(let n): shift = n
            case .failure(let e): return .error(e)
            }
            switch ctx.mode {
            case .period(let p):
                var shifted = ctx
                shifted.mode = .period(p.shifted(by: shift))
                return eval(x, shifted, frame)
            case .total:
                return .blank
            case .whole:
                let v = eval(x, ctx, frame)
                if case .series(let s) = v {
                    charge(s.range.count)
                    return .series(s.lagged(by: shift))
                }
                return v
            }
        case .at(let x, let from, let to):
            let first = eval(from, ctx, frame)
            guard case .period(let p) = first else { return first.isError || first.isBlank ? first : .error(.value) }
            var at = ctx
            guard let to else {
                at.mode = .period(p)
                return eval(x, at, frame)
            }
            let last = eval(to, ctx, frame)
            guard case .period(let q) = last else { return last.isError || last.isBlank ? last : .error(.value) }
            guard let range = PeriodRange(p, q), range.count <= 100_000 else { return .error(.value) }
            var values: [Value] = []
            values.reserveCapacity(range.count)
            for period in range {
                at.mode = .period(period)
                values.append(cellValue(eval(x, at, frame)))
            }
            return .series(Series(range: range, values: values))
        case .unary(let op, let x):
            return charged(Operations.unary(op, eval(x, ctx, frame)))
        case .binary(let op, let a, let b):
            let left = eval(a, ctx, frame)
            // `and` / `or` look at the right side only when the left does not decide.
            if op == .and, case .bool(false) = left { return left }
            if op == .or, case .bool(true) = left { return left }
            // Comparing long texts takes time too.
            if case .text(let t) = left { charge(t.utf8.count / 16) }
            return charged(Operations.binary(op, left, eval(b, ctx, frame)))
        case .ifThenElse(let c, let a, let b):
            return choose(eval(c, ctx, frame), a, b, ctx, frame)
        case .builtin(let f, let args):
            return charged(builtin(f, args, ctx, frame))
        case .call(let f, let args):
            if ctx.mode == .whole, program.functions[f].usesPeriod, let (k, s) = firstSeries(args, ctx, frame) {
                return periodByPeriod(f, args, k, s, frame)
            }
            return call(f, args, ctx, frame)
        }
    }

    // MARK: The budget

    /// Counts `n` steps of work on series values.
    @inline(__always)
    func charge(_ n: Int) {
        steps &-= n
    }

    /// A value, with the work of making it when it is a series.
    @inline(__always)
    private func charged(_ v: Value) -> Value {
        if case .series(let s) = v { steps &-= s.values.count }
        return v
    }

    /// A text past `maxTextBytes`: `#VALUE!`, and a warning for the cell.
    func textTooLong() -> Value {
        anomalies += 1
        if let id = current {
            note(
                id,
                .warning(
                    .evaluation, "a text longer than \(Self.maxTextBytes) bytes: the result is #VALUE!", at: program.nodes[id].span,
                    help: "concat makes texts of at most \(Self.maxTextBytes) bytes (UTF-8)"))
        }
        return .error(.value)
    }

    /// Past the budget: `#NUM!`, and one error for the cell being computed.
    private func stepsRanOut() -> Value {
        anomalies += 1
        steps = -1
        if !outOfSteps {
            outOfSteps = true
            if let id = current {
                // An error, so it takes the place of any warning the cell had.
                let name = program.nodes[id].name
                issues[id] = .error(
                    .evaluation, "evaluation stopped in '\(name)': the notebook needs more than \(maxSteps) steps",
                    at: program.nodes[id].span,
                    help:
                        "'\(name)' and every cell computed after it are #NUM!. A function that calls itself twice per call takes exponential time; if the notebook is right, allow more steps, for example with --max-steps \(maxSteps * 4)"
                )
            }
        }
        return .error(.num)
    }

    /// `if c then a else b`: only the branch returned is evaluated; a series condition
    /// chooses period by period.
    func choose(_ condition: Value, _ a: Code, _ b: Code, _ ctx: Context, _ frame: Frame?) -> Value {
        switch condition {
        case .bool(let c): return eval(c ? a : b, ctx, frame)
        case .blank, .error: return condition
        case .series(let s):
            let x = eval(a, ctx, frame), y = eval(b, ctx, frame)
            charge(s.range.count)
            return .series(
                Series(
                    range: s.range,
                    values: s.range.map { p in
                        switch s.value(at: p) {
                        case .bool(let c): Operations.sample(c ? x : y, at: p)
                        case .blank: .blank
                        case .error(let e): .error(e)
                        default: .error(.value)
                        }
                    }))
        default: return .error(.value)
        }
    }

    /// A row in the context: its cell in the current period, its total, or the whole series.
    func row(_ id: NodeID, _ ctx: Context) -> Value {
        guard case .row(let t) = program.nodes[id].kind else { return .error(.value) }
        let range = program.tables[t].range
        switch ctx.mode {
        case .period(let p):
            if let i = range.index(of: p) { return cell(id, i) }
            return p.granularity == range.granularity ? .blank : rollup(id, p, range)
        case .total:
            if ctx.range == range { return cell(id, range.count) }
            guard let outer = ctx.range, outer.granularity != range.granularity else { return .blank }
            return rollupTotal(id, outer, range)
        case .whole:
            charge(range.count)
            var values: [Value] = []
            values.reserveCapacity(range.count)
            for i in 0..<range.count { values.append(cell(id, i)) }
            return .series(Series(range: range, values: values))
        }
    }

    static func integer(_ v: Value) -> Result<Int, ErrorCode> {
        switch v {
        case .number(let n):
            guard n.isFinite, abs(n) < 1e9 else { return .failure(.num) }
            return Numeric.isWhole(n) ? .success(Int(n.rounded())) : .failure(.value)
        case .error(let e): return .failure(e)
        default: return .failure(.value)
        }
    }

    // MARK: Diagnostics

    func note(_ id: NodeID, _ d: Diagnostic) {
        if issues[id] == nil { issues[id] = d }
    }

    private func periodSuffix(_ id: NodeID, _ i: Int) -> String {
        guard case .row(let t) = program.nodes[id].kind else { return "" }
        let range = program.tables[t].range
        return i < range.count ? " in \(range[i])" : " in the total"
    }
}
