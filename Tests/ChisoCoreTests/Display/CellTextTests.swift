// MARK: - A value as text, for people and for programs
//
// `CellText.format` (people: a display format and a locale) and `CellText.machine`
// (programs: CSV) say every kind of value; `text(x)` and `concat` are the people's
// variant in the `text` format and the notebook's locale.

import Testing

@testable import ChisoCore

@Suite("Value as text")
struct CellTextTests {
    static let series = Value.series(
        Series(
            range: PeriodRange(start: Period(.quarter, year: 2019)!, count: 3),
            values: [.number(1234.5), .blank, .text("=x")]))

    @Test("for people: the format, the locale's words and decimal mark, a series joined by commas")
    func forPeople() {
        #expect(CellText.format(.number(1234.5), .number(decimals: 1), .vi) == "1.234,5")
        #expect(CellText.format(.number(0.125), .percent(decimals: 1), .en) == "12.5%")
        #expect(CellText.format(.bool(true), .general, .vi) == "đúng")
        #expect(CellText.format(.blank, .general, .vi) == "")
        #expect(CellText.format(.error(.div0), .general, .vi) == "#DIV/0!")
        #expect(CellText.format(.period(Period(.month, year: 2019, index: 3)!), .general, .vi) == "2019M03")
        #expect(CellText.format(Self.series, .text, .vi) == "1234,5, , =x")
    }

    @Test("for programs: numbers with '.', true/false in any locale, a series joined by spaces, text as the caller makes it")
    func forPrograms() {
        #expect(CellText.machine(.number(1234.5)) == "1234.5")
        #expect(CellText.machine(.number(1e20)) == "100000000000000000000")
        #expect(CellText.machine(.bool(false)) == "false")
        #expect(CellText.machine(.blank) == "")
        #expect(CellText.machine(.error(.na)) == "#N/A")
        #expect(CellText.machine(Self.series) == "1234.5  =x")
        #expect(CellText.machine(Self.series, text: CSVRenderer.safe) == "1234.5  '=x", "CSV makes each text safe")
    }

    @Test(
        "text() and concat() write values as people read them, in the notebook's locale and the text format",
        arguments: ["1234.5", "12.5%", "true", "_", "2019M03", "\"a\""])
    func textFunction(_ literal: String) {
        let r = runNotebook("locale vi\nv = \(literal)\nt = text(v)\nc = concat(\"[\", v, \"]\")\n", locale: .en)
        let v = value(r, "v")
        #expect(value(r, "t") == .text(CellText.format(v, .text, .vi)))
        #expect(value(r, "c") == .text("[" + CellText.format(v, .text, .vi) + "]"))
    }
}
