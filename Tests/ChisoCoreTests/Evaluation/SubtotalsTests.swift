// `with subtotals`: the options list after `with`, the subtotal values (the roll-up rule),
// the warnings, the columns renderers walk, and the workbook's live formulas.

import Foundation
import Testing

@testable import ChisoCore

private let quarters = """
    table t over 2018Q1..2019Q4 with total "Cả kỳ", subtotals {
      a = 10, 20, 30, 40, 50, 60, 70, 80
      b = 9, 18, 27, 36, 45, _, 63, 72
      rate = b / a
      stock = 1, 2, 3, 4, 5, 6, 7, 8 agg last
      mean = 1, 2, 3, 4, 5, 6, 7, 9 agg avg
    }
    a19 = t.a@2019
    rate19 = t.rate@2019
    stock19 = t.stock@2019
    mean19 = t.mean@2019
    """

@Suite("Subtotal columns")
struct SubtotalsTests {
    @Test func optionsParseInAnyOrderEachOnce() {
        for header in ["with total \"Cả kỳ\", subtotals", "with subtotals, total \"Cả kỳ\""] {
            let r = runNotebook("table t over 2019Q1..2019Q4 \(header) {\n  a = 1, 2, 3, 4\n}\n")
            #expect(!r.hasErrors)
            let t = reportTable(r, "t")
            #expect(t?.totalLabel == "Cả kỳ")
            #expect(t?.subtotals == [Report.Subtotal(year: Period(.year, ordinal: 2019), after: 3)])
        }
        let twice = runNotebook("table t over 2019Q1..2019Q4 with subtotals, subtotals {\n  a = 1, 2, 3, 4\n}\n")
        #expect(twice.diagnostics.first?.message == "'subtotals' is given twice after 'with'")
        #expect(twice.diagnostics.first?.notes.first?.message == "the first 'subtotals'")
        let unknown = runNotebook("table t over 2019Q1..2019Q4 with total, trendy {\n  a = 1, 2, 3, 4\n}\n")
        #expect(unknown.diagnostics.first?.message == "expected 'total', 'subtotals' or 'trend' after ',', found 'trendy'")
        // `from` after the options, as before.
        let plain = runNotebook("table t over 2019Q1..2019Q4 with total {\n  a = 1, 2, 3, 4\n}\n")
        #expect(reportTable(plain, "t")?.subtotals.isEmpty == true)
    }

    @Test func subtotalsAreTheRollups() throws {
        let r = runNotebook(quarters)
        let t = try #require(reportTable(r, "t"))
        #expect(t.subtotals.map(\.after) == [3, 7])
        #expect(t.subtotals.map(\.year.description) == ["2018", "2019"])
        func row(_ name: String) -> [Value] { t.rows.first { $0.name == name }?.subtotalValues ?? [] }
        #expect(row("a") == [.number(100), .number(260)])
        #expect(row("a")[1] == value(r, "a19"))
        // The year's rate is the year's b over its a (Q2 of b is blank: skipped in both).
        #expect(row("rate")[1] == value(r, "rate19"))
        #expect(row("rate")[0] == .number(90.0 / 100))
        #expect(row("stock") == [.number(4), value(r, "stock19")])
        #expect(row("mean") == [.number(2.5), value(r, "mean19")])
        // Interleaved: each subtotal after its year's last period.
        #expect(
            t.columns == [
                .period(0), .period(1), .period(2), .period(3), .subtotal(0), .period(4), .period(5), .period(6), .period(7), .subtotal(1),
            ])
    }

    @Test func aYearHeldInPartIsNAWithOneWarning() throws {
        let r = runNotebook("table t over 2018Q3..2019Q4 with subtotals {\n  a = 1, 2, 3, 4, 5, 6\n  b = a * 2\n}\n")
        let t = try #require(reportTable(r, "t"))
        #expect(t.rows.map(\.subtotalValues) == [[.error(.na), .number(18)], [.error(.na), .number(36)]])
        let warnings = r.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.message
                == "table 't' covers 2018 only in part (2018Q3..2018Q4): its subtotal for that year shows #N/A, as a roll-up of part of a year does"
        )
        #expect(warnings.first?.help == "make the table cover whole years, for example over 2018Q1..2019Q4, or remove `subtotals`")
    }

    @Test func aTableOverYearsHasNoSubtotalsAndAWarning() throws {
        let r = runNotebook("table t over 2018..2019 with subtotals {\n  a = 1, 2\n}\n")
        #expect(!r.hasErrors)
        #expect(reportTable(r, "t")?.subtotals.isEmpty == true)
        #expect(
            r.diagnostics.map(\.message) == [
                "table 't' is over years: each of its columns is already a year, so `subtotals` adds nothing"
            ])
    }

    @Test func everyFormatShowsTheSubtotalAfterItsYear() throws {
        let r = runNotebook("locale vi\ntable t over 2018Q3..2019Q2 with subtotals {\n  a = 1, 2, 3, 4\n}\n")
        let md = MarkdownRenderer.render(r.report)
        #expect(md.contains("| Quý III/2018 | Quý IV/2018 | Năm 2018 | Quý I/2019 | Quý II/2019 | Năm 2019 |"))
        #expect(md.contains("| a | 1 | 2 | #N/A | 3 | 4 | #N/A |"))
        let csv = CSVRenderer.render(r.report)
        #expect(csv.contains("table,name,label,2018Q3,2018Q4,2018,2019Q1,2019Q2,2019\r\nt,a,,1,2,#N/A,3,4,#N/A\r\n"))
        let html = HTMLRenderer.render(r.report)
        #expect(html.contains("<th scope=\"col\" class=\"subtotal\">Năm 2018</th>"))
        #expect(html.contains("td.subtotal"))
        // A page without subtotals carries no style for them.
        #expect(!HTMLRenderer.render(runNotebook("table t over 2019Q1..2019Q2 {\n  a = 1, 2\n}\n").report).contains("subtotal"))
    }

    @Test func theWorkbookSumsEachYearAndTheTotalSkipsTheSubtotals() throws {
        var options = RunOptions()
        options.excel = true
        let r = Engine.run(
            name: "t.chiso",
            text: """
                table t over 2018Q1..2019Q4 with total, subtotals {
                  a = 10, 20, 30, 40, 50, 60, 70, 80
                  b = 9, 18, 27, 36, 45, 54, 63, 72
                  rate = b / a
                  stock = 1, 2, 3, 4, 5, 6, 7, 8 agg last
                  late = _, _, _, _, 5, 6, 7, 8
                }
                """, options: options)
        let book = try #require(r.excel)
        var zip = try #require(Zip.Reader(book.bytes))
        let xml = String(decoding: try #require(try zip.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
        var scanner = XMLScanner(Array(xml.utf8))
        var formulas: [String: String] = [:], cell = "", inFormula = false
        while let e = try scanner.next() {
            switch e {
            case .start("c", let a): cell = a["r"] ?? ""
            case .start("f", _): inFormula = true
            case .end("f"): inFormula = false
            case .text(let t) where inFormula: formulas[cell, default: ""] += t
            default: break
            }
        }
        // Row 3 is a: periods in C..F and H..K, subtotals in G and L, the total in M.
        #expect(formulas["G3"] == "IF(COUNT(C3:F3)=0,\"\",SUM(C3:F3))")
        #expect(formulas["L3"] == "IF(COUNT(H3:K3)=0,\"\",SUM(H3:K3))")
        // The total is blank only when both years are: one guard over both blocks.
        #expect(formulas["M3"] == "IF(COUNT(C3:F3,H3:K3)=0,\"\",SUM(C3:F3,H3:K3))")
        // A row blank in its first year: its total is still a formula (26, the second year's).
        #expect(formulas["M7"] == "IF(COUNT(C7:F7,H7:K7)=0,\"\",SUM(C7:F7,H7:K7))")
        #expect(formulas["G7"] == "IF(COUNT(C7:F7)=0,\"\",SUM(C7:F7))")
        // The rate's subtotal is its formula over the subtotal cells.
        #expect(formulas["G5"] == "IF(COUNT(G4,G3)<2,\"\",G4/G3)")
        #expect(formulas["H5"] == "IF(COUNT(H4,H3)<2,\"\",H4/H3)")
        // `agg last` keeps its value.
        #expect(formulas["G6"] == nil)
    }
}
