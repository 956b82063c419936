// `:save` keeps the loaded notebook's text: a load → edit → save round trip differs from
// the file by exactly the edited lines; a redefinition keeps its label, format and
// alignment; a deleted definition goes with its line; the old file stays as FILE~; saved
// elsewhere, relative `use` paths still name the same files.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoREPL

@Suite("Lossless :save")
struct SaveTests {
    /// A copy of notebooks/tour.chiso in a scratch folder.
    static func tour() throws -> (folder: URL, path: String, text: String) {
        let dir = try Chiso.temporaryFolder()
        let text = try String(contentsOf: Repository.root.appendingPathComponent("notebooks/tour.chiso"), encoding: .utf8)
        let path = dir.appendingPathComponent("tour.chiso").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path, text)
    }

    /// The lines of `a` and `b` that differ, by line number (same line count expected).
    static func changedLines(_ a: String, _ b: String) -> [Int] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        return (0..<max(x.count, y.count)).filter { $0 >= x.count || $0 >= y.count || x[$0] != y[$0] }.map { $0 + 1 }
    }

    @Test func loadEditSaveChangesExactlyTheEditedLine() throws {
        let (dir, path, original) = try Self.tour()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = Harness(":load \(path)\npopulation = 1_300_000\n:save")
        #expect(h.run() == 0, "\(h.err)")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Self.changedLines(original, saved) == [8])
        #expect(saved.contains("population  \"Dân số\"              = 1_300_000\n"), "label and alignment kept")
        #expect(try String(contentsOfFile: path + "~", encoding: .utf8) == original, "the previous version is kept")
        #expect(h.out.contains("saved \(path) (1 changed since loaded); the old one is \(path)~"))
        #expect(!h.repl.session.unsaved)
    }

    @Test func aRowInItsBlockIsReplacedInPlaceKeepingItsFormat() throws {
        let (dir, path, original) = try Self.tour()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = Harness(":load \(path)\ndvc.rate = on_time / received\n:save")
        #expect(h.run() == 0, "\(h.err)")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Self.changedLines(original, saved) == [20])
        #expect(saved.contains("  rate     \"Tỷ lệ giải quyết\"      = on_time / received    as percent(1)\n"))
        // The format is kept in the session too, not only in the file.
        #expect(h.out.contains("%"))
    }

    @Test func newLabelsAndFormatsReplaceTheOldOnes() throws {
        let s = Session()
        _ = s.submit("x \"Old\" = 0.5 as percent")
        _ = s.submit("x = 0.25")
        #expect(s.show("x")?.definition == "x \"Old\" = 0.25 as percent")
        _ = s.submit("x \"New\" = 0.75 as number(2)")
        #expect(s.show("x")?.definition == "x \"New\" = 0.75 as number(2)")
    }

    @Test func deletedGoesWithItsLineAndNewOnesAreAppended() throws {
        let (dir, path, original) = try Self.tour()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = Harness(":load \(path)\n:del empty_rate\nextra = 1\n:save")
        #expect(h.run() == 0, "\(h.err)")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let line = "empty_rate \"Tỷ lệ khi chưa có hồ sơ\" = safe_rate(0, 0)\n"
        #expect(original.contains(line))
        #expect(saved == original.replacingOccurrences(of: line, with: "") + "extra = 1\n")
        #expect(h.out.contains("(1 added, 1 removed since loaded)"))
    }

    @Test func savedInAnotherFolderItsUsePathsStillNameTheSameFiles() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try "".write(to: dir.appendingPathComponent("chiso.root"), atomically: true, encoding: .utf8)
        try "y = 2\n".write(to: dir.appendingPathComponent("a/lib.chiso"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("a/main.chiso").path
        try "use \"lib.chiso\" as lib  # the library\nx = lib.y * 3\n".write(toFile: main, atomically: true, encoding: .utf8)
        let target = dir.appendingPathComponent("a/b/copy.chiso").path
        let h = Harness(":load \(main)\n:save \(target)")
        #expect(h.run() == 0, "\(h.err)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "use \"../lib.chiso\" as lib  # the library\nx = lib.y * 3\n")
        #expect(h.out.contains("(1 path rewritten for its folder since loaded)"))
        let run = try Chiso.run(["run", target], input: "", scratch: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("│ 6 │"))
    }

    @Test func anImportedCellEditedIsSavedOnItsUseLineOnly() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let from = Repository.root.appendingPathComponent("Tests/ChisoREPLTests/Sessions/notebooks/imports")
        let imported = try String(contentsOf: from.appendingPathComponent("so.chiso"), encoding: .utf8)
        let original = try String(contentsOf: from.appendingPathComponent("tinh.chiso"), encoding: .utf8)
        try imported.write(to: dir.appendingPathComponent("so.chiso"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tinh.chiso").path
        try original.write(toFile: path, atomically: true, encoding: .utf8)

        // A `use` without `with`: the block is made on its line.
        var h = Harness(":load \(path)\nso.population = 1_300_000\n:save")
        #expect(h.run() == 0, "\(h.err)")
        var saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Self.changedLines(original, saved) == [2])
        #expect(saved.contains("\nuse \"so.chiso\" as so with { population = 1_300_000 }\n"))
        #expect(h.out.contains("saved \(path) (1 changed since loaded)"))
        #expect(
            try String(contentsOf: dir.appendingPathComponent("so.chiso"), encoding: .utf8) == imported,
            "the imported file is never written")

        // A replacement of the same target is replaced in place; another one joins the block.
        let before = saved
        h = Harness(":load \(path)\nso.population = 1_400_000\nmau.population = 2_000\nmau.dvc.received@2019Q2 = 1\n:save")
        #expect(h.run() == 0, "\(h.err)")
        saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            saved
                == before.replacingOccurrences(of: "population = 1_300_000", with: "population = 1_400_000")
                .replacingOccurrences(of: "  population = 1_000_000\n", with: "  population = 2_000\n  dvc.received@2019Q2 = 1\n"))

        // The saved notebook runs with the edits: (60 + 48) / 1,400,000 × 100,000 = 7.71.
        let run = try Chiso.run(["run", path], input: "", scratch: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("│ Trên 100.000 dân   │  7.71 │"))
    }

    @Test func leavingATerminalWithUnsavedChangesAsksOnce() {
        let h = Harness([.line("x = 1"), .line(":quit"), .line("y = 2"), .line(":quit"), .line("z = 3")], interactive: true)
        h.run()
        #expect(h.out.contains("There are unsaved changes: :save FILE keeps them; leave again (:quit or Ctrl-D) to drop them."))
        #expect(h.out.contains("y = 2"), "the first :quit did not leave")
        #expect(!h.out.contains("│ z │"), "the second did")
        // A script is never asked.
        let script = Harness([.line("x = 1"), .line(":quit"), .line("y = 2")])
        script.run()
        #expect(!script.out.contains("unsaved"))
        #expect(!script.out.contains("│ y │"))
    }
}
