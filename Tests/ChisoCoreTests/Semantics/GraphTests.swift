// MARK: - The dependency graph
//
// Cycles are reported with their path and their cells are #CYCLE! while the rest still
// evaluates; a row reading itself (or another row reading it) through a negative offset
// is not a cycle.

import Testing

@testable import ChisoCore

private func cycleMessages(_ r: RunResult) -> [String] {
    r.diagnostics.filter { $0.kind == .cycle }.map(\.message)
}

@Suite("Graph")
struct GraphTests {
    // MARK: Components

    @Test("strongly connected components come dependencies first")
    func components() {
        // 0 -> 1 -> 2 -> 0 is a loop; 3 reads 0; 4 reads nothing.
        let edges: [Int: [Int]] = [0: [1], 1: [2], 2: [0], 3: [0], 4: []]
        let result = Graph.components(of: [0, 1, 2, 3, 4]) { v in
            (edges[v] ?? []).map { Dependency(node: $0, shifted: false) }
        }
        #expect(result.count == 3)
        #expect(Set(result.map { $0 }) == Set([[0, 1, 2], [3], [4]]))
        let loop = result.firstIndex(of: [0, 1, 2])!
        let reader = result.firstIndex(of: [3])!
        #expect(loop < reader)
    }

    @Test("only edges between the given nodes count")
    func restricted() {
        let result = Graph.components(of: [0, 1]) { v in
            v == 0 ? [Dependency(node: 1, shifted: false), Dependency(node: 7, shifted: false)] : []
        }
        #expect(result == [[1], [0]])
    }

    @Test("a chain of 100,000 nodes needs no recursion")
    func longChain() {
        let n = 100_000
        let result = Graph.components(of: Array(0..<n)) { v in
            v == 0 ? [] : [Dependency(node: v - 1, shifted: false)]
        }
        #expect(result.count == n)
        #expect(result.first == [0])
        #expect(result.last == [n - 1])
    }

    // MARK: Cycles in a notebook

    @Test("a cycle is reported with its path; its cells are #CYCLE!; the rest evaluates")
    func scalarCycle() {
        let r = runNotebook(
            """
            a = b + 1
            b = c + 1
            c = a + 1
            d = 5
            e = d * 2
            """)
        #expect(cycleMessages(r) == ["cycle: a -> b -> c -> a"])
        #expect(value(r, "a") == .error(.cycle))
        #expect(value(r, "b") == .error(.cycle))
        #expect(value(r, "c") == .error(.cycle))
        #expect(value(r, "d") == .number(5))
        #expect(value(r, "e") == .number(10))
        #expect(r.hasErrors)
        let d = r.diagnostics.first { $0.kind == .cycle }
        #expect(d.flatMap { location($0, in: r) }.map { [$0.line, $0.column] } == [1, 1])
        #expect(d?.notes.count == 2)
    }

    @Test("a cell reading a cycle shows the cycle's error")
    func readerOfCycle() {
        let r = runNotebook("a = b\nb = a\nf = a + 1\ng = 3\n")
        #expect(cycleMessages(r) == ["cycle: a -> b -> a"])
        #expect(value(r, "f") == .error(.cycle))
        #expect(value(r, "g") == .number(3))
    }

    @Test("a cell that reads itself")
    func selfCycle() {
        let r = runNotebook("x = x + 1\ny = 2\n")
        #expect(cycleMessages(r) == ["cycle: x -> x"])
        #expect(value(r, "x") == .error(.cycle))
        #expect(value(r, "y") == .number(2))
    }

    @Test("two separate cycles are both reported")
    func twoCycles() {
        let r = runNotebook("a = b\nb = a\nc = d\nd = c\ne = 1\n")
        #expect(cycleMessages(r).count == 2)
        #expect(cycleMessages(r).contains("cycle: a -> b -> a"))
        #expect(cycleMessages(r).contains("cycle: c -> d -> c"))
        #expect(value(r, "e") == .number(1))
    }

    @Test("rows of a table in a cycle; the other rows evaluate")
    func rowCycle() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              base = 1, 2, 3
              x = y + base
              y = x * 2
              z = base * 10
            }
            """)
        #expect(cycleMessages(r) == ["cycle: t.x -> t.y -> t.x"])
        #expect(rowValues(r, table: "t", row: "x") == [.error(.cycle), .error(.cycle), .error(.cycle)])
        #expect(rowValues(r, table: "t", row: "y") == [.error(.cycle), .error(.cycle), .error(.cycle)])
        #expect(rowTotal(r, table: "t", row: "x") == .error(.cycle))
        #expect(rowValues(r, table: "t", row: "z") == values(10, 20, 30))
        #expect(rowTotal(r, table: "t", row: "z") == .number(60))
    }

    @Test("a cycle through a function call is still a cycle")
    func cycleThroughFunction() {
        let r = runNotebook("fn twice(v) = v * 2\na = twice(b)\nb = a + 1\nc = 1\n")
        #expect(cycleMessages(r) == ["cycle: a -> b -> a"])
        #expect(value(r, "a") == .error(.cycle))
        #expect(value(r, "c") == .number(1))
    }

    @Test("two loops tied together by shifted references are both reported, each with its path")
    func loopsInOneComponent() {
        // a and b read each other now, c and d too; b reads c and d reads a a period back,
        // so all four are one component of the graph, holding two cycles.
        let r = runNotebook(
            """
            table t over 2019..2021 {
              a = b + 1
              b = a + coalesce(c[-1], 0)
              c = d
              d = c + coalesce(a[-1], 0)
              e = 1, 2, 3
            }
            """)
        #expect(cycleMessages(r) == ["cycle: t.a -> t.b -> t.a", "cycle: t.c -> t.d -> t.c"])
        for row in ["a", "b", "c", "d"] {
            #expect(rowValues(r, table: "t", row: row) == [.error(.cycle), .error(.cycle), .error(.cycle)])
        }
        #expect(rowValues(r, table: "t", row: "e") == values(1, 2, 3))
    }

    @Test("of several loops through one cell, one of the shortest is reported; every cell on them is #CYCLE!")
    func shortestLoop() {
        let r = runNotebook("a = c + b\nb = a\nc = d\nd = a\ne = 1\n")
        #expect(cycleMessages(r) == ["cycle: a -> b -> a"])
        for name in ["a", "b", "c", "d"] { #expect(value(r, name) == .error(.cycle)) }
        #expect(value(r, "e") == .number(1))
    }

    @Test("a longer loop is shown in reading order, with a note for each cell between")
    func loopInReadingOrder() {
        let r = runNotebook("d = 1\nc = a\nb = c\na = b\n")
        #expect(cycleMessages(r) == ["cycle: c -> a -> b -> c"])
        let d = r.diagnostics.first { $0.kind == .cycle }
        #expect(d?.notes.map(\.message) == ["'a' is defined here", "'b' is defined here"])
    }

    // MARK: Not cycles

    @Test("a running balance reading itself one period back is not a cycle")
    func runningBalance() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q4 {
              inflow = 10, 20, _, 5
              stock = coalesce(stock[-1], 0) + coalesce(inflow, 0)
            }
            """)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "stock") == values(10, 30, 30, 35))
    }

    @Test("the language's own example: stock = coalesce(stock[-1], 0) + inflow")
    func stockExample() {
        let r = runNotebook(
            """
            table t over 2019..2022 {
              inflow = 1, 2, 3, 4
              stock = coalesce(stock[-1], 0) + inflow
            }
            """)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "stock") == values(1, 3, 6, 10))
    }

    @Test("two rows may refer to each other through negative offsets")
    func mutualOffsets() {
        let r = runNotebook(
            """
            table t over 2019..2021 {
              a = coalesce(b[-1], 0) + 1
              b = coalesce(a[-1], 0) + 10
            }
            """)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "a") == values(1, 11, 12))
        #expect(rowValues(r, table: "t", row: "b") == values(10, 11, 21))
    }

    @Test("one row reads the other now, the other reads it a period back")
    func mixedOffsets() {
        let r = runNotebook(
            """
            table t over 2019..2022 {
              x = coalesce(y[-1], 0) + 1
              y = x * 2
            }
            """)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "x") == values(1, 3, 7, 15))
        #expect(rowValues(r, table: "t", row: "y") == values(2, 6, 14, 30))
    }

    @Test("a self-reference through a stdlib function's offset is not a cycle")
    func selfThroughDelta() {
        // delta(x) reads x now and x[-1]; here the row reads another row through delta.
        let r = runNotebook(
            """
            table t over 2019..2022 {
              level = 5, 8, 8, 12
              change = delta(level)
              back = coalesce(back[-1], 0) + coalesce(change, 0)
            }
            """)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "back") == values(0, 3, 3, 7))
    }

    @Test("a loop hidden in the cells (x reads the next and the previous period) is reported, not a crash")
    func cellLevelCycle() {
        let r = runNotebook(
            """
            table t over 2019..2021 {
              x = coalesce(x[1], 0) + coalesce(x[-1], 0) + 1
            }
            y = 1
            """)
        #expect(r.diagnostics.contains { $0.kind == .cycle })
        #expect(rowValues(r, table: "t", row: "x").contains(.error(.cycle)))
        #expect(value(r, "y") == .number(1))
    }

    // MARK: Size

    @Test("a chain of 20,000 cells evaluates without exhausting the stack")
    func longCellChain() {
        let n = 20_000
        // Private cells (not printed), so the test measures the graph and the evaluator.
        var lines = ["_x0 = 1", "last = _x\(n - 1)"]
        for i in 1..<n { lines.append("_x\(i) = _x\(i - 1) + 1") }
        // Written last-first, so the file order is the opposite of the evaluation order.
        let r = runNotebook(lines.reversed().joined(separator: "\n"))
        #expect(errors(r).isEmpty)
        #expect(value(r, "last") == .number(Double(n)))
    }

    @Test("a running balance over 5,000 months evaluates")
    func longRunningBalance() {
        let r = runNotebook(
            """
            table t over 1600M01..2016M08 {
              stock = coalesce(stock[-1], 0) + 1
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        let v = rowValues(r, table: "t", row: "stock")
        #expect(v.count == 5_000)
        #expect(v.last == .number(5_000))
    }
}
