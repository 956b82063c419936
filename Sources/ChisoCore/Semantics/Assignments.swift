// MARK: - Replacing definitions from outside (`--set`)
//
// `--set population=1_300_000` replaces the cell's formula (its label and format stay);
// `--set dvc.received=60` replaces a row's formula; `--set dvc.received@2019Q1=60`
// overrides one cell. The replacement happens before names are resolved, so the
// notebook is evaluated once, with the new definitions.
//
// It reaches every row the notebook prints: rows read from a data file (applied once
// the file is read), and the names of an imported notebook (`--set sua.tt.bao_ht@2022H1=120`
// acts as a line of that import's `with { }`). A target that names nothing gets
// did-you-mean, and every problem is a command-line error (64).

enum Assignments {
    /// A replacement of a row read from a data file: applied once the file is read.
    struct Deferred {
        var target: String
        var table: String
        var row: String
        var period: Period?
        var values: [Expr]
    }

    /// What applying the assignments before the notebook's files are read left to do.
    struct Applied {
        var diagnostics: [Diagnostic] = []
        var deferred: [Deferred] = []
        /// The sources holding the assignments' expressions: a problem found in one later
        /// (a `--set` into an import naming no row) is a command-line error too.
        var sources: Set<SourceID> = []
    }

    static func apply(_ assignments: [Assignment], to tree: inout SyntaxTree, sources: inout SourceMap) -> Applied {
        var applied = Applied()
        for a in assignments {
            let id = sources.add(name: "--set \(a.target)", text: a.expression)
            applied.sources.insert(id)
            let (values, errors) = Parser.parseValues(sources[id], id: id)
            guard let values else {
                applied.diagnostics += errors.map {
                    var d = $0; d.kind = .usage; return d
                }
                continue
            }
            switch replace(a.target, with: values, in: &tree) {
            case .done: break
            case .deferred(let d): applied.deferred.append(d)
            case .problem(let message, let help): applied.diagnostics.append(.error(.usage, message, at: nil, help: help))
            }
        }
        return applied
    }

    /// Applies the replacements of rows read from data files, now that they are read.
    static func apply(_ deferred: [Deferred], to loaded: LoadedNotebook) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for d in deferred {
            var items = loaded.tableRows[d.table] ?? []
            let rows = items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } }
            guard let k = items.firstIndex(where: { if case .row(let r) = $0 { r.name.text == d.row } else { false } }),
                case .row(var row) = items[k]
            else {
                diagnostics.append(
                    .error(
                        .usage, "--set: table '\(d.table)' has no row '\(d.row)'", at: nil,
                        help: Suggest.help(Suggest.closest(to: d.row, in: rows))))
                continue
            }
            if let period = d.period {
                let span = d.values[0].span
                items.append(
                    .override(
                        OverrideDecl(row: Name(text: d.row, span: span), period: period, periodSpan: span, body: d.values[0], span: span)))
            } else {
                row.body = d.values.count > 1 ? .data(d.values) : .formula(d.values[0])
                items[k] = .row(row)
            }
            loaded.tableRows[d.table] = items
        }
        return diagnostics
    }

    private enum Outcome {
        case done
        case deferred(Deferred)
        case problem(String, help: String?)
    }

    /// Replaces the target's definition with `values`: one expression, or a data row's literals.
    private static func replace(_ target: String, with values: [Expr], in tree: inout SyntaxTree) -> Outcome {
        let expr = values[0]
        let list = values.count > 1
        if list, target.contains("@") || !target.contains(".") {
            return .problem("--set \(target): a single value is expected, not a list", help: nil)
        }
        var path = target
        var period: Period?
        if let at = target.firstIndex(of: "@") {
            path = String(target[..<at])
            guard let p = Period.parse(String(target[target.index(after: at)...])) else {
                return .problem("'\(target[target.index(after: at)...])' is not a period", help: "write name@2019Q1")
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
                    return .done
                }
            }
            let names = tree.statements.compactMap { if case .cell(let c) = $0 { c.name.text } else { nil } }
            return .problem("--set: the notebook has no cell '\(path)'", help: Suggest.help(Suggest.closest(to: path, in: names)))
        case (2..., _) where importIndex(parts[0], in: tree) != nil && !hasTable(parts[0], in: tree):
            // A name of an imported notebook: one more line of its `with { }`.
            guard parts.count <= 3 else {
                return .problem(
                    "--set: '\(target)' reaches into an import of an import", help: "set it in the notebook that imports it directly")
            }
            let i = importIndex(parts[0], in: tree)!
            guard case .use(var use) = tree.statements[i] else { return .done }
            let span = expr.span
            let names = parts.dropFirst().map { Name(text: $0, span: span) }
            use.overrides.removeAll { $0.target.map(\.text) == names.map(\.text) && $0.period == period }
            use.overrides.append(UseDecl.Override(target: names, period: period, values: values, span: span))
            tree.statements[i] = .use(use)
            return .done
        case (2, _):
            let (table, row) = (parts[0], parts[1])
            guard let ti = tree.statements.firstIndex(where: { if case .table(let t) = $0 { t.name.text == table } else { false } }),
                case .table(var t) = tree.statements[ti]
            else {
                let tables = tree.statements.compactMap { if case .table(let t) = $0 { t.name.text } else { nil } }
                let aliases = tree.statements.indices.compactMap { alias(of: tree.statements[$0]) }
                return .problem(
                    "--set: the notebook has no table '\(table)'", help: Suggest.help(Suggest.closest(to: table, in: tables + aliases)))
            }
            let rowExists =
                t.items.contains { if case .row(let r) = $0 { r.name.text == row } else { false } }
                || tree.statements.contains {
                    if case .tableItem(let tn, .row(let r)) = $0 { tn.text == table && r.name.text == row } else { false }
                }
            guard rowExists else {
                // The table's rows from a data file are known once it is read.
                if t.source != nil {
                    if let period, let range = PeriodRange(t.first, t.last), range.index(of: period) == nil {
                        return .problem("--set: \(period) is outside the periods of table '\(table)' (\(t.first)..\(t.last))", help: nil)
                    }
                    return .deferred(Deferred(target: target, table: table, row: row, period: period, values: values))
                }
                let rows = t.items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } }
                return .problem("--set: table '\(table)' has no row '\(row)'", help: Suggest.help(Suggest.closest(to: row, in: rows)))
            }
            if let period {
                guard let range = PeriodRange(t.first, t.last), range.index(of: period) != nil else {
                    return .problem("--set: \(period) is outside the periods of table '\(table)' (\(t.first)..\(t.last))", help: nil)
                }
                let span = expr.span
                let name = Name(text: row, span: span)
                t.items.removeAll { if case .override(let o) = $0 { o.row.text == row && o.period == period } else { false } }
                t.items.append(.override(OverrideDecl(row: name, period: period, periodSpan: span, body: expr, span: span)))
                tree.statements[ti] = .table(t)
                tree.statements.removeAll {
                    if case .tableItem(let tn, .override(let o)) = $0 {
                        tn.text == table && o.row.text == row && o.period == period
                    } else {
                        false
                    }
                }
                return .done
            }
            let body: RowDecl.Body = list ? .data(values) : .formula(expr)
            for (k, item) in t.items.enumerated() {
                if case .row(var r) = item, r.name.text == row {
                    r.body = body
                    t.items[k] = .row(r)
                    tree.statements[ti] = .table(t)
                    return .done
                }
            }
            for (i, s) in tree.statements.enumerated() {
                if case .tableItem(let tn, .row(var r)) = s, tn.text == table, r.name.text == row {
                    r.body = body
                    tree.statements[i] = .tableItem(table: tn, .row(r))
                    return .done
                }
            }
            return .done
        case (3..., _):
            let aliases = tree.statements.indices.compactMap { alias(of: tree.statements[$0]) }
            return .problem(
                "--set: the notebook imports nothing as '\(parts[0])'",
                help: Suggest.help(Suggest.closest(to: parts[0], in: aliases))
                    ?? "write name=value, table.row=value or alias.table.row@2019Q1=value")
        default:
            return .problem(
                "--set: '\(target)' is not a cell, a row or a cell of a row",
                help: "write name=value, table.row=value or table.row@2019Q1=value")
        }
    }

    /// The alias a statement imports under, if it is a `use`.
    private static func alias(of statement: Statement) -> String? {
        guard case .use(let u) = statement else { return nil }
        return u.alias?.text ?? Imports.defaultAlias(u.path)
    }

    private static func importIndex(_ name: String, in tree: SyntaxTree) -> Int? {
        tree.statements.firstIndex { alias(of: $0) == name }
    }

    private static func hasTable(_ name: String, in tree: SyntaxTree) -> Bool {
        tree.statements.contains { if case .table(let t) = $0 { t.name.text == name } else { false } }
    }
}
