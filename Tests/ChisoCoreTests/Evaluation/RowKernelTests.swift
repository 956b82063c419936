// MARK: - Compiled row formulas change no result
//
// Random small notebooks (arithmetic over rows with shifts, blanks, zeros, texts,
// errors, overrides, rows reading themselves, sums of rows, tables over other periods)
// are evaluated with the compiled fast path (`Evaluator.compiles`) and without it: every
// cell, every diagnostic, the steps used and the place the budget runs out must be the
// same.

import ChisoTestSupport
import Testing

@testable import ChisoCore

/// A notebook of three tables: two quarterly ones over overlapping periods and a
/// monthly one, with data rows, formula rows, overrides and a scalar.
private func randomNotebook(_ seed: UInt64) -> String {
    var r = SplitMix(seed: seed)
    let literals = ["0", "1", "2", "7", "-3", "0.5", "1e300", "_", "_", "\"n\"", "12", "40", "100"]
    func dataRow(_ name: String, _ count: Int) -> String {
        "  \(name) = " + (0..<count).map { _ in r.int(3) == 0 ? r.pick(literals) : String(r.int(50)) }.joined(separator: ", ")
    }
    // Rows each table's formulas may read: its own (by plain name) and others (qualified).
    let own: [String: [String]] = ["a": ["x", "y", "z"], "b": ["p", "q"], "m": ["u"]]
    let formulas: [String: [String]] = ["a": ["f", "g", "h", "s"], "b": ["e", "w"], "m": ["v"]]
    func leaf(_ table: String, _ mine: [String]) -> String {
        switch r.int(12) {
        case 0: return r.pick(["0", "2", "0.5", "3", "1e300"])
        case 1: return "k"
        case 2: return "\(r.pick(["a.x", "a.y", "b.p", "a.f", "b.e", "m.u"]))"
        case 3, 4: return "\(r.pick(mine))[\(r.pick(["-1", "1", "-2", "0", "-9"]))]"
        case 5 where table != "m": return "sum(\(r.pick(mine)), \(r.pick(mine))[-1], \(r.pick(["a.x", "b.q", "a.g"])))"
        case 6 where table == "a": return "sum(x..z)"
        default: return r.pick(mine)
        }
    }
    func expression(_ table: String, _ mine: [String], _ depth: Int) -> String {
        if depth == 0 || r.int(3) == 0 { return leaf(table, mine) }
        switch r.int(8) {
        case 0: return "-\(expression(table, mine, depth - 1))"
        case 1: return "(\(expression(table, mine, depth - 1)))[-1]"
        default:
            let op = r.pick(["+", "-", "*", "/", "/", "^", "+", "-"])
            return "(\(expression(table, mine, depth - 1)) \(op) \(expression(table, mine, depth - 1)))"
        }
    }
    var out = "k = \(r.pick(["2", "0", "_", "\"t\"", "1/0"]))\n"
    let tables = [("a", "2019Q1..2020Q4", 8), ("b", "2019Q3..2021Q2", 8), ("m", "2019M01..2019M06", 6)]
    for (name, range, count) in tables {
        out += "table \(name) over \(range) {\n"
        for row in own[name]! { out += dataRow(row, count) + "\n" }
        // A formula row reads data rows, the formula rows before it and itself a period back.
        var readable = own[name]!
        for row in formulas[name]! {
            let body = r.int(5) == 0 ? "\(row)[-1] + \(expression(name, readable, 2))" : expression(name, readable, 3)
            out += "  \(row) = \(body)\n"
            readable.append(row)
            if r.int(4) == 0 { out += "  \(row)@\(name == "m" ? "2019M03" : "2020Q1") = \(expression(name, readable, 1))\n" }
        }
        out += "}\n"
    }
    return out
}

/// Every cell's value, exactly: numbers by their bits.
private func sameValues(_ a: [Value], _ b: [Value]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        switch (x, y) {
        case let (.number(p), .number(q)): if p.bitPattern != q.bitPattern { return false }
        default: if x != y { return false }
        }
    }
    return true
}

/// The program of `src` with its cycles marked, and its components in dependency order.
private func compiled(_ src: String) -> (Program, [[NodeID]]) {
    var sources = SourceMap()
    let (stdlib, _) = Pipeline.parseStdlib(into: &sources)
    let id = sources.add(name: "t.chiso", bytes: Array(src.utf8))
    let (tree, _) = Parser.parse(sources[id], id: id)
    let (resolver, components) = Resolver.build(stdlib: stdlib, notebook: LoadedNotebook(tree: tree, file: "t.chiso"))
    _ = Pipeline.markCycles(in: components, of: resolver.program)
    return (resolver.program, components)
}

private func evaluated(_ program: Program, _ components: [[NodeID]], maxSteps: Int, compiles: Bool) -> Evaluator {
    let e = Evaluator(program: program, locale: .en, maxSteps: maxSteps, compiles: compiles)
    e.evaluate(components)
    return e
}

/// What differs between two evaluations of one program, for the failure message.
private func differences(_ fast: Evaluator, _ plain: Evaluator) -> [String] {
    var out: [String] = []
    for id in fast.program.nodes.indices where !sameValues(fast.cells[id].values, plain.cells[id].values) {
        out.append("\(fast.program.nodes[id].name): \(fast.cells[id].values) ≠ \(plain.cells[id].values)")
    }
    if fast.issues != plain.issues { out.append("diagnostics: \(fast.issues) ≠ \(plain.issues)") }
    if fast.steps != plain.steps { out.append("steps left: \(fast.steps) ≠ \(plain.steps)") }
    if fast.outOfSteps != plain.outOfSteps || fast.anomalies != plain.anomalies { out.append("out of steps or anomalies differ") }
    return out
}

@Suite("Compiled row formulas")
struct RowKernelTests {
    @Test("the fast path gives the same values, diagnostics and steps as evaluating every cell", arguments: 0..<60)
    func sameWithAndWithout(_ seed: Int) {
        let src = randomNotebook(UInt64(seed))
        let (program, components) = compiled(src)
        let fast = evaluated(program, components, maxSteps: Evaluator.defaultMaxSteps, compiles: true)
        let plain = evaluated(program, components, maxSteps: Evaluator.defaultMaxSteps, compiles: false)
        #expect(differences(fast, plain).isEmpty, "seed \(seed):\n\(src)\n\(differences(fast, plain).joined(separator: "\n"))")
        // The budget runs out in the same cell, whatever the budget.
        let used = Evaluator.defaultMaxSteps - plain.steps
        for budget in [used / 3, used / 2, used - 1] where budget > 0 {
            let f = evaluated(program, components, maxSteps: budget, compiles: true)
            let p = evaluated(program, components, maxSteps: budget, compiles: false)
            #expect(p.outOfSteps)
            #expect(differences(f, p).isEmpty, "seed \(seed), \(budget) steps:\n\(src)\n\(differences(f, p).joined(separator: "\n"))")
        }
    }

    @Test("the notebooks parse, are mostly taken by the fast path, and give numbers")
    func fastPathTaken() {
        var compiledRows = 0, rows = 0, numbers = 0, cells = 0
        for seed in 0..<60 {
            let src = randomNotebook(UInt64(seed))
            var sources = SourceMap()
            let id = sources.add(name: "t.chiso", bytes: Array(src.utf8))
            #expect(Parser.parse(sources[id], id: id).1.isEmpty, "seed \(seed):\n\(src)")
            let (program, components) = compiled(src)
            let e = evaluated(program, components, maxSteps: Evaluator.defaultMaxSteps, compiles: true)
            for id in program.nodes.indices {
                guard case .row = program.nodes[id].kind, case .formula = program.nodes[id].body else { continue }
                rows += 1
                if e.kernel(for: id) != nil { compiledRows += 1 }
                for v in e.cells[id].leading {
                    cells += 1
                    if case .number = v { numbers += 1 }
                }
            }
        }
        #expect(rows > 300)
        #expect(compiledRows * 2 > rows, "\(compiledRows) of \(rows) formula rows compiled")
        #expect(numbers * 3 > cells, "\(numbers) of \(cells) formula cells are numbers")
    }

    @Test("cells made pending again are computed again to the same values")
    func somePending() {
        for seed in 0..<30 {
            let src = randomNotebook(UInt64(1000 + seed))
            let (program, components) = compiled(src)
            let plain = evaluated(program, components, maxSteps: Evaluator.defaultMaxSteps, compiles: false)
            let fast = evaluated(program, components, maxSteps: Evaluator.defaultMaxSteps, compiles: true)
            // Some cells of formula rows forgotten (their inputs unchanged), then forced again.
            var r = SplitMix(seed: UInt64(seed))
            for id in program.nodes.indices {
                guard case .row = program.nodes[id].kind, case .formula = program.nodes[id].body else { continue }
                let c = fast.cells[id]
                for i in 0..<c.count where r.int(3) == 0 { c.set(i, Evaluator.CellState.pending) }
            }
            fast.evaluate(components)
            for id in program.nodes.indices {
                #expect(
                    sameValues(fast.cells[id].values, plain.cells[id].values),
                    "seed \(1000 + seed), \(program.nodes[id].name):\n\(src)")
            }
        }
    }

    @Test("a row of arithmetic over rows with shifts, blanks, zeros and texts")
    func knownValues() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q4 {
              a = 4, 0, _, "n"
              b = 2, 2, 2, 2
              c = a / b + a[-1]
              d = b / a
              e = sum(a, b[1], b)
              e@2019Q2 = 9
            }
            """)
        #expect(rowValues(r, table: "t", row: "c") == [.blank, .number(4), .blank, .error(.value)])
        #expect(rowValues(r, table: "t", row: "d") == [.number(0.5), .error(.div0), .blank, .error(.value)])
        #expect(rowValues(r, table: "t", row: "e") == [.number(8), .number(9), .number(4), .error(.value)])
    }
}
