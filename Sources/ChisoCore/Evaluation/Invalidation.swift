// MARK: - Invalidation: which cells a change can reach
//
// After a change in a session, only the cells that can read a changed cell are computed
// again, not whole rows. A row's cell in period p reads another row's cell in p (`x`),
// or in a period a constant shift away (`x[-1]`, through functions as well: `delta(x)`
// reads x and x[-1]); every other way of reading a row is taken to read all its cells:
// a scalar, `@` (one period or a range), `cumsum` (and `ytd`, which is made of `@`), a
// shift that is not a constant, a row of another granularity (a roll-up), and any
// recursive function. A row's total is computed again whenever any cell it reads or
// holds is. When in doubt, the whole row: a cell computed again needlessly only costs
// time, while one left stale would be wrong.

/// Which cells of a node must be computed again.
struct StaleCells {
    /// Every cell of the node.
    var all = false
    /// Else these cells (period indices; a row's total is its last index).
    var cells: Set<Int> = []

    static let whole = StaleCells(all: true)
}

/// How a row's formula (with its overrides) reads one node.
struct Reach {
    /// Reads in the cell's own period, moved by each of these shifts (`x` 0, `x[-1]` -1).
    var shifts: Set<Int> = []
    /// Some read spans periods or cannot be bounded: any cell may read any cell.
    var whole = false
}

enum Invalidation {
    /// How the formula and overrides of row `id` read each node; nil when that cannot
    /// be told (a recursive function, a formula too large to follow): every cell then
    /// reads every cell.
    static func reaches(of id: NodeID, in program: Program) -> [NodeID: Reach]? {
        var walker = Walker(program: program)
        let node = program.nodes[id]
        if case .formula(let code) = node.body { walker.walk(code, 0, false, nil) }
        for code in node.overrides.values { walker.walk(code, 0, false, nil) }
        return walker.failed ? nil : walker.reach
    }

    /// The cells that can change when the cells `seeds` change, by node: the seeds and,
    /// through `readers` (who reads a node), every cell that reads a stale one, to the
    /// end. Scalars and checks are stale whole.
    static func stale(from seeds: [NodeID: StaleCells], in program: Program, readers: (NodeID) -> [NodeID]) -> [NodeID: StaleCells] {
        var stale: [NodeID: StaleCells] = [:]
        // The cells of each node made stale since it was last followed (all: made whole).
        var fresh: [NodeID: StaleCells] = [:]
        var reaches: [NodeID: [NodeID: Reach]?] = [:]
        var queue: [NodeID] = []
        func add(_ id: NodeID, _ s: StaleCells) {
            var current = stale[id] ?? StaleCells()
            if current.all { return }
            var new = StaleCells()
            if s.all || !isRow(id, program) {
                current = .whole
                new = .whole
            } else {
                var cells = s.cells
                // A row's total follows its cells.
                if let n = periodCount(id, program) { cells.insert(n) }
                new.cells = cells.subtracting(current.cells)
                if new.cells.isEmpty, stale[id] != nil { return }
                current.cells.formUnion(new.cells)
            }
            stale[id] = current
            if fresh[id] == nil { queue.append(id) }
            if new.all { fresh[id] = .whole } else { fresh[id, default: StaleCells()].cells.formUnion(new.cells) }
        }
        func reach(_ id: NodeID) -> [NodeID: Reach]? {
            if let known = reaches[id] { return known }
            let found = isRow(id, program) ? Self.reaches(of: id, in: program) : nil
            reaches[id] = .some(found)
            return found
        }
        for (id, s) in seeds { add(id, s) }
        while let n = queue.popLast() {
            guard let changed = fresh.removeValue(forKey: n) else { continue }
            // A row reading itself (`stock[-1]`) is followed whether or not the index lists it.
            var rs = readers(n)
            if !rs.contains(n), isRow(n, program), reach(n)?[n] != nil { rs.append(n) }
            for r in rs {
                guard isRow(r, program), !changed.all, case .row(let tn) = program.nodes[n].kind,
                    case .row(let tr) = program.nodes[r].kind
                else {
                    add(r, .whole)
                    continue
                }
                guard let how = reach(r)?[n] else {
                    // Read some other way than the walk saw: all of it.
                    add(r, .whole)
                    continue
                }
                let from = program.tables[tn].range, to = program.tables[tr].range
                if how.whole || from.granularity != to.granularity {
                    add(r, .whole)
                    continue
                }
                // Cell j of n is read by the cell of r in period from[j] - shift. A
                // total of n is read by r's total only, which `add` makes stale.
                var cells = Set<Int>()
                for j in changed.cells where j < from.count {
                    for s in how.shifts {
                        if let i = to.index(of: from[j].shifted(by: -s)) { cells.insert(i) }
                    }
                }
                add(r, StaleCells(cells: cells))
            }
        }
        return stale
    }

    private static func isRow(_ id: NodeID, _ program: Program) -> Bool {
        if case .row = program.nodes[id].kind { return true }
        return false
    }

    private static func periodCount(_ id: NodeID, _ program: Program) -> Int? {
        guard case .row(let t) = program.nodes[id].kind else { return nil }
        return program.tables[t].range.count
    }

    /// A function's arguments while its body is followed: each is read where it was given.
    private final class Arguments {
        let codes: [Code]
        let caller: Arguments?
        init(_ codes: [Code], caller: Arguments?) {
            self.codes = codes
            self.caller = caller
        }
    }

    /// Follows a formula, and the bodies of the functions it calls with their arguments
    /// in place of their parameters, noting the shift each row is read at.
    private struct Walker {
        let program: Program
        var reach: [NodeID: Reach] = [:]
        var failed = false
        /// Expressions followed at most (a function called many times over is followed
        /// each time, with its arguments).
        var budget = 20_000
        var calling: [Int] = []

        mutating func walk(_ code: Code, _ shift: Int, _ whole: Bool, _ arguments: Arguments?) {
            budget -= 1
            if budget < 0 { failed = true }
            if failed { return }
            switch code {
            case .constant:
                return
            case .scalar(let id):
                reach[id, default: Reach()].whole = true
            case .row(let id):
                note(id, shift, whole)
            case .rows(let ids):
                for id in ids { note(id, shift, whole) }
            case .parameter(let k):
                guard let arguments, k < arguments.codes.count else { return }
                walk(arguments.codes[k], shift, whole, arguments.caller)
            case .offset(let x, let k):
                walk(k, shift, whole, arguments)
                if let n = Evaluator.constantShift(k), abs(n) <= 1_000_000, abs(shift) <= 1_000_000 {
                    walk(x, shift + n, whole, arguments)
                } else {
                    walk(x, shift, true, arguments)
                }
            case .at(let x, let from, let to):
                walk(from, shift, whole, arguments)
                if let to { walk(to, shift, whole, arguments) }
                walk(x, shift, true, arguments)
            case .unary(_, let x):
                walk(x, shift, whole, arguments)
            case .binary(_, let a, let b):
                walk(a, shift, whole, arguments)
                walk(b, shift, whole, arguments)
            case .ifThenElse(let c, let a, let b):
                walk(c, shift, whole, arguments)
                walk(a, shift, whole, arguments)
                walk(b, shift, whole, arguments)
            case .builtin(let f, let args):
                // Every built-in reads its arguments in the cell's period but `cumsum`,
                // which reads the periods before it too.
                let spans = whole || f == .cumsum
                for a in args { walk(a, shift, spans, arguments) }
            case .call(let f, let args):
                guard f < program.functions.count, !calling.contains(f) else {
                    failed = true
                    return
                }
                calling.append(f)
                walk(program.functions[f].body, shift, whole, Arguments(args, caller: arguments))
                calling.removeLast()
            }
        }

        private mutating func note(_ id: NodeID, _ shift: Int, _ whole: Bool) {
            if whole {
                reach[id, default: Reach()].whole = true
            } else {
                reach[id, default: Reach()].shifts.insert(shift)
            }
        }
    }
}

extension Evaluator {
    /// Forgets the values of the stale cells (and the problems of a node stale whole, or
    /// with a problem: a node's problem may come from any of its cells), so they are
    /// computed again when next needed.
    func invalidate(_ stale: [NodeID: StaleCells]) {
        for (id, s) in stale {
            if s.all || issues[id] != nil || !Self.hasTotal(program.nodes[id])
                || cells[id].count != Self.cellCount(program.nodes[id], program)
            {
                invalidate(id)
            } else {
                for i in s.cells { invalidate(id, i) }
            }
        }
    }
}
