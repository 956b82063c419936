// MARK: - The dependency graph
//
// Strongly connected components in evaluation order (what a node reads comes first),
// found without recursion so a chain of 100,000 cells cannot exhaust the stack.
// Components held together only by shifted edges (`stock = stock[-1] + inflow`) are
// fine and are evaluated cell by cell. A loop of unshifted edges is a cycle: it is
// reported with its path and its nodes are `#CYCLE!` (`hardCycles`, `loop`).

struct Graph {
    /// Components of `nodes`, dependencies first. Only edges between the given nodes count.
    static func components(of nodes: [NodeID], in program: Program) -> [[NodeID]] {
        components(of: nodes) { program.nodes[$0].dependencies }
    }

    /// Components of every node of the program, dependencies first (the nodes are the
    /// vertices: no mapping, no hashing; this runs on every notebook).
    static func components(of program: Program) -> [[NodeID]] {
        tarjan(count: program.nodes.count, edges: { program.nodes[$0].dependencies }, vertex: { $0.node })
    }

    /// Components of `nodes` along the edges `edges` gives, dependencies first. Only edges
    /// between the given nodes count.
    static func components(of nodes: [NodeID], edges: (NodeID) -> [Dependency]) -> [[NodeID]] {
        components(of: nodes, edges: edges, following: { _ in true })
    }

    /// Components of `nodes` along the edges between them that `follows` accepts.
    private static func components(of nodes: [NodeID], edges: (NodeID) -> [Dependency], following follows: (Dependency) -> Bool)
        -> [[NodeID]]
    {
        // The nodes as vertices 0..<count, in the order given.
        var vertices: [NodeID] = [], vertex: [NodeID: Int] = [:]
        for v in nodes where vertex[v] == nil {
            vertex[v] = vertices.count
            vertices.append(v)
        }
        let found = tarjan(count: vertices.count, edges: { edges(vertices[$0]) }, vertex: { d in follows(d) ? vertex[d.node] : nil })
        return found.map { component in component.map { vertices[$0] }.sorted() }
    }

    /// Tarjan's algorithm over the vertices `0..<count`, without recursion: each frame of
    /// `work` is a vertex and the position of its next edge to follow. `edges(v)` is what
    /// v reads; `vertex` gives the vertex an edge leads to, nil for an edge not followed.
    /// Components come out dependencies first, each sorted.
    static func tarjan<Edge>(count n: Int, edges: (Int) -> [Edge], vertex: (Edge) -> Int?) -> [[Int]] {
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], result: [[Int]] = []
        var counter = 0
        // Each frame keeps the vertex's edges, asked for once.
        var work: [(vertex: Int, edge: Int, edges: [Edge])] = []
        for root in 0..<n where index[root] < 0 {
            work.append((root, 0, edges(root)))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let top = work.count - 1
                let v = work[top].vertex, edge = work[top].edge
                if edge < work[top].edges.count {
                    work[top].edge += 1
                    guard let w = vertex(work[top].edges[edge]) else { continue }
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0, edges(w)))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if !work.isEmpty { low[work[top - 1].vertex] = min(low[work[top - 1].vertex], low[v]) }
                if low[v] == index[v] {
                    // The component is the stack from v up, made at its size.
                    var k = stack.count - 1
                    while stack[k] != v { k -= 1 }
                    let component = k == stack.count - 1 ? [v] : stack[k...].sorted()
                    for w in stack[k...] { onStack[w] = false }
                    stack.removeSubrange(k...)
                    result.append(component)
                }
            }
        }
        return result
    }

    /// The loops of unshifted edges inside one component, each as a path `a -> b -> a`.
    ///
    /// Not the question `components` answers, so not the same pass: evaluation order
    /// needs the components of every edge (a shifted edge still orders two rows), while
    /// a cycle is a loop of unshifted edges only, and one component may hold none
    /// (`stock = stock[-1] + inflow`) or several, tied together by shifted edges. So
    /// inside a component the components of its unshifted edges are found with the same
    /// `tarjan`, and each that loops is reported once, by a shortest loop through its
    /// first node.
    static func hardCycles(in component: [NodeID], program: Program) -> [[NodeID]] {
        var cycles: [[NodeID]] = []
        for sub in components(of: component, edges: { program.nodes[$0].dependencies }, following: { !$0.shifted })
        where sub.count > 1 || program.nodes[sub[0]].dependencies.contains(where: { $0.node == sub[0] && !$0.shifted }) {
            cycles.append(loop(from: sub[0], in: program, within: Set(sub)) ?? [sub[0], sub[0]])
        }
        return cycles
    }

    /// A shortest loop of unshifted edges from `start` back to itself, in reading order
    /// (`[a, b, a]`: a reads b, b reads a), staying among `members` when they are given;
    /// nil when there is none.
    static func loop(from start: NodeID, in program: Program, within members: Set<NodeID>? = nil) -> [NodeID]? {
        var previous: [NodeID: NodeID] = [:]
        var queue = [start], head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for d in program.nodes[v].dependencies where !d.shifted && (members?.contains(d.node) ?? true) {
                if d.node == start {
                    // Back from `v` to `start`: the loop read backwards.
                    var path = [start], cur = v
                    while cur != start { path.append(cur); cur = previous[cur]! }
                    return [start] + path.reversed()
                }
                if previous[d.node] == nil {
                    previous[d.node] = v
                    queue.append(d.node)
                }
            }
        }
        return nil
    }
}
