// MARK: - Values
//
// number, text, boolean, blank ("no data", not zero), error (a value that flows),
// period, and series (one value per period of a range).

public enum ErrorCode: String, Error, Sendable, CaseIterable {
    case div0 = "#DIV/0!"
    case value = "#VALUE!"
    case num = "#NUM!"
    case name = "#NAME?"
    case cycle = "#CYCLE!"
    case na = "#N/A"
}

public enum Value: Sendable, Equatable {
    case number(Double)
    case text(String)
    case bool(Bool)
    case blank
    case error(ErrorCode)
    case period(Period)
    case series(Series)

    /// A finite number, or the error a non-finite result stands for.
    @inline(__always)
    static func num(_ x: Double) -> Value {
        x.isFinite ? .number(x) : .error(.num)
    }

    public var isBlank: Bool { if case .blank = self { true } else { false } }
    public var isError: Bool { if case .error = self { true } else { false } }

    /// The value's kind, as a word for messages.
    public var kindName: String {
        switch self {
        case .number: "number"
        case .text: "text"
        case .bool: "boolean"
        case .blank: "blank"
        case .error: "error"
        case .period: "period"
        case .series: "series"
        }
    }

    /// Spreadsheet equality: numbers compare to 15 significant digits, text exactly,
    /// series element by element.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): Numeric.approxEqual(x, y)
        case let (.text(x), .text(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.blank, .blank): true
        case let (.error(x), .error(y)): x == y
        case let (.period(x), .period(y)): x == y
        case let (.series(x), .series(y)): x.range == y.range && x.values == y.values
        default: false
        }
    }
}

/// A value per period of a range. Immutable and shared.
public final class Series: Sendable {
    public let range: PeriodRange
    public let values: [Value]

    public init(range: PeriodRange, values: [Value]) {
        precondition(values.count == range.count, "a series holds one value per period")
        self.range = range
        self.values = values
    }

    /// The value at `p`, blank outside the range.
    public func value(at p: Period) -> Value {
        guard let i = range.index(of: p) else { return .blank }
        return values[i]
    }

    /// Shifted by `k` periods: the value at `p` becomes the old value at `p + k`.
    func lagged(by k: Int) -> Series {
        Series(
            range: range,
            values: (0..<range.count).map { i in
                let j = i + k
                return j >= 0 && j < values.count ? values[j] : .blank
            })
    }

    func map(_ f: (Value) -> Value) -> Series {
        Series(range: range, values: values.map(f))
    }
}
