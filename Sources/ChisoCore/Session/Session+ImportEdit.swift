// MARK: - Editing an imported notebook's cells
//
// `so.population = 1_300_000`, `so.dvc.received = 60, 48` or `so.dvc.received@2019Q1 = 500`
// typed in a session that imports a notebook as `so`: one more line of that `use`'s
// `with { … }`, as `chiso run --set so.population=…` makes one. The imported file is
// never touched: the session's `use` statement gets the replacement (in its syntax and in
// its text, so `:save` writes the `use` line with it), the imported instance and the
// importer are evaluated again, and the changes are shown as for any edit. A replacement
// of the same target replaces the old one in place; without a `with` block, one is made
// on the `use` line.

extension Session {
    /// The input as a line of an import's `with { … }` when it starts with the alias of an
    /// import (`alias.` …); nil when it does not (it is read as any other statement).
    func editImport(source id: SourceID) -> Outcome? {
        let file = sources[id]
        let trimmed = file.text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let dot = trimmed.firstIndex(of: ".") else { return nil }
        let alias = String(trimmed[..<dot])
        guard !alias.isEmpty, !alias.contains(where: { $0 == " " || $0 == "=" || $0 == "\n" || $0 == "(" }) else { return nil }
        let useIndex = index(of: .use(alias))
        if useIndex == nil {
            // `x.t.row = …` names an import that is not there (a table's row has two parts).
            guard index(of: .top(alias)) == nil, evaluation.program.tableByName[alias] == nil else { return nil }
            let (parsed, _) = Parser.parseReplacement(file, id: id)
            guard let o = parsed, o.target.count >= 3 else { return nil }
            let aliases = entries.compactMap { e -> String? in if case .use(let a) = e.key { a } else { nil } }
            return refused([
                .error(
                    .name, "nothing is imported as '\(alias)'", at: o.target[0].span,
                    help: Suggest.help(Suggest.closest(to: alias, in: aliases))
                        ?? (aliases.isEmpty
                            ? "import the notebook first: use \"file.chiso\" as \(alias)"
                            : "the imports are \(aliases.map { "'\($0)'" }.joined(separator: ", "))"))
            ])
        }
        guard let i = useIndex, case .use(var use) = entries[i].statement else { return nil }
        let (parsed, syntax) = Parser.parseReplacement(file, id: id)
        guard let o = parsed else {
            return refused(
                syntax.isEmpty
                    ? [.error(.syntax, "expected a replacement of '\(alias)'", at: nil, help: "write \(alias).name = value")] : syntax)
        }
        let target = Array(o.target.dropFirst())
        guard !target.isEmpty else { return nil }
        let whole = o.target.map(\.text).joined(separator: ".")
        let instance = evaluation.program.modules[0].imports[alias]
        if target.count > 2 || (target.count == 2 && instance.map { evaluation.program.modules[$0].imports[target[0].text] != nil } == true)
        {
            return refused([
                .error(
                    .name, "'\(whole)' reaches into an import of an import", at: target[0].span.merged(with: o.target.last!.span),
                    help:
                        "set it in the notebook that imports it directly; here, set \(alias).name, \(alias).table.row or \(alias).table.row@2019Q1"
                )
            ])
        }
        guard instance != nil else {
            return refused([
                .error(
                    .name, "'\(alias)' was not imported (see the problem with its `use` line)", at: o.target[0].span,
                    help: "fix or replace the `use` of '\(alias)' first")
            ])
        }
        let replacement = UseDecl.Override(
            target: target, period: o.period, values: o.values,
            span: SourceSpan(source: id, start: target[0].span.start, end: o.span.end))
        let line = sources[id].text(of: replacement.span)
        var snapshot = checkpoint(file.text)
        snapshot.importPrefix = alias + "."
        let saved = entries
        let same = { (x: UseDecl.Override) in x.target.map(\.text) == target.map(\.text) && x.period == o.period }
        if let k = use.overrides.lastIndex(where: same) {
            use.overrides[k] = replacement
            use.overrides.removeAll { same($0) && $0.span != replacement.span }
        } else {
            use.overrides.append(replacement)
        }
        var entry = entries[i]
        entry.statement = .use(use)
        entry.written = Session.useText(entry.text(in: sources), with: line, replacing: target.map(\.text), period: o.period)
        entry.edited = true
        upsert(entry)
        let shown = "\(whole)" + (o.period.map { "@\($0)" } ?? "")
        var outcome = rebuildRefusingNewErrors(saved: saved, shownNames: [shown], alsoPrefix: alias + ".")
        if outcome.accepted {
            remember(snapshot)
            unsaved = true
            outcome.notes = ["set \(shown) in the `with` of '\(alias)' (\(use.path) itself is not changed)"] + outcome.notes
        }
        return outcome
    }

    /// A `use` statement's text with one replacement more: in place of the last one of the
    /// same target, else after the last one (on a line of its own when the block has
    /// lines, after a comma when it is on one line), else in a new `with { … }` at the end.
    static func useText(_ text: String, with line: String, replacing target: [String], period: Period?) -> String {
        var scratch = SourceMap()
        let id = scratch.add(name: "<use>", text: text)
        let (tree, _) = Parser.parse(scratch[id], id: id)
        var bytes = Array(text.utf8)
        let new = Array(line.utf8)
        guard tree.statements.count == 1, case .use(let u) = tree.statements[0] else {
            return text + " with { \(line) }"
        }
        if let old = u.overrides.last(where: { $0.target.map(\.text) == target && $0.period == period }) {
            bytes.replaceSubrange(old.span.start..<old.span.end, with: new)
        } else if let last = u.overrides.last {
            let end = last.span.end
            if bytes[end..<bytes.count].contains(UInt8(ascii: "\n")) {
                // The indentation of the last replacement's line.
                var start = last.span.start
                while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
                let indent = bytes[start..<last.span.start].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                bytes.insert(contentsOf: [UInt8(ascii: "\n")] + indent + new, at: end)
            } else {
                bytes.insert(contentsOf: Array(", ".utf8) + new, at: end)
            }
        } else if bytes.last == UInt8(ascii: "}"), let brace = bytes.lastIndex(of: UInt8(ascii: "{")) {
            // An empty `with { }`.
            bytes.replaceSubrange(brace..<bytes.count, with: Array("{ ".utf8) + new + Array(" }".utf8))
        } else {
            bytes += Array(" with { ".utf8) + new + Array(" }".utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
