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

    /// After these a line break does not end the statement (`TokenTag.continuesLine`).
    var continuesLine: Bool { TokenTag(self).continuesLine }
}

// MARK: - Token tags

/// A token's kind without its payload, one byte: what the parser tests as it reads
/// (`peekTag == .comma`), without copying a `Token` and its `String`. A word is
/// `.identifier`, or the keyword it spells (`.over`, `.and`, …), or `.underscore` for `_`.
/// The lexer keeps one per token beside the tokens.
enum TokenTag: UInt8, Sendable {
    case identifier, underscore, number, string, period, heading, prose, invalid, tooLong, newline, eof
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case comma, dot, dotdot, at, assign
    case plus, minus, star, slash, caret
    case eq, ne, lt, le, gt, ge
    // Keywords, in `Keyword`'s order (see `init(_: Keyword)`).
    case table, fn, check, locale, use, chart
    case over, with, total, from, agg, `as`, trend
    case `if`, then, `else`, and, or, not, `true`, `false`

    /// The tag of the word `keyword`.
    init(_ keyword: Keyword) {
        switch keyword {
        case .table: self = .table
        case .fn: self = .fn
        case .check: self = .check
        case .locale: self = .locale
        case .use: self = .use
        case .chart: self = .chart
        case .over: self = .over
        case .with: self = .with
        case .total: self = .total
        case .from: self = .from
        case .agg: self = .agg
        case .as: self = .as
        case .trend: self = .trend
        case .if: self = .if
        case .then: self = .then
        case .else: self = .else
        case .and: self = .and
        case .or: self = .or
        case .not: self = .not
        case .true: self = .true
        case .false: self = .false
        }
    }

    /// The tag of a token of this kind (a word by its text).
    init(_ kind: Token.Kind) {
        switch kind {
        case .identifier(let s): self = TokenTag(word: s)
        case .number: self = .number
        case .string: self = .string
        case .period: self = .period
        case .heading: self = .heading
        case .prose: self = .prose
        case .invalid: self = .invalid
        case .tooLong: self = .tooLong
        case .newline: self = .newline
        case .eof: self = .eof
        case .lparen: self = .lparen
        case .rparen: self = .rparen
        case .lbracket: self = .lbracket
        case .rbracket: self = .rbracket
        case .lbrace: self = .lbrace
        case .rbrace: self = .rbrace
        case .comma: self = .comma
        case .dot: self = .dot
        case .dotdot: self = .dotdot
        case .at: self = .at
        case .assign: self = .assign
        case .plus: self = .plus
        case .minus: self = .minus
        case .star: self = .star
        case .slash: self = .slash
        case .caret: self = .caret
        case .eq: self = .eq
        case .ne: self = .ne
        case .lt: self = .lt
        case .le: self = .le
        case .gt: self = .gt
        case .ge: self = .ge
        }
    }

    /// The tag of an identifier token with this text.
    init(word: String) {
        if word == "_" {
            self = .underscore
        } else if let keyword = Keyword(rawValue: word) {
            self = TokenTag(keyword)
        } else {
            self = .identifier
        }
    }

    /// The tag of an identifier token spelled by `bytes[start..<end]` (ASCII), without
    /// making its `String`: the same as `init(word:)` of that text.
    init(ascii bytes: [UInt8], _ start: Int, _ end: Int) {
        let count = end - start
        guard count >= 1, count <= 6 else {
            self = .identifier
            return
        }
        func spells(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 1..<count where w[k] != bytes[start + k] { return false }
            return true
        }
        switch bytes[start] {
        case UInt8(ascii: "_") where count == 1: self = .underscore
        case UInt8(ascii: "a"): self = spells("agg") ? .agg : spells("as") ? .as : spells("and") ? .and : .identifier
        case UInt8(ascii: "c"): self = spells("check") ? .check : spells("chart") ? .chart : .identifier
        case UInt8(ascii: "e"): self = spells("else") ? .else : .identifier
        case UInt8(ascii: "f"): self = spells("fn") ? .fn : spells("from") ? .from : spells("false") ? .false : .identifier
        case UInt8(ascii: "i"): self = spells("if") ? .if : .identifier
        case UInt8(ascii: "l"): self = spells("locale") ? .locale : .identifier
        case UInt8(ascii: "n"): self = spells("not") ? .not : .identifier
        case UInt8(ascii: "o"): self = spells("over") ? .over : spells("or") ? .or : .identifier
        case UInt8(ascii: "t"):
            self =
                spells("table")
                ? .table
                : spells("total") ? .total : spells("trend") ? .trend : spells("then") ? .then : spells("true") ? .true : .identifier
        case UInt8(ascii: "u"): self = spells("use") ? .use : .identifier
        case UInt8(ascii: "w"): self = spells("with") ? .with : .identifier
        default: self = .identifier
        }
    }

    /// Whether the token is a word (an identifier, a keyword or `_`).
    var isWord: Bool { self == .identifier || self == .underscore || rawValue >= TokenTag.table.rawValue }

    /// The keyword the token spells, if it is one.
    var keyword: Keyword? {
        switch self {
        case .table: .table
        case .fn: .fn
        case .check: .check
        case .locale: .locale
        case .use: .use
        case .chart: .chart
        case .over: .over
        case .with: .with
        case .total: .total
        case .from: .from
        case .agg: .agg
        case .as: .as
        case .trend: .trend
        case .if: .if
        case .then: .then
        case .else: .else
        case .and: .and
        case .or: .or
        case .not: .not
        case .true: .true
        case .false: .false
        default: nil
        }
    }

    /// Whether the word cannot be a name (`Parser.reserved`).
    var isReserved: Bool { keyword?.isReserved == true }

    /// After these a line break does not end the statement: an operator, a comma, `=`, or
    /// a keyword that continues a line (`Keyword.continuesLine`).
    var continuesLine: Bool {
        switch self {
        case .comma, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge, .assign: true
        default: keyword?.continuesLine == true
        }
    }
}
