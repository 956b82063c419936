// MARK: - Resolver
//
// Syntax trees to a `Program`: declares every name (reporting duplicates with both
// places), compiles every expression into `Code` with its dependencies, and gives each
// node its display format. Unknown names become `#NAME?` with a diagnostic and a
// suggestion; the rest of the notebook is unaffected.

struct Resolver {
    let program: Program

    init(program: Program = Program()) {
        self.program = program
    }
    private(set) var diagnostics: [Diagnostic] = []

    /// The syntax behind each node, kept until everything is declared.
    private enum Pending {
        case scalar(CellDecl)
        case row(RowDecl)
        case check(CheckDecl)
    }
    private var pending: [Pending] = []
    private var explicitFormat: [DisplayFormat?] = []
    private var overrideDecls: [(table: Int, OverrideDecl)] = []
    private var functionDecls: [FunctionDecl] = []
    private var topLevelSpans: [String: SourceSpan] = [:]
    private var emitting = true
    /// Names whose definitions did not parse (their users are `#NAME?` without a second report).
    private var brokenNames: Set<String> = []
    /// Names some formula asked for that did not exist (`x`, `t`, `t.r`, a function).
    private var unresolvedNames: Set<String> = []
    /// Where each override was written, by row and period index (for duplicate reports).
    private var overrideSpans: [NodeID: [Int: SourceSpan]] = [:]
    /// The module (notebook) being declared: 0 is the one being run.
    private var current = 0
    /// Formulas given by an importer's `with { … }`: compiled in the importer's names.
    private var importerScope: [NodeID: Int] = [:]
    private var importerOverride: [NodeID: [Int: Int]] = [:]
    /// Cells of every table so far (a row has one per period and its total).
    private var cellCount = 0

    /// Periods one table may have.
    static let maxPeriods = 10_000
    /// Cells all tables together may have (imports included).
    static let maxCells = 10_000_000

    /// How far imports may multiply a notebook.
    struct ImportLimits {
        /// Imported notebook instances (modules besides the one being run).
        var instances = 1_000
        /// Values in imported instances (a cell or a function counts one, a row or a
        /// check in a table one per period and its total): past this, no instance is made.
        var values = 1_000_000
    }
    private var limits = ImportLimits()
    /// Values declared so far, counted as `ImportLimits.values` counts them.
    private var declaredValues = 0
    /// An imported notebook instance: the file, its `with { … }` as written, and, when
    /// there is one, the importer its formulas are read in.
    private struct Instance: Hashable {
        var notebook: ObjectIdentifier
        var replacements: String
        var importer: Int?
    }
    private var instances: [Instance: Int] = [:]
    /// `use` lines already reported as over the limit (an imported file is declared once per instance).
    private var refusedImports: Set<SourceSpan> = []

    // MARK: Entry point

    /// Resolves the standard library's functions and one notebook into a program, with its
    /// nodes' strongly connected components in evaluation order (see `Graph`).
    static func resolve(stdlib: [SyntaxTree], notebook: SyntaxTree) -> (Program, [Diagnostic], [[NodeID]]) {
        let (r, components) = build(stdlib: stdlib, notebook: notebook)
        return (r.program, r.diagnostics, components)
    }

    /// Like `resolve`, keeping the resolver so that a session can change single definitions later.
    static func build(stdlib: [SyntaxTree], notebook: SyntaxTree) -> (Resolver, [[NodeID]]) {
        build(stdlib: stdlib, notebook: LoadedNotebook(tree: notebook, file: ""))
    }

    /// Resolves a notebook with the notebooks it imports (see `Imports.load`).
    static func build(stdlib: [SyntaxTree], notebook: LoadedNotebook, limits: ImportLimits = ImportLimits()) -> (Resolver, [[NodeID]]) {
        var r = Resolver()
        r.limits = limits
        for tree in stdlib { r.declareStdlib(tree) }
        r.declareModule(notebook, module: 0)
        r.compileFunctions()
        r.compileNodes()
        let components = Graph.components(of: r.program)
        r.inferFormats(in: components)
        return (r, components)
    }

    // MARK: Declarations

    private mutating func declareStdlib(_ tree: SyntaxTree) {
        for statement in tree.statements {
            guard case .function(let f) = statement else {
                report(.error(.syntax, "the standard library holds only functions", at: statement.span))
                continue
            }
            if let existing = program.stdlibFunctionByName[f.name.text] {
                duplicate(f.name, previous: program.functions[existing].span, what: "function")
                continue
            }
            program.stdlibFunctionByName[f.name.text] = addFunction(f, stdlib: true)
        }
    }

    /// Declares a notebook as module `m`: first the notebooks it imports, each as a module
    /// of its own under its alias (with its `with { … }` replacements), then its own names.
    private mutating func declareModule(_ loaded: LoadedNotebook, module m: Int) {
        let saved = current
        current = m
        program.modules[m].file = loaded.file
        for (use, child, replacements) in loaded.imports.map({ ($0.use, $0.notebook, $0.replacements) }) {
            let alias = use.alias ?? Name(text: Imports.defaultAlias(use.path) ?? "", span: use.pathSpan)
            guard !alias.text.isEmpty, claimTopLevel(alias, what: "import") else { continue }
            guard let child else {
                brokenNames.insert(prefix + alias.text)
                continue
            }
            // One file imported with the same replacements is one instance, however many
            // aliases and importers name it; replacements read the importer's names, so
            // with any, the instance is shared only within one importer.
            let key = Instance(notebook: ObjectIdentifier(child), replacements: replacements, importer: replacements.isEmpty ? nil : m)
            if let shared = instances[key] {
                program.modules[m].imports[alias.text] = shared
                continue
            }
            // Imports are declared before the importer's own definitions: every value so far is imported.
            let tooMany: (message: String, help: String)? =
                program.modules.count > limits.instances
                ? ("too many imported notebooks: more than \(Self.grouped(limits.instances)) instances",
                   "imports of one file with the same `with { … }` share one instance; each different `with` makes another")
                : declaredValues > limits.values
                ? ("imports too large: the imported notebooks hold more than \(Self.grouped(limits.values)) values",
                   "a cell or a function counts 1, a row 1 per period; imports of one file with the same `with { … }` share one instance")
                : nil
            if let tooMany {
                if refusedImports.insert(use.pathSpan).inserted { report(.error(.name, tooMany.message, at: use.pathSpan, help: tooMany.help)) }
                brokenNames.insert(prefix + alias.text)
                continue
            }
            let index = program.modules.count
            program.modules.append(Module(prefix: prefix + alias.text + "."))
            program.modules[m].imports[alias.text] = index
            instances[key] = index
            declareModule(child, module: index)
            current = m
            applyReplacements(use, to: index)
        }
        declare(loaded.tree, dataRows: loaded.tableRows)
        current = saved
    }

    /// `1000000` as `1,000,000`, for messages.
    private static func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    /// The names of the module being declared start with this ("" for the notebook being run).
    private var prefix: String { program.modules[current].prefix }

    /// `use … with { name = value, table.row = …, table.row@P = … }`: the imported
    /// notebook's definitions replaced, the new formulas read in the importer's names.
    private mutating func applyReplacements(_ use: UseDecl, to child: Int) {
        let module = program.modules[child]
        let file = module.file.split(separator: "/").last.map(String.init) ?? module.file
        for o in use.overrides {
            let target = o.target.map(\.text)
            switch (target.count, o.period) {
            case (1, nil):
                guard let id = module.scalarByName[target[0]], case .scalar(var decl) = pending[id] else {
                    report(.error(.name, "\(file) has no cell '\(target[0])'", at: o.target[0].span,
                                  help: suggestion(for: target[0], at: o.target[0].span, in: module.scalarByName.keys)))
                    continue
                }
                guard o.values.count == 1 else {
                    report(.error(.syntax, "a cell takes one value, not a list", at: o.span))
                    continue
                }
                decl.body = o.values[0]
                pending[id] = .scalar(decl)
                importerScope[id] = current
            case (2, _):
                guard let t = module.tableByName[target[0]] else {
                    report(.error(.name, "\(file) has no table '\(target[0])'", at: o.target[0].span,
                                  help: suggestion(for: target[0], at: o.target[0].span, in: module.tableByName.keys)))
                    continue
                }
                guard let id = program.tables[t].rowByName[target[1]], case .row(var decl) = pending[id] else {
                    report(.error(.name, "\(file) has no row '\(target.joined(separator: "."))'", at: o.target[1].span,
                                  help: suggestion(for: target[1], at: o.target[1].span, in: program.tables[t].rowByName.keys)))
                    continue
                }
                if let period = o.period {
                    guard o.values.count == 1 else {
                        report(.error(.syntax, "a cell takes one value, not a list", at: o.span))
                        continue
                    }
                    guard let i = program.tables[t].range.index(of: period) else {
                        report(.error(.name, "\(period) is outside the periods of table '\(target[0])' (\(program.tables[t].range.description))", at: o.span))
                        continue
                    }
                    overrideSyntax[id, default: [:]][i] = o.values[0]
                    program.nodes[id].overrides[i] = .constant(.blank)
                    importerOverride[id, default: [:]][i] = current
                } else {
                    decl.body = o.values.count > 1 ? .data(o.values) : .formula(o.values[0])
                    pending[id] = .row(decl)
                    if o.values.count == 1, Self.literalValue(o.values[0]) == nil { importerScope[id] = current }
                }
            default:
                report(.error(.name, "'\(target.joined(separator: "."))' is not a cell, a row or a cell of a row", at: o.span,
                              help: "write name = value, table.row = value or table.row@2019Q1 = value"))
            }
        }
    }

    private mutating func declare(_ tree: SyntaxTree, dataRows: [String: [TableDecl.Item]] = [:]) {
        brokenNames.formUnion(tree.brokenNames.map { prefix + $0 })
        topLevelSpans.reserveCapacity(tree.statements.count)
        program.modules[current].scalarByName.reserveCapacity(tree.statements.count)
        program.nodes.reserveCapacity(tree.statements.count)
        var outside: [(Name, TableDecl.Item)] = []
        var checks: [CheckDecl] = []
        var localeSpan: SourceSpan?
        for statement in tree.statements {
            switch statement {
            case .heading(let text, _):
                if current == 0 { program.output.append(.heading(text)) }
            case .use:
                continue
            case .locale(let locale, let span):
                if let first = localeSpan {
                    report(.error(.name, "the locale is set twice", at: span, notes: [.init(span: first, message: "first set here")]))
                } else {
                    localeSpan = span
                    if current == 0 { program.locale = locale }
                }
            case .cell(let c):
                guard claimTopLevel(c.name, what: "cell") else { continue }
                let id = addNode(Node(kind: .scalar, name: prefix + c.name.text, label: c.label, span: c.name.span, definition: c.span, body: .formula(.constant(.blank))),
                                 .scalar(c), c.format?.format)
                program.modules[current].scalarByName[c.name.text] = id
                if current == 0, !program.nodes[id].isPrivate { program.output.append(.scalar(id)) }
            case .function(let f):
                if Builtin(rawValue: f.name.text) != nil {
                    report(.error(.name, "'\(f.name.text)' is a built-in function and cannot be redefined", at: f.name.span, help: "choose another name"))
                    continue
                }
                if let existing = program.modules[current].userFunctionByName[f.name.text] {
                    duplicate(f.name, previous: program.functions[existing].span, what: "function")
                    continue
                }
                program.modules[current].userFunctionByName[f.name.text] = addFunction(f, stdlib: false)
            case .table(let t):
                guard claimTopLevel(t.name, what: "table") else { continue }
                // Rows from its data file come first, then the rows written in the block.
                var table = t
                table.items = (dataRows[t.name.text] ?? []) + t.items
                declareTable(table)
            case .tableItem(let table, let item):
                outside.append((table, item))
            case .check(let c):
                checks.append(c)
            }
        }
        for (tableName, item) in outside {
            guard let t = program.modules[current].tableByName[tableName.text] else {
                if brokenNames.contains(prefix + tableName.text) { continue }
                let help = suggestion(for: tableName.text, at: tableName.span, in: program.modules[current].tableByName.keys)
                report(.error(.name, "unknown table '\(tableName.text)'", at: tableName.span, help: help))
                continue
            }
            declareItem(item, in: t)
        }
        for c in checks {
            _ = addNode(Node(kind: .check(table: nil), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)), message: c.message), .check(c), nil)
        }
        for (t, o) in overrideDecls { declareOverride(o, in: t) }
    }

    private mutating func declareTable(_ t: TableDecl) {
        guard let range = PeriodRange(t.first, t.last) else {
            let why = t.first.granularity != t.last.granularity
                ? "the periods \(t.first) and \(t.last) are of different kinds"
                : "the range \(t.first)..\(t.last) runs backwards"
            report(.error(.syntax, why, at: t.rangeSpan, help: "write the first period, '..', then the last, for example 2018Q1..2019Q1"))
            return
        }
        if range.count > Self.maxPeriods {
            report(.error(.syntax, "the range \(t.first)..\(t.last) has \(range.count) periods, more than \(Self.maxPeriods)", at: t.rangeSpan,
                          help: "a table holds at most \(Self.maxPeriods) periods: split it, or use longer periods (quarters or years)"))
            brokenNames.insert(prefix + t.name.text)
            return
        }
        let rows = t.items.reduce(0) { n, item in if case .override = item { n } else { n + 1 } }
        if cellCount + rows * (range.count + 1) > Self.maxCells {
            report(.error(.syntax, "the table '\(t.name.text)' would bring the notebook to \(cellCount + rows * (range.count + 1)) cells, more than \(Self.maxCells)", at: t.rangeSpan,
                          help: "a notebook holds at most \(Self.maxCells) cells (rows × periods): split it into several notebooks"))
            brokenNames.insert(prefix + t.name.text)
            return
        }
        let index = program.tables.count
        program.tables.append(Table(name: prefix + t.name.text, module: current, label: t.label, range: range, hasTotal: t.hasTotal, totalLabel: t.totalLabel, span: t.name.span))
        program.modules[current].tableByName[t.name.text] = index
        if current == 0 { program.output.append(.table(index)) }
        for item in t.items { declareItem(item, in: index) }
    }

    private mutating func declareItem(_ item: TableDecl.Item, in t: Int) {
        if case .override = item {} else {
            // A table's own rows were counted with it; rows added after it may not pass the cap.
            let cells = program.tables[t].range.count + 1
            guard cellCount + cells <= Self.maxCells else {
                let span: SourceSpan
                switch item {
                case .row(let r): span = r.name.span
                case .check(let c): span = c.condition.span
                case .override(let o): span = o.row.span
                }
                report(.error(.syntax, "this row would bring the notebook to more than \(Self.maxCells) cells", at: span,
                              help: "a notebook holds at most \(Self.maxCells) cells (rows × periods): split it into several notebooks"))
                return
            }
            cellCount += cells
        }
        switch item {
        case .row(let row):
            let tableName = program.tables[t].name
            if let existing = program.tables[t].rowByName[row.name.text] {
                duplicate(row.name, previous: program.nodes[existing].span, what: "row of table '\(tableName)'")
                return
            }
            var node = Node(kind: .row(table: t), name: "\(tableName).\(row.name.text)", label: row.label, span: row.name.span, definition: row.span, body: .data([]))
            node.aggregation = row.aggregation
            let id = addNode(node, .row(row), row.format?.format)
            program.tables[t].rows.append(id)
            program.tables[t].rowByName[row.name.text] = id
        case .override(let o):
            overrideDecls.append((t, o))
        case .check(let c):
            _ = addNode(Node(kind: .check(table: t), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)), message: c.message), .check(c), nil)
        }
    }

    private mutating func declareOverride(_ o: OverrideDecl, in t: Int) {
        let table = program.tables[t]
        guard let row = table.rowByName[o.row.text] else {
            let help = suggestion(for: o.row.text, at: o.row.span, in: table.rowByName.keys)
            report(.error(.name, "table '\(table.name)' has no row '\(o.row.text)'", at: o.row.span, help: help))
            return
        }
        guard let i = table.range.index(of: o.period) else {
            report(.error(.name, "\(o.period) is outside the periods of table '\(table.name)' (\(table.range.description))", at: o.periodSpan))
            return
        }
        if program.nodes[row].overrides[i] != nil {
            let notes = overrideSpans[row]?[i].map { [Diagnostic.Note(span: $0, message: "first overridden here")] } ?? []
            report(.error(.name, "the cell \(o.row.text)@\(o.period) is overridden twice", at: o.span, notes: notes))
            return
        }
        overrideSpans[row, default: [:]][i] = o.span
        // Compiled with the row's other code; kept here as a placeholder with its syntax.
        overrideSyntax[row, default: [:]][i] = o.body
        program.nodes[row].overrides[i] = .constant(.blank)
    }

    private var overrideSyntax: [NodeID: [Int: Expr]] = [:]

    private mutating func addNode(_ node: Node, _ source: Pending, _ format: DisplayFormat?) -> NodeID {
        var node = node
        node.module = current
        declaredValues += node.table.map { program.tables[$0].range.count + 1 } ?? 1
        program.nodes.append(node)
        pending.append(source)
        explicitFormat.append(format)
        return program.nodes.count - 1
    }

    private mutating func addFunction(_ f: FunctionDecl, stdlib: Bool) -> Int {
        if !stdlib { declaredValues += 1 }
        var seen: [String: SourceSpan] = [:]
        for p in f.parameters {
            if let first = seen[p.text] {
                report(.error(.name, "the parameter '\(p.text)' is named twice", at: p.span, notes: [.init(span: first, message: "first named here")]))
            }
            seen[p.text] = p.span
        }
        program.functions.append(Function(name: f.name.text, parameters: f.parameters.map(\.text), body: .constant(.blank),
                                          format: f.format?.format, span: f.name.span,
                                          parameterReadUnshifted: Array(repeating: false, count: f.parameters.count),
                                          dependencies: [], fromStdlib: stdlib, module: current))
        functionDecls.append(f)
        return program.functions.count - 1
    }

    /// Scalars and tables share one namespace.
    private mutating func claimTopLevel(_ name: Name, what: String) -> Bool {
        if let previous = topLevelSpans[prefix + name.text] {
            duplicate(name, previous: previous, what: what)
            return false
        }
        topLevelSpans[prefix + name.text] = name.span
        return true
    }

    private mutating func duplicate(_ name: Name, previous: SourceSpan, what: String) {
        report(.error(.name, "'\(name.text)' is defined twice", at: name.span,
                      help: "rename one of them or delete one", notes: [.init(span: previous, message: "first defined here")]))
    }

    // MARK: Compiling

    private struct Scope {
        var table: Int?
        var parameters: [String: Int] = [:]
        var stdlib = false
        var allowRowRange = false
        /// Whose names a bare name means (0: the notebook being run).
        var module = 0
    }

    /// The scope a node's formula is read in: its own module (and table), or, for a value
    /// an importer gave with `with { … }`, the importer's names.
    private func scope(of id: NodeID) -> Scope {
        if let importer = importerScope[id] { return Scope(module: importer) }
        return Scope(table: program.nodes[id].table, module: program.nodes[id].module)
    }

    private struct Compilation {
        /// What the formula reads, possibly repeated (`sorted` makes it a set once, at the end).
        var dependencies: [Dependency] = []
        var sorted: [Dependency] {
            var out: [Dependency] = []
            for d in dependencies.sorted(by: { ($0.node, $0.shifted ? 1 : 0) < ($1.node, $1.shifted ? 1 : 0) }) where out.last != d { out.append(d) }
            return out
        }
        var parameterUnshifted: [Bool] = []
        var shifted = false
        var usesPeriod = false
    }

    /// Compiles every function body until what each reads settles (functions may call
    /// each other in any order, and recursively).
    private mutating func compileFunctions() {
        emitting = false
        for _ in 0...(functionDecls.count + 1) {
            var changed = false
            for (i, decl) in functionDecls.enumerated() {
                let (body, c) = compileFunction(i, decl)
                if c.parameterUnshifted != program.functions[i].parameterReadUnshifted || Set(c.dependencies) != program.functions[i].dependencies
                    || c.usesPeriod != program.functions[i].usesPeriod {
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

    private mutating func compileNodes() {
        for id in program.nodes.indices { compileNode(id) }
    }

    /// Compiles one node's formula (a row: with its overrides) and records what it reads.
    private mutating func compileNode(_ id: NodeID) {
            var c = Compilation()
            switch pending[id] {
            case .scalar(let decl):
                program.nodes[id].formula = decl.body.span
                program.nodes[id].body = .formula(compile(decl.body, scope(of: id), &c))
            case .check(let decl):
                program.nodes[id].body = .formula(compile(decl.condition, scope(of: id), &c))
            case .row(let decl):
                guard case .row(let t) = program.nodes[id].kind else { return }
                let scope = scope(of: id)
                if case .formula(let e) = decl.body { program.nodes[id].formula = e.span } else { program.nodes[id].formula = nil }
                program.nodes[id].body = rowBody(decl, table: t, scope, &c)
                // An override is one cell: what it reads is followed cell by cell (as
                // shifted references are), so only a cell that really reads itself is #CYCLE!.
                for (i, expr) in overrideSyntax[id] ?? [:] {
                    let saved = c.shifted
                    c.shifted = true
                    let own = importerOverride[id]?[i].map { Scope(module: $0) } ?? scope
                    program.nodes[id].overrides[i] = compile(expr, own, &c)
                    c.shifted = saved
                }
            }
            program.nodes[id].dependencies = c.sorted
    }

    private mutating func rowBody(_ decl: RowDecl, table t: Int, _ scope: Scope, _ c: inout Compilation) -> Node.Body {
        let range = program.tables[t].range
        var literals: [Expr]
        switch decl.body {
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
            report(.error(.syntax, "row '\(decl.name.text)' has \(literals.count) value\(literals.count == 1 ? "" : "s") but table '\(program.tables[t].name)' has \(range.count) period\(range.count == 1 ? "" : "s") (\(range.description))",
                          at: literals.first.map { $0.span.merged(with: literals.last!.span) } ?? decl.span,
                          help: "write one value per period, `_` where there is no data"))
            // Which value belongs to which period is unknown: show errors, not plausible numbers.
            return .data(Array(repeating: .error(.value), count: range.count))
        }
        var values: [Value] = []
        for i in 0..<range.count {
            guard i < literals.count else { values.append(.blank); continue }
            if let v = Self.literalValue(literals[i]) {
                values.append(v)
            } else {
                report(.error(.syntax, "a data row holds one literal per period (a number, a percent, a text or `_`)", at: literals[i].span,
                              help: "to compute values, write a formula row: \(decl.name.text) = expression"))
                values.append(.error(.value))
            }
        }
        return .data(values)
    }

    static func literalValue(_ e: Expr) -> Value? {
        switch e.kind {
        case .number(let n, _): .number(n)
        case .text(let s): .text(s)
        case .boolean(let b): .bool(b)
        case .blank: .blank
        case .invalid: .error(.value)
        default: nil
        }
    }

    private mutating func compile(_ e: Expr, _ scope: Scope, _ c: inout Compilation) -> Code {
        var inner = scope
        inner.allowRowRange = false
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
        case .binary(let op, let a, let b): return .binary(op, compile(a, inner, &c), compile(b, inner, &c))
        case .ifThenElse(let p, let a, let b):
            return .ifThenElse(compile(p, inner, &c), compile(a, inner, &c), compile(b, inner, &c))
        case .offset(let x, let k):
            let kCode = compile(k, inner, &c)
            return .offset(shifted(x, inner, &c), kCode)
        case .at(let x, let from, let to):
            let fromCode = compile(from, inner, &c)
            let toCode = to.map { compile($0, inner, &c) }
            return .at(shifted(x, inner, &c), fromCode, toCode)
        case .rowRange(let a, let b):
            return rowRange(a, b, e.span, scope, &c)
        case .invalid:
            return .constant(.error(.value))
        }
    }

    /// Compiles `x` as read in other periods than the current one.
    private mutating func shifted(_ x: Expr, _ scope: Scope, _ c: inout Compilation) -> Code {
        let saved = c.shifted
        c.shifted = true
        defer { c.shifted = saved }
        return compile(x, scope, &c)
    }

    private mutating func name(_ n: String, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        if let i = scope.parameters[n] {
            if !c.shifted { c.parameterUnshifted[i] = true }
            return .parameter(i)
        }
        if let t = scope.table, let row = program.tables[t].rowByName[n] {
            c.dependencies.append(Dependency(node: row, shifted: c.shifted))
            return .row(row)
        }
        if let t = scope.table, brokenNames.contains("\(program.tables[t].name).\(n)") {
            return .constant(.error(.name))
        }
        let module = program.modules[scope.module]
        if !scope.stdlib, let s = module.scalarByName[n] {
            c.dependencies.append(Dependency(node: s, shifted: c.shifted))
            return .scalar(s)
        }
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
    private mutating func member(_ base: Expr, _ member: String, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
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
            return unresolved("'\(hidden)' is private to \(written)", memberSpan, help: "names starting with _ are not shared with importers")
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
            return unresolved(what, at, help: suggestion(for: rest[0], at: at, in: Array(here.tableByName.keys) + Array(here.imports.keys)))
        default:
            if i == 0, brokenNames.contains(here.prefix + names[0]) { return .constant(.error(.name)) }
            return unresolved("'\(names.joined(separator: "."))' does not name a cell or a row", span,
                              help: "write table.row, alias.name or alias.table.row")
        }
    }

    /// Follows `names` through the imports from `module` while they name imported
    /// notebooks, leaving at least `keep` names: the module reached and how many names led there.
    private func throughImports(_ names: [String], from module: Int, keeping keep: Int) -> (module: Int, taken: Int) {
        var module = module, i = 0
        while i < names.count - keep, let child = program.modules[module].imports[names[i]] {
            module = child
            i += 1
        }
        return (module, i)
    }

    /// The module `alias.f` names the function of (nil when an alias in it is unknown), and `f`.
    private func qualifiedFunction(_ n: String, from module: Int) -> (module: Int?, name: String) {
        let parts = n.split(separator: ".").map(String.init)
        let (reached, taken) = throughImports(parts, from: module, keeping: 1)
        return (taken == parts.count - 1 ? reached : nil, parts[parts.count - 1])
    }

    /// Row `member` of table `t` (written `written` in the formula).
    private mutating func row(_ member: String, of t: Int, written: String, _ memberSpan: SourceSpan, _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        guard let row = program.tables[t].rowByName[member] else {
            if brokenNames.contains("\(program.tables[t].name).\(member)") { return .constant(.error(.name)) }
            unresolvedNames.insert("\(program.tables[t].name).\(member)")
            return unresolved("table '\(written)' has no row '\(member)'", memberSpan,
                              help: suggestion(for: member, at: memberSpan, in: program.tables[t].rowByName.keys))
        }
        c.dependencies.append(Dependency(node: row, shifted: c.shifted))
        if !c.shifted, let here = scope.table, program.tables[here].range.granularity != program.tables[t].range.granularity {
            let there = program.tables[t].range.granularity, mine = program.tables[here].range.granularity
            report(.warning(.name, "'\(written).\(member)' is \(there.adjective) and table '\(program.tables[here].name)' is \(mine.adjective): it is blank in every period", at: span,
                            help: "pick one period with @, for example \(written).\(member)@\(program.tables[t].range.last)"))
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
        return unresolved("\(alias) has no cell '\(name)'", span, help: suggestion(for: name, at: span, in:
            module.scalarByName.keys.filter { !$0.hasPrefix("_") } + module.tableByName.keys.filter { !$0.hasPrefix("_") }))
    }

    private func function(named n: String, _ scope: Scope) -> Int? {
        // `alias.f`: walk the imports, then the imported notebook's own functions.
        if !scope.stdlib, n.contains(".") {
            let (module, name) = qualifiedFunction(n, from: scope.module)
            guard let module, !name.hasPrefix("_") else { return nil }
            return program.modules[module].userFunctionByName[name]
        }
        if !scope.stdlib, let f = program.modules[scope.module].userFunctionByName[n] { return f }
        return program.stdlibFunctionByName[n]
    }

    private mutating func call(_ f: String, _ args: [Expr], _ span: SourceSpan, _ scope: Scope, _ c: inout Compilation) -> Code {
        var inner = scope
        inner.allowRowRange = false
        if let index = function(named: f, scope) {
            let fn = program.functions[index]
            guard args.count == fn.parameters.count else {
                return unresolved("'\(f)' takes \(fn.parameters.count) argument\(fn.parameters.count == 1 ? "" : "s"), not \(args.count)", span,
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
            return unresolved("\(alias) has no function '\(name)'", span,
                              help: suggestion(for: name, at: span, in: program.modules[module].userFunctionByName.keys.filter { !$0.hasPrefix("_") }))
        }
        guard let builtin = Builtin(rawValue: f) else {
            if !scope.stdlib, brokenNames.contains(f) { return .constant(.error(.name)) }
            unresolvedNames.insert(f)
            let user = scope.stdlib ? [] : Array(program.modules[scope.module].userFunctionByName.keys)
            return unresolved("unknown function '\(f)'", span,
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
            return unresolved("a row range '\(a)..\(b)' can only be aggregated", span, help: "write sum(\(a)..\(b)), avg(…), min(…), max(…) or count(…)")
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

    private mutating func unresolved(_ message: String, _ span: SourceSpan, help: String? = nil) -> Code {
        report(.error(.name, message, at: span, help: help))
        return .constant(.error(.name))
    }

    private mutating func report(_ d: Diagnostic) {
        if emitting { diagnostics.append(d) }
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
    private func suggestion<S: Sequence<String>>(for name: String, at span: SourceSpan, in candidates: @autoclosure () -> S) -> String? {
        guard mayBeShown(span) else { return nil }
        return Suggest.help(Suggest.closest(to: name, in: candidates()))
    }

    // MARK: Changing one definition (a session's input)

    /// What `redefine` did.
    enum Redefinition {
        /// Not a change this path handles (a table block, a function, a change of kind): rebuild.
        case notHandled
        /// Refused; nothing changed.
        case refused([Diagnostic])
        /// These nodes were added or recompiled (their values must be computed again, with
        /// everything that reads them).
        case changed([NodeID])
    }

    /// Adds or replaces one cell, row, override or check in place, after checking that it
    /// compiles and makes no cycle; when it does not, nothing changes.
    mutating func redefine(_ statement: Statement) -> Redefinition {
        let mark = diagnostics.count
        let nodeCount = program.nodes.count
        var result: Redefinition
        switch statement {
        case .cell(let c):
            if let id = program.scalarByName[c.name.text] {
                result = replace(id, with: .scalar(c), format: c.format?.format) {
                    $0.label = c.label
                    $0.span = c.name.span
                    $0.definition = c.span
                }
            } else if topLevelSpans[c.name.text] != nil || waiting(on: c.name.text) {
                result = .notHandled
            } else {
                // Compiled before it is declared: a new cell cannot read itself.
                let id = program.nodes.count
                let node = Node(kind: .scalar, name: c.name.text, label: c.label, span: c.name.span, definition: c.span, body: .formula(.constant(.blank)))
                _ = addNode(node, .scalar(c), c.format?.format)
                compileNode(id)
                if diagnostics.count > mark {
                    result = .refused(Array(diagnostics[mark...]))
                } else {
                    program.modules[0].scalarByName[c.name.text] = id
                    topLevelSpans[c.name.text] = c.name.span
                    if !program.nodes[id].isPrivate { program.output.append(.scalar(id)) }
                    result = .changed([id])
                }
            }
        case .tableItem(let tableName, .row(let r)):
            guard let t = program.tableByName[tableName.text], !waiting(on: "\(tableName.text).\(r.name.text)") else { return .notHandled }
            if let id = program.tables[t].rowByName[r.name.text] {
                result = replace(id, with: .row(r), format: r.format?.format) {
                    $0.label = r.label
                    $0.span = r.name.span
                    $0.definition = r.span
                    $0.aggregation = r.aggregation
                }
            } else {
                // Declared before it is compiled: a new row may read itself at [-1].
                let id = program.nodes.count
                declareItem(.row(r), in: t)
                compileNode(id)
                if let refusal = problems(since: mark, node: id) {
                    program.tables[t].rows.removeLast()
                    program.tables[t].rowByName[r.name.text] = nil
                    result = .refused(refusal)
                } else {
                    result = .changed([id])
                }
            }
        case .tableItem(let tableName, .override(let o)):
            guard let t = program.tableByName[tableName.text], let id = program.tables[t].rowByName[o.row.text],
                  let i = program.tables[t].range.index(of: o.period)
            else { return .notHandled }
            let saved = (program.nodes[id], overrideSyntax[id])
            overrideSyntax[id, default: [:]][i] = o.body
            program.nodes[id].overrides[i] = .constant(.blank)
            compileNode(id)
            if let refusal = problems(since: mark, node: id) {
                (program.nodes[id], overrideSyntax[id]) = saved
                result = .refused(refusal)
            } else {
                result = .changed([id])
            }
        case .check(let c):
            let id = program.nodes.count
            _ = addNode(Node(kind: .check(table: nil), name: "check", span: c.condition.span, definition: c.span, body: .formula(.constant(.blank)), message: c.message), .check(c), nil)
            compileNode(id)
            result = diagnostics.count > mark ? .refused(Array(diagnostics[mark...])) : .changed([id])
        default:
            return .notHandled
        }
        if case .refused = result {
            // Take back any node this input added.
            while program.nodes.count > nodeCount {
                program.nodes.removeLast()
                pending.removeLast()
                explicitFormat.removeLast()
            }
        }
        diagnostics.removeSubrange(mark...)
        return result
    }

    /// Replaces an existing node's definition, keeping the old one when the new one is refused.
    private mutating func replace(_ id: NodeID, with source: Pending, format: DisplayFormat?, update: (inout Node) -> Void) -> Redefinition {
        let mark = diagnostics.count
        let saved = (program.nodes[id], pending[id], explicitFormat[id])
        pending[id] = source
        explicitFormat[id] = format
        update(&program.nodes[id])
        program.nodes[id].onCycle = false
        compileNode(id)
        if let refusal = problems(since: mark, node: id) {
            (program.nodes[id], pending[id], explicitFormat[id]) = saved
            return .refused(refusal)
        }
        return .changed([id])
    }

    /// Errors since `mark`, or a cycle the node's new references would close.
    private func problems(since mark: Int, node id: NodeID) -> [Diagnostic]? {
        if diagnostics.count > mark { return Array(diagnostics[mark...]) }
        guard let path = cyclePath(to: id) else { return nil }
        let names = path.map { program.nodes[$0].name }
        return [.error(.cycle, "cycle: \(names.joined(separator: " -> "))", at: program.nodes[id].span,
                       help: "these cells depend on each other; break the loop")]
    }

    /// A path of unshifted references from `id` back to itself, if there is one.
    func cyclePath(to id: NodeID) -> [NodeID]? {
        var previous: [NodeID: NodeID] = [:]
        var queue: [NodeID] = [], head = 0
        for d in program.nodes[id].dependencies where !d.shifted {
            if d.node == id { return [id, id] }
            if previous[d.node] == nil { previous[d.node] = id; queue.append(d.node) }
        }
        while head < queue.count {
            let v = queue[head]; head += 1
            for d in program.nodes[v].dependencies where !d.shifted {
                if d.node == id {
                    var path = [v], cur = v
                    while let p = previous[cur], p != id { path.append(p); cur = p }
                    return [id] + Array(path.reversed()) + [id]
                }
                if previous[d.node] == nil { previous[d.node] = v; queue.append(d.node) }
            }
        }
        return nil
    }

    /// Whether some node was compiled while `name` was unknown (a deleted or broken definition):
    /// defining it must recompile that node too, which a full rebuild does.
    private func waiting(on name: String) -> Bool {
        brokenNames.contains(name) || unresolvedNames.contains(name)
    }

    /// Infers the display formats of these nodes again, in the order given (dependencies first).
    mutating func refreshFormats(_ ordered: [NodeID]) {
        if formatStates.count < program.nodes.count {
            formatStates += Array(repeating: .unknown, count: program.nodes.count - formatStates.count)
        }
        for id in ordered { formatStates[id] = .unknown }
        for id in ordered { program.nodes[id].format = nodeFormat(id) ?? .general }
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

    // MARK: Formats

    private enum FormatState { case unknown, inProgress, known(DisplayFormat?) }
    private var formatStates: [FormatState] = []

    /// Each node's display format: its `as`, else the one its formula suggests
    /// (a percent literal, a percent row it copies, a function declared `as percent`).
    /// Nodes are visited dependencies first, so a formula copying another cell's format
    /// finds it known instead of recursing down a long chain.
    private mutating func inferFormats(in components: [[NodeID]]) {
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
        switch pending[id] {
        case .scalar(let decl):
            result = format(of: decl.body, scope(of: id))
        case .row(let decl):
            let scope = scope(of: id)
            switch decl.body {
            case .formula(let e): result = format(of: e, scope)
            case .data(let values):
                // Percent only when every number in the row is written as a percent.
                let numbers = values.compactMap { e -> Bool? in if case .number(_, let p) = e.kind { p } else { nil } }
                if !numbers.isEmpty, numbers.allSatisfy({ $0 }) {
                    result = .percent(decimals: nil)
                }
            }
        case .check:
            result = nil
        }
        formatStates[id] = .known(result)
        return result
    }

    private mutating func format(of e: Expr, _ scope: Scope) -> DisplayFormat? {
        switch e.kind {
        case .number(_, percent: true): return .percent(decimals: nil)
        case .name(let n):
            if scope.parameters[n] != nil { return nil }
            if let t = scope.table, let row = program.tables[t].rowByName[n] { return nodeFormat(row) }
            if let s = program.modules[scope.module].scalarByName[n] { return nodeFormat(s) }
            return nil
        case .member:
            // The same walk through imports as `member` does when compiling.
            guard let names = e.nameChain else { return nil }
            let (module, i) = throughImports(names, from: scope.module, keeping: 1)
            let rest = names[i...], here = program.modules[module]
            if rest.count == 1, let s = here.scalarByName[rest[rest.startIndex]] { return nodeFormat(s) }
            if rest.count == 2, let t = here.tableByName[rest[rest.startIndex]], let row = program.tables[t].rowByName[rest[rest.startIndex + 1]] {
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
            if let index = function(named: f, scope) { return program.functions[index].format }
            switch Builtin(rawValue: f)?.spec.format {
            case .argument(let i): return i < args.count ? format(of: args[i], scope) : nil
            case .fixed(let format): return format
            case .unspecified?, nil: return nil
            }
        default:
            return nil
        }
    }
}
