// `chiso run --format xlsx` and `--output`: where the workbook goes, what is refused,
// and the workbook read back by `chiso run` itself.

import ChisoTestSupport
import Foundation
import Testing

@Suite("xlsx output")
struct XLSXTests {
    @Test func writesTheWorkbookToTheOutputFile() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.xlsx")
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "xlsx", "--output", out.path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let bytes = try [UInt8](Data(contentsOf: out))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func dashWritesToAPipe() throws {
        let process = Process()
        process.executableURL = Chiso.binary
        process.arguments = ["run", "notebooks/tour.chiso", "--format", "xlsx", "--output", "-"]
        process.currentDirectoryURL = Repository.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let bytes = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        // The same bytes as written to a file: the workbook does not depend on the clock.
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.xlsx")
        _ = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "xlsx", "--output", out.path])
        #expect(try [UInt8](Data(contentsOf: out)) == bytes)
    }

    // `script` gives the command a pseudo-terminal for its output.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs /usr/bin/script for a pseudo-terminal"))
    func refusedOnATerminal() throws {
        for extra in [[], ["--output", "-"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = ([Chiso.binary.path, "run", "notebooks/tour.chiso", "--format", "xlsx"] + extra).joined(separator: " ")
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = Repository.root
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 64)
            #expect(text.contains("--format xlsx writes a binary workbook, not text for the terminal: add --output report.xlsx"))
            #expect(!text.contains("PK\u{3}\u{4}"))
        }
    }

    @Test func outputForTextFormatsAndUnwritableFiles() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.csv")
        let r = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "csv", "--output", out.path])
        #expect(r.status == 0)
        let direct = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "csv"])
        #expect(try String(contentsOf: out, encoding: .utf8) == direct.stdout)
        let bad = try Chiso.run(["run", "notebooks/tour.chiso", "--format", "xlsx", "--output", dir.path + "/no/such/folder/r.xlsx"])
        #expect(bad.status == 66)
        #expect(bad.stderr.contains("error: cannot write '\(dir.path)/no/such/folder/r.xlsx': no such file or directory"))
    }

    @Test func theWorkbookReadsBack() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = """
            locale vi
            ## Hồ sơ
            table dvc "Hồ sơ DVC" over 2018Q4..2019Q1 with total {
              received "Tiếp nhận" = 1_131, 1_636
              resolved "Giải quyết" = 1_100, 1_600
              rate "Tỷ lệ" = resolved / received as percent(1)
            }
            """
        try source.write(to: dir.appendingPathComponent("a.chiso"), atomically: true, encoding: .utf8)
        let written = try Chiso.run([
            "run", dir.appendingPathComponent("a.chiso").path, "--format", "xlsx", "--output", dir.appendingPathComponent("a.xlsx").path,
        ])
        #expect(written.status == 0)
        try "locale vi\ntable dvc over 2018Q4..2019Q1 from \"a.xlsx\" {\n}\n".write(
            to: dir.appendingPathComponent("b.chiso"), atomically: true, encoding: .utf8)
        let back = try Chiso.run(["run", dir.appendingPathComponent("b.chiso").path, "--format", "csv"])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try Chiso.run(["run", dir.appendingPathComponent("a.chiso").path, "--format", "csv"])
        // The same rows, labels and figures (the total column is not data: it is left out).
        let rows = { (s: String) in s.split(separator: "\r\n").filter { $0.hasPrefix("dvc,") }.map { $0.split(separator: ",").prefix(5) } }
        #expect(rows(back.stdout) == rows(original.stdout))
    }
}
