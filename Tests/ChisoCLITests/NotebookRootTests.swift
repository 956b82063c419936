// The notebook root does not depend on where Chiso is run from: it is the notebook's own
// folder, or the nearest folder above it holding a `chiso.root` file, or `--root DIR`.
// A file that does not parse as a notebook is never shown.

import Foundation
import Testing

@Suite("The notebook root")
struct NotebookRootTests {
    @Test func runFromTheTopFolderANotebookStillReadsOnlyItsOwnFolder() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("use \"\(String(repeating: "../", count: 12))etc/passwd\" as p\nx = 1\n", dir + "/t.chiso")
        let relative = String(dir.dropFirst())
        let r = try runChiso(["run", relative + "/t.chiso"], in: "/")
        #expect(r.status == 65)
        #expect(
            r.stderr.hasPrefix(
                "\(relative)/t.chiso:1:5: error: '\(String(repeating: "../", count: 12))etc/passwd' leaves the notebook root (\(dir))\n"),
            "\(r.stderr)")
        #expect(!r.stderr.contains("root:"), "no line of the file is shown")
    }

    @Test func filesAreNamedRelativeToTheTopFolderWithoutLosingACharacter() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("k = nope\n", dir + "/lib.chiso")
        try writeFile("use \"lib.chiso\" as lib\nx = lib.k\n", dir + "/t.chiso")
        let relative = String(dir.dropFirst())
        let r = try runChiso(["run", relative + "/t.chiso"], in: "/")
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("\(relative)/lib.chiso:1:5: error: unknown name 'nope'\n"), "\(r.stderr)")
    }

    @Test func aFileThatIsNotANotebookIsNeverEchoed() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("token: s3cr3t-value\n", dir + "/key.txt")
        try writeFile("use \"key.txt\" as k\nx = 1\n", dir + "/t.chiso")
        let r = try runChiso(["run", "t.chiso"], in: dir)
        #expect(r.status == 65)
        #expect(
            r.stderr == """
                t.chiso:1:5: error: 'key.txt' does not parse as a notebook: 2 syntax errors, the first at line 1, column 6
                  1 | use "key.txt" as k
                    |     ^^^^^^^^^ it is not imported, and its lines are not shown here; run `chiso check key.txt` to see them

                """)
    }

    @Test func aChisoRootFileLetsTheNotebooksOfACollectionImportEachOther() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/shared", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/dept", withIntermediateDirectories: true)
        try writeFile("k = 5\n", dir + "/shared/lib.chiso")
        try writeFile("use \"../shared/lib.chiso\" as lib\nx = lib.k\n", dir + "/dept/report.chiso")
        // Run from the collection's folder: without a marker, still only dept/.
        let without = try runChiso(["run", "dept/report.chiso"], in: dir)
        #expect(without.status == 65)
        #expect(without.stderr.contains("'../shared/lib.chiso' leaves the notebook root (\(dir)/dept)"), "\(without.stderr)")
        try writeFile("", dir + "/chiso.root")
        for folder in [dir, "/", dir + "/dept"] {
            let path = folder == "/" ? String(dir.dropFirst()) + "/dept/report.chiso" : folder == dir ? "dept/report.chiso" : "report.chiso"
            let r = try runChiso(["run", path], in: folder)
            #expect(r.status == 0, "from \(folder): \(r.stderr)")
            #expect(r.stdout.contains("│ x │ 5 │"))
        }
    }

    @Test(arguments: [["run"], ["check"], ["repl"]])
    func rootMustBeAnExistingFolder(_ command: [String]) throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("x = 1\n", dir + "/t.chiso")
        let file = try runChiso(command + ["t.chiso", "--root", "t.chiso"], in: dir)
        #expect(file.status == 64)
        #expect(file.stderr.hasPrefix("Error: --root takes a folder; 't.chiso' is not one\n"), "\(file.stderr)")
        let missing = try runChiso(command + ["t.chiso", "--root", "nowhere"], in: dir)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: --root: there is no folder 'nowhere'\n"), "\(missing.stderr)")
        #expect(try runChiso(command + ["t.chiso", "--root", "."], in: dir).status == 0)
    }

    @Test func replRootWidensWhatLoadedNotebooksMayImport() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/shared", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/dept", withIntermediateDirectories: true)
        try writeFile("k = 5\n", dir + "/shared/lib.chiso")
        try writeFile("use \"../shared/lib.chiso\" as lib\nx = lib.k\n", dir + "/dept/report.chiso")
        let narrow = try runChiso(["repl", "dept/report.chiso"], in: dir, input: "x\n")
        #expect(narrow.status == 65)
        #expect(narrow.stderr.contains("leaves the notebook root (\(dir)/dept)"), "\(narrow.stderr)")
        let wide = try runChiso(["repl", "dept/report.chiso", "--root", "."], in: dir, input: "x\n")
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout.hasSuffix("x = 5\n"), "\(wide.stdout)")
    }
}
