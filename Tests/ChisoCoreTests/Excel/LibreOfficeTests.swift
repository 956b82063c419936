// The test that matters for `--format xlsx`: every notebook in notebooks/ is written as
// a workbook, LibreOffice (headless, forced to recalculate every formula on load)
// converts it to CSV, and every cell it computed must equal Chiso's value — numbers
// within 1e-9 (relative), errors by code, blanks as blanks, text as text. Chiso's values
// are read back from the same workbook with Chiso's own reader (the cached values it
// wrote beside each formula), so the round trip is checked on the way.
//
// It needs `soffice` (Debian's libreoffice-calc-nogui, which .ci/run installs); without
// it the test is skipped, saying so.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

private let soffice: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/soffice"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

/// Runs LibreOffice on `files`, converting each to CSV in `out` with formulas
/// recalculated on load (a fresh profile that says so).
private func convert(_ files: [URL], in dir: URL) throws -> URL {
    let profile = dir.appendingPathComponent("profile/user")
    try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
    try """
    <?xml version="1.0" encoding="UTF-8"?>
    <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
    </oor:items>
    """.write(to: profile.appendingPathComponent("registrymodifications.xcu"), atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("csv")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: soffice!)
    // Field separator 44 (,), text delimiter 34 ("), UTF-8 (76), values not as shown.
    process.arguments =
        [
            "-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--norestore", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false", "--outdir", out.path,
        ] + files.map(\.path)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return out
}

/// A CSV file as rows of fields.
private func csv(_ url: URL) throws -> [[String]] {
    let bytes = try [UInt8](Data(contentsOf: url))
    return DataFile.parse(bytes).map { $0.map(\.text) }
}

/// Whether LibreOffice's text of a cell is Chiso's value.
private func same(_ shown: String, _ cell: Workbook.Cell?) -> Bool {
    switch cell {
    case nil: return shown.isEmpty
    case .text(let t): return shown == t
    case .bool(let b): return shown.uppercased() == (b ? "TRUE" : "FALSE")
    case .error(let e): return shown == e
    case .number(let x, _):
        var text = shown
        var scale = 1.0
        if text.hasSuffix("%") {
            text.removeLast()
            scale = 0.01
        }
        guard let y = Double(text).map({ $0 * scale }) else { return false }
        return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    default: return false
    }
}

@Suite("Excel: LibreOffice recalculates the workbooks to Chiso's values")
struct LibreOfficeTests {
    @Test(
        "every notebook's workbook, recalculated by LibreOffice, equals Chiso",
        .enabled(if: soffice != nil, "soffice is not installed (apt-get install libreoffice-calc-nogui); .ci/run installs it"))
    func recalculatedEqualsChiso() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [URL] = []
        var stats: [String: ExcelWorkbook] = [:]
        // With the subtotals fixture: no seed notebook has quarters over two whole years.
        let notebooks = Repository.notebooks(in: "notebooks") + ["Tests/ChisoCoreTests/Fixtures/subtotals.chiso"]
        #expect(notebooks.count > 1)
        for path in notebooks {
            let bytes = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent(path)))
            var options = RunOptions()
            options.excel = true
            let result = Engine.run(name: Repository.root.appendingPathComponent(path).path, bytes: bytes, options: options)
            let book = try #require(result.excel)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let url = dir.appendingPathComponent(name + ".xlsx")
            try Data(book.bytes).write(to: url)
            files.append(url)
            stats[name] = book
        }
        // LibreOffice must really recalculate: a formula saved with a wrong value.
        let stale = XLSXPackage.make(sheets: [
            .init(name: "S", xml: XLSXPackage.worksheet(rows: ["<c r=\"A1\"><v>20</v></c><c r=\"B1\"><f>A1*2</f><v>5</v></c>"]))
        ])
        try Data(stale).write(to: dir.appendingPathComponent("stale.xlsx"))
        let out = try convert(files + [dir.appendingPathComponent("stale.xlsx")], in: dir)
        #expect(try csv(out.appendingPathComponent("stale.csv")).first == ["20", "40"], "LibreOffice did not recalculate on load")

        var live = 0, computed = 0
        for url in files {
            let name = url.deletingPathExtension().lastPathComponent
            var book = try #require(try? Workbook.open([UInt8](Data(contentsOf: url))).get())
            let sheet = try #require(try book.sheet(nil))
            let shown = try csv(out.appendingPathComponent(name + ".csv"))
            var mismatches: [String] = []
            for row in 1...max(sheet.lastRow, shown.count) {
                let fields = row <= shown.count ? shown[row - 1] : []
                for column in 1...max(sheet.lastColumn, fields.count) {
                    let text = column <= fields.count ? fields[column - 1] : ""
                    let cell = sheet[row, column]
                    if !same(text, cell) {
                        mismatches.append(
                            "\(CellRef(row: row, column: column).name): LibreOffice '\(text)', Chiso \(String(describing: cell))")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(name).xlsx: \(mismatches.prefix(10).joined(separator: "; "))")
            let s = stats[name]!
            live += s.formulaCells
            computed += s.computedCells
            print("xlsx: \(name): \(s.formulaCells) of \(s.computedCells) computed cells are live formulas")
        }
        print(
            "xlsx: all notebooks: \(live) of \(computed) computed cells (\(computed == 0 ? 0 : live * 100 / computed)%) are live formulas")
        #expect(live > 0)
    }
}
