// MARK: - Resolver: compiling
//
// Expressions to `Code`, recording what each reads (`Dependency`, shifted when read
// in another period) and whether it reads the current period. Functions are compiled
// until what they read settles, then every node with its overrides.

extension Resolver {
    struct Compilation {
        /// What the formula reads, possibly repeated (`takeSorted` makes it a set once, at the end).
        var dependencies: [Dependency] = []
        /// What the formula reads, each once, by node (a node read unshifted before shifted),
        /// in an array of its own; `dependencies` is sorted in place on the way.
        mutating func takeSorted() -> [Dependency] {
            if dependencies.isEmpty { return [] }
            if dependencies.count > 1 {
                dependencies.sort { ($0.node, $0.shifted ? 1 : 0) < ($1.node, $1.shifted ? 1 : 0) }
            }
            var out: [Dependency] = []
            out.reserveCapacity(dependencies.count)
            for d in dependencies where out.last != d { out.append(d) }
            return out
        }
        var parameterUnshifted: [Bool] = []
        var shifted = false
        var usesPeriod = false
    }

    /// Compiles every function body until what each reads settles (functions may call
    /// each other in any order, and recursively).
    mutating func compileFunctions() {
        emitting = false
        for _ in 0...(functionDecls.count + 1) {
            var changed = false
            for (i, decl) in functionDecls.enumerated() {
                let (body, c) = compileFunction(i, decl)
                if c.parameterUnshifted != program.functions[i].parameterReadUnshifted
                    || Set(c.dependencies) != program.functions[i].dependencies
                    || c.usesPeriod != program.functions[i].usesPeriod
                {
                    changed = true
                }
                program.functions[i].body = body
                program.functions[i].parameterReadUnshifted = c.parameterUnshifted
                program.functions[i].dependencies = Set(c.dependencies)
                program.functions[i].usesPeriod = c.usesPeriod
            }
            if !changed { break }
        }
        emitting = true
        for (i, decl) in functionDecls.enumerated() {
            program.functions[i].body = compileFunction(i, decl).0
        }
    }

    private mutating func compileFunction(_ i: Int, _ decl: FunctionDecl) -> (Code, Compilation) {
        var scope = Scope(stdlib: program.functions[i].fromStdlib, module: program.functions[i].module)
        for (k, p) in decl.parameters.enumerated() where scope.parameters[p.text] == nil { scope.parameters[p.text] = k }
        var c = Compilation(parameterUnshifted: Array(repeating: false, count: decl.parameters.count))
        let body = compile(decl.body, scope, &c)
        return (body, c)
    }

    mutating func compileNodes() {
        for id in program.nodes.indices { compileNode(id) }
    }

    /// Compiles one node's formula (a row: with its overrides) and records what it reads.
    mutating func compileNode(_ id: NodeID) {
        // What it reads is gathered in one buffer used again from node to node.
        var c = Compilation(dependencies: dependencyBuffer)
        dependencyBuffer = []
        defer {
            // Taken out of `c` first: emptied while `c` still held it, it would be copied.
            dependencyBuffer = c.dependencies
            c.dependencies = []
            dependencyBuffer.removeAll(keepingCapacity: true)
        }
        // A row (most nodes) reads only its body: the rest of its syntax stays in place.
        guard let body = pendingRowBody(id) else {
            switch pending[id] {
            case .scalar(let decl):
                program.nodes[id].formula = decl.body.span
                program.nodes[id].bodySpan = decl.body.span
                program.nodes[id].body = .formula(compile(decl.body, scope(of: id), &c))
            case .check(let decl):
                program.nodes[id].body = .formula(compile(decl.condition, scope(of: id), &c))
            case .row:
                return
            }
            program.nodes[id].dependencies = c.takeSorted()
            return
        }
        guard case .row(let t) = program.nodes[id].kind else { return }
        let scope = scope(of: id)
        if case .formula(let e) = body { program.nodes[id].formula = e.span } else { program.nodes[id].formula = nil }
        switch body {
        case .formula(let e): program.nodes[id].bodySpan = e.span
        // All the values, so that `:why` quotes the line's list, not its first value.
        case .data(let values): program.nodes[id].bodySpan = values.first.map { $0.span.merged(with: values[values.count - 1].span) }
        }
        program.nodes[id].body = rowBody(body, of: id, table: t, scope, &c)
        // An override is one cell: what it reads is followed cell by cell (as
        // shifted references are), so only a cell that really reads itself is #CYCLE!.
        for (i, expr) in overrideSyntax[id] ?? [:] {
            let saved = c.shifted
            c.shifted = true
            let own = importerOverride[id]?[i].map { Scope(module: $0) } ?? scope
            program.nodes[id].overrides[i] = compile(expr, own, &c)
            program.overrideSpans[id, default: [:]][i] = expr.span
            c.shifted = saved
        }
        program.nodes[id].dependencies = c.takeSorted()
    }

    /// The body of row `id`'s syntax (nil for another node), read in place: copying the
    /// whole declaration out of `pending` would retain and release each of its parts.
    func pendingRowBody(_ id: NodeID) -> RowDecl.Body? {
        pending.withUnsafeBufferPointer { p in
            guard case .row(let decl) = p[id] else { return nil }
            return decl.body
        }
    }

    /// Row `id`'s whole declaration (for a message).
    private func pendingRow(_ id: NodeID) -> RowDecl? {
        guard case .row(let decl) = pending[id] else { return nil }
        return decl
    }

    private mutating func rowBody(_ body: RowDecl.Body, of id: NodeID, table t: Int, _ scope: Scope, _ c: inout Compilation) -> Node.Body {
        let range = program.range(ofTable: t)
        var literals: [Expr]
        switch body {
        case .formula(let e):
            if range.count == 1, Self.literalValue(e) != nil {
                literals = [e]
            } else {
                return .formula(compile(e, scope, &c))
            }
        case .data(let values):
            literals = values
        }
        if literals.count != range.count {
            let decl = pendingRow(id)!
            report(
                .error(
                    .syntax,
                    "row '\(decl.name.text)' has \(literals.count) value\(literals.count == 1 ? "" : "s") but table '\(program.tables[t].name)' has \(range.count) period\(range.count == 1 ? "" : "s") (\(range.description))",
                    at: literals.first.map { $0.span.merged(with: literals.last!.span) } ?? decl.span,
                    help: "write one value per period, `_` where there is no data"))
            // Which value belongs to which period is unknown: show errors, not plausible numbers.
            return .data(Array(repeating: .error(.value), count: range.count))
        }
        var values: [Value] = []
        values.reserveCapacity(range.count)
        for i in 0..<range.count {
            // Most literals are numbers: read in place, without copying the expression.
            if let n = literals.withUnsafeBufferPointer({ buffer -> Double? in
                if case .number(let n, _) = buffer[i].kind { n } else { nil }
            }) {
                values.append(.number(n))
            } else if let v = Self.literalValue(literals[i]) {
                values.append(v)
            } else {
                report(
                    .error(
                        .syntax, "a data row holds one literal per period (a number, a percent, a text or `_`)", at: literals[i].span,
                        help: "to compute values, write a formula row: \(pendingRow(id)!.name.text) = expression"))
                values.append(.error(.value))
            }
        }
        return .data(values)
    }

    /// The value of a literal (a cell of a data row); nil for anything to compute.
    static func literalValue(_ e: Expr) -> Value? {
        switch e.kind {
        case .number(let n, _): .number(n)
        case .text(let s): .text(s)
        case .boolean(let b): .bool(b)
        case .blank: .blank
        case .invalid: .error(.value)
        case .error(let code): .error(code)
        default: nil
        }
    }

    private mutating func compile(_ e: Expr, _ scope: Scope, _ c: inout Compilation) -> Code {
        // The scope of an operand (made only for an expression that has operands).
        var inner: Scope {
            var inner = scope
            inner.allowRowRange = false
            return inner
        }
        switch e.kind {
        case .number(let n, _): return .constant(.num(n))
        case .text(let s): return .constant(.text(s))
        case .boolean(let b): return .constant(.bool(b))
        case .blank: return .constant(.blank)
        case .period(let p): return .constant(.period(p))
        case .name(let n): return name(n, e.span, scope, &c)
        case .member(let base, let member): return self.member(base, member, e.span, scope, &c)
        case .call(let f, let args): return call(f, args, e.span, scope, &c)
        case .unary(let op, let x): return .unary(op, compile(x, inner, &c))
        case .binary(let op, let a, let b):
            let operand = inner
            return .binary(op, compile(a, operand, &c), compile(b, operand, &c))
        case .ifThenElse(let p, let a, let b):
            let operand = inner
            return .ifThenElse(compile(p, operand, &c), compile(a, operand, &c), compile(b, operand, &c))
        case .offset(let x, let k):
            let operand = inner
            let kCode = compile(k, operand, &c)
            return .offset(shifted(x, operand, &c), kCode)
        case .at(let x, let from, let to):
            let operand = inner
            let fromCode = compile(from, operand, &c)
            let toCode = to.map { compile($0, operand, &c) }
            return .at(shifted(x, operand, &c), fromCode, toCode)
        case .rowRange(let a, let b):
            return rowRange(a, b, e.span, scope, &c)
        case .invalid:
            return .constant(.error(.value))
        case .error(let code):
            return .constant(.error(code))
        }
    }

    /// Compiles `x` as read in other periods than the current one.
    private mutating func shifted(_ x: Expr, _ scope: Scope, _ c: inout Compilation) -> Code {
        let saved = c.shifted
        c.shifted = true
        defer { c.shifted = saved }
        return compile(x, scope, &c)
    }

    private mutating func call(_ f: String, _ args: [Expr], _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        var inner = scope
        inner.allowRowRange = false
        if let index = function(named: f, scope) {
            let fn = program.functions[index]
            guard args.count == fn.parameters.count else {
                return unresolved(
                    "'\(f)' takes \(fn.parameters.count) argument\(fn.parameters.count == 1 ? "" : "s"), not \(args.count)", span,
                    help: "\(f)(\(fn.parameters.joined(separator: ", ")))")
            }
            var codes: [Code] = []
            let saved = c.shifted
            for (k, a) in args.enumerated() {
                c.shifted = saved || !fn.parameterReadUnshifted[k]
                codes.append(compile(a, inner, &c))
            }
            c.shifted = saved
            for d in fn.dependencies { c.dependencies.append(Dependency(node: d.node, shifted: d.shifted || saved)) }
            if fn.usesPeriod { c.usesPeriod = true }
            return .call(index, codes)
        }
        if !scope.stdlib, let dot = f.lastIndex(of: ".") {
            // A qualified call whose function is not there: say why, among that notebook's functions.
            let alias = String(f[..<dot])
            let (module, name) = qualifiedFunction(f, from: scope.module)
            if brokenNames.contains(program.modules[scope.module].prefix + (alias.split(separator: ".").first.map(String.init) ?? alias)) {
                return .constant(.error(.name))
            }
            guard let module else { return unresolved("unknown notebook '\(alias)'", span, help: "import it with: use \"…\" as \(alias)") }
            if name.hasPrefix("_"), program.modules[module].userFunctionByName[name] != nil {
                return unresolved("'\(name)' is private to \(alias)", span, help: "names starting with _ are not shared with importers")
            }
            return unresolved(
                "\(alias) has no function '\(name)'", span,
                help: suggestion(for: name, at: span, in: program.modules[module].userFunctionByName.keys.filter { !$0.hasPrefix("_") }))
        }
        guard let builtin = Builtin(rawValue: f) else {
            if !scope.stdlib, brokenNames.contains(f) { return .constant(.error(.name)) }
            unresolvedNames.insert(f)
            let user = scope.stdlib ? [] : Array(program.modules[scope.module].userFunctionByName.keys)
            return unresolved(
                "unknown function '\(f)'", span,
                help: suggestion(for: f, at: span, in: Builtin.allCases.map(\.rawValue) + program.stdlibFunctionByName.keys + user))
        }
        let (lo, hi) = builtin.arity
        guard args.count >= lo, hi == nil || args.count <= hi! else {
            let expected = hi == nil ? "at least \(lo)" : (lo == hi! ? "\(lo)" : "\(lo) to \(hi!)")
            let plural = (hi ?? lo) == 1 ? "" : "s"
            return unresolved("'\(f)' takes \(expected) argument\(plural), not \(args.count)", span, help: builtin.signature)
        }
        inner.allowRowRange = builtin.acceptsRowRange
        if builtin.readsPeriod(arguments: args.count) { c.usesPeriod = true }
        return .builtin(builtin, args.map { compile($0, inner, &c) })
    }

    private mutating func rowRange(_ a: String, _ b: String, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        guard let t = scope.table else {
            return unresolved("a row range '\(a)..\(b)' can only be used inside a table", span)
        }
        guard scope.allowRowRange else {
            return unresolved(
                "a row range '\(a)..\(b)' can only be aggregated", span, help: "write sum(\(a)..\(b)), avg(…), min(…), max(…) or count(…)")
        }
        let table = program.tables[t]
        for n in [a, b] where table.rowByName[n] == nil {
            return unresolved("table '\(table.name)' has no row '\(n)'", span, help: suggestion(for: n, at: span, in: table.rowByName.keys))
        }
        guard let i = table.rows.firstIndex(of: table.rowByName[a]!), let j = table.rows.firstIndex(of: table.rowByName[b]!), i <= j else {
            return unresolved("row '\(a)' comes after row '\(b)' in table '\(table.name)'", span, help: "write \(b)..\(a)")
        }
        let ids = Array(table.rows[i...j])
        for id in ids { c.dependencies.append(Dependency(node: id, shifted: c.shifted)) }
        return .rows(ids)
    }

    // MARK: Expressions against a resolved program

    /// Compiles one expression (a REPL input) against an existing program: its code, the
    /// format its value is shown in, and what is wrong with it.
    static func compileExpression(_ e: Expr, in program: Program) -> (Code, DisplayFormat, [Diagnostic]) {
        var r = Resolver(program: program)
        var c = Compilation()
        let code = r.compile(e, Scope(), &c)
        let format = r.format(of: e, Scope()) ?? .general
        return (code, format, r.diagnostics)
    }
}
