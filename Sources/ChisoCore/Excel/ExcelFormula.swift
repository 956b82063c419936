// MARK: - Chiso formulas as Excel formulas
//
// A computed cell of the exported sheet holds an Excel formula when its Chiso formula
// translates exactly into one over cells of the sheet: numbers, `+ - * /` and negation,
// references to exported cells and rows (in the same period, `x[-k]` lags, `x@P`, other
// tables' rows for the same period), `sum avg min max` over rows (`a..b`) or a row's
// periods, the total column, and calls of functions made of these (the standard
// library's `delta`, `growth`, `share`, `of_plan`, `per100`…). Anything else — `if`,
// comparisons, period functions, a cell that is not on the sheet — keeps its value.
//
// Blank is not zero: in Chiso a blank operand makes the result blank, in Excel an empty
// cell is 0. So every formula is guarded: when a cell it reads holds no number (or a
// range it sums holds none) it gives "" — shown empty, as Chiso shows a blank:
//
//     IF(COUNT(C5,C6)<2,"",C6/C5-1)
//
// Before a formula is written it is evaluated here, with Excel's rules, on the values of
// the sheet; unless it gives the cell's own value (numbers within 1e-9 relative, errors by
// code, blanks as blanks) the cell keeps its value. What Excel recalculates is therefore
// what Chiso computed, at least until someone changes an input.

struct ExcelFormula {
    /// A translated expression.
    indirect enum Term {
        case number(Double)
        case ref(CellRef, absolute: Bool)
        /// A block of cells (one row or one column), read by an aggregate.
        case range(CellRef, CellRef)
        case negate(Term)
        case binary(BinaryOp, Term, Term)
        case aggregate(Builtin, [Term])
    }

    let program: Program
    let sheet: ExcelWriter.Sheet
    /// Translations nested deeper than this (function calls in calls) are given up.
    static let maxDepth = 64

    /// Where the code is evaluated: a row's period (index into its table), its total,
    /// or a scalar cell.
    enum Context {
        case period(table: Int, index: Int)
        case total(table: Int)
        /// A subtotal column (`with subtotals`): its index among the table's subtotals.
        case subtotal(table: Int, index: Int)
        case scalar
    }

    /// A parameter's argument, with the bindings of the caller.
    final class Binding {
        let code: Code
        let outer: [Binding]
        init(_ code: Code, _ outer: [Binding]) {
            self.code = code
            self.outer = outer
        }
    }

    /// The formula for node `id` at `period` (a period index; -1 for the total column;
    /// nil for a scalar), verified to give `expected`; nil to keep the value.
    mutating func formula(node id: NodeID, period: Int?, at ref: CellRef, expected: Value) -> String? {
        let node = program.nodes[id]
        let term: Term?
        switch (node.kind, period) {
        case (.scalar, nil):
            guard case .formula(let code) = node.body else { return nil }
            term = translate(code, .scalar, shift: 0, params: [], depth: 0)
        case (.row(let t), let k?) where k >= 0:
            let code: Code
            if let o = node.overrides[k] {
                code = o
            } else if case .formula(let c) = node.body {
                code = c
            } else {
                return nil
            }
            term = translate(code, .period(table: t, index: k), shift: 0, params: [], depth: 0)
        case (.row(let t), -1):
            term = total(id, node, table: t)
        default:
            return nil
        }
        guard let term else { return nil }
        return written(term, expected: expected)
    }

    /// The formula of a subtotal cell (`with subtotals`): the aggregate of the year's
    /// cells for a data row (or a row with `agg`), or a formula row's formula over the
    /// subtotal cells of the rows it reads; verified to give `expected`; nil to keep the value.
    mutating func subtotalFormula(node id: NodeID, subtotal s: Int, expected: Value) -> String? {
        let node = program.nodes[id]
        guard case .row(let t) = node.kind, let place = sheet.rowPlace[id], let tp = sheet.tablePlace[t] else { return nil }
        let years = tp.range.subtotalYears
        guard years.indices.contains(s), years[s].whole, let parts = years[s].year.split(into: tp.range.granularity),
            let i = tp.range.index(of: parts.start), let j = tp.range.index(of: parts.last)
        else { return nil }
        let term: Term?
        if case .formula(let code) = node.body, node.aggregation == nil {
            guard !node.overrides.keys.contains(where: { $0 >= i && $0 <= j }) else { return nil }
            term = translate(code, .subtotal(table: t, index: s), shift: 0, params: [], depth: 0)
        } else {
            guard let block = tp.block(i, j) else { return nil }
            let cells = Term.range(CellRef(row: place.row, column: block.0), CellRef(row: place.row, column: block.1))
            switch node.aggregation ?? .sum {
            case .sum: term = .aggregate(.sum, [cells])
            case .avg: term = .aggregate(.avg, [cells])
            case .min: term = .aggregate(.min, [cells])
            case .max: term = .aggregate(.max, [cells])
            case .last: term = nil
            }
        }
        guard let term else { return nil }
        return written(term, expected: expected)
    }

    /// A translated term as the text of a cell's formula, guarded against blanks, if
    /// Excel's value of it is `expected`.
    private func written(_ term: Term, expected: Value) -> String? {
        var inputs = Inputs()
        inputs.add(term)
        // A formula reading no cell is a constant: its value says it all.
        guard !(inputs.singles.isEmpty && inputs.groups.isEmpty), inputs.singles.count <= 200,
            inputs.groups.allSatisfy({ $0.count <= 200 })
        else { return nil }
        guard Self.matches(evaluate(term, inputs), expected) else { return nil }
        var conditions: [String] = []
        if !inputs.singles.isEmpty {
            let refs = inputs.singles.map { Self.text(.ref($0, absolute: inputs.absolute.contains($0)), precedence: 0) }
            conditions.append("COUNT(\(refs.joined(separator: ",")))<\(inputs.singles.count)")
        }
        for g in inputs.groups { conditions.append("COUNT(\(g.map { Self.text($0, precedence: 0) }.joined(separator: ",")))=0") }
        let condition = conditions.count == 1 ? conditions[0] : "OR(\(conditions.joined(separator: ",")))"
        return "IF(\(condition),\"\",\(Self.text(term, precedence: 0)))"
    }

    /// The total column: an aggregate of the row's cells, or (a formula row without `agg`)
    /// its formula on the totals of the rows it reads.
    private func total(_ id: NodeID, _ node: Node, table t: Int) -> Term? {
        guard let place = sheet.rowPlace[id], let tp = sheet.tablePlace[t] else { return nil }
        if case .formula(let code) = node.body, node.aggregation == nil {
            guard node.overrides.isEmpty else { return nil }
            return translate(code, .total(table: t), shift: 0, params: [], depth: 0)
        }
        // Between subtotal columns the periods are several blocks: SUM(C5:F5,H5:K5).
        let blocks = tp.blocks(0, tp.range.count - 1).map {
            Term.range(CellRef(row: place.row, column: $0), CellRef(row: place.row, column: $1))
        }
        switch node.aggregation ?? .sum {
        case .sum: return .aggregate(.sum, blocks)
        case .avg: return .aggregate(.avg, blocks)
        case .min: return .aggregate(.min, blocks)
        case .max: return .aggregate(.max, blocks)
        case .last: return nil
        }
    }

    private func translate(_ code: Code, _ context: Context, shift: Int, params: [Binding], depth: Int) -> Term? {
        guard depth < Self.maxDepth else { return nil }
        switch code {
        case .constant(.number(let x)):
            return .number(x)
        case .scalar(let id):
            return sheet.scalarPlace[id].map { .ref($0, absolute: true) }
        case .row(let id):
            return rowCell(id, context, shift: shift)
        case .parameter(let k):
            guard params.indices.contains(k) else { return nil }
            return translate(params[k].code, context, shift: shift, params: params[k].outer, depth: depth + 1)
        case .offset(let x, let k):
            guard case .period = context, let k = lag(k, params: params, depth: depth + 1) else { return nil }
            return translate(x, context, shift: shift + k, params: params, depth: depth + 1)
        case .at(.row(let id), .constant(.period(let p)), nil):
            guard let place = sheet.rowPlace[id], let tp = sheet.tablePlace[place.table], let j = tp.range.index(of: p) else { return nil }
            return .ref(CellRef(row: place.row, column: tp.column(j)), absolute: true)
        case .at(let x, .constant(.period(let p)), nil):
            // `growth(t.x)@2019Q1`: the expression in that period of the table of the rows it reads.
            guard let id = firstRow(x, params: params, depth: depth + 1), case .row(let t) = program.nodes[id].kind,
                let j = program.tables[t].range.index(of: p)
            else { return nil }
            return translate(x, .period(table: t, index: j), shift: 0, params: params, depth: depth + 1)
        case .unary(.negate, let x):
            return translate(x, context, shift: shift, params: params, depth: depth + 1).map { .negate($0) }
        case .binary(let op, let a, let b):
            guard [.add, .subtract, .multiply, .divide].contains(op),
                let x = translate(a, context, shift: shift, params: params, depth: depth + 1),
                let y = translate(b, context, shift: shift, params: params, depth: depth + 1)
            else { return nil }
            return .binary(op, x, y)
        case .builtin(let f, let args):
            guard [.sum, .avg, .min, .max].contains(f), !args.isEmpty else { return nil }
            var terms: [Term] = []
            for a in args {
                guard let t = aggregated(a, context, shift: shift, params: params, depth: depth + 1) else { return nil }
                terms.append(t)
            }
            return .aggregate(f, terms)
        case .call(let index, let args):
            let function = program.functions[index]
            guard !function.usesPeriod else { return nil }
            let bindings = args.map { Binding($0, params) }
            return translate(function.body, context, shift: shift, params: bindings, depth: depth + 1)
        default:
            return nil
        }
    }

    /// A lag's periods: a whole number, or minus one or `per_year(x)` of a row (`x[-per_year(x)]`, a year back).
    private func lag(_ code: Code, params: [Binding], depth: Int) -> Int? {
        guard depth < Self.maxDepth else { return nil }
        switch code {
        case .constant(.number(let k)): return k == k.rounded() && abs(k) < 10_000 ? Int(k) : nil
        case .unary(.negate, let x): return lag(x, params: params, depth: depth + 1).map { -$0 }
        case .parameter(let k) where params.indices.contains(k): return lag(params[k].code, params: params[k].outer, depth: depth + 1)
        case .builtin(.per_year, let args) where args.count == 1:
            guard let id = row(args[0], params: params, depth: depth + 1), case .row(let t) = program.nodes[id].kind else { return nil }
            return program.tables[t].range.granularity.perYear
        default: return nil
        }
    }

    /// The row an argument names (through parameters).
    private func row(_ code: Code, params: [Binding], depth: Int) -> NodeID? {
        guard depth < Self.maxDepth else { return nil }
        switch code {
        case .row(let id): return id
        case .parameter(let k) where params.indices.contains(k): return row(params[k].code, params: params[k].outer, depth: depth + 1)
        default: return nil
        }
    }

    /// The first row an expression reads (through parameters and calls).
    private func firstRow(_ code: Code, params: [Binding], depth: Int) -> NodeID? {
        guard depth < Self.maxDepth else { return nil }
        switch code {
        case .row(let id): return id
        case .parameter(let k) where params.indices.contains(k): return firstRow(params[k].code, params: params[k].outer, depth: depth + 1)
        case .unary(_, let x), .offset(let x, _): return firstRow(x, params: params, depth: depth + 1)
        case .binary(_, let a, let b):
            return firstRow(a, params: params, depth: depth + 1) ?? firstRow(b, params: params, depth: depth + 1)
        case .call(_, let args), .builtin(_, let args):
            let bindings = params
            for a in args { if let id = firstRow(a, params: bindings, depth: depth + 1) { return id } }
            return nil
        default: return nil
        }
    }

    /// An aggregate's argument: rows `a..b` (a block of the sheet), a row read whole
    /// (a scalar's `sum(t.x)`), or a single value.
    private func aggregated(_ code: Code, _ context: Context, shift: Int, params: [Binding], depth: Int) -> Term? {
        switch (code, context) {
        case (.rows(let ids), _):
            guard shift == 0, let first = ids.first, let last = ids.last, let a = sheet.rowPlace[first], let b = sheet.rowPlace[last],
                b.row - a.row == ids.count - 1,
                ids.enumerated().allSatisfy({ sheet.rowPlace[$0.element]?.row == a.row + $0.offset })
            else { return nil }
            let column: Int
            switch context {
            case .period(let t, let k):
                guard let tp = sheet.tablePlace[a.table], a.table == t else { return nil }
                column = tp.column(k)
            case .total(let t):
                guard let tp = sheet.tablePlace[a.table], a.table == t, let c = tp.totalColumn else { return nil }
                column = c
            case .subtotal(let t, let s):
                guard let tp = sheet.tablePlace[a.table], a.table == t, tp.subtotalColumns.indices.contains(s) else { return nil }
                column = tp.subtotalColumns[s]
            case .scalar:
                return nil
            }
            return .range(CellRef(row: a.row, column: column), CellRef(row: b.row, column: column))
        case (.at(.row(let id), .constant(.period(let p)), .constant(.period(let q))?), _):
            // `sum(t.x@2018Q1..2018Q2)`: that block of the row.
            guard let place = sheet.rowPlace[id], let tp = sheet.tablePlace[place.table], let i = tp.range.index(of: p),
                let j = tp.range.index(of: q), i <= j
            else { return nil }
            guard let block = tp.block(i, j) else { return nil }
            return .range(CellRef(row: place.row, column: block.0), CellRef(row: place.row, column: block.1))
        case (.row(let id), .scalar):
            guard let place = sheet.rowPlace[id], let tp = sheet.tablePlace[place.table] else { return nil }
            guard let block = tp.block(0, tp.range.count - 1) else { return nil }
            return .range(CellRef(row: place.row, column: block.0), CellRef(row: place.row, column: block.1))
        case (.parameter(let k), _) where params.indices.contains(k):
            return aggregated(params[k].code, context, shift: shift, params: params[k].outer, depth: depth + 1)
        default:
            return translate(code, context, shift: shift, params: params, depth: depth)
        }
    }

    /// Row `id` read in the context: its cell for the same period (shifted), or its total.
    private func rowCell(_ id: NodeID, _ context: Context, shift: Int) -> Term? {
        guard let place = sheet.rowPlace[id], let tp = sheet.tablePlace[place.table] else { return nil }
        switch context {
        case .period(let t, let k):
            let p = program.tables[t].range[k].shifted(by: shift)
            guard let j = tp.range.index(of: p) else { return nil }
            return .ref(CellRef(row: place.row, column: tp.column(j)), absolute: false)
        case .total(let t):
            guard place.table == t, shift == 0, let c = tp.totalColumn else { return nil }
            return .ref(CellRef(row: place.row, column: c), absolute: false)
        case .subtotal(let t, let s):
            guard place.table == t, shift == 0, tp.subtotalColumns.indices.contains(s) else { return nil }
            return .ref(CellRef(row: place.row, column: tp.subtotalColumns[s]), absolute: false)
        case .scalar:
            return nil
        }
    }

    // MARK: Checking a formula

    /// What a formula reads, for its blank guard: the cells read one by one (the formula
    /// is blank unless each holds a number), and per aggregate the cells and blocks it
    /// reads directly (blank when none of them holds a number: `sum` and Excel's `SUM` both
    /// skip blanks, so `SUM(C5:F5,H5:K5)` over years partly blank is the sum of what is there).
    struct Inputs {
        var singles: [CellRef] = []
        var absolute: Set<CellRef> = []
        var groups: [[Term]] = []

        mutating func add(_ term: Term) {
            switch term {
            case .number: break
            case .ref(let r, let a):
                if !singles.contains(r) { singles.append(r) }
                if a { absolute.insert(r) }
            case .range: groups.append([term])
            case .negate(let x): add(x)
            case .binary(_, let a, let b):
                add(a)
                add(b)
            case .aggregate(_, let args):
                var direct: [Term] = []
                for a in args {
                    switch a {
                    case .ref, .range: direct.append(a)
                    default: add(a)
                    }
                }
                if !direct.isEmpty { groups.append(direct) }
            }
        }
    }

    /// What Excel computes, on the sheet's values (`nil` for the "" of the guard).
    private func evaluate(_ term: Term, _ inputs: Inputs) -> Value {
        func isNumber(_ v: Value) -> Bool { if case .number = v { true } else { false } }
        if !inputs.singles.allSatisfy({ isNumber(sheet.value(at: $0)) }) { return .blank }
        for g in inputs.groups {
            let values = g.flatMap { t -> [Value] in
                switch t {
                case .ref(let r, _): [sheet.value(at: r)]
                case .range(let a, let b): cells(a, b)
                default: []
                }
            }
            if !values.contains(where: isNumber) { return .blank }
        }
        return excel(term)
    }

    private func cells(_ a: CellRef, _ b: CellRef) -> [Value] {
        var out: [Value] = []
        for row in a.row...b.row { for column in a.column...b.column { out.append(sheet.value(at: CellRef(row: row, column: column))) } }
        return out
    }

    /// Excel's value of a term whose single inputs are numbers.
    private func excel(_ term: Term) -> Value {
        switch term {
        case .number(let x): return .number(x)
        case .ref(let r, _): return sheet.value(at: r)
        case .range: return .error(.value)
        case .negate(let x):
            let v = excel(x)
            if case .number(let a) = v { return .number(-a) }
            return v
        case .binary(let op, let a, let b):
            let x = excel(a), y = excel(b)
            guard case .number(let p) = x else { return x.isError ? x : .error(.value) }
            guard case .number(let q) = y else { return y.isError ? y : .error(.value) }
            switch op {
            case .add: return Value.num(Numeric.add(p, q))
            case .subtract: return Value.num(Numeric.subtract(p, q))
            case .multiply: return Value.num(p * q)
            case .divide: return q == 0 ? .error(.div0) : Value.num(p / q)
            default: return .error(.value)
            }
        case .aggregate(let f, let args):
            var numbers: [Double] = []
            for a in args {
                let values: [Value]
                if case .range(let x, let y) = a { values = cells(x, y) } else { values = [excel(a)] }
                for v in values {
                    switch v {
                    case .number(let x): numbers.append(x)
                    case .error: return v
                    default: break
                    }
                }
            }
            switch f {
            case .sum: return .number(numbers.reduce(0, Numeric.add))
            case .avg: return numbers.isEmpty ? .error(.div0) : .number(numbers.reduce(0, Numeric.add) / Double(numbers.count))
            case .min: return .number(numbers.min() ?? 0)
            case .max: return .number(numbers.max() ?? 0)
            default: return .error(.value)
            }
        }
    }

    /// Whether Excel's value is the cell's value: numbers within 1e-9 (relative), errors by code.
    static func matches(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
        case (.blank, .blank): return true
        case (.error(let x), .error(let y)): return x == y
        default: return false
        }
    }

    // MARK: Writing a formula

    /// Excel's text of a term, parenthesised where precedence needs it.
    static func text(_ term: Term, precedence: Int) -> String {
        switch term {
        case .number(let x):
            let s = ExcelWriter.Sheet.number(x)
            return x < 0 && precedence > 0 ? "(\(s))" : s
        case .ref(let r, let absolute):
            return absolute ? "$\(CellRef.columnName(r.column))$\(r.row)" : r.name
        case .range(let a, let b):
            return "\(a.name):\(b.name)"
        case .negate(let x):
            // Excel's unary minus binds tighter than ^; Chiso has no ^ here, so this is exact.
            let s = "-" + text(x, precedence: 3)
            return precedence > 1 ? "(\(s))" : s
        case .binary(let op, let a, let b):
            let p = op == .add || op == .subtract ? 1 : 2
            let s = text(a, precedence: p) + op.rawValue + text(b, precedence: p + 1)
            return p < precedence ? "(\(s))" : s
        case .aggregate(let f, let args):
            let name: String
            switch f {
            case .sum: name = "SUM"
            case .avg: name = "AVERAGE"
            case .min: name = "MIN"
            default: name = "MAX"
            }
            return name + "(" + args.map { text($0, precedence: 0) }.joined(separator: ",") + ")"
        }
    }
}

extension Code {
    /// A literal: a cell written as a number is data.
    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
