// MARK: - Row formulas compiled
//
// Most rows of a department's tables are arithmetic over rows of tables over the same
// periods (`rate = resolved / received`, `qoq = received - received[-1]`) or a sum of
// such rows (a province's `sum(D00001.received, …)`). Such a formula is compiled once
// into a few instructions on doubles and run over the row's periods in a tight loop,
// reading the cells it names directly.
//
// Only the common case is taken: every cell read is computed and holds a number, and
// every intermediate result is finite (no division by zero). Any other cell (a blank,
// an error or a text read, a period outside a row's range, a cell not yet computed, an
// overridden cell, #DIV/0!, a non-finite result, a budget about to run out) is computed
// by `cell(id, i)` exactly as before, in its turn: values, errors and diagnostics are
// the same with or without the fast path (`compiles`), and a cell taken costs the steps
// its formula's evaluation would (one per expression), so the budget runs out in the
// same cell.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Evaluator {
    /// A row formula as instructions on a stack of doubles, for one period at a time.
    struct RowKernel {
        enum Op {
            case constant(Double)
            /// The cell of `reads[k]` in the period.
            case read(Int)
            /// The scalar cell `reads[k]` (any period).
            case scalar(Int)
            case negate, add, subtract, multiply, divide, power
            /// `sum` of the cells of `reads[from..<to]` in the period (blanks skipped).
            case sum(Int, Int)
        }

        /// A node's cells, read `delta` periods after the row's own period.
        struct Read {
            // Kept alive by `owners` (and by the evaluator): read without reference counting.
            unowned(unsafe) let cells: Cells
            let delta: Int
            let count: Int

            /// The number in the cell of period `i` (its own index `i + delta`); nil when
            /// it is not a computed number, or outside the row (blank).
            @inline(__always) func number(_ i: Int) -> Double? {
                let j = i &+ delta
                guard j >= 0, j < count, cells.leadingState[j] == .done, case .number(let x) = cells.leading[j] else {
                    return nil
                }
                return x
            }
        }

        var ops: [Op] = []
        var reads: [Read] = []
        var owners: [Cells] = []
        /// The steps the formula's evaluation costs in one period.
        var steps = 0
        /// The deepest the stack goes.
        var depth = 0
        private var height = 0

        mutating func push(_ op: Op) {
            ops.append(op)
            height += 1
            depth = max(depth, height)
        }

        /// An operation on the top `arity` values, leaving one.
        mutating func apply(_ op: Op, arity: Int) {
            ops.append(op)
            height -= arity - 1
        }
    }

    /// The compiled formula of a row, when it is one the fast path takes.
    func kernel(for id: NodeID) -> RowKernel? {
        guard case .row(let t) = program.nodes[id].kind, !program.nodes[id].onCycle,
            case .formula(let code) = program.nodes[id].body
        else { return nil }
        let range = program.tables[t].range
        guard range.count > 0, id < cells.count, cells[id].leading.count == range.count else { return nil }
        var kernel = RowKernel()
        kernel.ops.reserveCapacity(8)
        guard compile(code, shift: 0, range, &kernel), kernel.depth <= 64 else { return nil }
        return kernel
    }

    private func compile(_ code: Code, shift: Int, _ range: PeriodRange, _ k: inout RowKernel) -> Bool {
        switch code {
        case .constant(.number(let x)):
            k.steps += 1
            k.push(.constant(x))
            return true
        case .row(let id):
            guard let r = read(id, shift, range, &k) else { return false }
            k.steps += 1
            k.push(.read(r))
            return true
        case .scalar(let id):
            guard id < cells.count, program.nodes[id].kind == .scalar, cells[id].leading.count == 1 else { return false }
            k.owners.append(cells[id])
            k.reads.append(RowKernel.Read(cells: cells[id], delta: 0, count: 1))
            k.steps += 1
            k.push(.scalar(k.reads.count - 1))
            return true
        case .offset(let x, let by):
            guard let n = Evaluator.constantShift(by) else { return false }
            k.steps += 1 + shiftSteps(by)
            return compile(x, shift: shift &+ n, range, &k)
        case .unary(.negate, let x):
            k.steps += 1
            guard compile(x, shift: shift, range, &k) else { return false }
            k.apply(.negate, arity: 1)
            return true
        case .binary(let op, let a, let b):
            let instruction: RowKernel.Op
            switch op {
            case .add: instruction = .add
            case .subtract: instruction = .subtract
            case .multiply: instruction = .multiply
            case .divide: instruction = .divide
            case .power: instruction = .power
            default: return false
            }
            k.steps += 1
            guard compile(a, shift: shift, range, &k), compile(b, shift: shift, range, &k) else { return false }
            k.apply(instruction, arity: 2)
            return true
        case .builtin(.sum, let args):
            // Only cells: `spread` reads each (a range of rows costs no step per row).
            k.steps += 1
            let first = k.reads.count
            for a in args {
                if case .rows(let ids) = a {
                    for id in ids {
                        guard read(id, shift, range, &k) != nil else { return false }
                    }
                } else {
                    guard shiftedRow(a, shift: shift, range, &k) else { return false }
                }
            }
            k.push(.sum(first, k.reads.count))
            return true
        default:
            return false
        }
    }

    /// A row, shifted by constants or not, as a read of a sum (`x`, `x[-1]`).
    private func shiftedRow(_ code: Code, shift: Int, _ range: PeriodRange, _ k: inout RowKernel) -> Bool {
        switch code {
        case .row(let id):
            guard read(id, shift, range, &k) != nil else { return false }
            k.steps += 1
            return true
        case .offset(let x, let by):
            guard let n = Evaluator.constantShift(by) else { return false }
            k.steps += 1 + shiftSteps(by)
            return shiftedRow(x, shift: shift &+ n, range, &k)
        default:
            return false
        }
    }

    /// The steps of evaluating a constant shift (`1`, or `-1` written as a negation).
    private func shiftSteps(_ code: Code) -> Int {
        if case .unary = code { return 2 }
        return 1
    }

    /// Row `id` read `shift` periods after each period of `range`: its cells by index,
    /// when its table has periods of the same kind (else it is a roll-up).
    private func read(_ id: NodeID, _ shift: Int, _ range: PeriodRange, _ k: inout RowKernel) -> Int? {
        guard id < cells.count, case .row(let t) = program.nodes[id].kind else { return nil }
        let theirs = program.tables[t].range
        let c = cells[id]
        guard theirs.start.granularity == range.start.granularity, c.hasTotal, c.leading.count == theirs.count else { return nil }
        k.owners.append(c)
        k.reads.append(
            RowKernel.Read(cells: c, delta: range.start.ordinal &+ shift &- theirs.start.ordinal, count: theirs.count))
        return k.reads.count - 1
    }

    /// Computes the pending cells of a row: the kernel is first run over every period at
    /// once, column by column, from the cells computed already (they never change); then,
    /// period by period, each pending cell takes that result, or the kernel run again for
    /// that period alone (a row reading itself a period back reads cells computed since),
    /// or else `cell(id, i)`. Then its total.
    func forceRow(_ id: NodeID, _ k: RowKernel) {
        let c = cells[id]
        let n = c.leading.count
        let overrides = program.nodes[id].overrides
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k.depth * n + k.depth) { doubles in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * n) { flags in
                let columns = doubles.baseAddress!, stack = UnsafeMutableBufferPointer(rebasing: doubles[(k.depth * n)...])
                let ok = flags.baseAddress!
                runColumns(k, n, columns, ok, ok + n)
                for i in 0..<n {
                    switch c.leadingState[i] {
                    case .done: continue
                    case .computing:
                        _ = cell(id, i)
                        continue
                    case .pending: break
                    }
                    if steps >= k.steps, demandDepth < Self.maxDemandDepth, overrides.isEmpty || overrides[i] == nil,
                        let x = ok[i] ? columns[i] : run(k, i, stack)
                    {
                        steps &-= k.steps
                        c.leading[i] = .number(x)
                        c.leadingState[i] = .done
                    } else {
                        _ = cell(id, i)
                    }
                }
            }
        }
        if c.hasTotal, c.totalState != .done { _ = cell(id, n) }
    }

    /// The formula in periods `0..<n` at once, from the cells computed so far: column 0
    /// holds the result of period `i` where `ok[i]`. `seen` is scratch space (n flags).
    private func runColumns(
        _ k: RowKernel, _ n: Int, _ columns: UnsafeMutablePointer<Double>, _ ok: UnsafeMutablePointer<Bool>,
        _ seen: UnsafeMutablePointer<Bool>
    ) {
        ok.initialize(repeating: true, count: n)
        var sp = 0
        for op in k.ops {
            switch op {
            case .constant(let x):
                (columns + sp * n).initialize(repeating: x, count: n)
                sp += 1
            case .read(let r):
                let read = k.reads[r], out = columns + sp * n
                let values = read.cells.leading, states = read.cells.leadingState
                values.withUnsafeBufferPointer { values in
                    states.withUnsafeBufferPointer { states in
                        for i in 0..<n {
                            let j = i &+ read.delta
                            if j >= 0, j < values.count, j < states.count, states[j] == .done, case .number(let x) = values[j] {
                                out[i] = x
                            } else {
                                out[i] = 0
                                ok[i] = false
                            }
                        }
                    }
                }
                sp += 1
            case .scalar(let r):
                let x = k.reads[r].number(0)
                (columns + sp * n).initialize(repeating: x ?? 0, count: n)
                if x == nil { ok.update(repeating: false, count: n) }
                sp += 1
            case .negate:
                let a = columns + (sp - 1) * n
                for i in 0..<n {
                    let x = a[i]
                    a[i] = x == 0 ? 0 : -x
                }
            case .add, .subtract, .multiply, .divide, .power:
                sp -= 1
                let a = columns + (sp - 1) * n, b = columns + sp * n
                for i in 0..<n {
                    let x = a[i], y = b[i]
                    var r: Double
                    switch op {
                    case .add: r = Numeric.add(x, y)
                    case .subtract: r = Numeric.subtract(x, y)
                    case .multiply: r = x * y
                    case .divide: r = y == 0 ? .nan : x / y
                    default: r = x == 0 && y < 0 ? .nan : pow(x, y)
                    }
                    if !r.isFinite {
                        r = 0
                        ok[i] = false
                    }
                    a[i] = r
                }
            case .sum(let from, let to):
                // `Aggregate.sum` in each period: blanks skipped, the numbers added in order.
                let out = columns + sp * n
                out.initialize(repeating: 0, count: n)
                seen.initialize(repeating: false, count: n)
                for r in from..<to {
                    let read = k.reads[r]
                    let values = read.cells.leading, states = read.cells.leadingState
                    values.withUnsafeBufferPointer { values in
                        states.withUnsafeBufferPointer { states in
                            for i in 0..<n {
                                let j = i &+ read.delta
                                guard j >= 0, j < values.count, j < states.count else { continue }
                                guard states[j] == .done else {
                                    ok[i] = false
                                    continue
                                }
                                switch values[j] {
                                case .number(let x):
                                    out[i] = seen[i] ? Numeric.add(out[i], x) : x
                                    seen[i] = true
                                case .blank: continue
                                default: ok[i] = false
                                }
                            }
                        }
                    }
                }
                for i in 0..<n where !seen[i] || !out[i].isFinite { ok[i] = false }
                sp += 1
            }
        }
    }

    /// The formula in period `i`, or nil where the fast path does not take the cell.
    @inline(__always)
    private func run(_ k: RowKernel, _ i: Int, _ stack: UnsafeMutableBufferPointer<Double>) -> Double? {
        var sp = 0
        for op in k.ops {
            switch op {
            case .constant(let x):
                stack[sp] = x
                sp &+= 1
            case .read(let r):
                guard let x = k.reads[r].number(i) else { return nil }
                stack[sp] = x
                sp &+= 1
            case .scalar(let r):
                guard let x = k.reads[r].number(0) else { return nil }
                stack[sp] = x
                sp &+= 1
            case .negate:
                let x = stack[sp &- 1]
                stack[sp &- 1] = x == 0 ? 0 : -x
            case .add, .subtract, .multiply, .divide, .power:
                sp &-= 1
                let x = stack[sp &- 1], y = stack[sp]
                let r: Double
                switch op {
                case .add: r = Numeric.add(x, y)
                case .subtract: r = Numeric.subtract(x, y)
                case .multiply: r = x * y
                case .divide:
                    guard y != 0 else { return nil }
                    r = x / y
                default:
                    guard x != 0 || y >= 0 else { return nil }
                    r = pow(x, y)
                }
                guard r.isFinite else { return nil }
                stack[sp &- 1] = r
            case .sum(let from, let to):
                // `Aggregate.sum`: blanks skipped, the numbers added in order.
                var total = 0.0, any = false
                for r in from..<to {
                    let read = k.reads[r]
                    let j = i &+ read.delta
                    guard j >= 0, j < read.count else { continue }
                    guard read.cells.leadingState[j] == .done else { return nil }
                    switch read.cells.leading[j] {
                    case .number(let x):
                        total = any ? Numeric.add(total, x) : x
                        any = true
                    case .blank: continue
                    default: return nil
                    }
                }
                guard any, total.isFinite else { return nil }
                stack[sp] = total
                sp &+= 1
            }
        }
        return stack[0]
    }
}
