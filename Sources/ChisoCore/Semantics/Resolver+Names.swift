// MARK: - Resolver: names
//
// What a name in a formula means, in the scope it is read in: a parameter, a row of
// the table, a cell, a row of another table, a cell or function of an imported
// notebook. An unknown name compiles to `#NAME?` with a diagnostic saying why and,
// when the diagnostic will be shown, the closest name ("did you mean …?").

extension Resolver {
    /// What the names of a formula are read against.
    struct Scope {
        /// The table of a row or check: its rows are named bare.
        var table: Int?
        /// A function's parameters, by name: their positions.
        var parameters: [String: Int] = [:]
        /// A standard-library function's body: it sees no notebook's names.
        var stdlib = false
        /// Whether `a..b` may stand here (an aggregate's argument).
        var allowRowRange = false
        /// Whose names a bare name means (0: the notebook being run).
        var module = 0
    }

    /// The scope a node's formula is read in: its own module (and table), or, for a value
    /// an importer gave with `with { … }`, the importer's names.
    func scope(of id: NodeID) -> Scope {
        if let importer = importerScope[id] { return Scope(module: importer) }
        return Scope(table: program.nodes[id].table, module: program.nodes[id].module)
    }

    /// A bare name: a parameter, a row of the table, a cell; else `#NAME?`, saying why.
    mutating func name(_ n: String, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        if let i = scope.parameters[n] {
            if !c.shifted { c.parameterUnshifted[i] = true }
            return .parameter(i)
        }
        if let t = scope.table, let row = program.row(named: n, inTable: t) {
            c.dependencies.append(Dependency(node: row, shifted: c.shifted))
            return .row(row)
        }
        if let t = scope.table, !brokenNames.isEmpty, brokenNames.contains("\(program.tables[t].name).\(n)") {
            return .constant(.error(.name))
        }
        if !scope.stdlib, let s = program.scalar(named: n, inModule: scope.module) {
            c.dependencies.append(Dependency(node: s, shifted: c.shifted))
            return .scalar(s)
        }
        let module = program.modules[scope.module]
        if !scope.stdlib, brokenNames.contains(module.prefix + n) {
            return .constant(.error(.name))
        }
        if !scope.stdlib, let t = module.tableByName[n] {
            let example = program.tables[t].rows.first.map { program.nodes[$0].name } ?? "\(n).row"
            return unresolved("'\(n)' is a table, not a value", span, help: "name one of its rows, such as \(example)")
        }
        if !scope.stdlib, module.imports[n] != nil {
            return unresolved("'\(n)' is an imported notebook, not a value", span, help: "name one of its cells, such as \(n).name")
        }
        if function(named: n, scope) != nil || Builtin(rawValue: n) != nil {
            return unresolved("'\(n)' is a function", span, help: "call it: \(n)(…)")
        }
        if !scope.stdlib, topLevelSpans[module.prefix + n] != nil, let a = program.acrossTables.first(where: { $0.name == n }) {
            return acrossTableRead(a, row: nil, span)
        }
        // Remembered under both spellings a later definition can have: `a` and `t.a`.
        unresolvedNames.insert(module.prefix + n)
        if let t = scope.table { unresolvedNames.insert("\(program.tables[t].name).\(n)") }
        // Help costs a search of every name: only for a diagnostic that will be shown.
        guard mayBeShown(span) else { return unresolved("unknown name '\(n)'", span) }
        if !scope.stdlib, let owner = program.tables.first(where: { $0.module == scope.module && $0.rowByName[n] != nil }) {
            return unresolved("unknown name '\(n)'", span, help: "'\(n)' is a row of table '\(owner.name)': write \(owner.name).\(n)")
        }
        var candidates = Array(scope.parameters.keys)
        if let t = scope.table { candidates += program.tables[t].rowByName.keys }
        if !scope.stdlib { candidates += module.scalarByName.keys }
        candidates += acrossTableNames(scope)
        if let near = Suggest.closest(to: n, in: candidates) {
            return unresolved("unknown name '\(n)'", span, help: Suggest.help(near))
        }
        // A misspelt row of some table: suggest it with its table's name.
        if !scope.stdlib {
            for table in program.tables where table.module == scope.module {
                if let near = Suggest.closest(to: n, in: table.rowByName.keys) {
                    return unresolved("unknown name '\(n)'", span, help: Suggest.help("\(table.name).\(near)"))
                }
            }
        }
        return unresolved("unknown name '\(n)'", span)
    }

    /// `t.row`, or through imports: `alias.name`, `alias.t.row`, `alias.inner.name`…
    mutating func member(_ base: Expr, _ member: String, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        // `t.row` of a table of this notebook (not an imported notebook's alias): most
        // references, read without making the chain of names (the walk below gives the same).
        if !scope.stdlib, case .name(let tableName) = base.kind, program.module(named: tableName, importedBy: scope.module) == nil,
            let t = program.table(named: tableName, inModule: scope.module)
        {
            let memberSpan = SourceSpan(source: span.source, start: span.end - member.utf8.count, end: span.end)
            return row(member, of: t, written: tableName, memberSpan, span, scope, &c)
        }
        guard !scope.stdlib, let chain = base.nameChain else {
            return unresolved("'.\(member)' must follow a table's name", span, help: "for example dvc.\(member)")
        }
        let names = chain + [member]
        let memberSpan = SourceSpan(source: span.source, start: span.end - member.utf8.count, end: span.end)
        let (module, i) = throughImports(names, from: scope.module, keeping: 1)
        let written = names[..<i].joined(separator: ".")
        let rest = Array(names[i...])
        let here = program.modules[module]
        if i > 0, let hidden = rest.first(where: { $0.hasPrefix("_") }) {
            return unresolved(
                "'\(hidden)' is private to \(written)", memberSpan, help: "names starting with _ are not shared with importers")
        }
        // `t.row` of a table across notebooks (which no formula can read).
        if i == 0, scope.module == 0, let a = program.acrossTables.first(where: { $0.name == names[0] }) {
            // A table over periods of that name, defined later, is what it then reads.
            unresolvedNames.insert(names[0])
            return acrossTableRead(a, row: names[1...].joined(separator: "."), span)
        }
        switch rest.count {
        case 1:
            return imported(rest[0], from: module, alias: written, memberSpan, &c)
        case 2:
            if let t = here.tableByName[rest[0]] {
                return row(rest[1], of: t, written: (i > 0 ? written + "." : "") + rest[0], memberSpan, span, scope, &c)
            }
            if brokenNames.contains(here.prefix + rest[0]) { return .constant(.error(.name)) }
            unresolvedNames.insert(here.prefix + rest[0])
            if here.scalarByName[rest[0]] != nil {
                return unresolved("'\(rest[0])' is a cell, not a table", base.span)
            }
            let what = i > 0 ? "\(written) has no table '\(rest[0])'" : "unknown table '\(rest[0])'"
            let at = i > 0 ? span : base.span
            let across = i == 0 ? acrossTableNames(scope) : []
            return unresolved(
                what, at, help: suggestion(for: rest[0], at: at, in: Array(here.tableByName.keys) + Array(here.imports.keys) + across))
        default:
            if i == 0, brokenNames.contains(here.prefix + names[0]) { return .constant(.error(.name)) }
            // A misspelt table across notebooks: the same name with it spelt right.
            if i == 0, mayBeShown(span), let near = Suggest.closest(to: names[0], in: acrossTableNames(scope)) {
                return unresolved(
                    "'\(names.joined(separator: "."))' does not name a cell or a row", span,
                    help: Suggest.help(([near] + names[1...]).joined(separator: ".")))
            }
            return unresolved(
                "'\(names.joined(separator: "."))' does not name a cell or a row", span,
                help: "write table.row, alias.name or alias.table.row")
        }
    }

    /// The tables across notebooks a formula in `scope` may name (to be told it cannot
    /// read them): those of the notebook being run, the only ones kept.
    private func acrossTableNames(_ scope: Scope) -> [String] {
        guard !scope.stdlib, scope.module == 0 else { return [] }
        return program.acrossTables.map(\.name)
    }

    /// A table across notebooks read as a value: why it cannot be, and a figure to read
    /// instead, in its first column's notebook: the row written after its name (`row`), or
    /// the closest of its rows to it, else its first row.
    private mutating func acrossTableRead(_ a: AcrossTable, row written: String?, _ span: SourceSpan) -> Code {
        let rows = a.rows.map(\.name)
        var row = rows.first
        if let written, rows.contains(written) {
            row = written
        } else if let written, mayBeShown(span), let near = Suggest.closest(to: written, in: rows) {
            row = near
        }
        let example = a.columns.first.flatMap { c in row.map { "\(c.name).\($0)" } } ?? "alias.name"
        return unresolved(
            "'\(a.name)' is a table across notebooks: it prints figures of its notebooks, and nothing can read it", span,
            help: "read the figure in its notebook, such as \(example)")
    }

    /// Follows `names` through the imports from `module` while they name imported
    /// notebooks, leaving at least `keep` names: the module reached and how many names led there.
    func throughImports(_ names: [String], from module: Int, keeping keep: Int) -> (module: Int, taken: Int) {
        var module = module, i = 0
        while i < names.count - keep, let child = program.modules[module].imports[names[i]] {
            module = child
            i += 1
        }
        return (module, i)
    }

    /// The module `alias.f` names the function of (nil when an alias in it is unknown), and `f`.
    func qualifiedFunction(_ n: String, from module: Int) -> (module: Int?, name: String) {
        let parts = n.split(separator: ".").map(String.init)
        let (reached, taken) = throughImports(parts, from: module, keeping: 1)
        return (taken == parts.count - 1 ? reached : nil, parts[parts.count - 1])
    }

    /// Row `member` of table `t` (written `written` in the formula).
    private mutating func row(
        _ member: String, of t: Int, written: String, _ memberSpan: SourceSpan, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation
    ) -> Code {
        guard let row = program.row(named: member, inTable: t) else {
            if brokenNames.contains("\(program.tables[t].name).\(member)") { return .constant(.error(.name)) }
            unresolvedNames.insert("\(program.tables[t].name).\(member)")
            return unresolved(
                "table '\(written)' has no row '\(member)'", memberSpan,
                help: suggestion(for: member, at: memberSpan, in: program.tables[t].rowByName.keys))
        }
        c.dependencies.append(Dependency(node: row, shifted: c.shifted))
        // A coarser table reads a finer row's roll-up (a year's quarters); a finer table
        // cannot read a coarser row (a yearly figure has no value for a quarter).
        if !c.shifted, let here = scope.table,
            program.range(ofTable: here).granularity.perYear > program.range(ofTable: t).granularity.perYear
        {
            let there = program.tables[t].range.granularity, mine = program.tables[here].range.granularity
            report(
                .warning(
                    .name,
                    "'\(written).\(member)' is \(there.adjective) and table '\(program.tables[here].name)' is \(mine.adjective): a \(there.adjective) row has no value for a \(mine.noun), so it is #N/A in every period",
                    at: span,
                    help: "pick one \(there.noun) with @, for example \(written).\(member)@\(program.tables[t].range.last)"))
        }
        return .row(row)
    }

    /// A public cell of an imported notebook: `alias.name`.
    private mutating func imported(_ name: String, from child: Int, alias: String, _ span: SourceSpan, _ c: inout Compilation) -> Code {
        let module = program.modules[child]
        if name.hasPrefix("_") {
            return unresolved("'\(name)' is private to \(alias)", span, help: "names starting with _ are not shared with importers")
        }
        if let s = module.scalarByName[name] {
            c.dependencies.append(Dependency(node: s, shifted: c.shifted))
            return .scalar(s)
        }
        if module.tableByName[name] != nil {
            return unresolved("'\(alias).\(name)' is a table, not a value", span, help: "name one of its rows: \(alias).\(name).row")
        }
        return unresolved(
            "\(alias) has no cell '\(name)'", span,
            help: suggestion(
                for: name, at: span,
                in:
                    module.scalarByName.keys.filter { !$0.hasPrefix("_") } + module.tableByName.keys.filter { !$0.hasPrefix("_") }))
    }

    /// The function a call of `n` calls: the module's own, an imported notebook's
    /// (`alias.f`) or the standard library's; nil when there is none.
    func function(named n: String, _ scope: Scope) -> Int? {
        // `alias.f`: walk the imports, then the imported notebook's own functions.
        if !scope.stdlib, n.contains(".") {
            let (module, name) = qualifiedFunction(n, from: scope.module)
            guard let module, !name.hasPrefix("_") else { return nil }
            return program.modules[module].userFunctionByName[name]
        }
        if !scope.stdlib, let f = program.modules[scope.module].userFunctionByName[n] { return f }
        return program.stdlibFunctionByName[n]
    }

    /// Reports why a name means nothing here, and compiles it to `#NAME?`.
    mutating func unresolved(_ message: String, _ span: SourceSpan, help: String? = nil) -> Code {
        report(.error(.name, message, at: span, help: help))
        return .constant(.error(.name))
    }

    /// Whether a diagnostic at `span` can be among those shown of its source (the first
    /// `Diagnostic.limit`, or one more when that is the last): more than that many
    /// reported before it in the same source mean it cannot. (Reported at all only while
    /// emitting.)
    private func mayBeShown(_ span: SourceSpan) -> Bool {
        guard emitting else { return false }
        guard diagnostics.count > Diagnostic.limit else { return true }
        var before = 0
        for d in diagnostics {
            guard let s = d.span, s.source == span.source, s.start <= span.start else { continue }
            before += 1
            if before > Diagnostic.limit { return false }
        }
        return true
    }

    /// "did you mean …?" for `name` among `candidates`, searched only when the diagnostic
    /// at `span` can be shown (ten thousand unknown names must not cost ten thousand searches).
    func suggestion<S: Sequence<String>>(for name: String, at span: SourceSpan, in candidates: @autoclosure () -> S) -> String? {
        guard mayBeShown(span) else { return nil }
        return Suggest.help(Suggest.closest(to: name, in: candidates()))
    }
}
