// MARK: - Invalidation and recomputation
//
// After a change in place, only the changed nodes and what reads them (found through
// `dependents`, the reverse of each node's dependencies) are computed again.

extension Session {
    /// Computes again the changed nodes and every cell that can read them, dependencies
    /// first, and reports what the input shows and which other values changed. `only`:
    /// the cells of a changed node that changed, when not all (one overridden cell).
    /// When that gives the notebook an error it did not have (a cell's, a paragraph's or a
    /// chart's), the outcome refuses the input with those errors, as a rebuild would; the
    /// caller puts the session back.
    func recompute(_ ids: [NodeID], shown: [String], only: [NodeID: Set<Int>] = [:]) -> Outcome {
        let program = evaluation.program, evaluator = evaluation.evaluator
        evaluator.grow()
        for id in ids { reindex(id) }
        var seeds: [NodeID: StaleCells] = [:]
        for id in ids { seeds[id] = only[id].map { StaleCells(cells: $0) } ?? .whole }
        let stale = Invalidation.stale(from: seeds, in: program) { [unowned self] in $0 < dependents.count ? dependents[$0] : [] }
        let dirty = Set(stale.keys)
        let order = Graph.components(of: dirty.sorted(), in: program)
        evaluation.resolver.refreshFormats(order.flatMap { $0 })
        var before: [NodeID: [Value]] = [:]
        var subtotalsBefore: [NodeID: [Value]] = [:]
        for id in dirty where evaluator.cells[id].state.allSatisfy({ $0 == .done }) {
            before[id] = evaluator.cells[id].values
            if Session.hasSubtotals(id, in: program) { subtotalsBefore[id] = evaluator.subtotals(id) }
        }
        let touched: (Paragraph) -> Bool = { $0.nodes.contains(where: dirty.contains) }
        let paragraphs = Paragraphs.texts(evaluator, where: touched)
        let drawn: (Chart) -> Bool = { $0.series.contains { dirty.contains($0.node) } }
        let charts = Charts.drawn(evaluator, where: drawn)
        let issuesBefore = dirty.compactMap { evaluator.issues[$0] }
        // The problems of the paragraphs and charts that read what changed (a figure blank
        // or an error, a series with nothing to draw), as a fresh run reports them.
        let shownProblems = { Paragraphs.diagnostics(evaluator, where: touched) + Charts.diagnostics(evaluator, where: drawn) }
        let problemsBefore = shownProblems()
        evaluator.invalidate(stale)
        evaluator.evaluate(order)
        let sortedDirty = dirty.sorted()

        let shownSet = Set(shown)
        var changed: [NodeID] = []
        var changes: [Changes.Item] = []
        for id in sortedDirty {
            let node = program.nodes[id]
            if case .check = node.kind { continue }
            if node.isPrivate || shownSet.contains(node.name) { continue }
            if let table = node.table, shownSet.contains(program.tables[table].name) || program.tables[table].name.hasPrefix("_") {
                continue
            }
            let after = evaluator.values(of: id)
            if before[id] != after {
                changed.append(id)
                let subtotals: (before: [Value]?, after: [Value])? =
                    Session.hasSubtotals(id, in: program) ? (subtotalsBefore[id], evaluator.subtotals(id)) : nil
                changes += self.changes(of: id, before: before[id], after: after, subtotals: subtotals)
            }
        }
        let issuesAfter = sortedDirty.compactMap { evaluator.issues[$0] }
        let problemsAfter = shownProblems()
        let newErrors = errorsNotIn(evaluation.diagnostics, among: issuesAfter + problemsAfter)
        if !newErrors.isEmpty { return refused(newErrors) }
        // The session's diagnostics, as a rebuild's: the problems of the cells computed
        // again are replaced with those they have now.
        if !issuesBefore.isEmpty {
            let gone = Set(issuesBefore.map(DiagnosticKey.init))
            evaluation.diagnostics.removeAll { gone.contains(DiagnosticKey($0)) }
        }
        evaluation.diagnostics += issuesAfter
        if !problemsBefore.isEmpty || !problemsAfter.isEmpty {
            let old = Set(problemsBefore.map(DiagnosticKey.init)), new = Set(problemsAfter.map(DiagnosticKey.init))
            evaluation.diagnostics.removeAll { old.contains(DiagnosticKey($0)) && !new.contains(DiagnosticKey($0)) }
            evaluation.diagnostics += problemsAfter.filter { !old.contains(DiagnosticKey($0)) }
        }
        var outcome = Outcome(
            accepted: true, diagnostics: Engine.sorted(evaluation.diagnostics.filter { $0.kind != .check }), shown: items(shown: shown),
            changed: items(nodes: changed)
                + Paragraphs.differences(before: paragraphs, after: Paragraphs.texts(evaluator, where: touched)).changed
                + Charts.differences(before: charts, after: Charts.drawn(evaluator, where: drawn)).changed,
            notes: [], failedChecks: failedChecks())
        // A cell shown as the input's own value is not listed again.
        outcome.changes = Changes(changes, locale: locale).removing(places: shownSet)
        return outcome
    }

    /// The errors of `candidates` (not a check's) that `known` does not have: the errors an
    /// input brought, after a rebuild or a change in place. `known` is read only when there
    /// is a candidate.
    func errorsNotIn(_ known: [Diagnostic], among candidates: [Diagnostic]) -> [Diagnostic] {
        let errors = candidates.filter { $0.severity == .error && $0.kind != .check }
        guard !errors.isEmpty else { return [] }
        let before = Set(known.lazy.filter { $0.severity == .error && $0.kind != .check }.map(DiagnosticKey.init))
        return errors.filter { !before.contains(DiagnosticKey($0)) }
    }

    /// Updates who-reads-whom for a node whose dependencies may have changed.
    func reindex(_ id: NodeID) {
        let program = evaluation.program
        while dependents.count < program.nodes.count {
            dependents.append([])
            indexed.append([])
            if case .check = program.nodes[indexed.count - 1].kind { checkNodes.append(indexed.count - 1) }
        }
        if functionCallers != nil { indexCalls(id) }
        for old in indexed[id] { dependents[old].removeAll { $0 == id } }
        let new = Array(Set(program.nodes[id].dependencies.map(\.node)))
        for d in new { dependents[d].append(id) }
        indexed[id] = new
    }

    /// Who-reads-whom for the whole program (after a rebuild).
    func reindex() {
        let program = evaluation.program
        dependents = Array(repeating: [], count: program.nodes.count)
        indexed = Array(repeating: [], count: program.nodes.count)
        checkNodes = []
        functionCallers = nil
        callsOf = [:]
        inertNodes = 0
        for (id, node) in program.nodes.enumerated() {
            if case .check = node.kind { checkNodes.append(id) }
            let deps = Array(Set(node.dependencies.map(\.node)))
            for d in deps { dependents[d].append(id) }
            indexed[id] = deps
        }
    }

    func failedChecks() -> [CheckOutcome] {
        Checks.outcomes(evaluation.evaluator, locale: locale, only: checkNodes).filter { !$0.holds }
    }

    // MARK: Who calls a function

    /// Makes `functionCallers` (once after a rebuild): every node's calls.
    func indexCallers() {
        guard functionCallers == nil else { return }
        functionCallers = [:]
        for id in evaluation.program.nodes.indices { indexCalls(id) }
    }

    /// The nodes that call one of `functions` directly, in order (after `indexCallers`).
    func callers(of functions: Set<Int>) -> [NodeID] {
        var out = Set<NodeID>()
        for f in functions { out.formUnion(functionCallers?[f] ?? []) }
        return out.sorted()
    }

    /// Updates who-calls-what for a node whose code may have changed.
    private func indexCalls(_ id: NodeID) {
        for f in callsOf[id] ?? [] { functionCallers?[f]?.remove(id) }
        var calls = Set<Int>()
        let node = evaluation.program.nodes[id]
        if case .formula(let code) = node.body { code.collectCalls(into: &calls) }
        for code in node.overrides.values { code.collectCalls(into: &calls) }
        callsOf[id] = calls.isEmpty ? nil : Array(calls)
        for f in calls { functionCallers?[f, default: []].insert(id) }
    }
}
