// Reading tables from Excel workbooks: the layout, every kind of cell, and each way a
// workbook from another department can be wrong (a diagnostic naming file, sheet and
// cell, never a crash). The workbooks are made here, part by part, with `XLSXPackage`.

import Foundation
import Testing

@testable import ChisoCore

/// A notebook beside a workbook in a fresh folder, run with that folder as the root.
private func runWith(_ notebook: String, workbook: [UInt8], name: String = "data.xlsx") throws -> RunResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(workbook).write(to: dir.appendingPathComponent(name))
    let path = dir.appendingPathComponent("main.chiso").path
    let real = Sandbox.realPath(dir.path) ?? dir.path
    return Engine.run(name: path, text: notebook, options: RunOptions(root: real))
}

/// A text cell (inline string) and a number cell.
private func t(_ ref: String, _ s: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(XLSXPackage.escape(s))</t></is></c>" }
private func n(_ ref: String, _ x: String) -> String { "<c r=\"\(ref)\"><v>\(x)</v></c>" }

private func book(_ rows: [String], extra: String = "", sheet: String = "Số liệu", strings: [String] = [], styles: String? = nil) -> [UInt8]
{
    XLSXPackage.make(
        sheets: [.init(name: sheet, xml: XLSXPackage.worksheet(rows: rows, extra: extra))], styles: styles, sharedStrings: strings)
}

private let simple = book([
    t("A1", "name") + t("B1", "label") + t("C1", "2019Q1") + t("D1", "2019Q2"),
    t("A2", "received") + t("B2", "Hồ sơ tiếp nhận") + n("C2", "1445") + n("D2", "2048"),
    t("A3", "resolved") + t("B3", "Đã giải quyết") + n("C3", "1400") + n("D3", "2000"),
])

@Suite("Excel: reading workbooks")
struct WorkbookReadTests {
    @Test func readsNamesLabelsAndNumbers() throws {
        let r = try runWith(
            "table dvc over 2019Q1..2019Q2 from \"data.xlsx\" {\n  rate = resolved / received\n}\n", workbook: simple)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "dvc", row: "received") == values(1445, 2048))
        #expect(reportRow(r, "dvc", "received")?.label == "Hồ sơ tiếp nhận")
        #expect(num(rowValues(r, table: "dvc", row: "rate")[0]).map { abs($0 - 1400.0 / 1445) < 1e-12 } == true)
    }

    @Test func headersAsLabelsOrNumbersAndATitleAbove() throws {
        // A title merged across the sheet, then headers as people type them.
        let wb = book(
            [
                t("A1", "Báo cáo số liệu CCHC năm 2019"),
                t("A2", "Mã") + t("B2", "Chỉ tiêu") + t("C2", "Quý I/2019") + t("D2", "Q2 2019") + t("E2", "quý 3 năm 2019")
                    + t("F2", "2019Q4"),
                t("A3", "received") + t("B3", "Tiếp nhận") + n("C3", "1") + n("D3", "2") + n("E3", "3") + n("F3", "4"),
            ], extra: "<mergeCells count=\"1\"><mergeCell ref=\"A1:F1\"/></mergeCells>")
        let r = try runWith("table t over 2019Q1..2019Q4 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "received") == values(1, 2, 3, 4))
        #expect(reportRow(r, "t", "received")?.label == "Tiếp nhận")

        let years = book([
            t("A1", "name") + n("B1", "2019") + t("C1", "Năm 2020") + t("D1", "2021"),
            t("A2", "x") + n("B2", "1") + n("C2", "2") + n("D2", "3"),
        ])
        let y = try runWith("table t over 2019..2021 from \"data.xlsx\" {\n}\n", workbook: years)
        #expect(errors(y).isEmpty, "\(messages(y))")
        #expect(rowValues(y, table: "t", row: "x") == values(1, 2, 3))
    }

    @Test func periodHeaderLabels() {
        #expect(PeriodHeader.parse("Quý I/2019") == period("2019Q1"))
        #expect(PeriodHeader.parse("Quý IV/2019") == period("2019Q4"))
        #expect(PeriodHeader.parse("Q1 2019") == period("2019Q1"))
        #expect(PeriodHeader.parse("Năm 2019") == period("2019"))
        #expect(PeriodHeader.parse("6 tháng đầu năm 2019") == period("2019H1"))
        #expect(PeriodHeader.parse("6 tháng cuối năm 2019") == period("2019H2"))
        #expect(PeriodHeader.parse("H2 2019") == period("2019H2"))
        #expect(PeriodHeader.parse("Tháng 3/2019") == period("2019M03"))
        #expect(PeriodHeader.parse("Mar 2019") == period("2019M03"))
        #expect(PeriodHeader.parse("2019m3") == period("2019M03"))
        #expect(PeriodHeader.parse("Quý V/2019") == nil)
        #expect(PeriodHeader.parse("Ghi chú") == nil)
        #expect(PeriodHeader.parse("Tháng 13/2019") == nil)
    }

    @Test func groupedHeaderRowIsSkipped() throws {
        // `Năm 2019` merged over the four quarters above the quarters' row.
        let wb = book(
            [
                t("A1", "Chỉ tiêu") + t("B1", "Năm 2019"),
                t("A2", "name") + t("B2", "Quý I/2019") + t("C2", "Quý II/2019") + t("D2", "Quý III/2019") + t("E2", "Quý IV/2019"),
                t("A3", "x") + n("B3", "1") + n("C3", "2") + n("D3", "3") + n("E3", "4"),
            ], extra: "<mergeCells count=\"2\"><mergeCell ref=\"B1:E1\"/><mergeCell ref=\"A1:A2\"/></mergeCells>")
        // Row 1 has two values (A1 and the merged B1): it groups the periods of row 2.
        let r = try runWith("table t over 2019Q1..2019Q4 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "x") == values(1, 2, 3, 4))
    }

    @Test func mergedHeaderWithFiguresUnderItIsRefused() throws {
        let wb = book(
            [
                t("A1", "name") + t("B1", "2019Q1") + t("D1", "2019Q2"),
                t("A2", "x") + n("B2", "1") + n("C2", "5") + n("D2", "2"),
            ], extra: "<mergeCells count=\"1\"><mergeCell ref=\"B1:C1\"/></mergeCells>")
        let r = try runWith("table t over 2019Q1..2019Q2 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(
            messages(r).contains(
                "'data.xlsx', sheet 'Số liệu', cell C2: the cell is under the header B1, merged over several columns: which period is it?"))
    }

    @Test func sharedStringsBooleansErrorsAndSavedFormulas() throws {
        let strings = ["name", "2019Q1", "2019Q2", "2019Q3", "2019Q4", "a", "b", "1.445"]
        let wb = book(
            [
                "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>",
                "<c r=\"A2\" t=\"s\"><v>5</v></c><c r=\"B2\" t=\"e\"><v>#DIV/0!</v></c><c r=\"C2\" t=\"e\"><f>NA()</f><v>#N/A</v></c><c r=\"D2\"><f>1+2</f><v>3</v></c><c r=\"E2\" t=\"e\"><v>#REF!</v></c>",
                "<c r=\"A3\" t=\"s\"><v>6</v></c><c r=\"B3\" t=\"b\"><v>1</v></c><c r=\"C3\" t=\"s\"><v>7</v></c><c r=\"D3\" t=\"str\"><f>\"12,5%\"</f><v>12,5%</v></c>",
            ], strings: strings)
        let r = try runWith("locale vi\ntable t over 2019Q1..2019Q4 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "a") == [.error(.div0), .error(.na), .number(3), .error(.value)])
        // Text holding a number is read in the notebook's locale: `1.445` under vi is 1445.
        #expect(rowValues(r, table: "t", row: "b") == [.bool(true), .number(1445), .number(0.125), .blank])
    }

    @Test func eachProblemNamesFileSheetAndCell() throws {
        let header = t("A1", "name") + t("B1", "2019Q1") + t("C1", "2019Q2")
        let cases: [(rows: [String], message: String)] = [
            (
                [header, t("A2", "x") + "<c r=\"B2\"><f>SUM(B3:B9)</f></c>"],
                "'data.xlsx', sheet 'Số liệu', cell B2: the cell holds a formula (=SUM(B3:B9)) saved without its value"
            ),
            (
                [header, t("A2", "x") + t("B2", "12abc")],
                "'data.xlsx', sheet 'Số liệu', cell B2: '12abc' is not a number (locale en: 1,445 or 31.04%)"
            ),
            (
                [t("A1", "name") + t("B1", "Ghi chú"), t("A2", "x") + n("B2", "1")],
                "'data.xlsx', sheet 'Số liệu', cell B1: the header 'Ghi chú' is neither 'label' nor a period"
            ),
            ([header, n("B2", "1")], "'data.xlsx', sheet 'Số liệu', cell A2: row 2 has figures but no name"),
            ([header, t("A2", "tổng số") + n("B2", "1")], "'data.xlsx', sheet 'Số liệu', cell A2: 'tổng số' is not a row name"),
            (
                [header, t("A2", "x") + n("B2", "1") + n("D2", "7")],
                "'data.xlsx', sheet 'Số liệu', cell D2: the cell is in a column with no period in its header (D1)"
            ),
            ([header, t("A2", "x"), t("A3", "x")], "'data.xlsx', sheet 'Số liệu', cell A3: row 'x' is in the sheet twice (rows 2 and 3)"),
            (
                [t("A1", "name") + t("B1", "2019Q1") + t("C1", "2019Q1")],
                "'data.xlsx', sheet 'Số liệu', cell C1: columns B and C are both period 2019Q1"
            ),
            (
                [t("A1", "name") + t("B1", "2020Q1")],
                "'data.xlsx', sheet 'Số liệu', cell B1: 2020Q1 is outside the periods of table 't' (2019Q1..2019Q2)"
            ),
            ([], "'data.xlsx', sheet 'Số liệu' has no header row"),
        ]
        for c in cases {
            let r = try runWith("table t over 2019Q1..2019Q2 from \"data.xlsx\" {\n}\n", workbook: book(c.rows))
            #expect(messages(r).contains(c.message), "\(messages(r))")
            #expect(r.hasErrors)
            // The caret is at the notebook's `from "data.xlsx"`.
            if let d = errors(r).first { #expect(location(d, in: r)?.line == 1) }
        }
    }

    @Test func datesAreRefusedUnlessTheyHeadAMonth() throws {
        let styles = XLSXPackage.minimalStyles.replacingOccurrences(
            of: "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>",
            with:
                "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>"
        )
        // 43466 is 2019-01-01, 43525 is 2019-03-01.
        let wb = book(
            [
                t("A1", "name") + "<c r=\"B1\" s=\"1\"><v>43466</v></c><c r=\"C1\" s=\"1\"><v>43497</v></c>",
                t("A2", "x") + "<c r=\"B2\" s=\"1\"><v>43525</v></c>" + n("C2", "5"),
            ], styles: styles)
        let r = try runWith("table t over 2019M01..2019M02 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(messages(r) == ["'data.xlsx', sheet 'Số liệu', cell B2: the cell holds a date (2019-03-01), not a figure"])
        #expect(rowValues(r, table: "t", row: "x")[1] == .number(5))
        let q = try runWith("table t over 2019Q1..2019Q2 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(messages(q).contains("'data.xlsx', sheet 'Số liệu', cell B1: the header is a date (2019-01-01), not a period"))
    }

    @Test func percentFormattedNumbersStayPercents() throws {
        let styles = XLSXPackage.minimalStyles.replacingOccurrences(
            of: "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>",
            with:
                "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>"
        )
        let wb = book(
            [
                t("A1", "name") + t("B1", "2019"),
                t("A2", "rate") + "<c r=\"B2\" s=\"1\"><v>0.3104</v></c>",
            ], styles: styles)
        let r = try runWith("locale vi\ntable t over 2019..2019 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "rate") == values(0.3104))
        #expect(TerminalRenderer.render(r.report).contains("31,04%"))
    }

    @Test func sheetsByName() throws {
        let wb = XLSXPackage.make(sheets: [
            .init(name: "Ghi chú", xml: XLSXPackage.worksheet(rows: [t("A1", "nothing here")])),
            .init(name: "Số liệu", xml: XLSXPackage.worksheet(rows: [t("A1", "name") + t("B1", "2019"), t("A2", "x") + n("B2", "7")])),
        ])
        let r = try runWith("table t over 2019..2019 from \"data.xlsx\" sheet \"Số liệu\" {\n}\n", workbook: wb)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "x") == values(7))
        let missing = try runWith("table t over 2019..2019 from \"data.xlsx\" sheet \"Data\" {\n}\n", workbook: wb)
        #expect(messages(missing) == ["'data.xlsx' has no sheet 'Data'; its sheets: 'Ghi chú', 'Số liệu'"])
        // `sheet` on a CSV file.
        let csv = try runWith(
            "table t over 2019..2019 from \"data.csv\" sheet \"A\" {\n}\n", workbook: Array("name,2019\nx,1\n".utf8), name: "data.csv")
        #expect(messages(csv).contains("'data.csv' is not a workbook (.xlsx), so it has no sheets"))
    }

    @Test func sheetIsParsedAndFormatted() throws {
        let bad = runNotebook("table t over 2019..2019 from \"d.xlsx\" sheet 3 {\n}\n")
        #expect(messages(bad).contains("expected the sheet's name in quotes after 'sheet'"))
        var sources = SourceMap()
        let id = sources.add(
            name: "t.chiso", bytes: Array("table t over 2019..2019 from   \"d.xlsx\"  sheet  \"Số liệu\" {\n x = 1\n}\n".utf8))
        let formatted = try Formatter.format(sources[id], id: id).get()
        #expect(formatted == "table t over 2019..2019 from \"d.xlsx\" sheet \"Số liệu\" {\n  x = 1\n}\n")
    }

    @Test func notAWorkbookAndDamagedPackages() throws {
        let nb = "table t over 2019..2019 from \"data.xlsx\" {\n}\n"
        let text = try runWith(nb, workbook: Array("name,2019\n".utf8))
        #expect(messages(text) == ["'data.xlsx' cannot be read: it is not an Excel workbook (.xlsx): it is not a zip package"])
        let xls = try runWith(nb, workbook: [0xD0, 0xCF, 0x11, 0xE0] + Array(repeating: 0, count: 100))
        #expect(errors(xls).first?.help?.contains("Excel 97-2003") == true)
        // A zip with no workbook in it.
        let zip = Zip.write([("hello.txt", Array("hi".utf8))])
        let z = try runWith(nb, workbook: zip)
        #expect(messages(z) == ["'data.xlsx' cannot be read: it is not an Excel workbook (.xlsx): the zip package has no workbook part"])
        // Every truncation of a real workbook is refused with a message, never a crash.
        for cut in stride(from: 0, to: simple.count, by: max(1, simple.count / 60)) {
            let r = try runWith("table dvc over 2019Q1..2019Q2 from \"data.xlsx\" {\n}\n", workbook: Array(simple[0..<cut]))
            #expect(r.hasErrors)
        }
    }

    @Test func entityDeclarationsAreRefused() throws {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\
            <worksheet xmlns="\(XLSXPackage.mainNamespace)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
            """
        let wb = XLSXPackage.make(sheets: [.init(name: "S", xml: bomb)])
        let r = try runWith("table t over 2019..2019 from \"data.xlsx\" {\n}\n", workbook: wb)
        #expect(
            messages(r) == [
                "'data.xlsx', sheet 'S': the workbook's part 'xl/worksheets/sheet1.xml' is not XML Chiso reads: it declares a document type or entities (<!DOCTYPE), which workbooks never do"
            ])
    }

    // The zip bomb is the golden fixture `xlsx-zip-bomb` (a workbook of 200 KB inflating to 65 MiB).

    @Test func xmlScannerReadsWhatExcelWrites() throws {
        var s = XMLScanner(
            Array("<?xml version=\"1.0\"?><!-- c --><x:a k='1 &amp; 2' x:b=\"&#x41;\"><![CDATA[<raw>]]>t&lt;u<e/></x:a>".utf8))
        var events: [String] = []
        while let e = try s.next() {
            switch e {
            case .start(let n, let a):
                events.append("<\(n) \(a.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))>")
            case .end(let n): events.append("</\(n)>")
            case .text(let t): events.append(t)
            }
        }
        #expect(events == ["<a b=A k=1 & 2>", "<raw>", "t<u", "<e >", "</e>", "</a>"])
        var bad = XMLScanner(Array("<a>&foo;</a>".utf8))
        _ = try bad.next()
        #expect(throws: XMLScanner.Problem.self) { try bad.next() }
    }
}
