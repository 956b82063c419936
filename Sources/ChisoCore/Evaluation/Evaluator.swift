// MARK: - Evaluator
//
// Evaluates a program's nodes in dependency order, each cell exactly once. A row's cell
// for a period is its formula evaluated in that period; the total column is the data's
// aggregate, or the formula evaluated on the totals. Inside a component held together
// by shifted references, cells are computed on demand, and a cell met again while it is
// being computed is `#CYCLE!`.
//
// A function's arguments are passed by need: each is evaluated at most once in the
// call's own period, and again only where the body shifts it (`x[-1]` in `delta(x)`).

final class Evaluator {
    /// Deeper calls of user functions than this give `#NUM!` and a diagnostic.
    static let maxCallDepth = 1000
    /// Deeper chains of cells computed on demand than this give `#NUM!`.
    static let maxDemandDepth = 100_000
    /// Function calls allowed while computing one cell (with the cells it needs), so
    /// that exponential recursion ends with `#NUM!` instead of running for hours.
    static let maxCallsPerCell = 1_000_000

    enum CellState: UInt8 { case pending, computing, done }

    /// The values of one node: one per period and the total for a row, one for a scalar.
    /// Read and written on every cell, by one thread only: no dynamic exclusivity checks.
    final class Cells {
        @exclusivity(unchecked) var values: [Value]
        @exclusivity(unchecked) var state: [CellState]
        init(count: Int) {
            values = Array(repeating: .blank, count: count)
            state = Array(repeating: .pending, count: count)
        }
    }

    /// Where a formula is being evaluated.
    struct Context: Equatable {
        enum Mode: Equatable {
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

    /// A function call's arguments, passed by need.
    final class Frame {
        let function: Int
        let arguments: [Code]
        let parent: Frame?
        let context: Context
        var cache: [Value?]
        init(function: Int, arguments: [Code], parent: Frame?, context: Context) {
            self.function = function
            self.arguments = arguments
            self.parent = parent
            self.context = context
            self.cache = Array(repeating: nil, count: arguments.count)
        }
    }

    let program: Program
    /// The notebook's declared locale, in which `text()` and `concat()` write numbers
    /// (never the display locale: `--locale` must not change a value).
    let locale: DisplayLocale
    // The evaluator runs on one thread; its hot state skips dynamic exclusivity checks.
    @exclusivity(unchecked) private(set) var cells: [Cells] = []
    /// Problems found while evaluating, at most one per node.
    private(set) var issues: [NodeID: Diagnostic] = [:]
    @exclusivity(unchecked) private var callDepth = 0
    @exclusivity(unchecked) private var demandDepth = 0
    @exclusivity(unchecked) private var callBudget = Evaluator.maxCallsPerCell
    /// The node whose cell is being computed (for placing runtime diagnostics).
    @exclusivity(unchecked) private var current: NodeID?

    init(program: Program, locale: DisplayLocale) {
        self.program = program
        self.locale = locale
        self.cells = program.nodes.map { Cells(count: Self.cellCount($0, program)) }
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
        for component in components {
            for id in component { force(id) }
        }
    }

    // MARK: Recomputing after a change

    /// Makes room for nodes added to the program since the evaluator was made.
    func grow() {
        while cells.count < program.nodes.count {
            cells.append(Cells(count: Self.cellCount(program.nodes[cells.count], program)))
        }
    }

    /// Forgets a node's values (and its problems), so they are computed again when next needed.
    func invalidate(_ id: NodeID) {
        let count = Self.cellCount(program.nodes[id], program)
        if cells[id].values.count != count {
            cells[id] = Cells(count: count)
        } else {
            for i in 0..<count { cells[id].state[i] = .pending }
        }
        issues[id] = nil
    }

    /// Computes every cell of a node.
    func force(_ id: NodeID) {
        for i in 0..<cells[id].values.count { _ = cell(id, i) }
    }

    /// The value of a scalar or top-level check.
    func value(of id: NodeID) -> Value { cell(id, 0) }

    /// The values of a row (periods, then the total) or a table check (periods).
    func values(of id: NodeID) -> [Value] {
        force(id)
        return cells[id].values
    }

    // MARK: Cells

    func cell(_ id: NodeID, _ i: Int) -> Value {
        let c = cells[id]
        switch c.state[i] {
        case .done: return c.values[i]
        case .computing:
            note(id, .error(.cycle, "'\(program.nodes[id].name)' depends on itself\(periodSuffix(id, i))", at: program.nodes[id].span,
                            help: "a row may read itself only in earlier periods, as in stock[-1]"))
            return .error(.cycle)
        case .pending: break
        }
        guard demandDepth < Self.maxDemandDepth else {
            note(id, .error(.evaluation, "the cells behind '\(program.nodes[id].name)' are nested too deeply (more than \(Self.maxDemandDepth))", at: program.nodes[id].span))
            return .error(.num)
        }
        c.state[i] = .computing
        if demandDepth == 0 { callBudget = Self.maxCallsPerCell }
        demandDepth += 1
        let saved = current
        current = id
        let v = compute(id, i)
        current = saved
        demandDepth -= 1
        c.values[i] = v
        c.state[i] = .done
        return v
    }

    private func compute(_ id: NodeID, _ i: Int) -> Value {
        let node = program.nodes[id]
        if node.onCycle { return .error(.cycle) }
        switch node.kind {
        case .scalar, .check(table: nil):
            guard case .formula(let code) = node.body else { return .blank }
            return eval(code, .whole, nil)
        case .check(table: let t?):
            guard case .formula(let code) = node.body else { return .blank }
            let range = program.tables[t].range
            return cellValue(eval(code, Context(mode: .period(range[i]), range: range), nil))
        case .row(let t):
            let range = program.tables[t].range
            if i == range.count { return total(id, node, range) }
            let context = Context(mode: .period(range[i]), range: range)
            if let override = node.overrides[i] { return cellValue(eval(override, context, nil)) }
            switch node.body {
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
            if frame.context == ctx {
                if let v = frame.cache[k] { return v }
                let v = eval(frame.arguments[k], ctx, frame.parent)
                frame.cache[k] = v
                return v
            }
            return eval(frame.arguments[k], ctx, frame.parent)
        case .offset(let x, let k):
            let shift: Int
            switch integer(eval(k, ctx, frame)) {
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
                if case .series(let s) = v { return .series(s.lagged(by: shift)) }
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
            return Operations.unary(op, eval(x, ctx, frame))
        case .binary(let op, let a, let b):
            let left = eval(a, ctx, frame)
            // `and` / `or` look at the right side only when the left does not decide.
            if op == .and, case .bool(false) = left { return left }
            if op == .or, case .bool(true) = left { return left }
            return Operations.binary(op, left, eval(b, ctx, frame))
        case .ifThenElse(let c, let a, let b):
            return choose(eval(c, ctx, frame), a, b, ctx, frame)
        case .builtin(let f, let args):
            return builtin(f, args, ctx, frame)
        case .call(let f, let args):
            if ctx.mode == .whole, program.functions[f].usesPeriod, let range = seriesRange(args, ctx, frame) {
                return periodByPeriod(code, range, frame)
            }
            guard callDepth < Self.maxCallDepth else {
                if let id = current {
                    note(id, .warning(.evaluation, "calls of '\(program.functions[f].name)' nested more than \(Self.maxCallDepth) deep: the result is #NUM!", at: program.nodes[id].span,
                                      help: "a recursive function needs a case that stops the recursion"))
                }
                return .error(.num)
            }
            guard callBudget > 0 else {
                if let id = current {
                    note(id, .warning(.evaluation, "computing '\(program.nodes[id].name)' took more than \(Self.maxCallsPerCell) function calls: the result is #NUM!", at: program.nodes[id].span,
                                      help: "a function that calls itself twice per step grows exponentially; rewrite it with a table row"))
                }
                return .error(.num)
            }
            callBudget -= 1
            callDepth += 1
            defer { callDepth -= 1 }
            let callee = Frame(function: f, arguments: args, parent: frame, context: ctx)
            return eval(program.functions[f].body, ctx, callee)
        }
    }

    /// The range of the first argument that is a whole series.
    private func seriesRange(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> PeriodRange? {
        for a in args {
            if case .series(let s) = eval(a, ctx, frame) { return s.range }
        }
        return nil
    }

    /// A call that reads the current period, applied to a whole series: once per period.
    private func periodByPeriod(_ code: Code, _ range: PeriodRange, _ frame: Frame?) -> Value {
        var values: [Value] = []
        values.reserveCapacity(range.count)
        for p in range {
            values.append(cellValue(eval(code, Context(mode: .period(p), range: range), frame)))
        }
        return .series(Series(range: range, values: values))
    }

    /// `if c then a else b`: only the branch returned is evaluated; a series condition
    /// chooses period by period.
    func choose(_ condition: Value, _ a: Code, _ b: Code, _ ctx: Context, _ frame: Frame?) -> Value {
        switch condition {
        case .bool(let c): return eval(c ? a : b, ctx, frame)
        case .blank, .error: return condition
        case .series(let s):
            let x = eval(a, ctx, frame), y = eval(b, ctx, frame)
            return .series(Series(range: s.range, values: s.range.map { p in
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
            guard let i = range.index(of: p) else { return .blank }
            return cell(id, i)
        case .total:
            return ctx.range == range ? cell(id, range.count) : .blank
        case .whole:
            var values: [Value] = []
            values.reserveCapacity(range.count)
            for i in 0..<range.count { values.append(cell(id, i)) }
            return .series(Series(range: range, values: values))
        }
    }

    func integer(_ v: Value) -> Result<Int, ErrorCode> {
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
