// MARK: - What an input shows
//
// The values an input defined (cells, whole tables, rows under their table) and the
// values elsewhere it changed, as report items.

extension Session {
    /// What an input shows: cells and whole tables by name, rows as `t.r`.
    func items(shown: [String]) -> [Report.Item] {
        let program = evaluation.program
        var out: [Report.Item] = []
        var rowsByTable: [Int: Set<NodeID>] = [:]
        for name in shown {
            if let at = name.firstIndex(of: "@"), let id = node(named: String(name[..<at])), let t = program.nodes[id].table,
                let period = Period.parse(String(name[name.index(after: at)...])), let i = program.tables[t].range.index(of: period)
            {
                // One cell of a row.
                let node = program.nodes[id]
                out.append(.scalars([Report.Scalar(name: name, label: nil, value: evaluation.evaluator.cell(id, i), format: node.format)]))
            } else if let id = program.scalarByName[name] {
                if !program.nodes[id].isPrivate { out.append(ReportBuilder.scalar(id, evaluation.evaluator)) }
            } else if let t = program.tableByName[name] {
                out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale)))
            } else if let a = program.acrossTables.firstIndex(where: { $0.name == name }) {
                out.append(.across(ReportBuilder.acrossTable(a, evaluation.evaluator, locale: locale)))
            } else if let id = node(named: name), let t = program.nodes[id].table {
                rowsByTable[t, default: []].insert(id)
            } else if let id = node(named: name), program.nodes[id].kind == .scalar, !program.nodes[id].isPrivate {
                // A cell of an imported notebook (`so.population`).
                out.append(ReportBuilder.scalar(id, evaluation.evaluator))
            }
        }
        // A table shown whole is not shown again row by row.
        let whole = Set(shown.compactMap { program.tableByName[$0] })
        for (t, rows) in rowsByTable.sorted(by: { $0.key < $1.key }) where !whole.contains(t) {
            out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale, only: rows)))
        }
        return out
    }

    /// Changed nodes as report items: cells together, rows grouped by table.
    func items(nodes: [NodeID]) -> [Report.Item] {
        let program = evaluation.program
        var out: [Report.Item] = []
        var group: [Report.Scalar] = []
        var rowsByTable: [Int: Set<NodeID>] = [:]
        for id in nodes {
            if let t = program.nodes[id].table {
                // A private table is not printed, so neither are its rows.
                if !program.tables[t].name.hasPrefix("_") { rowsByTable[t, default: []].insert(id) }
                continue
            }
            switch ReportBuilder.scalar(id, evaluation.evaluator) {
            case .scalars(let s): group += s
            case let item: out.append(item)
            }
        }
        if !group.isEmpty { out.insert(.scalars(group), at: 0) }
        for (t, rows) in rowsByTable.sorted(by: { $0.key < $1.key }) {
            out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale, only: rows)))
        }
        return out
    }
}
