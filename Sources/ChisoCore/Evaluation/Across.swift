// MARK: - Tables across imported notebooks: their values
//
// Each cell is the row read in its column's notebook at the table's period, exactly as
// `alias.table.row@P` reads it (a coarser period: the roll-up). The total column follows
// the total column's rule (Totals.swift), with the columns in the place of periods:
// * a data row, a row with `agg`, or a cell holding a literal aggregates the columns'
//   values, blanks skipped, a text row blank: a sum, also for `agg last` and `agg avg`
//   (the province's stock is the sum of its units' stocks), `agg min` and `agg max` kept;
// * a formula row is its formula (the first column's, the same in every column) evaluated
//   on the totals of what it reads: the province's rate is its resolved over its received.
//   A cell it reads is used when every column has the same value (a shared target),
//   else #N/A. When that cannot be done (the columns compute the row differently, a
//   column overrides the cell, the formula reads other periods through @ or a..b, or
//   calls a function that reads the notebook), the total is #N/A and the resolver warns
//   (`checkAcrossTotals`), with the reason `acrossTotalProblem` gives.
// The difference column is the second column minus the first, as `b - a` computes it;
// a percent row's difference is in percentage points.

extension Program {
    /// The modules from `from` along imports to `to` (the aliases), at most a few levels.
    private func aliasPath(from: Int, to: Int, depth: Int = 0) -> [String]? {
        if from == to { return [] }
        guard depth < 8 else { return nil }
        for (alias, m) in modules[from].imports.sorted(by: { $0.key < $1.key }) {
            if let rest = aliasPath(from: m, to: to, depth: depth + 1) { return [alias] + rest }
        }
        return nil
    }

    /// Node `id`, read by the first column's notebook, in every column of `table` (the same
    /// path of aliases and the same name from each column's notebook); nil when a column has none.
    func acrossPeers(_ id: NodeID, _ table: AcrossTable) -> [NodeID]? {
        let node = nodes[id]
        guard let path = aliasPath(from: table.columns[0].module, to: node.module) else { return nil }
        let local = node.name.dropFirst(modules[node.module].prefix.count).split(separator: ".").map(String.init)
        var peers: [NodeID] = []
        for column in table.columns {
            var m = column.module
            for alias in path {
                guard let next = modules[m].imports[alias] else { return nil }
                m = next
            }
            let found: NodeID?
            switch local.count {
            case 1: found = modules[m].scalarByName[local[0]]
            case 2: found = modules[m].tableByName[local[0]].flatMap { tables[$0].rowByName[local[1]] }
            default: found = nil
            }
            guard let found else { return nil }
            peers.append(found)
        }
        return peers
    }

    /// The node whose rule makes a node's total: itself, or for a cell that passes another
    /// cell or a whole row on (`don_vi = mau.don_vi`, `tiep_nhan = mau.hs.tiep_nhan`), that one.
    func acrossTarget(_ id: NodeID) -> NodeID {
        var id = id
        for _ in 0..<Provenance.maxChain {
            guard nodes[id].kind == .scalar, nodes[id].aggregation == nil else { return id }
            switch nodes[id].body {
            case .formula(.scalar(let next)), .formula(.row(let next)): id = next
            default: return id
            }
        }
        return id
    }

    /// How a node's values add up across columns (data, `agg`, a literal cell); nil when it
    /// is a formula to evaluate on the totals.
    func acrossAggregation(_ id: NodeID) -> Aggregation? {
        let node = nodes[id]
        if let a = node.aggregation { return Evaluator.acrossAggregation(a) }
        switch node.body {
        case .data: return .sum
        case .formula(.constant): return node.kind == .scalar ? .sum : nil
        case .formula: return nil
        }
    }

    func acrossAggregates(_ id: NodeID) -> Bool { acrossAggregation(id) != nil }

    /// For each row, why its total across columns cannot be computed (it is #N/A), or nil
    /// when it can; and the same for every figure the formulas read (`known`, by the first
    /// column's node), each looked at once for the whole table.
    func acrossTotalProblems(_ table: AcrossTable) -> (rows: [String?], known: [NodeID: String?]) {
        var known: [NodeID: String?] = [:]
        let rows = table.rows.map { acrossTotalProblem($0.nodes.map(acrossTarget), table, &known) }
        return (rows, known)
    }

    /// Remembered by the first column's node; one being looked at has none (a row reading
    /// itself at [-1] is its own input).
    private func acrossTotalProblem(_ peers: [NodeID], _ table: AcrossTable, _ known: inout [NodeID: String?]) -> String? {
        if let seen = known[peers[0]] { return seen }
        known[peers[0]] = .some(nil)
        let problem = findAcrossTotalProblem(peers, table, &known)
        known[peers[0]] = .some(problem)
        return problem
    }

    private func findAcrossTotalProblem(_ peers: [NodeID], _ table: AcrossTable, _ visiting: inout [NodeID: String?]) -> String? {
        let first = nodes[peers[0]]
        if acrossAggregates(peers[0]) { return nil }
        if first.kind == .scalar { return "'\(first.name)' is a cell computed by a formula, with no per-column rule to add it up" }
        guard case .formula(let code) = first.body else { return nil }
        let file = modules[first.module].file
        for (k, id) in peers.enumerated() {
            let n = nodes[id]
            guard case .formula = n.body, n.aggregation == nil, !n.replacedByImporter, modules[n.module].file == file else {
                return "'\(table.columns[k].name)' computes '\(localName(id))' differently from '\(table.columns[0].name)'"
            }
            if case .row(let t) = n.kind, let k0 = n.overrides.keys.sorted().first(where: { overlaps($0, t, table.period) }) {
                return
                    "'\(table.columns[k].name)' overrides '\(localName(id))' for \(tables[t].range[k0]); its formula on the totals would not match that cell"
            }
        }
        var functionsSeen = Set<Int>()
        return codeProblem(code, table, &visiting, &functionsSeen, inFunction: false)
    }

    private func overlaps(_ k: Int, _ t: Int, _ p: Period) -> Bool {
        let range = tables[t].range
        if let i = range.index(of: p) { return i == k }
        guard let parts = p.split(into: range.granularity), let first = range.index(of: parts.start) else { return false }
        return k >= first && k < first + parts.count
    }

    private func localName(_ id: NodeID) -> String {
        String(nodes[id].name.dropFirst(modules[nodes[id].module].prefix.count))
    }

    private func codeProblem(
        _ code: Code, _ table: AcrossTable, _ visiting: inout [NodeID: String?], _ functionsSeen: inout Set<Int>, inFunction: Bool
    ) -> String? {
        func read(_ id: NodeID) -> String? {
            guard let peers = acrossPeers(id, table) else { return "it reads '\(localName(id))', which not every column has" }
            return nodes[id].kind == .scalar ? nil : acrossTotalProblem(peers, table, &visiting)
        }
        switch code {
        case .constant, .parameter:
            return nil
        case .scalar(let id), .row(let id):
            return inFunction ? "it calls a function that reads figures of its notebook" : read(id)
        case .offset(.row(let id), .constant(.number(let k))) where !inFunction && k == k.rounded():
            return read(id)
        case .offset:
            return "it reads another period with [k]"
        case .at:
            return "it reads another period with @"
        case .rows:
            return "it reads a range of rows (a..b)"
        case .unary(_, let a):
            return codeProblem(a, table, &visiting, &functionsSeen, inFunction: inFunction)
        case .binary(_, let a, let b):
            return codeProblem(a, table, &visiting, &functionsSeen, inFunction: inFunction)
                ?? codeProblem(b, table, &visiting, &functionsSeen, inFunction: inFunction)
        case .ifThenElse(let a, let b, let c):
            return codeProblem(a, table, &visiting, &functionsSeen, inFunction: inFunction)
                ?? codeProblem(b, table, &visiting, &functionsSeen, inFunction: inFunction)
                ?? codeProblem(c, table, &visiting, &functionsSeen, inFunction: inFunction)
        case .builtin(let b, let args):
            if b.spec.readsPeriod != .never { return "it uses \(b.rawValue)(), which reads the table's periods" }
            for a in args {
                if let p = codeProblem(a, table, &visiting, &functionsSeen, inFunction: inFunction) { return p }
            }
            return nil
        case .call(let f, let args):
            let function = functions[f]
            if functionsSeen.insert(f).inserted {
                if function.usesPeriod { return "it calls \(function.name)(), which reads the period" }
                if let p = codeProblem(function.body, table, &visiting, &functionsSeen, inFunction: true) {
                    return "it calls \(function.name)(): \(p)"
                }
            }
            for a in args {
                if let p = codeProblem(a, table, &visiting, &functionsSeen, inFunction: inFunction) { return p }
            }
            return nil
        }
    }
}

extension Evaluator {
    /// The values of an across table: one list per row (a value per column), and the
    /// total or difference column (blank without one).
    func acrossValues(_ index: Int) -> (cells: [[Value]], extra: [Value]) {
        let table = program.acrossTables[index]
        let (problems, known) = table.extra?.kind == .total ? program.acrossTotalProblems(table) : ([], [:])
        let run = AcrossRun(table: table, known: known)
        var cells: [[Value]] = []
        var extra: [Value] = []
        for (k, row) in table.rows.enumerated() {
            let values = row.nodes.map { acrossValue($0, table.period) }
            cells.append(values)
            switch table.extra?.kind {
            case .total?:
                extra.append(problems[k] != nil ? .error(.na) : acrossTotal(row.nodes.map(program.acrossTarget), table.period, run))
            case .difference?:
                extra.append(values.count == 2 ? acrossDifference(values[0], values[1]) : .blank)
            case nil:
                extra.append(.blank)
            }
        }
        return (cells, extra)
    }

    /// What computing one table's totals remembers: the totals by figure and period, the
    /// ones being computed, each figure's node in every column, and which figures' totals
    /// cannot be computed (`acrossTotalProblems`).
    final class AcrossRun {
        let table: AcrossTable
        let known: [NodeID: String?]
        var totals: [AcrossKey: Value] = [:]
        var computing: Set<AcrossKey> = []
        var peers: [NodeID: [NodeID]?] = [:]
        init(table: AcrossTable, known: [NodeID: String?]) {
            self.table = table
            self.known = known
        }
    }

    struct AcrossKey: Hashable {
        var node: NodeID
        var period: Period
    }

    /// Node `id` read at period `p`, as `row@P` reads it.
    func acrossValue(_ id: NodeID, _ p: Period) -> Value {
        switch program.nodes[id].kind {
        case .row(let t):
            let range = program.tables[t].range
            if let k = range.index(of: p) { return cell(id, k) }
            if Resolver.periodProblem(p, range) == nil { return rollup(id, p, range) }
            return .blank
        case .scalar:
            return Operations.sample(value(of: id), at: p)
        case .check:
            return .blank
        }
    }

    /// Second minus first; text (a name, a note) has no difference.
    func acrossDifference(_ a: Value, _ b: Value) -> Value {
        if case .text = a { return .blank }
        if case .text = b { return .blank }
        return Operations.binary(.subtract, b, a)
    }

    /// The total across the columns of the node whose peers are `peers`, at period `p`.
    private func acrossTotal(_ peers: [NodeID], _ p: Period, _ run: AcrossRun) -> Value {
        let key = AcrossKey(node: peers[0], period: p)
        if let v = run.totals[key] { return v }
        guard run.computing.insert(key).inserted else { return .error(.cycle) }
        defer { run.computing.remove(key) }
        let node = program.nodes[peers[0]]
        // Outside the row's table (a lag before its first period) it is blank, as any
        // period outside a table: a row reading itself at [-1] ends there.
        if case .row(let t) = node.kind, Resolver.periodProblem(p, program.tables[t].range) != nil { return .blank }
        let value: Value
        if let aggregation = program.acrossAggregation(peers[0]) {
            value = Aggregate.total(peers.map { acrossValue($0, p) }, aggregation)
        } else if case .formula(let code) = node.body, case .some(nil) = run.known[peers[0]] {
            let rewritten = acrossRewrite(code, p, run)
            var range = PeriodRange(start: p, count: 1)
            if case .row(let t) = node.kind, program.tables[t].range.index(of: p) != nil { range = program.tables[t].range }
            value = cellValue(eval(rewritten, Context(mode: .period(p), range: range), nil))
        } else {
            value = .error(.na)
        }
        run.totals[key] = value
        return value
    }

    /// A formula with every figure it reads replaced by its total across the columns.
    private func acrossRewrite(_ code: Code, _ p: Period, _ run: AcrossRun) -> Code {
        func total(_ id: NodeID, _ at: Period) -> Code {
            if run.peers[id] == nil { run.peers[id] = .some(program.acrossPeers(id, run.table)) }
            guard let peers = run.peers[id] ?? nil else { return .constant(.error(.na)) }
            if program.nodes[id].kind == .scalar {
                // A cell the formula reads (a target): the same in every column, or no total.
                let values = peers.map { acrossValue($0, at) }
                return .constant(values.allSatisfy { $0 == values[0] } ? values[0] : .error(.na))
            }
            return .constant(acrossTotal(peers, at, run))
        }
        switch code {
        case .row(let id), .scalar(let id):
            return total(id, p)
        case .offset(.row(let id), .constant(.number(let k))):
            return total(id, p.shifted(by: Int(k)))
        case .unary(let op, let a):
            return .unary(op, acrossRewrite(a, p, run))
        case .binary(let op, let a, let b):
            return .binary(op, acrossRewrite(a, p, run), acrossRewrite(b, p, run))
        case .ifThenElse(let a, let b, let c):
            return .ifThenElse(acrossRewrite(a, p, run), acrossRewrite(b, p, run), acrossRewrite(c, p, run))
        case .builtin(let b, let args):
            return .builtin(b, args.map { acrossRewrite($0, p, run) })
        case .call(let f, let args):
            return .call(f, args.map { acrossRewrite($0, p, run) })
        default:
            return code
        }
    }

    /// How a row's values add up across columns: `agg` says how its periods add up, and
    /// across units a stock (`agg last`) or an average level (`agg avg`) adds up like a
    /// flow: the province's stock is the sum of its units' stocks. `min` and `max` stay.
    static func acrossAggregation(_ a: Aggregation?) -> Aggregation {
        switch a {
        case .min?: .min
        case .max?: .max
        default: .sum
        }
    }

    /// The display format of a difference: a percent's is in percentage points.
    static func acrossDifferenceFormat(_ format: DisplayFormat) -> DisplayFormat {
        if case .percent(let d) = format { return .points(decimals: d ?? 1) }
        return format
    }
}
