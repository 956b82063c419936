// MARK: - The resolver's quick paths
//
// What the resolver does to go fast must give what the plain way gave: a row's name made
// in one step, what a formula reads sorted and made a set in place, a table's rows read
// without copying the table, a row claimed with one look-up (a duplicate still refused,
// the first kept), `t.row` compiled without making its chain of names, and Tarjan's
// components with each vertex's edges asked for once.

import ChisoTestSupport
import Testing

@testable import ChisoCore

/// Resolves `src` (no imports) into a program, with its diagnostics.
private func resolved(_ src: String) -> (Program, [Diagnostic]) {
    var sources = SourceMap()
    let id = sources.add(name: "t.chiso", bytes: Array(src.utf8))
    let (tree, _) = Parser.parse(sources[id], id: id)
    let (program, diagnostics, _) = Resolver.resolve(stdlib: [], notebook: tree)
    return (program, diagnostics)
}

@Suite("Resolver quick paths")
struct ResolverFastPathTests {
    @Test("a row's name is its table's, a dot and its own, for any letters")
    func dotted() {
        #expect(Resolver.dotted("dvc", "received") == "dvc.received")
        #expect(Resolver.dotted("", "x") == ".x")
        #expect(Resolver.dotted("t", "") == "t.")
        #expect(Resolver.dotted("đơn_vị", "tỷ_lệ") == "đơn_vị.tỷ_lệ")
        let long = String(repeating: "a", count: 100)
        #expect(Resolver.dotted(long, long) == long + "." + long)
        #expect(Resolver.dotted(long, long).utf8.count == 201)
    }

    @Test("what a formula reads is sorted by node, each once, a node read unshifted first")
    func takeSorted() {
        var c = Resolver.Compilation()
        #expect(c.takeSorted() == [])
        c.dependencies = [Dependency(node: 4, shifted: true)]
        #expect(c.takeSorted() == [Dependency(node: 4, shifted: true)])
        c.dependencies = [
            Dependency(node: 9, shifted: false), Dependency(node: 2, shifted: true), Dependency(node: 9, shifted: false),
            Dependency(node: 2, shifted: false), Dependency(node: 5, shifted: true), Dependency(node: 2, shifted: true),
        ]
        let sorted = c.takeSorted()
        #expect(
            sorted == [
                Dependency(node: 2, shifted: false), Dependency(node: 2, shifted: true), Dependency(node: 5, shifted: true),
                Dependency(node: 9, shifted: false),
            ])
        // The buffer is left sorted, repeats and all; emptied to be used again, the result keeps its own.
        #expect(c.dependencies.map(\.node) == [2, 2, 2, 5, 9, 9])
        c.dependencies.removeAll(keepingCapacity: true)
        #expect(sorted.count == 4)
    }

    @Test("a table's rows, periods and name read in place are the table's own")
    func readInPlace() {
        let (program, diagnostics) = resolved(
            """
            table a over 2019Q1..2019Q4 {
              x = 1, 2, 3, 4
              y = x * 2
            }
            table b over 2019..2020 {
              x = 5, 6
            }
            """)
        #expect(diagnostics.isEmpty)
        for t in program.tables.indices {
            #expect(program.name(ofTable: t) == program.tables[t].name)
            #expect(program.range(ofTable: t) == program.tables[t].range)
            for (name, id) in program.tables[t].rowByName {
                #expect(program.row(named: name, inTable: t) == id)
            }
            #expect(program.row(named: "z", inTable: t) == nil)
        }
        #expect(program.table(named: "b", inModule: 0) == 1)
        #expect(program.table(named: "c", inModule: 0) == nil)
        #expect(program.module(named: "a", importedBy: 0) == nil)
        #expect(program.nodes[program.row(named: "y", inTable: 0)!].name == "a.y")
    }

    @Test("a row defined twice keeps the first, and what reads it reads the first")
    func duplicateRowKeepsFirst() {
        let (program, diagnostics) = resolved(
            """
            table t over 2019..2020 {
              x = 1, 2
              y = x + 1
              x = 3, 4
            }
            table u over 2019..2020 {
              z = t.x
            }
            """)
        #expect(diagnostics.map(\.message) == ["'x' is defined twice"])
        let first = program.row(named: "x", inTable: 0)!
        #expect(program.tables[0].rows == [first, first + 1])
        #expect(program.tables[0].rowByName.count == 2)
        guard case .data(let values) = program.nodes[first].body else {
            Issue.record("t.x is not the data row first written")
            return
        }
        #expect(values == [.number(1), .number(2)])
        let z = program.row(named: "z", inTable: 1)!
        #expect(program.nodes[z].dependencies == [Dependency(node: first, shifted: false)])
        let y = program.row(named: "y", inTable: 0)!
        #expect(program.nodes[y].dependencies == [Dependency(node: first, shifted: false)])
    }

    @Test("t.row compiles as the walk through imports compiles it")
    func memberQuickPath() {
        // A table, an imported notebook's alias and a cell spelt like it: the quick path is
        // only for a table of this notebook, the rest takes the walk and says the same as before.
        let r = runNotebook(
            """
            k = 2
            table a over 2019Q1..2019Q2 {
              x = 1, 2
            }
            table b over 2019Q1..2019Q2 {
              y = a.x * k
              z = a.w
              v = k.x
              w = nope.x
            }
            """)
        #expect(rowValues(r, table: "b", row: "y") == values(2, 4))
        #expect(
            errors(r).map(\.message) == [
                "table 'a' has no row 'w'", "'k' is a cell, not a table", "unknown table 'nope'",
            ])
    }

    @Test("a node is private when its last name starts with _, read by bytes as by characters")
    func isPrivate() {
        let names = [
            "_x", "t._x", "t.x", "x", "", ".", "..", "t.", "_t.", "a._b.c", "a.b._c", "t._", "__", "t.__x", "x_", "t.x_y",
            "đơn_vị._x", "_đ", "đ._y", "đ.y", "ds.t._r", "ds._t.r",
        ]
        for name in names {
            let node = Node(kind: .scalar, name: name, span: SourceSpan(source: SourceID(raw: 0), start: 0, end: 0), body: .data([]))
            let last = name.lastIndex(of: ".").map { name[name.index(after: $0)...] } ?? name[...]
            #expect(node.isPrivate == last.hasPrefix("_"), "\(name)")
        }
    }

    @Test("Tarjan's components are those the plain walk gives, in the same order")
    func tarjanAgainstReference() {
        var generator = SplitMix(seed: 14)
        for round in 0..<200 {
            let n = Int(generator.next() % 40)
            let edgeCount = n == 0 ? 0 : Int(generator.next() % UInt64(3 * n + 1))
            var edges = [[Int]](repeating: [], count: n)
            for _ in 0..<edgeCount {
                let from = Int(generator.next() % UInt64(n)), to = Int(generator.next() % UInt64(n))
                edges[from].append(to)
            }
            let fast = Graph.tarjan(count: n, edges: { edges[$0] }, vertex: { $0 })
            let plain = referenceTarjan(count: n, edges: edges)
            #expect(fast == plain, "round \(round): \(edges)")
        }
    }
}

/// Tarjan's algorithm as `Graph.tarjan` was written before it kept each frame's edges
/// (edges asked for on every step, a component popped one vertex at a time).
private func referenceTarjan(count n: Int, edges: [[Int]]) -> [[Int]] {
    var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int] = [], result: [[Int]] = []
    var counter = 0
    for root in 0..<n where index[root] < 0 {
        var work: [(Int, Int)] = [(root, 0)]
        index[root] = counter; low[root] = counter; counter += 1
        stack.append(root); onStack[root] = true
        while let (v, edge) = work.last {
            let deps = edges[v]
            if edge < deps.count {
                work[work.count - 1].1 += 1
                let w = deps[edge]
                if index[w] < 0 {
                    index[w] = counter; low[w] = counter; counter += 1
                    stack.append(w); onStack[w] = true
                    work.append((w, 0))
                } else if onStack[w] {
                    low[v] = min(low[v], index[w])
                }
                continue
            }
            work.removeLast()
            if let (parent, _) = work.last { low[parent] = min(low[parent], low[v]) }
            if low[v] == index[v] {
                var component: [Int] = []
                while true {
                    let w = stack.removeLast()
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                result.append(component.count > 1 ? component.sorted() : component)
            }
        }
    }
    return result
}
