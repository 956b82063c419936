// Rows a table redefined in place drops stay in the program until a rebuild, nameless
// and inert: nothing shows them (a value, `:why`, completion, `:list`, the saved text,
// the JSON report), and a table redefined many times with its rows renamed keeps the
// program within about twice the live notebook (a rebuild lets go of them).

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("Rows dropped by a table redefined in place")
struct DroppedRowsTests {
    @Test("a dropped row is found by no name")
    func droppedRowIsGone() {
        let session = Session()
        #expect(session.submit("table t over 2019Q1..2019Q2 {\n  a = 1, 2\n  bb = a * 2\n}").accepted)
        let rebuilds = session.rebuilds
        #expect(session.submit("table t over 2019Q1..2019Q2 {\n  a = 1, 2\n}").accepted)
        #expect(session.rebuilds == rebuilds, "dropped in place")
        if case .explanation(let text) = session.why("t.bb") { Issue.record("a dropped row explained: \(text)") }
        if case .unknownName(_, let suggestion) = session.why("t.bbx") {
            #expect(suggestion != "t.bb", "a dropped row suggested")
        } else {
            Issue.record("t.bbx explained")
        }
        #expect(!session.completions.contains { $0.contains("bb") })
        #expect(session.listing("bb").isEmpty)
        #expect(!session.notebookText.contains("bb"))
        #expect(!session.submit("t.bb").accepted)
        #expect(!JSONRenderer.render(session.report).contains("bb"))
        #expect(!TerminalRenderer.render(session.report).contains("bb"))
    }

    @Test("a table redefined many times with its rows renamed keeps the program bounded")
    func manyRedefinitionsStayBounded() {
        let session = Session()
        func table(_ version: Int) -> String {
            "table t over 2019Q1..2019Q4 {\n" + (0..<100).map { "  r\(version)_\($0) = \($0), 1, 2, \(version)" }.joined(separator: "\n")
                + "\n}"
        }
        #expect(session.submit("k = 1\n" + table(0)).accepted)
        let rebuilds = session.rebuilds
        var most = 0
        for v in 1...300 {
            #expect(session.submit(table(v)).accepted)
            most = max(most, session.evaluation.program.nodes.count)
        }
        // 30,000 rows dropped; the program never holds more than the live rows and
        // about as many dropped ones (at least `inertLimit`).
        #expect(most <= 2 * 101 + Session.inertLimit + 100, "\(most) nodes")
        #expect(session.rebuilds > rebuilds, "a rebuild let go of the dropped rows")
        #expect(session.rebuilds < rebuilds + 40, "mostly in place")
        #expect(TerminalRenderer.render(session.report) == freshRendering(of: session))
    }
}
