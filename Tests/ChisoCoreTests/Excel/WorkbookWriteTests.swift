// Writing the report as a workbook: the package Excel requires, the layout, number
// formats, live formulas (and where a cell keeps its value), and the round trip through
// Chiso's own reader.

import Foundation
import Testing

@testable import ChisoCore

private func workbook(_ src: String, locale: DisplayLocale? = nil) -> (RunResult, ExcelWorkbook) {
    var options = RunOptions(locale: locale)
    options.excel = true
    let r = Engine.run(name: "t.chiso", text: src, options: options)
    return (r, r.excel!)
}

/// The parts of a package by path.
private func parts(_ bytes: [UInt8]) throws -> [String: String] {
    var zip = try #require(Zip.Reader(bytes))
    var out: [String: String] = [:]
    for path in [
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
    ] {
        if let b = try zip.read(path) { out[path] = String(decoding: b, as: UTF8.self) }
    }
    return out
}

/// Every formula of the sheet by cell.
private func formulas(_ xml: String) throws -> [String: String] {
    var scanner = XMLScanner(Array(xml.utf8))
    var out: [String: String] = [:], cell = "", inFormula = false
    while let e = try scanner.next() {
        switch e {
        case .start("c", let a): cell = a["r"] ?? ""
        case .start("f", _): inFormula = true
        case .end("f"): inFormula = false
        case .text(let t) where inFormula: out[cell, default: ""] += t
        default: break
        }
    }
    return out
}

private let dvc = """
    locale vi
    ## Hồ sơ DVC
    table dvc "Hồ sơ" over 2018Q4..2019Q1 with total {
      received "Tiếp nhận" = 1_131, 1_636 as integer
      resolved "Giải quyết" = 1_100, 1_600 as integer
      growth_r "Tăng trưởng" = growth(received)
      rate "Tỷ lệ" = resolved / received as percent(1)
      delta_r "Tăng" = delta(received) as number(2)
      both = sum(received..resolved)
    }
    table kh over 2018Q4..2019Q1 {
      plan = 1_000, 1_500
      done = of_plan(dvc.received, plan)
    }
    target = 2_000
    reach "Đạt" = dvc.received@2019Q1 / target
    """

@Suite("Excel: writing workbooks")
struct WorkbookWriteTests {
    @Test func thePackageHasWhatExcelRequires() throws {
        let (_, book) = workbook(dvc)
        let p = try parts(book.bytes)
        let types = try #require(p["[Content_Types].xml"])
        // Every part is typed, every relationship's target exists, every part is XML Chiso reads.
        for part in ["/xl/workbook.xml", "/xl/styles.xml", "/xl/worksheets/sheet1.xml", "/xl/sharedStrings.xml"] {
            #expect(types.contains("PartName=\"\(part)\""), "\(part) has no content type")
        }
        #expect(p["_rels/.rels"]!.contains("Target=\"xl/workbook.xml\""))
        for target in ["worksheets/sheet1.xml", "styles.xml", "sharedStrings.xml"] {
            #expect(p["xl/_rels/workbook.xml.rels"]!.contains("Target=\"\(target)\""))
            #expect(p["xl/" + target] != nil)
        }
        for (path, xml) in p {
            var s = XMLScanner(Array(xml.utf8))
            var depth = 0
            while let e = try s.next() {
                if case .start = e { depth += 1 }
                if case .end = e { depth -= 1 }
            }
            #expect(depth == 0, "\(path) is not balanced")
        }
        // Number formats from display formats; a frozen header; widths.
        let styles = p["xl/styles.xml"]!
        #expect(styles.contains("formatCode=\"#,##0\""))
        #expect(styles.contains("formatCode=\"0.0%\""))
        #expect(styles.contains("formatCode=\"#,##0.00\""))
        let sheet = p["xl/worksheets/sheet1.xml"]!
        #expect(sheet.contains("<pane xSplit=\"2\" ySplit=\"4\" topLeftCell=\"C5\" activePane=\"bottomRight\" state=\"frozen\"/>"))
        #expect(sheet.contains("<col min=\"2\" max=\"2\""))
        // Shared strings: headers in the locale, labels.
        let strings = p["xl/sharedStrings.xml"]!
        for s in ["Quý IV/2018", "Quý I/2019", "Tổng", "Tiếp nhận", "Hồ sơ DVC"] { #expect(strings.contains(">\(s)</t>")) }
        #expect(p["xl/workbook.xml"]!.contains("<sheet name=\"Báo cáo\""))
    }

    @Test func liveFormulasWithBlankGuards() throws {
        let (_, book) = workbook(dvc)
        let f = try formulas(try parts(book.bytes)["xl/worksheets/sheet1.xml"]!)
        // Row 4 is the header (a heading, an empty row, the title above it); received is
        // row 5, resolved 6, growth 7, rate 8, delta 9, both 10.
        #expect(f["D7"] == "IF(COUNT(D5,C5)<2,\"\",D5/C5-1)")
        #expect(f["C8"] == "IF(COUNT(C6,C5)<2,\"\",C6/C5)")
        #expect(f["D9"] == "IF(COUNT(D5,C5)<2,\"\",D5-C5)")
        #expect(f["C10"] == "IF(COUNT(C5:C6)=0,\"\",SUM(C5:C6))")
        // The total column: a data row sums its cells; a ratio is the ratio of the totals.
        #expect(f["E5"] == "IF(COUNT(C5:D5)=0,\"\",SUM(C5:D5))")
        #expect(f["E8"] == "IF(COUNT(E6,E5)<2,\"\",E6/E5)")
        #expect(f["E10"] == "IF(COUNT(E5:E6)=0,\"\",SUM(E5:E6))")
        // Growth in the first period reads before the table: blank, a value (no formula);
        // so is growth in the total column (a lag of totals is no cell of the sheet).
        #expect(f["C7"] == nil)
        #expect(f["E7"] == nil)
        // Data cells are values.
        #expect(f["C5"] == nil)
        // Another table's row in the same period; a cell reading a table's cell and a cell.
        #expect(f["C15"] == "IF(COUNT(C5,C14)<2,\"\",C5/C14)")
        #expect(f["C18"] == "IF(COUNT($D$5,$C$17)<2,\"\",$D$5/$C$17)")
        #expect(book.formulaCells == 13)
    }

    @Test func cellsWhoseSemanticsDifferKeepTheirValues() throws {
        let (_, book) = workbook(
            """
            table t over 2019..2020 {
              a = 1, _
              b = if a > 0 then 1 else 2
              c = coalesce(a, 0) + 1
            }
            """)
        let f = try formulas(try parts(book.bytes)["xl/worksheets/sheet1.xml"]!)
        #expect(f.isEmpty, "\(f)")
        #expect(book.computedCells == 4)
    }

    @Test func roundTripThroughTheReader() throws {
        let (r, book) = workbook(
            """
            locale vi
            table dvc "Hồ sơ" over 2019Q1..2019Q3 {
              received "Tiếp nhận" = 1_445, 2_048, _
              resolved "Đã giải quyết, đúng hạn" = 1_400, 2_000.5, 1_980
              rate = resolved / received as percent(2)
            }
            """)
        #expect(errors(r).isEmpty)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-xlsx-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(book.bytes).write(to: dir.appendingPathComponent("report.xlsx"))
        let back = Engine.run(
            name: dir.appendingPathComponent("back.chiso").path,
            text: "locale vi\ntable dvc over 2019Q1..2019Q3 from \"report.xlsx\" {\n}\n",
            options: RunOptions(root: Sandbox.realPath(dir.path)))
        #expect(errors(back).isEmpty, "\(messages(back))")
        for row in ["received", "resolved", "rate"] {
            #expect(rowValues(back, table: "dvc", row: row) == rowValues(r, table: "dvc", row: row), "\(row)")
        }
        #expect(reportRow(back, "dvc", "resolved")?.label == "Đã giải quyết, đúng hạn")
    }

    @Test func textIsKeptAsWritten() throws {
        // `_x…_` would be read as an escape by spreadsheets; control characters are not XML.
        let (_, book) = workbook("tl_xa_cong \"=HYPERLINK(\\\"x\\\") & <b>\" = 1\n")
        let strings = try parts(book.bytes)["xl/sharedStrings.xml"]!
        #expect(strings.contains(">tl_x005F_xa_cong</t>"))
        #expect(strings.contains(">=HYPERLINK(&quot;x&quot;) &amp; &lt;b&gt;</t>"))
        #expect(XLSXPackage.unescapeString("tl_x005F_xa_cong") == "tl_xa_cong")
    }

    @Test func periodLabelsReadBack() {
        for locale in DisplayLocale.allCases {
            for text in ["2019", "2019H2", "2019Q3", "2019M11"] {
                let p = period(text)
                #expect(PeriodHeader.parse(p.label(locale)) == p)
            }
        }
    }
}
