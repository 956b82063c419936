// A whole table or function redefined in a session is changed in place (no rebuild),
// and what the session then shows equals a fresh evaluation of the same notebook: rows
// added, dropped and renamed, formulas changed, the periods changed, a function's body
// and arity changed. What a rebuild refuses (a dropped row read elsewhere, a wrong
// number of arguments, a cycle) is refused in place too, leaving the session as it was.

import ChisoTestSupport
import Testing

@testable import ChisoCore

@Suite("Redefining a table or function in place")
struct RedefineInPlaceTests {
    static let start = """
        fn adj(x) = x * 2
        fn twice(x) = adj(x) + adj(x)
        base = 100
        table t over 2019Q1..2019Q4 with total {
          a = 10, 20, 30, 40
          b = a * 2
          c = adj(a) + b
        }
        t.extra = a + 1
        t.a@2019Q3 = 5
        total = sum(t.c)
        other = t.b@2019Q2 + twice(base)
        table u over 2019Q1..2019Q4 {
          v = t.a + adj(1)
        }
        check total > 0
        """

    /// An input, whether it is accepted, and whether it is changed in place.
    struct Step: CustomTestStringConvertible, Sendable {
        var input: String
        var accepted = true
        var inPlace = true
        var testDescription: String { input.split(separator: "\n").prefix(2).joined(separator: " ") }
    }

    static let steps: [Step] = [
        // A formula changed.
        Step(input: "table t over 2019Q1..2019Q4 with total {\n  a = 10, 20, 30, 40\n  b = a * 3\n  c = adj(a) + b\n}"),
        // A row added, then dropped (nothing else reads it), rows reordered, label and total changed.
        Step(input: "table t over 2019Q1..2019Q4 with total {\n  a = 10, 20, 30, 40\n  b = a * 3\n  d = b - a\n  c = adj(a) + d\n}"),
        Step(input: "table t \"Bảng\" over 2019Q1..2019Q4 {\n  b = a * 4\n  a = 1, 2, 3, 4\n  c = adj(a) + b\n}"),
        // A dropped row that another cell reads: refused, as a rebuild refuses it.
        Step(input: "table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  c = adj(a)\n}", accepted: false, inPlace: false),
        // The periods changed (no cell written for a row of u), a row renamed.
        Step(input: "table u over 2018Q3..2019Q4 with total {\n  v = t.a + adj(1)\n  w = v[-1]\n}"),
        Step(input: "table u over 2018Q3..2019Q4 with total {\n  x = t.a * 2\n}"),
        // A function's body changed: its callers (a row, a function, a cell) are computed again.
        Step(input: "fn adj(x) = x * 3 + base"),
        Step(input: "fn twice(x) = adj(x) * 10"),
        // Its arity changed under its callers, and a cycle through it: refused.
        Step(input: "fn adj(x, y) = x * y", accepted: false),
        Step(input: "fn adj(x) = x + total", accepted: false),
        // A new function (a rebuild: a formula may have waited for it), then one calling it.
        Step(input: "fn triple(x) = x * 3", inPlace: false),
        Step(input: "fn twice(x) = triple(x) - 1"),
        // What the rebuild still does: a table whose overridden row's periods change.
        Step(input: "table t over 2019Q1..2020Q2 {\n  a = 1, 2, 3, 4, 5, 6\n  b = a * 4\n  c = adj(a) + b\n}", inPlace: false),
    ]

    @Test("each redefinition equals a fresh evaluation")
    func inPlaceEqualsFresh() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        for step in Self.steps {
            let text = session.notebookText
            let rebuilds = session.rebuilds
            let outcome = session.submit(step.input)
            #expect(outcome.accepted == step.accepted, "\(step.testDescription): \(outcome.diagnostics.map(\.message))")
            if !outcome.accepted {
                #expect(session.notebookText == text, "a refused input changed the session: \(step.testDescription)")
            }
            #expect((session.rebuilds == rebuilds) == step.inPlace, "\(step.testDescription): in place?")
            let fresh = Engine.run(name: "fresh.chiso", text: session.notebookText)
            #expect(!fresh.hasErrors, "\(step.testDescription)")
            let expected = TerminalRenderer.render(fresh.report.withoutOrigins)
            #expect(TerminalRenderer.render(session.report) == expected, "after \(step.testDescription)")
        }
    }

    /// A random table `t` or `u`, function `adj` or `twice`, or a cell or row edit.
    private static func randomInput(_ g: inout SplitMix) -> String {
        let rowNames = ["a", "b", "c", "d", "e"]
        switch g.int(6) {
        case 0, 1:
            // Table t over 4 or 6 quarters: `a` as data, then some of b..e in any order.
            let six = g.int(3) == 0
            let periods = six ? "2019Q1..2020Q2" : "2019Q1..2019Q4"
            var lines = ["table t over \(periods)\(g.int(2) == 0 ? " with total" : "") {"]
            lines.append("  a = " + (0..<(six ? 6 : 4)).map { _ in g.int(5) == 0 ? "_" : String(g.int(90)) }.joined(separator: ", "))
            for name in rowNames.dropFirst() where g.int(3) > 0 {
                let formula = g.pick([
                    "a * 2", "adj(a) + 1", "twice(a)", "a[-1] + 1", "delta(a)", "b + c", "coalesce(\(name)[-1], 0) + a", "a + base",
                ])
                lines.insert("  \(name) = \(formula)", at: 1 + g.int(lines.count))
            }
            lines.append("}")
            return lines.joined(separator: "\n")
        case 2:
            let periods = g.pick(["2019Q1..2019Q4", "2018Q3..2019Q4", "2019Q2..2020Q1"])
            return "table u over \(periods) {\n  v = \(g.pick(["t.a + adj(1)", "t.a * 2", "twice(3)", "v[-1] + 1"]))\n}"
        case 3:
            return "fn adj(\(g.pick(["x", "x", "x", "x, y"]))) = \(g.pick(["x * 2", "x + base", "x - 1", "x * x", "x + total"]))"
        case 4:
            return "fn twice(x) = \(g.pick(["adj(x) + adj(x)", "x * 2", "adj(adj(x))", "x"]))"
        default:
            return g.pick(["base = \(g.int(500))", "t.a@2019Q2 = \(g.int(50))", "total = sum(t.a)", "t.a = 1, 2, 3, 4"])
        }
    }

    @Test("random redefinitions equal a fresh evaluation", arguments: Array(1...8) as [UInt64])
    func randomEqualsFresh(seed: UInt64) {
        var g = SplitMix(seed: seed)
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        for step in 0..<40 {
            let input = Self.randomInput(&g)
            let text = session.notebookText
            let outcome = session.submit(input)
            if !outcome.accepted { #expect(session.notebookText == text, "seed \(seed) step \(step): refused, yet changed") }
            let expected = freshRendering(of: session)
            let actual = TerminalRenderer.render(session.report)
            #expect(actual == expected, "seed \(seed) step \(step) after `\(input)`")
            if actual != expected { return }
        }
    }

    @Test("a refused table leaves every value as it was")
    func refusedTableKeepsValues() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        let before = TerminalRenderer.render(session.report)
        // A row reading a name that does not exist, and a row reading itself.
        #expect(!session.submit("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = nope\n  c = b\n}").accepted)
        #expect(!session.submit("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = c\n  c = b + a\n  extra = 1\n}").accepted)
        #expect(TerminalRenderer.render(session.report) == before)
        // The session goes on in place after a refusal.
        let rebuilds = session.rebuilds
        #expect(session.submit("table t over 2019Q1..2019Q4 with total {\n  a = 7, 20, 30, 40\n  b = a * 2\n  c = adj(a) + b\n}").accepted)
        #expect(session.rebuilds == rebuilds)
        #expect(
            TerminalRenderer.render(session.report)
                == TerminalRenderer.render(Engine.run(name: "f", text: session.notebookText).report.withoutOrigins))
    }

    @Test("what read a dropped row and is redefined with it is right")
    func undoAfterInPlace() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        #expect(session.submit("table u over 2019Q1..2019Q4 {\n  w = t.b * 2\n}").accepted)
        #expect(session.submit("fn adj(x) = x - 1").accepted)
        // `:undo` takes both back (by a rebuild), to the notebook as it started.
        _ = session.undo()
        _ = session.undo()
        let fresh = Engine.run(name: "fresh.chiso", text: Self.start)
        #expect(TerminalRenderer.render(session.report) == TerminalRenderer.render(fresh.report.withoutOrigins))
    }
    /// Diagnostics by severity, message and the text they point at, sorted (the session's
    /// and a fresh run's are at different places).
    private static func described(_ diagnostics: [Diagnostic], _ sources: SourceMap) -> [String] {
        diagnostics.filter { $0.kind != .check }.map { d in
            "\(d.severity) \(d.message) at `\(d.span.map { sources[$0.source].text(of: $0) } ?? "")`"
        }.sorted()
    }

    @Test("a redefinition in place reports the warnings a fresh run reports, and only its own are new")
    func warningsEqualFresh() {
        let session = Session()
        let start = """
            table y over 2019..2020 {
              v = 1, 2
            }
            table t over 2019Q1..2019Q4 {
              a = 1, 2, 3, 4
            }
            t.c = y.v
            table s over 2019Q1..2020Q4 with subtotals {
              a = 1
            }
            fn f(x) = x + 1
            table q over 2019Q1..2019Q2 {
              z = f(1)
            }
            """
        #expect(session.submit(start).accepted)
        // An input, and how many warnings it brings that were not there before.
        let steps: [(String, Int)] = [
            ("table t over 2019Q1..2019Q4 {\n  a = y.v\n  b = y.v + 1\n}", 2),
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n}", 0),
            ("table s over 2019Q2..2020Q4 with subtotals {\n  a = 1\n}", 1),
            ("table s over 2019Q2..2020Q4 with subtotals {\n  a = 2\n}", 1),
            ("table s over 2019Q1..2020Q4 with subtotals {\n  a = 2\n}", 0),
            ("t.d = y.v", 1),
            ("t.d = y.v@2019", 0),
            ("fn f(x) = x + y.v@2020", 0),
        ]
        // Where in the session (what the REPL prints is what was not there before).
        let placed: ([Diagnostic]) -> Set<String> = { Set($0.map(Resolver.key)) }
        var before = placed(session.evaluation.diagnostics)
        for (input, new) in steps {
            let rebuilds = session.rebuilds
            let outcome = session.submit(input)
            #expect(outcome.accepted, "\(input): \(outcome.diagnostics.map(\.message))")
            #expect(session.rebuilds == rebuilds, "\(input): in place?")
            let fresh = Engine.run(name: "fresh.chiso", text: session.notebookText)
            let now = Self.described(outcome.diagnostics, session.sources)
            #expect(now == Self.described(fresh.diagnostics, fresh.sources), "after \(input)")
            #expect(Self.described(session.evaluation.diagnostics, session.sources) == now, "after \(input)")
            #expect(placed(outcome.diagnostics).subtracting(before).count == new, "after \(input): \(now)")
            before = placed(outcome.diagnostics)
        }
    }

    @Test("the problems of paragraphs and charts after a change in place are a fresh run's")
    func paragraphAndChartProblemsEqualFresh() {
        let session = Session()
        let start = """
            k = 5
            table t over 2019Q1..2019Q4 {
              a = 1, 2, 3, 4
              b = a * 2
            }
            > Quarter one: {t.a@2019Q1}, quarter four: {t.b@2019Q4}, k: {k}.
            chart "B" line t.b
            chart "A and B" bar t.a, t.b
            """
        #expect(session.submit(start).accepted)
        // An input, and whether it is accepted: a series with nothing to draw (or text)
        // is an error, refused as a rebuild refuses it; a figure blank or an error is a
        // warning.
        let steps: [(String, Bool)] = [
            // A paragraph's figure blank, then not.
            ("table t over 2019Q1..2019Q4 {\n  a = _, 2, 3, 4\n  b = a * 2\n}", true),
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = a * 2\n}", true),
            // A row a chart draws with no number left (and a figure #DIV/0!): refused.
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = a / 0\n}", false),
            // A figure #DIV/0! alone; then back.
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = a / (a - 4)\n}", true),
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = a * 2\n}", true),
            // A row of text: neither chart draws it (refused).
            ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = \"x\", \"y\", \"z\", \"w\"\n}", false),
            ("table t over 2019Q1..2019Q4 {\n  b = a * 3\n  a = 1, 2, 3, 4\n}", true),
            // A cell the paragraph reads, blank and back; a data row written again, with
            // no number left (refused) and with one blank.
            ("k = _", true),
            ("k = 6", true),
            ("t.a = _, _, _, _", false),
            ("t.a = 1, _, 3, 4", true),
        ]
        for (input, accepted) in steps {
            let rebuilds = session.rebuilds, text = session.notebookText
            let outcome = session.submit(input)
            #expect(outcome.accepted == accepted, "\(input): \(outcome.diagnostics.map(\.message))")
            let fresh = Engine.run(name: "fresh.chiso", text: session.notebookText)
            let expected = Self.described(fresh.diagnostics, fresh.sources)
            if accepted {
                #expect(session.rebuilds == rebuilds, "\(input): in place?")
                #expect(Self.described(outcome.diagnostics, session.sources) == expected, "after \(input)")
            } else {
                #expect(session.notebookText == text, "\(input): refused, yet changed")
                #expect(outcome.diagnostics.allSatisfy { $0.severity == .error }, "\(input)")
            }
            #expect(Self.described(session.evaluation.diagnostics, session.sources) == expected, "after \(input)")
            #expect(TerminalRenderer.render(session.report) == freshRendering(of: session), "after \(input)")
        }
    }
}
