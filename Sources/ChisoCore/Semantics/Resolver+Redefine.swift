// MARK: - Resolver: changing one definition
//
// A session's input that adds or replaces one cell, row, override or check is compiled
// into the program in place (a whole table or function too: Resolver+RedefineBlock);
// anything else (a change of kind, a name some formula waited for) is left to a full
// rebuild.

extension Resolver {
    /// What `redefine` did.
    enum Redefinition {
        /// Not a change this path handles (a change of kind, a name some formula waited
        /// for, …): rebuild.
        case notHandled
        /// Refused; nothing changed.
        case refused([Diagnostic])
        /// These nodes were added or recompiled (their values must be computed again, with
        /// everything that reads them). `warnings`: what compiling the new definition
        /// reports, as a fresh run of the notebook would; `replaced`: the places of the
        /// definitions it replaces (their warnings are gone).
        case changed([NodeID], warnings: [Diagnostic] = [], replaced: [SourceSpan] = [])
    }

    /// Adds or replaces one cell, row, override or check, or replaces a whole table
    /// (`old`: its definition so far) or function, in place, after checking that it
    /// compiles and makes no cycle; when it does not, nothing changes. `readers` gives
    /// who reads a node (for the cycles a change could close).
    mutating func redefine(
        _ statement: Statement, replacing old: Statement? = nil, readers: (NodeID) -> [NodeID] = { _ in [] },
        callers: ((Set<Int>) -> [NodeID])? = nil
    ) -> Redefinition {
        let mark = diagnostics.count
        let nodeCount = program.nodes.count
        var result: Redefinition
        var replaced: [SourceSpan] = []
        switch statement {
        case .cell(let c):
            if let id = program.scalarByName[c.name.text] {
                replaced = program.nodes[id].definition.map { [$0] } ?? []
                result = replace(id, with: .scalar(c), format: c.format?.format) {
                    $0.label = c.label
                    $0.span = c.name.span
                    $0.definition = c.span
                }
            } else if topLevelSpans[c.name.text] != nil || waiting(on: c.name.text) {
                result = .notHandled
            } else {
                // Compiled before it is declared: a new cell cannot read itself.
                let id = program.nodes.count
                let node = Node(
                    kind: .scalar, name: c.name.text, label: c.label, span: c.name.span, definition: c.span,
                    body: .formula(.constant(.blank)))
                _ = addNode(node, .scalar(c), c.format?.format)
                compileNode(id)
                if errors(since: mark) {
                    result = .refused(Array(diagnostics[mark...]))
                } else {
                    program.modules[0].scalarByName[c.name.text] = id
                    topLevelSpans[c.name.text] = c.name.span
                    if !program.nodes[id].isPrivate { program.output.append(.scalar(id)) }
                    result = .changed([id])
                }
            }
        case .tableItem(let tableName, .row(let r)):
            guard let t = program.tableByName[tableName.text], !waiting(on: "\(tableName.text).\(r.name.text)") else { return .notHandled }
            if let id = program.tables[t].rowByName[r.name.text] {
                replaced = program.nodes[id].definition.map { [$0] } ?? []
                result = replace(id, with: .row(r), format: r.format?.format) {
                    $0.label = r.label
                    $0.span = r.name.span
                    $0.definition = r.span
                    $0.aggregation = r.aggregation
                }
            } else {
                // Declared before it is compiled: a new row may read itself at [-1].
                let id = program.nodes.count
                declareItem(.row(r), in: t)
                compileNode(id)
                if let refusal = problems(since: mark, node: id) {
                    program.tables[t].rows.removeLast()
                    program.tables[t].rowByName[r.name.text] = nil
                    result = .refused(refusal)
                } else {
                    result = .changed([id])
                }
            }
        case .tableItem(let tableName, .override(let o)):
            guard let t = program.tableByName[tableName.text], let id = program.tables[t].rowByName[o.row.text],
                let i = program.tables[t].range.index(of: o.period)
            else { return .notHandled }
            let saved = (program.nodes[id], overrideSyntax[id])
            overrideSyntax[id, default: [:]][i] = o.body
            program.nodes[id].overrides[i] = .constant(.blank)
            compileNode(id)
            if let refusal = problems(since: mark, node: id) {
                (program.nodes[id], overrideSyntax[id]) = saved
                result = .refused(refusal)
            } else {
                result = .changed([id])
            }
        case .check(let c):
            let id = program.nodes.count
            _ = addNode(
                Node(
                    kind: .check(table: nil), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)),
                    message: c.message), .check(c), nil)
            compileNode(id)
            result = errors(since: mark) ? .refused(Array(diagnostics[mark...])) : .changed([id])
        case .table(let t):
            guard case .table(let before) = old else { return .notHandled }
            result = redefineTable(t, old: before, readers: readers)
        case .function(let f):
            result = redefineFunction(f, readers: readers, callers: callers)
        default:
            return .notHandled
        }
        switch result {
        case .refused:
            // Take back any node this input added.
            while program.nodes.count > nodeCount {
                program.nodes.removeLast()
                pending.removeLast()
                explicitFormat.removeLast()
            }
        case .changed(let ids, let warnings, let places) where warnings.isEmpty && places.isEmpty:
            // A cell, row, override or check: what compiling it warned about.
            result = .changed(ids, warnings: diagnostics[mark...].filter { $0.severity != .error }, replaced: replaced)
        default:
            break
        }
        diagnostics.removeSubrange(mark...)
        return result
    }

    /// Replaces an existing node's definition, keeping the old one when the new one is refused.
    private mutating func replace(_ id: NodeID, with source: Pending, format: DisplayFormat?, update: (inout Node) -> Void) -> Redefinition
    {
        let mark = diagnostics.count
        let saved = (program.nodes[id], pending[id], explicitFormat[id])
        pending[id] = source
        explicitFormat[id] = format
        update(&program.nodes[id])
        program.nodes[id].onCycle = false
        compileNode(id)
        if let refusal = problems(since: mark, node: id) {
            (program.nodes[id], pending[id], explicitFormat[id]) = saved
            return .refused(refusal)
        }
        return .changed([id])
    }

    /// Whether an error was reported since `mark` (a warning does not refuse an input).
    private func errors(since mark: Int) -> Bool {
        diagnostics[mark...].contains { $0.severity == .error }
    }

    /// Errors since `mark`, or a cycle the node's new references would close.
    private func problems(since mark: Int, node id: NodeID) -> [Diagnostic]? {
        if errors(since: mark) { return Array(diagnostics[mark...].filter { $0.severity == .error }) }
        guard let path = Graph.loop(from: id, in: program) else { return nil }
        let names = path.map { program.nodes[$0].name }
        return [
            .error(
                .cycle, "cycle: \(names.joined(separator: " -> "))", at: program.nodes[id].span,
                help: "these cells depend on each other; break the loop")
        ]
    }

    /// Whether some node was compiled while `name` was unknown (a deleted or broken definition):
    /// defining it must recompile that node too, which a full rebuild does.
    func waiting(on name: String) -> Bool {
        brokenNames.contains(name) || unresolvedNames.contains(name)
    }
}
