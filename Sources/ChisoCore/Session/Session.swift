// MARK: - Session
//
// What the REPL stands on: a notebook built one input at a time. The session keeps its
// definitions as a document (each keyed by what it defines, so redefining a name
// replaces it), evaluates them with the same pipeline as `chiso run`, and answers
// each input with what it shows and what else changed. A typed input that brings an
// error (syntax, unknown name, cycle) is refused whole: the session stays exactly as
// it was. Like the rest of the core it never prints.
//
// Its parts, each an extension in its own file: the answer to an input
// (Session+Outcome), the document of definitions and its text (Session+Document),
// applying statements (Session+Apply) in place (Session+Recompute) or by evaluating
// the document again (Session+Rebuild), what an input shows (Session+Shown),
// expressions (Session+Expression), and what `:show`, `:deps` and `:why` read
// (Session+Inspect).

import Foundation

public final class Session {
    public internal(set) var sources = SourceMap()
    /// The locale values are shown in: the notebook's `locale`, or `:locale`.
    public internal(set) var locale: DisplayLocale
    var fixedLocale: DisplayLocale?
    var entries: [Entry] = []
    /// Each entry's place in `entries` by its key; nil when it must be built again.
    var entryIndex: [Entry.Key: Int]?
    /// The notebook the session was started from, whose text `:save` keeps.
    var base: Base?
    /// Whether the session has definitions that `:save` has not written since they changed.
    public internal(set) var unsaved = false
    /// The last expression evaluated, as typed: what `ans` reads.
    var lastExpression: String?
    /// The document before each accepted input, last first (`:undo`).
    var undoStack: [Snapshot] = []
    var stdlib: [SyntaxTree] = []
    var evaluation: Evaluation
    var serial = 0
    var inputs = 0
    /// How many times the document was evaluated afresh (tests tell in-place changes by it).
    var rebuilds = 0
    /// Who reads each node (the reverse of its dependencies), for recomputing only what depends on a change.
    var dependents: [[NodeID]] = []
    /// Each node's dependencies as `dependents` was last told them.
    var indexed: [[NodeID]] = []
    var checkNodes: [NodeID] = []
    /// The nodes that call each function directly (by its index), made when a function is
    /// first redefined in place and kept up to date with `dependents`; nil after a rebuild.
    var functionCallers: [Int: Set<NodeID>]?
    /// The functions each node calls directly, as `functionCallers` was last told them.
    var callsOf: [NodeID: [Int]] = [:]
    /// The rows tables redefined in place dropped since the last rebuild (they stay in the
    /// program, nameless and inert, until a rebuild lets go of them).
    var inertNodes = 0
    /// The notebook root given on the command line (`--root`), if any.
    let root: String?
    /// The evaluation steps allowed (as `--max-steps`); nil for the default.
    let maxSteps: Int?

    /// A new, empty session. `locale` fixes the display locale (the CLI's `--locale`);
    /// `root` the notebook root of every file and of what is typed (`--root`); `maxSteps`
    /// the step budget of each evaluation (the fuzzer's is smaller than the default).
    public init(locale: DisplayLocale? = nil, root: String? = nil, maxSteps: Int? = nil) {
        fixedLocale = locale
        self.root = root
        self.maxSteps = maxSteps
        self.locale = locale ?? .en
        var sources = SourceMap()
        let (trees, _) = Pipeline.parseStdlib(into: &sources)
        self.sources = sources
        stdlib = trees
        let empty = sources.add(name: "<empty>", text: "")
        self.sources = sources
        evaluation = LargeStack.run {
            Pipeline.evaluate(stdlib: trees, tree: SyntaxTree(source: empty, statements: []), locale: locale, maxSteps: maxSteps)
        }
        reindex()
    }

    // MARK: Inputs

    /// One input: a statement (a table may span several lines), several statements, or an
    /// expression to evaluate.
    /// `name` and `line`: where the input was read, for diagnostics (`<stdin>`, its line
    /// there); by default `<repl:N>`, the Nth input, from its line 1.
    public func submit(_ text: String, name: String? = nil, line: Int = 1) -> Outcome {
        inputs += 1
        let id = sources.add(name: name ?? "<repl:\(inputs)>", text: text, lineOffset: line - 1)
        return LargeStack.run { submit(source: id) }
    }

    func submit(source original: SourceID) -> Outcome {
        var id = original
        // `ans`: the last expression.
        if let text = replacingAns(in: sources[id], id: id) {
            id = sources.add(name: sources[id].name, text: text, lineOffset: sources[id].lineOffset)
        }
        let file = sources[id]
        // An expression, unless it only parses as statements.
        let (expr, _) = Parser.parseExpression(file, id: id)
        if let expr {
            var outcome = evaluate(expr, text: sources[original].text)
            if outcome.accepted {
                lastExpression = file.text.trimmingCharacters(in: [" ", "\t", "\r", "\n"])
                outcome.diagnostics += Session.blankWarnings(expr, alone: true)
            }
            return outcome
        }
        // `alias.name = value`: a line of an import's `with { … }`.
        if let outcome = editImport(source: id) { return outcome }
        var (tree, syntax) = Parser.parse(file, id: id)
        if !syntax.isEmpty { return refused(syntax) }
        // A redefinition that gives no label or format keeps the old ones.
        if let kept = keepingLabels(tree.statements, in: file) {
            let relabelled = sources.add(name: file.name, text: kept, lineOffset: file.lineOffset)
            (tree, syntax) = Parser.parse(sources[relabelled], id: relabelled)
            if !syntax.isEmpty { return refused(syntax) }
        }
        if tree.statements.isEmpty { return Outcome(accepted: true, diagnostics: [], shown: [], changed: [], notes: [], failedChecks: []) }
        let snapshot = checkpoint(file.text)
        var outcome = apply(tree.statements, from: id, place: nil, transactional: true)
        if outcome.accepted {
            remember(snapshot)
            unsaved = true
            for statement in tree.statements {
                switch statement {
                case .cell(let c): outcome.diagnostics += Session.blankWarnings(c.body, alone: false)
                case .tableItem(_, .row(let r)):
                    if case .formula(let e) = r.body { outcome.diagnostics += Session.blankWarnings(e, alone: false) }
                default: break
                }
            }
        }
        return outcome
    }

    /// `:load FILE`: a notebook's definitions join the session (later ones replace earlier
    /// ones). A file keeps notebook semantics: its problems are reported and stay local,
    /// and the paths it names are read from its own folder, as `chiso run FILE` reads them.
    /// With `showing` false the outcome's `shown` is left empty (the REPL counts what a
    /// notebook defines rather than printing it all): a long notebook loads faster.
    public func load(path: String, showing: Bool = true) -> Outcome {
        switch NotebookFile.read(path) {
        case .failure(let e):
            return refused([.error(.io, e.message, at: nil)])
        case .success(let bytes):
            remember(checkpoint(":load \(path)"))
            let id = sources.add(name: path, bytes: bytes)
            let place = ImportPlace(notebookPath: path, explicitRoot: root)
            return LargeStack.run {
                let (tree, syntax) = Parser.parse(sources[id], id: id)
                // The first notebook of an empty session is the one `:save` keeps the text of.
                if entries.isEmpty, base == nil {
                    base = Base(source: id, path: path, origins: tree.statements.map(Session.origin(of:)))
                } else {
                    unsaved = true
                }
                var outcome = apply(tree.statements, from: id, place: place, transactional: false, showing: showing)
                outcome.diagnostics = Engine.sorted(syntax + outcome.diagnostics)
                return outcome
            }
        }
    }

    /// `:del NAME`: removes a cell, table, row or function; what read it shows `#NAME?`
    /// until it is defined again. `:del table.row@P` removes one cell's override. A table
    /// across notebooks is a table here, and its rows (`:del t.hs.tiep_nhan`) rows of it.
    public func delete(_ name: String) -> Outcome {
        let snapshot = checkpoint(":del \(name)")
        var target = name, period: Period?
        if let at = name.firstIndex(of: "@") {
            target = String(name[..<at])
            guard let p = Period.parse(String(name[name.index(after: at)...])) else {
                return refused([
                    .error(.usage, "'\(name[name.index(after: at)...])' is not a period", at: nil, help: "write :del table.row@2019Q1")
                ])
            }
            period = p
        }
        let parts = target.split(separator: ".", maxSplits: 1).map(String.init)
        let before = entries.count
        entries.removeAll { e in
            if let period {
                guard case .override(let t, let r, let p) = e.key else { return false }
                return parts.count == 2 && t == parts[0] && r == parts[1] && p == period
            }
            switch (e.key, parts.count) {
            case (.top(let n), 1), (.function(let n), 1): return n == target
            case (.row(let t, _), 1), (.override(let t, _, _), 1): return t == target
            case (.row(let t, let r), 2), (.override(let t, let r, _), 2): return t == parts[0] && r == parts[1]
            default: return false
            }
        }
        entryIndex = nil
        // A row written inside its table's block: take it out of the block.
        let inBlock =
            parts.count == 2
            && (removeFromBlock(parts[0], row: parts[1], period: period) || (period == nil && removeFromAcross(parts[0], row: parts[1])))
        guard entries.count != before || inBlock else {
            let help =
                period != nil && node(named: target) != nil
                ? "'\(target)' has no cell written for \(period!); :show \(target) lists its overrides"
                : Suggest.help(Suggest.closest(to: target, in: completions))
            return refused([.error(.name, "nothing named '\(name)' to delete", at: nil, help: help)])
        }
        remember(snapshot)
        unsaved = true
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

    /// Whether `text` is read as an expression (evaluated, defining nothing).
    public static func isExpression(_ text: String) -> Bool {
        var sources = SourceMap()
        let id = sources.add(name: "<input>", text: text)
        return LargeStack.run { Parser.parseExpression(sources[id], id: id).0 != nil }
    }

    /// Whether `text` needs more lines: a bracket or brace is open, or the last line ends
    /// with an operator or a comma (the REPL shows a continuation prompt).
    public static func needsMoreInput(_ text: String) -> Bool {
        var input = InputCompleteness()
        input.add(text)
        return input.needsMore
    }
}
