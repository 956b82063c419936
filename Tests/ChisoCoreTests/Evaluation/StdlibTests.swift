// MARK: - The standard library
//
// delta, growth, yoy, yoy_delta, ytd, share, of_plan, per100, cagr — written in Chiso,
// loaded before every notebook.

import ChisoStdlib
import Foundation
import Testing

@testable import ChisoCore

@Suite("Stdlib")
struct StdlibTests {
    @Test("the standard library loads cleanly before every notebook")
    func loadsCleanly() {
        let r = runNotebook("x = 1\n")
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(Stdlib.files.count >= 1)
    }

    @Test(
        "every function the language promises is defined",
        arguments: ["delta", "growth", "yoy", "yoy_delta", "ytd", "share", "of_plan", "per100", "cagr"])
    func promised(_ name: String) {
        // Naming a function without calling it says it is a function (not an unknown name).
        #expect(messages("x = \(name)\n") == ["'\(name)' is a function"])
    }

    // MARK: Changes

    private static let quarterly = """
        table q over 2018Q1..2019Q2 {
          x = 10, 20, 30, 40, 15, 30
          d = delta(x)
          g = growth(x)
          y = yoy(x)
          yd = yoy_delta(x)
          c = ytd(x)
        }

        """

    @Test("delta(x) is x - x[-1]: blank in the first period")
    func delta() {
        let r = runNotebook(Self.quarterly)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "q", row: "d") == values(nil, 10, 10, 10, -25, 15))
        #expect(reportRow(r, "q", "d")?.format == .general)
    }

    @Test("growth(x) is x / x[-1] - 1, shown as a percent")
    func growth() {
        let r = runNotebook(Self.quarterly)
        #expect(rowValues(r, table: "q", row: "g") == values(nil, 1, 0.5, 40.0 / 30 - 1, -0.625, 1))
        #expect(reportRow(r, "q", "g")?.format == .percent(decimals: 1))
        #expect(reportRow(r, "q", "g").map { CellText.format($0.values[3], $0.format, .vi) } == "33,3%")
    }

    @Test("yoy and yoy_delta compare with the same quarter a year before")
    func yoyQuarterly() {
        let r = runNotebook(Self.quarterly)
        #expect(rowValues(r, table: "q", row: "y") == values(nil, nil, nil, nil, 0.5, 0.5))
        #expect(rowValues(r, table: "q", row: "yd") == values(nil, nil, nil, nil, 5, 10))
        #expect(reportRow(r, "q", "y")?.format == .percent(decimals: 1))
    }

    @Test("yoy and yoy_delta on a monthly table look 12 months back")
    func yoyMonthly() {
        let r = runNotebook(
            """
            table m over 2018M01..2019M02 {
              x = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
              y = yoy(x)
              yd = yoy_delta(x)
            }
            """)
        let y = rowValues(r, table: "m", row: "y")
        #expect(y.prefix(12).allSatisfy { $0.isBlank })
        #expect(Array(y.suffix(2)) == values(12, 6))
        #expect(Array(rowValues(r, table: "m", row: "yd").suffix(2)) == values(12, 12))
    }

    @Test("yoy on a yearly table is the growth on the year before")
    func yoyYearly() {
        let r = runNotebook("table t over 2019..2021 {\n  x = 100, 110, 121\n  y = yoy(x)\n}\n")
        #expect(rowValues(r, table: "t", row: "y") == values(nil, 0.1, 0.1))
    }

    @Test("delta and growth with blanks and zeros")
    func blanksAndZeros() {
        let r = runNotebook(
            """
            table t over 2019..2022 {
              x = 1, _, 3, 0
              z = 0, 5, 5, 6
              d = delta(x)
              g = growth(z)
            }
            """)
        #expect(rowValues(r, table: "t", row: "d") == values(nil, nil, nil, -3))
        #expect(rowValues(r, table: "t", row: "g") == [.blank, .error(.div0), .number(0), .number(0.2)])
    }

    @Test("delta of a whole series in a scalar")
    func deltaOfSeries() {
        let r = runNotebook("table t over 2019..2021 {\n  x = 5, 8, 12\n}\nd = delta(t.x)\n")
        #expect(value(r, "d") == series("2019", "2021", values(nil, 3, 4)))
    }

    // MARK: Year to date

    @Test("ytd on a quarterly table restarts each year")
    func ytdQuarterly() {
        let r = runNotebook(Self.quarterly)
        #expect(rowValues(r, table: "q", row: "c") == values(10, 30, 60, 100, 15, 45))
    }

    @Test("ytd on a monthly table restarts in January")
    func ytdMonthly() {
        let r = runNotebook(
            """
            table m over 2018M11..2019M03 {
              x = 1, 2, 3, 4, 5
              c = ytd(x)
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "m", row: "c") == values(1, 3, 3, 7, 12))
    }

    @Test("ytd over a full year of months")
    func ytdFullYear() {
        let r = runNotebook(
            """
            table m over 2019M01..2020M02 {
              x = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5
              c = ytd(x)
            }
            """)
        #expect(rowValues(r, table: "m", row: "c") == values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 5, 10))
    }

    @Test("ytd on half-years and on years")
    func ytdOtherGranularities() {
        let r = runNotebook(
            """
            table h over 2019H1..2020H2 {
              x = 1, 2, 3, 4
              c = ytd(x)
            }
            table y over 2019..2021 {
              x = 1, 2, 3
              c = ytd(x)
            }
            """)
        #expect(rowValues(r, table: "h", row: "c") == values(1, 3, 3, 7))
        #expect(rowValues(r, table: "y", row: "c") == values(1, 2, 3))
    }

    @Test("ytd is blank where x is blank, and skips earlier blanks")
    func ytdBlanks() {
        let r = runNotebook("table q over 2019Q1..2019Q4 {\n  x = 1, _, 3, 4\n  c = ytd(x)\n}\n")
        #expect(rowValues(r, table: "q", row: "c") == values(1, nil, 4, 8))
    }

    // MARK: Ratios

    @Test("share(part, whole) is part / whole as a percent")
    func share() {
        let r = runNotebook(
            """
            table t over 2019..2020 {
              part = 776, 50
              whole = 1636, 200
              s = share(part, whole)
            }
            x = share(1, 4)
            """)
        #expect(rowValues(r, table: "t", row: "s") == values(776.0 / 1636, 0.25))
        #expect(reportRow(r, "t", "s")?.format == .percent(decimals: 1))
        #expect(value(r, "x") == .number(0.25))
        #expect(shown(r, "x") == "25.0%")
    }

    @Test("of_plan(actual, plan) is the percent of the target achieved")
    func ofPlan() {
        let r = runNotebook("locale vi\nactual = 93\nplan = 120\nx = of_plan(actual, plan)\ny = of_plan(5, 0)\n")
        #expect(value(r, "x") == .number(0.775))
        #expect(shown(r, "x") == "77,5%")
        #expect(value(r, "y") == .error(.div0))
    }

    @Test("per100(count, population) is the count per 100 inhabitants")
    func per100() {
        let r = runNotebook(
            """
            population = 1_290_000
            subscribers = 1_135_200
            density = per100(subscribers, population)
            """)
        #expect(value(r, "density") == .number(88))
        #expect(scalar(r, "density")?.format == .number(decimals: 1))
        #expect(shown(r, "density") == "88.0")
        #expect(shown(runNotebook("locale vi\nd = per100(1_135_200, 1_290_000)\n"), "d") == "88,0")
    }

    @Test("per1000 and change_pct")
    func otherRatios() {
        let r = runNotebook("a = per1000(25, 5_000)\nb = change_pct(110, 100)\n")
        #expect(value(r, "a") == .number(5))
        #expect(value(r, "b") == .number(0.1))
    }

    // MARK: Average annual growth

    @Test("cagr: 100 to 121 over two years is 10%")
    func cagrYears() {
        let r = runNotebook("table t over 2019..2021 {\n  x = 100, 110, 121\n}\ng = cagr(t.x)\n")
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(value(r, "g") == .number(0.1))
        #expect(shown(r, "g") == "10.0%")
    }

    @Test("cagr ignores blanks at either end")
    func cagrBlanks() {
        let r = runNotebook("table t over 2017..2022 {\n  x = _, 100, 110, 115, 121, _\n}\ng = cagr(t.x)\n")
        // 100 in 2018 to 121 in 2021: three years.
        #expect(value(r, "g") == .number(pow(1.21, 1.0 / 3.0) - 1))
        #expect(shown(r, "g") == "6.6%")
    }

    @Test("cagr on quarters counts years, not quarters")
    func cagrQuarters() {
        let r = runNotebook(
            """
            table t over 2019Q1..2021Q1 {
              x = 100, _, _, _, 110, _, _, _, 121
            }
            g = cagr(t.x)
            """)
        #expect(value(r, "g") == .number(0.1))
    }

    @Test("cagr of a sub-series")
    func cagrSubSeries() {
        let r = runNotebook(
            """
            table t over 2015..2020 {
              x = 50, 100, 110, 121, 133.1, 1000
            }
            g = cagr(t.x@2016..2019)
            h = cagr(t.x@2016..2017)
            """)
        #expect(value(r, "g") == .number(0.1))
        #expect(value(r, "h") == .number(0.1))
    }

    // MARK: Shadowing

    @Test("a notebook's own function shadows the standard library's")
    func userShadowsStdlib() {
        let r = runNotebook("fn delta(x) = 42\ntable t over 2019..2020 {\n  a = 1, 2\n  d = delta(a)\n}\n")
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "d") == values(42, 42))
    }

    @Test("stdlib functions compose with each other and with user functions")
    func composition() {
        let r = runNotebook(
            """
            fn pct_points(x) = delta(x) * 100
            table t over 2019..2021 {
              rate = 50%, 55%, 61%
              pp = pct_points(rate)
              gg = delta(growth(rate))
            }
            """)
        #expect(rowValues(r, table: "t", row: "pp") == values(nil, 5, 6))
        let gg = rowValues(r, table: "t", row: "gg")
        #expect(gg.prefix(2) == [.blank, .blank])
        // 61/55 - 55/50 = 1/110, up to the rounding of the two growth rates.
        #expect(gg.count == 3 && abs((num(gg[2]) ?? 0) - 1.0 / 110) < 1e-12)
    }
}
