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
    mutating func paragraph() -> ParagraphDecl {
        let first = peekSpan
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
            guard peekTag == .newline, case .prose(let next) = peek(1).kind,
                self.line(of: peek(1).span) == self.line(of: line.span) + 1,
                next.trimmed(of: " \t").isEmpty || !separated
            else { break }
            advance()
        }
        return ParagraphDecl(parts: Self.merged(parts), span: first.merged(with: previousSpan))
    }

    /// Adjacent texts as one.
    static func merged(_ parts: [ParagraphDecl.Part]) -> [ParagraphDecl.Part] {
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
    mutating func proseLine(_ token: Token) -> [ParagraphDecl.Part] {
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
    static func closingBrace(_ bytes: [UInt8], from: Int, to end: Int) -> Int? {
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
    mutating func proseValue(_ open: Int, _ close: Int) -> ParagraphDecl.Part {
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
            guard sub.peekTag == .eof else {
                throw sub.fail(
                    "expected '}' after the value, found \(sub.peek.kind.display)", sub.peekSpan,
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

    func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(source: source, start: start, end: end)
    }
}
