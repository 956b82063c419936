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
//                 another; each line's `{…}` is read as `expr [ format ]`, see Parser+Paragraphs)
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
    var lexer: Lexer
    let source: SourceID
    /// The source, for telling lines apart in messages.
    let file: SourceFile?
    var index = 0
    /// Literals such as `1.445`: a decimal in Chiso, a thousands group in Vietnamese.
    var thousandsLike: [SourceSpan] = []
    var depth = 0
    var diagnostics: [Diagnostic] = []
    var brokenNames: Set<String> = []
    /// Set once the source has `Diagnostic.limit` errors (the lexer's count): the parser
    /// stops reading it.
    var stopped = false
    /// How many values the last data row had (room is made for as many in the next).
    var lastDataRow = 0

    struct Failure: Error {}

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
            guard parser.peekTag == .eof else {
                parser.error("expected the end of the value, found \(parser.peek.kind.display)", parser.peekSpan)
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
            guard parser.peekTag == .eof else {
                parser.error("expected the end of the input, found \(parser.peek.kind.display)", parser.peekSpan)
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
            if peekTag == .eof { break }
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

    mutating func statement() throws -> Statement {
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
            if peekTag(1) == .dot, case .identifier = peek(2).kind {
                let table = try name()
                advance()  // .
                return .tableItem(table: table, try tableItem())
            }
            return .cell(try cell())
        }
    }

    // MARK: Pieces

    mutating func name() throws -> Name {
        let t = peek
        guard let word = t.identifier else { throw fail("expected a name, found \(t.kind.display)", t.span) }
        if peekTag.isReserved {
            throw fail("'\(word)' is a reserved word and cannot be a name", t.span)
        }
        advance()
        return Name(text: word, span: t.span)
    }

    mutating func periodLiteral() throws -> Period {
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
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting {
            throw fail("expression nested too deeply (more than \(Parser.maxNesting) levels)", peekSpan, help: "split it into named cells")
        }
        return try body(&self)
    }

    mutating func endOfStatement() throws {
        switch peekTag {
        case .newline: advance()
        case .eof: break
        case .heading: break
        default:
            try refuseDecimalComma()
            if case .number = peek.kind, case .number = previous.kind {
                throw fail(
                    "expected the end of the line, found \(peek.kind.display)", peekSpan,
                    help: "to group digits write 1_290_000 (no spaces); to list values per period, separate them with commas")
            }
            throw fail(
                "expected the end of the line, found \(peek.kind.display)", peekSpan,
                help: "one statement per line; a `,` or operator at the end of a line continues it")
        }
    }

    /// `31,04%` in a formula: a number, a comma and a number with nothing between them is a
    /// Vietnamese decimal, which Chiso's formulas write `31.04%`.
    mutating func refuseDecimalComma() throws {
        guard peekTag == .comma, case .number = previous.kind, case .number = peek(1).kind,
            previousSpan.end == peekSpan.start, peekSpan.end == peek(1).span.start, let file
        else { return }
        let span = previousSpan.merged(with: peek(1).span)
        let written = String(decoding: file.bytes[span.start..<span.end], as: UTF8.self)
        throw fail(
            "'\(written)' is written with a decimal comma", span,
            help:
                "in formulas the decimal point is always '.', whatever the locale: write \(written.replacingOccurrences(of: ",", with: "."))"
        )
    }

    /// The first three tokens of the statement about to be read (kept for `noteBroken`,
    /// since the tokens of a long statement are dropped as it is read).
    var head: (Token, Token, Token) {
        mutating get { (peek, peek(1), peek(2)) }
    }

    /// Remembers the name a broken statement was defining (`name … =` or `table name …`),
    /// from its first tokens.
    mutating func noteBroken(_ head: (Token, Token, Token), table: String? = nil) {
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
    mutating func synchronize(inTable: Bool) {
        var braces = 0
        while true {
            switch peekTag {
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
    mutating func recoverInWith(from start: Int) {
        // A statement's tokens are kept until it ends, so the line's tokens are still there.
        func line(_ k: Int) -> Int { file?.lineIndex(of: lexer.token(k).span.start) ?? 0 }
        let errorLine = line(index)
        if errorLine > line(start), start >= lexer.base, let k = (start + 1...index).first(where: { line($0) == errorLine }),
            lexer.token(k).identifier != nil, [.assign, .dot, .at].contains(lexer.token(k + 1).kind)
        {
            index = k
            return
        }
        while peekTag != .eof, peekTag != .rbrace, line(index) <= errorLine {
            if peekTag == .newline { advance(); return }
            advance()
        }
    }

    /// Every turn of a statement loop reads at least one token. Should a turn ever read
    /// none (a bug in recovery), the token is reported and skipped rather than read again
    /// for ever.
    mutating func ensureProgress(since start: Int) {
        guard index == start, peekTag != .eof else { return }
        error("cannot read \(peek.kind.display) here", peekSpan)
        advance()
    }

    mutating func skipNewlines() {
        while peekTag == .newline { advance() }
    }

    var peek: Token { mutating get { lexer.token(index) } }
    mutating func peek(_ k: Int) -> Token { lexer.token(index + k) }
    var previous: Token { mutating get { lexer.token(max(lexer.base, index - 1)) } }
    /// `peek.kind`, `peek(k).kind` and `peek.span` without copying the token.
    var peekTag: TokenTag { mutating get { lexer.tag(index) } }
    mutating func peekTag(_ k: Int) -> TokenTag { lexer.tag(index + k) }
    var peekSpan: SourceSpan { mutating get { lexer.span(index) } }
    var previousSpan: SourceSpan { mutating get { lexer.span(max(lexer.base, index - 1)) } }
    /// Whether the next token is the word `keyword`.
    mutating func peekIsKeyword(_ keyword: Keyword) -> Bool { peekTag == TokenTag(keyword) }

    mutating func advance() {
        if lexer.has(index + 1) { index += 1 }
    }

    mutating func match(_ tag: TokenTag) -> Bool {
        guard peekTag == tag else { return false }
        advance()
        return true
    }

    /// `what` is made only for the message: it names the row or table at hand, and was
    /// built for every row of a notebook, error or not.
    mutating func expect(_ tag: TokenTag, _ what: @autoclosure () -> String) throws {
        guard match(tag) else { throw fail("expected \(what()), found \(peek.kind.display)", peekSpan) }
    }

    func line(of span: SourceSpan) -> Int {
        file.map { $0.lineIndex(of: span.start) + 1 } ?? 0
    }

    /// "on line 3" when the span is on an earlier line than the current token, else "".
    mutating func whereIs(_ span: SourceSpan) -> String {
        let l = line(of: span)
        return l > 0 && l != line(of: peekSpan) ? "on line \(l)" : "at column \(file?.location(of: span.start).column ?? 0)"
    }

    /// Whether only spaces stand before the span on its line.
    func startsLine(_ span: SourceSpan) -> Bool {
        guard let file else { return false }
        var i = span.start - 1
        while i >= 0, file.bytes[i] == UInt8(ascii: " ") || file.bytes[i] == UInt8(ascii: "\t") { i -= 1 }
        return i < 0 || file.bytes[i] == UInt8(ascii: "\n")
    }

    /// Records an error; once the source has `Diagnostic.limit` of them, says so and stops.
    mutating func error(_ message: String, _ span: SourceSpan, help: String? = nil, notes: [Diagnostic.Note] = []) {
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
    mutating func fail(_ message: String, _ span: SourceSpan, help: String? = nil, notes: [Diagnostic.Note] = []) -> Failure {
        if peekTag == .tooLong {
            error(
                "statement too long (more than \(Lexer.maxStatementTokens) names, numbers and symbols)", peekSpan,
                help: "split it into several cells; a long data row can be read from a CSV file (table … from \"data.csv\")")
        } else {
            error(message, span, help: help, notes: notes)
        }
        return Failure()
    }
}
