// MARK: - Periods
//
// A period is a year, half-year, quarter or month. Periods of one granularity are
// numbered consecutively (`ordinal`), so shifting by k periods is integer addition and a
// range is a start and a count.

public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
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

        /// "yearly", "quarterly", … for messages.
        public var adjective: String {
            switch self {
            case .year: "yearly"
            case .half: "half-yearly"
            case .quarter: "quarterly"
            case .month: "monthly"
            }
        }

        var letter: String {
            switch self {
            case .year: ""
            case .half: "H"
            case .quarter: "Q"
            case .month: "M"
            }
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

    /// `2019`, `2019H1`, `2019Q1`, `2019M01`: the form the source uses.
    public var description: String {
        switch granularity {
        case .year: "\(year)"
        case .month: "\(year)M\(index < 10 ? "0" : "")\(index)"
        default: "\(year)\(granularity.letter)\(index)"
        }
    }

    /// Parses `2019`, `2019H2`, `2019Q1`, `2019M1` or `2019M01`.
    public static func parse(_ text: String) -> Period? {
        let chars = Array(text.utf8)
        guard chars.count >= 4, chars[0..<4].allSatisfy(isDigit) else { return nil }
        let year = chars[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        if chars.count == 4 { return Period(.year, year: year) }
        let rest = chars[5...]
        guard !rest.isEmpty, rest.count <= 2, rest.allSatisfy(isDigit) else { return nil }
        let index = rest.reduce(0) { $0 * 10 + Int($1 - 48) }
        switch chars[4] {
        case UInt8(ascii: "H"), UInt8(ascii: "h"): return Period(.half, year: year, index: index)
        case UInt8(ascii: "Q"), UInt8(ascii: "q"): return Period(.quarter, year: year, index: index)
        case UInt8(ascii: "M"), UInt8(ascii: "m"): return Period(.month, year: year, index: index)
        default: return nil
        }
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
