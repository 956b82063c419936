// `chiso run` and `chiso check` with plain arguments are run without swift-argument-parser
// (`FastCommand`): what they print and exit with is what the parsed command line gives.

import ChisoTestSupport
import Foundation
import Testing

@Suite("Plain run and check command lines")
struct FastCommandTests {
    /// Notebooks for every exit code: evaluated cleanly (0), a failed check (1), errors
    /// (65), not there (66); Vietnamese text and a warning on stderr among them.
    static func notebooks() throws -> [String] {
        [
            try Chiso.notebook(
                "locale vi\n## Báo cáo\nx = 1.5\ny \"Tỷ lệ\" = x * 2 as percent(1)\n"
                    + "table t \"Bảng\" over 2020Q1..2020Q4 with total {\n  a \"Số, nhập\" = 1, 2, _, 4\n  b = a / 2\n  c = a / 0\n}\n"),
            try Chiso.notebook("x = 2\ncheck x == 3 \"x is three\"\n"),
            try Chiso.notebook("x = 1 +\ny = unknown_name\n"),
            try Chiso.notebook("x = 1\n_hidden = 2\nz = \"=cmd\"\nw = 1 / 0\n"),
            "/nonexistent/chiso-fast-command.chiso",
        ]
    }

    /// The same request through ArgumentParser: `--max-steps` is an option the plain path
    /// does not take, given here at a budget none of these notebooks comes near.
    static let parsed = ["--max-steps", "100000000"]

    @Test func plainCommandLinesPrintAndExitAsParsedOnesDo() throws {
        for path in try Self.notebooks() {
            let lines: [[String]] = [
                ["run", path], ["run", "--format", "csv", path], ["run", "--format=json", path], ["run", path, "--format", "md"],
                ["run", "--locale", "vi", "--format", "table", path], ["run", "--locale=en", "--format=html", path],
                ["check", path], ["check", "--locale", "vi", path],
            ]
            for line in lines {
                let plain = try Chiso.run(line)
                let parsed = try Chiso.run(line + Self.parsed)
                #expect(plain.status == parsed.status, "\(line)")
                #expect(plain.stdout == parsed.stdout, "\(line)")
                #expect(plain.stderr == parsed.stderr, "\(line)")
            }
        }
    }

    @Test func outputToAFileIsTheSame() throws {
        let path = try Self.notebooks()[0]
        let folder = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.csv").path, b = folder.appendingPathComponent("b.csv").path
        let plain = try Chiso.run(["run", "--format", "csv", "--output", a, path])
        let parsed = try Chiso.run(["run", "--format", "csv", "--output=\(b)", path] + Self.parsed)
        #expect(plain.status == 0 && parsed.status == 0)
        #expect(plain.stdout == "" && parsed.stdout == "")
        let written = try String(contentsOfFile: a, encoding: .utf8)
        #expect(written.hasPrefix("Báo cáo\r\n"))
        #expect(written == (try String(contentsOfFile: b, encoding: .utf8)))
    }

    /// What the plain path does not take is left to ArgumentParser, which says what is wrong.
    @Test func otherCommandLinesAreStillParsed() throws {
        let path = try Self.notebooks()[0]
        let bogus = try Chiso.run(["run", "--format", "bogus", path])
        #expect(bogus.status == 64)
        #expect(bogus.stderr.contains("bogus"))
        let twoFiles = try Chiso.run(["run", path, path])
        #expect(twoFiles.status == 64)
        let noFile = try Chiso.run(["run", "--format", "csv"])
        #expect(noFile.status == 64)
        #expect(noFile.stderr.contains("<file>"))
        let outputForCheck = try Chiso.run(["check", "--output", "x.csv", path])
        #expect(outputForCheck.status == 64)
        let help = try Chiso.run(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--format"))
    }
}
