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
        for a in p.acrossTables { names += [a.name] + a.rows.map { "\(a.name).\($0.name)" } }
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
        guard !texts.isEmpty else {
            // A cell or row of an imported notebook: its definition where it is written.
            guard let id = node(named: name), evaluation.program.nodes[id].module != 0, let span = evaluation.program.nodes[id].definition
            else { return nil }
            let node = evaluation.program.nodes[id]
            let item: Report.Item
            if let t = node.table {
                item = .table(ReportBuilder.table(t, evaluation.evaluator, locale: locale, only: [id]))
            } else {
                item = ReportBuilder.scalar(id, evaluation.evaluator)
            }
            return ("# \(sources[span.source].name)\n" + sources[span.source].text(of: span), [item])
        }
        var definition = texts.map { $0.text(in: sources) }
        // A row inside a table block: show its own line rather than the whole block.
        if parts.count == 2, let id = node(named: name), let span = evaluation.program.nodes[id].definition {
            definition =
                [sources[span.source].text(of: span)]
                + texts.filter { if case .override = $0.key { true } else { false } }.map { $0.text(in: sources) }
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

    /// What `:why NAME[@P]` and `chiso why FILE NAME[@P]` answer.
    public enum WhyAnswer: Equatable, Sendable {
        case explanation(String)
        /// No cell or row has that name; the closest one, if any.
        case unknownName(String, suggestion: String?)
        case badPeriod(String)
        /// The period is not one of the row's table.
        case outsideRange(String, range: String)
        /// A period (or `@total`) was asked of a cell, which has one value.
        case notARow(String)
    }

    /// `:why NAME[@P]`: the formula behind a value and the values it reads, as a small
    /// tree: every value it read, from this period or another (`delta`, `x[-1]`, ranges,
    /// `ytd`, totals), and where an amended value came from; through imports
    /// (`du_thao.tt.bao_ht`). `@total` explains a row's total; a row without a period is
    /// explained in its last period, and a line says so, naming `command` (`:why ` in the
    /// REPL) as the way to ask for another.
    public func why(_ target: String, depth: Int = 3, command: String = ":why ") -> WhyAnswer {
        var name = target, at: String?
        if let sign = target.firstIndex(of: "@") {
            name = String(target[..<sign])
            at = String(target[target.index(after: sign)...])
        }
        let program = evaluation.program
        let id =
            node(named: name)
            ?? program.nodes.indices.first { program.nodes[$0].name == name && !program.nodes[$0].isCheck }
        guard let id, !program.nodes[id].isCheck else {
            let names = program.nodes.lazy.filter { !$0.isCheck && !$0.isPrivate && !$0.name.isEmpty }.map(\.name)
            return .unknownName(name, suggestion: Suggest.closest(to: name, in: names))
        }
        var index = 0
        var note: String?
        if let t = program.nodes[id].table {
            let range = program.tables[t].range
            if let at {
                if at.lowercased() == "total" {
                    index = range.count
                } else {
                    guard let period = Period.parse(at) else { return .badPeriod(at) }
                    guard let i = range.index(of: period) else {
                        return .outsideRange(period.description, range: range.description)
                    }
                    index = i
                }
            } else {
                index = range.count - 1
                note =
                    "(\(name) in its last period, \(range.last); \(command)\(name)@P explains another, \(command)\(name)@total its total)"
            }
        } else if at != nil {
            return .notARow(name)
        }
        var lines: [String] = []
        explain(id, index, prefix: "", childPrefix: "", depth: depth, into: &lines, seen: [])
        if let note { lines.append(note) }
        return .explanation(lines.joined(separator: "\n"))
    }

    /// The most values read that `:why` lists under one value.
    static let whyChildren = 12

    func explain(_ id: NodeID, _ i: Int, prefix: String, childPrefix: String, depth: Int, into lines: inout [String], seen: Set<NodeID>) {
        let p = evaluation.program
        let evaluator = evaluation.evaluator
        let node = p.nodes[id]
        var at = ""
        var formula = "data"
        if case .formula = node.body, let span = node.formula { formula = sources[span.source].text(of: span) }
        if case .row(let t) = node.kind {
            let range = p.tables[t].range
            if i < range.count {
                at = "@\(range[i])"
                if node.overrides[i] != nil { formula = "overridden at \(range[i])" }
            } else {
                at = "@total"
                if let agg = node.aggregation, agg != .sum || { if case .data = node.body { true } else { false } }() {
                    formula = "agg \(agg.rawValue) of the periods"
                } else if case .data = node.body {
                    formula = "the total of the periods"
                } else {
                    formula += "   (on the totals)"
                }
            }
        }
        // A value amended by an override, a `with` line or --set says where it came from.
        var period: Period?
        var isTotal = false
        if case .row(let t) = node.kind {
            let range = p.tables[t].range
            if i < range.count { period = range[i] } else { isTotal = true }
        }
        if !isTotal, let amended = Provenance.explanation(of: id, period: period, in: p, sources: sources) { formula = amended }
        let value = evaluator.cell(id, i)
        let shown = CellText.format(value, node.format, locale)
        var from = ""
        if node.module != 0 {
            let file = p.modules[node.module].file
            let last = { (path: String) in path.split(separator: "/").last.map(String.init) ?? path }
            if let f = node.formula, last(sources[f.source].name) != last(file) {
                from = "   (from a `with` in \(last(sources[f.source].name)), replacing \(file)'s)"
            } else {
                from = "   (from \(file))"
            }
        }
        lines.append("\(prefix)\(node.name)\(at) = \(shown.isEmpty ? "(blank)" : shown)   ← \(formula)\(from)")
        guard depth > 0, !seen.contains(id) else { return }
        // What the formula read, each cell once, in the order it read them.
        var reads: [(NodeID, Int)] = []
        var met = Set<Int>()
        // A formula's total reads the totals (computing them may look at the periods too).
        var onTotals = false
        if case .row(let t) = node.kind, case .formula = node.body, node.aggregation == nil, i == p.tables[t].range.count {
            onTotals = true
        }
        for (n, k) in evaluator.reads(of: id, i) {
            if onTotals, let t = p.nodes[n].table, k != p.tables[t].range.count { continue }
            if met.insert(n &* 1_000_003 &+ k).inserted { reads.append((n, k)) }
        }
        let listed = reads.prefix(Self.whyChildren)
        for (k, read) in listed.enumerated() {
            let last = k == listed.count - 1 && reads.count <= Self.whyChildren
            explain(
                read.0, read.1, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "),
                depth: depth - 1, into: &lines, seen: seen.union([id]))
        }
        if reads.count > Self.whyChildren { lines.append("\(childPrefix)└─ … and \(reads.count - Self.whyChildren) more values") }
    }

    func node(named name: String) -> NodeID? {
        let p = evaluation.program
        if let s = p.scalarByName[name] { return s }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let t = p.tableByName[parts[0]] { return p.tables[t].rowByName[parts[1]] }
        // A name of an imported notebook: `snv.ca_nam`, `snv.t.row`.
        for m in p.modules.dropFirst() where name.hasPrefix(m.prefix) {
            let rest = String(name.dropFirst(m.prefix.count))
            if let s = m.scalarByName[rest] ?? m.scalarByName[name] { return s }
            let pieces = rest.split(separator: ".", maxSplits: 1).map(String.init)
            if pieces.count == 2, let t = m.tableByName[pieces[0]] ?? m.tableByName[m.prefix + pieces[0]] {
                return p.tables[t].rowByName[pieces[1]]
            }
        }
        return nil
    }
}
