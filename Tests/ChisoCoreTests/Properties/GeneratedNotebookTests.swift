// Properties over generated notebooks: what holds for the repository's notebooks must
// hold for any notebook a department could write.
// * `chiso fmt` is idempotent and never changes a value, a diagnostic or a check;
// * values never depend on the display locale (`--locale vi` and `--locale en` compute
//   the same figures, texts included; only their display differs);
// * a table printed with `--format csv` and read back with `from` has the same labels and
//   the same values (to the 15 significant digits machine formats write).
// Each case is reproducible from its seed.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

/// Writes random but well-formed notebooks: scalars, tables over periods with data and
/// formula rows, overrides, functions, checks, headings and comments, with ragged spacing.
struct NotebookGenerator {
    var rng: SplitMix
    private var scalars: [String] = []
    private var tables: [(name: String, rows: [String], first: Period, count: Int)] = []

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    /// A literal as a department types it.
    mutating func literal() -> String {
        switch int(7) {
        case 0: return "\(int(100))"
        case 1: return "\(int(10))_\(String(format: "%03d", int(1000)))"
        case 2: return "\(int(100)).\(int(100))"
        case 3: return "\(int(100)).\(int(10))%"
        case 4: return "-\(int(50))"
        case 5: return "0.\(String(format: "%03d", int(1000)))"
        default: return "\(int(5))e\(int(4))"
        }
    }

    /// Spaces a formatter may remove (never inside a token).
    mutating func gap() -> String { pick(["", " ", " ", "  "]) }

    mutating func label() -> String {
        pick(["", "", " \"Tiếp nhận\"", " \"Tỷ lệ giải quyết\"", " \"Số DVC mức 3, 4\"", " \"Dân số (người)\"", " \"x = \\\"a\\\"\""])
    }

    mutating func format() -> String {
        pick(["", "", "", " as percent(1)", " as integer", " as number(2)", " as percent(2)"])
    }

    /// An expression over the cells defined so far (scalars only, outside tables).
    mutating func scalarExpr(depth: Int = 0) -> String {
        if depth > 2 || scalars.isEmpty || chance(30) { return scalars.isEmpty || chance(40) ? literal() : pick(scalars) }
        let a = scalarExpr(depth: depth + 1), b = scalarExpr(depth: depth + 1)
        switch int(9) {
        case 0: return "\(a)\(gap())+\(gap())\(b)"
        case 1: return "\(a) - \(b)"
        case 2: return "\(a)\(gap())*\(gap())\(b)"
        case 3: return "\(a) / \(b)"
        case 4: return "round(\(a),\(gap())\(int(3)))"
        case 5: return "iferror(\(a) / \(b), 0)"
        case 6: return "share(\(a), \(b))"
        case 7: return "(if \(a) > \(b) then \(a) else \(b))"
        default: return "(\(a))"
        }
    }

    mutating func rowExpr(_ rows: [String]) -> String {
        let a = pick(rows), b = pick(rows)
        switch int(11) {
        case 0: return "\(a) + \(b)"
        case 1: return "\(a)\(gap())/\(gap())\(b)"
        case 2: return "\(a)[-1]"
        case 3: return "delta(\(a))"
        case 4: return "growth(\(a))"
        case 5: return "ytd(\(a))"
        case 6: return "coalesce(\(a), 0) * 2"
        case 7: return "share(\(a), \(b))"
        case 8: return scalars.isEmpty ? "\(a) * 3" : "\(a) * \(pick(scalars))"
        case 9: return "sum(\(rows[0])..\(rows[rows.count - 1]))"
        default: return "\(a) - \(b)"
        }
    }

    mutating func table(_ n: Int) -> String {
        let kinds: [(Period, Int)] = [
            (Period.parse("2018Q1")!, 4 + int(5)), (Period.parse("2015")!, 2 + int(5)),
            (Period.parse("2021M01")!, 3 + int(4)), (Period.parse("2020H1")!, 2 + int(3)),
        ]
        let (first, count) = pick(kinds)
        let last = first.shifted(by: count - 1)
        let name = "t\(n)"
        var text = "table \(name)\(label()) over \(first)..\(last)\(chance(60) ? " with total" + (chance(50) ? " \"Cả kỳ\"" : "") : "") {\n"
        var rows: [String] = []
        for r in 0..<(2 + int(4)) {
            let row = "r\(r)"
            if rows.count < 2 || chance(50) {
                let values = (0..<count).map { _ in chance(15) ? "_" : literal() }
                text += "  \(row)\(label())\(gap()) = \(values.joined(separator: ",\(gap())"))\(chance(20) ? " agg last" : "")\n"
            } else {
                text += "  \(row)\(label()) = \(rowExpr(rows))\(format())\(chance(15) ? " agg sum" : "")\n"
            }
            rows.append(row)
        }
        if chance(40) { text += "  check \(rows[0]) \(pick(["<=", ">=", "==", "!="])) \(rows[1])\(chance(50) ? " \"Kiểm tra\"" : "")\n" }
        if chance(40) { text += "  \(pick(rows))@\(first.shifted(by: int(count))) = \(literal())\n" }
        text += "}\n"
        tables.append((name, rows, first, count))
        return text
    }

    /// A paragraph of one to three `>` lines (a lone `>` may split it), with values,
    /// formats and literal braces, spaced as typed.
    mutating func paragraph() -> String {
        var text = ""
        for _ in 0..<(1 + int(3)) {
            switch int(5) {
            case 0: text += ">\(gap())\n"
            case 1: text += ">\(gap())Giá trị {\(gap())\(scalarExpr())\(format())\(gap())} trong {2019Q\(1 + int(4))}.\(gap())\n"
            case 2 where !tables.isEmpty:
                let t = pick(tables)
                text += "> Chỉ tiêu {\(t.name).\(pick(t.rows))@\(t.first.shifted(by: int(t.count)))} {{tăng}} \(gap())\n"
            default: text += "> Đoạn văn, không có giá trị: }} và {{.\n"
            }
        }
        return text
    }

    mutating func notebook() -> String {
        var text = chance(60) ? "locale \(pick(["vi", "en"]))\n" : ""
        scalars = []
        tables = []
        for i in 0..<(3 + int(8)) {
            switch int(11) {
            case 0: text += "## Báo cáo \(i)\n"
            case 1: text += "# ghi chú \(i)\n\n"
            case 2, 3: text += table(i)
            case 4 where !tables.isEmpty:
                let t = pick(tables)
                let row = pick(t.rows)
                text += "s\(i)\(label()) = \(pick(["sum", "avg", "max", "last"]))(\(t.name).\(row))\(format())\n"
                scalars.append("s\(i)")
            case 5 where !tables.isEmpty:
                let t = pick(tables)
                text += "s\(i) = \(t.name).\(pick(t.rows))@\(t.first.shifted(by: int(t.count)))\n"
                scalars.append("s\(i)")
            case 6: text += "check \(scalarExpr()) \(pick(["<", ">=", "=="])) \(scalarExpr())\n"
            case 7: text += "s\(i)\(label()) = concat(\"Quý \", \(scalarExpr()), \" là \", text(\(scalarExpr())))\n"
            case 10: text += paragraph()
            default:
                text += "s\(i)\(label())\(gap()) =\(gap()) \(scalarExpr())\(format())\(chance(20) ? "  # nguồn: Cục Thống kê" : "")\n"
                scalars.append("s\(i)")
            }
        }
        return text
    }
}

/// Every value a report shows, in order, with where it is.
private func values(_ report: Report) -> [(String, Value)] {
    var out: [(String, Value)] = []
    for item in report.items {
        switch item {
        case .heading, .paragraph, .across, .chart: continue
        case .scalars(let group): out += group.map { ($0.name, $0.value) }
        case .table(let t):
            for r in t.rows {
                out += r.values.enumerated().map { ("\(t.name).\(r.name)@\(t.periods[$0.offset])", $0.element) }
                out.append(("\(t.name).\(r.name)@total", r.total))
            }
        }
    }
    return out
}

@Suite("Generated notebooks")
struct GeneratedNotebookTests {
    static let seeds: [UInt64] = Array(1...150)

    @Test("the generator writes notebooks that run (its own sanity)")
    func generatorSanity() {
        var clean = 0
        for seed in Self.seeds {
            var g = NotebookGenerator(seed: seed)
            let r = Engine.run(name: "g.chiso", text: g.notebook())
            if !r.hasErrors { clean += 1 }
        }
        // Most generated notebooks have no errors, so the properties test real values.
        #expect(clean > Self.seeds.count * 3 / 4, "only \(clean) of \(Self.seeds.count) generated notebooks ran cleanly")
    }

    @Test("fmt is idempotent and changes no value, diagnostic or check")
    func fmtPreservesMeaning() {
        for seed in Self.seeds {
            var g = NotebookGenerator(seed: seed)
            let text = g.notebook()
            var sources = SourceMap()
            let id = sources.add(name: "g.chiso", text: text)
            guard case .success(let once) = Formatter.format(sources[id], id: id) else {
                Issue.record("seed \(seed): a generated notebook does not parse:\n\(text)")
                continue
            }
            let again = sources.add(name: "g.chiso", text: once)
            guard case .success(let twice) = Formatter.format(sources[again], id: again) else {
                Issue.record("seed \(seed): the formatted notebook does not parse:\n\(once)")
                continue
            }
            #expect(twice == once, "seed \(seed): formatting is not idempotent")
            let before = Engine.run(name: "g.chiso", text: text), after = Engine.run(name: "g.chiso", text: once)
            #expect(JSONRenderer.render(after.report) == JSONRenderer.render(before.report), "seed \(seed): values changed\n\(text)")
            #expect(after.diagnostics.map(\.message) == before.diagnostics.map(\.message), "seed \(seed): diagnostics changed")
            #expect(after.checks.map(\.failures) == before.checks.map(\.failures), "seed \(seed): checks changed")
        }
    }

    @Test("values are the same under --locale vi and --locale en")
    func localeIndependent() {
        for seed in Self.seeds {
            var g = NotebookGenerator(seed: seed)
            let text = g.notebook()
            let vi = Engine.run(name: "g.chiso", text: text, options: RunOptions(locale: .vi))
            let en = Engine.run(name: "g.chiso", text: text, options: RunOptions(locale: .en))
            let a = values(vi.report), b = values(en.report)
            #expect(a.map(\.0) == b.map(\.0), "seed \(seed)")
            for (x, y) in zip(a, b) where x.1 != y.1 {
                Issue.record("seed \(seed): \(x.0) is \(x.1) under vi and \(y.1) under en\n\(text)")
                break
            }
            #expect(vi.checks.map(\.holds) == en.checks.map(\.holds), "seed \(seed): a check depends on the display locale")
        }
    }
}

@Suite("CSV round trip")
struct CSVRoundTripTests {
    /// A table of data and formula rows with figures of every shape a department has.
    private func table(_ g: inout NotebookGenerator, periods: Int) -> String {
        let labels = ["Tiếp nhận", "- Trong đó: trực tuyến", "+ Hồ sơ trễ hạn", "Số \"DVC\", mức 3", "=SUM(A1)", "@x", ""]
        var text = "table t over 2020Q1..\(Period.parse("2020Q1")!.shifted(by: periods - 1)) with total {\n"
        for r in 0..<(2 + g.int(4)) {
            let label = g.pick(labels)
            let values = (0..<periods).map { _ -> String in
                switch g.int(8) {
                case 0: return "_"
                case 1: return "-\(g.int(1_000_000))"
                case 2: return "\(g.int(1_000_000_000))_\(String(format: "%03d", g.int(1000)))"
                case 3: return "\(g.int(100)).\(g.int(1_000_000))"
                case 4: return "\(g.int(1000)).\(g.int(10))%"
                case 5: return "0.000\(g.int(1000))1"
                default: return "\(g.int(100_000))"
                }
            }
            text +=
                "  r\(r)\(label.isEmpty ? "" : " \"\(label.replacingOccurrences(of: "\"", with: "\\\""))\"") = \(values.joined(separator: ", "))\n"
        }
        text += "  q \"Tỷ lệ\" = r1 / r0 as percent(1)\n  d = delta(r0)\n}\n"
        return text
    }

    @Test("a table printed as CSV and read back with `from` has the same labels and values")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var g = NotebookGenerator(seed: 2026)
        for round in 0..<60 {
            let periods = 1 + g.int(8)
            let original = Engine.run(name: "a.chiso", text: table(&g, periods: periods))
            #expect(!original.hasErrors, "round \(round): \(original.diagnostics.map(\.message))")
            guard let printed = reportTable(original, "t") else { continue }
            // The table's block of `--format csv`, as a data file: without the `table`
            // column and the total column, which `from` does not take.
            let csv = CSVRenderer.render(original.report).components(separatedBy: "\r\n").dropFirst().prefix { !$0.isEmpty }
            let data = csv.map { line -> String in
                var fields = DataFile.parse(Array(line.utf8))[0].map(\.text)
                fields.removeFirst()
                fields.removeLast()
                return fields.map { f in
                    f.contains(where: { ",\"".contains($0) }) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }
                .joined(separator: ",")
            }.joined(separator: "\n")
            let file = dir.appendingPathComponent("t\(round).csv")
            try (data + "\n").write(to: file, atomically: true, encoding: .utf8)
            let last = printed.periods[printed.periods.count - 1]
            let readBack = Engine.run(
                name: dir.appendingPathComponent("b.chiso").path,
                text: "table t over \(printed.periods[0])..\(last) from \"t\(round).csv\" {\n}\n",
                options: RunOptions(root: dir.path))
            #expect(!readBack.hasErrors, "round \(round): \(readBack.diagnostics.map(\.message))\n\(data)")
            guard let back = reportTable(readBack, "t") else { continue }
            #expect(back.rows.map(\.name) == printed.rows.map(\.name), "round \(round)")
            for (a, b) in zip(printed.rows, back.rows) {
                #expect(a.label == b.label, "round \(round): label of \(a.name)")
                for (x, y) in zip(a.values, b.values) {
                    switch (x, y) {
                    case (.number(let u), .number(let v)):
                        // Machine formats write 15 significant digits (integers exact), as
                        // spreadsheets keep numbers: that is the value that comes back.
                        #expect(
                            MachineNumber.text(u) == MachineNumber.text(v) && MachineNumber.value(u) == v,
                            "round \(round): \(a.name) \(u) came back as \(v)")
                    default:
                        #expect(x == y, "round \(round): \(a.name) \(x) came back as \(y)")
                    }
                }
            }
        }
    }
}
