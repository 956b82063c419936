// MARK: - Looking at the session
//
// What the REPL's commands read: the whole report, names to complete, what a name is,
// `:show`, `:deps`, `:rdeps` and `:why`.

extension Session {
    /// The report of every definition, as `chiso run` would print it.
    public var report: Report { ReportBuilder.build(evaluation.evaluator, locale: locale) }

    /// Names to complete: cells, tables, `table.row`, functions (user, stdlib, built-in).
    public var completions: [String] {
        let p = evaluation.program
        var names = Array(p.scalarByName.keys) + Array(p.tableByName.keys)
        for t in p.tables { names += t.rowByName.keys.map { "\(t.name).\($0)" } }
        names += p.userFunctionByName.keys
        names += p.stdlibFunctionByName.keys
        names += Builtin.allCases.map(\.rawValue)
        return Array(Set(names)).sorted()
    }

    /// What a name is in the session.
    public enum NameKind: Equatable, Sendable {
        case cell
        /// A table, with its public rows by name, sorted.
        case table(rows: [String])
        /// `table.row`.
        case row
        /// The notebook's, the standard library's or a built-in.
        case function
    }

    /// What `name` is, for a command given another kind; nil when nothing has that name.
    public func kind(of name: String) -> NameKind? {
        let p = evaluation.program
        if p.scalarByName[name] != nil { return .cell }
        if let t = p.tableByName[name] {
            let rows = p.tables[t].rows.filter { !p.nodes[$0].isPrivate }.map { String(p.nodes[$0].name.dropFirst(name.count + 1)) }
            return .table(rows: rows.sorted())
        }
        if node(named: name) != nil { return .row }
        if p.userFunctionByName[name] != nil || p.stdlibFunctionByName[name] != nil || Builtin(rawValue: name) != nil { return .function }
        return nil
    }

    /// `:show NAME`: how it is defined (the text as written) and its value.
    public func show(_ name: String) -> (definition: String, value: [Report.Item])? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let texts = entries.filter { e in
            switch e.key {
            case .top(let n), .function(let n): return n == name || (parts.count == 2 && n == parts[0] && e.key == .top(n))
            case .row(let t, let r), .override(let t, let r, _): return parts.count == 2 ? (t == parts[0] && r == parts[1]) : t == name
            default: return false
            }
        }
        guard !texts.isEmpty else { return nil }
        var definition = texts.map(\.text)
        // A row inside a table block: show its own line rather than the whole block.
        if parts.count == 2, let id = node(named: name), let span = evaluation.program.nodes[id].definition {
            definition =
                [sources[span.source].text(of: span)] + texts.filter { if case .override = $0.key { true } else { false } }.map(\.text)
        }
        return (definition.joined(separator: "\n"), items(shown: [name]))
    }

    /// `:deps NAME`: the cells and rows it reads directly.
    public func dependencies(of name: String) -> [String]? {
        guard let id = node(named: name) else { return nil }
        let p = evaluation.program
        return Array(Set(p.nodes[id].dependencies.map { p.nodes[$0.node].name })).sorted()
    }

    /// `:rdeps NAME`: the cells and rows that read it directly.
    public func dependents(of name: String) -> [String]? {
        guard let id = node(named: name) else { return nil }
        let p = evaluation.program
        var out = Set<String>()
        for node in p.nodes where node.dependencies.contains(where: { $0.node == id }) {
            if case .check = node.kind {
                out.insert("check (\(sources[node.span.source].name):\(sources[node.span.source].location(of: node.span.start).line))")
            } else {
                out.insert(node.name)
            }
        }
        return out.sorted()
    }

    /// `:why NAME[@P]`: the formula behind a value and the values it reads, as a small tree.
    public func why(_ target: String, depth: Int = 3) -> String? {
        var name = target, period: Period?
        if let at = target.firstIndex(of: "@") {
            name = String(target[..<at])
            guard let p = Period.parse(String(target[target.index(after: at)...])) else { return nil }
            period = p
        }
        guard let id = node(named: name) else { return nil }
        var lines: [String] = []
        explain(id, period: period, prefix: "", childPrefix: "", depth: depth, into: &lines, seen: [])
        return lines.joined(separator: "\n")
    }

    func explain(
        _ id: NodeID, period: Period?, prefix: String, childPrefix: String, depth: Int, into lines: inout [String], seen: Set<NodeID>
    ) {
        let p = evaluation.program
        let node = p.nodes[id]
        let value: Value
        var at = ""
        switch node.kind {
        case .row(let t):
            let range = p.tables[t].range
            let period = period ?? range.last
            at = "@\(period)"
            if let i = range.index(of: period) { value = evaluation.evaluator.cell(id, i) } else { value = .blank }
        default:
            value = evaluation.evaluator.value(of: id)
        }
        var formula = "data"
        if case .formula = node.body, let span = node.formula {
            formula = sources[span.source].text(of: span)
        }
        if case .row(let t) = node.kind, let pp = period ?? Optional(p.tables[t].range.last), let i = p.tables[t].range.index(of: pp),
            node.overrides[i] != nil
        {
            formula = "overridden at \(pp)"
        }
        if let amended = Provenance.explanation(of: id, period: period, in: p, sources: sources) { formula = amended }
        let shown = CellText.format(value, node.format, locale)
        lines.append("\(prefix)\(node.name)\(at) = \(shown.isEmpty ? "(blank)" : shown)   ← \(formula)")
        guard depth > 0, !seen.contains(id) else { return }
        var deps: [Dependency] = []
        for d in node.dependencies where !deps.contains(where: { $0.node == d.node }) { deps.append(d) }
        for (k, d) in deps.enumerated() {
            let last = k == deps.count - 1
            let childPeriod: Period? = d.shifted ? nil : period
            if d.shifted {
                lines.append("\(childPrefix)\(last ? "└─ " : "├─ ")\(p.nodes[d.node].name) (other periods)")
                continue
            }
            explain(
                d.node, period: childPeriod, prefix: childPrefix + (last ? "└─ " : "├─ "),
                childPrefix: childPrefix + (last ? "   " : "│  "),
                depth: depth - 1, into: &lines, seen: seen.union([id]))
        }
    }

    func node(named name: String) -> NodeID? {
        let p = evaluation.program
        if let s = p.scalarByName[name] { return s }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let t = p.tableByName[parts[0]] { return p.tables[t].rowByName[parts[1]] }
        return nil
    }
}
