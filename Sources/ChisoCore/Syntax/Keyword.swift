// MARK: - Keywords
//
// Every word of the language, each with what it does to the reading of a line. The
// parser reads them by their token's tag (`peekIsKeyword(.over)`) and refuses the reserved ones as
// names, the lexer ends a bracket left open at a line starting a statement, the formatter
// spaces around them, and the REPL completes them: a new word is a case here.

public enum Keyword: String, Sendable, CaseIterable {
    // Statements.
    case table, fn, check, locale, use, chart
    // Parts of a statement; free to use as names (`total = …`).
    case over, with, total, from, agg, `as`, trend
    // Expressions.
    case `if`, then, `else`, and, or, not, `true`, `false`

    /// Whether it cannot name a cell, row, table or function.
    public var isReserved: Bool {
        switch self {
        case .over, .with, .total, .from, .agg, .as, .trend: false
        default: true
        }
    }

    /// Whether a line starting with it starts a statement.
    var startsStatement: Bool {
        switch self {
        case .table, .fn, .check, .locale, .use, .chart: true
        default: false
        }
    }

    /// Whether a line break after it does not end the statement (`… and` ⏎ `…`).
    var continuesLine: Bool {
        switch self {
        case .then, .else, .and, .or, .not: true
        default: false
        }
    }

    /// Whether an operand follows it, so a `-` or `+` after it is a sign (`if -x > 0`).
    var precedesOperand: Bool {
        switch self {
        case .if, .then, .else, .and, .or, .not, .check: true
        default: false
        }
    }

    /// The words that cannot be names.
    public static let reserved: Set<String> = Set(allCases.filter(\.isReserved).map(\.rawValue))
}
