// MARK: - Periods inside a coarser one

extension Period {
    /// The periods of a finer kind that make up this one (2019 in quarters: 2019Q1..2019Q4,
    /// 2019H2 in months: 2019M07..2019M12); nil when `kind` is not finer than this period's.
    /// Every kind's periods per year divide those of every finer kind (1, 2, 4, 12).
    public func split(into kind: Granularity) -> PeriodRange? {
        guard kind.perYear > granularity.perYear else { return nil }
        let n = kind.perYear / granularity.perYear
        return PeriodRange(start: Period(kind, ordinal: year * kind.perYear + (index - 1) * n), count: n)
    }
}

extension Period {
    /// Whether this period is the first of the `coarser` period holding it (2019Q1 of 2019).
    public func starts(_ coarser: Granularity) -> Bool {
        guard coarser.perYear <= granularity.perYear else { return false }
        return (index - 1) % (granularity.perYear / coarser.perYear) == 0
    }

    /// Whether this period is the last of the `coarser` period holding it (2019Q4 of 2019).
    public func ends(_ coarser: Granularity) -> Bool {
        guard coarser.perYear <= granularity.perYear else { return false }
        return index % (granularity.perYear / coarser.perYear) == 0
    }
}

extension PeriodRange {
    /// The periods of a finer kind that make up this range (2018..2019 in quarters:
    /// 2018Q1..2019Q4); nil when `kind` is not finer.
    public func split(into kind: Period.Granularity) -> PeriodRange? {
        guard let first = start.split(into: kind), let end = last.split(into: kind) else { return nil }
        return PeriodRange(first.start, end.last)
    }

    /// Whether every period of `other` (of the same kind) is in this range.
    public func covers(_ other: PeriodRange) -> Bool {
        index(of: other.start) != nil && index(of: other.last) != nil
    }
}
