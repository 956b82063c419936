// MARK: - Parser: statements
//
// `use` (and a `with` list's replacements), pins, cells, functions, charts and checks,
// with the format and label that may follow a definition. The grammar is in Parser.swift.

extension Parser {
    /// `use "path" [as alias] [with { target = value, … }]`; the braces may span lines.
    mutating func use(start: SourceSpan) throws -> UseDecl {
        guard case .string(let path) = peek.kind else {
            throw fail(
                "expected the notebook's path in quotes after 'use'", peekSpan,
                help: "for example: use \"../so-noi-vu/dan-so.chiso\" as ds")
        }
        let pathSpan = peekSpan
        advance()
        var alias: Name?
        if peekIsKeyword(.as) {
            advance()
            alias = try name()
        }
        let pin = try pinned()
        var overrides: [UseDecl.Override] = []
        if peekIsKeyword(.with) {
            advance()
            try expect(.lbrace, "'{' and the definitions to replace")
            while true {
                while peekTag == .newline || peekTag == .comma { advance() }
                if peekTag == .eof { throw fail("expected '}' to close the 'with' block", peekSpan) }
                if match(.rbrace) { break }
                // A line that does not parse is reported and left out; the rest of the
                // block still applies, and nothing of it leaks out as a statement.
                let start = index
                do {
                    overrides.append(try replacement())
                } catch {
                    recoverInWith(from: start)
                }
                ensureProgress(since: start)
            }
        }
        return UseDecl(
            path: path, pathSpan: pathSpan, alias: alias, overrides: overrides, span: start.merged(with: previousSpan), pin: pin)
    }

    /// One line of a `with { … }`: `target [@ period] = value { , value }`.
    mutating func replacement() throws -> UseDecl.Override {
        let first = try name()
        var target = [first]
        while match(.dot) { target.append(try name()) }
        var period: Period?
        if match(.at) { period = try periodLiteral() }
        try expect(.assign, "'=' and the new value of '\(target.map(\.text).joined(separator: "."))'")
        var values = [try expression()]
        // A data row's values: literals separated by commas, on one line.
        while peekTag == .comma, peekTag(1) != .newline,
            !(peek(1).identifier.map { _ in peekTag(2) == .assign || peekTag(2) == .dot || peekTag(2) == .at } ?? false)
        {
            advance()
            values.append(try expression())
        }
        guard peekTag == .newline || peekTag == .comma || peekTag == .rbrace || peekTag == .eof else {
            throw fail(
                "expected the end of the line, found \(peek.kind.display)", peekSpan,
                help: "one replacement per line: name = value")
        }
        return .init(target: target, period: period, values: values, span: first.span.merged(with: previousSpan))
    }

    /// `pinned "sha256:…"` (a word only here, not reserved), or nil.
    mutating func pinned() throws -> Pin? {
        guard peek.identifier == "pinned" else { return nil }
        advance()
        guard case .string(let hash) = peek.kind else {
            throw fail(
                "expected the pinned hash in quotes after 'pinned'", peekSpan,
                help: "for example: pinned \"sha256:…\"; `chiso pin FILE --write` writes the pins")
        }
        let span = peekSpan
        advance()
        return Pin(hash: hash, span: span)
    }

    mutating func cell() throws -> CellDecl {
        let n = try name()
        if peekTag == .at {
            throw fail(
                "'\(n.text)@…' overrides a cell of a table row; write table.\(n.text)@period = …", peekSpan,
                help: "a scalar cell has one value, not one per period")
        }
        let label = optionalLabel()
        try expect(.assign, "'=' after the name '\(n.text)'")
        let body = try expression()
        let format = try optionalFormat()
        return CellDecl(name: n, label: label, body: body, format: format, span: n.span.merged(with: previousSpan))
    }

    mutating func function(start: SourceSpan) throws -> FunctionDecl {
        let n = try name()
        try expect(.lparen, "'(' and the parameters of '\(n.text)'")
        var params: [Name] = []
        if peekTag != .rparen {
            repeat { params.append(try name()) } while match(.comma)
        }
        try expect(.rparen, "')' after the parameters")
        try expect(.assign, "'=' and the function's formula")
        let body = try expression()
        let format = try optionalFormat()
        return FunctionDecl(name: n, parameters: params, body: body, format: format, span: start.merged(with: previousSpan))
    }

    /// `chart "Title" line|bar series, …`.
    mutating func chart(start: SourceSpan) throws -> ChartDecl {
        guard case .string(let title) = peek.kind else {
            throw fail(
                "expected the chart's title in quotes after 'chart'", peekSpan,
                help: "for example: chart \"Hồ sơ tiếp nhận\" line dvc.received")
        }
        advance()
        guard let word = peek.identifier, let kind = ChartDecl.Kind(rawValue: word) else {
            throw fail(
                "expected 'line' or 'bar' after the chart's title, found \(peek.kind.display)", peekSpan,
                help: "for example: chart \"\(title)\" line dvc.received, or bar for a bar chart")
        }
        advance()
        var series: [ChartDecl.Series] = []
        repeat {
            let e = try expression()
            if series.count == ChartDecl.maxSeries {
                throw fail(
                    "a chart draws at most \(ChartDecl.maxSeries) series", e.span,
                    help: "split the series over two charts")
            }
            series.append(ChartDecl.Series(expr: e, text: file?.text(of: e.span) ?? ""))
        } while match(.comma)
        return ChartDecl(title: title, kind: kind, series: series, span: start.merged(with: previousSpan))
    }

    mutating func check() throws -> CheckDecl {
        let start = peekSpan
        advance()  // check
        let condition = try expression()
        var message: String?
        if case .string(let s) = peek.kind {
            message = s
            advance()
        }
        return CheckDecl(condition: condition, message: message, span: start.merged(with: previousSpan))
    }

    mutating func optionalFormat() throws -> FormatSpec? {
        guard peekIsKeyword(.as) else { return nil }
        let start = peekSpan
        advance()
        let t = peek
        guard let word = t.identifier else {
            throw fail(
                "expected a format after 'as', found \(t.kind.display)", t.span,
                help: "percent, percent(1), number(2), integer, text or points(1)")
        }
        advance()
        var digits: Int?
        if match(.lparen) {
            guard case .number(let n, percent: false) = peek.kind, n == n.rounded(), n >= 0, n <= 15 else {
                throw fail("expected a number of decimals from 0 to 15", peekSpan)
            }
            advance()
            digits = Int(n)
            try expect(.rparen, "')' after the number of decimals")
        }
        let format: DisplayFormat
        switch (word, digits) {
        case ("percent", let d): format = .percent(decimals: d ?? 0)
        case ("points", let d): format = .points(decimals: d ?? 1)
        case ("number", let d): format = d.map { .number(decimals: $0) } ?? .general
        case ("integer", nil): format = .integer
        case ("text", nil): format = .text
        case ("integer", _), ("text", _):
            throw fail("'\(word)' takes no number of decimals", t.span.merged(with: previousSpan))
        default:
            throw fail("unknown format '\(word)'", t.span, help: "percent, percent(1), number(2), integer, text or points(1)")
        }
        return FormatSpec(format: format, span: start.merged(with: previousSpan))
    }

    mutating func optionalLabel() -> String? {
        if case .string(let s) = peek.kind {
            advance()
            return s
        }
        return nil
    }
}
