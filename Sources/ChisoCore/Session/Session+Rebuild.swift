// MARK: - Evaluating the document again
//
// A change that cannot be made in place (an import, a deletion, a loaded file, a new
// function, a table read from a data file …) evaluates the whole document afresh, with the notebooks it imports, and
// reports the values that differ from the last evaluation.

extension Session {
    /// Evaluates the document again and reports what changed against the last evaluation:
    /// the notebook's own values, and with `alsoPrefix` (`so.`) those of that import too;
    /// the items of `shownNames` only when `showing`. `document`: the entries' statements,
    /// when the caller has them in order (a notebook loaded into an empty session).
    func rebuild(shownNames: [String], alsoPrefix: String? = nil, showing: Bool = true, document: [Statement]? = nil) -> Outcome {
        let previous = evaluation
        rebuilds += 1
        let next = fresh(document: document)
        evaluation = next
        reindex()
        if fixedLocale == nil { locale = next.program.locale ?? .en }
        let shownSet = Set(shownNames)
        // The values before, by name: made when first needed (a notebook loaded into an
        // empty session shows what it defines, and compares nothing).
        var before: [String: [Value]]?
        var changed: [NodeID] = []
        var changes: [Changes.Item] = []
        var subtotalsBefore: [String: [Value]]?
        for (id, node) in next.program.nodes.enumerated() {
            // What the input shows is not compared (by its name first: most of a load).
            if shownSet.contains(node.name) { continue }
            guard !isCheck(node), !node.isPrivate, node.module == 0 || next.program.modules[node.module].prefix == alsoPrefix else {
                continue
            }
            if let dot = node.name.utf8.firstIndex(of: UInt8(ascii: ".")), shownSet.contains(String(node.name[..<dot])) { continue }
            if before == nil { before = Session.valuesByName(previous) }
            let old = before?[node.name], new = next.evaluator.values(of: id)
            if old != new {
                changed.append(id)
                if let t = node.table, next.program.tables[t].name.hasPrefix("_") { continue }
                var subtotals: (before: [Value]?, after: [Value])?
                if Session.hasSubtotals(id, in: next.program) {
                    if subtotalsBefore == nil { subtotalsBefore = Session.subtotalsByName(previous) }
                    subtotals = (subtotalsBefore?[node.name], next.evaluator.subtotals(id))
                }
                changes += self.changes(of: id, before: old, after: new, subtotals: subtotals)
            }
        }
        let paragraphs = Paragraphs.differences(
            before: Paragraphs.texts(previous.evaluator), after: Paragraphs.texts(next.evaluator))
        let charts = Charts.differences(before: Charts.drawn(previous.evaluator), after: Charts.drawn(next.evaluator))
        var outcome = Outcome(
            accepted: true, diagnostics: Engine.sorted(next.diagnostics.filter { $0.kind != .check }),
            shown: showing ? items(shown: shownNames) + paragraphs.new + charts.new : [],
            changed: items(nodes: changed) + paragraphs.changed + charts.changed,
            notes: [], failedChecks: next.checks.filter { !$0.holds })
        // A cell shown as the input's own value is not listed again.
        outcome.changes = Changes(changes, locale: locale).removing(places: shownSet)
        return outcome
    }

    func isCheck(_ node: Node) -> Bool {
        if case .check = node.kind { return true }
        return false
    }

    /// A fresh evaluation of the document, with the notebooks it imports: what was typed
    /// names paths from the current folder, what was loaded from its file's folder.
    /// `document`: the entries' statements in order, when the caller has them (not copied).
    func fresh(document: [Statement]? = nil) -> Evaluation {
        let empty = sources.files.isEmpty ? SourceID(raw: 0) : SourceID(raw: sources.files.count - 1)
        let tree = SyntaxTree(source: empty, statements: document ?? entries.map(\.statement))
        let cwd = Sandbox.currentDirectory()
        let typed = ImportPlace(
            folder: Sandbox.realPath(cwd) ?? cwd, sandbox: Sandbox(notebookPath: cwd + "/<repl>", explicitRoot: root), file: nil)
        let entries = self.entries
        let places = { (i: Int) in entries[i].place ?? typed }
        var importErrors: [Diagnostic] = []
        let loaded = Imports.load(tree, file: "<repl>", places: places, sources: &sources, diagnostics: &importErrors)
        var evaluation = Pipeline.evaluate(stdlib: stdlib, notebook: loaded, locale: fixedLocale, maxSteps: maxSteps)
        evaluation.diagnostics = importErrors + evaluation.diagnostics
        return evaluation
    }

    /// The subtotals of every row of a table `with subtotals`, by node name.
    static func subtotalsByName(_ e: Evaluation) -> [String: [Value]] {
        var out: [String: [Value]] = [:]
        for id in e.program.nodes.indices where hasSubtotals(id, in: e.program) {
            out[e.program.nodes[id].name] = e.evaluator.subtotals(id)
        }
        return out
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
}
