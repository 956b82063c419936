// Untrusted notebooks that used to hang the parser, cost far more than their size, or
// write control characters: every command ends with a clear diagnostic and exit code.
// (Their outputs are golden fixtures where they fit one; here, what only the binary shows.)

import Foundation
import Testing

@Suite("Input limits")
struct InputLimitsTests {
    static let headingInTable = "table v over 2019..2020 {\n  ## heading\n}\n"

    @Test(arguments: ["run", "check", "fmt"])
    func aHeadingInsideATableIsAnErrorForEveryCommand(_ command: String) throws {
        for text in [Self.headingInTable, "table v over 2019..2020 {\n##\n"] {
            let path = try CLI.notebook(text)
            let r = try CLI.run([command, path])
            #expect(r.status == 65, "\(command) of \(text.debugDescription)")
            #expect(r.stderr.contains(":2:"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("error: a heading cannot be inside a table block"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("move the `##` line above `table v …` or below its closing '}'"))
        }
    }

    @Test func fmtCheckRefusesAHeadingInsideATable() throws {
        let path = try CLI.notebook(Self.headingInTable)
        let r = try CLI.run(["fmt", "--check", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("a heading cannot be inside a table block"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.headingInTable)
    }
}
