// MARK: - The supervisor of the deterministic fuzzer
//
// Splits the inputs among worker processes (this same program with --worker), reads
// what each reports, and starts a new worker after the input where one hung, blew up
// or crashed, so that one bad input never stops the run. It prints a line per failing
// input, what failed and where the input is saved:
//
//   FAIL #123 (notebooks/tour.chiso: insert "##" at 40)
//     run: error '…' has no file:line:col
//     input: .build/fuzz/worker-0/fail-5d41402abc.chiso
//
// (HANG, BLOWUP and CRASH lines alike), a KNOWN line per known issue skipped, and a
// last line `done: …`.

import Foundation

struct Supervisor {
    let options: Options

    /// What the workers of one share of the inputs reported.
    struct Tally {
        var checked = 0, throughBinary = 0, failed = 0
        var known: [String: (count: Int, first: String?)] = [:]
    }

    /// The workers' tallies, filled from their threads.
    final class Tallies: @unchecked Sendable {
        private let lock = NSLock()
        private var tallies: [Tally]
        init(count: Int) { tallies = Array(repeating: Tally(), count: count) }
        func set(_ k: Int, _ t: Tally) { lock.withLock { tallies[k] = t } }
        var all: [Tally] { lock.withLock { tallies } }
    }

    func run() -> Int32 {
        let corpus = Corpus.files(options.paths)
        guard !corpus.isEmpty else {
            say("chiso-fuzz: no .chiso or .csv files under \(options.paths.joined(separator: " "))\n", to: .standardError)
            return 64
        }
        let all: Range<Int>
        if let only = options.only {
            all = only..<(only + 1)
        } else if options.replay {
            all = min(options.start, corpus.count)..<corpus.count
            say("chiso-fuzz: replaying \(all.count) files\n")
        } else {
            all = options.start..<max(options.start, options.runs)
            say("chiso-fuzz: seed \(options.seed), inputs \(all.lowerBound)..<\(all.upperBound) from \(corpus.count) seed files\n")
        }
        let jobs = max(1, min(options.jobs, all.count))
        let share = (all.count + jobs - 1) / jobs
        let clock = ContinuousClock(), began = clock.now
        let tallies = Tallies(count: jobs)
        DispatchQueue.concurrentPerform(iterations: jobs) { k in
            let from = all.lowerBound + k * share
            tallies.set(k, supervise(from..<min(all.upperBound, from + share), worker: k))
        }
        var total = Tally()
        for t in tallies.all {
            total.checked += t.checked
            total.throughBinary += t.throughBinary
            total.failed += t.failed
            for (id, k) in t.known {
                let before = total.known[id]
                total.known[id] = ((before?.count ?? 0) + k.count, before?.first ?? k.first)
            }
        }
        var skipped = 0
        for (id, k) in total.known.sorted(by: { $0.key < $1.key }) {
            skipped += k.count
            say("KNOWN \(id): \(k.count) inputs skipped\n" + (k.first.map { "  first: \($0)\n" } ?? ""))
        }
        let d = clock.now - began
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        say(
            "done: \(all.count) inputs in \(String(format: "%.1f", seconds)) s: \(total.checked) checked (\(total.throughBinary) also through chiso run)"
                + (skipped > 0 ? ", \(skipped) skipped as known issues" : "") + "; \(total.failed) failed\n")
        return total.failed == 0 ? 0 : 1
    }

    /// Runs workers over `range` until it is done, one after each hang or crash.
    func supervise(_ range: Range<Int>, worker k: Int) -> Tally {
        var tally = Tally()
        let out = options.out + "/worker-\(k)"
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var from = range.lowerBound, firstLaunch = true
        while from < range.upperBound {
            try? FileManager.default.removeItem(atPath: out + "/current.txt")
            guard
                let (status, signalled, stdout, stderr) = launch(from: from, to: range.upperBound, out: out, inject: firstLaunch && k == 0)
            else {
                say("chiso-fuzz: cannot start a worker\n", to: .standardError)
                tally.failed += 1
                return tally
            }
            firstLaunch = false
            var stoppedAt: Int?
            for line in stdout.split(separator: "\n") {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard f.count >= 3, let n = Int(f[1]) else { continue }
                switch f[0] {
                case "ok":
                    tally.checked += 1
                    if f[2] == "1" { tally.throughBinary += 1 }
                case "known":
                    let before = tally.known[f[2]]
                    tally.known[f[2]] = ((before?.count ?? 0) + 1, before?.first ?? (f.count > 3 && f[3] != "-" ? "#\(n): \(f[3])" : nil))
                case "saved" where f.count >= 4:
                    say("input \(f[2]) saved in \(f[3])\n")
                case "fail" where f.count >= 5:
                    tally.checked += 1
                    tally.failed += 1
                    say("FAIL \(f[2])\n" + f[3].components(separatedBy: " | ").map { "  \($0)\n" }.joined() + "  input: \(f[4])\n")
                case "hang" where f.count >= 5, "blowup" where f.count >= 5:
                    tally.checked += 1
                    tally.failed += 1
                    stoppedAt = n
                    say("\(f[0].uppercased()) \(f[2])\n  \(f[3])\n  input: \(f[4])\n")
                default:
                    continue
                }
            }
            if !signalled, status == 0 { break }
            if let stoppedAt {
                from = stoppedAt + 1
                continue
            }
            // A crash: the input it was on is the one it left in current.*.
            guard let current = try? String(contentsOfFile: out + "/current.txt", encoding: .utf8),
                let tab = current.firstIndex(of: "\t"), let n = Int(current[..<tab]), n >= from
            else {
                say(
                    "chiso-fuzz: a worker stopped (\(signalled ? "signal" : "status") \(status)) outside any input:\n\(stderr.suffix(2000))\n",
                    to: .standardError)
                tally.failed += 1
                return tally
            }
            let title = current[current.index(after: tab)...].trimmingCharacters(in: .newlines)
            let bytes = FileManager.default.contents(atPath: out + "/current.chiso").map(Array.init) ?? []
            let why = stderr.split(separator: "\n").filter { $0.contains("Fatal error") || $0.contains("ERROR") || $0.contains("error:") }
                .prefix(2).joined(separator: " / ")
            tally.checked += 1
            tally.failed += 1
            say(
                "CRASH \(title)\n  \(signalled ? "killed by signal" : "exit status") \(status)\(why.isEmpty ? "" : ": \(why.prefix(300))")\n  input: \(Worker.save(bytes, "crash", in: out))\n"
            )
            from = n + 1
        }
        return tally
    }

    /// Runs one worker to its end; its status, whether a signal ended it, and what it printed.
    func launch(from: Int, to end: Int, out: String, inject: Bool) -> (Int32, Bool, String, String)? {
        var arguments = [
            "--worker", "--seed", "\(options.seed)", "--runs", "\(options.runs)", "--start", "\(from)", "--end", "\(end)",
            "--timeout", "\(options.timeout)", "--memory", "\(options.memoryMB)", "--processes", "\(options.processes)",
            "--process-timeout", "\(options.processTimeout)", "--out", out,
        ]
        if let chiso = Worker.binary(options) { arguments += ["--chiso", chiso] }
        if options.replay { arguments.append("--replay") }
        if let only = options.only { arguments += ["--only", "\(only)"] }
        if !options.skip.isEmpty { arguments += ["--skip-known", options.skip.map(\.id).joined(separator: ",")] }
        if inject, let kind = options.inject { arguments += ["--inject", kind] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = arguments + options.paths
        let stdoutPath = out + "/stdout.txt", stderrPath = out + "/stderr.txt"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil),
            let stdout = FileHandle(forWritingAtPath: stdoutPath), let stderr = FileHandle(forWritingAtPath: stderrPath)
        else { return nil }
        defer { try? stdout.close(); try? stderr.close() }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, read(stdoutPath), read(stderrPath))
    }
}
