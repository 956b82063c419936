// MARK: - Resolver: tables across imported notebooks
//
// `table t "T" across a "A", b.c "B" at 2019Q1 with total { hs.x … }`: each column is an
// imported notebook (an alias, or a chain of aliases), each row a name inside every
// column's notebook (`table.row` or a cell), read at the one period. The resolver finds
// every row's node in every column and checks the period against each row's table; the
// values are read after evaluation (Evaluation/Across.swift). Only the notebook being
// run shows its across tables; an imported one's are checked, not shown.

/// A resolved table across imported notebooks.
struct AcrossTable: Sendable {
    struct Column: Sendable {
        /// The alias chain as written (`tttt.mau`).
        var name: String
        var label: String?
        var module: Int
    }
    struct Row: Sendable {
        /// As written (`hs.tiep_nhan`).
        var name: String
        /// As written, else the first column's label of the row.
        var label: String?
        /// The row's (or cell's) node in each column, in column order.
        var nodes: [NodeID]
        var span: SourceSpan
    }
    var name: String
    var label: String?
    var columns: [Column]
    var period: Period
    var extra: AcrossDecl.Extra?
    var transposed: Bool
    var rows: [Row]
    var span: SourceSpan
}

extension Resolver {
    mutating func declareAcross(_ a: AcrossDecl) {
        guard claimTopLevel(a.name, what: "table") else { return }
        var columns: [AcrossTable.Column] = []
        var broken = false
        var seen: [String: SourceSpan] = [:]
        for column in a.columns {
            var m = current
            var ok = true
            for (k, alias) in column.path.enumerated() {
                let imports = program.modules[m].imports
                if let next = imports[alias.text] {
                    m = next
                    continue
                }
                ok = false
                let written = column.path[...k].map(\.text).joined(separator: ".")
                // An import that failed has been reported where it is written.
                if k == 0, brokenNames.contains(prefix + alias.text) {
                    broken = true
                    break
                }
                let within = k == 0 ? "this notebook" : "'\(column.path[..<k].map(\.text).joined(separator: "."))'"
                report(
                    .error(
                        .name, "'\(written)' is not a notebook imported by \(within)", at: alias.span,
                        help: suggestion(for: alias.text, at: alias.span, in: imports.keys)
                            ?? "each column of a table across notebooks is an alias of a `use` line: use \"file.chiso\" as \(alias.text)"))
                break
            }
            guard ok else { continue }
            let name = column.path.map(\.text).joined(separator: ".")
            if let first = seen[name] {
                report(
                    .error(
                        .name, "column '\(name)' is given twice", at: column.span,
                        help: "to compare two versions of one notebook, import it twice under two aliases",
                        notes: [.init(span: first, message: "first given here")]))
                continue
            }
            seen[name] = column.span
            columns.append(.init(name: name, label: column.label, module: m))
        }
        if let extra = a.extra, extra.kind == .difference, a.columns.count != 2 {
            report(
                .error(
                    .name,
                    "a difference column needs exactly two columns (it is the second minus the first); this table has \(a.columns.count)",
                    at: extra.span, help: "use `with total` to add up more columns, or make one table per pair"))
        }
        guard !broken, columns.count == a.columns.count, !columns.isEmpty else { return }
        var rows: [AcrossTable.Row] = []
        var periodReported = false
        for row in a.rows {
            var nodes: [NodeID] = []
            for column in columns {
                guard let id = acrossNode(row, in: column) else { break }
                if case .row(let t) = program.nodes[id].kind, !periodReported {
                    if let problem = Self.periodProblem(a.period, program.tables[t].range) {
                        periodReported = true
                        report(
                            .error(
                                .name,
                                "\(a.period) is \(problem) of table '\(row.path[0].text)' in '\(column.name)' (\(program.tables[t].range.description))",
                                at: a.periodSpan,
                                help: "show a period every column's table covers (a year or a half reads a quarterly row's roll-up)"))
                    }
                }
                nodes.append(id)
            }
            guard nodes.count == columns.count else { continue }
            let label = row.label ?? program.nodes[nodes[0]].label
            rows.append(.init(name: row.path.map(\.text).joined(separator: "."), label: label, nodes: nodes, span: row.span))
        }
        // An imported notebook's tables are not shown: checked, then left.
        guard current == 0 else { return }
        let index = program.acrossTables.count
        program.acrossTables.append(
            AcrossTable(
                name: a.name.text, label: a.label, columns: columns, period: a.period, extra: a.extra, transposed: a.transposed,
                rows: rows, span: a.span))
        program.output.append(.across(index))
    }

    /// Why period `p` cannot be read from a row over `range`, or nil when it can (a
    /// period of the table, or a coarser one the table covers: its roll-up).
    static func periodProblem(_ p: Period, _ range: PeriodRange) -> String? {
        if range.index(of: p) != nil { return nil }
        if p.granularity == range.granularity { return "outside the periods" }
        guard let parts = p.split(into: range.granularity) else { return "finer than the periods" }
        if range.covers(parts) { return nil }
        if parts.last < range.start || range.last < parts.start { return "outside the periods" }
        return "only partly inside the periods"
    }

    /// The node a row of an across table names in one column, or nil after reporting.
    private mutating func acrossNode(_ row: AcrossDecl.Row, in column: AcrossTable.Column) -> NodeID? {
        let module = program.modules[column.module]
        let file = module.file.split(separator: "/").last.map(String.init) ?? module.file
        let written = row.path.map(\.text).joined(separator: ".")
        if let hidden = row.path.first(where: { $0.text.hasPrefix("_") }) {
            report(
                .error(
                    .name, "'\(written)' is private to its notebook (a name starting with '_' is not shown)", at: hidden.span,
                    help: "show a public figure, or make it public in the notebook"))
            return nil
        }
        switch row.path.count {
        case 1:
            let name = row.path[0]
            if let id = module.scalarByName[name.text] { return id }
            if module.tableByName[name.text] != nil {
                report(
                    .error(
                        .name, "'\(name.text)' is a table of '\(column.name)'; a row names one figure", at: name.span,
                        help:
                            "name one of its rows, for example \(name.text).\(program.tables[module.tableByName[name.text]!].rowByName.keys.sorted().first ?? "row")"
                    ))
                return nil
            }
            report(
                .error(
                    .name, "'\(column.name)' (\(file)) has no cell '\(name.text)'", at: name.span,
                    help: suggestion(for: name.text, at: name.span, in: Array(module.scalarByName.keys) + Array(module.tableByName.keys))))
        case 2:
            let (tableName, rowName) = (row.path[0], row.path[1])
            guard let t = module.tableByName[tableName.text] else {
                report(
                    .error(
                        .name, "'\(column.name)' (\(file)) has no table '\(tableName.text)'", at: tableName.span,
                        help: suggestion(for: tableName.text, at: tableName.span, in: module.tableByName.keys)))
                return nil
            }
            guard let id = program.tables[t].rowByName[rowName.text] else {
                report(
                    .error(
                        .name, "'\(column.name)' (\(file)) has no row '\(written)'", at: rowName.span,
                        help: suggestion(for: rowName.text, at: rowName.span, in: program.tables[t].rowByName.keys)))
                return nil
            }
            return id
        default:
            report(
                .error(
                    .name, "'\(written)' is not a figure of a column", at: row.span,
                    help: "write table.row or a cell's name, as the columns' notebook has it (the column names the notebook)"))
        }
        return nil
    }

    /// After compiling: a warning for each row of a table with a total whose formula
    /// cannot be evaluated on the columns' totals (its total is #N/A).
    mutating func checkAcrossTotals() {
        for table in program.acrossTables where table.extra?.kind == .total {
            for (row, problem) in zip(table.rows, program.acrossTotalProblems(table).rows) {
                guard let problem else { continue }
                report(
                    .warning(
                        .evaluation,
                        "the total of '\(row.name)' cannot be computed from the columns' totals: \(problem); its total is #N/A",
                        at: row.span,
                        help:
                            "give the row `agg sum` (or last, avg, min, max) in its notebook to add up its values, or leave it out of this table"
                    ))
            }
        }
    }
}
