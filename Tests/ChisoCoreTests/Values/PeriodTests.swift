// MARK: - Periods and period ranges
//
// Parsing and display in the source's form, shifting across year boundaries, the year
// and the position within it, and consecutive ranges.

import Testing

@testable import ChisoCore

@Suite("Period")
struct PeriodTests {
    // MARK: Parsing and display

    @Test(
        "each granularity parses and prints in the source's form",
        arguments: [
            ("2019", "2019"), ("2022H2", "2022H2"), ("2019Q1", "2019Q1"), ("2019M01", "2019M01"), ("2019M1", "2019M01"),
            ("2019M12", "2019M12"), ("0001M01", "0001M01"), ("0099Q4", "0099Q4"),
        ])
    func roundTrip(_ text: String, _ printed: String) {
        #expect(Period.parse(text)?.description == printed)
    }

    @Test("a year below 1000 prints in four digits, as machine outputs need to read it back")
    func smallYears() throws {
        let one = try #require(Period(.month, year: 1))
        #expect(one.description == "0001M01")
        #expect(Period.parse(one.description) == one)
        #expect(Period(.year, year: 12)?.description == "0012")
    }

    @Test("parsed periods have the right granularity, year and index")
    func parts() {
        let q = Period.parse("2019Q3")
        #expect(q?.granularity == .quarter)
        #expect(q?.year == 2019)
        #expect(q?.index == 3)
        let h = Period.parse("2022H2")
        #expect(h?.granularity == .half)
        #expect(h?.index == 2)
        let m = Period.parse("2019M07")
        #expect(m?.granularity == .month)
        #expect(m?.year == 2019)
        #expect(m?.index == 7)
        let y = Period.parse("2020")
        #expect(y?.granularity == .year)
        #expect(y?.year == 2020)
        #expect(y?.index == 1)
    }

    @Test(
        "impossible or malformed periods do not parse",
        arguments: [
            "2019Q5", "2019Q0", "2019H3", "2019H0", "2019M13", "2019M00", "2019X1", "19Q1", "2019Q", "2019Q123", "abcd", "", "2019-Q1",
        ])
    func invalid(_ text: String) {
        #expect(Period.parse(text) == nil)
    }

    @Test("the initialiser refuses an index outside the year")
    func initialiser() {
        #expect(Period(.quarter, year: 2019, index: 4) != nil)
        #expect(Period(.quarter, year: 2019, index: 5) == nil)
        #expect(Period(.quarter, year: 2019, index: 0) == nil)
        #expect(Period(.month, year: 2019, index: 12) != nil)
        #expect(Period(.month, year: 2019, index: 13) == nil)
        #expect(Period(.half, year: 2019, index: 3) == nil)
        #expect(Period(.year, year: 2019, index: 2) == nil)
    }

    @Test("periods per year")
    func perYear() {
        #expect(Period.Granularity.year.perYear == 1)
        #expect(Period.Granularity.half.perYear == 2)
        #expect(Period.Granularity.quarter.perYear == 4)
        #expect(Period.Granularity.month.perYear == 12)
    }

    @Test("the letter of each kind of period reads back as that kind; lower case only through parse")
    func letters() {
        for g in Period.Granularity.allCases where g != .year {
            let letter = g.letter.utf8.first!
            #expect(Period.Granularity(letter: letter) == g)
            #expect(Period.Granularity(letter: letter + 32) == nil, "\(g): the lexer reads upper case")
            #expect(Period.parse("2019\(g.letter.lowercased())1")?.granularity == g, "\(g): CSV headers and --set take either")
        }
        #expect(Period.Granularity(letter: UInt8(ascii: "X")) == nil)
        #expect(Period.Granularity(letter: UInt8(ascii: "1")) == nil)
    }

    @Test("the help in messages names every kind of period in its own spelling")
    func help() {
        #expect(Period.examples.map(\.description) == ["2019", "2019H1", "2019Q1", "2019M01"])
        #expect(Period.kindsHelp == "a year (2019), half-year (2019H1), quarter (2019Q1) or month (2019M01)")
        #expect(Period.indicesHelp == "quarters are Q1…Q4, half-years H1…H2, months M01…M12")
    }

    @Test("the half, quarter or month holding a period")
    func indexIn() {
        let cases: [(String, Period.Granularity, Int?)] = [
            ("2019M08", .quarter, 3), ("2019M08", .half, 2), ("2019M06", .half, 1), ("2019M12", .month, 12), ("2019M01", .year, 1),
            ("2019Q3", .half, 2), ("2019Q2", .half, 1), ("2019Q4", .quarter, 4), ("2019Q3", .month, nil),
            ("2019H2", .half, 2), ("2019H2", .quarter, nil), ("2019", .half, nil), ("2019", .year, 1),
        ]
        for (p, g, index) in cases {
            #expect(period(p).index(in: g) == index, "\(p) in \(g)")
        }
    }

    // MARK: Arithmetic

    @Test("shifting crosses year boundaries")
    func shifted() {
        let cases: [(String, Int, String)] = [
            ("2019Q4", 1, "2020Q1"), ("2019Q1", -1, "2018Q4"), ("2019Q1", -4, "2018Q1"), ("2019Q2", 7, "2021Q1"),
            ("2019M12", 1, "2020M01"), ("2019M01", -1, "2018M12"), ("2019M03", -12, "2018M03"),
            ("2022H2", 1, "2023H1"), ("2022H1", -1, "2021H2"),
            ("2019", 1, "2020"), ("2019", -4, "2015"), ("2019Q3", 0, "2019Q3"),
        ]
        for (from, k, to) in cases {
            #expect(period(from).shifted(by: k) == period(to), "\(from) shifted by \(k)")
            #expect(period(from).shifted(by: k).description == to, "\(from) shifted by \(k)")
        }
    }

    @Test("shifting there and back is the identity")
    func shiftInverse() {
        let p = period("2019M05")
        for k in -30...30 {
            #expect(p.shifted(by: k).shifted(by: -k) == p)
        }
    }

    @Test("the first period of the year")
    func yearStart() {
        #expect(period("2019Q3").yearStart == period("2019Q1"))
        #expect(period("2019Q1").yearStart == period("2019Q1"))
        #expect(period("2019M07").yearStart == period("2019M01"))
        #expect(period("2022H2").yearStart == period("2022H1"))
        #expect(period("2020").yearStart == period("2020"))
    }

    @Test("ordinals are consecutive, so a difference counts periods")
    func ordinals() {
        #expect(period("2020Q1").ordinal - period("2019Q1").ordinal == 4)
        #expect(period("2019Q1").ordinal - period("2018Q4").ordinal == 1)
        #expect(period("2020M01").ordinal - period("2019M12").ordinal == 1)
        #expect(period("2021").ordinal - period("2019").ordinal == 2)
    }

    @Test("periods of one granularity are ordered in time")
    func ordering() {
        #expect(period("2019Q1") < period("2019Q2"))
        #expect(period("2018Q4") < period("2019Q1"))
        #expect(period("2019M09") < period("2019M10"))
        #expect(!(period("2019Q2") < period("2019Q2")))
        #expect([period("2019Q3"), period("2018Q4"), period("2019Q1")].sorted() == [period("2018Q4"), period("2019Q1"), period("2019Q3")])
    }

    @Test("equal periods are equal and hash alike")
    func equality() {
        #expect(period("2019M1") == period("2019M01"))
        #expect(Set([period("2019Q1"), period("2019Q1"), period("2019Q2")]).count == 2)
        // Same year and index, different granularity: different periods.
        #expect(period("2019Q1") != period("2019H1"))
        #expect(period("2019") != period("2019M01"))
    }
}

@Suite("PeriodRange")
struct PeriodRangeTests {
    @Test("a range has a start, a count and a last period")
    func basics() {
        let r = PeriodRange(period("2018Q1"), period("2019Q1"))
        #expect(r?.count == 5)
        #expect(r?.start == period("2018Q1"))
        #expect(r?.last == period("2019Q1"))
        #expect(r?.granularity == .quarter)
        #expect(r?.description == "2018Q1..2019Q1")
    }

    @Test("iterating a range gives every period in order")
    func iteration() {
        let r = PeriodRange(period("2018Q3"), period("2019Q2"))!
        #expect(r.map(\.description) == ["2018Q3", "2018Q4", "2019Q1", "2019Q2"])
        let months = PeriodRange(period("2019M11"), period("2020M02"))!
        #expect(months.map(\.description) == ["2019M11", "2019M12", "2020M01", "2020M02"])
        let years = PeriodRange(period("2015"), period("2020"))!
        #expect(Array(years).count == 6)
        #expect(r[0] == period("2018Q3"))
        #expect(r[3] == period("2019Q2"))
        #expect(r.indices == 0..<4)
    }

    @Test("a one-period range")
    func single() {
        let r = PeriodRange(period("2019"), period("2019"))
        #expect(r?.count == 1)
        #expect(r?.last == period("2019"))
    }

    @Test("the position of a period, nil outside or at another granularity")
    func index() {
        let r = PeriodRange(period("2018Q1"), period("2019Q1"))!
        #expect(r.index(of: period("2018Q1")) == 0)
        #expect(r.index(of: period("2019Q1")) == 4)
        #expect(r.index(of: period("2018Q3")) == 2)
        #expect(r.index(of: period("2017Q4")) == nil)
        #expect(r.index(of: period("2019Q2")) == nil)
        #expect(r.index(of: period("2018H1")) == nil)
        #expect(r.index(of: period("2018")) == nil)
    }

    @Test("backwards or mixed ranges are refused")
    func invalid() {
        #expect(PeriodRange(period("2019Q2"), period("2019Q1")) == nil)
        #expect(PeriodRange(period("2019Q1"), period("2019M03")) == nil)
        #expect(PeriodRange(period("2018"), period("2019Q1")) == nil)
    }

    @Test("a negative count is an empty range")
    func emptyRange() {
        let r = PeriodRange(start: period("2019Q1"), count: -3)
        #expect(r.count == 0)
        #expect(Array(r).isEmpty)
        #expect(r.index(of: period("2019Q1")) == nil)
    }

    @Test("a series is blank outside its range")
    func seriesOutside() {
        let s = Series(range: PeriodRange(period("2019Q1"), period("2019Q2"))!, values: [.number(1), .number(2)])
        #expect(s.value(at: period("2019Q2")) == .number(2))
        #expect(s.value(at: period("2018Q4")) == .blank)
        #expect(s.value(at: period("2019Q3")) == .blank)
        #expect(s.value(at: period("2019")) == .blank)
        #expect(s.lagged(by: -1).values == [.blank, .number(1)])
    }
}
