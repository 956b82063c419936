// An input applied in place (a data cell or row written again, a table redefined) that
// gives the notebook an error it did not have — a chart's series now text, a
// paragraph's figure now a series — is refused, as the same input is refused when it
// goes through a rebuild: the same diagnostics, and the session as it was (document,
// values, undo history). Warnings do not refuse, in place or not.

import ChisoTestSupport
import Testing

@testable import ChisoCore

@Suite("Refusing a change in place that brings an error")
struct InPlaceRefusalTests {
    static let start = """
        k = 5
        table t over 2019Q1..2019Q4 {
          a = 1, 2, 3, 4
          b = a * 2
        }
        > Quarter four: {t.b@2019Q4}, k: {k}.
        chart "B" line t.b
        chart "A and B" bar t.a, t.b
        """

    /// An input, and whether it is accepted.
    static let cases: [(input: String, accepted: Bool)] = [
        // A data cell of a row a chart draws made text.
        ("t.a@2019Q2 = \"x\"", true),
        ("t.b@2019Q2 = \"x\"", true),
        // A data row a chart draws written again as text.
        ("t.a = \"w\", \"x\", \"y\", \"z\"", false),
        // A row redefined to text under a chart, alone and in its table.
        ("t.b = \"w\", \"x\", \"y\", \"z\"", false),
        ("table t over 2019Q1..2019Q4 {\n  a = 1, 2, 3, 4\n  b = \"w\", \"x\", \"y\", \"z\"\n}", false),
        // A row a chart draws with no number left.
        ("t.a = _, _, _, _", false),
        // A paragraph's figure made a series (an error), blank or #DIV/0! (warnings).
        ("k = t.a", false),
        ("k = _", true),
        ("k = 1 / 0", true),
        ("t.b = a / 0", false),
        // A change that brings no problem.
        ("t.a = 4, 3, 2, 1", true),
    ]

    /// Diagnostics by severity, message and where (in the session's sources).
    static func placed(_ diagnostics: [Diagnostic], _ sources: SourceMap) -> [String] {
        diagnostics.filter { $0.kind != .check }.map { d in
            let at = d.span.map { "\(sources[$0.source].name):\($0.start)-\($0.end)" } ?? ""
            return "\(d.severity) \(d.message) at \(at)"
        }
    }

    /// What `input` gives by the rebuild path: written into the document, which is then
    /// evaluated again and refused if that brings an error (what `submit` does with an
    /// input it cannot apply in place).
    static func rebuilding(_ session: Session, _ input: String) -> Session.Outcome {
        session.inputs += 1
        let id = session.sources.add(name: "<repl:\(session.inputs)>", text: input)
        let (tree, syntax) = Parser.parse(session.sources[id], id: id)
        #expect(syntax.isEmpty && tree.statements.count == 1)
        let saved = session.entries
        var defined = Session.Definitions()
        let (shown, _) = session.record(tree.statements[0], into: &defined)
        return session.rebuildRefusingNewErrors(saved: saved, shownNames: shown)
    }

    @Test("in place as by a rebuild", arguments: cases.indices)
    func inPlaceAsRebuild(_ k: Int) {
        let (input, accepted) = Self.cases[k]
        let inPlace = Session(), rebuilt = Session()
        #expect(inPlace.submit(Self.start).accepted)
        #expect(rebuilt.submit(Self.start).accepted)
        let text = inPlace.notebookText, rendering = freshRendering(of: inPlace), undo = inPlace.undoStack.count
        let rebuilds = inPlace.rebuilds

        let outcome = inPlace.submit(input)
        let expected = Self.rebuilding(rebuilt, input)
        #expect(outcome.accepted == accepted, "\(input): \(outcome.diagnostics.map(\.message))")
        #expect(expected.accepted == accepted, "\(input) (rebuilt): \(expected.diagnostics.map(\.message))")
        #expect(Self.placed(outcome.diagnostics, inPlace.sources) == Self.placed(expected.diagnostics, rebuilt.sources), "\(input)")
        if accepted {
            // The input was applied in place.
            #expect(inPlace.rebuilds == rebuilds, "\(input): in place?")
            #expect(inPlace.undoStack.count == undo + 1)
        } else {
            #expect(inPlace.notebookText == text, "\(input): refused, yet the document changed")
            #expect(inPlace.undoStack.count == undo, "\(input): a refused input to undo")
            #expect(TerminalRenderer.render(inPlace.report) == rendering, "\(input): refused, yet the values changed")
            #expect(inPlace.savedText(for: "x.chiso").text == rebuilt.savedText(for: "x.chiso").text)
        }
        // Either way the session is a fresh session of its notebook, and goes on in place.
        #expect(TerminalRenderer.render(inPlace.report) == freshRendering(of: inPlace), "after \(input)")
        let fresh = Session()
        #expect(fresh.submit(inPlace.notebookText).accepted)
        #expect(TerminalRenderer.render(inPlace.report) == TerminalRenderer.render(fresh.report), "after \(input)")
        let said: ([Diagnostic]) -> [String] = { $0.filter { $0.kind != .check }.map { "\($0.severity) \($0.message)" }.sorted() }
        #expect(said(inPlace.evaluation.diagnostics) == said(fresh.evaluation.diagnostics), "after \(input)")
        let after = inPlace.rebuilds
        #expect(inPlace.submit("t.a@2019Q1 = 9").accepted)
        #expect(inPlace.rebuilds == after, "\(input): in place after?")
        #expect(TerminalRenderer.render(inPlace.report) == freshRendering(of: inPlace), "after \(input) and t.a@2019Q1 = 9")
    }
}
