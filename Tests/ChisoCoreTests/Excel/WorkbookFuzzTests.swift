// Damaged workbooks: bytes of real ones changed at random (seeded) and read as a data
// file. Every one is read or refused with a diagnostic; none crashes or hangs.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("Excel: damaged workbooks")
struct WorkbookFuzzTests {
    /// The table the damaged workbooks are read for: `t over 2019Q1..2019Q4 from "d.xlsx"`.
    static func table() throws -> TableDecl {
        var sources = SourceMap()
        let id = sources.add(name: "t.chiso", bytes: Array("table t over 2019Q1..2019Q4 from \"d.xlsx\" {\n}\n".utf8))
        let (tree, _) = Parser.parse(sources[id], id: id)
        guard case .table(let table) = tree.statements.first else { return try #require(nil as TableDecl?, "no table") }
        return table
    }

    @Test func mutatedWorkbooksNeverCrash() throws {
        let original = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent("notebooks/data/so-lieu-dvc-2019.xlsx")))
        let table = try Self.table()
        var random = SplitMix(seed: 12)
        let iterations = Int(ProcessInfo.processInfo.environment["CHISO_XLSX_FUZZ"] ?? "") ?? 300
        var refused = 0
        for _ in 0..<iterations {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let k = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[k] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[k] ^= 0x80
                default: bytes[k] = [0x00, 0xFF, 0x7F][Int.random(in: 0..<3, using: &random)]
                }
            }
            let (_, diagnostics) = DataFile.workbookRows(
                bytes, file: "d.xlsx", sheet: nil, at: table.source!.span, table: table, locale: .vi)
            if !diagnostics.isEmpty { refused += 1 }
        }
        #expect(refused > 0)
    }

    @Test func mutatedSheetXMLNeverCrashes() throws {
        // The zip's checksums stop most damaged bytes: here the XML itself is damaged, then packed.
        let header =
            "<c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c><c r=\"B1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>Quý II/2019</t></is></c>"
        let row =
            "<c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"B2\"><v>1.5</v></c><c r=\"C2\" t=\"e\"><v>#N/A</v></c><c r=\"D2\"><f>B2</f></c>"
        let original = Array(
            XLSXPackage.worksheet(rows: [header, row], extra: "<mergeCells count=\"1\"><mergeCell ref=\"B1:C1\"/></mergeCells>").utf8)
        let table = try Self.table()
        var random = SplitMix(seed: 7)
        let pieces: [[UInt8]] = [
            "<", ">", "&", "\"", "/", "=", "r=\"", "&#x0;", "&#99999999;", "<!DOCTYPE", "<![CDATA[", "9999999", "-1", "XFD1048577",
            "t=\"s\"", "<row>", "</c>",
        ].map { Array($0.utf8) }
        let iterations = Int(ProcessInfo.processInfo.environment["CHISO_XLSX_FUZZ"] ?? "") ?? 300
        for _ in 0..<iterations {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let k = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.insert(contentsOf: pieces[Int.random(in: 0..<pieces.count, using: &random)], at: k)
                case 1: bytes.removeSubrange(k..<min(bytes.count, k + Int.random(in: 1...20, using: &random)))
                default: bytes[k] = UInt8.random(in: 0...255, using: &random)
                }
                if bytes.isEmpty { bytes = original }
            }
            let workbook = XLSXPackage.make(
                sheets: [.init(name: "S", xml: String(decoding: bytes, as: UTF8.self))], sharedStrings: ["2019Q1"])
            _ = DataFile.workbookRows(workbook, file: "d.xlsx", sheet: nil, at: table.source!.span, table: table, locale: .vi)
        }
    }
}
