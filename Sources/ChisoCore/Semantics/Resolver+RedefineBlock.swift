// MARK: - Resolver: a whole table or function changed in place
//
// A session's input that redefines a whole table or a function is compiled into the
// program in place, as one cell is (Resolver+Redefine): a table keeps the nodes of the
// rows it keeps (so what reads them stays compiled), gets new nodes for new rows, and
// lets go of the rows it drops; a function is compiled again with every node that calls
// it. Only those nodes and what reads them are computed again. What a rebuild would
// refuse or report differently is left to the rebuild: a table read from a data file,
// with checks or overrides in its block, whose periods change kind, that drops a row
// something else reads; a new function, or one a formula waited for.

extension Resolver {
    /// Replaces table `old` with `new` (same name) in place; `readers` gives who reads a node.
    mutating func redefineTable(_ new: TableDecl, old: TableDecl, readers: (NodeID) -> [NodeID]) -> Redefinition {
        guard current == 0, let t = program.tableByName[new.name.text], new.source == nil, old.source == nil,
            let range = PeriodRange(new.first, new.last), range.count <= Self.maxPeriods,
            range.granularity == program.tables[t].range.granularity, (new.subtotals == nil) == (old.subtotals == nil),
            new.trend == old.trend
        else { return .notHandled }
        let isRow: (TableDecl.Item) -> Bool = { if case .row = $0 { true } else { false } }
        guard new.items.allSatisfy(isRow), old.items.allSatisfy(isRow) else { return .notHandled }
        let newRows = new.items.compactMap { if case .row(let r) = $0 { r } else { nil } }
        let blockNames = Set(newRows.map(\.name.text))
        guard blockNames.count == newRows.count else { return .notHandled }
        let oldBlock = Set(old.items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } })
        let table = program.tables[t]
        let prefix = table.name + "."
        func short(_ id: NodeID) -> String { String(program.nodes[id].name.dropFirst(prefix.count)) }
        // Rows written outside the block stay (unless the block now defines them).
        let outside = table.rows.filter { !oldBlock.contains(short($0)) && !blockNames.contains(short($0)) }
        let dropped = table.rows.filter { oldBlock.contains(short($0)) && !blockNames.contains(short($0)) }
        let kept = Set(table.rows)
        for id in dropped {
            // Something else reads a dropped row (the rebuild refuses that), or it has
            // cells written for it outside the block.
            if readers(id).contains(where: { !kept.contains($0) }) || overrideSyntax[id] != nil { return .notHandled }
        }
        for r in newRows where table.rowByName[r.name.text] == nil {
            if waiting(on: "\(table.name).\(r.name.text)") { return .notHandled }
        }
        // Cells written for a row are kept by period index: only while the periods stay.
        if range != table.range, table.rows.contains(where: { overrideSyntax[$0] != nil }) { return .notHandled }

        let mark = diagnostics.count
        // Problems the rows written outside the block have now are not this input's.
        for id in outside { compileNode(id) }
        let known = Set(diagnostics[mark...].map(Self.key))
        diagnostics.removeSubrange(mark...)
        let saved = (table, cellCount, declaredValues, topLevelSpans[new.name.text])
        let savedNodes = table.rows.map { (program.nodes[$0], pending[$0], explicitFormat[$0]) }
        program.tables[t].label = new.label
        program.tables[t].range = range
        program.tables[t].hasTotal = new.hasTotal
        program.tables[t].totalLabel = new.totalLabel
        program.tables[t].span = new.name.span
        program.tables[t].rows = []
        program.tables[t].rowByName = [:]
        topLevelSpans[new.name.text] = new.name.span
        cellCount -= table.rows.count * (table.range.count + 1)
        var compiled: [NodeID] = []
        for r in newRows {
            if let id = table.rowByName[r.name.text] {
                pending[id] = .row(r)
                explicitFormat[id] = r.format?.format
                program.nodes[id].label = r.label
                program.nodes[id].span = r.name.span
                program.nodes[id].definition = r.span
                program.nodes[id].aggregation = r.aggregation
                program.nodes[id].onCycle = false
                program.tables[t].rows.append(id)
                program.tables[t].rowByName[r.name.text] = id
                cellCount += range.count + 1
                compiled.append(id)
            } else {
                let count = program.tables[t].rows.count
                declareItem(.row(r), in: t)
                if program.tables[t].rows.count > count { compiled.append(program.tables[t].rows[count]) }
            }
        }
        for id in outside {
            program.tables[t].rows.append(id)
            program.tables[t].rowByName[short(id)] = id
            cellCount += range.count + 1
            compiled.append(id)
        }
        for id in compiled { compileNode(id) }
        checkSubtotals(new, range)
        let errors = diagnostics[mark...].filter { $0.severity == .error && !known.contains(Self.key($0)) }
        if let problems = errors.isEmpty ? cycle(through: compiled, readers: readers) : Array(errors) {
            (program.tables[t], cellCount, declaredValues, topLevelSpans[new.name.text]) = saved
            for (k, id) in table.rows.enumerated() { (program.nodes[id], pending[id], explicitFormat[id]) = savedNodes[k] }
            return .refused(problems)
        }
        // A dropped row reads nothing and is read by nothing: it is no longer printed, and
        // has no name (no search by name finds it) until a rebuild lets go of it.
        for id in dropped {
            program.nodes[id].name = ""
            program.nodes[id].label = nil
            program.nodes[id].body = .formula(.constant(.error(.name)))
            program.nodes[id].dependencies = []
            program.nodes[id].overrides = [:]
        }
        let warnings = diagnostics[mark...].filter { $0.severity != .error && !known.contains(Self.key($0)) }
        return .changed(compiled + dropped, warnings: warnings, replaced: [old.span])
    }

    /// Replaces the notebook's function of `f`'s name in place and compiles again every node
    /// that calls it (directly or through other functions).
    /// `callers`, when given, gives the nodes that call one of some functions directly (in
    /// order); without it every node's code is searched.
    mutating func redefineFunction(_ f: FunctionDecl, readers: (NodeID) -> [NodeID], callers callerIndex: ((Set<Int>) -> [NodeID])? = nil)
        -> Redefinition
    {
        guard current == 0, let index = program.userFunctionByName[f.name.text], Set(f.parameters.map(\.text)).count == f.parameters.count
        else { return .notHandled }
        let mark = diagnostics.count
        let savedFunctions = program.functions, savedDecls = functionDecls
        let replaced = functionDecls[index].span
        // The problems the functions have now: those they have after the change and not
        // now are the change's (in this function, or in one that calls it).
        compileFunctions()
        let known = Set(diagnostics[mark...].map(Self.key))
        diagnostics.removeSubrange(mark...)
        functionDecls[index] = f
        program.functions[index].parameters = f.parameters.map(\.text)
        program.functions[index].parameterReadUnshifted = Array(repeating: false, count: f.parameters.count)
        program.functions[index].dependencies = []
        program.functions[index].usesPeriod = false
        program.functions[index].format = f.format?.format
        program.functions[index].span = f.name.span
        program.functions[index].definition = f.span
        compileFunctions()
        var problems = diagnostics[mark...].filter { $0.severity == .error && !known.contains(Self.key($0)) }
        var warnings = diagnostics[mark...].filter { $0.severity != .error && !known.contains(Self.key($0)) }
        diagnostics.removeSubrange(mark...)
        // The functions that call it, then the nodes that call any of them.
        var affected: Set<Int> = [index]
        var grew = true
        while grew {
            grew = false
            for (i, fn) in program.functions.enumerated() where !affected.contains(i) && fn.body.calls(any: affected) {
                affected.insert(i)
                grew = true
            }
        }
        var callers: [NodeID] = callerIndex?(affected) ?? []
        if callerIndex == nil {
            for (id, node) in program.nodes.enumerated() {
                var calls = false
                if case .formula(let code) = node.body, code.calls(any: affected) { calls = true }
                if !calls, node.overrides.values.contains(where: { $0.calls(any: affected) }) { calls = true }
                if calls { callers.append(id) }
            }
        }
        let savedNodes = callers.map { program.nodes[$0] }
        if problems.isEmpty {
            for id in callers { compileNode(id) }
            problems = Array(diagnostics[mark...].filter { $0.severity == .error })
            warnings += diagnostics[mark...].filter { $0.severity != .error }
        }
        if problems.isEmpty, let loop = cycle(through: callers, readers: readers) { problems = loop }
        guard problems.isEmpty else {
            diagnostics.removeSubrange(mark...)
            program.functions = savedFunctions
            functionDecls = savedDecls
            for (k, id) in callers.enumerated() { program.nodes[id] = savedNodes[k] }
            return .refused(problems)
        }
        return .changed(callers, warnings: warnings, replaced: [replaced])
    }

    /// A diagnostic by what it says and where (to tell the problems an input brought).
    static func key(_ d: Diagnostic) -> String {
        "\(d.message)|\(d.span.map { "\($0.source.raw):\($0.start)" } ?? "")"
    }

    /// A cycle of unshifted reads through one of `ids` (after they were compiled again), as
    /// the diagnostic a rebuild gives; nil when there is none. Every node of such a cycle
    /// reads one of `ids`, so only they and their readers are searched.
    func cycle(through ids: [NodeID], readers: (NodeID) -> [NodeID]) -> [Diagnostic]? {
        var seen = Set(ids), queue = ids
        while let v = queue.popLast() {
            for r in readers(v) where seen.insert(r).inserted { queue.append(r) }
        }
        for component in Graph.components(of: Array(seen), in: program) {
            let first = component[0]
            guard component.count > 1 || program.nodes[first].dependencies.contains(where: { $0.node == first && !$0.shifted }) else {
                continue
            }
            guard let loop = Graph.hardCycles(in: component, program: program).first else { continue }
            let names = loop.map { program.nodes[$0].name }
            return [
                .error(
                    .cycle, "cycle: \(names.joined(separator: " -> "))", at: program.nodes[loop[0]].span,
                    help: "these cells depend on each other; break the loop")
            ]
        }
        return nil
    }
}

extension Code {
    /// Whether the code calls one of the functions `functions` (by index).
    func calls(any functions: Set<Int>) -> Bool {
        switch self {
        case .constant, .scalar, .row, .rows, .parameter: false
        case .offset(let a, let b): a.calls(any: functions) || b.calls(any: functions)
        case .at(let a, let b, let c): a.calls(any: functions) || b.calls(any: functions) || (c?.calls(any: functions) ?? false)
        case .unary(_, let a): a.calls(any: functions)
        case .binary(_, let a, let b): a.calls(any: functions) || b.calls(any: functions)
        case .ifThenElse(let a, let b, let c): a.calls(any: functions) || b.calls(any: functions) || c.calls(any: functions)
        case .builtin(_, let args): args.contains { $0.calls(any: functions) }
        case .call(let f, let args): functions.contains(f) || args.contains { $0.calls(any: functions) }
        }
    }

    /// Adds the functions the code calls (by index) to `functions`.
    func collectCalls(into functions: inout Set<Int>) {
        switch self {
        case .constant, .scalar, .row, .rows, .parameter: return
        case .offset(let a, let b):
            a.collectCalls(into: &functions)
            b.collectCalls(into: &functions)
        case .at(let a, let b, let c):
            a.collectCalls(into: &functions)
            b.collectCalls(into: &functions)
            c?.collectCalls(into: &functions)
        case .unary(_, let a): a.collectCalls(into: &functions)
        case .binary(_, let a, let b):
            a.collectCalls(into: &functions)
            b.collectCalls(into: &functions)
        case .ifThenElse(let a, let b, let c):
            a.collectCalls(into: &functions)
            b.collectCalls(into: &functions)
            c.collectCalls(into: &functions)
        case .builtin(_, let args): for a in args { a.collectCalls(into: &functions) }
        case .call(let f, let args):
            functions.insert(f)
            for a in args { a.collectCalls(into: &functions) }
        }
    }
}
