// MARK: - Which calls may be remembered
//
// A call's result may be remembered by its arguments' values when the function is
// recursive (its calls can reach it again: the only way a few calls turn into
// exponentially many) and every argument is surely evaluated, in the call's own
// context, whatever path the body takes: evaluating them first, for the key, then
// changes nothing. `fib(n)` is such a function (`if n < 2` reads n first);
// `fn f(n, acc) = if n == 0 then acc else …` is not (acc may go unread).
//
// Reading an argument in another period (`x[-1]`) is seen while evaluating, and such
// a call is not remembered (see `Evaluator.call`).

enum Recursion {
    /// For each function, whether its calls are remembered.
    static func remembered(_ functions: [Function]) -> [Bool] {
        let callees = functions.map { f -> [Int] in
            var out: [Int] = []
            calls(in: f.body, into: &out)
            return out
        }
        var result = Array(repeating: false, count: functions.count)
        // All parameters strict to start with; a component's fixpoint only removes some.
        var strict = functions.map { Set(0..<$0.parameters.count) }
        for component in components(callees) {
            let recursive = component.count > 1 || callees[component[0]].contains(component[0])
            guard recursive else {
                // Its callees are settled: one pass.
                let f = component[0]
                strict[f] = surely(functions[f].body, strict: strict, functions: functions).intersection(strict[f])
                continue
            }
            // Each round removes a parameter or settles; past a few dozen rounds, give up
            // (nothing in the component is remembered).
            var settled = false
            for _ in 0..<64 where !settled {
                settled = true
                for f in component {
                    let s = surely(functions[f].body, strict: strict, functions: functions).intersection(strict[f])
                    if s != strict[f] {
                        strict[f] = s
                        settled = false
                    }
                }
            }
            for f in component {
                if !settled { strict[f] = [] }
                result[f] = settled && strict[f].count == functions[f].parameters.count
            }
        }
        return result
    }

    /// The functions a body calls, with repeats.
    private static func calls(in code: Code, into out: inout [Int]) {
        switch code {
        case .constant, .scalar, .row, .rows, .parameter: return
        case .offset(let x, let k):
            calls(in: x, into: &out)
            calls(in: k, into: &out)
        case .at(let x, let a, let b):
            calls(in: x, into: &out)
            calls(in: a, into: &out)
            if let b { calls(in: b, into: &out) }
        case .unary(_, let x): calls(in: x, into: &out)
        case .binary(_, let a, let b):
            calls(in: a, into: &out)
            calls(in: b, into: &out)
        case .ifThenElse(let c, let a, let b):
            calls(in: c, into: &out)
            calls(in: a, into: &out)
            calls(in: b, into: &out)
        case .builtin(_, let args):
            for a in args { calls(in: a, into: &out) }
        case .call(let f, let args):
            out.append(f)
            for a in args { calls(in: a, into: &out) }
        }
    }

    /// The parameters surely evaluated, in the current context, whenever `code` is.
    private static func surely(_ code: Code, strict: [Set<Int>], functions: [Function]) -> Set<Int> {
        func s(_ c: Code) -> Set<Int> { surely(c, strict: strict, functions: functions) }
        switch code {
        case .parameter(let k): return [k]
        case .constant, .scalar, .row, .rows: return []
        // x itself is read in another period; the shift (or first period) here.
        case .offset(_, let k): return s(k)
        case .at(_, let from, _): return s(from)
        case .unary(_, let x): return s(x)
        case .binary(let op, let a, let b):
            return op == .and || op == .or ? s(a) : s(a).union(s(b))
        // A blank or error condition takes neither branch.
        case .ifThenElse(let c, _, _): return s(c)
        case .builtin(let f, let args):
            switch f {
            case .sum, .avg, .min, .max, .count, .first, .last, .concat:
                return args.reduce(into: Set<Int>()) { $0.formUnion(s($1)) }
            case .period:
                return []
            default:
                // Every other built-in looks at its first argument first.
                return args.first.map(s) ?? []
            }
        case .call(let g, let args):
            // Applied period by period, only the first argument is surely read here.
            let read = functions[g].usesPeriod ? strict[g].filter { $0 == 0 } : strict[g]
            var out = Set<Int>()
            for k in read where k < args.count { out.formUnion(s(args[k])) }
            return out
        }
    }

    /// Strongly connected components of the call graph, callees before callers: the
    /// dependency graph's Tarjan, over function indices.
    private static func components(_ callees: [[Int]]) -> [[Int]] {
        Graph.tarjan(count: callees.count, edges: { callees[$0] }, vertex: { $0 })
    }
}
