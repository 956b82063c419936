// MARK: - A redefinition keeps its label and format
//
// `population = 1_300_000` typed over `population "Dân số" = 1_290_000 as integer` changes
// the value, not the label or the format: the input is read as if it had restated them.
// An input that gives a label or a format of its own replaces the old one.

extension Session {
    /// The input's text with the label and format of each cell or row it redefines written
    /// in where it gives none; nil when nothing needs to be kept. The old definition's own
    /// text is reused (`population  "Dân số"   = ` before the new formula), so its line
    /// keeps its alignment.
    func keepingLabels(_ statements: [Statement], in file: SourceFile) -> String? {
        var edits: [(range: Range<Int>, text: String)] = []
        for statement in statements {
            let new: Shape, old: Shape?
            switch statement {
            case .cell(let c):
                new = Shape(c)
                old = existingCell(c.name.text)
            case .tableItem(let t, .row(let r)):
                new = Shape(r)
                old = existingRow(table: t.text, row: r.name.text)
            default: continue
            }
            guard let old, old.name.source == old.body.source, old.body.end <= old.end else { continue }
            let oldText = sources[old.name.source]
            func text(_ a: Int, _ b: Int) -> String { oldText.text(of: SourceSpan(source: old.name.source, start: a, end: b)) }
            if !new.hasLabel {
                // The old name, label and spacing up to the formula.
                edits.append((new.name.start..<new.body.start, text(old.name.start, old.body.start)))
            }
            if !new.hasTail, old.hasTail {
                // The old format (and aggregation), with the spacing before them.
                edits.append((new.body.end..<new.end, text(old.body.end, old.end)))
            } else if new.format == nil, let f = old.format {
                edits.append((new.end..<new.end, " " + sources[f.span.source].text(of: f.span)))
            }
        }
        guard !edits.isEmpty else { return nil }
        var bytes = file.bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) where edit.range.upperBound <= bytes.count {
            bytes.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where a cell's or row's parts stand.
    private struct Shape {
        var name: SourceSpan
        var body: SourceSpan
        var end: Int
        var hasLabel: Bool
        var format: FormatSpec?
        /// A format or an aggregation after the formula.
        var hasTail: Bool

        init(_ c: CellDecl) {
            (name, body, end, hasLabel, format, hasTail) = (c.name.span, c.body.span, c.span.end, c.label != nil, c.format, c.format != nil)
        }

        init(_ r: RowDecl) {
            switch r.body {
            case .formula(let e): body = e.span
            case .data(let values): body = values[0].span.merged(with: values[values.count - 1].span)
            }
            (name, end, hasLabel, format) = (r.name.span, r.span.end, r.label != nil, r.format)
            hasTail = r.format != nil || r.aggregation != nil
        }
    }

    private func existingCell(_ name: String) -> Shape? {
        guard let e = entries.first(where: { $0.key == .top(name) }), case .cell(let c) = e.statement else { return nil }
        return Shape(c)
    }

    private func existingRow(table: String, row: String) -> Shape? {
        if let e = entries.first(where: { $0.key == .row(table: table, row: row) }), case .tableItem(_, .row(let r)) = e.statement {
            return Shape(r)
        }
        guard let e = entries.first(where: { $0.key == .top(table) }), case .table(let t) = e.statement else { return nil }
        for case .row(let r) in t.items where r.name.text == row { return Shape(r) }
        return nil
    }

}
