// MARK: - Tokens

public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        /// A number literal; `percent` when written with `%` (the value is already divided by 100).
        case number(Double, percent: Bool)
        case string(String)
        /// `2019Q1`, `2022H2`, `2019M01` (a bare year is a number; the parser reads it as a year where a period is expected).
        case period(Period)
        /// `## text` at the start of a line.
        case heading(String)
        /// `> text`: a line of a paragraph, its text after the `>` as written.
        case prose(String)
        /// Text the lexer could not read (already reported): it stands for one value.
        case invalid
        /// The rest of a statement with more than `Lexer.maxStatementTokens` tokens, not
        /// read (the parser reports the statement as too long).
        case tooLong
        case newline
        case eof

        case lparen, rparen, lbracket, rbracket, lbrace, rbrace
        case comma, dot, dotdot, at, assign
        case plus, minus, star, slash, caret
        case eq, ne, lt, le, gt, ge
    }

    public var kind: Kind
    public var span: SourceSpan

    /// The identifier's text, if the token is one.
    var identifier: String? {
        if case .identifier(let s) = kind { return s }
        return nil
    }
}

extension Token.Kind {
    /// How the token reads in a message: `')'`, `identifier 'x'`, `end of line`.
    var display: String {
        switch self {
        case .identifier(let s): "'\(s)'"
        case .number: "a number"
        case .string: "a text literal"
        case .period(let p): "period \(p)"
        case .heading: "a heading"
        case .prose: "a paragraph line ('>')"
        case .invalid: "an unreadable value"
        case .tooLong: "the rest of a statement too long to read"
        case .newline: "end of line"
        case .eof: "the end of the input"
        case .lparen: "'('"
        case .rparen: "')'"
        case .lbracket: "'['"
        case .rbracket: "']'"
        case .lbrace: "'{'"
        case .rbrace: "'}'"
        case .comma: "','"
        case .dot: "'.'"
        case .dotdot: "'..'"
        case .at: "'@'"
        case .assign: "'='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .caret: "'^'"
        case .eq: "'=='"
        case .ne: "'!='"
        case .lt: "'<'"
        case .le: "'<='"
        case .gt: "'>'"
        case .ge: "'>='"
        }
    }

    /// After these a line break does not end the statement.
    var continuesLine: Bool {
        switch self {
        case .comma, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge, .assign:
            true
        case .identifier(let s):
            Keyword(rawValue: s)?.continuesLine == true
        default:
            false
        }
    }
}
