// MARK: - Replacing definitions from outside (`--set`)
//
// `--set population=1_300_000` replaces the cell's formula (its label and format stay);
// `--set dvc.received=60` replaces a row's formula; `--set dvc.received@2019Q1=60`
// overrides one cell. The replacement happens before names are resolved, so the
// notebook is evaluated once, with the new definitions.

enum Assignments {
    static func apply(_ assignments: [Assignment], to tree: inout SyntaxTree, sources: inout SourceMap) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for a in assignments {
            let id = sources.add(name: "--set \(a.target)", text: a.expression)
            let (expr, errors) = Parser.parseExpression(sources[id], id: id)
            guard let expr else {
                diagnostics += errors.map { var d = $0; d.kind = .usage; return d }
                continue
            }
            if let problem = replace(a.target, with: expr, in: &tree) {
                diagnostics.append(.error(.usage, problem.message, at: nil, help: problem.help))
            }
        }
        return diagnostics
    }

    private static func replace(_ target: String, with expr: Expr, in tree: inout SyntaxTree) -> (message: String, help: String?)? {
        var path = target
        var period: Period?
        if let at = target.firstIndex(of: "@") {
            path = String(target[..<at])
            guard let p = Period.parse(String(target[target.index(after: at)...])) else {
                return ("'\(target[target.index(after: at)...])' is not a period", "write name@2019Q1")
            }
            period = p
        }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch (parts.count, period) {
        case (1, nil):
            for (i, s) in tree.statements.enumerated() {
                if case .cell(var c) = s, c.name.text == path {
                    c.body = expr
                    tree.statements[i] = .cell(c)
                    return nil
                }
            }
            let names = tree.statements.compactMap { if case .cell(let c) = $0 { c.name.text } else { nil } }
            return ("--set: the notebook has no cell '\(path)'", Suggest.help(Suggest.closest(to: path, in: names)))
        case (2, _):
            let (table, row) = (parts[0], parts[1])
            guard let ti = tree.statements.firstIndex(where: { if case .table(let t) = $0 { t.name.text == table } else { false } }),
                  case .table(var t) = tree.statements[ti]
            else {
                let tables = tree.statements.compactMap { if case .table(let t) = $0 { t.name.text } else { nil } }
                return ("--set: the notebook has no table '\(table)'", Suggest.help(Suggest.closest(to: table, in: tables)))
            }
            if let period {
                let span = expr.span
                let name = Name(text: row, span: span)
                t.items.removeAll { if case .override(let o) = $0 { o.row.text == row && o.period == period } else { false } }
                t.items.append(.override(OverrideDecl(row: name, period: period, periodSpan: span, body: expr, span: span)))
                tree.statements[ti] = .table(t)
                return nil
            }
            for (k, item) in t.items.enumerated() {
                if case .row(var r) = item, r.name.text == row {
                    r.body = .formula(expr)
                    t.items[k] = .row(r)
                    tree.statements[ti] = .table(t)
                    return nil
                }
            }
            for (i, s) in tree.statements.enumerated() {
                if case .tableItem(let tn, .row(var r)) = s, tn.text == table, r.name.text == row {
                    r.body = .formula(expr)
                    tree.statements[i] = .tableItem(table: tn, .row(r))
                    return nil
                }
            }
            return ("--set: table '\(table)' has no row '\(row)'", nil)
        default:
            return ("--set: '\(target)' is not a cell, a row or a cell of a row", "write name=value, table.row=value or table.row@2019Q1=value")
        }
    }
}
