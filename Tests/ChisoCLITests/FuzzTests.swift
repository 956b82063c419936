// The deterministic fuzzer (`chiso-fuzz`, docs/fuzzing.md) as `swift test` runs it: the
// seed corpus and the regression fixtures replayed, the known issues' reproducers, a
// bounded run of mutated inputs, and the fuzzer's own ability to report a failure, a
// hang, a crash and a blow-up. Every failing input is saved under .build/fuzz/ and named
// in the test's message with the command that checks it again.

import ChisoTestSupport
import Foundation
import Testing

/// Runs the built `chiso-fuzz` (beside `chiso`) from the package root.
enum Fuzzer {
    static let binary = Chiso.binary.deletingLastPathComponent().appendingPathComponent("chiso-fuzz")

    /// A failing input as the fuzzer reports it.
    struct Finding: CustomStringConvertible {
        var kind: String
        var title: String
        var what: [String]
        var input: String
        var description: String { "\(kind) \(title)\n  \(what.joined(separator: "\n  "))\n  input: \(input)" }
    }

    struct Outcome {
        var status: Int32
        var output: String
        var findings: [Finding]
        /// Known issue -> inputs skipped.
        var skipped: [String: Int]
        /// The last line: `done: …`.
        var done: String?
    }

    /// Runs the fuzzer with `arguments`, its findings saved in .build/fuzz/<out>.
    static func run(_ arguments: [String], out: String) throws -> Outcome {
        let folder = Repository.root.appendingPathComponent(".build/fuzz/\(out)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--out", folder.path]
        process.currentDirectoryURL = Repository.root
        let log = folder.appendingPathComponent("output.txt")
        try Data().write(to: log)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return parse(status: process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    static func parse(status: Int32, _ output: String) -> Outcome {
        var outcome = Outcome(status: status, output: output, findings: [], skipped: [:])
        var current: Finding?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("  "), current != nil {
                if line.hasPrefix("  input: ") {
                    current!.input = String(line.dropFirst("  input: ".count))
                    outcome.findings.append(current!)
                    current = nil
                } else {
                    current!.what.append(String(line.dropFirst(2)))
                }
                continue
            }
            current = nil
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let kind = words.first else { continue }
            switch kind {
            case "FAIL", "HANG", "BLOWUP", "CRASH":
                current = Finding(kind: kind, title: words.count > 1 ? words[1] : "", what: [], input: "")
            case "KNOWN":
                // KNOWN heading-in-block: 28 inputs skipped
                let rest = line.dropFirst("KNOWN ".count).split(separator: ":", maxSplits: 1)
                if rest.count == 2, let n = Int(rest[1].split(separator: " ").first ?? "") { outcome.skipped[String(rest[0])] = n }
            case "done:":
                outcome.done = line
            default:
                continue
            }
        }
        return outcome
    }

    /// The known issues with reproducers: the folders of fuzz/known.
    static let knownIssues: [String] = {
        let dir = Repository.root.appendingPathComponent("fuzz/known").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") && !$0.contains(".") }
            .sorted()
    }()

    /// The known issues' reproducers, replayed once (they decide which issues the mutation
    /// run skips). A fixed one takes well under 2 s of CPU through the harness, and `chiso
    /// check` on it well under 5 s, even in a debug build.
    static let knownReplay: Result<Outcome, Error> = Result {
        try run(["--replay", "--timeout", "2", "--process-timeout", "5", "fuzz/known"], out: "known")
    }

    /// What the replay found in the reproducers of one known issue.
    static func knownFindings(_ id: String) throws -> [Finding] {
        try knownReplay.get().findings.filter { $0.title.hasPrefix("fuzz/known/\(id)/") }
    }

    /// The known issues whose reproducers still fail.
    static func presentIssues() throws -> [String] {
        try knownIssues.filter { try !knownFindings($0).isEmpty }
    }
}

@Suite("Fuzzing", .serialized, .timeLimit(.minutes(10)))
struct FuzzTests {
    @Test("The extra seeds and the regression fixtures pass every invariant")
    func regressions() throws {
        let r = try Fuzzer.run(["--replay", "fuzz/corpus", "fuzz/regressions"], out: "regressions")
        for f in r.findings {
            Issue.record("\(f)\ncheck it again: swift run chiso-fuzz --replay \(f.title)")
        }
        #expect(r.status == 0, "\(r.output)")
        #expect(r.done?.contains("; 0 failed") == true, "\(r.output)")
    }

    /// A known issue's reproducers fail while the issue is open (recorded as a known issue);
    /// once it is fixed they pass, and the issue and its folder can move to fuzz/regressions.
    @Test("Known issues still open", arguments: Fuzzer.knownIssues)
    func knownIssue(_ id: String) throws {
        let replay = try Fuzzer.knownReplay.get()
        #expect(replay.done != nil, "the fuzzer did not finish: \(replay.output)")
        let findings = try Fuzzer.knownFindings(id)
        guard !findings.isEmpty else { return }
        withKnownIssue("\(id): open, see Sources/chiso-fuzz/KnownIssues.swift", isIntermittent: true) {
            for f in findings { Issue.record("\(f)") }
        }
    }

    @Test("2,000 mutated inputs: no crash, hang or blow-up, every error placed, exit codes as documented")
    func mutations() throws {
        let present = try Fuzzer.presentIssues()
        var arguments = ["--seed", "1", "--runs", "2000", "--jobs", "2"]
        if !present.isEmpty { arguments += ["--skip-known", present.joined(separator: ",")] }
        let r = try Fuzzer.run(arguments, out: "mutations")
        for f in r.findings {
            let number = f.title.hasPrefix("#") ? f.title.dropFirst().prefix { $0.isNumber } : ""
            Issue.record("\(f)\ncheck it again: swift run chiso-fuzz --seed 1 --only \(number)")
        }
        #expect(r.status == 0)
        let done = try #require(r.done, "the fuzzer did not finish: \(r.output)")
        #expect(done.hasPrefix("done: 2000 inputs"))
        // Inputs also went through the binary, and only open issues were skipped.
        #expect(done.contains("also through chiso run") && !done.contains("(0 also through"))
        #expect(Set(r.skipped.keys).isSubset(of: present))
    }

    /// The fuzzer itself: an input that fails, hangs, crashes or takes too much memory is
    /// reported as such, saved, and the run goes on to the next input.
    @Test(
        "The fuzzer reports a failure, a hang, a crash and a blow-up",
        arguments: [
            ("fail", "FAIL"), ("hang", "HANG"), ("crash", "CRASH"), ("memory", "BLOWUP"),
        ])
    func reports(_ inject: String, _ kind: String) throws {
        let r = try Fuzzer.run(
            ["--inject", inject, "--runs", "3", "--jobs", "1", "--processes", "0", "--timeout", "1", "--memory", "400"],
            out: "inject-\(inject)")
        #expect(r.status == 1)
        #expect(r.findings.count == 1, "\(r.output)")
        let f = try #require(r.findings.first)
        #expect(f.kind == kind)
        #expect(f.title.hasPrefix("#0 ("))
        #expect(FileManager.default.fileExists(atPath: f.input))
        #expect(
            r.done?.hasPrefix("done: 3 inputs") == true && r.done?.hasSuffix("3 checked (0 also through chiso run); 1 failed") == true,
            "\(r.output)")
    }

    @Test("Input numbers make the same input whatever ran before them")
    func inputsAreReproducible() throws {
        let a = try Fuzzer.run(["--only", "17", "--processes", "0"], out: "only-a")
        let b = try Fuzzer.run(["--only", "17", "--processes", "0", "--start", "5"], out: "only-b")
        let saved = { (o: Fuzzer.Outcome) -> Data? in
            guard let line = o.output.split(separator: "\n").first(where: { $0.hasPrefix("input #17 ") }),
                let path = line.components(separatedBy: " saved in ").last
            else { return nil }
            return FileManager.default.contents(atPath: path)
        }
        let x = try #require(saved(a), "\(a.output)")
        #expect(x == saved(b))
        #expect(!x.isEmpty)
    }
}
