// MARK: - Building the report
//
// Evaluated values gathered into a `Report` in the notebook's order (headings, groups
// of cells, tables with their public rows), for the renderers to print.

enum ReportBuilder {
    /// With `sources`, amended values carry their origin (the report marks them).
    static func build(_ evaluator: Evaluator, locale: DisplayLocale, sources: SourceMap? = nil) -> Report {
        let program = evaluator.program
        var items: [Report.Item] = []
        // Consecutive scalars are shown together; the group is flushed when something else comes.
        var group: [Report.Scalar] = []
        func flush() {
            if !group.isEmpty { items.append(.scalars(group)) }
            group = []
        }
        for item in program.output {
            switch item {
            case .heading(let text):
                flush()
                items.append(.heading(text))
            case .scalar(let id):
                switch scalar(id, evaluator) {
                case .scalars(let s): group += s
                case let item:
                    flush()
                    items.append(item)
                }
            case .table(let t):
                flush()
                if program.tables[t].name.hasPrefix("_") { continue }
                items.append(.table(table(t, evaluator, locale: locale)))
            case .across(let a):
                flush()
                items.append(.across(acrossTable(a, evaluator, locale: locale)))
            case .paragraph(let p):
                flush()
                let paragraph = Paragraphs.paragraph(p, evaluator)
                if !paragraph.text.isEmpty { items.append(.paragraph(paragraph)) }
            case .chart(let c):
                flush()
                if let chart = Charts.chart(c, evaluator).chart { items.append(.chart(chart)) }
            }
        }
        flush()
        if let sources, mayBeAmended(program, sources) { markOrigins(&items, program, sources) }
        return Report(locale: locale, items: items)
    }

    /// A row's name without its table's (`prefix` characters), or nil when the row is
    /// private (`Node.isPrivate`): both from one pass over the name's bytes when it is
    /// ASCII (each character a byte) and its bytes are at hand, else as `Node.isPrivate`
    /// and `rowName` find them.
    private static func publicRowName(_ program: Program, _ id: NodeID, dropping prefix: Int) -> String? {
        let name = program.nodes[id].name
        let found = name.utf8.withContiguousStorageIfAvailable { bytes -> (known: Bool, name: String?) in
            var start = 0
            for (i, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return (false, nil) }
                if byte == UInt8(ascii: ".") { start = i + 1 }
            }
            if start < bytes.count, bytes[start] == UInt8(ascii: "_") { return (true, nil) }
            return (true, String(decoding: UnsafeBufferPointer(rebasing: bytes[min(prefix, bytes.count)...]), as: UTF8.self))
        }
        if let found, found.known { return found.name }
        return program.nodes[id].isPrivate ? nil : rowName(name, dropping: prefix)
    }

    /// A row's name without its table's (`prefix` characters), by bytes when it is ASCII.
    private static func rowName(_ name: String, dropping prefix: Int) -> String {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return String(name.dropFirst(prefix)) }
        return String(decoding: name.utf8.dropFirst(prefix), as: UTF8.self)
    }

    /// Whether any value may have been amended: by an override, an importer's `with` or
    /// `--set` (what `Provenance.origin` looks for). Without any, no value has an origin
    /// to mark, and the report is not walked to find none.
    static func mayBeAmended(_ program: Program, _ sources: SourceMap) -> Bool {
        if !program.overrideSpans.isEmpty || !program.importerCells.isEmpty { return true }
        if sources.files.contains(where: { $0.name.hasPrefix("--set ") }) { return true }
        return program.nodes.indices.contains { program.nodes[$0].replacedByImporter }
    }

    /// One cell, as a group of one scalar; a cell holding a series is a table of one row.
    static func scalar(_ id: NodeID, _ evaluator: Evaluator) -> Report.Item {
        let node = evaluator.program.nodes[id]
        let value = evaluator.value(of: id)
        if case .series(let s) = value {
            let row = Report.Row(name: node.name, label: node.label, values: s.values, total: .blank, format: node.format)
            return .table(Report.Table(name: node.name, label: node.label, periods: Array(s.range), totalLabel: nil, rows: [row]))
        }
        return .scalars([Report.Scalar(name: node.name, label: node.label, value: value, format: node.format)])
    }

    /// One table with its public rows (all of them, or those `only` names).
    static func table(_ t: Int, _ evaluator: Evaluator, locale: DisplayLocale, only: Set<NodeID>? = nil) -> Report.Table {
        let program = evaluator.program
        let table = program.tables[t]
        // The node's fields are read in place (a copy of a whole node per row retains and
        // releases each of its fields), and the table's name is measured once.
        let prefix = table.name.count + 1
        var ids: [NodeID] = [], rows: [Report.Row] = []
        ids.reserveCapacity(table.rows.count)
        rows.reserveCapacity(table.rows.count)
        // `only` first: a few rows of a large table are shown without reading every node.
        for id in table.rows where only?.contains(id) ?? true {
            // One look at the name's bytes: private or not, and the row's own name.
            guard let name = publicRowName(program, id, dropping: prefix) else { continue }
            ids.append(id)
            // The evaluator's own array of the periods' values: shared, not copied.
            let (values, total) = evaluator.periodValues(of: id)
            rows.append(
                Report.Row(name: name, label: program.nodes[id].label, values: values, total: total, format: program.nodes[id].format))
        }
        var out = Report.Table(
            name: table.name, label: table.label, periods: Array(table.range),
            totalLabel: table.hasTotal ? (table.totalLabel ?? locale.totalText) : nil, rows: rows, trend: table.trend)
        if table.subtotals { addSubtotals(&out, ids, table.range, evaluator) }
        return out
    }
}
