// MARK: - Markdown tables
//
// A `|` in a label or a text cell would end a pipe table's cell early: every one is
// escaped, also one that a combining mark follows (one Character, still a `|` byte).

import Testing

@testable import ChisoCore

@Suite("Markdown")
struct MarkdownTests {
    @Test("every | in a label or a text value is escaped, and nothing else changes")
    func pipesAreEscaped() {
        let r = runNotebook(
            "table t \"A | B\" over 2019..2020 {\n  x \"x|y\" = 1, 2\n  s \"plain\" = \"a|\u{301}b\", \"no pipe\"\n}\n")
        let md = MarkdownRenderer.render(r.report)
        #expect(md.contains("**A \\| B**"))
        #expect(md.contains("| x\\|y | 1 | 2 |"))
        #expect(md.contains("| plain | a\\|\u{301}b | no pipe |"))
        // Each row line has as many unescaped bars as the header line.
        let lines = md.split(separator: "\n").filter { $0.hasPrefix("|") }
        let bars = lines.map { line in
            var n = 0
            var escaped = false
            for u in line.unicodeScalars {
                if u == "|", !escaped { n += 1 }
                escaped = u == "\\"
            }
            return n
        }
        #expect(Set(bars).count == 1, "\(md)")
    }
}
