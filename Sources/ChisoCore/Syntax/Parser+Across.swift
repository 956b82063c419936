// MARK: - Parser: tables across notebooks
//
// `table name "Label" across a "A", b.c "B" at P [with …] { rows }` (docs/language.md §15).

extension Parser {
    /// Whether the table being read is `name ["Label"] across …` (`across` is a word only here).
    mutating func isAcross() -> Bool {
        guard peek.identifier != nil else { return false }
        if peek(1).identifier == "across" { return true }
        if case .string = peek(1).kind, peek(2).identifier == "across" { return true }
        return false
    }

    /// `name ["Label"] across a ["A"], b.c ["B"] at P [with total ["L"] | difference ["L"], transposed] { rows }`.
    mutating func across(start: SourceSpan) throws -> AcrossDecl {
        let n = try name()
        let label = optionalLabel()
        advance()  // across
        var columns: [AcrossDecl.Column] = []
        repeat {
            while peekTag == .newline { advance() }
            let first = try name()
            var path = [first]
            while match(.dot) { path.append(try name()) }
            let columnLabel = optionalLabel()
            columns.append(.init(path: path, label: columnLabel, span: first.span.merged(with: previousSpan)))
        } while match(.comma)
        guard peek.identifier == "at" else {
            throw fail(
                "expected 'at' and the period of table '\(n.text)', found \(peek.kind.display)", peekSpan,
                help: "a table across notebooks shows one period: for example `across a \"A\", b \"B\" at 2019Q1 { … }`")
        }
        advance()
        let periodStart = peekSpan
        let period = try periodLiteral()
        let periodSpan = periodStart.merged(with: previousSpan)
        if peekTag == .dotdot {
            throw fail(
                "a table across notebooks shows one period, not a range", peekSpan,
                help: "write one period after 'at' (a year or a half reads a quarterly row's roll-up)")
        }
        var extra: AcrossDecl.Extra?
        var transposed = false
        if peekIsKeyword(.with) {
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
            if peekTag == .rbrace || peekTag == .eof { break }
            if stopped { throw Failure() }
            let start = index
            attempted = true
            do {
                let first = try name()
                var path = [first]
                while match(.dot) { path.append(try name()) }
                let rowLabel = optionalLabel()
                if peekTag == .assign {
                    throw fail(
                        "a row of a table across notebooks names a figure of each notebook; it has no formula", peekSpan,
                        help: "write the row's name as each notebook has it (`hs.tiep_nhan`); compute new figures in the notebook itself")
                }
                let rowSpan = first.span.merged(with: previousSpan)
                if peekTag != .rbrace { try endOfStatement() }
                rows.append(.init(path: path, label: rowLabel, span: rowSpan))
            } catch {
                while peekTag != .newline, peekTag != .rbrace, peekTag != .eof { advance() }
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
            rows: rows, span: start.merged(with: previousSpan))
    }
}
