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
            let (values, errors) = Parser.parseValues(sources[id], id: id)
            guard let values else {
                diagnostics += errors.map { var d = $0; d.kind = .usage; return d }
                continue
            }
            if let problem = replace(a.target, with: values, in: &tree) {
                diagnostics.append(.error(.usage, problem.message, at: nil, help: problem.help))
            }
        }
        return diagnostics
    }

    /// Replaces the target's definition with `values`: one expression, or a data row's literals.
    private static func replace(_ target: String, with values: [Expr], in tree: inout SyntaxTree) -> (message: String, help: String?)? {
        let expr = values[0]
        let list = values.count > 1
        if list, target.contains("@") || !target.contains(".") {
            return ("--set \(target): a single value is expected, not a list", nil)
        }
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
            let rowExists = t.items.contains { if case .row(let r) = $0 { r.name.text == row } else { false } }
                || tree.statements.contains { if case .tableItem(let tn, .row(let r)) = $0 { tn.text == table && r.name.text == row } else { false } }
            guard rowExists else {
                let rows = t.items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } }
                return ("--set: table '\(table)' has no row '\(row)'", Suggest.help(Suggest.closest(to: row, in: rows)))
            }
            if let period {
                guard let range = PeriodRange(t.first, t.last), range.index(of: period) != nil else {
                    return ("--set: \(period) is outside the periods of table '\(table)' (\(t.first)..\(t.last))", nil)
                }
                let span = expr.span
                let name = Name(text: row, span: span)
                t.items.removeAll { if case .override(let o) = $0 { o.row.text == row && o.period == period } else { false } }
                t.items.append(.override(OverrideDecl(row: name, period: period, periodSpan: span, body: expr, span: span)))
                tree.statements[ti] = .table(t)
                tree.statements.removeAll {
                    if case .tableItem(let tn, .override(let o)) = $0 { tn.text == table && o.row.text == row && o.period == period } else { false }
                }
                return nil
            }
            let body: RowDecl.Body = list ? .data(values) : .formula(expr)
            for (k, item) in t.items.enumerated() {
                if case .row(var r) = item, r.name.text == row {
                    r.body = body
                    t.items[k] = .row(r)
                    tree.statements[ti] = .table(t)
                    return nil
                }
            }
            for (i, s) in tree.statements.enumerated() {
                if case .tableItem(let tn, .row(var r)) = s, tn.text == table, r.name.text == row {
                    r.body = body
                    tree.statements[i] = .tableItem(table: tn, .row(r))
                    return nil
                }
            }
            return nil
        default:
            return ("--set: '\(target)' is not a cell, a row or a cell of a row", "write name=value, table.row=value or table.row@2019Q1=value")
        }
    }
}
