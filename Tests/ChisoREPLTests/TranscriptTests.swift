// Scripted sessions against golden transcripts. Each `Sessions/NAME.in` is what a user
// types; the real binary reads it as standard input (no terminal: no prompts) and must
// print exactly `NAME.out` on stdout and `NAME.err` on stderr (absent when empty).
//
// Comment lines in a `.in` file are Chiso comments (the REPL ignores them) that also tell
// the test how to run it:
//   # args: notebooks/tour.chiso --locale vi    command-line arguments after `chiso repl`
//   # expect exit: 65                           the exit code (0 when not given)
//   # env: COLUMNS=80                           environment variables (space-separated)
// `$TMP` stands for a fresh temporary folder; a session that saves `$TMP/saved.chiso`
// also has `chiso run` of that file checked against `NAME.saved.out`.
//
// `RECORD=1 swift test --filter TranscriptTests` rewrites the golden files and fails, so
// every recording is reviewed before it is committed.

import ChisoTestSupport
import Foundation
import Testing

struct Transcript: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }

    static let folder = Repository.root.appendingPathComponent("Tests/ChisoREPLTests/Sessions")

    static let all: [Transcript] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".in") }.sorted().map { Transcript(name: String($0.dropLast(3))) }
    }()

    func url(_ ext: String) -> URL { Self.folder.appendingPathComponent("\(name).\(ext)") }

    /// The value of a `# key: value` line of the input.
    static func directive(_ key: String, in input: String) -> String? {
        for line in input.split(separator: "\n") where line.hasPrefix("# \(key):") {
            return line.dropFirst("# \(key):".count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

@Suite("REPL transcripts")
struct TranscriptTests {
    @Test("a scripted session prints exactly its transcript", arguments: Transcript.all)
    func transcript(_ t: Transcript) throws {
        let scratch = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let typed = try String(contentsOf: t.url("in"), encoding: .utf8)
        let arguments = ["repl"] + (Transcript.directive("args", in: typed)?.split(separator: " ").map(String.init) ?? [])
        let expectedStatus = Int32(Transcript.directive("expect exit", in: typed) ?? "0") ?? 0

        var environment: [String: String] = [:]
        for pair in (Transcript.directive("env", in: typed) ?? "").split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { environment[parts[0]] = parts[1] }
        }
        let r = try Chiso.run(
            arguments, input: typed.replacingOccurrences(of: "$TMP", with: scratch.path), scratch: scratch, environment: environment)
        let out = r.stdout.replacingOccurrences(of: scratch.path, with: "$TMP")
        let err = r.stderr.replacingOccurrences(of: scratch.path, with: "$TMP")

        // What `chiso run` prints for the notebook the session saved, if it saved one.
        let saved = scratch.appendingPathComponent("saved.chiso")
        var savedRun: String?
        if FileManager.default.fileExists(atPath: saved.path) {
            let run = try Chiso.run(["run", saved.path], input: "", scratch: scratch)
            #expect(run.status == 0, "chiso run of the notebook saved by \(t.name): \(run.stderr)")
            // The notes under a table name the saved file's line; the folder is a new one each run.
            savedRun = run.stdout.replacingOccurrences(of: scratch.path, with: "$TMP")
        }

        try Golden.check(
            t.name,
            [
                .required(out, t.url("out"), "stdout of \(t.name).in differs from \(t.name).out"),
                .absentWhenEmpty(err, t.url("err"), "stderr of \(t.name).in differs from \(t.name).err"),
                .absentWhenEmpty(
                    savedRun ?? "", t.url("saved.out"), "chiso run of the notebook \(t.name) saved differs from \(t.name).saved.out"),
            ])
        #expect(r.status == expectedStatus, "\(t.name) exited \(r.status)")
    }

    @Test("every session has its transcript")
    func everySessionHasATranscript() {
        #expect(Transcript.all.count >= 5)
        for t in Transcript.all {
            #expect(FileManager.default.fileExists(atPath: t.url("out").path), "\(t.name).in has no .out")
        }
    }
}
