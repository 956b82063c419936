// MARK: - Parser: tables over periods
//
// `table name "Label" over P..Q [with …] [from "file" [sheet "S"]] { items }`: its
// options, its rows (formulas, data rows read straight from the bytes, overrides) and checks.

extension Parser {
    mutating func table(start: SourceSpan) throws -> TableDecl {
        let n = try name()
        let label = optionalLabel()
        guard peekIsKeyword(.over) else {
            throw fail(
                "expected 'over' and the periods of table '\(n.text)'", peekSpan,
                help: "for example: table \(n.text) over 2018Q1..2019Q1 { … }")
        }
        advance()
        let rangeStart = peekSpan
        let first = try periodLiteral()
        try expect(.dotdot, "'..' between the first and last period")
        let last = try periodLiteral()
        let rangeSpan = rangeStart.merged(with: previousSpan)
        var totalLabel: String?
        var hasTotal = false
        var source: (path: String, span: SourceSpan)?
        var sheet: (name: String, span: SourceSpan)?
        var sourcePin: Pin?
        var options = TableOptions()
        var sawWith = false
        // `from "data.csv"` and `with total ["Label"], subtotals`, in either order.
        for _ in 0..<2 {
            if !sawWith, peekIsKeyword(.with) {
                advance()
                sawWith = true
                options = try tableOptions()
                hasTotal = options.total != nil
                totalLabel = options.totalLabel
            } else if source == nil, peekIsKeyword(.from) {
                advance()
                guard case .string(let path) = peek.kind else {
                    throw fail("expected the data file's path in quotes after 'from'", peekSpan, help: "for example: from \"data/q1.csv\"")
                }
                source = (path, peekSpan)
                advance()
                sheet = try sheetName()
                sourcePin = try pinned()
            }
        }
        try expect(.lbrace, "'{' and the rows of table '\(n.text)'")
        var items: [TableDecl.Item] = []
        while true {
            skipNewlines()
            if peekTag == .rbrace || peekTag == .eof { break }
            if stopped { throw Failure() }
            let start = index
            lexer.drop(before: start - 1)
            if peekTag == .heading {
                // A heading is printed between tables and cells; it cannot stand among rows.
                error(
                    "a heading cannot be inside a table block", peekSpan,
                    help: "move the `##` line above `table \(n.text) …` or below its closing '}'")
                advance()
                continue
            }
            if peekTag == .prose {
                error(
                    "a paragraph cannot be inside a table block", peekSpan,
                    help: "move the `>` line above `table \(n.text) …` or below its closing '}'")
                advance()
                continue
            }
            do {
                let item = try tableItem()
                if peekTag != .rbrace { try endOfStatement() }
                items.append(item)
            } catch {
                // An item's tokens are kept until the next item starts: its first three are still there.
                noteBroken((lexer.token(start), lexer.token(start + 1), lexer.token(start + 2)), table: n.text)
                synchronize(inTable: true)
            }
            ensureProgress(since: start)
        }
        try expect(.rbrace, "'}' to close table '\(n.text)'")
        return TableDecl(
            name: n, label: label, first: first, last: last, rangeSpan: rangeSpan,
            hasTotal: hasTotal, totalLabel: totalLabel, source: source, sheet: sheet, items: items,
            span: start.merged(with: previousSpan), sourcePin: sourcePin, subtotals: options.subtotals, trend: options.trend != nil)
    }

    /// A table's options after `with`, each at most once.
    struct TableOptions {
        var total: SourceSpan?
        var totalLabel: String?
        var subtotals: SourceSpan?
        var trend: SourceSpan?
    }

    /// `option { "," option }` after a table's `with`: `total ["Label"]`, `subtotals`, `trend`.
    mutating func tableOptions() throws -> TableOptions {
        var options = TableOptions()
        repeat {
            let span = peekSpan
            func once(_ seen: SourceSpan?, _ word: String) throws {
                guard let seen else { return }
                throw fail(
                    "'\(word)' is given twice after 'with'", span, help: "write each option once",
                    notes: [.init(span: seen, message: "the first '\(word)'")])
            }
            if peekIsKeyword(.total) {
                try once(options.total, "total")
                advance()
                options.total = span
                options.totalLabel = optionalLabel()
            } else if case .identifier("subtotals") = peek.kind {
                try once(options.subtotals, "subtotals")
                advance()
                options.subtotals = span
            } else if peekIsKeyword(.trend) {
                try once(options.trend, "trend")
                advance()
                options.trend = span
            } else {
                let after = options.total == nil && options.subtotals == nil && options.trend == nil ? "'with'" : "','"
                throw fail(
                    "expected 'total', 'subtotals' or 'trend' after \(after), found \(peek.kind.display)", span,
                    help: "for example: with total \"Cả kỳ\", subtotals, trend")
            }
        } while match(.comma)
        return options
    }

    /// `sheet "Name"` after a data file's path (a workbook's sheet), or nil.
    mutating func sheetName() throws -> (name: String, span: SourceSpan)? {
        guard case .identifier("sheet") = peek.kind else { return nil }
        advance()
        guard case .string(let name) = peek.kind else {
            throw fail(
                "expected the sheet's name in quotes after 'sheet'", peekSpan, help: "for example: from \"data.xlsx\" sheet \"Số liệu\"")
        }
        defer { advance() }
        return (name, peekSpan)
    }

    mutating func tableItem() throws -> TableDecl.Item {
        if peekIsKeyword(.check) { return .check(try check()) }
        let n = try name()
        if match(.at) {
            let periodStart = peekSpan
            let period = try periodLiteral()
            let periodSpan = periodStart.merged(with: previousSpan)
            try expect(.assign, "'=' and the cell's formula")
            let body = try expression()
            return .override(
                OverrideDecl(row: n, period: period, periodSpan: periodSpan, body: body, span: n.span.merged(with: previousSpan)))
        }
        let label = optionalLabel()
        try expect(.assign, "'=' after the row name '\(n.text)'")
        var values = [try dataValue()]
        // Data rows are most of a large notebook's syntax, and the rows of a table are
        // as long as each other: room for as many values as the last data row had, rather
        // than an array grown by doubling (and left up to half empty).
        if peekTag == .comma, lastDataRow > 1 { values.reserveCapacity(lastDataRow) }
        while peekTag == .comma {
            // `b = a * 31,04%` is no list of literals: the comma is a decimal comma.
            if values.count == 1, !values[0].isLiteral { try refuseDecimalComma() }
            advance()
            // Plain numbers between commas, read by the lexer straight from the bytes.
            lexer.numbersBeforeCommas(at: index, into: &values, thousandsLike: &thousandsLike)
            values.append(try dataValue())
        }
        // `agg …` and `as …` may come in either order.
        var aggregation: Aggregation?
        var format: FormatSpec?
        for _ in 0..<2 {
            if aggregation == nil, peekIsKeyword(.agg) {
                advance()
                let t = peek
                guard let word = t.identifier, let a = Aggregation(rawValue: word) else {
                    throw fail(
                        "expected an aggregation after 'agg', found \(t.kind.display)", t.span, help: "one of: sum, last, avg, min, max")
                }
                advance()
                aggregation = a
            } else if format == nil, let f = try optionalFormat() {
                format = f
            }
        }
        if values.count > 1 { lastDataRow = min(values.count, 10_000) }
        let body: RowDecl.Body = values.count == 1 ? .formula(values[0]) : .data(values)
        return .row(
            RowDecl(name: n, label: label, body: body, aggregation: aggregation, format: format, span: n.span.merged(with: previousSpan)))
    }

    /// A row's value: a number with a comma after it is that literal, read directly (data
    /// rows are most of a large notebook's text); anything else is read as an expression.
    mutating func dataValue() throws -> Expr {
        if peekTag == .number, peekTag(1) == .comma { return try primary() }
        return try expression()
    }
}
