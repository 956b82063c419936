// MARK: - A worker of the deterministic fuzzer
//
// Checks inputs `start..<end` (mutation numbers, or files with --replay) with the harness
// under a watchdog, and sends a share of them through the real binary. Before each
// input it writes the input and its number to `<out>/current.chiso` and `current.txt`,
// so that the supervisor knows where it was if it crashes. It reports to the supervisor
// one tab-separated line per input:
//
//   saved   N  title  saved input           (--only: the input, before it is checked)
//   ok      N  1 (it also went through `chiso run`) or 0
//   fail    N  title  problems  saved input
//   hang    N  title  what  saved input       (then it exits 3: see Watchdog)
//   blowup  N  title  what  saved input       (idem)

import ChisoCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Worker {
    let options: Options
    let harness: Harness
    let chiso: String?

    init(_ options: Options) {
        self.options = options
        harness = ChisoFuzz.harness
        chiso = Worker.binary(options)
    }

    /// The `chiso` binary: --chiso, else the one beside this program (nil: none, no process checks).
    static func binary(_ options: Options) -> String? {
        let me = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let beside = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("chiso").path
        return options.chiso ?? (FileManager.default.isExecutableFile(atPath: beside) ? beside : nil)
    }

    /// One input to check: its number, where it came from, its bytes.
    struct Case {
        var number: Int
        var origin: String
        var bytes: [UInt8]
        var replayed: Bool
        var title: String { replayed ? origin : "#\(number) (\(origin))" }
    }

    func run() -> Int32 {
        try? FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
        defer { harness.removeFolder() }
        let corpus = Corpus.files(options.paths)
        guard !corpus.isEmpty else { return 64 }
        harness.provide(corpus)
        let mutator = Mutator(corpus: corpus)
        let end = min(options.end, options.replay ? corpus.count : options.runs)
        var numbers: Range<Int> = options.only.map { $0..<($0 + 1) } ?? min(options.start, end)..<end
        if options.replay { numbers = numbers.clamped(to: 0..<corpus.count) }
        let watchdog = Watchdog(timeout: options.timeout, memoryMB: options.memoryMB, out: options.out)
        let stride = max(1, options.runs / max(1, options.processes))
        for i in numbers {
            let c: Case
            if options.replay {
                c = Case(number: i, origin: corpus[i].name, bytes: corpus[i].bytes, replayed: true)
            } else {
                let made = mutator.input(i, seed: options.seed)
                c = Case(number: i, origin: "\(made.base): \(made.steps.joined(separator: "; "))", bytes: made.bytes, replayed: false)
            }
            if options.only != nil { report("saved", i, c.title, save(c.bytes, "input-\(options.seed)-\(i)")) }
            guard FileManager.default.createFile(atPath: options.out + "/current.chiso", contents: Data(c.bytes)),
                FileManager.default.createFile(atPath: options.out + "/current.txt", contents: Data("\(i)\t\(Self.field(c.title))\n".utf8))
            else {
                say("chiso-fuzz: cannot write in \(options.out)\n", to: .standardError)
                return 70
            }
            watchdog.arm(c)
            var problems = harness.check(c.bytes, everyDataNotebook: c.replayed || options.only != nil)
            if i == numbers.lowerBound, let inject = options.inject { problems += Self.misbehave(inject) }
            watchdog.disarm()
            var throughBinary = false
            if let chiso, options.processes > 0, c.replayed || options.only != nil || i % stride == 0 {
                throughBinary = true
                problems += processProblems(c, chiso: chiso, format: ["table", "md", "csv", "json", "html"][(i / stride) % 5])
            }
            if problems.isEmpty {
                report("ok", i, throughBinary ? "1" : "0")
            } else {
                report("fail", i, c.title, problems.joined(separator: " | "), save(c.bytes, "fail"))
            }
        }
        return 0
    }

    /// What `--inject` does to the first input: the fuzzer's own tests check that each is caught.
    static func misbehave(_ kind: String) -> [String] {
        switch kind {
        case "hang":
            while true { sleep(1) }
        case "crash":
            fatalError("injected crash (--inject crash)")
        case "memory":
            while true {
                // Touched, so that it is resident; never freed.
                if let block = malloc(64 << 20) { memset(block, 1, 64 << 20) }
                usleep(1000)
            }
        default:
            return ["injected failure (--inject fail)"]
        }
    }

    /// One protocol line: fields joined by tabs (tabs and line breaks inside them become spaces).
    func report(_ fields: Any...) {
        say(fields.map { Self.field("\($0)") }.joined(separator: "\t") + "\n")
    }

    static func field(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    func save(_ bytes: [UInt8], _ prefix: String) -> String {
        Self.save(bytes, prefix, in: options.out)
    }

    /// Saves an input under a name made from its bytes (FNV-1a); returns the path.
    static func save(_ bytes: [UInt8], _ prefix: String, in out: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let path = "\(out)/\(prefix)-\(String(hash, radix: 16)).chiso"
        if !FileManager.default.createFile(atPath: path, contents: Data(bytes)) {
            say("chiso-fuzz: cannot write \(path)\n", to: .standardError)
        }
        return path
    }

    // MARK: The real binary

    /// Runs `chiso run` on the input (already placed by the harness), and `chiso check` on
    /// a notebook that reads it as its data file: each must stop within the time allowed,
    /// exit as the engine's result says, and print every error with a place.
    func processProblems(_ c: Case, chiso: String, format: String) -> [String] {
        let data = Harness.dataNotebooks[Harness.chosenDataNotebook(c.bytes)].name
        return processProblems(chiso, ["run", harness.notebookPath, "--format", format], bytes: c.bytes)
            + processProblems(
                chiso, ["check", harness.folder + "/" + data],
                bytes: Array(Harness.dataNotebooks[Harness.chosenDataNotebook(c.bytes)].text.utf8))
    }

    func processProblems(_ chiso: String, _ command: [String], bytes: [UInt8]) -> [String] {
        let shown = "chiso " + command.filter { !$0.hasPrefix("/") }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chiso)
        process.arguments = command + ["--root", harness.folder, "--max-steps", "\(Harness.maxSteps)"]
        process.currentDirectoryURL = URL(fileURLWithPath: harness.folder)
        let errPath = harness.folder + "/stderr", outPath = harness.folder + "/stdout"
        guard FileManager.default.createFile(atPath: errPath, contents: nil),
            FileManager.default.createFile(atPath: outPath, contents: nil),
            let err = FileHandle(forWritingAtPath: errPath), let out = FileHandle(forWritingAtPath: outPath)
        else {
            return ["chiso run: cannot make its output files"]
        }
        defer { try? err.close(); try? out.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return ["\(shown): cannot start \(chiso): \(error)"] }
        let deadline = Date().addingTimeInterval(options.processTimeout)
        while process.isRunning, Date() < deadline { usleep(5000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return ["\(shown): still running after \(options.processTimeout) s"]
        }
        var problems: [String] = []
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            problems.append("\(shown): killed by signal \(status)")
        } else {
            let notebook = command[1]
            let expected = Harness.outcome(Engine.run(name: notebook, bytes: bytes, options: harness.options))
            if ![0, 1, 65].contains(status) || status != expected {
                problems.append("\(shown): exit \(status), the engine's result says \(expected.map(String.init) ?? "none")")
            }
        }
        let stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        for line in stderr.split(separator: "\n") where line.hasPrefix("error:") || (line.contains(": error: ") && !Self.placed(line)) {
            problems.append("\(shown): an error without file:line:col: \(line.prefix(160))")
        }
        return problems
    }

    /// Whether a diagnostic line starts `file:line:col: error: `.
    static func placed(_ line: Substring) -> Bool {
        guard let r = line.range(of: ": error: ") else { return false }
        let head = line[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        return head.count >= 3 && head.suffix(2).allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}

// MARK: - Watchdog

/// Watches the input being checked from another thread: past its time, or with the
/// process's resident memory past the limit, it saves the input, reports it and exits 3
/// (the work cannot be stopped from outside, and would go on forever or until the
/// machine runs out of memory). The supervisor starts a new worker after it.
///
/// The time is the process's CPU time, so that a loaded machine (other builds, other
/// tests) does not turn a slow input into a hang; an input blocked without using the CPU
/// is caught by the wall clock, at ten times the budget.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Worker.Case?
    private var deadline = Date.distantFuture
    private var cpuStart = 0.0
    private let timeout: Double
    private let memoryLimit: Int
    private let out: String

    init(timeout: Double, memoryMB: Int, out: String) {
        self.timeout = timeout
        self.memoryLimit = memoryMB << 20
        self.out = out
        let thread = Thread { [self] in watch() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func arm(_ c: Worker.Case) {
        lock.lock()
        current = c
        cpuStart = Self.cpuSeconds()
        deadline = Date().addingTimeInterval(10 * timeout)
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        current = nil
        lock.unlock()
    }

    private func watch() {
        while true {
            usleep(10_000)
            lock.lock()
            let c = current, blocked = Date() > deadline, cpu = Self.cpuSeconds() - cpuStart
            lock.unlock()
            guard let c else { continue }
            let resident = Self.residentBytes(), blowup = resident > memoryLimit
            if cpu > timeout || blocked || blowup {
                let kind = blowup ? "blowup" : "hang"
                let what =
                    blowup
                    ? "\(resident >> 20) MB resident, more than \(memoryLimit >> 20) MB"
                    : blocked
                        ? "no result after \(10 * timeout) s (blocked: \(String(format: "%.1f", cpu)) s of CPU)"
                        : "no result after \(timeout) s of CPU"
                let path = Worker.save(c.bytes, kind, in: out)
                say([kind, "\(c.number)", Worker.field(c.title), what, path].joined(separator: "\t") + "\n")
                _exit(3)
            }
        }
    }

    /// The CPU time of the whole process (every thread) so far.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// The process's resident memory, from /proc (0 where there is none).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
