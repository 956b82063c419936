// Files that are not what they seem: FIFOs and devices are refused without waiting,
// saving keeps links, permissions and the umask, and a failed save or an output that
// cannot be written leaves nothing behind and crashes nothing.

import ChisoTestSupport
import Foundation
import Testing

/// A fresh temporary folder (its real path), removed by the caller.
func scratchFolder() throws -> String {
    try Chiso.temporaryFolder().path
}

func writeFile(_ text: String, _ path: String, mode: Int? = nil) throws {
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path) }
}

private func mode(_ path: String) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

private func type(_ path: String) throws -> FileAttributeType? {
    // Of the link itself, not of what it points to.
    try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
}

func makeFIFO(_ path: String) throws {
    guard mkfifo(path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
}

/// Runs `chiso ARGS` in `folder` with `input` on standard input and no history file;
/// `prelude` is shell code run first (umask, ulimit). A run still going after `timeout`
/// seconds is killed and reported. Its stderr is a pipe when `stderrPipe` (a file size
/// limit does not apply to pipes).
func runChiso(
    _ arguments: [String], in folder: String, input: String = "", prelude: String = "", stderrPipe: Bool = false,
    timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Chiso.Output {
    try Chiso.run(
        arguments, in: URL(fileURLWithPath: folder), input: input, environment: ["CHISO_HISTORY": ""],
        prelude: prelude, stderrPipe: stderrPipe, timeout: timeout, sourceLocation: sourceLocation)
}

@Suite("Files that are not regular files")
struct NonRegularFileTests {
    @Test func aFIFOIsRefusedWithoutWaitingWhereverItIsRead() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try makeFIFO(dir + "/dept.chiso")
        try makeFIFO(dir + "/data.csv")
        try writeFile("use \"dept.chiso\" as d\nx = 1\n", dir + "/summary.chiso")
        try writeFile("table t over 2019..2019 from \"data.csv\" {\n}\ny = 2\n", dir + "/csv.chiso")
        let fifo = "it is a named pipe (FIFO), not a regular file"

        let use = try runChiso(["run", "summary.chiso"], in: dir, timeout: 10)
        #expect(use.status == 65)
        #expect(use.stderr.hasPrefix("summary.chiso:1:5: error: cannot read 'dept.chiso': \(fifo)\n"), "\(use.stderr)")
        #expect(use.stdout.contains("│ x │ 1 │"), "the rest of the notebook still runs")

        let csv = try runChiso(["run", "csv.chiso"], in: dir, timeout: 10)
        #expect(csv.status == 65)
        #expect(csv.stderr.hasPrefix("csv.chiso:1:30: error: cannot read 'data.csv': \(fifo)\n"), "\(csv.stderr)")

        for command in ["run", "check", "fmt"] {
            let r = try runChiso([command, "dept.chiso"], in: dir, timeout: 10)
            #expect(r.status == 66, "\(command)")
            #expect(r.stderr == "error: cannot read 'dept.chiso': \(fifo)\n", "\(command)")
        }
        let start = try runChiso(["repl", "dept.chiso"], in: dir, timeout: 10)
        #expect(start.status == 66)
        let load = try runChiso(["repl"], in: dir, input: ":load dept.chiso\nz = 3\n", timeout: 10)
        #expect(load.status == 65)
        #expect(load.stderr.contains("cannot read 'dept.chiso': \(fifo)"), "\(load.stderr)")
        #expect(load.stdout.contains("z = 3\n"), "the session goes on")
    }

    @Test func aDeviceIsRefusedAndNeverRead() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // /dev/zero never ends: read, it would fill memory up to the size limit.
        let fmt = try runChiso(["fmt", "/dev/zero"], in: dir, timeout: 10)
        #expect(fmt.status == 66)
        #expect(fmt.stderr == "error: cannot read '/dev/zero': it is a device, not a regular file\n")
        // Imported from under an explicit root that holds it.
        try writeFile("use \"\(String(repeating: "../", count: 12))dev/zero\" as z\nx = 1\n", dir + "/t.chiso")
        let use = try runChiso(["run", "--root", "/", "t.chiso"], in: dir, timeout: 10)
        #expect(use.status == 65)
        #expect(use.stderr.contains("error: cannot read '/dev/zero': it is a device, not a regular file"), "\(use.stderr)")
    }
}

@Suite("Saving a notebook")
struct SavingTests {
    @Test func fmtWriteGoesThroughALinkAndKeepsTheMode() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("a=1\n", dir + "/real.chiso", mode: 0o600)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.chiso", withDestinationPath: "real.chiso")
        let r = try runChiso(["fmt", "--write", "link.chiso"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try type(dir + "/link.chiso") == .typeSymbolicLink)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.chiso") == "real.chiso")
        #expect(try String(contentsOfFile: dir + "/real.chiso", encoding: .utf8) == "a = 1\n")
        #expect(try mode(dir + "/real.chiso") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.chiso", "real.chiso"])
    }

    @Test func saveGoesThroughALinkAndKeepsAPrivateNotebookPrivate() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("orig = 1\n", dir + "/target.chiso")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.chiso", withDestinationPath: "target.chiso")
        try writeFile("secret = 1\n", dir + "/private.chiso", mode: 0o600)
        let r = try runChiso(["repl"], in: dir, input: "x = 5\n:save link.chiso\n:save private.chiso\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try type(dir + "/link.chiso") == .typeSymbolicLink)
        #expect(try String(contentsOfFile: dir + "/target.chiso", encoding: .utf8) == "x = 5\n")
        #expect(try mode(dir + "/private.chiso") == 0o600)
        #expect(try String(contentsOfFile: dir + "/private.chiso", encoding: .utf8) == "x = 5\n")
    }

    @Test(arguments: [("077", 0o600), ("022", 0o644), ("002", 0o664)])
    func aNewNotebookGetsTheModeTheUmaskGives(_ umask: String, _ expected: Int) throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runChiso(["repl"], in: dir, input: "z = 3\n:save new.chiso\n", prelude: "umask \(umask)")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try mode(dir + "/new.chiso") == expected)
    }

    @Test func whatIsNotARegularFileIsNotReplaced() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try makeFIFO(dir + "/pipe.chiso")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.chiso", withDestinationPath: "nowhere.chiso")
        try FileManager.default.createDirectory(atPath: dir + "/folder.chiso", withIntermediateDirectories: false)
        let r = try runChiso(
            ["repl"], in: dir, input: "x = 1\n:save pipe.chiso\n:save dangling.chiso\n:save folder.chiso\n:save /dev/null\n", timeout: 10)
        #expect(r.status == 65)
        #expect(
            r.stderr == """
                <stdin>:2:1: error: cannot save to 'pipe.chiso': it is a named pipe (FIFO), not a regular file
                  2 | :save pipe.chiso
                    | ^^^^^^^^^^^^^^^^
                <stdin>:3:1: error: cannot save to 'dangling.chiso': it is a link to a file that does not exist
                  3 | :save dangling.chiso
                    | ^^^^^^^^^^^^^^^^^^^^
                <stdin>:4:1: error: cannot save to 'folder.chiso': it is a folder, not a notebook
                  4 | :save folder.chiso
                    | ^^^^^^^^^^^^^^^^^^
                <stdin>:5:1: error: cannot save to '/dev/null': it is a device, not a regular file
                  5 | :save /dev/null
                    | ^^^^^^^^^^^^^^^

                """)
        #expect(try type(dir + "/pipe.chiso") != .typeRegular, "the FIFO is still there")
        #expect(try type(dir + "/dangling.chiso") == .typeSymbolicLink)
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere.chiso"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["dangling.chiso", "folder.chiso", "pipe.chiso"])
    }

    @Test func aFailedWriteLeavesTheFileAsItWasAndNoTemporaryFile() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("a=1\n", dir + "/x.chiso", mode: 0o640)
        // No file may grow past 0 bytes (and the signal that would say so is ignored): every write fails.
        let r = try runChiso(["fmt", "--write", "x.chiso"], in: dir, prelude: "trap '' XFSZ; ulimit -f 0", stderrPipe: true)
        #expect(r.status == 66)
        #expect(r.stderr == "error: cannot write 'x.chiso': file too large\n")
        #expect(try String(contentsOfFile: dir + "/x.chiso", encoding: .utf8) == "a=1\n")
        #expect(try mode(dir + "/x.chiso") == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["x.chiso"])
    }

    @Test func outputThatCannotBeWrittenIsAnErrorNotACrash() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("x = 1\n", dir + "/t.chiso")
        let r = try runChiso(["run", "t.chiso"], in: dir, prelude: "trap '' XFSZ; ulimit -f 0", stderrPipe: true)
        #expect(r.status == 66)
        #expect(r.stderr == "error: cannot write the output: file too large\n")
        let repl = try runChiso(["repl", "t.chiso"], in: dir, input: "y = 2\n", prelude: "trap '' XFSZ; ulimit -f 0", stderrPipe: true)
        #expect(repl.status == 0, "the REPL goes on without its output: \(repl.stderr)")
    }
}
