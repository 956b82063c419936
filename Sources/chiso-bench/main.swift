// chiso-bench: how fast Chiso evaluates and prints large notebooks.
//
//   swift run -c release chiso-bench [--runs N]
//
// Each workload is a notebook generated here, run through the same Engine as
// `chiso run`; the figures are the median of N runs per stage (parse, resolve, graph,
// evaluate, report) and for rendering the terminal table. See docs/benchmarks.md.

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

    static let all = [wideTable(), chain(), runningBalances()]
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

func milliseconds(_ s: Double) -> String {
    String(format: "%8.1f ms", s * 1000)
}

var runs = 5
if let i = CommandLine.arguments.firstIndex(of: "--runs"), i + 1 < CommandLine.arguments.count, let n = Int(CommandLine.arguments[i + 1]) {
    runs = max(1, n)
}

say("chiso-bench: median of \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
say("")
let stages = ["parse", "resolve", "graph", "evaluate", "report"]
say(
    "workload".padding(toLength: 18, withPad: " ", startingAt: 0)
        + stages.map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined() + "render     total      cells/s")
for w in Workloads.all {
    var perStage: [String: [Double]] = [:]
    var render: [Double] = [], total: [Double] = []
    for _ in 0..<runs {
        let start = Date()
        let result = Engine.run(name: "\(w.name).chiso", text: w.source)
        let beforeRender = Date()
        let text = TerminalRenderer.render(result.report)
        let end = Date()
        precondition(!text.isEmpty && !result.hasErrors, "workload \(w.name) must evaluate cleanly")
        for t in result.timings { perStage[t.stage, default: []].append(t.seconds) }
        render.append(end.timeIntervalSince(beforeRender))
        total.append(end.timeIntervalSince(start))
    }
    let evaluate = median(perStage["evaluate"] ?? [])
    var line = w.name.padding(toLength: 18, withPad: " ", startingAt: 0)
    for s in stages { line += milliseconds(median(perStage[s] ?? [])) + " " }
    line += milliseconds(median(render)) + " " + milliseconds(median(total)) + " "
    line += String(format: "%10.2fM", Double(w.formulaCells) / evaluate / 1e6)
    say(line)
    say("  " + w.description)
}

// MARK: - The REPL: one redefinition after loading a large notebook

/// 500 data rows and 1,000 formula rows over 100 quarters (100,000 formula cells); a
/// scalar `k` is read by every tenth formula row.
func sessionNotebook() -> String {
    var rng = Sequence64()
    var lines = ["k = 2", "table big over 2000Q1..2024Q4 with total {"]
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
var oneCell: [Double] = [], scalar: [Double] = [], expression: [Double] = []
for i in 0..<(runs * 4) {
    oneCell.append(seconds { precondition(session.submit("big.d7@2010Q\(i % 4 + 1) = \(i)").accepted) })
    scalar.append(seconds { precondition(session.submit("k = \(i + 3)").accepted) })
    expression.append(seconds { precondition(session.submit("sum(big.f0) / k").accepted) })
}
say("  redefine one data cell (few readers)   " + milliseconds(median(oneCell)))
say("  redefine k (read by 100 rows)          " + milliseconds(median(scalar)))
say("  evaluate an expression                 " + milliseconds(median(expression)))
