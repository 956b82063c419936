// MARK: - Periods
//
// A period is a year, half-year, quarter or month. Periods of one granularity are
// numbered consecutively (`ordinal`), so shifting by k periods is integer addition and a
// range is a start and a count.

public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A kind of period, and everything about how it is written and counted: the lexer,
    /// `parse`, `description`, messages and the period functions read it from here, so a
    /// new kind is a case here and a line in each switch below.
    public enum Granularity: UInt8, Sendable, CaseIterable {
        case year, half, quarter, month

        /// Periods of this granularity in one year.
        public var perYear: Int {
            switch self {
            case .year: 1
            case .half: 2
            case .quarter: 4
            case .month: 12
            }
        }

        /// The letter between the year and the index (`2019Q1`); empty for a year, which
        /// is written as the year alone.
        var letter: String {
            switch self {
            case .year: ""
            case .half: "H"
            case .quarter: "Q"
            case .month: "M"
            }
        }

        /// The digits of the index as printed: `2019M01`, `2019Q1` (parsing takes one or two).
        var indexDigits: Int {
            switch self {
            case .month: 2
            default: 1
            }
        }

        /// "half-year", for messages.
        var noun: String {
            switch self {
            case .year: "year"
            case .half: "half-year"
            case .quarter: "quarter"
            case .month: "month"
            }
        }

        /// "yearly", "quarterly", … for messages.
        public var adjective: String {
            switch self {
            case .year: "yearly"
            case .half: "half-yearly"
            case .quarter: "quarterly"
            case .month: "monthly"
            }
        }

        /// The granularity written with this letter, upper case as in a formula (`Q`).
        init?(letter byte: UInt8) {
            guard let g = Granularity.allCases.first(where: { $0.letter.utf8.first == byte }) else { return nil }
            self = g
        }
    }

    public let granularity: Granularity
    /// `year * perYear + (index - 1)`.
    public let ordinal: Int

    public init(_ granularity: Granularity, ordinal: Int) {
        self.granularity = granularity
        self.ordinal = ordinal
    }

    /// `index` is 1-based within the year (quarter 1…4, month 1…12); nil when out of range.
    public init?(_ granularity: Granularity, year: Int, index: Int = 1) {
        guard (1...granularity.perYear).contains(index), (1...9999).contains(year) else { return nil }
        self.init(granularity, ordinal: year * granularity.perYear + index - 1)
    }

    public var year: Int { floorDiv(ordinal, granularity.perYear) }
    /// 1-based position within the year.
    public var index: Int { ordinal - year * granularity.perYear + 1 }

    public func shifted(by k: Int) -> Period {
        Period(granularity, ordinal: ordinal &+ k)
    }

    /// The first period of this period's year, at the same granularity.
    public var yearStart: Period { Period(granularity, ordinal: year * granularity.perYear) }

    public static func < (a: Period, b: Period) -> Bool {
        a.granularity == b.granularity ? a.ordinal < b.ordinal : a.granularity.rawValue < b.granularity.rawValue
    }

    /// The position within its year of the `coarser` period holding this one (the
    /// quarter of a month: 1…4); nil when `coarser` is the finer of the two.
    public func index(in coarser: Granularity) -> Int? {
        guard coarser.perYear <= granularity.perYear else { return nil }
        return (index - 1) / (granularity.perYear / coarser.perYear) + 1
    }

    /// `2019`, `2019H1`, `2019Q1`, `2019M01`: the form the source uses.
    /// `2019Q1`; the year in four digits (`0001Q1`), so that `Period.parse` reads it back.
    public var description: String {
        let y = String(year)
        return (year >= 0 && y.count < 4 ? String(repeating: "0", count: 4 - y.count) : "") + y + suffix
    }

    /// What follows the year: `Q1`, `M01`; nothing for a year.
    private var suffix: String {
        if granularity == .year { return "" }
        let digits = String(index)
        return granularity.letter + String(repeating: "0", count: Swift.max(0, granularity.indexDigits - digits.count)) + digits
    }

    /// Parses `2019`, `2019H2`, `2019Q1`, `2019M1` or `2019M01` (the letter in either case).
    public static func parse(_ text: String) -> Period? {
        let chars = Array(text.utf8)
        guard chars.count >= 4, chars[0..<4].allSatisfy(isDigit) else { return nil }
        let year = chars[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        if chars.count == 4 { return Period(.year, year: year) }
        let rest = chars[5...]
        guard !rest.isEmpty, rest.count <= 2, rest.allSatisfy(isDigit) else { return nil }
        let index = rest.reduce(0) { $0 * 10 + Int($1 - 48) }
        let letter = chars[4] >= UInt8(ascii: "a") && chars[4] <= UInt8(ascii: "z") ? chars[4] - 32 : chars[4]
        guard let granularity = Granularity(letter: letter) else { return nil }
        return Period(granularity, year: year, index: index)
    }

    // MARK: Help in messages

    /// One period of each kind: `2019`, `2019H1`, `2019Q1`, `2019M01`.
    static var examples: [Period] { Granularity.allCases.map { Period($0, year: 2019)! } }

    /// "a year (2019), half-year (2019H1), quarter (2019Q1) or month (2019M01)".
    static var kindsHelp: String {
        "a " + listed(examples.map { "\($0.granularity.noun) (\($0))" })
    }

    /// "quarters are Q1…Q4, half-years H1…H2, months M01…M12": the indices of each kind,
    /// the most used first.
    static var indicesHelp: String {
        [Granularity.quarter, .half, .month].enumerated().map { i, g in
            "\(g.noun)s \(i == 0 ? "are " : "")\(Period(g, year: 2019)!.suffix)…\(Period(g, year: 2019, index: g.perYear)!.suffix)"
        }.joined(separator: ", ")
    }

    /// `a, b or c`.
    static func listed(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Consecutive periods of one granularity: `2018Q1..2019Q1`.
public struct PeriodRange: Hashable, Sendable, Sequence {
    public let start: Period
    public let count: Int

    public init(start: Period, count: Int) {
        self.start = start
        self.count = Swift.max(0, count)
    }

    /// Nil unless both ends have one granularity and `first <= last`.
    public init?(_ first: Period, _ last: Period) {
        guard first.granularity == last.granularity, first.ordinal <= last.ordinal else { return nil }
        self.init(start: first, count: last.ordinal - first.ordinal + 1)
    }

    public var granularity: Period.Granularity { start.granularity }
    public var last: Period { start.shifted(by: count - 1) }

    /// The position of `p` in the range, or nil when it is outside (or of another granularity).
    @inline(__always)
    public func index(of p: Period) -> Int? {
        guard p.granularity == start.granularity else { return nil }
        let i = p.ordinal &- start.ordinal
        return i >= 0 && i < count ? i : nil
    }

    public subscript(i: Int) -> Period { start.shifted(by: i) }

    public var indices: Range<Int> { 0..<count }

    public func makeIterator() -> AnyIterator<Period> {
        var i = 0
        return AnyIterator {
            guard i < self.count else { return nil }
            defer { i += 1 }
            return self[i]
        }
    }

    public var description: String { "\(start)..\(last)" }
}

// MARK: - Labels people read
//
// Reports name periods in words, in their language: column headers `Quý I/2019`,
// `6 tháng đầu năm 2019`, `Tháng 3/2019`, `Năm 2019` (`Q1 2019`, `H1 2019`, `Mar 2019`,
// `2019` in English), and sentences the same in lower case (`quý I/2019`; in English
// `the first half of 2019`, `March 2019`). Machine outputs (CSV, JSON) keep `2019Q1`.

extension Period {
    /// The period as a column header names it.
    public func label(_ locale: DisplayLocale) -> String {
        switch (locale, granularity) {
        case (.vi, .year): "Năm \(year)"
        case (.vi, .half): "6 tháng \(index == 1 ? "đầu" : "cuối") năm \(year)"
        case (.vi, .quarter): "Quý \(Period.roman[index - 1])/\(year)"
        case (.vi, .month): "Tháng \(index)/\(year)"
        case (.en, .year): "\(year)"
        case (.en, .half): "H\(index) \(year)"
        case (.en, .quarter): "Q\(index) \(year)"
        case (.en, .month): "\(Period.englishMonths[index - 1].prefix(3)) \(year)"
        }
    }

    /// The period as a sentence names it.
    public func proseLabel(_ locale: DisplayLocale) -> String {
        switch (locale, granularity) {
        case (.vi, _):
            // The header in lower case: only its first letter is upper case.
            String(label(.vi).prefix(1).lowercased()) + label(.vi).dropFirst()
        case (.en, .half): "the \(index == 1 ? "first" : "second") half of \(year)"
        case (.en, .month): "\(Period.englishMonths[index - 1]) \(year)"
        case (.en, _): label(.en)
        }
    }

    static let roman = ["I", "II", "III", "IV"]
    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
}
