// One data cell changed in a session (an override `t.r@P = …`, or a data row written
// again with some values changed) makes stale only the cells that can read it
// (Invalidation.swift): the same period, later periods through shifts, whole rows where
// a formula reads the series as a whole. Whatever the notebook reads the cell through
// (shifts, totals, subtotals, roll-ups, cumsum and ytd, functions, imports), the session
// then shows what a fresh evaluation of the same notebook shows.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("One data cell changed: only the cells that read it")
struct CellInvalidationTests {
    static let start = """
        fn adj(x) = x * 2 + x[-1]
        fn lagged(x) = delta(x[-1])
        fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)
        k = 3
        table t over 2019Q1..2020Q4 with total, subtotals {
          a = 10, 20, 30, 40, 50, 60, 70, 80
          b = 1, 2, 3, 4, 5, 6, 7, 8 agg last
          c = a + b
          d = delta(a)
          e = a[-2] * k
          s = coalesce(s[-1], 0) + c
          cs = cumsum(b)
          y = ytd(a)
          g = adj(b) + lagged(a)
          r = share(b, a)
          f = fact(min(b, 5))
          w = a[2]
          yo = yoy(a)
          pin = a@2019Q3 + b
        }
        t.c@2020Q1 = 7
        table q over 2019Q3..2020Q2 {
          m = t.a + t.b[-1]
        }
        table yr over 2019..2020 with total {
          v = t.a
          u = t.c / 2
        }
        table h over 2019H1..2020H2 {
          x = t.a
        }
        total = sum(t.a)
        late = t.a@2020Q4
        check t.b >= 0
        t.check c > 0
        """

    static let rows = ["a", "b"]
    static let periods = ["2019Q1", "2019Q2", "2019Q3", "2019Q4", "2020Q1", "2020Q2", "2020Q3", "2020Q4"]

    /// One data cell changed: overridden, or its row written again with one value changed.
    private static func randomInput(_ g: inout SplitMix) -> String {
        switch g.int(5) {
        case 0, 1, 2:
            return "t.\(g.pick(rows))@\(g.pick(periods)) = \(g.pick(["_", String(g.int(90) - 10), String(g.int(9))]))"
        case 3:
            let values = (0..<8).map { i in i == g.int(8) ? "_" : String(10 * (i + 1) + g.int(3)) }
            return "t.a = \(values.joined(separator: ", "))"
        default:
            return "k = \(g.int(9))"
        }
    }

    /// Each input in `inputs`, compared after it with a fresh evaluation of the session's notebook.
    private func expectFresh(_ session: Session, _ inputs: [String], _ what: String) {
        for (step, input) in inputs.enumerated() {
            let rebuilds = session.rebuilds
            let outcome = session.submit(input)
            #expect(outcome.accepted, "\(what) step \(step) `\(input)`: \(outcome.diagnostics.map(\.message))")
            #expect(session.rebuilds == rebuilds, "\(what) step \(step) `\(input)` was not changed in place")
            let expected = freshRendering(of: session)
            let actual = TerminalRenderer.render(session.report)
            #expect(actual == expected, "\(what) step \(step) after `\(input)`")
            if actual != expected { return }
        }
    }

    @Test("each cell of each data row changed equals a fresh evaluation")
    func everyCellEqualsFresh() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        var inputs: [String] = []
        for row in Self.rows {
            for (i, p) in Self.periods.enumerated() { inputs.append("t.\(row)@\(p) = \(100 + i)") }
        }
        inputs += ["t.a@2019Q2 = _", "t.b = 1, 2, 3, 4, 5, 6, 7, 9", "t.b = 1, 2, 3, 4, 5, 6, 7, 9", "t.a = 9, 20, 30, 40, 50, 61, 70, 80"]
        expectFresh(session, inputs, "in order")
    }

    @Test("random data cells changed equal a fresh evaluation", arguments: Array(1...8) as [UInt64])
    func randomEqualsFresh(seed: UInt64) {
        var g = SplitMix(seed: seed)
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        expectFresh(session, (0..<30).map { _ in Self.randomInput(&g) }, "seed \(seed)")
    }

    @Test("a cell read through shifts makes only the cells after it stale")
    func staleCellsFollowShifts() {
        let session = Session()
        #expect(
            session.submit(
                """
                table t over 2019Q1..2019Q4 with total {
                  a = 1, 2, 3, 4
                  b = a * 2
                  c = b[-1] + 1
                  s = coalesce(s[-1], 0) + a
                  n = sum(a)
                  cs = cumsum(a)
                }
                """
            ).accepted)
        let program = session.evaluation.program
        func id(_ row: String) -> NodeID { program.tables[program.tableByName["t"]!].rowByName[row]! }
        let stale = Invalidation.stale(from: [id("a"): StaleCells(cells: [1])], in: program) { session.dependents[$0] }
        // Cell 4 is the total.
        #expect(stale[id("a")]?.cells == [1, 4])
        #expect(stale[id("b")]?.cells == [1, 4])
        #expect(stale[id("c")]?.cells == [2, 4])
        #expect(stale[id("s")]?.cells == [1, 2, 3, 4])
        #expect(stale[id("n")]?.cells == [1, 4])
        #expect(stale[id("cs")]?.all == true)
    }

    @Test("a data cell of an importing notebook, and an imported cell, equal a fresh session")
    func importsEqualFresh() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-cells-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        rate = 2
        table p over 2019Q1..2019Q4 with total {
          x = 1, 2, 3, 4
          y = x * rate + x[-1]
        }
        """.write(to: dir.appendingPathComponent("unit.chiso"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.chiso").path
        try """
        use "unit.chiso" as u with {
          rate = 3
        }
        table t over 2019Q1..2019Q4 with total {
          a = 5, 6, 7, 8
          b = a + u.p.y
          c = delta(b) + u.p.x[-1]
        }
        """.write(toFile: main, atomically: true, encoding: .utf8)
        let session = Session()
        #expect(session.load(path: main).accepted)
        let saved = dir.appendingPathComponent("saved.chiso").path
        for input in ["t.a@2019Q2 = 60", "u.rate = 5", "t.a@2019Q3 = 1", "u.p.x@2019Q1 = 9", "t.a = 5, 6, 70, 8", "t.a@2019Q2 = _"] {
            let outcome = session.submit(input)
            #expect(outcome.accepted, "`\(input)`: \(outcome.diagnostics.map(\.message))")
            guard case .success = session.save(to: saved) else {
                Issue.record("save failed")
                return
            }
            let fresh = Session()
            #expect(fresh.load(path: saved).accepted)
            #expect(TerminalRenderer.render(session.report) == TerminalRenderer.render(fresh.report), "after `\(input)`")
        }
    }
}
