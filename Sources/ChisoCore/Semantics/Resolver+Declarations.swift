// MARK: - Resolver: declarations
//
// Every name of every module is declared before any formula is compiled, so a formula
// may read a name defined below it. In a module: cells, functions and tables (with
// their rows) in source order, then what is written outside its table's block
// (`t.row = …`), then the checks outside tables, then the overrides (once every row is
// known). A name defined twice is reported with both places.

extension Resolver {
    /// Periods one table may have.
    static let maxPeriods = 10_000
    /// Cells all tables together may have (imports included).
    static let maxCells = 10_000_000

    mutating func declareStdlib(_ tree: SyntaxTree) {
        for statement in tree.statements {
            guard case .function(let f) = statement else {
                report(.error(.syntax, "the standard library holds only functions", at: statement.span))
                continue
            }
            if let existing = program.stdlibFunctionByName[f.name.text] {
                duplicate(f.name, previous: program.functions[existing].span, what: "function")
                continue
            }
            program.stdlibFunctionByName[f.name.text] = addFunction(f, stdlib: true)
        }
    }

    /// Declares the names of the module being declared (`dataRows`: the rows its tables
    /// read from data files).
    mutating func declare(_ tree: SyntaxTree, dataRows: [String: [TableDecl.Item]] = [:]) {
        brokenNames.formUnion(tree.brokenNames.map { prefix + $0 })
        topLevelSpans.reserveCapacity(tree.statements.count)
        program.modules[current].scalarByName.reserveCapacity(tree.statements.count)
        reserveNodes(for: tree, dataRows: dataRows)
        var outside: [(Name, TableDecl.Item)] = []
        var checks: [CheckDecl] = []
        var localeSpan: SourceSpan?
        for statement in tree.statements {
            switch statement {
            case .heading(let text, _):
                if current == 0 { program.output.append(.heading(text)) }
            case .use:
                continue
            case .locale(let locale, let span):
                if let first = localeSpan {
                    report(.error(.name, "the locale is set twice", at: span, notes: [.init(span: first, message: "first set here")]))
                } else {
                    localeSpan = span
                    if current == 0 { program.locale = locale }
                }
            case .cell(let c):
                guard claimTopLevel(c.name, what: "cell") else { continue }
                let id = addNode(
                    Node(
                        kind: .scalar, name: prefix + c.name.text, label: c.label, span: c.name.span, definition: c.span,
                        body: .formula(.constant(.blank))),
                    .scalar(c), c.format?.format)
                program.modules[current].scalarByName[c.name.text] = id
                if current == 0, !program.nodes[id].isPrivate { program.output.append(.scalar(id)) }
            case .function(let f):
                if Builtin(rawValue: f.name.text) != nil {
                    report(
                        .error(
                            .name, "'\(f.name.text)' is a built-in function and cannot be redefined", at: f.name.span,
                            help: "choose another name"))
                    continue
                }
                if let existing = program.modules[current].userFunctionByName[f.name.text] {
                    duplicate(f.name, previous: program.functions[existing].span, what: "function")
                    continue
                }
                program.modules[current].userFunctionByName[f.name.text] = addFunction(f, stdlib: false)
            case .table(let t):
                guard claimTopLevel(t.name, what: "table") else { continue }
                // Rows from its data file come first, then the rows written in the block.
                if let rows = dataRows[t.name.text] {
                    var table = t
                    table.items = rows + t.items
                    declareTable(table)
                } else {
                    declareTable(t)
                }
            case .tableItem(let table, let item):
                outside.append((table, item))
            case .check(let c):
                checks.append(c)
            case .across(let a):
                declareAcross(a)
            case .paragraph(let p):
                if current == 0 { declareParagraph(p) }
            case .chart(let c):
                if current == 0 { declareChart(c) }
            }
        }
        for (tableName, item) in outside {
            guard let t = program.modules[current].tableByName[tableName.text] else {
                if brokenNames.contains(prefix + tableName.text) { continue }
                let help = suggestion(for: tableName.text, at: tableName.span, in: program.modules[current].tableByName.keys)
                report(.error(.name, "unknown table '\(tableName.text)'", at: tableName.span, help: help))
                continue
            }
            declareItem(item, in: t)
        }
        for c in checks {
            _ = addNode(
                Node(
                    kind: .check(table: nil), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)),
                    message: c.message), .check(c), nil)
        }
        // This module's overrides, once: the list is shared by the modules declared in turn.
        for (t, o) in overrideDecls { declareOverride(o, in: t) }
        overrideDecls.removeAll()
    }

    /// Room for the nodes this module declares (a cell, each row and check of a table),
    /// made once: a large notebook's nodes are many and large, and an array grown by
    /// doubling copies them again and again, into fresh pages each time.
    private mutating func reserveNodes(for tree: SyntaxTree, dataRows: [String: [TableDecl.Item]]) {
        var count = 0
        for statement in tree.statements {
            switch statement {
            case .cell, .tableItem, .check: count += 1
            case .table(let t): count += t.items.count + (dataRows[t.name.text]?.count ?? 0)
            default: break
            }
        }
        let total = program.nodes.count + count
        program.nodes.reserveCapacity(total)
        pending.reserveCapacity(total)
        explicitFormat.reserveCapacity(total)
    }

    private mutating func declareTable(_ t: TableDecl) {
        guard let range = PeriodRange(t.first, t.last) else {
            let why =
                t.first.granularity != t.last.granularity
                ? "the periods \(t.first) and \(t.last) are of different kinds"
                : "the range \(t.first)..\(t.last) runs backwards"
            report(.error(.syntax, why, at: t.rangeSpan, help: "write the first period, '..', then the last, for example 2018Q1..2019Q1"))
            return
        }
        if range.count > Self.maxPeriods {
            report(
                .error(
                    .syntax, "the range \(t.first)..\(t.last) has \(range.count) periods, more than \(Self.maxPeriods)", at: t.rangeSpan,
                    help: "a table holds at most \(Self.maxPeriods) periods: split it, or use longer periods (quarters or years)"))
            brokenNames.insert(prefix + t.name.text)
            return
        }
        let rows = t.items.reduce(0) { n, item in if case .override = item { n } else { n + 1 } }
        if cellCount + rows * (range.count + 1) > Self.maxCells {
            report(
                .error(
                    .syntax,
                    "the table '\(t.name.text)' would bring the notebook to \(cellCount + rows * (range.count + 1)) cells, more than \(Self.maxCells)",
                    at: t.rangeSpan,
                    help: "a notebook holds at most \(Self.maxCells) cells (rows × periods): split it into several notebooks"))
            brokenNames.insert(prefix + t.name.text)
            return
        }
        let index = program.tables.count
        program.tables.append(
            Table(
                name: prefix + t.name.text, module: current, label: t.label, range: range, hasTotal: t.hasTotal, totalLabel: t.totalLabel,
                span: t.name.span, trend: t.trend))
        program.tables[index].subtotals = t.subtotals != nil && range.granularity != .year
        program.tables[index].rows.reserveCapacity(rows)
        program.tables[index].rowByName.reserveCapacity(rows)
        checkSubtotals(t, range)
        program.modules[current].tableByName[t.name.text] = index
        if current == 0 { program.output.append(.table(index)) }
        for item in t.items { declareItem(item, in: index) }
    }

    /// `table.row`, made at its size in one step.
    static func dotted(_ a: String, _ b: String) -> String {
        var a = a, b = b
        let count = a.utf8.count + 1 + b.utf8.count
        return a.withUTF8 { x in
            b.withUTF8 { y in
                String(unsafeUninitializedCapacity: count) { out in
                    _ = out.initialize(fromContentsOf: x)
                    out[x.count] = UInt8(ascii: ".")
                    _ = UnsafeMutableBufferPointer(rebasing: out[(x.count + 1)...]).initialize(fromContentsOf: y)
                    return count
                }
            }
        }
    }

    mutating func declareItem(_ item: TableDecl.Item, in t: Int) {
        if case .override = item {
        } else {
            // A table's own rows were counted with it; rows added after it may not pass the cap.
            let cells = program.range(ofTable: t).count + 1
            guard cellCount + cells <= Self.maxCells else {
                let span: SourceSpan
                switch item {
                case .row(let r): span = r.name.span
                case .check(let c): span = c.condition.span
                case .override(let o): span = o.row.span
                }
                report(
                    .error(
                        .syntax, "this row would bring the notebook to more than \(Self.maxCells) cells", at: span,
                        help: "a notebook holds at most \(Self.maxCells) cells (rows × periods): split it into several notebooks"))
                return
            }
            cellCount += cells
        }
        switch item {
        case .row(let row):
            let tableName = program.name(ofTable: t)
            // Claimed with one look-up: the node's place is known before it is added.
            let id = program.nodes.count
            if let existing = program.tables[t].rowByName.updateValue(id, forKey: row.name.text) {
                program.tables[t].rowByName[row.name.text] = existing
                duplicate(row.name, previous: program.nodes[existing].span, what: "row of table '\(tableName)'")
                return
            }
            let name = Self.dotted(tableName, row.name.text)
            var node = Node(
                kind: .row(table: t), name: name, label: row.label, span: row.name.span, definition: row.span, body: .data([]))
            node.aggregation = row.aggregation
            addNode(consume node, .row(row), row.format?.format)
            program.tables[t].rows.append(id)
        case .override(let o):
            overrideDecls.append((t, o))
        case .check(let c):
            _ = addNode(
                Node(
                    kind: .check(table: t), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)),
                    message: c.message), .check(c), nil)
        }
    }

    private mutating func declareOverride(_ o: OverrideDecl, in t: Int) {
        let table = program.tables[t]
        guard let row = table.rowByName[o.row.text] else {
            let help = suggestion(for: o.row.text, at: o.row.span, in: table.rowByName.keys)
            report(.error(.name, "table '\(table.name)' has no row '\(o.row.text)'", at: o.row.span, help: help))
            return
        }
        guard let i = table.range.index(of: o.period) else {
            report(
                .error(.name, "\(o.period) is outside the periods of table '\(table.name)' (\(table.range.description))", at: o.periodSpan))
            return
        }
        if program.nodes[row].overrides[i] != nil {
            let notes = overrideSpans[row]?[i].map { [Diagnostic.Note(span: $0, message: "first overridden here")] } ?? []
            report(.error(.name, "the cell \(o.row.text)@\(o.period) is overridden twice", at: o.span, notes: notes))
            return
        }
        overrideSpans[row, default: [:]][i] = o.span
        // Compiled with the row's other code; kept here as a placeholder with its syntax.
        overrideSyntax[row, default: [:]][i] = o.body
        program.nodes[row].overrides[i] = .constant(.blank)
    }

    /// Adds `node` (taken, not copied: a node is large) and returns its id.
    @discardableResult
    mutating func addNode(_ node: consuming Node, _ source: consuming Pending, _ format: DisplayFormat?) -> NodeID {
        node.module = current
        declaredValues += node.table.map { program.range(ofTable: $0).count + 1 } ?? 1
        program.nodes.append(consume node)
        pending.append(consume source)
        explicitFormat.append(format)
        return program.nodes.count - 1
    }

    private mutating func addFunction(_ f: FunctionDecl, stdlib: Bool) -> Int {
        if !stdlib { declaredValues += 1 }
        var seen: [String: SourceSpan] = [:]
        for p in f.parameters {
            if let first = seen[p.text] {
                report(
                    .error(
                        .name, "the parameter '\(p.text)' is named twice", at: p.span,
                        notes: [.init(span: first, message: "first named here")]))
            }
            seen[p.text] = p.span
        }
        program.functions.append(
            Function(
                name: f.name.text, parameters: f.parameters.map(\.text), body: .constant(.blank),
                format: f.format?.format, span: f.name.span,
                parameterReadUnshifted: Array(repeating: false, count: f.parameters.count),
                dependencies: [], fromStdlib: stdlib, module: current))
        program.functions[program.functions.count - 1].definition = f.span
        functionDecls.append(f)
        return program.functions.count - 1
    }

    /// Scalars and tables share one namespace.
    mutating func claimTopLevel(_ name: Name, what: String) -> Bool {
        // Claimed with one look-up; a name defined already keeps its first place.
        let key = prefix + name.text
        if let previous = topLevelSpans.updateValue(name.span, forKey: key) {
            topLevelSpans[key] = previous
            duplicate(name, previous: previous, what: what)
            return false
        }
        return true
    }

    private mutating func duplicate(_ name: Name, previous: SourceSpan, what: String) {
        report(
            .error(
                .name, "'\(name.text)' is defined twice", at: name.span,
                help: "rename one of them or delete one", notes: [.init(span: previous, message: "first defined here")]))
    }
}
