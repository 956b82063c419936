// MARK: - The dependency graph
//
// Strongly connected components in evaluation order (what a node reads comes first),
// found without recursion so a chain of 100,000 cells cannot exhaust the stack. A
// component whose unshifted edges form a loop is a cycle: its nodes are `#CYCLE!` and
// the loop is reported with its path. Components held together only by shifted edges
// (`stock = stock[-1] + inflow`) are fine and are evaluated cell by cell.

struct Graph {
    /// Components of `nodes`, dependencies first. Only edges between the given nodes count.
    static func components(of nodes: [NodeID], in program: Program) -> [[NodeID]] {
        components(of: nodes) { program.nodes[$0].dependencies }
    }

    /// Components of every node of the program, dependencies first (arrays, not hashing:
    /// this runs on every notebook).
    static func components(of program: Program) -> [[NodeID]] {
        let n = program.nodes.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [NodeID] = [], result: [[NodeID]] = []
        var counter = 0
        for root in 0..<n where index[root] < 0 {
            var work: [(NodeID, Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, edge) = work.last {
                let deps = program.nodes[v].dependencies
                if edge < deps.count {
                    work[work.count - 1].1 += 1
                    let w = deps[edge].node
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
                    var component: [NodeID] = []
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

    static func components(of nodes: [NodeID], edges: (NodeID) -> [Dependency]) -> [[NodeID]] {
        let members = Set(nodes)
        var index = [NodeID: Int](), low = [NodeID: Int](), onStack = Set<NodeID>()
        var stack: [NodeID] = [], result: [[NodeID]] = []
        var counter = 0
        for root in nodes where index[root] == nil {
            // Each frame: a node and the position of the next edge to follow.
            var work: [(NodeID, Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (v, edge) = work.last {
                let deps = edges(v)
                if edge < deps.count {
                    work[work.count - 1].1 += 1
                    let w = deps[edge].node
                    guard members.contains(w) else { continue }
                    if index[w] == nil {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        low[v] = min(low[v]!, index[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let (parent, _) = work.last { low[parent] = min(low[parent]!, low[v]!) }
                if low[v] == index[v] {
                    var component: [NodeID] = []
                    while true {
                        let w = stack.removeLast()
                        onStack.remove(w)
                        component.append(w)
                        if w == v { break }
                    }
                    result.append(component.sorted())
                }
            }
        }
        return result
    }

    /// The loops of unshifted edges inside one component, each as a path `a -> b -> a`.
    static func hardCycles(in component: [NodeID], program: Program) -> [[NodeID]] {
        let members = Set(component)
        if component.count == 1 {
            let v = component[0]
            let selfLoop = program.nodes[v].dependencies.contains { $0.node == v && !$0.shifted }
            return selfLoop ? [[v, v]] : []
        }
        // Restrict to unshifted edges and find the loops among them.
        var hard: [NodeID: [Dependency]] = [:]
        for v in component {
            hard[v] = program.nodes[v].dependencies.filter { !$0.shifted && members.contains($0.node) }
        }
        var cycles: [[NodeID]] = []
        for sub in components(of: component, edges: { hard[$0] ?? [] })
        where sub.count > 1 || hard[sub[0]]!.contains(where: { $0.node == sub[0] }) {
            cycles.append(path(in: Set(sub), from: sub[0], edges: { hard[$0] ?? [] }))
        }
        return cycles
    }

    /// A shortest loop from `start` back to itself inside `members`.
    private static func path(in members: Set<NodeID>, from start: NodeID, edges: (NodeID) -> [Dependency]) -> [NodeID] {
        var previous: [NodeID: NodeID] = [:]
        var queue = [start], head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for d in edges(v) where members.contains(d.node) {
                if d.node == start {
                    var path = [start], cur = v
                    while cur != start { path.append(cur); cur = previous[cur]! }
                    path.append(start)
                    // Edges point from a node to what it reads; show the reading order.
                    return [start] + path.dropFirst().dropLast().reversed() + [start]
                }
                if previous[d.node] == nil, d.node != start {
                    previous[d.node] = v
                    queue.append(d.node)
                }
            }
        }
        return [start, start]
    }
}
