// The session's typed answer to an input: an expression or definitions, and which
// definitions, so that the REPL never infers them from what is shown.

import Foundation
import Testing

@testable import ChisoCore

@Suite("Session outcome")
struct SessionOutcomeTests {
    @Test func anExpressionDefinesNothing() {
        let s = Session()
        let x = s.submit("x = 20")
        #expect(!x.isExpression)
        #expect(x.defined.cells == ["x"])
        for expression in ["x / 8 + 0.5", "x", "  x  "] {
            let e = s.submit(expression)
            #expect(e.isExpression, "\(expression)")
            #expect(e.defined.isEmpty, "\(expression)")
        }
        _ = s.submit("table t over 2019..2020 {\n  a = 1, 2\n}")
        #expect(s.submit("t").isExpression, "a table's name alone shows the table")
        #expect(!s.submit("nope").isExpression, "refused")
        #expect(s.submit("nope").defined.isEmpty)
    }

    @Test func eachKindOfDefinitionIsListedAsWhatItIs() {
        let s = Session()
        #expect(s.submit("fn ratio(a, b) = a / b").defined.functions == [.init(name: "ratio", parameters: ["a", "b"])])
        let table = s.submit("table t over 2019..2020 {\n  a = 1, 2\n  check a > 0\n}")
        #expect(table.defined.tables == ["t"])
        #expect(table.defined.checks.isEmpty, "a check inside a block is part of the table")
        #expect(s.submit("t.b = a * 2").defined.rows == [.init(table: "t", row: "b")])
        #expect(s.submit("t.a@2020 = 5").defined.rows == [.init(table: "t", row: "a")])
        #expect(s.submit("t.a = 3, 4").defined.rows == [.init(table: "t", row: "a")], "a row of the block, replaced in it")
        let check = s.submit("check t.a < 10")
        #expect(check.defined.checks.count == 1)
        #expect(check.defined.cells.isEmpty && check.defined.tables.isEmpty)
        let rowCheck = s.submit("t.check b > 0")
        #expect(rowCheck.defined.checks.count == 1)
        #expect(s.submit("_hidden = 1").defined.cells == ["_hidden"])
    }

    @Test func aWrittenCheckIsNamedByTheSpanItsOutcomeHas() {
        let s = Session()
        _ = s.submit("x = 5")
        let failing = s.submit("check x > 10")
        #expect(failing.failedChecks.map(\.span) == failing.defined.checks)
        let holding = s.submit("check x < 10")
        #expect(holding.defined.checks.count == 1)
        #expect(!holding.failedChecks.contains { holding.defined.checks.contains($0.span) })
    }

    @Test func aLoadedNotebookListsWhatItDefines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-outcome-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "k = 1\n".write(to: dir.appendingPathComponent("other.chiso"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("n.chiso").path
        try """
        x = 1
        table t over 2019..2020 {
          a = 1, 2
        }
        t.b = a * 2
        s = t.a
        fn twice(v) = v * 2
        fn twice(v, w) = v * w
        y = 2
        x = 3
        table y over 2019..2020 {
          c = 1, 1
        }
        use "other.chiso" as o
        check x > 0
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let o = Session().load(path: path)
        #expect(o.accepted, "\(o.diagnostics.map(\.message))")
        #expect(!o.isExpression)
        // Each name once, as written last: `y` is a table in the end, `x` one cell.
        #expect(o.defined.cells == ["s", "x"])
        #expect(o.defined.tables == ["t", "y"])
        #expect(o.defined.rows == [.init(table: "t", row: "b")])
        #expect(o.defined.functions == [.init(name: "twice", parameters: ["v", "w"])])
        #expect(o.defined.imports == [.init(path: "other.chiso", alias: "o")])
        #expect(o.defined.checks.count == 1)
    }

    @Test func deletingDefinesNothing() {
        let s = Session()
        _ = s.submit("x = 1")
        let d = s.delete("x")
        #expect(d.accepted && !d.isExpression && d.defined.isEmpty)
        #expect(d.notes == ["deleted x"])
    }
}
