// Percentage points in the workbook: a custom number format that shows points (a `%`
// in it scales by 100, the words say points), not a percent.

import Testing

@testable import ChisoCore

@Suite("Excel: percentage points")
struct PointsFormatTests {
    @Test func pointsHaveTheirOwnFormatInEachLocale() {
        #expect(ExcelWriter.Sheet.formatCode(.points(decimals: 1), .vi) == "0.0\" điểm \"%")
        #expect(ExcelWriter.Sheet.formatCode(.points(decimals: 0), .vi) == "0\" điểm \"%")
        #expect(ExcelWriter.Sheet.formatCode(.points(decimals: 2), .en) == "0.00\" \"%\"pt\"")
        // A percent is still a percent.
        #expect(ExcelWriter.Sheet.formatCode(.percent(decimals: 1), .vi) == "0.0%")
    }

    @Test func aDeltaOfARateIsWrittenWithThePointsFormat() throws {
        var options = RunOptions()
        options.excel = true
        let r = Engine.run(
            name: "t.chiso", text: "locale vi\ntable t over 2018..2019 {\n  r = 60%, 95% as percent(1)\n  d = delta(r)\n}\n",
            options: options)
        let book = try #require(r.excel)
        var zip = try #require(Zip.Reader(book.bytes))
        let styles = String(decoding: try #require(try zip.read("xl/styles.xml")), as: UTF8.self)
        #expect(styles.contains("formatCode=\"0.0&quot; điểm &quot;%\""))
    }
}
