// What the REPL prints from the session's typed answer, where it once guessed from the
// text typed, the shape of the output or the list of names: the loaded notebook's
// counts, "check holds", and what a name given to `:deps` or `:why` is.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoREPL

@Suite("The REPL reads the session's answer")
struct TypedAnswerTests {
    @Test func aLoadedNotebookCountsWhatItDefines() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("n.chiso").path
        // `s` holds a series and is shown as a table, but it is a cell; `_k` is not
        // printed, but it is a cell; `t` gets a row outside its block and counts once.
        try """
        table t over 2019..2020 {
          a = 1, 2
        }
        t.b = a * 2
        s = t.a
        _k = 2
        fn twice(v) = v * 2
        fn halved(v) = v / 2
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let h = Harness(":load \(path)")
        #expect(h.run() == 0, "\(h.err)")
        #expect(h.out == "loaded \(path): 2 cells, 1 table, 2 functions\ntables: t; :show NAME shows one, :list every name\n")
    }

    @Test func aCheckOfATableWrittenAloneSaysWhetherItHolds() {
        let h = Harness("table t over 2019..2020 {\n  a = 1, 2\n}\nt.check a > 0\nt.check a > 1")
        h.run()
        #expect(h.out.components(separatedBy: "check holds\n").count == 2, "once, for the check that holds: \(h.out)")
        #expect(h.err.contains("error: check failed"))
    }

    @Test func anExpressionLeavesTheProblemsKnownSoFar() {
        // `y` reads a deleted name: reported once, even though the expression `y` shows it again.
        let h = Harness("x = 1\ny = x + 1\n:del x\ny\nz = 3")
        h.run()
        #expect(h.err.components(separatedBy: "unknown name 'x'").count == 2, "reported once: \(h.err)")
        #expect(h.out.contains("y = #NAME?"))
    }

    @Test func aCommandForACellSaysWhatANameIsInstead() {
        let h = Harness(
            "table e over 2019..2020 {\n}\ntable t over 2019..2020 {\n  _a = 1, 2\n  b = 1, 2\n}\nfn f(x) = x\n:deps e\n:deps t\n:why f\n:deps delta\n:rdeps sum\n:deps nope"
        )
        h.run()
        #expect(h.err.contains("error: 'e' is a table; this command takes a cell or a row\n"), "a table without rows: \(h.err)")
        #expect(
            h.err.contains(
                "error: 't' is a table; this command takes a cell or a row\n  9 | :deps t\n    | ^^^^^^^ name one of its rows, such as t.b\n"
            ),
            "a public row")
        #expect(h.err.contains("error: 'f' is a function; this command takes a cell or a row\n"))
        #expect(h.err.contains("error: 'delta' is a function; this command takes a cell or a row\n"), "the standard library's")
        #expect(h.err.contains("error: 'sum' is a function; this command takes a cell or a row\n"), "a built-in")
        #expect(h.err.contains("error: no cell or row named 'nope'"))
    }
}
