// MARK: - Session
//
// What the REPL stands on: a notebook built one input at a time. The session keeps its
// definitions as a document (each keyed by what it defines, so redefining a name
// replaces it), evaluates them with the same pipeline as `chiso run`, and answers
// each input with what it shows and what else changed. A typed input that brings an
// error (syntax, unknown name, cycle) is refused whole: the session stays exactly as
// it was. Like the rest of the core it never prints.

import Foundation

public final class Session {
    /// What one input did.
    public struct Outcome: Sendable {
        /// False when the input was refused (the session did not change).
        public var accepted: Bool
        /// Errors (when refused) and warnings, with places in the input.
        public var diagnostics: [Diagnostic]
        /// An expression's value, or the values of what was defined.
        public var shown: [Report.Item]
        /// Values elsewhere that changed because of the input.
        public var changed: [Report.Item]
        /// Plain messages ("defined fn f(x)", "deleted x").
        public var notes: [String]
        /// Checks that do not hold after the input.
        public var failedChecks: [CheckOutcome]
        /// Whether the input was an expression (evaluated, nothing defined).
        public var isExpression = false
    }

    /// A piece of the document: one definition and the text it was written as.
    struct Entry {
        enum Key: Hashable {
            /// A cell or a table (they share one namespace).
            case top(String)
            case function(String)
            case row(table: String, row: String)
            case override(table: String, row: String, period: Period)
            case locale
            /// `use … as alias`.
            case use(String)
            /// Headings and checks: never replaced.
            case serial(Int)
        }
        var key: Key
        var statement: Statement
        var text: String
        /// The file it was loaded from, whose folder its paths are read from; nil when typed.
        var place: ImportPlace?
    }

    public private(set) var sources = SourceMap()
    /// The locale values are shown in: the notebook's `locale`, or `:locale`.
    public private(set) var locale: DisplayLocale
    private var fixedLocale: DisplayLocale?
    private var entries: [Entry] = []
    private var stdlib: [SyntaxTree] = []
    private var stdlibDiagnostics: [Diagnostic] = []
    private var evaluation: Evaluation
    private var serial = 0
    private var inputs = 0
    /// Who reads each node (the reverse of its dependencies), for recomputing only what depends on a change.
    private var dependents: [[NodeID]] = []
    /// Each node's dependencies as `dependents` was last told them.
    private var indexed: [[NodeID]] = []
    private var checkNodes: [NodeID] = []
    /// The notebook root given on the command line (`--root`), if any.
    private let root: String?

    /// A new, empty session. `locale` fixes the display locale (the CLI's `--locale`);
    /// `root` the notebook root of every file and of what is typed (`--root`).
    public init(locale: DisplayLocale? = nil, root: String? = nil) {
        fixedLocale = locale
        self.root = root
        self.locale = locale ?? .en
        var sources = SourceMap()
        let (trees, errors) = Pipeline.parseStdlib(into: &sources)
        self.sources = sources
        stdlib = trees
        stdlibDiagnostics = errors
        let empty = sources.add(name: "<empty>", text: "")
        self.sources = sources
        evaluation = LargeStack.run { Pipeline.evaluate(stdlib: trees, tree: SyntaxTree(source: empty, statements: []), locale: locale) }
        reindex()
    }

    // MARK: Inputs

    /// One input: a statement (a table may span several lines), several statements, or an
    /// expression to evaluate.
    public func submit(_ text: String) -> Outcome {
        inputs += 1
        let id = sources.add(name: "<repl:\(inputs)>", text: text)
        return LargeStack.run { submit(source: id) }
    }

    private func submit(source id: SourceID) -> Outcome {
        let file = sources[id]
        // An expression, unless it only parses as statements.
        let (expr, _) = Parser.parseExpression(file, id: id)
        if let expr { return evaluate(expr, text: file.text) }
        let (tree, syntax) = Parser.parse(file, id: id)
        if !syntax.isEmpty { return refused(syntax) }
        if tree.statements.isEmpty { return Outcome(accepted: true, diagnostics: [], shown: [], changed: [], notes: [], failedChecks: []) }
        return apply(tree.statements, from: id, place: nil, transactional: true)
    }

    /// `:load FILE`: a notebook's definitions join the session (later ones replace earlier
    /// ones). A file keeps notebook semantics: its problems are reported and stay local,
    /// and the paths it names are read from its own folder, as `chiso run FILE` reads them.
    public func load(path: String) -> Outcome {
        switch NotebookFile.read(path) {
        case .failure(let e):
            return refused([.error(.io, e.message, at: nil)])
        case .success(let bytes):
            let id = sources.add(name: path, bytes: bytes)
            let place = ImportPlace(notebookPath: path, explicitRoot: root)
            return LargeStack.run {
                let (tree, syntax) = Parser.parse(sources[id], id: id)
                var outcome = apply(tree.statements, from: id, place: place, transactional: false)
                outcome.diagnostics = Engine.sorted(syntax + outcome.diagnostics)
                return outcome
            }
        }
    }

    /// `:del NAME`: removes a cell, table, row or function; what read it shows `#NAME?`
    /// until it is defined again.
    public func delete(_ name: String) -> Outcome {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let before = entries.count
        entries.removeAll { e in
            switch (e.key, parts.count) {
            case (.top(let n), 1), (.function(let n), 1): return n == name
            case (.row(let t, _), 1), (.override(let t, _, _), 1): return t == name
            case (.row(let t, let r), 2), (.override(let t, let r, _), 2): return t == parts[0] && r == parts[1]
            default: return false
            }
        }
        // A row written inside its table's block: take it out of the block.
        let inBlock = parts.count == 2 && removeFromBlock(parts[0], row: parts[1])
        guard entries.count != before || inBlock else {
            return refused([.error(.name, "nothing named '\(name)' to delete", at: nil, help: Suggest.help(Suggest.closest(to: name, in: completions)))])
        }
        return LargeStack.run {
            var outcome = rebuild(shownNames: [])
            outcome.notes = ["deleted \(name)"]
            return outcome
        }
    }

    /// `:locale vi|en`.
    public func setLocale(_ locale: DisplayLocale) {
        fixedLocale = locale
        self.locale = locale
        evaluation.locale = locale
    }

    // MARK: Applying statements

    private func apply(_ statements: [Statement], from source: SourceID, place: ImportPlace?, transactional: Bool) -> Outcome {
        if transactional, statements.count == 1, let outcome = applyInPlace(statements[0]) { return outcome }
        let saved = entries
        var shownNames: [String] = []
        var notes: [String] = []
        for statement in statements {
            let (shown, note) = record(statement, place: place)
            shownNames += shown
            notes += note
        }
        let previous = evaluation
        let outcome = rebuild(shownNames: shownNames)
        if transactional {
            // Refuse the input when it brings an error that was not there before.
            let before = Set(previous.diagnostics.filter { $0.severity == .error && $0.kind != .check }.map(DiagnosticKey.init))
            let new = outcome.diagnostics.filter { $0.severity == .error && $0.kind != .check && !before.contains(DiagnosticKey($0)) }
            if !new.isEmpty {
                entries = saved
                evaluation = previous
                reindex()
                if fixedLocale == nil { locale = previous.program.locale ?? .en }
                return refused(new)
            }
        }
        var result = outcome
        result.notes = notes + outcome.notes
        return result
    }

    /// Writes a statement into the document; returns what it shows (`x`, `t`, `t.r`) and notes.
    private func record(_ statement: Statement, place: ImportPlace? = nil) -> (shown: [String], notes: [String]) {
        let text = Session.text(of: statement, in: sources)
        switch statement {
        case .heading, .check:
            serial += 1
            entries.append(Entry(key: .serial(serial), statement: statement, text: text))
        case .locale(let l, _):
            upsert(Entry(key: .locale, statement: statement, text: text))
            if fixedLocale == nil { locale = l }
        case .use(let u):
            let alias = u.alias?.text ?? Imports.defaultAlias(u.path) ?? u.path
            upsert(Entry(key: .use(alias), statement: statement, text: text, place: place))
            return ([], ["imported \(u.path) as \(alias)"])
        case .cell(let c):
            upsert(Entry(key: .top(c.name.text), statement: statement, text: text))
            return ([c.name.text], [])
        case .function(let f):
            upsert(Entry(key: .function(f.name.text), statement: statement, text: text))
            return ([], ["defined fn \(f.name.text)(\(f.parameters.map(\.text).joined(separator: ", ")))"])
        case .table(let t):
            // The block's rows replace rows of the same name added outside it.
            let rows = Set(t.items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } })
            entries.removeAll { if case .row(let tn, let r) = $0.key { tn == t.name.text && rows.contains(r) } else { false } }
            upsert(Entry(key: .top(t.name.text), statement: statement, text: text, place: place))
            return ([t.name.text], [])
        case .tableItem(let table, let item):
            switch item {
            case .row(let r):
                // A row written in its table's block is replaced there, in place.
                if !replaceInBlock(table.text, item) {
                    upsert(Entry(key: .row(table: table.text, row: r.name.text), statement: statement, text: text))
                }
                return (["\(table.text).\(r.name.text)"], [])
            case .override(let o):
                if !replaceInBlock(table.text, item) {
                    upsert(Entry(key: .override(table: table.text, row: o.row.text, period: o.period), statement: statement, text: text))
                }
                return (["\(table.text).\(o.row.text)"], [])
            case .check:
                serial += 1
                entries.append(Entry(key: .serial(serial), statement: statement, text: text))
            }
        }
        return ([], [])
    }

    // MARK: Changing one definition in place

    /// A cell, a row, an override or a check changed in place: the work is proportional to
    /// what reads it, not to the notebook. Nil when the statement needs a rebuild.
    private func applyInPlace(_ statement: Statement) -> Outcome? {
        switch evaluation.resolver.redefine(statement) {
        case .notHandled:
            return nil
        case .refused(let diagnostics):
            return refused(diagnostics)
        case .changed(let ids):
            let (shown, notes) = record(statement)
            var outcome = recompute(ids, shown: shown)
            outcome.notes = notes
            return outcome
        }
    }

    /// Computes again the changed nodes and everything that reads them, dependencies first,
    /// and reports what the input shows and which other values changed.
    private func recompute(_ ids: [NodeID], shown: [String]) -> Outcome {
        let program = evaluation.program, evaluator = evaluation.evaluator
        evaluator.grow()
        for id in ids { reindex(id) }
        var dirty = Set<NodeID>(), queue = ids
        while let v = queue.popLast() {
            if dirty.insert(v).inserted { queue += dependents[v] }
        }
        let order = Graph.components(of: dirty.sorted(), in: program)
        evaluation.resolver.refreshFormats(order.flatMap { $0 })
        var before: [NodeID: [Value]] = [:]
        for id in dirty where evaluator.cells[id].state.allSatisfy({ $0 == .done }) { before[id] = evaluator.cells[id].values }
        for id in dirty { evaluator.invalidate(id) }
        evaluator.evaluate(order)

        let shownSet = Set(shown)
        var changed: [NodeID] = []
        for id in dirty.sorted() {
            let node = program.nodes[id]
            if case .check = node.kind { continue }
            if node.isPrivate || shownSet.contains(node.name) { continue }
            if let table = node.table, shownSet.contains(program.tables[table].name) { continue }
            if before[id] != evaluator.values(of: id) { changed.append(id) }
        }
        let issues = dirty.sorted().compactMap { evaluator.issues[$0] }
        return Outcome(accepted: true, diagnostics: Engine.sorted(issues), shown: items(shown: shown), changed: items(nodes: changed),
                       notes: [], failedChecks: failedChecks())
    }

    /// Updates who-reads-whom for a node whose dependencies may have changed.
    private func reindex(_ id: NodeID) {
        let program = evaluation.program
        while dependents.count < program.nodes.count {
            dependents.append([])
            indexed.append([])
            if case .check = program.nodes[indexed.count - 1].kind { checkNodes.append(indexed.count - 1) }
        }
        for old in indexed[id] { dependents[old].removeAll { $0 == id } }
        let new = Array(Set(program.nodes[id].dependencies.map(\.node)))
        for d in new { dependents[d].append(id) }
        indexed[id] = new
    }

    /// Who-reads-whom for the whole program (after a rebuild).
    private func reindex() {
        let program = evaluation.program
        dependents = Array(repeating: [], count: program.nodes.count)
        indexed = Array(repeating: [], count: program.nodes.count)
        checkNodes = []
        for (id, node) in program.nodes.enumerated() {
            if case .check = node.kind { checkNodes.append(id) }
            let deps = Array(Set(node.dependencies.map(\.node)))
            for d in deps { dependents[d].append(id) }
            indexed[id] = deps
        }
    }

    private func failedChecks() -> [CheckOutcome] {
        Checks.outcomes(evaluation.evaluator, locale: locale, only: checkNodes).filter { !$0.holds }
    }

    /// What an input shows: cells and whole tables by name, rows as `t.r`.
    private func items(shown: [String]) -> [Report.Item] {
        let program = evaluation.program
        var out: [Report.Item] = []
        var rowsByTable: [Int: Set<NodeID>] = [:]
        for name in shown {
            if let id = program.scalarByName[name] {
                if !program.nodes[id].isPrivate { out.append(ReportBuilder.scalar(id, evaluation.evaluator)) }
            } else if let t = program.tableByName[name] {
                out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale)))
            } else if let id = node(named: name), let t = program.nodes[id].table {
                rowsByTable[t, default: []].insert(id)
            }
        }
        // A table shown whole is not shown again row by row.
        let whole = Set(shown.compactMap { program.tableByName[$0] })
        for (t, rows) in rowsByTable.sorted(by: { $0.key < $1.key }) where !whole.contains(t) {
            out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale, only: rows)))
        }
        return out
    }

    /// Changed nodes as report items: cells together, rows grouped by table.
    private func items(nodes: [NodeID]) -> [Report.Item] {
        let program = evaluation.program
        var out: [Report.Item] = []
        var group: [Report.Scalar] = []
        var rowsByTable: [Int: Set<NodeID>] = [:]
        for id in nodes {
            if let t = program.nodes[id].table {
                // A private table is not printed, so neither are its rows.
                if !program.tables[t].name.hasPrefix("_") { rowsByTable[t, default: []].insert(id) }
                continue
            }
            switch ReportBuilder.scalar(id, evaluation.evaluator) {
            case .scalars(let s): group += s
            case let item: out.append(item)
            }
        }
        if !group.isEmpty { out.insert(.scalars(group), at: 0) }
        for (t, rows) in rowsByTable.sorted(by: { $0.key < $1.key }) {
            out.append(.table(ReportBuilder.table(t, evaluation.evaluator, locale: locale, only: rows)))
        }
        return out
    }

    /// Replaces a row (or an override of the same cell) written inside `table`'s block, in
    /// the block's syntax and in its text. False when the block has no such item.
    private func replaceInBlock(_ table: String, _ item: TableDecl.Item) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == .top(table) }), case .table(var t) = entries[i].statement,
              let k = t.items.firstIndex(where: { Session.sameItem($0, item) })
        else { return false }
        let old = Session.itemText(t.items[k], in: sources), new = Session.itemText(item, in: sources)
        guard let range = entries[i].text.range(of: old) else { return false }
        entries[i].text.replaceSubrange(range, with: new)
        t.items[k] = item
        entries[i].statement = .table(t)
        return true
    }

    /// Takes a row (and its overrides) out of `table`'s block, with their lines of text.
    private func removeFromBlock(_ table: String, row: String) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == .top(table) }), case .table(var t) = entries[i].statement else { return false }
        var removed = false
        for item in t.items {
            let name: String
            switch item {
            case .row(let r): name = r.name.text
            case .override(let o): name = o.row.text
            case .check: continue
            }
            guard name == row else { continue }
            let old = Session.itemText(item, in: sources)
            if let range = entries[i].text.range(of: old) {
                // The whole line, with its line break.
                let text = entries[i].text
                let start = text[..<range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
                var end = text[range.upperBound...].firstIndex(of: "\n") ?? text.endIndex
                if end < text.endIndex { end = text.index(after: end) }
                entries[i].text.removeSubrange(start..<end)
            }
            removed = true
        }
        t.items.removeAll { item in
            switch item {
            case .row(let r): r.name.text == row
            case .override(let o): o.row.text == row
            case .check: false
            }
        }
        entries[i].statement = .table(t)
        return removed
    }

    private static func sameItem(_ a: TableDecl.Item, _ b: TableDecl.Item) -> Bool {
        switch (a, b) {
        case let (.row(x), .row(y)): x.name.text == y.name.text
        case let (.override(x), .override(y)): x.row.text == y.row.text && x.period == y.period
        default: false
        }
    }

    private static func itemText(_ item: TableDecl.Item, in sources: SourceMap) -> String {
        let span: SourceSpan
        switch item {
        case .row(let r): span = r.span
        case .override(let o): span = o.span
        case .check(let c): span = c.span
        }
        return sources[span.source].text(of: span)
    }

    private func upsert(_ entry: Entry) {
        // A cell replaces a table of the same name and the other way round, with the table's outside rows.
        if case .top(let name) = entry.key {
            entries.removeAll { e in
                switch e.key {
                case .row(let t, _), .override(let t, _, _):
                    if case .cell = entry.statement { return t == name }
                    return false
                default: return false
                }
            }
        }
        if let i = entries.firstIndex(where: { $0.key == entry.key }) {
            entries[i] = entry
        } else {
            entries.append(entry)
        }
    }

    /// Evaluates the document again and reports what changed against the last evaluation.
    private func rebuild(shownNames: [String]) -> Outcome {
        let previous = evaluation
        let next = fresh()
        evaluation = next
        reindex()
        if fixedLocale == nil { locale = next.program.locale ?? .en }
        let before = Session.valuesByName(previous)
        let after = Session.valuesByName(next)
        let shownSet = Set(shownNames)
        var changed: [NodeID] = []
        for (id, node) in next.program.nodes.enumerated() where !isCheck(node) && !node.isPrivate && node.module == 0 {
            let top = node.name.split(separator: ".").first.map(String.init) ?? node.name
            if shownSet.contains(top) || shownSet.contains(node.name) { continue }
            if before[node.name] != after[node.name] { changed.append(id) }
        }
        return Outcome(accepted: true, diagnostics: Engine.sorted(next.diagnostics.filter { $0.kind != .check }),
                       shown: items(shown: shownNames),
                       changed: items(nodes: changed),
                       notes: [], failedChecks: next.checks.filter { !$0.holds })
    }

    private func isCheck(_ node: Node) -> Bool {
        if case .check = node.kind { return true }
        return false
    }

    /// A fresh evaluation of the document, with the notebooks it imports: what was typed
    /// names paths from the current folder, what was loaded from its file's folder.
    private func fresh() -> Evaluation {
        let empty = sources.files.isEmpty ? SourceID(raw: 0) : SourceID(raw: sources.files.count - 1)
        let tree = SyntaxTree(source: empty, statements: entries.map(\.statement))
        let cwd = Sandbox.currentDirectory()
        let typed = ImportPlace(folder: Sandbox.realPath(cwd) ?? cwd, sandbox: Sandbox(notebookPath: cwd + "/<repl>", explicitRoot: root), file: nil)
        let places = entries.map { $0.place ?? typed }
        var importErrors: [Diagnostic] = []
        let loaded = Imports.load(tree, file: "<repl>", places: { places[$0] }, sources: &sources, diagnostics: &importErrors)
        var evaluation = Pipeline.evaluate(stdlib: stdlib, notebook: loaded, locale: fixedLocale)
        evaluation.diagnostics = importErrors + evaluation.diagnostics
        return evaluation
    }

    // MARK: Expressions

    private func evaluate(_ expr: Expr, text: String) -> Outcome {
        // A table's name alone shows the table.
        if case .name(let n) = expr.kind, evaluation.program.tableByName[n] != nil {
            return Outcome(accepted: true, diagnostics: [], shown: items(shown: [n]), changed: [], notes: [], failedChecks: [], isExpression: true)
        }
        let (code, format, diagnostics) = Resolver.compileExpression(expr, in: evaluation.program)
        if diagnostics.contains(where: { $0.severity == .error }) { return refused(diagnostics) }
        let value = evaluation.evaluator.evaluate(expression: code)
        let label = text.trimmed(of: " \t\r\n")
        let item: Report.Item
        if case .series(let s) = value {
            let row = Report.Row(name: label, label: nil, values: s.values, total: .blank, format: format)
            item = .table(Report.Table(name: label, label: nil, periods: Array(s.range), totalLabel: nil, rows: [row]))
        } else {
            item = .scalars([Report.Scalar(name: label, label: nil, value: value, format: format)])
        }
        return Outcome(accepted: true, diagnostics: diagnostics, shown: [item], changed: [], notes: [], failedChecks: [], isExpression: true)
    }

    private func refused(_ diagnostics: [Diagnostic]) -> Outcome {
        Outcome(accepted: false, diagnostics: Engine.sorted(diagnostics), shown: [], changed: [], notes: [], failedChecks: [])
    }

    // MARK: Looking at the session

    /// The report of every definition, as `chiso run` would print it.
    public var report: Report { ReportBuilder.build(evaluation.evaluator, locale: locale) }

    /// Names to complete: cells, tables, `table.row`, functions (user, stdlib, built-in).
    public var completions: [String] {
        let p = evaluation.program
        var names = Array(p.scalarByName.keys) + Array(p.tableByName.keys)
        for t in p.tables { names += t.rowByName.keys.map { "\(t.name).\($0)" } }
        names += p.userFunctionByName.keys
        names += p.stdlibFunctionByName.keys
        names += Builtin.allCases.map(\.rawValue)
        return Array(Set(names)).sorted()
    }

    /// `:show NAME`: how it is defined (the text as written) and its value.
    public func show(_ name: String) -> (definition: String, value: [Report.Item])? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let texts = entries.filter { e in
            switch e.key {
            case .top(let n), .function(let n): return n == name || (parts.count == 2 && n == parts[0] && e.key == .top(n))
            case .row(let t, let r), .override(let t, let r, _): return parts.count == 2 ? (t == parts[0] && r == parts[1]) : t == name
            default: return false
            }
        }
        guard !texts.isEmpty else { return nil }
        var definition = texts.map(\.text)
        // A row inside a table block: show its own line rather than the whole block.
        if parts.count == 2, let id = node(named: name), let span = evaluation.program.nodes[id].definition {
            definition = [sources[span.source].text(of: span)] + texts.filter { if case .override = $0.key { true } else { false } }.map(\.text)
        }
        return (definition.joined(separator: "\n"), items(shown: [name]))
    }

    /// `:deps NAME`: the cells and rows it reads directly.
    public func dependencies(of name: String) -> [String]? {
        guard let id = node(named: name) else { return nil }
        let p = evaluation.program
        return Array(Set(p.nodes[id].dependencies.map { p.nodes[$0.node].name })).sorted()
    }

    /// `:rdeps NAME`: the cells and rows that read it directly.
    public func dependents(of name: String) -> [String]? {
        guard let id = node(named: name) else { return nil }
        let p = evaluation.program
        var out = Set<String>()
        for node in p.nodes where node.dependencies.contains(where: { $0.node == id }) {
            if case .check = node.kind { out.insert("check (\(sources[node.span.source].name):\(sources[node.span.source].location(of: node.span.start).line))") } else { out.insert(node.name) }
        }
        return out.sorted()
    }

    /// `:why NAME[@P]`: the formula behind a value and the values it reads, as a small tree.
    public func why(_ target: String, depth: Int = 3) -> String? {
        var name = target, period: Period?
        if let at = target.firstIndex(of: "@") {
            name = String(target[..<at])
            guard let p = Period.parse(String(target[target.index(after: at)...])) else { return nil }
            period = p
        }
        guard let id = node(named: name) else { return nil }
        var lines: [String] = []
        explain(id, period: period, prefix: "", childPrefix: "", depth: depth, into: &lines, seen: [])
        return lines.joined(separator: "\n")
    }

    private func explain(_ id: NodeID, period: Period?, prefix: String, childPrefix: String, depth: Int, into lines: inout [String], seen: Set<NodeID>) {
        let p = evaluation.program
        let node = p.nodes[id]
        let value: Value
        var at = ""
        switch node.kind {
        case .row(let t):
            let range = p.tables[t].range
            let period = period ?? range.last
            at = "@\(period)"
            if let i = range.index(of: period) { value = evaluation.evaluator.cell(id, i) } else { value = .blank }
        default:
            value = evaluation.evaluator.value(of: id)
        }
        var formula = "data"
        if case .formula = node.body, let span = node.formula {
            formula = sources[span.source].text(of: span)
        }
        if case .row(let t) = node.kind, let pp = period ?? Optional(p.tables[t].range.last), let i = p.tables[t].range.index(of: pp), node.overrides[i] != nil {
            formula = "overridden at \(pp)"
        }
        let shown = CellText.format(value, node.format, locale)
        lines.append("\(prefix)\(node.name)\(at) = \(shown.isEmpty ? "(blank)" : shown)   ← \(formula)")
        guard depth > 0, !seen.contains(id) else { return }
        var deps: [Dependency] = []
        for d in node.dependencies where !deps.contains(where: { $0.node == d.node }) { deps.append(d) }
        for (k, d) in deps.enumerated() {
            let last = k == deps.count - 1
            let childPeriod: Period? = d.shifted ? nil : period
            if d.shifted {
                lines.append("\(childPrefix)\(last ? "└─ " : "├─ ")\(p.nodes[d.node].name) (other periods)")
                continue
            }
            explain(d.node, period: childPeriod, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "),
                    depth: depth - 1, into: &lines, seen: seen.union([id]))
        }
    }

    private func node(named name: String) -> NodeID? {
        let p = evaluation.program
        if let s = p.scalarByName[name] { return s }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let t = p.tableByName[parts[0]] { return p.tables[t].rowByName[parts[1]] }
        return nil
    }

    // MARK: Saving

    /// The session as a notebook that `chiso run` reproduces.
    public var notebookText: String {
        entries.map(\.text).joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }

    /// `:save FILE`, written atomically: a temporary file beside it, then a rename, so a
    /// failure never leaves a half-written notebook.
    public func save(to path: String) -> Result<Void, NotebookFile.ReadError> {
        NotebookFile.writeAtomically(path, Array(notebookText.utf8))
    }

    // MARK: Helpers

    static func text(of statement: Statement, in sources: SourceMap) -> String {
        switch statement {
        case .heading(let text, _): return "## \(text)"
        case .locale(let l, _): return "locale \(l.rawValue)"
        case .tableItem(let table, let item):
            let span: SourceSpan
            switch item {
            case .row(let r): span = r.span
            case .override(let o): span = o.span
            case .check(let c): return sources[c.span.source].text(of: c.span)
            }
            return "\(table.text).\(sources[span.source].text(of: span))"
        default:
            let span = statement.span
            return sources[span.source].text(of: span)
        }
    }

    /// Every printed value by node name (rows: periods then total).
    static func valuesByName(_ e: Evaluation) -> [String: [Value]] {
        var out: [String: [Value]] = [:]
        for (id, node) in e.program.nodes.enumerated() {
            if case .check = node.kind { continue }
            out[node.name] = e.evaluator.values(of: id)
        }
        return out
    }

    /// Whether `text` needs more lines: a bracket or brace is open, or the last line ends
    /// with an operator or a comma (the REPL shows a continuation prompt).
    public static func needsMoreInput(_ text: String) -> Bool {
        var input = InputCompleteness()
        input.add(text)
        return input.needsMore
    }
}

/// Diagnostics compared by what they say and where (to find the ones an input brought).
private struct DiagnosticKey: Hashable {
    var message: String
    var start: Int?
    var source: Int?
    init(_ d: Diagnostic) {
        message = d.message
        start = d.span?.start
        source = d.span?.source.raw
    }
}
