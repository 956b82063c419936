// Pinned imports: `chiso pin --write` writes the pins and nothing else; a pinned import
// runs while it is unchanged, refuses when it (or what it imports) changes, and runs
// again once the pins are refreshed.

import ChisoTestSupport
import Foundation
import Testing

@Suite("Pinned imports")
struct PinTests {
    @Test func pinWriteRoundTrip() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func read(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        try write("mau.chiso", "x = 1\n")
        try write("dept.chiso", "use \"mau.chiso\" as mau\ny = mau.x + 1\n")
        let summary = "# tổng hợp\nuse \"dept.chiso\" as d   # sở\r\nz = d.y * 2\n"
        try write("sum.chiso", summary)
        let sum = dir.appendingPathComponent("sum.chiso").path

        let written = try Chiso.run(["pin", sum, "--write"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout == "\(sum): wrote 1 pin\n")
        let pinned = try read("sum.chiso")
        // Only the pin is new: every other byte (the comment, the CRLF) is as it was.
        let pin = try #require(pinned.firstRange(of: #/ pinned "sha256:[0-9a-f]{64}"/#))
        var unpinned = pinned
        unpinned.removeSubrange(pin)
        #expect(unpinned == summary)
        #expect(pinned.contains("use \"dept.chiso\" as d pinned \"sha256:"))
        #expect(try Chiso.run(["run", sum]).status == 0)
        // Writing again changes nothing.
        #expect(try Chiso.run(["pin", sum, "--write"]).stdout == "\(sum): every pin is up to date\n")
        #expect(try read("sum.chiso") == pinned)

        // The department's template changes: the summary's pin covers it, so the summary stops.
        try write("mau.chiso", "x = 2\n")
        let stale = try Chiso.run(["run", sum])
        #expect(stale.status == 65)
        #expect(stale.stderr.contains("(or a file it imports or reads) changed since it was pinned: pinned sha256:"))
        #expect(stale.stderr.contains("refresh the pins with `chiso pin \(sum) --write`"))

        // Refreshed, it runs with the new figure.
        #expect(try Chiso.run(["pin", sum, "--write"]).status == 0)
        let again = try Chiso.run(["run", sum])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("│ z │ 6 │"))
    }

    @Test func aDataFilePinIsItsPlainSHA256() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name,2022\na,5\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("t.chiso").path
        try "table t over 2022..2022 from \"d.csv\" {\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Chiso.run(["pin", path])
        // sha256sum of "name,2022\na,5\n"
        #expect(r.stdout == "line 1: from \"d.csv\" pinned \"sha256:63cad3135e5991dcaedf2a5929d577d6cd38c355fd6b3a4aed641cab104334d0\"\n")
        try "name,2022\na,6\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try
            "table t over 2022..2022 from \"d.csv\" pinned \"sha256:63cad3135e5991dcaedf2a5929d577d6cd38c355fd6b3a4aed641cab104334d0\" {\n}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let stale = try Chiso.run(["check", path])
        #expect(stale.status == 65)
        #expect(stale.stderr.contains("/d.csv' changed since it was pinned: pinned sha256:63cad313"))
    }

    @Test func aPinThatIsNotAHash() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x = 1\n".write(to: dir.appendingPathComponent("a.chiso"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("b.chiso").path
        try "use \"a.chiso\" as a pinned \"md5:1234\"\ny = a.x\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Chiso.run(["check", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("'md5:1234' is not a pin"))
        let missing = try Chiso.run(["check", try Chiso.notebook("use \"a.chiso\" as a pinned\n")])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("expected the pinned hash in quotes after 'pinned'"))
    }
}
