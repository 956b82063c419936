// MARK: - Built-in functions
//
// The functions written in Swift, and everything known about each one before it runs:
// how many arguments it takes, whether it accepts `a..b` row ranges, which display format
// its result takes, whether it reads the current period, and its line of documentation.
// All of it is in `Builtin.spec`, one entry per function, which the resolver (arity is
// checked when a notebook is resolved, so a wrong call is a diagnostic with a place, never
// a surprise while evaluating), completion and help read. A test holds the table of
// built-ins in docs/language.md to these entries, and runs their examples.
//
// Adding a built-in: a case in `Builtin`, its entry in `spec` (the compiler asks for it),
// its evaluation in Evaluation/Builtins.swift (the compiler asks for that too), and its
// row in docs/language.md (the test prints the row to paste).

enum Builtin: String, Sendable, CaseIterable {
    // Aggregates: skip blanks; accept series and row ranges.
    case sum, avg, min, max, count, first, last, len, cumsum
    // Numbers.
    case round, roundup, rounddown, abs, sqrt
    // Logic and errors; `if`, `iferror`, `ifna` and `coalesce` evaluate only what they return.
    case `if`, iferror, ifna, iserror, isblank, coalesce
    // Periods.
    case period, per_year, year, half, quarter, month, year_start, first_period, last_period
    // Text.
    case text, concat, locale
}

/// What is known about a built-in before it runs.
struct BuiltinSpec: Sendable {
    /// The fewest and most arguments (nil: any number).
    var arity: (min: Int, max: Int?)
    /// How a call is written (`round(x, digits)`); the help of a call with the wrong
    /// number of arguments.
    var signature: String
    /// What it returns, in one line.
    var summary: String
    /// A call, and what `chiso run --locale en` prints for it. In the examples `t.x` is
    /// the row `41, _, 60, 48` of a table over 2018Q3..2019Q2; an example `inRow` is a
    /// formula row of that table, and its result the row's values.
    var example: (call: String, inRow: Bool, result: String)
    /// Whether `a..b` row ranges may be passed.
    var acceptsRowRange = false
    /// The display format of the result.
    var format: ResultFormat = .unspecified
    /// Whether a call reads the current period, so it has a value per period of a table.
    var readsPeriod: PeriodUse = .never

    enum ResultFormat: Sendable {
        /// None: the result shows in the general format unless its row or cell says otherwise.
        case unspecified
        /// The format of the argument at this position (round keeps a percent a percent).
        case argument(Int)
        /// Always this one (a year reads 2019, not 2,019).
        case fixed(DisplayFormat)
    }

    enum PeriodUse: Sendable {
        case never, always
        /// When called without an argument (`year()`).
        case withoutArguments
    }
}

extension Builtin {
    var spec: BuiltinSpec {
        switch self {
        // Aggregates.
        case .sum:
            BuiltinSpec(
                arity: (1, nil), signature: "sum(x, …)", summary: "Sum of the numbers; blanks skipped; blank if there are none",
                example: ("sum(t.x)", false, "149"), acceptsRowRange: true, format: .argument(0))
        case .avg:
            BuiltinSpec(
                arity: (1, nil), signature: "avg(x, …)", summary: "Average of the numbers; blanks skipped (not counted)",
                example: ("avg(t.x@2019Q1..2019Q2)", false, "54"), acceptsRowRange: true, format: .argument(0))
        case .min:
            BuiltinSpec(
                arity: (1, nil), signature: "min(x, …)", summary: "Smallest number; blanks skipped",
                example: ("min(t.x)", false, "41"), acceptsRowRange: true, format: .argument(0))
        case .max:
            BuiltinSpec(
                arity: (1, nil), signature: "max(x, …)", summary: "Largest number; blanks skipped",
                example: ("max(t.x, 100)", false, "100"), acceptsRowRange: true, format: .argument(0))
        case .count:
            BuiltinSpec(
                arity: (1, nil), signature: "count(x, …)", summary: "How many numbers (blanks, text and booleans are not counted)",
                example: ("count(t.x)", false, "3"), acceptsRowRange: true)
        case .first:
            BuiltinSpec(
                arity: (1, 1), signature: "first(x)", summary: "First value that is not blank",
                example: ("first(t.x)", false, "41"), acceptsRowRange: true, format: .argument(0))
        case .last:
            BuiltinSpec(
                arity: (1, 1), signature: "last(x)", summary: "Last value that is not blank",
                example: ("last(t.x)", false, "48"), acceptsRowRange: true, format: .argument(0))
        case .len:
            BuiltinSpec(
                arity: (1, 1), signature: "len(x)", summary: "Number of periods of a series, or characters of a text",
                example: ("len(\"Hồ sơ\")", false, "5"))
        case .cumsum:
            BuiltinSpec(
                arity: (1, 1), signature: "cumsum(x)", summary: "Running sum from the first period of the table (see below)",
                example: ("cumsum(x)", true, "41, (blank), 101, 149"), format: .argument(0), readsPeriod: .always)
        // Numbers.
        case .round:
            BuiltinSpec(
                arity: (1, 2), signature: "round(x, digits)",
                summary: "Round half away from zero to `digits` decimals (default 0; negative `digits`: tens, hundreds…)",
                example: ("round(1234.5, -2)", false, "1,200"), format: .argument(0))
        case .roundup:
            BuiltinSpec(
                arity: (1, 2), signature: "roundup(x, digits)", summary: "Round away from zero",
                example: ("roundup(1.21, 1)", false, "1.3"), format: .argument(0))
        case .rounddown:
            BuiltinSpec(
                arity: (1, 2), signature: "rounddown(x, digits)", summary: "Round toward zero",
                example: ("rounddown(-1.29, 1)", false, "-1.2"), format: .argument(0))
        case .abs:
            BuiltinSpec(
                arity: (1, 1), signature: "abs(x)", summary: "Absolute value",
                example: ("abs(-3)", false, "3"), format: .argument(0))
        case .sqrt:
            BuiltinSpec(
                arity: (1, 1), signature: "sqrt(x)", summary: "Square root; `#NUM!` below zero",
                example: ("sqrt(16)", false, "4"))
        // Logic and errors.
        case .if:
            BuiltinSpec(
                arity: (3, 3), signature: "if(condition, then, else)", summary: "Same as `if condition then … else …`",
                example: ("if(60 > 50, \"cao\", \"thấp\")", false, "cao"), format: .argument(1))
        case .iferror:
            BuiltinSpec(
                arity: (2, 2), signature: "iferror(x, alternative)", summary: "`alternative` when `x` is any error, else `x`",
                example: ("iferror(1 / 0, 0)", false, "0"), format: .argument(0))
        case .ifna:
            BuiltinSpec(
                arity: (2, 2), signature: "ifna(x, alternative)", summary: "`alternative` only when `x` is `#N/A`",
                example: ("ifna(1 / 0, 0)", false, "#DIV/0!"), format: .argument(0))
        case .iserror:
            BuiltinSpec(
                arity: (1, 1), signature: "iserror(x)", summary: "Whether `x` is an error",
                example: ("iserror(1 / 0)", false, "true"))
        case .isblank:
            BuiltinSpec(
                arity: (1, 1), signature: "isblank(x)", summary: "Whether `x` is blank (0 is not blank)",
                example: ("isblank(t.x@2018Q4)", false, "true"))
        case .coalesce:
            BuiltinSpec(
                arity: (1, nil), signature: "coalesce(x, alternative, …)", summary: "First argument that is not blank",
                example: ("coalesce(t.x@2018Q4, 0)", false, "0"), acceptsRowRange: true, format: .argument(0))
        // Periods.
        case .period:
            BuiltinSpec(
                arity: (0, 0), signature: "period()", summary: "The current period (blank in the total column)",
                example: ("period()", true, "2018Q3, 2018Q4, 2019Q1, 2019Q2"), readsPeriod: .always)
        case .per_year:
            BuiltinSpec(
                arity: (0, 1), signature: "per_year([period])",
                summary: "Periods per year: 1, 2, 4 or 12 (of the period, of a series, or of the current period)",
                example: ("per_year(2019M01)", false, "12"), readsPeriod: .withoutArguments)
        case .year:
            BuiltinSpec(
                arity: (0, 1), signature: "year([period])", summary: "The year of the period (default: the current period)",
                example: ("year(2019Q3)", false, "2019"), format: .fixed(.text), readsPeriod: .withoutArguments)
        case .half:
            BuiltinSpec(
                arity: (0, 1), signature: "half([period])", summary: "Half-year 1–2 (`#VALUE!` for a year)",
                example: ("half(2019Q3)", false, "2"), readsPeriod: .withoutArguments)
        case .quarter:
            BuiltinSpec(
                arity: (0, 1), signature: "quarter([period])", summary: "Quarter 1–4 (`#VALUE!` for a year or half-year)",
                example: ("quarter(2019M08)", false, "3"), readsPeriod: .withoutArguments)
        case .month:
            BuiltinSpec(
                arity: (0, 1), signature: "month([period])", summary: "Month 1–12 (`#VALUE!` unless the period is a month)",
                example: ("month(2019M08)", false, "8"), readsPeriod: .withoutArguments)
        case .year_start:
            BuiltinSpec(
                arity: (1, 1), signature: "year_start(x)", summary: "First period of the year of the period `x`, same kind",
                example: ("year_start(2019Q3)", false, "2019Q1"))
        case .first_period:
            BuiltinSpec(
                arity: (1, 1), signature: "first_period(x)", summary: "Period of the first non-blank value of a series",
                example: ("first_period(t.x)", false, "2018Q3"))
        case .last_period:
            BuiltinSpec(
                arity: (1, 1), signature: "last_period(x)", summary: "Period of the last non-blank value of a series",
                example: ("last_period(t.x)", false, "2019Q2"))
        // Text.
        case .text:
            BuiltinSpec(
                arity: (1, 1), signature: "text(x)",
                summary: "`x` as text: numbers plain (no grouping, no %), with the decimal mark of the notebook's `locale`",
                example: ("text(1234.5)", false, "1234.5"))
        case .concat:
            BuiltinSpec(
                arity: (1, nil), signature: "concat(a, b, …)", summary: "Texts joined; numbers as `text` writes them; blanks add nothing",
                example: ("concat(\"Quý \", quarter(2019Q1), \"/\", year(2019Q1))", false, "Quý 1/2019"), acceptsRowRange: true)
        case .locale:
            BuiltinSpec(
                arity: (0, 0), signature: "locale()",
                summary: "The notebook's `locale` as text, `\"vi\"` or `\"en\"` (`en` when it sets none), for words that depend on it",
                example: ("locale()", false, "en"))
        }
    }

    /// The fewest and most arguments (nil: any number).
    var arity: (min: Int, max: Int?) { spec.arity }

    /// Whether `a..b` row ranges may be passed.
    var acceptsRowRange: Bool { spec.acceptsRowRange }

    var signature: String { spec.signature }

    /// Whether a call with `count` arguments reads the current period.
    func readsPeriod(arguments count: Int) -> Bool {
        switch spec.readsPeriod {
        case .never: false
        case .always: true
        case .withoutArguments: count == 0
        }
    }
}
