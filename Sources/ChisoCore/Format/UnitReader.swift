// MARK: - Reading layout units
//
// Splits a parsed notebook into layout units: the syntax tree says where each statement
// and table item ends and what its parts are; the tokens give the text, exactly as
// written; the comments are placed by line. Every token belongs to exactly one unit, so
// no text is lost: a statement the reader does not know is kept verbatim.

struct UnitReader {
    private let file: SourceFile
    private let tokens: [Token]
    /// Indices into `tokens` of every token except newlines and the end of input.
    private let code: [Int]
    private var units: [LayoutUnit] = []
    /// The source lines of each table's `{` and `}`.
    private var tables: [(open: Int, close: Int)] = []
    private var cursor = 0

    private init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
        self.code = tokens.indices.filter { tokens[$0].kind != .newline && tokens[$0].kind != .eof }
    }

    /// The units of a notebook that parsed without errors, in source order, comments included.
    static func read(file: SourceFile, tokens: [Token], comments: [Lexer.Comment], tree: SyntaxTree) -> [LayoutUnit] {
        var reader = UnitReader(file: file, tokens: tokens)
        for statement in tree.statements { reader.statement(statement) }
        if reader.cursor < reader.code.count {
            // Tokens after the last statement the tree knows of: keep them as they are.
            reader.add(.verbatim(""), reader.cursor..<reader.code.count, depth: 0)
        }
        return reader.placing(comments)
    }

    // MARK: Statements

    private mutating func statement(_ s: Statement) {
        if case .table(let t) = s { return table(t) }
        if case .across(let a) = s { return across(a) }
        let range = take(upTo: s.span.end)
        guard !range.isEmpty else { return }
        if case .heading = s {
            add(.heading(TokenSpacing.text(of: token(range.lowerBound), in: file)), range, depth: 0)
        } else if case .cell(let c) = s {
            add(entry(range, bodyEnd: c.body.span.end, data: false, override: false), range, depth: 0)
        } else if case .tableItem(_, let item) = s {
            add(tableItem(item, range), range, depth: 0)
        } else if case .check = s {
            add(.line(join(range), transparent: true), range, depth: 0)
        } else if case .function = s {
            add(.line(join(range), transparent: false), range, depth: 0)
        } else if case .locale = s {
            add(.line(join(range), transparent: false), range, depth: 0)
        } else if case .chart = s {
            add(.line(join(range), transparent: false), range, depth: 0)
        } else {
            // A statement this formatter does not know (yet): its text as written.
            add(.verbatim(""), range, depth: 0)
        }
    }

    private mutating func table(_ t: TableDecl) {
        block(upTo: t.span.end, t.items, end: { $0.itemEnd($1) }, unit: { $0.tableItem($1, $2) })
    }

    /// `table name "Label" across … at P [with …] {`, then one figure a line, then `}`.
    private mutating func across(_ a: AcrossDecl) {
        block(upTo: a.span.end, a.rows, end: { $1.span.end }, unit: { $0.figure($2) })
    }

    /// A table's units: its first line up to `{`, each item (indented) up to where `end`
    /// says it ends (else its line's end), what is left verbatim, and `}`.
    private mutating func block<Item>(
        upTo statementEnd: Int, _ items: [Item], end: (UnitReader, Item) -> Int?,
        unit: (UnitReader, Item, Range<Int>) -> LayoutUnit.Kind
    ) {
        let range = take(upTo: statementEnd)
        guard let open = range.first(where: { token($0).kind == .lbrace }) else {
            return add(.verbatim(""), range, depth: 0)
        }
        add(.tableOpen(join(range.lowerBound..<(open + 1))), range.lowerBound..<(open + 1), depth: 0)
        let close = token(range.upperBound - 1).kind == .rbrace ? range.upperBound - 1 : range.upperBound
        var next = open + 1
        for item in items where next < close {
            let itemEnd = end(self, item) ?? lineEnd(after: next)
            var k = next
            while k < close, token(k).span.start < itemEnd { k += 1 }
            if k > next { add(unit(self, item, next..<k), next..<k, depth: 1) }
            next = k
        }
        if next < close { add(.verbatim(""), next..<close, depth: 1) }
        if close < range.upperBound {
            add(.tableClose, close..<range.upperBound, depth: 0)
            tables.append((line(of: token(open).span.start), line(of: token(close).span.start)))
        }
    }

    /// A row of a table across notebooks: its name, and its label when it has one.
    private func figure(_ range: Range<Int>) -> LayoutUnit.Kind {
        guard case .string = token(range.upperBound - 1).kind else { return .figure(name: join(range), label: nil) }
        return .figure(
            name: join(range.lowerBound..<(range.upperBound - 1)), label: TokenSpacing.text(of: token(range.upperBound - 1), in: file))
    }

    private func tableItem(_ item: TableDecl.Item, _ range: Range<Int>) -> LayoutUnit.Kind {
        if case .row(let r) = item {
            switch r.body {
            case .formula(let e): return entry(range, bodyEnd: e.span.end, data: false, override: false)
            case .data(let values): return entry(range, bodyEnd: values.last?.span.end ?? 0, data: true, override: false)
            }
        }
        if case .override(let o) = item { return entry(range, bodyEnd: o.body.span.end, data: false, override: true) }
        if case .check = item { return .line(join(range), transparent: true) }
        return .verbatim("")
    }

    /// Where a table item ends, when the tree says.
    private func itemEnd(_ item: TableDecl.Item) -> Int? {
        if case .row(let r) = item { return r.span.end }
        if case .override(let o) = item { return o.span.end }
        if case .check(let c) = item { return c.span.end }
        return nil
    }

    /// The source offset of the first newline token after code token `k` (the end of its row).
    private func lineEnd(after k: Int) -> Int {
        var i = code[k]
        while i < tokens.count, tokens[i].kind != .newline, tokens[i].kind != .eof { i += 1 }
        return i < tokens.count ? tokens[i].span.start : Int.max
    }

    /// `name ["Label"] = body [agg …] [as …]` or `row@P = body`, split into its columns.
    private func entry(_ range: Range<Int>, bodyEnd: Int, data: Bool, override: Bool) -> LayoutUnit.Kind {
        guard let eq = range.first(where: { token($0).kind == .assign }) else {
            return .line(join(range), transparent: false)
        }
        let left: LayoutUnit.Entry.Left
        if override {
            left = .override(join(range.lowerBound..<eq))
        } else if eq - range.lowerBound >= 2, case .string = token(eq - 1).kind {
            left = .definition(name: join(range.lowerBound..<(eq - 1)), label: TokenSpacing.text(of: token(eq - 1), in: file))
        } else {
            left = .definition(name: join(range.lowerBound..<eq), label: nil)
        }
        var bodyHigh = eq + 1
        while bodyHigh < range.upperBound, token(bodyHigh).span.start < bodyEnd { bodyHigh += 1 }
        let bodyRange = (eq + 1)..<bodyHigh
        let body: LayoutUnit.Entry.Body = data ? .data(values(bodyRange)) : .formula(join(bodyRange))
        let tail = bodyHigh < range.upperBound ? join(bodyHigh..<range.upperBound) : nil
        return .entry(LayoutUnit.Entry(left: left, body: body, tail: tail, holdsValues: data || isLiteral(bodyRange)))
    }

    /// A data row's values, split at the commas between them.
    private func values(_ range: Range<Int>) -> [LayoutUnit.Entry.Value] {
        var out: [LayoutUnit.Entry.Value] = []
        var start = range.lowerBound
        var depth = 0
        func flush(_ end: Int) {
            guard end > start else { return }
            var alignRight = true
            if case .string = token(start).kind { alignRight = false }
            out.append(.init(text: join(start..<end), alignRight: alignRight))
        }
        for k in range {
            switch token(k).kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth -= 1
            case .comma where depth == 0:
                flush(k)
                start = k + 1
            default: break
            }
        }
        flush(range.upperBound)
        return out
    }

    /// A single literal, possibly with a sign.
    private func isLiteral(_ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        if k < range.upperBound, token(k).kind == .minus || token(k).kind == .plus { k += 1 }
        guard k == range.upperBound - 1 else { return false }
        switch token(k).kind {
        case .number, .string, .period: return true
        case .identifier(let word): return word == "_" || word == "true" || word == "false"
        default: return false
        }
    }

    // MARK: Comments

    /// The units with the comments in place: a comment at the end of a unit's last line
    /// goes with the unit; one on a line of its own becomes a unit; one inside a
    /// statement that spans lines keeps that statement verbatim.
    private func placing(_ comments: [Lexer.Comment]) -> [LayoutUnit] {
        var units = self.units
        var owner = [Int](repeating: -1, count: code.count)
        var interior: [Int: Int] = [:]
        for (u, unit) in units.enumerated() {
            for k in unit.tokens { owner[k] = u }
            if unit.lastLine > unit.firstLine + 1 {
                for l in (unit.firstLine + 1)..<unit.lastLine { interior[l] = u }
            }
        }
        var keep = Set<Int>()
        var standalone: [LayoutUnit] = []
        for c in comments {
            let l = line(of: c.span.start)
            if let k = lastCode(before: c.span.start), line(of: token(k).span.start) == l, owner[k] >= 0 {
                let u = owner[k]
                if units[u].lastLine == l { units[u].comment = c.text } else { keep.insert(u) }
            } else if let u = interior[l] {
                keep.insert(u)
            } else {
                let depth = insideTable(l) ? 1 : 0
                standalone.append(LayoutUnit(kind: .comment(c.text), depth: depth, firstLine: l, lastLine: l, comment: nil, tokens: 0..<0))
            }
        }
        for u in keep { units[u].kind = .verbatim("") }
        for u in units.indices {
            if case .verbatim = units[u].kind { units[u].kind = .verbatim(sourceText(units[u].tokens)) }
        }
        // Merge by line; comments never share a line with code.
        var merged: [LayoutUnit] = []
        merged.reserveCapacity(units.count + standalone.count)
        var c = 0
        for unit in units {
            while c < standalone.count, standalone[c].firstLine < unit.firstLine {
                merged.append(standalone[c])
                c += 1
            }
            merged.append(unit)
        }
        merged += standalone[c...]
        return merged
    }

    /// Whether a line lies between a table's `{` and `}` (tables are in source order).
    private func insideTable(_ line: Int) -> Bool {
        var lo = 0, hi = tables.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tables[mid].open < line { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && line < tables[lo - 1].close
    }

    /// The last code token that starts before `offset`.
    private func lastCode(before offset: Int) -> Int? {
        var lo = 0, hi = code.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[code[mid]].span.start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }

    // MARK: Pieces

    private func token(_ k: Int) -> Token { tokens[code[k]] }

    /// The next code tokens, up to the source offset `end`.
    private mutating func take(upTo end: Int) -> Range<Int> {
        let start = cursor
        while cursor < code.count, token(cursor).span.start < end { cursor += 1 }
        return start..<cursor
    }

    private func join(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return TokenSpacing.join(tokens, code[range.lowerBound]..<(code[range.upperBound - 1] + 1), in: file)
    }

    /// The source from the first token to the last, each line without trailing spaces
    /// (and without a carriage return).
    private func sourceText(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let bytes = file.bytes[token(range.lowerBound).span.start..<token(range.upperBound - 1).span.end]
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            var end = line.endIndex
            while end > line.startIndex, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[end - 1]) { end -= 1 }
            return String(decoding: line[line.startIndex..<end], as: UTF8.self)
        }.joined(separator: "\n")
    }

    private func line(of offset: Int) -> Int { file.lineIndex(of: offset) }

    private mutating func add(_ kind: LayoutUnit.Kind, _ range: Range<Int>, depth: Int) {
        guard !range.isEmpty else { return }
        let first = token(range.lowerBound).span, last = token(range.upperBound - 1).span
        units.append(
            LayoutUnit(
                kind: kind, depth: depth, firstLine: line(of: first.start), lastLine: line(of: max(last.start, last.end - 1)),
                comment: nil, tokens: range))
    }
}
