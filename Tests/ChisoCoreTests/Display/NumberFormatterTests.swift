// MARK: - Numbers to text
//
// Locale `vi` prints 1.445, 31,04%, 6.834,5; locale `en` prints 1,445, 31.04%, 6,834.5.
// `general` shows integers whole and other numbers with up to 15 significant digits.

import Testing

@testable import ChisoCore

private func f(_ x: Double, _ format: DisplayFormat = .general, _ locale: DisplayLocale = .en) -> String {
    NumberFormatter.format(x, format, locale)
}

@Suite("NumberFormatter")
struct NumberFormatterTests {
    // MARK: The examples of the language

    @Test("locale vi: 1.445, 31,04%, 6.834,5")
    func vietnamese() {
        #expect(f(1445, .general, .vi) == "1.445")
        #expect(f(0.3104, .percent(decimals: 2), .vi) == "31,04%")
        #expect(f(6834.5, .general, .vi) == "6.834,5")
    }

    @Test("locale en: 1,445, 31.04%, 6,834.5")
    func english() {
        #expect(f(1445, .general, .en) == "1,445")
        #expect(f(0.3104, .percent(decimals: 2), .en) == "31.04%")
        #expect(f(6834.5, .general, .en) == "6,834.5")
    }

    @Test("points: a change between rates in percentage points, 35,0 điểm % / 35.0 pp")
    func points() {
        #expect(f(0.95 - 0.60, .points(decimals: 1), .vi) == "35,0 điểm %")
        #expect(f(0.95 - 0.60, .points(decimals: 1), .en) == "35.0 pp")
        #expect(f(-0.0215, .points(decimals: 2), .en) == "-2.15 pp")
        #expect(f(1, .points(decimals: 0), .vi) == "100 điểm %")
        #expect(f(12.345, .points(decimals: 1), .vi) == "1.234,5 điểm %")
        #expect(f(-0.0004, .points(decimals: 1), .en) == "0.0 pp", "no sign that rounding took away")
    }

    // MARK: general

    @Test("general: integers whole, grouped by thousands")
    func generalIntegers() {
        #expect(f(0) == "0")
        #expect(f(7) == "7")
        #expect(f(100) == "100")
        #expect(f(999) == "999")
        #expect(f(1000) == "1,000")
        #expect(f(1_290_000) == "1,290,000")
        #expect(f(1_290_000, .general, .vi) == "1.290.000")
        #expect(f(999_999_999_999_999) == "999,999,999,999,999")
        // Whole numbers print every digit up to 2^53, where doubles stop being exact.
        #expect(f(1e15) == "1,000,000,000,000,000")
        #expect(f(9_007_199_254_740_992) == "9,007,199,254,740,992")
        #expect(f(-9_007_199_254_740_991, .general, .vi) == "-9.007.199.254.740.991")
        #expect(f(9_007_199_254_740_992, .text) == "9007199254740992")
        #expect(f(1_234_567_890_123_456, .number(decimals: 2)) == "1,234,567,890,123,456.00")
    }

    @Test("general: up to 15 significant digits, trailing zeros trimmed")
    func generalFractions() {
        #expect(f(0.1 + 0.2) == "0.3")
        #expect(f(1.0 / 3.0) == "0.333333333333333")
        #expect(f(2.0 / 3.0) == "0.666666666666667")
        #expect(f(1.23456789012345678) == "1.23456789012346")
        #expect(f(12.50) == "12.5")
        #expect(f(0.000123) == "0.000123")
        #expect(f(1234.5678, .general, .vi) == "1.234,5678")
    }

    @Test("general: scientific for very large and very small numbers")
    func generalScientific() {
        #expect(f(1e20) == "1E+20")
        #expect(f(1.5e20) == "1.5E+20")
        #expect(f(1234567.5e12) == "1.2345675E+18")
        #expect(f(1.5e20, .general, .vi) == "1,5E+20")
        #expect(f(1.5e-10) == "1.5E-10")
        #expect(f(-2e-12) == "-2E-12")
    }

    @Test("negatives keep their sign before the grouped digits")
    func negatives() {
        #expect(f(-1234.5) == "-1,234.5")
        #expect(f(-1234.5, .general, .vi) == "-1.234,5")
        #expect(f(-7) == "-7")
        #expect(f(-0.25, .percent(decimals: 1)) == "-25.0%")
        #expect(f(-1234.5, .integer) == "-1,235")
        #expect(f(-1234.567, .number(decimals: 2), .vi) == "-1.234,57")
    }

    @Test("zero, and negatives that round to zero, print without a sign")
    func zero() {
        #expect(f(0, .general) == "0")
        #expect(f(-0.0, .general) == "0")
        #expect(f(0, .number(decimals: 2)) == "0.00")
        #expect(f(0, .percent(decimals: 1)) == "0.0%")
        #expect(f(0, .integer) == "0")
        #expect(f(-0.0004, .number(decimals: 2)) == "0.00")
        #expect(f(-0.00004, .percent(decimals: 1)) == "0.0%")
        #expect(f(-0.4, .integer) == "0")
    }

    // MARK: Fixed formats

    @Test("number(d): grouped, exactly d decimals, rounded half away from zero")
    func number() {
        #expect(f(1234.5, .number(decimals: 2)) == "1,234.50")
        #expect(f(1234.5, .number(decimals: 2), .vi) == "1.234,50")
        #expect(f(6834.46, .number(decimals: 1), .vi) == "6.834,5")
        #expect(f(88, .number(decimals: 1)) == "88.0")
        #expect(f(2.675, .number(decimals: 2)) == "2.68")
        #expect(f(1.005, .number(decimals: 2)) == "1.01")
        #expect(f(999.96, .number(decimals: 1)) == "1,000.0")
        #expect(f(0.05, .number(decimals: 1)) == "0.1")
    }

    @Test("integer: grouped, no decimals")
    func integer() {
        #expect(f(1445, .integer, .vi) == "1.445")
        #expect(f(1234.5, .integer) == "1,235")
        #expect(f(0.5, .integer) == "1")
        #expect(f(1_135_200, .integer) == "1,135,200")
    }

    @Test("percent(d): times 100, exactly d decimals, a % sign")
    func percent() {
        #expect(f(0.3104, .percent(decimals: 1)) == "31.0%")
        #expect(f(0.3104, .percent(decimals: 0)) == "31%")
        #expect(f(0.125, .percent(decimals: 0)) == "13%")
        #expect(f(0.0125, .percent(decimals: 0)) == "1%")
        #expect(f(1, .percent(decimals: 0)) == "100%")
        #expect(f(12.345, .percent(decimals: 1)) == "1,234.5%")
        #expect(f(12.345, .percent(decimals: 1), .vi) == "1.234,5%")
        #expect(f(0.971153846153846, .percent(decimals: 1), .vi) == "97,1%")
    }

    @Test("percent without decimals given shows as many as the value needs")
    func percentGeneral() {
        #expect(f(0.125, .percent(decimals: nil)) == "12.5%")
        #expect(f(0.125, .percent(decimals: nil), .vi) == "12,5%")
        #expect(f(0.6, .percent(decimals: nil)) == "60%")
    }

    @Test("text: plain, no grouping")
    func text() {
        #expect(f(1234.5, .text) == "1234.5")
        #expect(f(1234.5, .text, .vi) == "1234,5")
        #expect(f(1_290_000, .text) == "1290000")
    }

    @Test("a non-finite number prints as #NUM!")
    func nonFinite() {
        #expect(f(.infinity) == "#NUM!")
        #expect(f(.nan, .percent(decimals: 1)) == "#NUM!")
    }

    // MARK: Cells

    @Test("cells: booleans in the locale's words, blanks empty, errors as codes")
    func cellText() {
        #expect(CellText.format(.bool(true), .general, .en) == "true")
        #expect(CellText.format(.bool(false), .general, .vi) == "sai")
        #expect(CellText.format(.bool(true), .general, .vi) == "đúng")
        #expect(CellText.format(.blank, .percent(decimals: 1), .en) == "")
        #expect(CellText.format(.error(.div0), .general, .en) == "#DIV/0!")
        #expect(CellText.format(.text("Hà Tĩnh"), .number(decimals: 2), .vi) == "Hà Tĩnh")
        #expect(CellText.format(.period(period("2019Q1")), .general, .vi) == "2019Q1")
        #expect(CellText.format(.number(0.3104), .percent(decimals: 2), .vi) == "31,04%")
    }

    @Test("a notebook's locale decides how its numbers print; the run's locale overrides it")
    func notebookLocale() {
        let src = "locale vi\na = 1445\nb = 0.3104 as percent(2)\nc = 6834.5\n"
        let vi = runNotebook(src)
        #expect(vi.report.locale == .vi)
        #expect(shown(vi, "a") == "1.445")
        #expect(shown(vi, "b") == "31,04%")
        #expect(shown(vi, "c") == "6.834,5")
        let en = runNotebook(src, locale: .en)
        #expect(en.report.locale == .en)
        #expect(shown(en, "a") == "1,445")
        #expect(shown(en, "b") == "31.04%")
        #expect(shown(en, "c") == "6,834.5")
        #expect(runNotebook("a = 1").report.locale == .en)
    }

    @Test("source code always uses '.' for decimals, whatever the locale")
    func sourceDecimalPoint() {
        let r = runNotebook("locale vi\na = 1.5\nb = 1_234.25\n")
        #expect(errors(r).isEmpty)
        #expect(num(value(r, "a")) == 1.5)
        #expect(shown(r, "a") == "1,5")
        #expect(shown(r, "b") == "1.234,25")
    }

    @Test("a percent literal shows as a percent")
    func percentLiteral() {
        let r = runNotebook("a = 12.5%\nb = 60%")
        #expect(num(value(r, "a")) == 0.125)
        #expect(shown(r, "a") == "12.5%")
        #expect(shown(r, "b") == "60%")
    }
}
