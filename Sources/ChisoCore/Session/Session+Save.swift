// MARK: - Saving without loss
//
// A session started from a notebook keeps that notebook's text (`base`). `:save` writes
// that text as it was, with only what the session changed: a redefined statement is
// written in place of the old one, a deleted one is taken out with its line, a new one
// is added at the end. Comments, blank lines and alignment stay as they were, so a
// load → edit → save round trip differs from the file by exactly the edited lines.
// Saved to another folder, the relative paths of `use` and `from` are rewritten so the
// notebook still reads the same files.

import Foundation

extension Session {
    /// The notebook the session was started from, whose text `:save` keeps.
    struct Base {
        var source: SourceID
        /// The path as given to `:load` (what `:save` with no file writes to).
        var path: String
        /// Where each of its statements stands, to take out those deleted since.
        var origins: [SourceSpan]
    }

    /// What `:save` wrote.
    public struct SaveSummary: Sendable, Equatable {
        /// Statements written with new text in place of the old.
        public var changed = 0
        /// Statements added at the end.
        public var added = 0
        /// Statements taken out.
        public var removed = 0
        /// Relative `use` and `from` paths rewritten for the new folder.
        public var paths = 0
        /// Where the previous version was kept (`FILE~`), if the file existed.
        public var backup: String?
    }

    /// The path of the notebook the session was started from (`:save` with no file).
    public var loadedPath: String? { base?.path }

    /// Where a statement stands in its source: a row written outside its table's block
    /// starts at the table's name.
    static func origin(of statement: Statement) -> SourceSpan {
        if case .tableItem(let table, _) = statement { return table.span.merged(with: statement.span) }
        return statement.span
    }

    /// Gives an entry from the loaded notebook its place in that notebook's text.
    func adopt(_ entry: inout Entry) {
        guard entry.origin == nil, let base, entry.statement.span.source == base.source else { return }
        entry.origin = Session.origin(of: entry.statement)
    }

    /// Adds an entry that replaces nothing (a heading or a check).
    func append(_ entry: Entry) {
        var entry = entry
        adopt(&entry)
        entryIndex?[entry.key] = entries.count
        entries.append(entry)
    }

    // MARK: The text

    /// The notebook `:save` writes to `path`: the loaded text with the session's changes,
    /// or the definitions one after the other when nothing was loaded.
    public func savedText(for path: String) -> (text: String, summary: SaveSummary) {
        var summary = SaveSummary()
        let cwd = Sandbox.currentDirectory()
        let target = Sandbox.absolute(path, in: cwd)
        let folder = Sandbox.realPath(Sandbox.directory(of: target)) ?? Sandbox.directory(of: target)
        let typedFolder = Sandbox.realPath(cwd) ?? cwd
        func text(_ e: Entry) -> String {
            let (rewritten, count) = Session.rewritingPaths(e, from: e.place?.folder ?? typedFolder, to: folder, sources: sources)
            summary.paths += count
            return rewritten
        }
        guard let base else {
            summary.added = entries.count
            let body = entries.map(text).joined(separator: "\n")
            return (body + (entries.isEmpty ? "" : "\n"), summary)
        }
        let bytes = sources[base.source].bytes
        var placed = entries.filter { $0.origin != nil }.sorted { $0.origin!.start < $1.origin!.start }
        // Two definitions that met in the same place (a name written twice): the last one stays.
        var k = 1
        while k < placed.count {
            if placed[k].origin!.start < placed[k - 1].origin!.end { placed.remove(at: k - 1) } else { k += 1 }
        }
        let kept = Set(placed.map { $0.origin!.start })
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        var regions: [(span: SourceSpan, entry: Entry?)] = placed.map { ($0.origin!, $0) }
        let starts = placed.map { $0.origin!.start }
        for o in base.origins where !kept.contains(o.start) {
            // Not inside a statement that stays (the placed ones are sorted and apart).
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] <= o.start { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0, o.start < placed[lo - 1].origin!.end { continue }
            regions.append((o, nil))
        }
        regions.sort { $0.span.start < $1.span.start }
        for (span, entry) in regions where span.start >= cursor {
            guard let entry else {
                // Taken out with its line when it stood alone on it (and its comment).
                let (start, end) = Session.wholeLines(span, in: bytes)
                out += bytes[cursor..<max(cursor, start)]
                cursor = max(cursor, end)
                summary.removed += 1
                continue
            }
            let original = Array(bytes[span.start..<min(span.end, bytes.count)])
            let new = Array(text(entry).utf8)
            out += bytes[cursor..<span.start]
            if entry.edited || new != original {
                out += new
                if entry.edited, Array(entry.text(in: sources).utf8) != original { summary.changed += 1 }
            } else {
                out += original
            }
            cursor = span.end
        }
        out += bytes[min(cursor, bytes.count)...]
        let added = entries.filter { $0.origin == nil }
        if !added.isEmpty {
            if let last = out.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
            for e in added { out += Array((text(e) + "\n").utf8) }
            summary.added = added.count
        }
        return (String(decoding: out, as: UTF8.self), summary)
    }

    /// A statement's span widened to its whole lines (with a comment after it and the line
    /// break) when nothing else stands on them; the span itself otherwise.
    static func wholeLines(_ span: SourceSpan, in bytes: [UInt8]) -> (Int, Int) {
        let space: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t")]
        var start = span.start
        while start > 0, space.contains(bytes[start - 1]) { start -= 1 }
        guard start == 0 || bytes[start - 1] == UInt8(ascii: "\n") else { return (span.start, span.end) }
        var end = min(span.end, bytes.count)
        while end < bytes.count, space.contains(bytes[end]) { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "#") {
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\r") { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\n") { return (start, end + 1) }
        return end == bytes.count ? (start, end) : (span.start, span.end)
    }

    // MARK: Paths

    /// The entry's text with its relative `use`/`from` paths read from `folder` instead of
    /// `from`, and how many it changed.
    static func rewritingPaths(_ e: Entry, from: String, to folder: String, sources: SourceMap) -> (String, Int) {
        let text = e.text(in: sources)
        guard from != folder else { return (text, 0) }
        let literal: SourceSpan, path: String
        switch e.statement {
        case .use(let u):
            literal = u.pathSpan
            path = u.path
        case .table(let t):
            guard let source = t.source else { return (text, 0) }
            literal = source.span
            path = source.path
        default: return (text, 0)
        }
        guard !path.hasPrefix("/"), !path.contains("\""), !path.contains("\\") else { return (text, 0) }
        let moved = relative(Sandbox.absolute(path, in: from), from: folder)
        guard moved != path else { return (text, 0) }
        var bytes = Array(text.utf8)
        let offset = literal.start - e.statement.span.start
        let length = literal.end - literal.start
        guard offset >= 0, offset + length <= bytes.count,
            String(decoding: bytes[offset..<offset + length], as: UTF8.self) == sources[literal.source].text(of: literal)
        else { return (text, 0) }
        bytes.replaceSubrange(offset..<offset + length, with: Array("\"\(moved)\"".utf8))
        return (String(decoding: bytes, as: UTF8.self), 1)
    }

    /// `target` (absolute) as a path from `folder` (absolute): `../b/x.chiso`.
    static func relative(_ target: String, from folder: String) -> String {
        let t = target.split(separator: "/"), f = folder.split(separator: "/")
        var common = 0
        while common < t.count - 1, common < f.count, t[common] == f[common] { common += 1 }
        let ups = Array(repeating: "..", count: f.count - common)
        return (ups + t[common...].map(String.init)).joined(separator: "/")
    }

    // MARK: Writing

    /// `:save FILE`: written atomically (a temporary file beside it, then a rename, so a
    /// failure never leaves a half-written notebook); the previous version is kept as
    /// `FILE~`.
    public func save(to path: String) -> Result<SaveSummary, NotebookFile.ReadError> {
        let (text, written) = savedText(for: path)
        var summary = written
        if case .success(let old) = NotebookFile.read(path) {
            let backup = path + "~"
            if case .failure(let e) = NotebookFile.writeAtomically(backup, old) { return .failure(e) }
            summary.backup = backup
        }
        switch NotebookFile.writeAtomically(path, Array(text.utf8)) {
        case .failure(let e): return .failure(e)
        case .success:
            unsaved = false
            return .success(summary)
        }
    }
}
