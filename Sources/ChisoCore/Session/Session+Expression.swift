// MARK: - Expressions
//
// An input that parses as an expression is evaluated against the session and shown;
// it defines nothing.

extension Session {
    func evaluate(_ expr: Expr, text: String) -> Outcome {
        // A table's name alone shows the table (a table across notebooks too).
        if case .name(let n) = expr.kind,
            evaluation.program.tableByName[n] != nil || evaluation.program.acrossTables.contains(where: { $0.name == n })
        {
            return Outcome(
                accepted: true, diagnostics: [], shown: items(shown: [n]), changed: [], notes: [], failedChecks: [], isExpression: true)
        }
        // A row's name alone shows it as a one-row table, with its label and total.
        if let chain = expr.nameChain, chain.count == 2, let id = node(named: chain.joined(separator: ".")),
            evaluation.program.nodes[id].table != nil
        {
            return Outcome(
                accepted: true, diagnostics: [], shown: items(shown: [chain.joined(separator: ".")]), changed: [], notes: [],
                failedChecks: [], isExpression: true)
        }
        let (code, format, diagnostics) = Resolver.compileExpression(expr, in: evaluation.program)
        if diagnostics.contains(where: { $0.severity == .error }) { return refused(diagnostics) }
        let value = evaluation.evaluator.evaluate(expression: code)
        let label = text.trimmed(of: " \t\r\n")
        let item: Report.Item
        if case .series(let s) = value {
            let row = Report.Row(name: label, label: nil, values: s.values, total: .blank, format: format)
            item = .table(Report.Table(name: label, label: nil, periods: Array(s.range), totalLabel: nil, rows: [row]))
        } else {
            item = .scalars([Report.Scalar(name: label, label: nil, value: value, format: format)])
        }
        return Outcome(
            accepted: true, diagnostics: diagnostics, shown: [item], changed: [], notes: [], failedChecks: [], isExpression: true)
    }
}
