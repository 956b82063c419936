// MARK: - Applying statements
//
// Typed statements are applied whole or not at all: one that changes a single cell,
// row, override or check is applied in place (Session+Recompute), anything else
// by writing it into the document and evaluating the document again
// (Session+Rebuild). An input that brings a new error is refused and the session
// is put back as it was.

extension Session {
    func apply(_ statements: [Statement], from source: SourceID, place: ImportPlace?, transactional: Bool, showing: Bool = true) -> Outcome
    {
        if transactional, statements.count == 1, let outcome = applyInPlace(statements[0]) { return outcome }
        let saved = entries
        var shownNames: [String] = []
        var notes: [String] = []
        var defined = Definitions()
        let fromEmpty = entries.isEmpty
        if statements.count > 1 {
            // A notebook's statements: room for them at once, not by doubling.
            shownNames.reserveCapacity(statements.count)
            defined.reserve(statements.count)
            entries.reserveCapacity(entries.count + statements.count)
            _ = index(of: .locale)
            entryIndex?.reserveCapacity(entries.count + statements.count)
        }
        // A notebook's entries read its statements by index (no copy of each).
        let shared = statements.count > 1 ? Entry.Statements(statements) : nil
        for (k, statement) in statements.enumerated() {
            let (shown, note) = record(statement, place: place, held: shared.map { .loaded($0, k) }, into: &defined)
            shownNames += shown
            notes += note
        }
        // Into an empty document, an entry for each statement (none replaced another): the
        // document is the statements as given, and is evaluated without a copy of them.
        let document = fromEmpty && entries.count == statements.count ? statements : nil
        let outcome =
            transactional
            ? rebuildRefusingNewErrors(saved: saved, shownNames: shownNames)
            : rebuild(shownNames: shownNames, showing: showing, document: document)
        guard outcome.accepted else { return outcome }
        var result = outcome
        result.notes = notes + outcome.notes
        result.defined = defined
        return result
    }

    /// Evaluates the document again; when that brings an error that was not there before,
    /// puts the document back as `saved` and refuses with the new errors.
    func rebuildRefusingNewErrors(saved: [Entry], shownNames: [String], alsoPrefix: String? = nil) -> Outcome {
        let previous = evaluation
        let outcome = rebuild(shownNames: shownNames, alsoPrefix: alsoPrefix)
        let new = errorsNotIn(previous.diagnostics, among: outcome.diagnostics)
        guard new.isEmpty else {
            entries = saved
            entryIndex = nil
            restore(previous)
            return refused(new)
        }
        return outcome
    }

    /// `evaluation` as the session's values again (the document already put back).
    private func restore(_ evaluation: Evaluation) {
        self.evaluation = evaluation
        reindex()
        if fixedLocale == nil { locale = evaluation.program.locale ?? .en }
    }

    /// Writes a statement into the document and adds it to `defined`; returns what it
    /// shows (`x`, `t`, `t.r`) and notes.
    /// `held`: where the entry finds the statement (in its notebook's statements), when
    /// not a copy of its own.
    func record(_ statement: Statement, place: ImportPlace? = nil, held: Entry.Held? = nil, into defined: inout Definitions) -> (
        shown: [String], notes: [String]
    ) {
        let held = held ?? .own(Entry.Own(statement))
        func entry(_ key: Entry.Key, place: ImportPlace? = nil) -> Entry { Entry(key: key, held: held, place: place) }
        switch statement {
        case .heading, .paragraph, .chart:
            serial += 1
            append(entry(.serial(serial)))
        case .check(let c):
            defined.add(check: c.condition.span)
            serial += 1
            append(entry(.serial(serial)))
        case .across(let a):
            upsert(entry(.top(a.name.text)))
            defined.add(table: a.name.text)
            return ([a.name.text], [])
        case .locale(let l, _):
            upsert(entry(.locale))
            if fixedLocale == nil { locale = l }
        case .use(let u):
            let alias = u.alias?.text ?? Imports.defaultAlias(u.path) ?? u.path
            upsert(entry(.use(alias), place: place))
            defined.add(Definitions.Import(path: u.path, alias: alias))
            return ([], ["imported \(u.path) as \(alias)"])
        case .cell(let c):
            upsert(entry(.top(c.name.text)))
            defined.add(cell: c.name.text)
            return ([c.name.text], [])
        case .function(let f):
            upsert(entry(.function(f.name.text)))
            defined.add(Definitions.Function(name: f.name.text, parameters: f.parameters.map(\.text)))
            return ([], ["defined fn \(f.name.text)(\(f.parameters.map(\.text).joined(separator: ", ")))"])
        case .table(let t):
            // The block's rows replace rows of the same name added outside it.
            let rows = Set(t.items.compactMap { if case .row(let r) = $0 { r.name.text } else { nil } })
            let before = entries.count
            entries.removeAll { if case .row(let tn, let r) = $0.key { tn == t.name.text && rows.contains(r) } else { false } }
            if entries.count != before { entryIndex = nil }
            upsert(entry(.top(t.name.text), place: place))
            defined.add(table: t.name.text)
            return ([t.name.text], [])
        case .tableItem(let table, let item):
            switch item {
            case .row(let r):
                // A row written in its table's block is replaced there, in place.
                if !replaceInBlock(table.text, item) {
                    upsert(entry(.row(table: table.text, row: r.name.text)))
                }
                defined.add(Definitions.Row(table: table.text, row: r.name.text))
                return (["\(table.text).\(r.name.text)"], [])
            case .override(let o):
                if !replaceInBlock(table.text, item) {
                    upsert(entry(.override(table: table.text, row: o.row.text, period: o.period)))
                }
                defined.add(Definitions.Row(table: table.text, row: o.row.text))
                // The one cell, as a line: `dvc.received@2019Q2 = 48`.
                return (["\(table.text).\(o.row.text)@\(o.period)"], [])
            case .check(let c):
                defined.add(check: c.condition.span)
                serial += 1
                append(entry(.serial(serial)))
            }
        }
        return ([], [])
    }

    // MARK: Changing one definition in place

    /// A cell, a row, an override, a check, a whole table or a function changed in place:
    /// the work is proportional to what reads it, not to the notebook. Nil when the
    /// statement needs a rebuild.
    func applyInPlace(_ statement: Statement) -> Outcome? {
        var old: Statement?
        if case .table(let t) = statement, let i = index(of: .top(t.name.text)) { old = entries[i].statement }
        // Once the rows dropped in place are as many as the live nodes, a table is
        // redefined by a rebuild, which lets go of them: memory stays within about twice
        // the notebook's, and the rebuilds cost at most as much as the redefinitions.
        if old != nil, inertNodes > max(Self.inertLimit, evaluation.program.nodes.count / 2) { return nil }
        let before = dataRow(statement)
        // Read in place (a copy of the index would be copied whole when it next changes).
        let readers: (NodeID) -> [NodeID] = { [unowned self] in $0 < dependents.count ? dependents[$0] : [] }
        // Who calls a function, from an index kept for it (read in place, as `readers`).
        if case .function = statement { indexCallers() }
        let callers: (Set<Int>) -> [NodeID] = { [unowned self] in self.callers(of: $0) }
        switch evaluation.resolver.redefine(statement, replacing: old, readers: readers, callers: callers) {
        case .notHandled:
            return nil
        case .refused(let diagnostics):
            return refused(diagnostics)
        case .changed(let ids, let warnings, let replaced):
            // The document as it was (the undo snapshot holds it too: no copy of its own).
            let saved = entries, savedSerial = serial
            var defined = Definitions()
            let (shown, notes) = record(statement, into: &defined)
            replaceWarnings(in: replaced, with: warnings)
            if old != nil { inertNodes += ids.count(where: { evaluation.program.nodes[$0].name.isEmpty }) }
            var outcome = recompute(ids, shown: shown, only: changedCells(statement, ids, before: before))
            guard outcome.accepted else {
                // A new error (a chart's series now text, a paragraph's figure now a
                // series): refused, as a rebuild refuses it; the document is put back and
                // evaluated again, as `:undo` does.
                rollBack(to: saved, serial: savedSerial)
                return outcome
            }
            outcome.notes = notes
            outcome.defined = defined
            return outcome
        }
    }

    /// Puts the document back as `saved` after a change in place that is refused, and
    /// evaluates it again: the session is as it was before the input.
    private func rollBack(to saved: [Entry], serial savedSerial: Int) {
        entries = saved
        entryIndex = nil
        serial = savedSerial
        rebuilds += 1
        restore(fresh())
    }

    /// A data row that `statement` writes again: its node and values before, to tell which
    /// of its cells change.
    private func dataRow(_ statement: Statement) -> (id: NodeID, values: [Value])? {
        guard case .tableItem(let table, .row(let r)) = statement else { return nil }
        let program = evaluation.program
        guard let t = program.tableByName[table.text], let id = program.tables[t].rowByName[r.name.text],
            case .data(let values) = program.nodes[id].body, !program.nodes[id].onCycle
        else { return nil }
        return (id, values)
    }

    /// The cells a change in place changed, when not every cell of its node: one
    /// overridden cell (`t.r@P = …`), or the values that differ in a data row written again.
    private func changedCells(_ statement: Statement, _ ids: [NodeID], before: (id: NodeID, values: [Value])?) -> [NodeID: Set<Int>] {
        guard ids.count == 1, let id = ids.first, id < evaluation.evaluator.cells.count else { return [:] }
        let program = evaluation.program
        switch statement {
        case .tableItem(_, .override(let o)):
            guard case .row(let t) = program.nodes[id].kind, let i = program.tables[t].range.index(of: o.period) else { return [:] }
            return [id: [i]]
        case .tableItem(_, .row):
            guard let before, before.id == id, case .data(let values) = program.nodes[id].body, values.count == before.values.count
            else { return [:] }
            // Numbers by their bits (0 and -0 are shown differently).
            func same(_ a: Value, _ b: Value) -> Bool {
                if case .number(let x) = a, case .number(let y) = b { return x.bitPattern == y.bitPattern }
                return a == b
            }
            return [id: Set(values.indices.filter { !same(values[$0], before.values[$0]) })]
        default:
            return [:]
        }
    }

    /// Keeps the session's diagnostics those of a fresh run after a change in place: the
    /// ones reported inside the definitions replaced (`replaced`) go, the new definition's
    /// `warnings` come (once).
    private func replaceWarnings(in replaced: [SourceSpan], with warnings: [Diagnostic]) {
        func inside(_ d: Diagnostic) -> Bool {
            guard let span = d.span else { return false }
            return replaced.contains { $0.source == span.source && $0.start <= span.start && span.end <= $0.end }
        }
        if !replaced.isEmpty { evaluation.diagnostics.removeAll(where: inside) }
        guard !warnings.isEmpty else { return }
        var known = Set(evaluation.diagnostics.map(DiagnosticKey.init))
        for w in warnings where known.insert(DiagnosticKey(w)).inserted { evaluation.diagnostics.append(w) }
    }

    /// The rows dropped in place a session keeps before a rebuild, however small the notebook.
    static let inertLimit = 1_000

    func refused(_ diagnostics: [Diagnostic]) -> Outcome {
        Outcome(accepted: false, diagnostics: Engine.sorted(diagnostics), shown: [], changed: [], notes: [], failedChecks: [])
    }
}

/// Diagnostics compared by what they say and where (to find the ones an input brought).
struct DiagnosticKey: Hashable {
    var message: String
    var start: Int?
    var source: Int?
    init(_ d: Diagnostic) {
        message = d.message
        start = d.span?.start
        source = d.span?.source.raw
    }
}
