// chiso-bench: how fast Chiso evaluates and prints large notebooks.
//
//   swift run -c release chiso-bench [--runs N] [--session]
//
// Each workload is a notebook generated here, run through the same Engine as
// `chiso run`; the figures are the median of N runs per stage (parse, resolve, graph,
// evaluate, report), for rendering the terminal table and the CSV, and the peak memory
// of a process running only that workload (`--only NAME`), then the memory of each
// stage (what it added to the resident memory and its peak) and its allocations (malloc
// calls and the bytes they asked for, counted by CChisoBenchMalloc); `--session` runs
// only the REPL's figures. See docs/benchmarks.md.

import CChisoBenchMalloc
import ChisoCore
import Foundation

/// Prints a line at once (stdout is buffered when it is not a terminal).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Workload {
    var name: String
    var description: String
    /// Formula cells evaluated (rows × periods, plus scalars).
    var formulaCells: Int
    var source: String
}

/// A deterministic pseudo-random sequence (xorshift), so every run measures the same notebook.
struct Sequence64 {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

enum Workloads {
    /// An indicator table as a department keeps it: 500 data rows over 100 quarters,
    /// 1,000 formula rows of ratios, changes and running sums: 100,000 formula cells.
    static func wideTable() -> Workload {
        var rng = Sequence64()
        let periods = 100
        var lines = ["locale vi", "table big \"Chỉ tiêu\" over 2000Q1..2024Q4 with total \"Cả kỳ\" {"]
        for i in 0..<500 {
            lines.append("  d\(i) \"Chỉ tiêu nhập \(i)\" = " + (0..<periods).map { _ in String(rng.next(10_000)) }.joined(separator: ", "))
        }
        for i in 0..<1000 {
            let a = rng.next(500), b = rng.next(500)
            let formula: String
            switch i % 5 {
            case 0: formula = "d\(a) / d\(b) as percent(1)"
            case 1: formula = "delta(d\(a))"
            case 2: formula = "growth(d\(a))"
            case 3: formula = "share(d\(a), d\(a) + d\(b))"
            default: formula = "f\(i - 1) + coalesce(d\(a)[-1], 0)"
            }
            lines.append("  f\(i) \"Chỉ tiêu tính \(i)\" = \(formula)")
        }
        lines.append("}")
        return Workload(
            name: "wide-table", description: "1 table, 500 data + 1,000 formula rows × 100 quarters", formulaCells: 1000 * periods,
            source: lines.joined(separator: "\n"))
    }

    /// 100,000 scalar cells, each reading the one before: the longest dependency chain.
    static func chain() -> Workload {
        var lines = ["c0 = 1"]
        for i in 1..<100_000 { lines.append("c\(i) = c\(i - 1) + 1") }
        return Workload(
            name: "chain", description: "100,000 scalars, each reading the previous one", formulaCells: 100_000,
            source: lines.joined(separator: "\n"))
    }

    /// Running balances that read themselves a period back: 100 rows over 1,000 months.
    static func runningBalances() -> Workload {
        var rng = Sequence64()
        let periods = 1000
        var lines = ["table s over 1940M01..2023M04 {"]
        for i in 0..<50 {
            lines.append("  in\(i) = " + (0..<periods).map { _ in String(rng.next(100)) }.joined(separator: ", "))
            lines.append("  stock\(i) = coalesce(stock\(i)[-1], 0) + in\(i) - ytd(in\(i)) / 12")
        }
        lines.append("}")
        return Workload(
            name: "running-balances", description: "50 data rows + 50 self-referencing balances (with ytd) × 1,000 months",
            formulaCells: 50 * periods, source: lines.joined(separator: "\n"))
    }

    /// The department workload of `../shared/bench` (`gen.py`, `gen_chiso.py`), generated
    /// here: one table per department (received, resolved, on time; rates, change on the
    /// previous quarter, growth, with zeros for #DIV/0! and a few blanks) and a province
    /// table summing them. `medium` is 1,000 departments × 20 quarters.
    static func department(departments: Int = 1000, quarters: Int = 20) -> Workload {
        var rng = Sequence64()
        let last = 2000 + (quarters - 1) / 4
        let span = "2000Q1..\(last)Q\((quarters - 1) % 4 + 1)"
        var lines = ["## Workload: \(departments) departments x \(quarters) quarters", ""]
        let names = (1...departments).map { String(format: "D%05d", $0) }
        for name in names {
            lines.append("table \(name) over \(span) {")
            var received: [Int] = [], resolved: [Int] = []
            for _ in 0..<quarters {
                let r = rng.next(20) == 0 ? 0 : rng.next(1000)
                received.append(r)
                resolved.append(r == 0 ? 0 : rng.next(r + 1))
            }
            let onTime = resolved.map { $0 == 0 ? 0 : rng.next($0 + 1) }
            func row(_ values: [Int]) -> String {
                values.map { _ in rng.next(50) == 0 ? "_" : "" }.enumerated().map { $0.element.isEmpty ? String(values[$0.offset]) : "_" }
                    .joined(separator: ", ")
            }
            lines.append("  received = " + row(received))
            lines.append("  resolved = " + row(resolved))
            lines.append("  on_time = " + row(onTime))
            lines += [
                "  rate = resolved / received", "  on_time_rate = on_time / resolved", "  qoq = received - received[-1]",
                "  growth = qoq / received[-1]", "}",
            ]
        }
        lines.append("table total over \(span) {")
        for k in ["received", "resolved", "on_time"] {
            lines.append("  \(k) = sum(" + names.map { "\($0).\(k)" }.joined(separator: ", ") + ")")
        }
        lines += [
            "  rate = resolved / received", "  on_time_rate = on_time / resolved", "  qoq = received - received[-1]",
            "  growth = qoq / received[-1]", "}",
        ]
        return Workload(
            name: "department",
            description: "\(departments) department tables + a province table × \(quarters) quarters (../shared/bench medium)",
            formulaCells: (departments + 1) * 4 * quarters + 3 * quarters, source: lines.joined(separator: "\n"))
    }

    static let all = [wideTable(), chain(), runningBalances(), department()]
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

func milliseconds(_ s: Double) -> String {
    String(format: "%8.1f ms", s * 1000)
}

/// The process's peak resident memory so far, in MB (Linux's VmHWM; 0 where there is none).
func peakMegabytes() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
        return kb / 1024
    }
    return 0
}

/// The resident memory now and its peak since the last `resetPeak`, in MB (Linux's
/// VmRSS and VmHWM; zeros where there are none).
func resident() -> (now: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

/// Starts a new peak at the present resident memory (Linux: 5 written to clear_refs).
func resetPeak() {
    guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    file.write(Data("5".utf8))
    try? file.close()
}

/// What each stage of one run did to the resident memory: how much it added (freed
/// memory the allocator keeps counts as resident) and the peak while it ran; and how
/// many blocks it allocated (malloc, calloc, realloc to a new block, the aligned
/// allocators) and the bytes it asked for.
final class StageMemory: @unchecked Sendable {
    private(set) var stages: [(stage: String, added: Double, peak: Double, allocations: UInt64, bytes: UInt64)] = []
    private var start = 0.0
    private var startCounts = chiso_malloc_counts()

    func begin() {
        resetPeak()
        start = resident().now
        startCounts = chiso_malloc_counts_now()
    }

    /// Called by the engine as each stage ends (on its thread, while the caller waits).
    func end(_ stage: String) {
        let counts = chiso_malloc_counts_now()
        let (now, peak) = resident()
        stages.append((stage, now - start, peak, counts.allocations - startCounts.allocations, counts.bytes - startCounts.bytes))
        begin()
    }

    var line: String {
        "  memory: "
            + stages.map { "\($0.stage) " + String(format: "%+.0f MB (peak %.0f)", $0.added, $0.peak) }.joined(separator: ", ")
    }

    /// Allocations in thousands and the megabytes asked for (what was freed is not
    /// taken off), or why there are none.
    var allocationLine: String {
        guard chiso_malloc_counting() == 1 else { return "  allocs: not counted (malloc is interposed on Linux with glibc only)" }
        return "  allocs: "
            + stages.map {
                "\($0.stage) " + String(format: "%.1fk (%.1f MB)", Double($0.allocations) / 1000, Double($0.bytes) / 1_048_576)
            }.joined(separator: ", ")
    }
}

/// An object of a known size, for `checkAllocationCounts`.
final class CountedProbe {
    var value: Int
    init(_ value: Int) { self.value = value }
}

/// The counts are real: making 10,000 objects counts 10,000 allocations (give or take
/// a few the runtime may make on the way), of at least their 24 bytes each, and
/// releasing them counts as many frees. Stops the harness when they are not.
func checkAllocationCounts() {
    guard chiso_malloc_counting() == 1 else { return }
    let n: UInt64 = 10_000
    var objects: [CountedProbe] = []
    objects.reserveCapacity(Int(n))
    let before = chiso_malloc_counts_now()
    for i in 0..<Int(n) { objects.append(CountedProbe(i)) }
    let made = chiso_malloc_counts_now()
    precondition(objects.reduce(0) { $0 + $1.value } == Int(n * (n - 1) / 2))
    objects = []
    let released = chiso_malloc_counts_now()
    let allocations = made.allocations - before.allocations, bytes = made.bytes - before.bytes
    let frees = released.frees - made.frees
    precondition(
        allocations >= n && allocations <= n + 16 && bytes >= 24 * n && bytes <= 32 * n + 4096 && frees >= n && frees <= n + 16,
        "allocation counts are not right: \(n) objects counted as \(allocations) allocations of \(bytes) bytes, \(frees) frees")
}

var runs = 5
if let i = CommandLine.arguments.firstIndex(of: "--runs"), i + 1 < CommandLine.arguments.count, let n = Int(CommandLine.arguments[i + 1]) {
    runs = max(1, n)
}
/// `--only NAME`: one workload, in this process (its peak memory is its own).
let only = CommandLine.arguments.firstIndex(of: "--only").flatMap {
    $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil
}

let stages = ["parse", "resolve", "graph", "evaluate", "report"]
let header =
    "workload".padding(toLength: 18, withPad: " ", startingAt: 0)
    + (stages + ["table", "csv", "engine"]).map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
    + "cells/s    peak"

/// One workload's line: the median of each stage, of the terminal table and CSV
/// renderings (each checked to be non-empty, the notebook free of errors) and of the
/// engine's stages together, formula cells a second in the evaluate stage, and the peak
/// memory.
func measure(_ w: Workload, runs: Int) {
    // A first run, for the memory of each stage (rendering included): later runs reuse
    // the memory the first one freed.
    let memory = StageMemory()
    do {
        var options = RunOptions()
        options.afterStage = { memory.end($0) }
        memory.begin()
        let result = Engine.run(name: "\(w.name).chiso", text: w.source, options: options)
        memory.begin()
        let text = TerminalRenderer.render(result.report)
        memory.end("table")
        let bytes = CSVRenderer.bytes(result.report)
        memory.end("csv")
        precondition(!text.isEmpty && !bytes.isEmpty && !result.hasErrors, "workload \(w.name) must evaluate cleanly")
    }
    var perStage: [String: [Double]] = [:]
    var render: [Double] = [], csv: [Double] = [], total: [Double] = []
    for _ in 0..<runs {
        let start = Date()
        let result = Engine.run(name: "\(w.name).chiso", text: w.source)
        let beforeRender = Date()
        let text = TerminalRenderer.render(result.report)
        let beforeCSV = Date()
        let bytes = CSVRenderer.bytes(result.report)
        let end = Date()
        precondition(!text.isEmpty && !bytes.isEmpty && !result.hasErrors, "workload \(w.name) must evaluate cleanly")
        for t in result.timings { perStage[t.stage, default: []].append(t.seconds) }
        render.append(beforeCSV.timeIntervalSince(beforeRender))
        csv.append(end.timeIntervalSince(beforeCSV))
        total.append(beforeRender.timeIntervalSince(start))
    }
    let evaluate = median(perStage["evaluate"] ?? [])
    var line = w.name.padding(toLength: 18, withPad: " ", startingAt: 0)
    for s in stages { line += milliseconds(median(perStage[s] ?? [])) + " " }
    line += milliseconds(median(render)) + " " + milliseconds(median(csv)) + " " + milliseconds(median(total)) + " "
    line += String(format: "%8.2fM", Double(w.formulaCells) / evaluate / 1e6)
    line += String(format: " %5.0f MB", peakMegabytes())
    say(line)
    say("  " + w.description)
    say(memory.line)
    say(memory.allocationLine)
}

/// `--session`: only the REPL's figures (for profiling them).
let sessionOnly = CommandLine.arguments.contains("--session")

checkAllocationCounts()

if let only, !sessionOnly {
    guard let w = Workloads.all.first(where: { $0.name == only }) else {
        say("no workload '\(only)': \(Workloads.all.map(\.name).joined(separator: ", "))")
        exit(64)
    }
    measure(w, runs: runs)
    exit(0)
}

if !sessionOnly {
    say(
        "chiso-bench: median of \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores; each workload in its own process (peak memory its own)"
    )
    say("")
    say(header)
    for w in Workloads.all {
        // Each workload in a process of its own, so that its peak memory is its own.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--only", w.name, "--runs", String(runs)]
        do {
            try child.run()
            child.waitUntilExit()
        } catch {
            say("\(w.name): cannot start a process for it (\(error)); measured here instead")
            measure(w, runs: runs)
        }
    }
}

// MARK: - The REPL: one redefinition after loading a large notebook

/// 500 data rows and 1,000 formula rows over 100 quarters (100,000 formula cells); a
/// scalar `k` is read by every tenth formula row. Beside it, `small`: 10 rows over the
/// same quarters (1,000 formula cells) calling `adj`, read by one scalar.
func sessionNotebook() -> String {
    var rng = Sequence64()
    var lines = ["k = 2", "fn adj(x) = x * 1.1", smallTable(version: 0), "small_sum = sum(small.s0) + sum(small.s9)"]
    lines.append("table big over 2000Q1..2024Q4 with total {")
    for i in 0..<500 {
        lines.append("  d\(i) = " + (0..<100).map { _ in String(rng.next(10_000)) }.joined(separator: ", "))
    }
    for i in 0..<1000 {
        let a = rng.next(500), b = rng.next(500)
        lines.append(i % 10 == 0 ? "  f\(i) = d\(a) * k" : "  f\(i) = d\(a) / d\(b) + delta(d\(a))")
    }
    lines.append("}")
    return lines.joined(separator: "\n")
}

/// The 1,000-cell table `small`, written differently by `version`: the formulas change,
/// and every other version has an eleventh row.
func smallTable(version: Int) -> String {
    var lines = ["table small over 2000Q1..2024Q4 {"]
    for r in 0..<(10 + version % 2) {
        lines.append("  s\(r) = big.d\(r * 7 + version % 5) * \(version + 2) + adj(big.d\(r + 100))")
    }
    lines.append("}")
    return lines.joined(separator: "\n")
}

func seconds(_ body: () -> Void) -> Double {
    let start = Date()
    body()
    return Date().timeIntervalSince(start)
}

say("")
say("session (REPL): 100,000 formula cells loaded, then one input redefined; median of \(runs * 4)")
let session = Session()
let loading = seconds { precondition(session.submit(sessionNotebook()).accepted, "the session notebook must load") }
say("  load the notebook (one input)          " + milliseconds(loading))
var oneCell: [Double] = [], scalar: [Double] = [], expression: [Double] = [], table: [Double] = [], function: [Double] = []
for i in 0..<(runs * 4) {
    oneCell.append(seconds { precondition(session.submit("big.d7@2010Q\(i % 4 + 1) = \(i)").accepted) })
    scalar.append(seconds { precondition(session.submit("k = \(i + 3)").accepted) })
    expression.append(seconds { precondition(session.submit("sum(big.f0) / k").accepted) })
    table.append(seconds { precondition(session.submit(smallTable(version: i + 1)).accepted) })
    function.append(seconds { precondition(session.submit("fn adj(x) = x * \(i + 2)").accepted) })
}
say("  redefine one data cell (few readers)   " + milliseconds(median(oneCell)))
say("  redefine k (read by 100 rows)          " + milliseconds(median(scalar)))
say("  evaluate an expression                 " + milliseconds(median(expression)))
say("  redefine a 1,000-cell table            " + milliseconds(median(table)))
say("  redefine a function (1,000 cells call) " + milliseconds(median(function)))
// What the session computed is what a fresh run of the same notebook computes.
let fresh = Session()
precondition(fresh.submit(session.notebookText).accepted, "the session's notebook must load afresh")
for name in ["small_sum", "sum(big.f0) / k", "sum(small.s3)"] {
    let a = session.submit(name), b = fresh.submit(name)
    precondition(a.accepted && b.accepted && "\(a.shown)" == "\(b.shown)", "\(name) differs from a fresh session's")
}
say("  (values checked against a fresh session of the same notebook)")
