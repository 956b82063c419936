// MARK: - Reading a typed input line by line
//
// The REPL reads each line once; the answer must be the one for all the lines so far read
// together.

import Testing

@testable import ChisoCore

@Suite("Input completeness")
struct InputCompletenessTests {
    static let inputs: [String] = [
        "table t over 2019..2020 {\n  a = 1, 2\n  ## heading\n  b = a *\n    2\n}",
        "x = round(1 +\n  2,\n  0)",
        "x = \"(\" + (\n1)",
        "x = 1 # (open in a comment\ny = [",
        "check x >\n  0 and\n  y < 1",
        "use \"a.chiso\" as a with {\n  x = 1,\n  y = 2\n}",
        "x = \"unterminated (\ny = 1",
        "table t over 2019..2020 {\n}\n}",
    ]

    @Test("line by line, the same answer as for the lines read together", arguments: inputs)
    func lineByLine(_ input: String) {
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var completeness = InputCompleteness()
        for n in 1...lines.count {
            completeness.add(lines[n - 1])
            let together = lines.prefix(n).joined(separator: "\n")
            #expect(completeness.needsMore == Session.needsMoreInput(together), "after \(n) lines of \(input.debugDescription)")
        }
    }

    @Test func openUntilTheBraceCloses() {
        var c = InputCompleteness()
        c.add("table t over 2019..2020 {")
        #expect(c.needsMore)
        for i in 0..<1_000 { c.add("  r\(i) = 1, 2") }
        #expect(c.needsMore)
        c.add("}")
        #expect(!c.needsMore)
    }

    @Test func aStatementTooLongToKeepEndsTheInput() {
        var c = InputCompleteness()
        c.add("x = sum(" + Array(repeating: "1", count: Lexer.maxStatementTokens).joined(separator: ", ") + ")")
        #expect(!c.needsMore)
    }
}
