// `chiso fmt FILE [--write|--check]` as a user runs it: what it prints, what it writes,
// and its exit codes.

import ChisoTestSupport
import Foundation
import Testing

private let messy = "x   =  1+2\ny \"Nhãn\" = x*2   # chú thích\n"
private let tidy = "x        = 1 + 2\ny \"Nhãn\" = x * 2  # chú thích\n"

private func contents(_ path: String) throws -> String {
    try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
}

private func modificationDate(_ path: String) throws -> Date? {
    try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
}

@Suite("chiso fmt")
struct FmtTests {
    @Test func printsTheCanonicalLayout() throws {
        let path = try Chiso.notebook(messy)
        let r = try Chiso.run(["fmt", path])
        #expect(r.status == 0)
        #expect(r.stdout == tidy)
        #expect(r.stderr == "")
        #expect(try contents(path) == messy, "without --write the file is not touched")
    }

    @Test func checkPassesSilentlyOnAFormattedFile() throws {
        let path = try Chiso.notebook(tidy)
        let r = try Chiso.run(["fmt", path, "--check"])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        #expect(r.stderr == "")
    }

    @Test func checkFailsOnAnUnformattedFileAndShowsTheChange() throws {
        let path = try Chiso.notebook(messy)
        let r = try Chiso.run(["fmt", "--check", path])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("\(path): not in canonical layout"))
        #expect(r.stdout.contains("-x   =  1+2\n"))
        #expect(r.stdout.contains("+x        = 1 + 2\n"))
        #expect(try contents(path) == messy, "--check never writes")
    }

    @Test func writeRewritesAtomicallyAndThenCheckPasses() throws {
        let path = try Chiso.notebook(messy)
        let r = try Chiso.run(["fmt", "--write", path])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        #expect(r.stderr == "")
        #expect(try contents(path) == tidy)
        // Written through a temporary file renamed over the notebook: nothing is left behind.
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.chiso"])
        #expect(try Chiso.run(["fmt", "--check", path]).status == 0)
    }

    @Test func writeLeavesACanonicalFileUntouched() throws {
        let path = try Chiso.notebook(tidy)
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: path)
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let r = try Chiso.run(["fmt", "--write", path])
        #expect(r.status == 0)
        #expect(try modificationDate(path) == past)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
    }

    @Test func aNotebookThatDoesNotParseIsReportedAndNotWritten() throws {
        let text = "a = 1\nb = 3 +* 4\n"
        let path = try Chiso.notebook(text)
        for arguments in [["fmt", path], ["fmt", "--write", path], ["fmt", "--check", path]] {
            let r = try Chiso.run(arguments)
            #expect(r.status == 65)
            #expect(r.stdout == "")
            #expect(r.stderr.contains("t.chiso:2:8: error: expected a value, found '*'"))
            #expect(r.stderr.contains("  2 | b = 3 +* 4"))
        }
        #expect(try contents(path) == text)
    }

    @Test(arguments: [
        ["fmt"],
        ["fmt", "notebooks/tour.chiso", "--write", "--check"],
        ["fmt", "notebooks/tour.chiso", "--diff"],
    ])
    func badCommandLinesExitSixtyFour(_ arguments: [String]) throws {
        let r = try Chiso.run(arguments)
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(!r.stderr.isEmpty)
    }

    @Test func theRepositorysNotebooksAreCanonical() throws {
        for path in ["notebooks/tour.chiso", "notebooks/tra-vinh-cchc-2011-2020.chiso"] {
            let r = try Chiso.run(["fmt", "--check", path])
            #expect(r.status == 0, "\(path): \(r.stdout)")
        }
    }
}
