// The values an input changed, as the REPL lists them under `changed:`: each made into
// text only when read, the same text as the values are shown with; a value that changed
// only beyond the digits shown is left out, whole numbers and the rest alike.

import Testing

@testable import ChisoCore

@Suite("The list of changed values")
struct ChangesListTests {
    static let start = """
        table t over 2019Q1..2019Q2 with total {
          a = 100, 200
          b = a / 3 as number(1)
          c = a * 2
          p = a / 1000 as percent(0)
        }
        """

    private func lines(_ changes: Session.Changes) -> [String] {
        changes.map { "\($0.place) \($0.old) → \($0.new)" }
    }

    @Test("values that change beyond the digits shown are left out")
    func beyondTheDigitsShown() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        let small = session.submit("t.a@2019Q1 = 100.01")
        #expect(
            lines(small.changes) == [
                "t.a@total 300 → 300.01", "t.c@2019Q1 200 → 200.02", "t.c@total 600 → 600.02",
            ])
        session.setLocale(.vi)
        let large = session.submit("t.a@2019Q1 = 400")
        #expect(
            lines(large.changes) == [
                "t.a@total 300,01 → 600", "t.b@2019Q1 33,3 → 133,3", "t.b@total 100,0 → 200,0", "t.c@2019Q1 200,02 → 800",
                "t.c@total 600,02 → 1.200", "t.p@2019Q1 10% → 40%", "t.p@total 30% → 60%",
            ])
        // Read twice, or from the middle, a line is the same.
        #expect(large.changes[3] == large.changes[3])
        #expect(Array(large.changes.dropFirst(5)).map(\.place) == ["t.p@2019Q1", "t.p@total"])
    }

    @Test("a blank and a value that was not there are listed as such")
    func blankAndNone() {
        let session = Session()
        #expect(session.submit(Self.start).accepted)
        #expect(lines(session.submit("t.a@2019Q2 = _").changes).contains("t.c@2019Q2 400 → (blank)"))
        #expect(lines(session.submit("t.d = c + 1").changes).isEmpty)
        #expect(lines(session.submit("e = t.a@2019Q1").changes).isEmpty)
        #expect(lines(session.submit("t.a@2019Q1 = 7").changes).contains("e 100 → 7"))
    }
}
