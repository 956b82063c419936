// MARK: - Undo
//
// Each accepted input (a definition, `:load`, `:del`) keeps what the document was before
// it; `:undo` puts the last one back and evaluates the document again. Repeated, it goes
// further back, up to `undoLimit` inputs.

extension Session {
    /// The document before an input, and the input.
    struct Snapshot {
        var entries: [Entry]
        var base: Base?
        var serial: Int
        var fixedLocale: DisplayLocale?
        var unsaved: Bool
        /// What was typed (`x = 5`, `:del x`), for the message.
        var input: String
        /// An edit of an imported notebook's cell (`so.x = 5`): that import's prefix (`so.`),
        /// whose values undoing it changes too.
        var importPrefix: String? = nil
    }

    /// How many inputs `:undo` can take back.
    public static let undoLimit = 200

    func checkpoint(_ input: String) -> Snapshot {
        Snapshot(entries: entries, base: base, serial: serial, fixedLocale: fixedLocale, unsaved: unsaved, input: input)
    }

    func remember(_ snapshot: Snapshot) {
        undoStack.append(snapshot)
        if undoStack.count > Session.undoLimit { undoStack.removeFirst() }
    }

    /// Whether there is an input to take back.
    public var canUndo: Bool { !undoStack.isEmpty }

    /// `:undo`: takes back the last accepted input; nil when there is none. The outcome
    /// says what it took back and which values changed.
    public func undo() -> Outcome? {
        guard let snapshot = undoStack.popLast() else { return nil }
        entries = snapshot.entries
        entryIndex = nil
        base = snapshot.base
        serial = snapshot.serial
        fixedLocale = snapshot.fixedLocale
        unsaved = snapshot.unsaved || !undoStack.isEmpty
        return LargeStack.run {
            var outcome = rebuild(shownNames: [], alsoPrefix: snapshot.importPrefix)
            let first = snapshot.input.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            let more = snapshot.input.contains("\n") ? " …" : ""
            outcome.notes = ["undid \(first.trimmingCharacters(in: [" ", "\t"]))\(more)"]
            return outcome
        }
    }
}
