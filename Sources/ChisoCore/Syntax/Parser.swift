// MARK: - Parser
//
// Tokens to a syntax tree, one method per rule; precedence is the order of the calls.
// After an error the parser skips to the next statement and goes on, so every syntax
// error in a file is reported, up to `Diagnostic.limit`: then it stops reading. Every
// turn of a statement loop reads at least one token (`ensureProgress`), so no input can
// make it loop. Tokens are read from the lexer as they are needed and dropped once their
// statement is read.
//
//   notebook    = { [ statement ] NEWLINE } EOF
//   statement   = HEADING | "locale" ( "vi" | "en" ) | "use" use | "fn" function
//               | "table" table | check | IDENT "." tableItem | cell | paragraph | "chart" chart
//   chart       = STRING ( "line" | "bar" ) expr { "," expr }
//                 (at most `ChartDecl.maxSeries` series: rows, slices `t.r@P..Q`, cells
//                 holding a series, any expression giving one)
//   paragraph   = PROSE { NEWLINE PROSE }      (`>` lines on consecutive source lines; a
//                 lone `>` ends the paragraph, and the next `>` line with text starts
//                 another; each line's `{…}` is read as `expr [ format ]`, see Parser+Prose)
//   use         = STRING [ "as" IDENT ] [ "pinned" STRING ] [ "with" "{" { replacement | NEWLINE | "," } "}" ]
//   replacement = IDENT { "." IDENT } [ "@" period ] "=" expr { "," expr }
//                 (a "," before `IDENT "="`, `IDENT "."` or `IDENT "@"` ends the
//                 replacement instead: the next one follows)
//   cell        = IDENT [ STRING ] "=" expr [ format ]
//   function    = IDENT "(" [ IDENT { "," IDENT } ] ")" "=" expr [ format ]
//   table       = IDENT [ STRING ] "over" period ".." period
//                 [ "with" option { "," option } ] [ "from" STRING [ "sheet" STRING ] [ "pinned" STRING ] ]
//                 (these two in either order; `sheet` names a workbook's sheet; each
//                 option at most once)
//   option      = "total" [ STRING ] | "subtotals" | "trend"
//                 "{" { [ tableItem ] NEWLINE } [ tableItem ] "}"
//                 (a HEADING among the items is an error: headings stand between statements)
//                 | IDENT [ STRING ] "across" column { "," column } "at" period
//                   [ "with" option { "," option } ] "{" { [ acrossRow ] NEWLINE } [ acrossRow ] "}"
//                 (a table across imported notebooks; see Parser's `across`)
//   column      = IDENT { "." IDENT } [ STRING ]
//   option      = ( "total" | "difference" ) [ STRING ] | "transposed"
//   acrossRow   = IDENT { "." IDENT } [ STRING ]
//   tableItem   = check | IDENT "@" period "=" expr | row
//   row         = IDENT [ STRING ] "=" expr { "," expr } [ aggregate ] [ format ]
//                 (aggregate and format in either order; with more than one expr, a data
//                 row: one literal per period, which the resolver checks)
//   aggregate   = "agg" ( "sum" | "last" | "avg" | "min" | "max" )
//   check       = "check" expr [ STRING ]
//   format      = "as" ( "percent" | "number" | "points" ) [ "(" NUMBER ")" ] | "as" ( "integer" | "text" )
//   period      = PERIOD | NUMBER                                   (a whole number: a year)
//   expr        = "if" expr "then" expr "else" expr | or
//                 (`if(…, …)`, with a comma inside its parentheses, is the call, a primary)
//   or          = and { "or" and }
//   and         = not { "and" not }
//   not         = "not" not | comparison
//   comparison  = additive [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) additive ]
//   additive    = term { ( "+" | "-" ) term }
//   term        = unary { ( "*" | "/" ) unary }
//   unary       = ( "-" | "+" ) unary | power
//   power       = postfix [ "^" unary ]
//   postfix     = primary { "[" expr "]" | "@" periodArg [ ".." periodArg ]
//               | "." IDENT [ "(" args ")" ] }
//                 (after a name or a chain of names, `alias.f(…)`: a call of an imported
//                 notebook's function)
//   periodArg   = PERIOD | NUMBER | "(" expr ")" | IDENT "(" args ")"
//   primary     = NUMBER | STRING | PERIOD | "true" | "false" | "_" | "(" expr ")"
//               | IDENT "(" args ")" | IDENT ".." IDENT | IDENT
//   args        = [ expr { "," expr } ]
//
// IDENT where a name is defined is not a reserved word (`Parser.reserved`). The lexer
// writes no NEWLINE after a token that continues the line (an operator, ",", "and",
// "or", "not", "then", "else", "=") or "{", nor inside "(" or "[" (unless the next line
// starts like a statement); a statement also ends before a HEADING or at EOF.

public struct Parser {
    /// Deeper nesting than this is reported instead of risking the stack.
    public static let maxNesting = 256
    /// Expression trees deeper than this (long chains such as `1 - 1 - 1 - …`) are refused.
    public static let maxHeight = 10_000
    /// Words that cannot name a cell, row, table or function.
    public static let reserved = Keyword.reserved

    /// Reads the tokens as the parser needs them (and drops those it is done with).
    private var lexer: Lexer
    private let source: SourceID
    /// The source, for telling lines apart in messages.
    private let file: SourceFile?
    private var index = 0
    /// Literals such as `1.445`: a decimal in Chiso, a thousands group in Vietnamese.
    private var thousandsLike: [SourceSpan] = []
    private var depth = 0
    private var diagnostics: [Diagnostic] = []
    private var brokenNames: Set<String> = []
    /// Set once the source has `Diagnostic.limit` errors (the lexer's count): the parser
    /// stops reading it.
    private var stopped = false
    /// How many values the last data row had (room is made for as many in the next).
    private var lastDataRow = 0

    private struct Failure: Error {}

    init(file: SourceFile, source: SourceID) {
        self.lexer = Lexer(file: file, id: source)
        self.source = source
        self.file = file
    }

    /// A parser of the bytes in `range` only: the inside of a paragraph's `{…}`.
    init(file: SourceFile, source: SourceID, range: Range<Int>) {
        self.lexer = Lexer(file: file, id: source, range: range)
        self.source = source
        self.file = file
    }

    /// Parses a whole notebook: the statements that parse and a diagnostic for each that
    /// does not (the lexer's first, then the parser's).
    public static func parse(_ file: SourceFile, id: SourceID) -> (tree: SyntaxTree, diagnostics: [Diagnostic]) {
        var parser = Parser(file: file, source: id)
        let statements = parser.notebook()
        let warnings = LocaleLiterals.warnings(parser.thousandsLike, in: file, statements: statements)
        return (
            SyntaxTree(source: id, statements: statements, brokenNames: parser.brokenNames),
            parser.lexer.errors + parser.diagnostics + warnings
        )
    }

    /// Parses one expression (a `--set` value, a REPL input): nil and diagnostics when it does not parse.
    public static func parseExpression(_ file: SourceFile, id: SourceID) -> (Expr?, [Diagnostic]) {
        let (list, diagnostics) = parseValues(file, id: id)
        guard let list else { return (nil, diagnostics) }
        guard list.count == 1 else {
            return (nil, [.error(.syntax, "expected one value, found a list of \(list.count)", at: list[1].span)])
        }
        return (list[0], [])
    }

    /// Parses one expression or a comma-separated list of them (a data row's values).
    public static func parseValues(_ file: SourceFile, id: SourceID) -> ([Expr]?, [Diagnostic]) {
        let lexErrors = Lexer.tokenize(file, id: id).diagnostics
        guard lexErrors.isEmpty else { return (nil, lexErrors) }
        var parser = Parser(file: file, source: id)
        do {
            var e = [try parser.expression()]
            while parser.match(.comma) { e.append(try parser.expression()) }
            parser.skipNewlines()
            guard parser.peek.kind == .eof else {
                parser.error("expected the end of the value, found \(parser.peek.kind.display)", parser.peek.span)
                return (nil, parser.diagnostics)
            }
            return (e, [])
        } catch {
            return (nil, parser.diagnostics)
        }
    }

    /// Parses one line of a `with { … }` typed alone (the REPL's `alias.row@P = value`):
    /// nil and diagnostics when it does not parse.
    static func parseReplacement(_ file: SourceFile, id: SourceID) -> (UseDecl.Override?, [Diagnostic]) {
        let lexErrors = Lexer.tokenize(file, id: id).diagnostics
        guard lexErrors.isEmpty else { return (nil, lexErrors) }
        var parser = Parser(file: file, source: id)
        do {
            parser.skipNewlines()
            let replacement = try parser.replacement()
            parser.skipNewlines()
            guard parser.peek.kind == .eof else {
                parser.error("expected the end of the input, found \(parser.peek.kind.display)", parser.peek.span)
                return (nil, parser.diagnostics)
            }
            return (replacement, [])
        } catch {
            return (nil, parser.diagnostics)
        }
    }

    // MARK: Statements

    mutating func notebook() -> [Statement] {
        var statements: [Statement] = []
        while !stopped {
            skipNewlines()
            if peek.kind == .eof { break }
            let start = index
            lexer.drop(before: start - 1)
            let head = self.head
            do {
                let s = try statement()
                try endOfStatement()
                statements.append(s)
            } catch {
                noteBroken(head)
                synchronize(inTable: false)
            }
            ensureProgress(since: start)
        }
        return statements
    }

    private mutating func statement() throws -> Statement {
        let token = peek
        if case .heading(let text) = token.kind {
            advance()
            return .heading(text, token.span)
        }
        if case .prose = token.kind { return .paragraph(paragraph()) }
        guard let word = token.identifier else {
            throw fail(
                "expected a definition, found \(token.kind.display)", token.span,
                help: "a statement is `name = …`, `table …`, `fn …`, `check …` or a `## heading`")
        }
        switch Keyword(rawValue: word) {
        case .locale:
            advance()
            let nameToken = peek
            guard let value = nameToken.identifier, let locale = DisplayLocale(rawValue: value) else {
                throw fail("expected a locale, found \(nameToken.kind.display)", nameToken.span, help: "write `locale vi` or `locale en`")
            }
            advance()
            return .locale(locale, token.span.merged(with: nameToken.span))
        case .fn:
            advance()
            return .function(try function(start: token.span))
        case .table:
            advance()
            if isAcross() { return .across(try across(start: token.span)) }
            return .table(try table(start: token.span))
        case .check:
            return .check(try check())
        case .use:
            advance()
            return .use(try use(start: token.span))
        case .chart:
            advance()
            return .chart(try chart(start: token.span))
        default:
            if peek(1).kind == .dot, case .identifier = peek(2).kind {
                let table = try name()
                advance()  // .
                return .tableItem(table: table, try tableItem())
            }
            return .cell(try cell())
        }
    }

    /// `use "path" [as alias] [with { target = value, … }]`; the braces may span lines.
    private mutating func use(start: SourceSpan) throws -> UseDecl {
        guard case .string(let path) = peek.kind else {
            throw fail(
                "expected the notebook's path in quotes after 'use'", peek.span,
                help: "for example: use \"../so-noi-vu/dan-so.chiso\" as ds")
        }
        let pathSpan = peek.span
        advance()
        var alias: Name?
        if peek.isKeyword(.as) {
            advance()
            alias = try name()
        }
        let pin = try pinned()
        var overrides: [UseDecl.Override] = []
        if peek.isKeyword(.with) {
            advance()
            try expect(.lbrace, "'{' and the definitions to replace")
            while true {
                while peek.kind == .newline || peek.kind == .comma { advance() }
                if peek.kind == .eof { throw fail("expected '}' to close the 'with' block", peek.span) }
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
            path: path, pathSpan: pathSpan, alias: alias, overrides: overrides, span: start.merged(with: previous.span), pin: pin)
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
        while peek.kind == .comma, peek(1).kind != .newline,
            !(peek(1).identifier.map { _ in peek(2).kind == .assign || peek(2).kind == .dot || peek(2).kind == .at } ?? false)
        {
            advance()
            values.append(try expression())
        }
        guard peek.kind == .newline || peek.kind == .comma || peek.kind == .rbrace || peek.kind == .eof else {
            throw fail(
                "expected the end of the line, found \(peek.kind.display)", peek.span,
                help: "one replacement per line: name = value")
        }
        return .init(target: target, period: period, values: values, span: first.span.merged(with: previous.span))
    }

    /// `pinned "sha256:…"` (a word only here, not reserved), or nil.
    private mutating func pinned() throws -> Pin? {
        guard peek.identifier == "pinned" else { return nil }
        advance()
        guard case .string(let hash) = peek.kind else {
            throw fail(
                "expected the pinned hash in quotes after 'pinned'", peek.span,
                help: "for example: pinned \"sha256:…\"; `chiso pin FILE --write` writes the pins")
        }
        let span = peek.span
        advance()
        return Pin(hash: hash, span: span)
    }

    private mutating func cell() throws -> CellDecl {
        let n = try name()
        if peek.kind == .at {
            throw fail(
                "'\(n.text)@…' overrides a cell of a table row; write table.\(n.text)@period = …", peek.span,
                help: "a scalar cell has one value, not one per period")
        }
        let label = optionalLabel()
        try expect(.assign, "'=' after the name '\(n.text)'")
        let body = try expression()
        let format = try optionalFormat()
        return CellDecl(name: n, label: label, body: body, format: format, span: n.span.merged(with: previous.span))
    }

    private mutating func function(start: SourceSpan) throws -> FunctionDecl {
        let n = try name()
        try expect(.lparen, "'(' and the parameters of '\(n.text)'")
        var params: [Name] = []
        if peek.kind != .rparen {
            repeat { params.append(try name()) } while match(.comma)
        }
        try expect(.rparen, "')' after the parameters")
        try expect(.assign, "'=' and the function's formula")
        let body = try expression()
        let format = try optionalFormat()
        return FunctionDecl(name: n, parameters: params, body: body, format: format, span: start.merged(with: previous.span))
    }

    private mutating func table(start: SourceSpan) throws -> TableDecl {
        let n = try name()
        let label = optionalLabel()
        guard peek.isKeyword(.over) else {
            throw fail(
                "expected 'over' and the periods of table '\(n.text)'", peek.span,
                help: "for example: table \(n.text) over 2018Q1..2019Q1 { … }")
        }
        advance()
        let rangeStart = peek.span
        let first = try periodLiteral()
        try expect(.dotdot, "'..' between the first and last period")
        let last = try periodLiteral()
        let rangeSpan = rangeStart.merged(with: previous.span)
        var totalLabel: String?
        var hasTotal = false
        var source: (path: String, span: SourceSpan)?
        var sheet: (name: String, span: SourceSpan)?
        var sourcePin: Pin?
        var options = TableOptions()
        var sawWith = false
        // `from "data.csv"` and `with total ["Label"], subtotals`, in either order.
        for _ in 0..<2 {
            if !sawWith, peek.isKeyword(.with) {
                advance()
                sawWith = true
                options = try tableOptions()
                hasTotal = options.total != nil
                totalLabel = options.totalLabel
            } else if source == nil, peek.isKeyword(.from) {
                advance()
                guard case .string(let path) = peek.kind else {
                    throw fail("expected the data file's path in quotes after 'from'", peek.span, help: "for example: from \"data/q1.csv\"")
                }
                source = (path, peek.span)
                advance()
                sheet = try sheetName()
                sourcePin = try pinned()
            }
        }
        try expect(.lbrace, "'{' and the rows of table '\(n.text)'")
        var items: [TableDecl.Item] = []
        while true {
            skipNewlines()
            if peek.kind == .rbrace || peek.kind == .eof { break }
            if stopped { throw Failure() }
            let start = index
            lexer.drop(before: start - 1)
            let head = self.head
            if case .heading = peek.kind {
                // A heading is printed between tables and cells; it cannot stand among rows.
                error(
                    "a heading cannot be inside a table block", peek.span,
                    help: "move the `##` line above `table \(n.text) …` or below its closing '}'")
                advance()
                continue
            }
            if case .prose = peek.kind {
                error(
                    "a paragraph cannot be inside a table block", peek.span,
                    help: "move the `>` line above `table \(n.text) …` or below its closing '}'")
                advance()
                continue
            }
            do {
                let item = try tableItem()
                if peek.kind != .rbrace { try endOfStatement() }
                items.append(item)
            } catch {
                noteBroken(head, table: n.text)
                synchronize(inTable: true)
            }
            ensureProgress(since: start)
        }
        try expect(.rbrace, "'}' to close table '\(n.text)'")
        return TableDecl(
            name: n, label: label, first: first, last: last, rangeSpan: rangeSpan,
            hasTotal: hasTotal, totalLabel: totalLabel, source: source, sheet: sheet, items: items,
            span: start.merged(with: previous.span), sourcePin: sourcePin, subtotals: options.subtotals, trend: options.trend != nil)
    }

    /// A table's options after `with`, each at most once.
    struct TableOptions {
        var total: SourceSpan?
        var totalLabel: String?
        var subtotals: SourceSpan?
        var trend: SourceSpan?
    }

    /// `option { "," option }` after a table's `with`: `total ["Label"]`, `subtotals`, `trend`.
    private mutating func tableOptions() throws -> TableOptions {
        var options = TableOptions()
        repeat {
            let span = peek.span
            func once(_ seen: SourceSpan?, _ word: String) throws {
                guard let seen else { return }
                throw fail(
                    "'\(word)' is given twice after 'with'", span, help: "write each option once",
                    notes: [.init(span: seen, message: "the first '\(word)'")])
            }
            if peek.isKeyword(.total) {
                try once(options.total, "total")
                advance()
                options.total = span
                options.totalLabel = optionalLabel()
            } else if case .identifier("subtotals") = peek.kind {
                try once(options.subtotals, "subtotals")
                advance()
                options.subtotals = span
            } else if peek.isKeyword(.trend) {
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

    // MARK: Tables across imported notebooks

    /// Whether the table being read is `name ["Label"] across …` (`across` is a word only here).
    private mutating func isAcross() -> Bool {
        guard peek.identifier != nil else { return false }
        if peek(1).identifier == "across" { return true }
        if case .string = peek(1).kind, peek(2).identifier == "across" { return true }
        return false
    }

    /// `name ["Label"] across a ["A"], b.c ["B"] at P [with total ["L"] | difference ["L"], transposed] { rows }`.
    private mutating func across(start: SourceSpan) throws -> AcrossDecl {
        let n = try name()
        let label = optionalLabel()
        advance()  // across
        var columns: [AcrossDecl.Column] = []
        repeat {
            while peek.kind == .newline { advance() }
            let first = try name()
            var path = [first]
            while match(.dot) { path.append(try name()) }
            let columnLabel = optionalLabel()
            columns.append(.init(path: path, label: columnLabel, span: first.span.merged(with: previous.span)))
        } while match(.comma)
        guard peek.identifier == "at" else {
            throw fail(
                "expected 'at' and the period of table '\(n.text)', found \(peek.kind.display)", peek.span,
                help: "a table across notebooks shows one period: for example `across a \"A\", b \"B\" at 2019Q1 { … }`")
        }
        advance()
        let periodStart = peek.span
        let period = try periodLiteral()
        let periodSpan = periodStart.merged(with: previous.span)
        if peek.kind == .dotdot {
            throw fail(
                "a table across notebooks shows one period, not a range", peek.span,
                help: "write one period after 'at' (a year or a half reads a quarterly row's roll-up)")
        }
        var extra: AcrossDecl.Extra?
        var transposed = false
        if peek.isKeyword(.with) {
            advance()
            var seen: [String: SourceSpan] = [:]
            repeat {
                let t = peek
                guard let word = t.identifier, ["total", "difference", "transposed"].contains(word) else {
                    throw fail(
                        "expected 'total', 'difference' or 'transposed' after 'with', found \(t.kind.display)", t.span,
                        help: "for example: with total \"Toàn tỉnh\", transposed")
                }
                if let first = seen[word] {
                    throw fail("'\(word)' is given twice", t.span, notes: [.init(span: first, message: "first given here")])
                }
                seen[word] = t.span
                advance()
                switch word {
                case "transposed":
                    transposed = true
                default:
                    let kind = AcrossDecl.Extra.Kind(rawValue: word)!
                    if let other = extra {
                        throw fail(
                            "a table across notebooks has a total or a difference column, not both", t.span,
                            help: "make two tables, one with each",
                            notes: [.init(span: other.span, message: "'\(other.kind.rawValue)' given here")])
                    }
                    extra = .init(kind: kind, label: optionalLabel(), span: t.span)
                }
            } while match(.comma)
        }
        try expect(.lbrace, "'{' and the rows of table '\(n.text)'")
        var rows: [AcrossDecl.Row] = []
        var attempted = false
        while true {
            skipNewlines()
            if peek.kind == .rbrace || peek.kind == .eof { break }
            if stopped { throw Failure() }
            let start = index
            attempted = true
            do {
                let first = try name()
                var path = [first]
                while match(.dot) { path.append(try name()) }
                let rowLabel = optionalLabel()
                if peek.kind == .assign {
                    throw fail(
                        "a row of a table across notebooks names a figure of each notebook; it has no formula", peek.span,
                        help: "write the row's name as each notebook has it (`hs.tiep_nhan`); compute new figures in the notebook itself")
                }
                let rowSpan = first.span.merged(with: previous.span)
                if peek.kind != .rbrace { try endOfStatement() }
                rows.append(.init(path: path, label: rowLabel, span: rowSpan))
            } catch {
                while peek.kind != .newline, peek.kind != .rbrace, peek.kind != .eof { advance() }
            }
            ensureProgress(since: start)
        }
        try expect(.rbrace, "'}' to close table '\(n.text)'")
        if !attempted {
            error(
                "table '\(n.text)' has no rows", n.span, help: "name a figure of each notebook on each line, for example hs.tiep_nhan")
        }
        return AcrossDecl(
            name: n, label: label, columns: columns, period: period, periodSpan: periodSpan, extra: extra, transposed: transposed,
            rows: rows, span: start.merged(with: previous.span))
    }

    /// `chart "Title" line|bar series, …`.
    private mutating func chart(start: SourceSpan) throws -> ChartDecl {
        guard case .string(let title) = peek.kind else {
            throw fail(
                "expected the chart's title in quotes after 'chart'", peek.span,
                help: "for example: chart \"Hồ sơ tiếp nhận\" line dvc.received")
        }
        advance()
        guard let word = peek.identifier, let kind = ChartDecl.Kind(rawValue: word) else {
            throw fail(
                "expected 'line' or 'bar' after the chart's title, found \(peek.kind.display)", peek.span,
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
        return ChartDecl(title: title, kind: kind, series: series, span: start.merged(with: previous.span))
    }

    /// `sheet "Name"` after a data file's path (a workbook's sheet), or nil.
    private mutating func sheetName() throws -> (name: String, span: SourceSpan)? {
        guard case .identifier("sheet") = peek.kind else { return nil }
        advance()
        guard case .string(let name) = peek.kind else {
            throw fail(
                "expected the sheet's name in quotes after 'sheet'", peek.span, help: "for example: from \"data.xlsx\" sheet \"Số liệu\"")
        }
        defer { advance() }
        return (name, peek.span)
    }

    private mutating func tableItem() throws -> TableDecl.Item {
        if peek.isKeyword(.check) { return .check(try check()) }
        let n = try name()
        if match(.at) {
            let periodStart = peek.span
            let period = try periodLiteral()
            let periodSpan = periodStart.merged(with: previous.span)
            try expect(.assign, "'=' and the cell's formula")
            let body = try expression()
            return .override(
                OverrideDecl(row: n, period: period, periodSpan: periodSpan, body: body, span: n.span.merged(with: previous.span)))
        }
        let label = optionalLabel()
        try expect(.assign, "'=' after the row name '\(n.text)'")
        var values = [try dataValue()]
        // Data rows are most of a large notebook's syntax, and the rows of a table are
        // as long as each other: room for as many values as the last data row had, rather
        // than an array grown by doubling (and left up to half empty).
        if peek.kind == .comma, lastDataRow > 1 { values.reserveCapacity(lastDataRow) }
        while peek.kind == .comma {
            // `b = a * 31,04%` is no list of literals: the comma is a decimal comma.
            if values.count == 1, !values[0].isLiteral { try refuseDecimalComma() }
            advance()
            // Plain numbers between commas, read by the lexer straight from the bytes.
            while let t = lexer.numberBeforeComma(at: index) { values.append(numberLiteral(t)) }
            values.append(try dataValue())
        }
        // `agg …` and `as …` may come in either order.
        var aggregation: Aggregation?
        var format: FormatSpec?
        for _ in 0..<2 {
            if aggregation == nil, peek.isKeyword(.agg) {
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
            RowDecl(name: n, label: label, body: body, aggregation: aggregation, format: format, span: n.span.merged(with: previous.span)))
    }

    /// A row's value: a number with a comma after it is that literal, read directly (data
    /// rows are most of a large notebook's text); anything else is read as an expression.
    private mutating func dataValue() throws -> Expr {
        if case .number = peek.kind, peek(1).kind == .comma { return try primary() }
        return try expression()
    }

    private mutating func check() throws -> CheckDecl {
        let start = peek.span
        advance()  // check
        let condition = try expression()
        var message: String?
        if case .string(let s) = peek.kind {
            message = s
            advance()
        }
        return CheckDecl(condition: condition, message: message, span: start.merged(with: previous.span))
    }

    private mutating func optionalFormat() throws -> FormatSpec? {
        guard peek.isKeyword(.as) else { return nil }
        let start = peek.span
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
                throw fail("expected a number of decimals from 0 to 15", peek.span)
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
            throw fail("'\(word)' takes no number of decimals", t.span.merged(with: previous.span))
        default:
            throw fail("unknown format '\(word)'", t.span, help: "percent, percent(1), number(2), integer, text or points(1)")
        }
        return FormatSpec(format: format, span: start.merged(with: previous.span))
    }

    private mutating func optionalLabel() -> String? {
        if case .string(let s) = peek.kind {
            advance()
            return s
        }
        return nil
    }

    // MARK: Expressions

    mutating func expression() throws -> Expr {
        try nested {
            // A lone name or `table.row` before `,`, `)` or the end of the line (a sum's
            // thousands of arguments, `x = y`): what the ten levels below would make.
            if let e = $0.plainOperand(endingExpression: true) { return e }
            if $0.peek.isKeyword(.if), !$0.isFunctionStyleIf() {
                let start = $0.peek.span
                $0.advance()
                let condition = try $0.expression()
                guard $0.peek.isKeyword(.then) else {
                    throw $0.fail("expected 'then' after the condition", $0.peek.span, help: "write: if condition then a else b")
                }
                $0.advance()
                let then = try $0.expression()
                guard $0.peek.isKeyword(.else) else {
                    throw $0.fail("expected 'else' (every 'if' needs one)", $0.peek.span, help: "write: if condition then a else b")
                }
                $0.advance()
                let otherwise = try $0.expression()
                return Expr(.ifThenElse(condition, then, otherwise), start.merged(with: otherwise.span))
            }
            return try $0.or()
        }
    }

    /// `if(c, a, b)`: a call, told apart from `if (c) then …` by a comma inside the
    /// parentheses (the same rule as `isFunctionStyleIf(at:in:)`, reading on as needed).
    private mutating func isFunctionStyleIf() -> Bool {
        Self.isFunctionStyleIf(at: index) { i in self.lexer.has(i) ? self.lexer.token(i).kind : nil }
    }

    /// Whether the `if` at `index` is a call `if(c, a, b)`: a comma at the first level of
    /// the parentheses after it. Shared with the formatter, which spaces the two differently.
    static func isFunctionStyleIf(at index: Int, in tokens: [Token]) -> Bool {
        isFunctionStyleIf(at: index) { i in i < tokens.count ? tokens[i].kind : nil }
    }

    /// The rule itself, over `kind(i)`: the kind of token `i`, nil past the last.
    private static func isFunctionStyleIf(at index: Int, kind: (Int) -> Token.Kind?) -> Bool {
        guard kind(index + 1) == .lparen else { return false }
        var depth = 0, i = index + 1
        while let k = kind(i) {
            switch k {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket:
                depth -= 1
                if depth == 0 { return false }
            case .comma where depth == 1: return true
            case .eof, .newline, .lbrace, .rbrace: return false
            default: break
            }
            i += 1
        }
        return false
    }

    private mutating func or() throws -> Expr {
        var left = try and()
        while peek.isKeyword(.or) {
            advance()
            let right = try and()
            left = try limited(Expr(.binary(.or, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func and() throws -> Expr {
        var left = try not()
        while peek.isKeyword(.and) {
            advance()
            let right = try not()
            left = try limited(Expr(.binary(.and, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func not() throws -> Expr {
        if peek.isKeyword(.not) {
            let start = peek.span
            advance()
            let operand = try nested { try $0.not() }
            return Expr(.unary(.not, operand), start.merged(with: operand.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws -> Expr {
        let left = try additive()
        let op: BinaryOp
        switch peek.kind {
        case .eq: op = .eq
        case .ne: op = .ne
        case .lt: op = .lt
        case .le: op = .le
        case .gt: op = .gt
        case .ge: op = .ge
        case .assign:
            if case .binary(let op, _, let right) = left.kind, case .name = right.kind, startsLine(right.span) {
                throw fail(
                    "line \(line(of: right.span) - 1) ends with '\(op.rawValue)', so this line was read as its continuation", peek.span,
                    help: "finish the expression on the line before, or remove the trailing '\(op.rawValue)'")
            }
            throw fail("'=' defines a name; to compare, write '=='", peek.span)
        default: return left
        }
        advance()
        let right = try additive()
        return Expr(.binary(op, left, right), left.span.merged(with: right.span))
    }

    private mutating func additive() throws -> Expr {
        var left = try term()
        while peek.kind == .plus || peek.kind == .minus {
            let op: BinaryOp = peek.kind == .plus ? .add : .subtract
            advance()
            let right = try term()
            left = try limited(Expr(.binary(op, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func term() throws -> Expr {
        var left = try unary()
        while peek.kind == .star || peek.kind == .slash {
            let op: BinaryOp = peek.kind == .star ? .multiply : .divide
            advance()
            let right = try unary()
            left = try limited(Expr(.binary(op, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    /// Refuses a tree too deep to resolve and evaluate safely (a chain of thousands of operators).
    private mutating func limited(_ e: Expr) throws -> Expr {
        guard e.height <= Parser.maxHeight else {
            throw fail(
                "expression too long (more than \(Parser.maxHeight) operations in a chain)", e.span,
                help: "split it into named cells, or use sum(…) over a row range")
        }
        return e
    }

    private mutating func unary() throws -> Expr {
        if let e = plainOperand(endingExpression: false) { return e }
        if peek.kind == .minus {
            let start = peek.span
            advance()
            let operand = try nested { try $0.unary() }
            if case .number(let n, let p) = operand.kind {
                return Expr(.number(-n, percent: p), start.merged(with: operand.span))
            }
            return Expr(.unary(.negate, operand), start.merged(with: operand.span))
        }
        if peek.kind == .plus {
            advance()
            return try nested { try $0.unary() }
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        let exponent = try nested { try $0.unary() }
        return Expr(.binary(.power, base, exponent), base.span.merged(with: exponent.span))
    }

    private mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            switch peek.kind {
            case .lbracket:
                advance()
                let k = try expression()
                try expect(.rbracket, "']' after the period offset")
                e = try limited(Expr(.offset(e, k), e.span.merged(with: previous.span)))
            case .at:
                advance()
                let from = try periodArgument()
                var to: Expr?
                if match(.dotdot) { to = try periodArgument() }
                e = try limited(Expr(.at(e, from, to), e.span.merged(with: previous.span)))
            case .dot:
                advance()
                let member = try name()
                // `alias.f(…)`: a function of an imported notebook, called by its qualified name.
                if peek.kind == .lparen, let qualified = e.nameChain?.joined(separator: ".") {
                    advance()
                    var args: [Expr] = []
                    if peek.kind != .rparen {
                        repeat { args.append(try expression()) } while match(.comma)
                    }
                    try expect(.rparen, "')' to close the call of '\(qualified).\(member.text)'")
                    e = Expr(.call(qualified + "." + member.text, args), e.span.merged(with: previous.span))
                    continue
                }
                e = try limited(Expr(.member(e, member.text), e.span.merged(with: member.span)))
            default:
                return e
            }
        }
    }

    /// After `@`: a period literal, a bare year, or a parenthesised / called expression.
    private mutating func periodArgument() throws -> Expr {
        let t = peek
        switch t.kind {
        case .period(let p):
            advance()
            return Expr(.period(p), t.span)
        case .number(let n, percent: false) where n == n.rounded() && n >= 1 && n <= 9999:
            advance()
            return Expr(.period(Period(.year, year: Int(n))!), t.span)
        case .lparen:
            return try primary()
        case .identifier where peek(1).kind == .lparen:
            return try primary()
        case .invalid:
            advance()
            return Expr(.invalid, t.span)
        default:
            throw fail(
                "expected a period after '@', found \(t.kind.display)", t.span, help: "for example x@2019Q1, x@2020 or x@2018Q1..2018Q4")
        }
    }

    private mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .number:
            advance()
            return numberLiteral(t)
        case .string(let s):
            advance()
            return Expr(.text(s), t.span)
        case .period(let p):
            advance()
            return Expr(.period(p), t.span)
        case .invalid:
            advance()
            return Expr(.invalid, t.span)
        case .lparen:
            advance()
            let e = try expression()
            guard match(.rparen) else {
                throw fail(
                    "expected ')' to close the '(' \(whereIs(t.span)), found \(peek.kind.display)", peek.span,
                    notes: [.init(span: t.span, message: "'(' opened here")])
            }
            return Expr(e.kind, t.span.merged(with: previous.span))
        case .identifier(let word):
            switch word {
            case "true", "false":
                advance()
                return Expr(.boolean(word == "true"), t.span)
            case "_":
                advance()
                return Expr(.blank, t.span)
            case "then", "else", "and", "or":
                throw fail("expected a value, found '\(word)'", t.span)
            default: break
            }
            advance()
            if match(.lparen) {
                var args: [Expr] = []
                if peek.kind != .rparen {
                    repeat { args.append(try expression()) } while match(.comma)
                }
                try expect(.rparen, "')' to close the call of '\(word)'")
                return Expr(.call(word, args), t.span.merged(with: previous.span))
            }
            if peek.kind == .dotdot, case .identifier(let last) = peek(1).kind {
                advance()
                advance()
                return Expr(.rowRange(word, last), t.span.merged(with: previous.span))
            }
            return Expr(.name(word), t.span)
        default:
            throw fail("expected a value, found \(t.kind.display)", t.span)
        }
    }

    /// `name` or `name.member` when what follows cannot continue it (`postfix` and
    /// `primary` would read it to the same `Expr`), else nil with nothing read. With
    /// `endingExpression`, only `,`, `)` or the end of the line may follow (nothing of the
    /// levels above `unary` either); otherwise no `[`, `@`, `.`, `(`, `..` or `^`.
    private mutating func plainOperand(endingExpression: Bool) -> Expr? {
        let t = peek
        guard case .identifier(let word) = t.kind else { return nil }
        switch word {
        case "true", "false", "_", "then", "else", "and", "or", "if", "not": return nil
        default: break
        }
        func ends(_ kind: Token.Kind) -> Bool {
            switch kind {
            case .comma, .rparen, .newline, .eof: true
            case .rbracket, .rbrace, .plus, .minus, .star, .slash, .eq, .ne, .lt, .le, .gt, .ge: !endingExpression
            default: false
            }
        }
        let next = peek(1)
        if ends(next.kind) {
            advance()
            return Expr(.name(word), t.span)
        }
        guard next.kind == .dot, case .identifier(let member) = peek(2).kind, !Parser.reserved.contains(member), ends(peek(3).kind)
        else { return nil }
        let memberSpan = peek(2).span
        advance()
        advance()
        advance()
        return Expr(.member(Expr(.name(word), t.span), member), t.span.merged(with: memberSpan))
    }

    /// A number token as a literal (noting one that reads like a Vietnamese thousands group).
    private mutating func numberLiteral(_ t: Token) -> Expr {
        guard case .number(let n, let p) = t.kind else { return Expr(.invalid, t.span) }
        // Whole numbers (most data) are told apart without rounding: below 2^52 by conversion.
        let whole = n.magnitude >= 0x1p52 || Double(Int64(n)) == n
        if !p, !whole, let file, LocaleLiterals.looksLikeThousands(file.bytes[t.span.start..<t.span.end]) {
            thousandsLike.append(t.span)
        }
        return Expr(.number(n, percent: p), t.span)
    }

    // MARK: Pieces

    private mutating func name() throws -> Name {
        let t = peek
        guard let word = t.identifier else { throw fail("expected a name, found \(t.kind.display)", t.span) }
        if Parser.reserved.contains(word) {
            throw fail("'\(word)' is a reserved word and cannot be a name", t.span)
        }
        advance()
        return Name(text: word, span: t.span)
    }

    private mutating func periodLiteral() throws -> Period {
        let t = peek
        switch t.kind {
        case .invalid:
            advance()
            throw Failure()
        case .period(let p):
            advance()
            return p
        case .number(let n, percent: false) where n == n.rounded() && n >= 1 && n <= 9999:
            advance()
            return Period(.year, year: Int(n))!
        default:
            throw fail("expected a period, found \(t.kind.display)", t.span, help: Period.kindsHelp)
        }
    }

    /// Runs a rule one nesting level deeper, refusing to go past `maxNesting`.
    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting {
            throw fail("expression nested too deeply (more than \(Parser.maxNesting) levels)", peek.span, help: "split it into named cells")
        }
        return try body(&self)
    }

    private mutating func endOfStatement() throws {
        switch peek.kind {
        case .newline: advance()
        case .eof: break
        case .heading: break
        default:
            try refuseDecimalComma()
            if case .number = peek.kind, case .number = previous.kind {
                throw fail(
                    "expected the end of the line, found \(peek.kind.display)", peek.span,
                    help: "to group digits write 1_290_000 (no spaces); to list values per period, separate them with commas")
            }
            throw fail(
                "expected the end of the line, found \(peek.kind.display)", peek.span,
                help: "one statement per line; a `,` or operator at the end of a line continues it")
        }
    }

    /// `31,04%` in a formula: a number, a comma and a number with nothing between them is a
    /// Vietnamese decimal, which Chiso's formulas write `31.04%`.
    private mutating func refuseDecimalComma() throws {
        guard peek.kind == .comma, case .number = previous.kind, case .number = peek(1).kind,
            previous.span.end == peek.span.start, peek.span.end == peek(1).span.start, let file
        else { return }
        let span = previous.span.merged(with: peek(1).span)
        let written = String(decoding: file.bytes[span.start..<span.end], as: UTF8.self)
        throw fail(
            "'\(written)' is written with a decimal comma", span,
            help:
                "in formulas the decimal point is always '.', whatever the locale: write \(written.replacingOccurrences(of: ",", with: "."))"
        )
    }

    /// The first three tokens of the statement about to be read (kept for `noteBroken`,
    /// since the tokens of a long statement are dropped as it is read).
    private var head: (Token, Token, Token) {
        mutating get { (peek, peek(1), peek(2)) }
    }

    /// Remembers the name a broken statement was defining (`name … =` or `table name …`),
    /// from its first tokens.
    private mutating func noteBroken(_ head: (Token, Token, Token), table: String? = nil) {
        guard let first = head.0.identifier else { return }
        if first == "table", let name = head.1.identifier {
            brokenNames.insert(name)
            return
        }
        if first == "fn" || Parser.reserved.contains(first) { return }
        if head.1.kind == .dot, let row = head.2.identifier {
            brokenNames.insert("\(first).\(row)")
            return
        }
        brokenNames.insert(table.map { "\($0).\(first)" } ?? first)
    }

    /// Skips to the start of the next statement (in a table: the next row or the closing `}`).
    private mutating func synchronize(inTable: Bool) {
        var braces = 0
        while true {
            switch peek.kind {
            case .eof: return
            case .newline where braces == 0: advance(); return
            case .heading where braces == 0: return
            case .lbrace: braces += 1; advance()
            case .rbrace:
                if braces > 0 {
                    braces -= 1
                    advance()
                    if braces == 0, !inTable { return }
                    continue
                }
                if inTable { return }
                advance()
                return
            default: advance()
            }
        }
    }

    /// After a line of a `with { }` block that does not parse: when the error was found on
    /// a later line that starts a replacement of its own (the line before ended with an
    /// operator), reading starts again there; otherwise at the next line. The block's `}`
    /// is left for the block.
    private mutating func recoverInWith(from start: Int) {
        // A statement's tokens are kept until it ends, so the line's tokens are still there.
        func line(_ k: Int) -> Int { file?.lineIndex(of: lexer.token(k).span.start) ?? 0 }
        let errorLine = line(index)
        if errorLine > line(start), start >= lexer.base, let k = (start + 1...index).first(where: { line($0) == errorLine }),
            lexer.token(k).identifier != nil, [.assign, .dot, .at].contains(lexer.token(k + 1).kind)
        {
            index = k
            return
        }
        while peek.kind != .eof, peek.kind != .rbrace, line(index) <= errorLine {
            if peek.kind == .newline { advance(); return }
            advance()
        }
    }

    /// Every turn of a statement loop reads at least one token. Should a turn ever read
    /// none (a bug in recovery), the token is reported and skipped rather than read again
    /// for ever.
    private mutating func ensureProgress(since start: Int) {
        guard index == start, peek.kind != .eof else { return }
        error("cannot read \(peek.kind.display) here", peek.span)
        advance()
    }

    private mutating func skipNewlines() {
        while peek.kind == .newline { advance() }
    }

    private var peek: Token { mutating get { lexer.token(index) } }
    private mutating func peek(_ k: Int) -> Token { lexer.token(index + k) }
    private var previous: Token { mutating get { lexer.token(max(lexer.base, index - 1)) } }

    private mutating func advance() {
        if lexer.has(index + 1) { index += 1 }
    }

    private mutating func match(_ kind: Token.Kind) -> Bool {
        guard peek.kind == kind else { return false }
        advance()
        return true
    }

    /// `what` is made only for the message: it names the row or table at hand, and was
    /// built for every row of a notebook, error or not.
    private mutating func expect(_ kind: Token.Kind, _ what: @autoclosure () -> String) throws {
        guard match(kind) else { throw fail("expected \(what()), found \(peek.kind.display)", peek.span) }
    }

    private func line(of span: SourceSpan) -> Int {
        file.map { $0.lineIndex(of: span.start) + 1 } ?? 0
    }

    /// "on line 3" when the span is on an earlier line than the current token, else "".
    private mutating func whereIs(_ span: SourceSpan) -> String {
        let l = line(of: span)
        return l > 0 && l != line(of: peek.span) ? "on line \(l)" : "at column \(file?.location(of: span.start).column ?? 0)"
    }

    /// Whether only spaces stand before the span on its line.
    private func startsLine(_ span: SourceSpan) -> Bool {
        guard let file else { return false }
        var i = span.start - 1
        while i >= 0, file.bytes[i] == UInt8(ascii: " ") || file.bytes[i] == UInt8(ascii: "\t") { i -= 1 }
        return i < 0 || file.bytes[i] == UInt8(ascii: "\n")
    }

    /// Records an error; once the source has `Diagnostic.limit` of them, says so and stops.
    private mutating func error(_ message: String, _ span: SourceSpan, help: String? = nil, notes: [Diagnostic.Note] = []) {
        if stopped { return }
        if lexer.errors.count + diagnostics.count >= Diagnostic.limit {
            stopped = true
            // A lexer that stopped has said so already.
            if !lexer.stoppedEarly {
                diagnostics.append(
                    .error(
                        .syntax, "too many errors (\(Diagnostic.limit)); stopped reading at line \(line(of: span))", at: span,
                        help: "is this a Chiso notebook?"))
            }
            return
        }
        diagnostics.append(.error(.syntax, message, at: span, help: help, notes: notes))
    }

    /// Records an error and returns the failure to throw. At the rest of a statement too
    /// long to read, the error is that.
    private mutating func fail(_ message: String, _ span: SourceSpan, help: String? = nil, notes: [Diagnostic.Note] = []) -> Failure {
        if peek.kind == .tooLong {
            error(
                "statement too long (more than \(Lexer.maxStatementTokens) names, numbers and symbols)", peek.span,
                help: "split it into several cells; a long data row can be read from a CSV file (table … from \"data.csv\")")
        } else {
            error(message, span, help: help, notes: notes)
        }
        return Failure()
    }
}

// MARK: - Paragraphs
//
// `>` lines. The lexer gives each line as one `.prose` token; the parser groups the
// lines of a paragraph and reads each `{…}` in them with a parser of its own over just
// those bytes, so a value's diagnostics point at its column of its line. The text
// around the values is kept as written, each line trimmed, the lines joined with one
// space.

extension Parser {
    /// One paragraph: `>` lines on consecutive source lines, up to a lone `>` (which it
    /// takes, with any after it) or a line that is not prose.
    fileprivate mutating func paragraph() -> ParagraphDecl {
        let first = peek.span
        var parts: [ParagraphDecl.Part] = []
        var hasText = false, separated = false
        while case .prose(let text) = peek.kind {
            let line = peek
            advance()
            if text.trimmed(of: " \t").isEmpty {
                if hasText { separated = true }
            } else {
                if hasText { parts.append(.text(" ")) }
                hasText = true
                parts += proseLine(line)
            }
            // The next line goes on this paragraph when it is the next source line and
            // either a lone `>` or text before any lone `>`.
            guard peek.kind == .newline, case .prose(let next) = peek(1).kind,
                self.line(of: peek(1).span) == self.line(of: line.span) + 1,
                next.trimmed(of: " \t").isEmpty || !separated
            else { break }
            advance()
        }
        return ParagraphDecl(parts: Self.merged(parts), span: first.merged(with: previous.span))
    }

    /// Adjacent texts as one.
    private static func merged(_ parts: [ParagraphDecl.Part]) -> [ParagraphDecl.Part] {
        var out: [ParagraphDecl.Part] = []
        for p in parts {
            if case .text(let b) = p, case .text(let a)? = out.last {
                out[out.count - 1] = .text(a + b)
            } else if case .text("") = p {
                continue
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// The parts of one `>` line: its text (trimmed) and its `{…}` values.
    private mutating func proseLine(_ token: Token) -> [ParagraphDecl.Part] {
        guard let file else { return [] }
        let bytes = file.bytes
        var parts: [ParagraphDecl.Part] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        let end = token.span.end
        var i = token.span.start + 1
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "{") {
                if i + 1 < end, bytes[i + 1] == UInt8(ascii: "{") {
                    text.append(b)
                    i += 2
                    continue
                }
                guard let close = Self.closingBrace(bytes, from: i + 1, to: end) else {
                    error(
                        "unclosed '{' in a paragraph", span(i, end),
                        help: "close the value with '}' on the same line; write '{{' for a brace in the text")
                    text += bytes[i..<end]
                    break
                }
                flush()
                parts.append(proseValue(i, close))
                i = close + 1
                continue
            }
            if b == UInt8(ascii: "}") {
                if i + 1 < end, bytes[i + 1] == UInt8(ascii: "}") {
                    text.append(b)
                    i += 2
                    continue
                }
                error("a '}' with no '{' before it in a paragraph", span(i, i + 1), help: "write '}}' for a brace in the text")
                i += 1
                continue
            }
            text.append(b)
            i += 1
        }
        flush()
        // The line trimmed: no spaces before its first text or after its last.
        if case .text(let t)? = parts.first {
            parts[0] = .text(String(t.drop { $0 == " " || $0 == "\t" }))
        }
        if case .text(let t)? = parts.last {
            var s = Substring(t)
            while let l = s.last, l == " " || l == "\t" { s.removeLast() }
            parts[parts.count - 1] = .text(String(s))
        }
        return parts
    }

    /// The `}` closing a value that starts at `from`, skipping text literals; nil when the
    /// line ends first.
    private static func closingBrace(_ bytes: [UInt8], from: Int, to end: Int) -> Int? {
        var j = from
        while j < end {
            switch bytes[j] {
            case UInt8(ascii: "}"): return j
            case UInt8(ascii: "\""):
                j += 1
                while j < end, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                j += 1
            default: j += 1
            }
        }
        return nil
    }

    /// `{expr [as format]}` from `open` to `close` (the braces): read by a parser of its own.
    private mutating func proseValue(_ open: Int, _ close: Int) -> ParagraphDecl.Part {
        let braces = span(open, close + 1)
        guard let file else { return .value(Expr(.invalid, braces), nil, braces: braces) }
        let inside = file.bytes[(open + 1)..<close]
        if inside.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            error(
                "empty '{}' in a paragraph", braces,
                help: "put the value to show between the braces, such as {t.row@2019Q1}; write '{{}}' for braces in the text")
            return .value(Expr(.invalid, braces), nil, braces: braces)
        }
        var sub = Parser(file: file, source: source, range: (open + 1)..<close)
        var result = ParagraphDecl.Part.value(Expr(.invalid, braces), nil, braces: braces)
        do {
            let e = try sub.expression()
            let format = try sub.optionalFormat()
            sub.skipNewlines()
            guard sub.peek.kind == .eof else {
                throw sub.fail(
                    "expected '}' after the value, found \(sub.peek.kind.display)", sub.peek.span,
                    help: "a paragraph's '{…}' holds one value, optionally `as` a format: {x@2019Q1 as percent(1)}")
            }
            // `{2019}` alone is the year, as after `@`: a paragraph names it (`năm 2019`).
            if format == nil, case .number(let n, percent: false) = e.kind, n == n.rounded(), n >= 1, n <= 9999,
                let year = Period(.year, year: Int(n))
            {
                result = .value(Expr(.period(year), e.span), nil, braces: braces)
            } else {
                result = .value(e, format, braces: braces)
            }
        } catch {}
        // The value's parser sees its end where the paragraph has the '}'.
        diagnostics += (sub.lexer.errors + sub.diagnostics).map { d in
            var d = d
            for end in [Token.Kind.eof.display, Token.Kind.newline.display] {
                d.message = d.message.replacingOccurrences(of: "found \(end)", with: "found '}'")
            }
            return d
        }
        thousandsLike += sub.thousandsLike
        return result
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(source: source, start: start, end: end)
    }
}
