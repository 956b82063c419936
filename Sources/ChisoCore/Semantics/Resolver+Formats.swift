// MARK: - Resolver: display formats
//
// A node's display format: its `as`, else the one its formula suggests. Inferred once
// every node is compiled, dependencies first; again for the nodes a session's input
// changed; and for an expression compiled against a resolved program.

extension Resolver {
    enum FormatState { case unknown, inProgress, known(DisplayFormat?) }

    /// Each node's display format: its `as`, else the one its formula suggests
    /// (a percent literal, a percent row it copies, a function declared `as percent`).
    /// Nodes are visited dependencies first, so a formula copying another cell's format
    /// finds it known instead of recursing down a long chain.
    mutating func inferFormats(in components: [[NodeID]]) {
        formatStates = Array(repeating: .unknown, count: program.nodes.count)
        for component in components {
            for id in component { program.nodes[id].format = nodeFormat(id) ?? .general }
        }
    }

    private mutating func nodeFormat(_ id: NodeID) -> DisplayFormat? {
        // A node of an already resolved program (an expression compiled against it).
        guard id < explicitFormat.count else { return program.nodes[id].format }
        if let f = explicitFormat[id] { return f }
        switch formatStates[id] {
        case .known(let f): return f
        case .inProgress: return nil
        case .unknown: break
        }
        formatStates[id] = .inProgress
        var result: DisplayFormat?
        // A row's body read in place (see `pendingRowBody`); other nodes are few.
        if let body = pendingRowBody(id) {
            switch body {
            case .formula(let e): result = format(of: e, scope(of: id))
            case .data(let values):
                // Percent only when every number in the row is written as a percent.
                var numbers = false, percents = true
                for e in values {
                    guard case .number(_, let p) = e.kind else { continue }
                    numbers = true
                    if !p {
                        percents = false
                        break
                    }
                }
                if numbers, percents {
                    result = .percent(decimals: nil)
                }
            }
        } else if case .scalar(let decl) = pending[id] {
            result = format(of: decl.body, scope(of: id))
        }
        formatStates[id] = .known(result)
        return result
    }

    /// The format an expression's value suggests; nil when it suggests none.
    mutating func format(of e: Expr, _ scope: Scope) -> DisplayFormat? {
        switch e.kind {
        case .number(_, percent: true): return .percent(decimals: nil)
        case .name(let n):
            if scope.parameters[n] != nil { return nil }
            if let t = scope.table, let row = program.row(named: n, inTable: t) { return nodeFormat(row) }
            if let s = program.scalar(named: n, inModule: scope.module) { return nodeFormat(s) }
            return nil
        case .member:
            // The same walk through imports as `member` does when compiling.
            guard let names = e.nameChain else { return nil }
            let (module, i) = throughImports(names, from: scope.module, keeping: 1)
            let rest = names[i...], here = program.modules[module]
            if rest.count == 1, let s = here.scalarByName[rest[rest.startIndex]] { return nodeFormat(s) }
            if rest.count == 2, let t = here.tableByName[rest[rest.startIndex]],
                let row = program.tables[t].rowByName[rest[rest.startIndex + 1]]
            {
                return nodeFormat(row)
            }
            return nil
        case .unary(.negate, let x), .offset(let x, _), .at(let x, _, _):
            return format(of: x, scope)
        case .binary(let op, let a, let b) where op == .add || op == .subtract:
            // The format of the formatted side: `year() + 1` reads 2020, `rate - 1%` stays a percent.
            let fa = format(of: a, scope), fb = format(of: b, scope)
            return fa == fb || fb == nil ? fa : (fa == nil ? fb : nil)
        case .ifThenElse(_, let a, let b):
            return format(of: a, scope) ?? format(of: b, scope)
        case .call(let f, let args):
            if let index = function(named: f, scope) {
                // The change of a rate is in percentage points, not a percent.
                if program.functions[index].fromStdlib, Self.pointsOfPercent.contains(f), args.count == 1,
                    case .percent(let d)? = format(of: args[0], scope)
                {
                    return .points(decimals: d ?? 1)
                }
                return program.functions[index].format
            }
            switch Builtin(rawValue: f)?.spec.format {
            case .argument(let i): return i < args.count ? format(of: args[i], scope) : nil
            case .fixed(let format): return format
            case .unspecified?, nil: return nil
            }
        default:
            return nil
        }
    }

    /// Standard-library changes that are in percentage points when their argument is a percent.
    static let pointsOfPercent: Set<String> = ["delta", "yoy_delta"]

    /// Infers the display formats of these nodes again, in the order given (dependencies first).
    mutating func refreshFormats(_ ordered: [NodeID]) {
        if formatStates.count < program.nodes.count {
            formatStates += Array(repeating: .unknown, count: program.nodes.count - formatStates.count)
        }
        for id in ordered { formatStates[id] = .unknown }
        for id in ordered { program.nodes[id].format = nodeFormat(id) ?? .general }
    }
}
