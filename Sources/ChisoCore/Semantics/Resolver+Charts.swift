// MARK: - Resolver: charts
//
// Each series of a `chart` becomes a node: a private scalar, compiled and evaluated
// exactly like a top-level cell (as a paragraph's `{…}` is), so a chart is part of the
// dependency graph. Only the notebook being run draws charts; an imported one's are not read.

extension Resolver {
    mutating func declareChart(_ c: ChartDecl) {
        let index = program.charts.count
        var series: [Chart.Series] = []
        for s in c.series {
            let name = "_chart\(index)_\(series.count)"
            let decl = CellDecl(name: Name(text: name, span: s.expr.span), label: nil, body: s.expr, format: nil, span: s.expr.span)
            let id = addNode(
                Node(kind: .scalar, name: name, span: s.expr.span, definition: s.expr.span, body: .formula(.constant(.blank))),
                .scalar(decl), nil)
            var reported = false
            if case .invalid = s.expr.kind { reported = true }
            series.append(Chart.Series(node: id, text: s.text, names: Self.seriesNames(s.expr), span: s.expr.span, reported: reported))
        }
        program.charts.append(Chart(title: c.title, kind: c.kind, series: series, span: c.span))
        program.output.append(.chart(index))
    }

    /// `t.r` or `t.r@P..Q` (or a cell `x`) as its names; nil for any other expression.
    static func seriesNames(_ e: Expr) -> [String]? {
        if case .at(let base, _, _) = e.kind { return base.nameChain }
        return e.nameChain
    }
}
