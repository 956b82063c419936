// Property: however a session is changed, one input at a time, what it shows equals a
// fresh evaluation of the same definitions (its saved notebook run by `chiso run`).

import ChisoTestSupport
import Testing

@testable import ChisoCore

@Suite("Incremental recomputation")
struct IncrementalPropertyTests {
    static let start = """
        locale vi
        base "Cơ sở" = 100
        rate = 5%
        table t over 2019Q1..2020Q2 with total {
          a = 10, 20, _, 40, 50, 60
          b = 1, 2, 3, 4, 5, 6 agg last
          c = a + b
          d = delta(a)
          s = coalesce(s[-1], 0) + c
          r = share(b, c)
        }
        table y over 2019..2020 {
          v = 7, 9
          w = v * base
        }
        total = sum(t.c)
        scaled = total * (1 + rate)
        check t.b >= 0
        """

    /// One random input: redefine a cell or row, override a cell, add a row or a check —
    /// including inputs that must be refused (unknown names, cycles).
    private static func randomInput(_ g: inout SplitMix) -> String {
        let rows = ["a", "b", "c", "d", "s", "r"]
        let periods = ["2019Q1", "2019Q2", "2019Q3", "2019Q4", "2020Q1", "2020Q2"]
        let number = { (g: inout SplitMix) in String(g.int(200) - 50) }
        switch g.int(10) {
        case 0: return "base = \(number(&g))"
        case 1: return "rate = \(g.int(30))%"
        case 2: return "t.\(g.pick(rows))@\(g.pick(periods)) = \(g.pick(["_", number(&g), "a * 2", "b[-1] + 1", "c"]))"
        case 3: return "t.a = \(periods.map { _ in g.int(4) == 0 ? "_" : number(&g) }.joined(separator: ", "))"
        case 4:
            return
                "t.\(g.pick(["c", "d", "r"])) = \(g.pick(["a + b", "a - b * 2", "growth(a)", "ytd(b)", "iferror(a / b, 0)", "coalesce(a, 0) + base", "s"]))"
        case 5:
            return "scaled = \(g.pick(["total * 2", "total / base", "sum(t.a) + y.w@2020", "max(t.c) - min(t.c)", "scaled + 1", "nope"]))"
        case 6: return "t.e\(g.int(3)) = \(g.pick(["a + c", "e0[-1] + 1", "s - a", "r * 100"]))"
        case 7: return "extra\(g.int(3)) = \(g.pick(["total + 1", "extra0 * 2", "base - 1", "t.c@2019Q4"]))"
        case 8: return "y.v = \(number(&g)), \(number(&g))"
        default: return "check \(g.pick(["t.a >= 0", "total > 0", "base < 1000"]))"
        }
    }

    @Test("incremental results equal a fresh evaluation", arguments: Array(1...12) as [UInt64])
    func incrementalEqualsFresh(seed: UInt64) {
        var g = SplitMix(seed: seed)
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        for step in 0..<60 {
            var input = Self.randomInput(&g)
            let before = session.notebookText
            let outcome: Session.Outcome
            if g.int(8) == 0 {
                // Now and then a definition is deleted; what read it waits for a new one.
                let name = g.pick(["base", "rate", "t.a", "t.c", "t.e0", "extra0", "total"])
                input = ":del \(name)"
                outcome = session.delete(name)
            } else {
                outcome = session.submit(input)
            }
            if !outcome.accepted {
                #expect(session.notebookText == before, "seed \(seed) step \(step): a refused input changed the session: \(input)")
            }
            let incremental = TerminalRenderer.render(session.report)
            let expected = freshRendering(of: session)
            #expect(incremental == expected, "seed \(seed) step \(step) after `\(input)`")
            if incremental != expected { return }
        }
    }
}
