// MARK: - Built-in functions
//
// The functions written in Swift. Arity is checked when a notebook is resolved, so a
// wrong call is a diagnostic with a place, never a surprise while evaluating.

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
    case text, concat

    /// The fewest and most arguments (nil: any number).
    var arity: (min: Int, max: Int?) {
        switch self {
        case .sum, .avg, .min, .max, .count, .coalesce, .concat: (1, nil)
        case .first, .last, .len, .cumsum, .abs, .sqrt, .iserror, .isblank, .year_start, .first_period, .last_period, .text: (1, 1)
        case .round, .roundup, .rounddown: (1, 2)
        case .if: (3, 3)
        case .iferror, .ifna: (2, 2)
        case .period: (0, 0)
        case .per_year, .year, .half, .quarter, .month: (0, 1)
        }
    }

    /// Whether `a..b` row ranges may be passed.
    var acceptsRowRange: Bool {
        switch self {
        case .sum, .avg, .min, .max, .count, .first, .last, .coalesce, .concat: true
        default: false
        }
    }

    /// The display format a call takes from its first argument (round keeps a percent a percent).
    var keepsArgumentFormat: Bool {
        switch self {
        case .sum, .avg, .min, .max, .first, .last, .cumsum, .round, .roundup, .rounddown, .abs, .if, .iferror, .ifna, .coalesce:
            true
        default:
            false
        }
    }

    var signature: String {
        switch self {
        case .sum, .avg, .min, .max, .count: "\(rawValue)(x, …)"
        case .round, .roundup, .rounddown: "\(rawValue)(x, digits)"
        case .if: "if(condition, then, else)"
        case .iferror, .ifna: "\(rawValue)(x, alternative)"
        case .coalesce: "coalesce(x, alternative, …)"
        case .concat: "concat(a, b, …)"
        case .period: "period()"
        case .per_year, .year, .half, .quarter, .month: "\(rawValue)([period])"
        default: "\(rawValue)(x)"
        }
    }
}
