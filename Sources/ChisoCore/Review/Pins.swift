// MARK: - Pinned imports
//
// `use "so-tttt.chiso" as tttt pinned "sha256:…"` runs only while the imported notebook
// is the one pinned; `from "data.csv" pinned "sha256:…"` the same for a data file.
//
// A data file's pin is the SHA-256 of its bytes (what `sha256sum` prints). A notebook's
// pin covers its closure: the SHA-256 of its bytes when it imports nothing and reads no
// data file; otherwise the SHA-256 of its bytes followed, for each `use` and `from` in
// source order, by a line `\nuse PATH HASH` or `\nfrom PATH HASH` (the path as written,
// the hash of what it names, computed the same way). So a summary that pins a
// department's notebook stops when the department edits it, or edits anything it
// imports or reads.

public enum Pins {
    /// `sha256:` and 64 hexadecimal digits.
    public static func hash(_ bytes: [UInt8]) -> String { "sha256:" + SHA256.hex(bytes) }

    /// The closure hash of a notebook read with its imports; nil when one of them could
    /// not be read (that is reported where it happens).
    static func closure(of notebook: LoadedNotebook, sources: SourceMap) -> String? {
        if let known = notebook.closure { return known }
        var result: String?
        defer { notebook.closure = .some(result) }
        var bytes = sources[notebook.tree.source].bytes
        var imports = notebook.imports.makeIterator()
        for (index, statement) in notebook.tree.statements.enumerated() {
            switch statement {
            case .table(let t):
                guard let source = t.source else { continue }
                guard let data = notebook.dataFiles[index] else { return nil }
                bytes += Array("\nfrom \(source.path) \(hash(data))".utf8)
            case .use(let use):
                guard let next = imports.next(), let child = next.notebook, let h = closure(of: child, sources: sources) else { return nil }
                bytes += Array("\nuse \(use.path) \(h)".utf8)
            default:
                continue
            }
        }
        // With no dependency, `bytes` is the file's bytes alone: its plain SHA-256.
        result = hash(bytes)
        return result
    }

    /// The error for a pin that does not match, or nil when it does.
    /// `importer`: the notebook the pin is written in; `closure`: whether the file pinned
    /// imports or reads other files (then one of them may be what changed).
    static func mismatch(_ pin: Pin, actual: String, file: String, importer: String, closure: Bool = false) -> Diagnostic? {
        guard pin.hash.hasPrefix("sha256:") else {
            return .error(
                .name, "'\(pin.hash)' is not a pin: write \"sha256:\" and 64 hexadecimal digits", at: pin.span,
                help: "`chiso pin FILE --write` writes the pins")
        }
        guard pin.hash.lowercased() != actual else { return nil }
        let what = closure ? "'\(file)' (or a file it imports or reads)" : "'\(file)'"
        return .error(
            .name, "\(what) changed since it was pinned: pinned \(pin.hash), now \(actual)", at: pin.span,
            help:
                "if you have the pinned version, `chiso diff PINNED-COPY \(file)` shows what changed; "
                + "to accept the change, refresh the pins with `chiso pin \(importer) --write`")
    }

    /// One pin of a notebook: what it names, where it is written, its new text.
    public struct Entry: Sendable {
        /// `use` or `from`.
        public var kind: String
        public var path: String
        public var line: Int
        public var hash: String
        /// Whether the pin written there already says this.
        public var unchanged: Bool
    }

    /// The pins of every `use` and `from` of a notebook, and its bytes with them written in
    /// place (every other byte as it was); or the problems that prevent it.
    public static func plan(path: String, bytes: [UInt8], root: String?) -> (
        entries: [Entry], text: [UInt8], sources: SourceMap, errors: [Diagnostic]
    ) {
        var sources = SourceMap()
        let id = sources.add(name: path, bytes: bytes)
        let (tree, syntax) = Parser.parse(sources[id], id: id)
        var diagnostics = syntax.filter { $0.severity == .error }
        guard diagnostics.isEmpty else { return ([], bytes, sources, diagnostics) }
        let loaded = Imports.load(
            tree, file: path, places: { _ in ImportPlace(notebookPath: path, explicitRoot: root) }, sources: &sources,
            diagnostics: &diagnostics, checkPins: false)
        var errors = diagnostics.filter { $0.severity == .error }
        var entries: [Entry] = []
        // Edits by offset: (start, end, text).
        var edits: [(Int, Int, String)] = []
        var imports = loaded.imports.makeIterator()
        let file = sources[id]
        for (index, statement) in tree.statements.enumerated() {
            switch statement {
            case .use(let use):
                let child = imports.next()?.notebook
                guard let child, let h = closure(of: child, sources: sources) else {
                    if errors.isEmpty { errors.append(.error(.name, "cannot pin '\(use.path)': it could not be read", at: use.pathSpan)) }
                    continue
                }
                let at = use.alias?.span.end ?? use.pathSpan.end
                entries.append(
                    Entry(kind: "use", path: use.path, line: file.location(of: use.span.start).line, hash: h, unchanged: use.pin?.hash == h)
                )
                edits.append(use.pin.map { ($0.span.start, $0.span.end, "\"\(h)\"") } ?? (at, at, " pinned \"\(h)\""))
            case .table(let t):
                guard let source = t.source else { continue }
                guard let data = loaded.dataFiles[index] else {
                    if errors.isEmpty { errors.append(.error(.name, "cannot pin '\(source.path)': it could not be read", at: source.span)) }
                    continue
                }
                let h = hash(data)
                entries.append(
                    Entry(
                        kind: "from", path: source.path, line: file.location(of: source.span.start).line, hash: h,
                        unchanged: t.sourcePin?.hash == h))
                edits.append(
                    t.sourcePin.map { ($0.span.start, $0.span.end, "\"\(h)\"") } ?? (source.span.end, source.span.end, " pinned \"\(h)\""))
            default:
                continue
            }
        }
        guard errors.isEmpty else { return ([], bytes, sources, errors) }
        var text = bytes
        for (start, end, replacement) in edits.sorted(by: { $0.0 > $1.0 }) {
            text.replaceSubrange(start..<end, with: Array(replacement.utf8))
        }
        return (entries, text, sources, [])
    }
}
