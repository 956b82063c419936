// MARK: - Parser: expressions
//
// One method per precedence level, from `if … then … else` down to primaries, and the
// shortcut for a lone name where nothing can extend it. The grammar is in Parser.swift.

extension Parser {
    mutating func expression() throws -> Expr {
        try nested {
            // A lone name or `table.row` before `,`, `)` or the end of the line (a sum's
            // thousands of arguments, `x = y`): what the ten levels below would make.
            if let e = $0.plainOperand(endingExpression: true) { return e }
            if $0.peekIsKeyword(.if), !$0.isFunctionStyleIf() {
                let start = $0.peekSpan
                $0.advance()
                let condition = try $0.expression()
                guard $0.peekIsKeyword(.then) else {
                    throw $0.fail("expected 'then' after the condition", $0.peekSpan, help: "write: if condition then a else b")
                }
                $0.advance()
                let then = try $0.expression()
                guard $0.peekIsKeyword(.else) else {
                    throw $0.fail("expected 'else' (every 'if' needs one)", $0.peekSpan, help: "write: if condition then a else b")
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
    mutating func isFunctionStyleIf() -> Bool {
        Self.isFunctionStyleIf(at: index) { i in self.lexer.has(i) ? self.lexer.token(i).kind : nil }
    }

    /// Whether the `if` at `index` is a call `if(c, a, b)`: a comma at the first level of
    /// the parentheses after it. Shared with the formatter, which spaces the two differently.
    static func isFunctionStyleIf(at index: Int, in tokens: [Token]) -> Bool {
        isFunctionStyleIf(at: index) { i in i < tokens.count ? tokens[i].kind : nil }
    }

    /// The rule itself, over `kind(i)`: the kind of token `i`, nil past the last.
    static func isFunctionStyleIf(at index: Int, kind: (Int) -> Token.Kind?) -> Bool {
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

    mutating func or() throws -> Expr {
        var left = try and()
        while peekIsKeyword(.or) {
            advance()
            let right = try and()
            left = try limited(Expr(.binary(.or, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    mutating func and() throws -> Expr {
        var left = try not()
        while peekIsKeyword(.and) {
            advance()
            let right = try not()
            left = try limited(Expr(.binary(.and, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    mutating func not() throws -> Expr {
        if peekIsKeyword(.not) {
            let start = peekSpan
            advance()
            let operand = try nested { try $0.not() }
            return Expr(.unary(.not, operand), start.merged(with: operand.span))
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let left = try additive()
        let op: BinaryOp
        switch peekTag {
        case .eq: op = .eq
        case .ne: op = .ne
        case .lt: op = .lt
        case .le: op = .le
        case .gt: op = .gt
        case .ge: op = .ge
        case .assign:
            if case .binary(let op, _, let right) = left.kind, case .name = right.kind, startsLine(right.span) {
                throw fail(
                    "line \(line(of: right.span) - 1) ends with '\(op.rawValue)', so this line was read as its continuation", peekSpan,
                    help: "finish the expression on the line before, or remove the trailing '\(op.rawValue)'")
            }
            throw fail("'=' defines a name; to compare, write '=='", peekSpan)
        default: return left
        }
        advance()
        let right = try additive()
        return Expr(.binary(op, left, right), left.span.merged(with: right.span))
    }

    mutating func additive() throws -> Expr {
        var left = try term()
        while peekTag == .plus || peekTag == .minus {
            let op: BinaryOp = peekTag == .plus ? .add : .subtract
            advance()
            let right = try term()
            left = try limited(Expr(.binary(op, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    mutating func term() throws -> Expr {
        var left = try unary()
        while peekTag == .star || peekTag == .slash {
            let op: BinaryOp = peekTag == .star ? .multiply : .divide
            advance()
            let right = try unary()
            left = try limited(Expr(.binary(op, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    /// Refuses a tree too deep to resolve and evaluate safely (a chain of thousands of operators).
    mutating func limited(_ e: Expr) throws -> Expr {
        guard e.height <= Parser.maxHeight else {
            throw fail(
                "expression too long (more than \(Parser.maxHeight) operations in a chain)", e.span,
                help: "split it into named cells, or use sum(…) over a row range")
        }
        return e
    }

    mutating func unary() throws -> Expr {
        if let e = plainOperand(endingExpression: false) { return e }
        if peekTag == .minus {
            let start = peekSpan
            advance()
            let operand = try nested { try $0.unary() }
            if case .number(let n, let p) = operand.kind {
                return Expr(.number(-n, percent: p), start.merged(with: operand.span))
            }
            return Expr(.unary(.negate, operand), start.merged(with: operand.span))
        }
        if peekTag == .plus {
            advance()
            return try nested { try $0.unary() }
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        let exponent = try nested { try $0.unary() }
        return Expr(.binary(.power, base, exponent), base.span.merged(with: exponent.span))
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            switch peekTag {
            case .lbracket:
                advance()
                let k = try expression()
                try expect(.rbracket, "']' after the period offset")
                e = try limited(Expr(.offset(e, k), e.span.merged(with: previousSpan)))
            case .at:
                advance()
                let from = try periodArgument()
                var to: Expr?
                if match(.dotdot) { to = try periodArgument() }
                e = try limited(Expr(.at(e, from, to), e.span.merged(with: previousSpan)))
            case .dot:
                advance()
                let member = try name()
                // `alias.f(…)`: a function of an imported notebook, called by its qualified name.
                if peekTag == .lparen, let qualified = e.nameChain?.joined(separator: ".") {
                    advance()
                    var args: [Expr] = []
                    if peekTag != .rparen {
                        repeat { args.append(try expression()) } while match(.comma)
                    }
                    try expect(.rparen, "')' to close the call of '\(qualified).\(member.text)'")
                    e = Expr(.call(qualified + "." + member.text, args), e.span.merged(with: previousSpan))
                    continue
                }
                e = try limited(Expr(.member(e, member.text), e.span.merged(with: member.span)))
            default:
                return e
            }
        }
    }

    /// After `@`: a period literal, a bare year, or a parenthesised / called expression.
    mutating func periodArgument() throws -> Expr {
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
        case .identifier where peekTag(1) == .lparen:
            return try primary()
        case .invalid:
            advance()
            return Expr(.invalid, t.span)
        default:
            throw fail(
                "expected a period after '@', found \(t.kind.display)", t.span, help: "for example x@2019Q1, x@2020 or x@2018Q1..2018Q4")
        }
    }

    mutating func primary() throws -> Expr {
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
                    "expected ')' to close the '(' \(whereIs(t.span)), found \(peek.kind.display)", peekSpan,
                    notes: [.init(span: t.span, message: "'(' opened here")])
            }
            return Expr(e.kind, t.span.merged(with: previousSpan))
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
                if peekTag != .rparen {
                    repeat { args.append(try expression()) } while match(.comma)
                }
                try expect(.rparen, "')' to close the call of '\(word)'")
                return Expr(.call(word, args), t.span.merged(with: previousSpan))
            }
            if peekTag == .dotdot, case .identifier(let last) = peek(1).kind {
                advance()
                advance()
                return Expr(.rowRange(word, last), t.span.merged(with: previousSpan))
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
    mutating func plainOperand(endingExpression: Bool) -> Expr? {
        // The tags first: a word, but not one that `primary` reads otherwise.
        switch peekTag {
        case .identifier, .table, .fn, .check, .locale, .use, .chart, .over, .with, .total, .from, .agg, .as, .trend: break
        default: return nil
        }
        func ends(_ tag: TokenTag) -> Bool {
            switch tag {
            case .comma, .rparen, .newline, .eof: true
            case .rbracket, .rbrace, .plus, .minus, .star, .slash, .eq, .ne, .lt, .le, .gt, .ge: !endingExpression
            default: false
            }
        }
        if ends(peekTag(1)) {
            let t = peek
            advance()
            return Expr(.name(t.identifier ?? ""), t.span)
        }
        guard peekTag(1) == .dot, peekTag(2).isWord, !peekTag(2).isReserved, ends(peekTag(3)) else { return nil }
        let t = peek
        let member = peek(2)
        advance()
        advance()
        advance()
        return Expr(.member(Expr(.name(t.identifier ?? ""), t.span), member.identifier ?? ""), t.span.merged(with: member.span))
    }

    /// A number token as a literal (noting one that reads like a Vietnamese thousands group).
    mutating func numberLiteral(_ t: Token) -> Expr {
        guard case .number(let n, let p) = t.kind else { return Expr(.invalid, t.span) }
        // Whole numbers (most data) are told apart without rounding: below 2^52 by conversion.
        let whole = n.magnitude >= 0x1p52 || Double(Int64(n)) == n
        if !p, !whole, let file, LocaleLiterals.looksLikeThousands(file.bytes[t.span.start..<t.span.end]) {
            thousandsLike.append(t.span)
        }
        return Expr(.number(n, percent: p), t.span)
    }
}
