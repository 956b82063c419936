// MARK: - The document
//
// The session's definitions, each an entry keyed by what it defines: writing one
// replaces the entry of the same key, a row written inside its table's block is
// replaced (or removed) there, and the entries' texts, joined, are the notebook `:save`
// writes.

extension Session {
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
        /// Where its statement is kept: in the statements of the notebook it was loaded
        /// from (shared by that notebook's entries), or its own.
        enum Held {
            case loaded(Statements, Int)
            case own(Own)
        }
        /// A notebook's statements as parsed, which its entries read by index.
        final class Statements {
            let all: [Statement]
            init(_ all: [Statement]) { self.all = all }
        }
        /// A statement of its own (typed, or changed since it was loaded).
        final class Own {
            let statement: Statement
            init(_ statement: Statement) { self.statement = statement }
        }

        var key: Key
        /// Behind one reference: an entry is small (a statement is 320 bytes), and a copy
        /// of the document (for `:undo`) copies references.
        var held: Held
        var statement: Statement {
            get {
                switch held {
                case .loaded(let statements, let i): statements.all[i]
                case .own(let own): own.statement
                }
            }
            set { held = .own(Own(newValue)) }
        }
        /// Its text when that is no longer the statement's own in its source (a row
        /// replaced or taken out inside its block, a line added to an import's `with`);
        /// nil otherwise, and `text(in:)` reads the source: a loaded notebook's entries
        /// keep no copy of its text.
        var written: String? = nil
        /// The file it was loaded from, whose folder its paths are read from; nil when typed.
        var place: ImportPlace?
        /// Where it stands in the loaded notebook's text (`Session.base`): `:save` writes it
        /// there. Nil for what was typed or loaded from another file (saved at the end).
        var origin: SourceSpan? = nil
        /// Whether its text changed since it was loaded (then `:save` writes the new text
        /// in place of the old; otherwise the old text is written as it was).
        var edited = false

        init(key: Key, held: Held, place: ImportPlace? = nil) {
            self.key = key
            self.held = held
            self.place = place
        }

        init(key: Key, statement: Statement, place: ImportPlace? = nil) {
            self.init(key: key, held: .own(Own(statement)), place: place)
        }

        /// The text it is written as: what `:save` writes.
        func text(in sources: SourceMap) -> String {
            written ?? Session.text(of: statement, in: sources)
        }
    }

    func upsert(_ entry: Entry) {
        var entry = entry
        adopt(&entry)
        var place = index(of: entry.key)
        // A cell replaces a table of the same name, with the table's outside rows.
        if case .top(let name) = entry.key, case .cell = entry.statement, let i = place, case .table = entries[i].statement {
            entries.removeAll { e in
                switch e.key {
                case .row(let t, _), .override(let t, _, _): return t == name
                default: return false
                }
            }
            entryIndex = nil
            place = index(of: entry.key)
        }
        if let i = place {
            // A redefinition stands where the definition stood.
            if entry.origin == nil, let origin = entries[i].origin {
                entry.origin = origin
                entry.edited = true
            }
            entries[i] = entry
        } else {
            entryIndex?[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// Where the entry of `key` stands, through an index built when first needed after
    /// entries were removed (so loading n statements costs n lookups, not n scans).
    func index(of key: Entry.Key) -> Int? {
        if entryIndex == nil {
            var index: [Entry.Key: Int] = [:]
            index.reserveCapacity(entries.count)
            for (i, e) in entries.enumerated() where index[e.key] == nil { index[e.key] = i }
            entryIndex = index
        }
        return entryIndex?[key]
    }

    /// Replaces a row (or an override of the same cell) written inside `table`'s block, in
    /// the block's syntax and in its text. False when the block has no such item.
    func replaceInBlock(_ table: String, _ item: TableDecl.Item) -> Bool {
        guard let i = index(of: .top(table)), case .table(var t) = entries[i].statement,
            let k = t.items.firstIndex(where: { Session.sameItem($0, item) })
        else { return false }
        let old = Session.itemText(t.items[k], in: sources), new = Session.itemText(item, in: sources)
        var text = entries[i].text(in: sources)
        guard let range = text.range(of: old) else { return false }
        text.replaceSubrange(range, with: new)
        entries[i].written = text
        entries[i].edited = true
        t.items[k] = item
        entries[i].statement = .table(t)
        return true
    }

    /// Takes a row (and its overrides) out of `table`'s block, with their lines of text;
    /// with a period, only the override of that period.
    func removeFromBlock(_ table: String, row: String, period: Period? = nil) -> Bool {
        guard let i = index(of: .top(table)), case .table(var t) = entries[i].statement else { return false }
        var removed = false
        for item in t.items {
            guard Session.item(item, names: row, period: period) else { continue }
            removeLine(holding: Session.itemText(item, in: sources), fromEntry: i)
            removed = true
        }
        t.items.removeAll { Session.item($0, names: row, period: period) }
        entries[i].statement = .table(t)
        return removed
    }

    /// Takes the whole line holding `old` (with its line break) out of entry `i`'s text.
    private func removeLine(holding old: String, fromEntry i: Int) {
        var text = entries[i].text(in: sources)
        guard let range = text.range(of: old) else { return }
        let start = text[..<range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        var end = text[range.upperBound...].firstIndex(of: "\n") ?? text.endIndex
        if end < text.endIndex { end = text.index(after: end) }
        text.removeSubrange(start..<end)
        entries[i].written = text
        entries[i].edited = true
    }

    /// Takes row `row` (`hs.tiep_nhan`, as written) out of the table across notebooks
    /// `table`, line and all; false when it has no such row.
    func removeFromAcross(_ table: String, row: String) -> Bool {
        guard let i = index(of: .top(table)), case .across(var a) = entries[i].statement,
            let k = a.rows.firstIndex(where: { $0.path.map(\.text).joined(separator: ".") == row })
        else { return false }
        removeLine(holding: sources[a.rows[k].span.source].text(of: a.rows[k].span), fromEntry: i)
        a.rows.remove(at: k)
        entries[i].statement = .across(a)
        return true
    }

    /// Whether a block's item is the row `row` or one of its overrides (with a period:
    /// the override of that period).
    static func item(_ item: TableDecl.Item, names row: String, period: Period?) -> Bool {
        switch item {
        case .row(let r): period == nil && r.name.text == row
        case .override(let o): o.row.text == row && (period == nil || o.period == period)
        case .check: false
        }
    }

    static func sameItem(_ a: TableDecl.Item, _ b: TableDecl.Item) -> Bool {
        switch (a, b) {
        case let (.row(x), .row(y)): x.name.text == y.name.text
        case let (.override(x), .override(y)): x.row.text == y.row.text && x.period == y.period
        default: false
        }
    }

    static func itemText(_ item: TableDecl.Item, in sources: SourceMap) -> String {
        let span: SourceSpan
        switch item {
        case .row(let r): span = r.span
        case .override(let o): span = o.span
        case .check(let c): span = c.span
        }
        return sources[span.source].text(of: span)
    }

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

    // MARK: Saving

    /// The session as a notebook that `chiso run` reproduces.
    public var notebookText: String {
        entries.map { $0.text(in: sources) }.joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }
}
