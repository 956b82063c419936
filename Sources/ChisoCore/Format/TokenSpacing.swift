// MARK: - Token spacing
//
// Writes a run of tokens on one line with canonical spaces, each token exactly as it is
// written in the source (`1_290_000`, `12.5%`, `<>`, `"…"` with its escapes):
//
// * one space around binary operators (`+ - * / ^`, comparisons, `=`) and between words;
// * one space after a comma, none before it;
// * none inside `( )` and `[ ]`, none before the `(` of a call (`sum(a, b)`,
//   `percent(1)`) or before `[` (`x[-1]`), none around `.`, `..` and `@`
//   (`dvc.received@2018Q1..2018Q4`);
// * none after a unary `-` or `+` (`-1`, `x * -y`, `2 ^ -1`).
//
// Only spaces change: the tokens, and so the meaning, stay the same.

enum TokenSpacing {
    /// Words after which `-` and `+` are signs, not operators.
    private static let prefixWords = Set(Keyword.allCases.filter(\.precedesOperand).map(\.rawValue))
    /// Words after which `(` opens a parenthesised expression rather than a call: the
    /// reserved words, which name no function (`if(c, a, b)` is told apart below).
    private static let nonCallWords = Keyword.reserved.subtracting([Keyword.if.rawValue])

    /// `tokens[range]` on one line, in canonical spacing.
    static func join(_ tokens: [Token], _ range: Range<Int>, in file: SourceFile) -> String {
        var out = ""
        var previous: Token?
        var previousIndex = 0
        var previousIsSign = false
        for i in range {
            let t = tokens[i]
            if t.kind == .newline || t.kind == .eof { continue }
            let isSign = (t.kind == .minus || t.kind == .plus) && startsOperand(after: previous)
            if let p = previous {
                out += space(between: p, afterSign: previousIsSign, and: t, previousAt: previousIndex, in: tokens)
            }
            out += text(of: t, in: file)
            previous = t
            previousIndex = i
            previousIsSign = isSign
        }
        return out
    }

    /// A token as written (a heading without its trailing spaces).
    static func text(of token: Token, in file: SourceFile) -> String {
        let r = trimmedRange(of: token, in: file)
        return String(decoding: file.bytes[r], as: UTF8.self)
    }

    /// The bytes of a token, without trailing spaces (which only a heading has).
    static func trimmedRange(of token: Token, in file: SourceFile) -> Range<Int> {
        let start = min(max(0, token.span.start), file.bytes.count)
        var end = min(max(start, token.span.end), file.bytes.count)
        while end > start,
            file.bytes[end - 1] == UInt8(ascii: " ") || file.bytes[end - 1] == UInt8(ascii: "\t")
                || file.bytes[end - 1] == UInt8(ascii: "\r")
        {
            end -= 1
        }
        return start..<end
    }

    /// Whether a token in this place begins an operand, so that a `-` or `+` there is a sign.
    private static func startsOperand(after previous: Token?) -> Bool {
        guard let p = previous else { return true }
        switch p.kind {
        case .lparen, .lbracket, .lbrace, .comma, .at, .dotdot, .assign,
            .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge:
            return true
        case .identifier(let word):
            return prefixWords.contains(word)
        default:
            return false
        }
    }

    private static func space(between a: Token, afterSign: Bool, and b: Token, previousAt index: Int, in tokens: [Token]) -> String {
        switch (a.kind, b.kind) {
        case (_, .comma): return ""
        case (.comma, _): return " "
        case (.lparen, _), (.lbracket, _), (_, .rparen), (_, .rbracket): return ""
        case (.dot, _), (.dotdot, _), (.at, _), (_, .dot), (_, .dotdot), (_, .at): return ""
        default: break
        }
        if afterSign { return "" }
        switch b.kind {
        case .lbracket:
            return ""
        case .lparen:
            guard case .identifier(let word) = a.kind else { return " " }
            if word == Keyword.if.rawValue { return isFunctionStyleIf(at: index, in: tokens) ? "" : " " }
            return nonCallWords.contains(word) ? " " : ""
        default:
            return " "
        }
    }

    /// `if(c, a, b)` (a call) rather than `if (c) then …`: a comma directly inside the
    /// parentheses, as the parser tells them apart.
    private static func isFunctionStyleIf(at index: Int, in tokens: [Token]) -> Bool {
        Parser.isFunctionStyleIf(at: index, in: tokens)
    }
}
