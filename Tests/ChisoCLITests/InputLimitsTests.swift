// Untrusted notebooks that used to hang the parser, cost far more than their size, or
// write control characters: every command ends with a clear diagnostic and exit code.
// (Their outputs are golden fixtures where they fit one; here, what only the binary shows.)

import ChisoTestSupport
import Foundation
import Testing

@Suite("Input limits")
struct InputLimitsTests {
    static let headingInTable = "table v over 2019..2020 {\n  ## heading\n}\n"

    @Test(arguments: ["run", "check", "fmt"])
    func aHeadingInsideATableIsAnErrorForEveryCommand(_ command: String) throws {
        for text in [Self.headingInTable, "table v over 2019..2020 {\n##\n"] {
            let path = try Chiso.notebook(text)
            let r = try Chiso.run([command, path])
            #expect(r.status == 65, "\(command) of \(text.debugDescription)")
            #expect(r.stderr.contains(":2:"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("error: a heading cannot be inside a table block"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("move the `##` line above `table v …` or below its closing '}'"))
        }
    }

    @Test func fmtCheckRefusesAHeadingInsideATable() throws {
        let path = try Chiso.notebook(Self.headingInTable)
        let r = try Chiso.run(["fmt", "--check", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("a heading cannot be inside a table block"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.headingInTable)
    }

    /// Bytes below 0x20 other than line breaks (and CR, which CSV lines end with).
    static func controls(_ s: String) -> [UInt8] {
        s.utf8.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D } + s.utf8.filter { $0 == 0x7F }
    }

    @Test(arguments: ["table", "md", "csv", "json", "html"])
    func noFormatWritesControlCharacters(_ format: String) throws {
        let r = try Chiso.run(["run", "Tests/ChisoCoreTests/Fixtures/control-chars.chiso", "--format", format])
        #expect(r.status == 1, "only its check fails: \(r.stderr)")
        #expect(Self.controls(r.stdout).isEmpty, "\(format): \(r.stdout.debugDescription)")
        #expect(Self.controls(r.stderr).isEmpty)
        #expect(r.stdout.contains("A\u{FFFD}[31mRED"), "\(format) shows where the control character was")
    }

    @Test func csvAndJSONTextIsTheSanitizedText() throws {
        let path = try Chiso.notebook("x \"a\\tb\" = \"=\u{1B}[2J\"\n")
        let csv = try Chiso.run(["run", path, "--format", "csv"])
        #expect(csv.stdout == "name,label,value\r\nx,a b,'=\u{FFFD}[2J\r\n")
        let json = try Chiso.run(["run", path, "--format", "json"])
        #expect(json.stdout.contains("\"value\" : \"=\u{FFFD}[2J\""), "\(json.stdout)")
        #expect(!json.stdout.contains("\\u001b"))
    }

    @Test func diagnosticsNeverEchoControlCharacters() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-cc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // A file name, an import path and a check message with escape sequences.
        let name = dir.appendingPathComponent("\u{1B}[31mnb.chiso")
        try "use \"\u{1B}[2Jx.chiso\" as q\ny = q.a\ncheck 1 == 2 \"\u{1B}]0;t\u{07}\"\n".write(to: name, atomically: true, encoding: .utf8)
        let r = try Chiso.run(["check", name.path])
        #expect(r.status == 65)
        #expect(Self.controls(r.stderr).isEmpty, "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("\u{FFFD}[31mnb.chiso:1:5: error: cannot read '\u{FFFD}[2Jx.chiso'"), "\(r.stderr)")
        #expect(r.stderr.contains("check failed: \u{FFFD}]0;t\u{FFFD}"))
    }

    @Test func aPeriodTwiceInADataFileIsAnError() throws {
        let r = try Chiso.run(["check", "Tests/ChisoCoreTests/Fixtures/csv-duplicate-period-column.chiso"])
        #expect(r.status == 65)
        #expect(
            r.stderr.contains("csv-duplicate-period-column.csv:1:13: error: columns 2 ('2019Q1') and 3 ('2019Q1') are both period 2019Q1"))
    }

    // MARK: Long lines and many errors

    /// Every line of a diagnostic is short, whatever the line it points into.
    static func expectShortLines(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let longest = stderr.split(separator: "\n").map(\.count).max() ?? 0
        #expect(longest < 600, "a diagnostic line of \(longest) characters", sourceLocation: sourceLocation)
    }

    @Test func aLongLineOfGarbageGivesAHundredShortErrors() throws {
        let path = try Chiso.notebook("x = " + String(repeating: "$", count: 2_000_000) + "\n")
        let r = try Chiso.run(["check", path])
        #expect(r.status == 65)
        let headers = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(headers.count == 101)
        #expect(headers.last?.hasSuffix("error: too many errors (100); stopped reading at line 1") == true)
        Self.expectShortLines(r.stderr)
    }

    @Test func aHugeChainOnOneLineIsOneError() throws {
        let path = try Chiso.notebook("x = " + Array(repeating: "1", count: 500_000).joined(separator: "+") + "\ny = 2\n")
        let r = try Chiso.run(["run", path])
        #expect(r.status == 65)
        #expect(r.stderr.components(separatedBy: "error:").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains(":1:5: error: expression too long (more than 10000 operations in a chain)"))
        #expect(r.stdout.contains("│ y │ 2 │"))
        Self.expectShortLines(r.stderr)
    }

    @Test func aStatementOfTooManyTokensIsOneError() throws {
        let path = try Chiso.notebook("x = sum(" + Array(repeating: "1", count: 200_000).joined(separator: ",") + ")\ny = 2\n")
        let r = try Chiso.run(["check", path])
        #expect(r.status == 65)
        #expect(r.stderr.components(separatedBy: "error:").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("error: statement too long (more than 100000 names, numbers and symbols)"))
        Self.expectShortLines(r.stderr)
    }

    @Test func manyErrorsEndWithHowManyMoreThereWere() throws {
        let path = try Chiso.notebook((0..<1_000).map { "c\($0) = zz\($0)\n" }.joined())
        let r = try Chiso.run(["check", path])
        #expect(r.status == 65)
        #expect(r.stderr.split(separator: "\n").filter { $0.contains(": error: unknown name") }.count == 100)
        #expect(
            r.stderr.hasSuffix(
                "t.chiso:101:8: error: 900 more errors not shown, the first at line 101 (only the first 100 of a file are shown)\n  help: fix the ones above and run again\n"
            ))
    }
}
