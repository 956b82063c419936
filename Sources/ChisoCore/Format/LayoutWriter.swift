// MARK: - Writing layout units
//
// Writes the units line by line. Consecutive top-level cells (and the checks between
// them) form a block, and every table's rows form one; inside a block the names, labels,
// `=` signs, data values, `agg`/`as` tails and end-of-line comments are aligned in
// columns, by display width. The rules are listed in Formatter.swift.

struct LayoutWriter {
    private var lines: [String] = []
    /// The current block: units, and `nil` for a blank line inside a table.
    private var block: [LayoutUnit?] = []

    /// The text of the units: one line each, ending with a single newline (nothing for no units).
    static func write(_ units: [LayoutUnit]) -> String {
        var writer = LayoutWriter()
        var previous: LayoutUnit?
        for unit in units {
            var blank = false
            if let p = previous, unit.firstLine - p.lastLine >= 2 {
                if case .tableOpen = p.kind {} else if case .tableClose = unit.kind {} else { blank = true }
            }
            writer.add(unit, blankBefore: blank)
            previous = unit
        }
        writer.flush()
        return writer.lines.isEmpty ? "" : writer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func add(_ unit: LayoutUnit, blankBefore: Bool) {
        if unit.depth > 0 {
            if blankBefore { block.append(nil) }
            block.append(unit)
            return
        }
        var joinsBlock = unit.isEntry
        if case .line(_, transparent: true) = unit.kind { joinsBlock = true }
        if !joinsBlock || blankBefore { flush() }
        if blankBefore { lines.append("") }
        if joinsBlock { block.append(unit) } else { lines.append(contentsOf: Self.alone(unit)) }
    }

    /// A top-level unit outside any block.
    private static func alone(_ unit: LayoutUnit) -> [String] {
        let code: String
        switch unit.kind {
        case .heading(let text), .comment(let text), .line(let text, _), .tableOpen(let text), .verbatim(let text): code = text
        case .tableClose: code = "}"
        case .figure(let name, let label): code = label.map { name + " " + $0 } ?? name
        case .entry(let e): code = entryLines([e]).first ?? ""
        }
        guard let comment = unit.comment else { return [code] }
        return [code + "  " + comment]
    }

    // MARK: Blocks

    private mutating func flush() {
        defer { block = [] }
        guard !block.isEmpty else { return }
        let units = block.compactMap { $0 }
        var entries: [LayoutUnit.Entry] = []
        for unit in units { if case .entry(let e) = unit.kind { entries.append(e) } }
        var aligned = Self.entryLines(entries)[...]
        // The rows of a table across notebooks: labels in a column after the widest name.
        var figureWidth = 0
        for unit in units {
            if case .figure(let name, _?) = unit.kind { figureWidth = max(figureWidth, DisplayWidth.of(name)) }
        }
        // Each unit's code, before its end-of-line comment.
        var codes: [String] = []
        for unit in units {
            let indent = String(repeating: "  ", count: unit.depth)
            switch unit.kind {
            case .entry: codes.append(indent + aligned.removeFirst())
            case .heading(let text), .comment(let text), .line(let text, _), .tableOpen(let text), .verbatim(let text):
                codes.append(indent + text)
            case .tableClose: codes.append(indent + "}")
            case .figure(let name, let label):
                codes.append(indent + (label.map { DisplayWidth.pad(name, to: figureWidth) + " " + $0 } ?? name))
            }
        }
        var commentColumn = 0
        for (unit, code) in zip(units, codes) where unit.comment != nil && Self.joinsCommentColumn(unit) {
            commentColumn = max(commentColumn, DisplayWidth.of(code))
        }
        var next = 0
        for item in block {
            guard let unit = item else {
                lines.append("")
                continue
            }
            let code = codes[next]
            next += 1
            guard let comment = unit.comment else {
                lines.append(code)
                continue
            }
            let padded = Self.joinsCommentColumn(unit) ? DisplayWidth.pad(code, to: commentColumn) : code
            lines.append(padded + "  " + comment)
        }
    }

    /// Verbatim text may span lines: its comment simply follows it.
    private static func joinsCommentColumn(_ unit: LayoutUnit) -> Bool {
        if case .verbatim = unit.kind { return false }
        return true
    }

    /// The entries of one block, aligned: `name "Label" = body tail`. Names are padded to
    /// the widest name that has a label, labels to the widest label; an entry without a
    /// label, or an override, spans both columns. The values of data rows are aligned
    /// per period (a row holding a text is written plainly: it would spread the columns).
    static func entryLines(_ entries: [LayoutUnit.Entry]) -> [String] {
        var nameWidth = 0, labelWidth = 0, spanningWidth = 0
        var columns: [Int] = []
        for e in entries {
            switch e.left {
            case .definition(let name, let label?):
                nameWidth = max(nameWidth, DisplayWidth.of(name))
                labelWidth = max(labelWidth, DisplayWidth.of(label))
            case .definition(let name, nil), .override(let name):
                spanningWidth = max(spanningWidth, DisplayWidth.of(name))
            }
            if case .data(let values) = e.body, inColumns(values) {
                for (k, v) in values.enumerated() {
                    if k == columns.count { columns.append(0) }
                    columns[k] = max(columns[k], DisplayWidth.of(v.text))
                }
            }
        }
        let leftWidth = max(labelWidth > 0 ? nameWidth + 1 + labelWidth : 0, spanningWidth)
        let bodies = entries.map { e -> String in
            switch e.body {
            case .formula(let text): return text
            case .data(let values):
                return inColumns(values) ? dataText(values, columns) : values.map(\.text).joined(separator: ", ")
            }
        }
        // Tails line up after the widest body: of figures, or of formulas.
        var valueTailColumn = 0, formulaTailColumn = 0
        for (e, body) in zip(entries, bodies) where e.tail != nil {
            if e.holdsValues {
                valueTailColumn = max(valueTailColumn, DisplayWidth.of(body))
            } else {
                formulaTailColumn = max(formulaTailColumn, DisplayWidth.of(body))
            }
        }
        return zip(entries, bodies).map { e, body in
            let left: String
            switch e.left {
            case .definition(let name, let label?): left = DisplayWidth.pad(name, to: nameWidth) + " " + label
            case .definition(let name, nil), .override(let name): left = name
            }
            var line = DisplayWidth.pad(left, to: leftWidth) + " = " + body
            if let tail = e.tail {
                let column = e.holdsValues ? valueTailColumn : formulaTailColumn
                line = DisplayWidth.pad(line, to: DisplayWidth.of(line) + column - DisplayWidth.of(body)) + " " + tail
            }
            return line
        }
    }

    /// Whether a data row's values go in the period columns: figures, not texts.
    private static func inColumns(_ values: [LayoutUnit.Entry.Value]) -> Bool {
        values.allSatisfy(\.alignRight)
    }

    /// `v1, v2, …` with each value right-aligned in its period's column.
    private static func dataText(_ values: [LayoutUnit.Entry.Value], _ columns: [Int]) -> String {
        values.enumerated().map { k, v in
            DisplayWidth.pad(v.text, to: columns[k], alignRight: true) + (k == values.count - 1 ? "" : ",")
        }.joined(separator: " ")
    }
}
