// Tables across imported notebooks: the total column's rule with columns for periods
// (figures added up, rates recomputed on the totals, stocks summed across units), the
// difference column (second minus first, percentage points for a percent), the
// workbook's cells, and the REPL's session showing the table.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("Tables across notebooks")
struct AcrossTests {
    static let folder = "Tests/ChisoCLITests/Cases/across"

    static func run(_ file: String, excel: Bool = false) throws -> RunResult {
        let path = Repository.root.appendingPathComponent("\(folder)/\(file)").path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var options = RunOptions()
        options.excel = excel
        return Engine.run(name: path, bytes: bytes, options: options)
    }

    static func across(_ report: Report, _ name: String) -> Report.AcrossTable? {
        for case .across(let a) in report.items where a.name == name { return a }
        return nil
    }

    static func row(_ a: Report.AcrossTable, _ name: String) -> Report.AcrossTable.Row? {
        a.rows.first { $0.name == name }
    }

    @Test func theTotalAddsUpFiguresAndRecomputesRates() throws {
        let r = try Self.run("units.chiso")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        let q2 = try #require(Self.across(r.report, "q2"))
        #expect(q2.columns.map(\.name) == ["a", "b"])
        #expect(Self.row(q2, "hs.nhan")?.values == [.number(35), .number(98)])
        #expect(Self.row(q2, "hs.nhan")?.extra == .number(133))
        // The province's rate: its on-time over its resolved, not the mean of the rates.
        let rate = try #require(Self.row(q2, "hs.ty_le"))
        #expect(rate.extra == .number(129.0 / 132.0))
        #expect(rate.extra != .number((34.0 / 35.0 + 95.0 / 97.0) / 2))
        // A lag reads the previous quarter's total: 133 - 132.
        #expect(Self.row(q2, "hs.tang")?.extra == .number(1))
        // A row reading itself at [-1]: the running total of the totals, ending before the table.
        #expect(Self.row(q2, "hs.luy_ke")?.values == [.number(55), .number(210)])
        #expect(Self.row(q2, "hs.luy_ke")?.extra == .number(265))
        // A stock (`agg last`) adds up across units.
        #expect(Self.row(q2, "hs.ton")?.extra == .number(6))
        // A cell the formula reads (the target) is the same in every column: used.
        #expect(Self.row(q2, "hs.dat")?.extra == .number(1))
        // The units' names: text, no total.
        #expect(Self.row(q2, "ten")?.values == [.text("Sở A"), .text("Sở B")])
        #expect(Self.row(q2, "ten")?.extra == .blank)
    }

    @Test func aCoarserPeriodReadsTheRollUpAndTransposes() throws {
        let r = try Self.run("units.chiso")
        let h1 = try #require(Self.across(r.report, "h1"))
        #expect(h1.transposed)
        #expect(Self.row(h1, "hs.nhan")?.values == [.number(55), .number(210)])
        // The half's stock is the last quarter's, then summed across units.
        #expect(Self.row(h1, "hs.ton")?.values == [.number(1), .number(5)])
        #expect(Self.row(h1, "hs.ton")?.extra == .number(6))
        #expect(Self.row(h1, "hs.ty_le")?.extra == .number((34.0 + 19 + 95 + 101) / (35.0 + 19 + 97 + 108)))
        // Transposed, a line per unit and the total last, a column per figure.
        let grid = h1.grid(.vi)
        #expect(grid.lines.map(\.head) == ["Sở A", "Sở B", "Tổng"])
        #expect(grid.headers == ["Tiếp nhận", "Giải quyết", "Tồn cuối quý", "Tỷ lệ đúng hạn"])
        #expect(grid.lines[2].cells[0].value == .number(265))
    }

    @Test func theDifferenceIsSecondMinusFirstInPointsForARate() throws {
        let r = try Self.run("versions.chiso")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        let t = try #require(Self.across(r.report, "so_sanh"))
        #expect(t.extra == .difference)
        #expect(Self.row(t, "hs.nhan")?.extra == .number(4))
        #expect(Self.row(t, "hs.dh")?.extra == .number(-4))
        let rate = try #require(Self.row(t, "hs.ty_le"))
        #expect(rate.extraFormat == .points(decimals: 1))
        #expect(CellText.format(rate.extra, rate.extraFormat, .vi) == "-10,0 điểm %")
    }

    @Test func aTotalThatCannotFollowIsNAWithAWarning() throws {
        let r = try Self.run("errors.chiso")
        let t2 = try #require(Self.across(r.report, "t2"))
        #expect(Self.row(t2, "hs.bien")?.extra == .error(.na))
        #expect(r.diagnostics.contains { $0.message.hasPrefix("the total of 'hs.bien' cannot be computed from the columns' totals") })
        let t5 = try #require(Self.across(r.report, "t5"))
        #expect(Self.row(t5, "hs.ty_le")?.extra == .error(.na))
    }

    @Test func cellsThatPassAFigureOnAreAddedUp() throws {
        // so-tttt.chiso and so-noi-vu.chiso pass the template's figures on as cells:
        // `don_vi = mau.don_vi` (text) and `tiep_nhan = mau.hs.tiep_nhan` (a whole row), `ty_le_dh = mau.hs.ty_le_dh` (a formula row).
        let path = Repository.root.appendingPathComponent("notebooks/province/_across-test.chiso").path
        let text = """
            locale vi
            use "so-tttt.chiso" as tttt
            use "so-noi-vu.chiso" as snv
            table t across tttt, snv at 2019Q2 with total {
              don_vi
              tiep_nhan
              ty_le_dh
            }
            """
        let r = Engine.run(name: path, text: text)
        let t = try #require(Self.across(r.report, "t"))
        #expect(Self.row(t, "don_vi")?.extra == .blank)
        #expect(Self.row(t, "tiep_nhan")?.values == [.number(35), .number(98)])
        #expect(Self.row(t, "tiep_nhan")?.extra == .number(133))
        // A cell holding the template's rate: recomputed on the totals, 129 / 132.
        #expect(Self.row(t, "ty_le_dh")?.extra == .number(129.0 / 132.0))
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    }

    @Test func aTotalReadingAFigureWhoseTotalCannotFollowIsNA() throws {
        // `a` reads a period through @, so its total cannot be computed; `b` reads `a`: its
        // total is #N/A too, never `a`'s formula evaluated on one column's figures.
        let path = Repository.root.appendingPathComponent("\(Self.folder)/_lag-test.chiso").path
        let text = """
            use "lag-cycle.chiso" as p
            use "lag-cycle.chiso" as q with { t.x = 10, 20, 30, 40 }
            table s across p, q at 2019Q3 with total {
              t.a
              t.b
            }
            """
        let r = Engine.run(name: path, text: text)
        let s = try #require(Self.across(r.report, "s"))
        #expect(Self.row(s, "t.a")?.extra == .error(.na))
        #expect(Self.row(s, "t.b")?.extra == .error(.na))
        #expect(Self.row(s, "t.b")?.values == [.number(8), .number(80)])
        #expect(r.diagnostics.map(\.message).contains { $0.hasPrefix("the total of 't.a' cannot be computed") })
    }

    @Test func theWorkbookHoldsTheTableAsDrawn() throws {
        let r = try Self.run("units.chiso", excel: true)
        let bytes = try #require(r.excel?.bytes)
        var book = try #require(try? Workbook.open(bytes).get())
        let sheet = try #require(try book.sheet(nil))
        // The q2 table's rate line: name, label, the two units, the total.
        let lines = (1...sheet.lastRow).filter { sheet[$0, 1] == .text("hs.ty_le") && sheet[$0, 2] == .text("Tỷ lệ đúng hạn") }
        let line = try #require(lines.first)
        guard case .number(let total, _)? = sheet[line, 5] else {
            Issue.record("no total in the workbook")
            return
        }
        #expect(abs(total - 129.0 / 132.0) < 1e-12)
    }

    @Test func theSessionShowsAnAcrossTable() throws {
        let session = Session(locale: .vi)
        let path = Repository.root.appendingPathComponent("\(Self.folder)/units.chiso").path
        let loaded = session.load(path: path)
        #expect(loaded.accepted)
        #expect(session.report.items.contains { if case .across = $0 { true } else { false } })
        let outcome = session.submit("table moi across b, a at 2019Q1 with total {\n  hs.nhan\n}")
        #expect(outcome.accepted, "\(outcome.diagnostics.map(\.message))")
        let shown = try #require(outcome.shown.compactMap { if case .across(let a) = $0 { a } else { nil } }.first)
        #expect(shown.rows.first?.values == [.number(112), .number(20)])
        #expect(shown.rows.first?.extra == .number(132))
    }
}
