import Testing

@testable import ChisoCore

@Suite("Periods inside a coarser one")
struct PeriodRollupTests {
    func p(_ s: String) -> Period { Period.parse(s)! }

    @Test(
        "a period splits into the finer periods that make it up",
        arguments: [
            ("2019", Period.Granularity.quarter, "2019Q1", "2019Q4"),
            ("2019", .month, "2019M01", "2019M12"),
            ("2019", .half, "2019H1", "2019H2"),
            ("2019H2", .quarter, "2019Q3", "2019Q4"),
            ("2019H2", .month, "2019M07", "2019M12"),
            ("2019Q3", .month, "2019M07", "2019M09"),
        ])
    func split(_ coarse: String, _ kind: Period.Granularity, _ first: String, _ last: String) {
        let parts = p(coarse).split(into: kind)
        #expect(parts?.start == p(first))
        #expect(parts?.last == p(last))
    }

    @Test("no split into the same or a coarser kind")
    func noSplit() {
        #expect(p("2019Q1").split(into: .quarter) == nil)
        #expect(p("2019Q1").split(into: .year) == nil)
        #expect(p("2019M01").split(into: .half) == nil)
    }

    @Test("a range splits from the first part of its first period to the last of its last")
    func rangeSplit() {
        let r = PeriodRange(p("2018"), p("2019"))!.split(into: .quarter)!
        #expect(r.start == p("2018Q1") && r.last == p("2019Q4") && r.count == 8)
        #expect(PeriodRange(p("2019Q2"), p("2020Q1"))!.covers(PeriodRange(p("2019Q2"), p("2019Q4"))!))
        #expect(!PeriodRange(p("2019Q2"), p("2020Q1"))!.covers(p("2019").split(into: .quarter)!))
    }

    @Test("first and last of a coarser period")
    func startsAndEnds() {
        #expect(p("2019Q1").starts(.year) && !p("2019Q2").starts(.year) && p("2019Q3").starts(.half))
        #expect(p("2019Q4").ends(.year) && p("2019Q2").ends(.half) && !p("2019Q3").ends(.half))
        #expect(p("2019M03").ends(.quarter) && p("2019M04").starts(.quarter))
        #expect(!p("2019").starts(.quarter))
    }
}
