// The total column never silently contradicts the cells shown beside it, whichever way a
// cell was overridden: in the notebook, by `--set`, through `use … with { }`, or in the REPL.

import Foundation
import Testing

@testable import ChisoCore

private let table = """
    table t over 2022Q1..2022Q2 with total {
      a = 10, 20
      b = 1, 2
      s = a + b
      s_agg = a + b agg sum
      d = 10, 20
    }
    """

/// A row's cells, then its total.
private func cells(_ row: Report.Row?) -> [Value]? { row.map { $0.values + [$0.total] } }

@Suite("Totals")
struct TotalsTests {
    private func expectContradictionRefused(_ s: Report.Row?, _ diagnostics: [Diagnostic], _ how: String) {
        #expect(cells(s) == [.number(11), .number(100), .error(.na)], "\(how)")
        #expect(
            diagnostics.contains {
                $0.severity == .warning && $0.message.hasPrefix("the total of 't.s' cannot follow its overridden cell (2022Q2)")
            },
            "\(how): \(diagnostics.map(\.message))")
    }

    @Test("an override in the notebook")
    func inTheNotebook() {
        let r = runNotebook(table + "\nt.s@2022Q2 = 100\nt.s_agg@2022Q2 = 100\nt.d@2022Q2 = 50\n")
        expectContradictionRefused(reportRow(r, "t", "s"), r.diagnostics, "row@P")
        #expect(cells(reportRow(r, "t", "s_agg")) == [.number(11), .number(100), .number(111)])
        #expect(cells(reportRow(r, "t", "d")) == [.number(10), .number(50), .number(60)])
    }

    @Test("an override by --set")
    func bySet() {
        let r = runNotebook(table, set: ["t.s@2022Q2=100", "t.d@2022Q2=50"])
        expectContradictionRefused(reportRow(r, "t", "s"), r.diagnostics, "--set")
        #expect(cells(reportRow(r, "t", "d")) == [.number(10), .number(50), .number(60)])
    }

    @Test("an override through use … with { }")
    func throughWith() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-totals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try table.write(to: dir.appendingPathComponent("mau.chiso"), atomically: true, encoding: .utf8)
        let main = "use \"mau.chiso\" as m with {\n  t.s@2022Q2 = 100\n}\nx = m.t.s@2022Q1\n"
        try main.write(to: dir.appendingPathComponent("main.chiso"), atomically: true, encoding: .utf8)
        let root = Sandbox.realPath(dir.path) ?? dir.path
        let r = Engine.run(name: root + "/main.chiso", text: main, options: RunOptions(root: root))
        #expect(
            r.diagnostics.contains { $0.message.hasPrefix("the total of 'm.t.s' cannot follow its overridden cell (2022Q2)") },
            "\(r.diagnostics.map(\.message))")
    }

    @Test("an override typed in the REPL")
    func inTheSession() {
        let session = Session()
        _ = session.submit(table)
        let o = session.submit("t.s@2022Q2 = 100")
        #expect(o.accepted)
        let s = session.report.items.compactMap { item -> Report.Row? in
            if case .table(let t) = item { return t.rows.first { $0.name == "s" } }
            return nil
        }.first
        #expect(cells(s) == [.number(11), .number(100), .error(.na)])
    }

    @Test("a ratio's total over rows filled for different periods warns, naming them")
    func coverage() {
        let r = runNotebook(
            """
            table hs over 2022Q1..2022Q2 with total {
              nhan = 48, 61
              gq = 45, _
              tl = gq / nhan
              filled = nhan * 2
            }
            """)
        #expect(
            r.diagnostics.map(\.message) == [
                "the total of 'hs.tl' takes in figures from 2022Q2, where the row is blank: 'hs.nhan' has every period; 'hs.gq' has 2022Q1"
            ])
        // Without a total column there is nothing shown to contradict.
        #expect(runNotebook("table hs over 2022Q1..2022Q2 {\n  nhan = 48, 61\n  gq = 45, _\n  tl = gq / nhan\n}\n").diagnostics.isEmpty)
    }
}
