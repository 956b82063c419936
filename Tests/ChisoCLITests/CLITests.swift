// The `chiso` binary as a user runs it: exit codes, what goes to stdout and stderr, and
// every output format parsed back by a real parser. A command whose whole output is the
// check is a golden case instead (`Cases/`, CommandCaseTests.swift).

import ChisoTestSupport
import Foundation
import SwiftCSV
import Testing

@Suite("Exit codes and streams")
struct ExitCodeTests {
    @Test func runPrintsTheSameAsTheGoldenFile() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let golden = try String(contentsOf: Repository.root.appendingPathComponent("notebooks/tour.out"), encoding: .utf8)
        #expect(r.stdout == golden)
    }

    @Test(arguments: [
        ["run"],
        ["run", "notebooks/tour.chiso", "--format", "xml"],
        ["run", "notebooks/tour.chiso", "--locale", "fr"],
        ["run", "notebooks/tour.chiso", "--set", "population"],
        ["frobnicate"],
        ["run", "notebooks/tour.chiso", "--no-such-flag"],
    ])
    func badCommandLinesExitSixtyFour(_ arguments: [String]) throws {
        let r = try Chiso.run(arguments)
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(!r.stderr.isEmpty)
    }

    @Test func noColourWhenNotATerminal() throws {
        let path = try Chiso.notebook("x = y\n")
        let r = try Chiso.run(["run", path])
        #expect(!r.stderr.contains("\u{1B}["))
    }

    @Test func escapeSequencesNeverReachTheTerminal() throws {
        let path = try Chiso.notebook("x \"\\u{1B}[31mRED\" = \"\u{1B}]0;title\u{07}\"\nbad = \u{1B}\n")
        let r = try Chiso.run(["run", path])
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(!r.stderr.contains("\u{1B}"))
        #expect(r.stdout.contains("\u{FFFD}]0;title\u{FFFD}"))
    }

    @Test func aBadSetPrintsNothingElse() throws {
        for set in ["dvc.received@2030Q1=1", "dvc.nope=1", "population=1, 2"] {
            let r = try Chiso.run(["run", "notebooks/tour.chiso", "--set", set])
            #expect(r.status == 64, "--set \(set)")
            #expect(r.stdout == "", "--set \(set)")
        }
    }

    @Test func setCanReplaceADataRowsValues() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--set", "dvc.received=20, 35, 41, 52, 58"])
        #expect(r.status == 0)
        // Each cell is marked as set by --set, and the total follows them.
        #expect(r.stdout.contains("│ Hồ sơ tiếp nhận       │   20* │    35* │     41* │    52* │    58* │   206 │"))
        #expect(r.stdout.contains("* Hồ sơ tiếp nhận: đặt bằng --set dvc.received trên dòng lệnh"))
    }

    @Test func invalidUTF8IsANotebookError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("bin.chiso")
        try Data([0x78, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0x79, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0xFE, 0x22, 0x0A]).write(to: url)
        let r = try Chiso.run(["run", url.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bin.chiso:2:6: error: invalid UTF-8 (byte 0xFF)"))
        #expect(r.stdout.contains("│ x │ 1 │"))
    }

    @Test func binaryFilesAreRefusedInOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("image.chiso")
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]
        for i in 0..<100_000 { bytes.append(UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13)) }
        try Data(bytes).write(to: url)
        let r = try Chiso.run(["check", url.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("this is not a text notebook: it contains a NUL byte"))
        #expect(r.stderr.split(separator: "\n").count <= 3)
    }

    @Test func garbageTextStopsAfterAHundredErrors() throws {
        let path = try Chiso.notebook(String(repeating: "$ ! ? ` ~\n", count: 10_000))
        let r = try Chiso.run(["check", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("too many errors (100); stopped reading at line"))
        #expect(r.stderr.split(separator: "\n").count < 400)
    }
}

@Suite("Options")
struct OptionTests {
    @Test func localeOptionOverridesTheNotebook() throws {
        let vi = try Chiso.run(["run", "notebooks/tour.chiso"])
        let en = try Chiso.run(["run", "notebooks/tour.chiso", "--locale", "en"])
        #expect(vi.stdout.contains("1.290.000"))
        #expect(en.stdout.contains("1,290,000"))
        #expect(en.stdout.contains("97.1%"))
        #expect(vi.stdout.contains("97,1%"))
    }

    @Test func localeOptionChangesDisplayNeverValues() throws {
        // text() writes numbers in the notebook's locale: --locale must not turn a passing
        // check into a failure (repro: hardening/19-locale-flag-changes-checks.chiso).
        let path = try Chiso.notebook("locale vi\nx = text(1.5)\ny = concat(\"tỷ lệ \", 2.25)\ncheck x == \"1,5\"\n")
        for locale in ["vi", "en"] {
            let r = try Chiso.run(["check", path, "--locale", locale])
            #expect(r.status == 0, "--locale \(locale): \(r.stderr)")
            let json = try Chiso.run(["run", path, "--format", "json", "--locale", locale])
            #expect(json.stdout.contains("\"1,5\"") && json.stdout.contains("\"tỷ lệ 2,25\""), "\(json.stdout)")
        }
    }

    @Test func setReplacesACellAndEverythingThatDependsOnIt() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--set", "population=1_135_200", "--set", "dvc.received@2019Q1=58"])
        #expect(r.status == 0)
        // The cell set is marked (`1.135.200*`), what depends on it is not.
        #expect(r.stdout.contains("│ Thuê bao /100 dân   │      100,0 │"))
        #expect(r.stdout.contains("│ Tỷ lệ giải quyết      │ 95,0% │ 100,0% │   97,6% │  96,2% │ 100,0% │ 98,1% │"))
    }
}

@Suite("Output formats, parsed back")
struct FormatTests {
    @Test func jsonParsesAndCarriesValuesAndTexts() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "json"])
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["locale"] as? String == "vi")
        let items = try #require(doc["items"] as? [[String: Any]])
        #expect(items.first?["type"] as? String == "heading")
        let table = try #require(items.first { $0["type"] as? String == "table" })
        #expect(table["name"] as? String == "dvc")
        #expect(table["periods"] as? [String] == ["2018Q1", "2018Q2", "2018Q3", "2018Q4", "2019Q1"])
        #expect(table["totalLabel"] as? String == "Cả kỳ")
        let rows = try #require(table["rows"] as? [[String: Any]])
        let received = try #require(rows.first { $0["name"] as? String == "received" })
        #expect(received["values"] as? [Double] == [20, 35, 41, 52, 60])
        #expect(received["total"] as? Double == 208)
        let rate = try #require(rows.first { $0["name"] as? String == "rate" })
        #expect(rate["texts"] as? [String] == ["95,0%", "100,0%", "97,6%", "96,2%", "96,7%"])
        #expect(rate["format"] as? String == "percent(1)")
        let yoy = try #require(rows.first { $0["name"] as? String == "yoy" })
        #expect((yoy["values"] as? [Any])?.first is NSNull)
    }

    @Test func jsonShowsErrorsAsObjects() throws {
        let path = try Chiso.notebook("x = 1 / 0\n")
        let r = try Chiso.run(["run", path, "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let scalars = try #require((doc["items"] as? [[String: Any]])?.first?["scalars"] as? [[String: Any]])
        #expect(scalars.first?["value"] as? [String: String] == ["error": "#DIV/0!"])
        #expect(scalars.first?["text"] as? String == "#DIV/0!")
    }

    @Test func csvParsesWithARealParser() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "csv"])
        #expect(r.status == 0)
        // In source order: the heading, the first cells, the table (its title, then a
        // header row), the last cells.
        let blocks = r.stdout.components(separatedBy: "\r\n\r\n")
        #expect(blocks.count == 4)
        #expect(blocks[0] == "\"Chiso in five minutes: online public services, Quarter I/2019\"")
        let scalars = try CSV<Named>(string: blocks[1])
        #expect(scalars.header == ["name", "label", "value"])
        #expect(scalars.rows.first?["value"] == "1290000")
        let titled = blocks[2].components(separatedBy: "\r\n")
        #expect(titled.first == "\"Hồ sơ dịch vụ công mức 3, 4\"")
        let table = try CSV<Named>(string: titled.dropFirst().joined(separator: "\r\n"))
        #expect(table.header == ["table", "name", "label", "2018Q1", "2018Q2", "2018Q3", "2018Q4", "2019Q1", "Cả kỳ"])
        let rate = try #require(table.rows.first { $0["name"] == "rate" })
        #expect(rate["2018Q1"] == "0.95")
        #expect(rate["Cả kỳ"] == "0.971153846153846")
        let label = try #require(table.rows.first { $0["name"] == "received" })
        #expect(label["label"] == "Hồ sơ tiếp nhận")
        let yoy = try #require(table.rows.first { $0["name"] == "yoy" })
        #expect(yoy["2018Q1"] == "")
    }

    @Test func csvQuotesCommasAndQuotes() throws {
        let path = try Chiso.notebook("table t \"T\" over 2019..2019 {\n  r \"a, \\\"b\\\"\" = \"x,y\"\n}\n")
        let r = try Chiso.run(["run", path, "--format", "csv"])
        let csv = try CSV<Named>(string: r.stdout.components(separatedBy: "\r\n").dropFirst().joined(separator: "\r\n"))
        #expect(csv.rows.first?["label"] == "a, \"b\"")
        #expect(csv.rows.first?["2019"] == "x,y")
    }

    @Test func csvNeutralisesFormulasFromUntrustedNotebooks() throws {
        let path = try Chiso.notebook("x \"=HYPERLINK(1)\" = \"@SUM(A1)\"\ny = -5\n")
        let r = try Chiso.run(["run", path, "--format", "csv"])
        let csv = try CSV<Named>(string: r.stdout)
        #expect(csv.rows[0]["label"] == "'=HYPERLINK(1)")
        #expect(csv.rows[0]["value"] == "'@SUM(A1)")
        #expect(csv.rows[1]["value"] == "-5", "numbers are not touched")
    }

    @Test func integersAreExactInCSVAndJSON() throws {
        let path = try Chiso.notebook("big = 2^53 - 1\n")
        let csv = try Chiso.run(["run", path, "--format", "csv"])
        #expect(csv.stdout.contains("big,,9007199254740991\r\n"))
        let json = try Chiso.run(["run", path, "--format", "json"])
        #expect(json.stdout.contains("9007199254740991"))
    }

    @Test func markdownHasHeadingsAndAlignedPipeTables() throws {
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "md"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("## Chiso in five minutes"))
        #expect(
            r.stdout.contains(
                "|  | Quý I/2018 | Quý II/2018 | Quý III/2018 | Quý IV/2018 | Quý I/2019 | Cả kỳ |\n|---|--:|--:|--:|--:|--:|--:|\n"))
        #expect(r.stdout.contains("| Tỷ lệ giải quyết | 95,0% | 100,0% | 97,6% | 96,2% | 96,7% | 97,1% |"))
    }
}

@Suite("Documentation examples")
struct DocumentationTests {
    struct Example {
        var file: String
        var command: [String]
        var output: String
        var exitCode: Int32?
    }

    /// Each ```console block of a Markdown file that starts with `$ chiso …`, with the
    /// output shown under it and, when the block ends with `$ echo $?`, the exit code.
    static func examples(in file: String) -> [Example] {
        guard let text = try? String(contentsOf: Repository.root.appendingPathComponent(file), encoding: .utf8) else { return [] }
        var out: [Example] = []
        for block in text.components(separatedBy: "```console\n").dropFirst() {
            guard let end = block.range(of: "\n```") else { continue }
            var lines = block[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let first = lines.first, first.hasPrefix("$ chiso ") else { continue }
            var exitCode: Int32?
            if lines.count >= 2, lines[lines.count - 2] == "$ echo $?", let code = Int32(lines[lines.count - 1]) {
                exitCode = code
                lines.removeLast(2)
            }
            let arguments = Chiso.words(String(first.dropFirst("$ chiso ".count)))
            out.append(Example(file: file, command: arguments, output: lines.dropFirst().joined(separator: "\n"), exitCode: exitCode))
        }
        return out
    }

    @Test("every console example shows real output", arguments: ["README.md", "docs/language.md", "docs/huong-dan.md"])
    func examplesAreReal(_ file: String) throws {
        let examples = Self.examples(in: file)
        #expect(examples.count >= 3)
        for e in examples {
            let r = try Chiso.run(e.command)
            // CSV lines end in CRLF (RFC 4180); the documents show them as plain lines.
            let actual = (r.stdout + r.stderr).replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
            #expect(actual == e.output, "\(file): `chiso \(e.command.joined(separator: " "))` is out of date")
            if let code = e.exitCode { #expect(r.status == code, "\(file): `chiso \(e.command.joined(separator: " "))` exits \(r.status)") }
        }
    }

    @Test func theREADMENamesTheCommandsCIRuns() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: Repository.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        for command in ["swift run chiso run notebooks/tour.chiso", "swift test"] {
            #expect(readme.contains(command))
            #expect(ci.contains(command))
        }
    }
}
