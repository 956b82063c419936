// MARK: - Imports and the sandbox
//
// `use "path.chiso" [as alias] [with { … }]` reads another department's notebook. This
// stage does the reading (the resolver after it stays pure): it turns every `use` into
// a parsed notebook, recursively, through the sandbox. Each file is read and parsed
// once, however many notebooks import it.
//
// The sandbox: a path is relative to the importing file and must stay under the
// notebook root (the folder of the notebook being run, or the nearest folder above it
// that holds a `chiso.root` file; `--root DIR` sets it). Absolute paths, `..` past the
// root and links that point outside are refused. Where Chiso is run from never matters:
// run from `/` or the home folder, a shared notebook still reads only its own folder.
// Notebooks cannot run programs or reach the network; the only files they read are
// their imports and data files, all through here, and only regular files.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A notebook read and parsed, with the notebooks it imports (nil where one could not be read).
final class LoadedNotebook {
    struct Import {
        var use: UseDecl
        var notebook: LoadedNotebook?
        /// The `with { … }` replacements as written: two imports of one file with the same
        /// text (from the same notebook) share one instance.
        var replacements: String
    }

    private(set) var tree: SyntaxTree
    /// The file as shown in messages.
    let file: String
    var imports: [Import] = []
    /// Data rows read from CSV files, by table name (`table t … from "data.csv"`).
    var tableRows: [String: [TableDecl.Item]] = [:]
    /// The bytes of each data file read, by the index of its table statement: for pins.
    var dataFiles: [Int: [UInt8]] = [:]
    /// The closure hash, once computed (`Pins.closure`).
    var closure: String??

    init(tree: SyntaxTree, file: String) {
        self.tree = tree
        self.file = file
    }

    /// Lets go of the statements (this notebook's and its imports'), once resolved, for a
    /// run that never changes a definition: on a large notebook the syntax of its data
    /// rows is the biggest thing held, and evaluation needs only the compiled program.
    /// A notebook imported along several paths is one object, visited once.
    func dropSyntax() {
        var seen = Set<ObjectIdentifier>()
        dropSyntax(&seen)
    }

    private func dropSyntax(_ seen: inout Set<ObjectIdentifier>) {
        guard seen.insert(ObjectIdentifier(self)).inserted else { return }
        tree = SyntaxTree(source: tree.source, statements: [], brokenNames: tree.brokenNames)
        tableRows = [:]
        for i in imports.indices { imports[i].notebook?.dropSyntax(&seen) }
    }
}

/// Where the paths a statement names are read from: the file it is written in.
struct ImportPlace {
    /// The file's folder (absolute, links resolved).
    var folder: String
    var sandbox: Sandbox
    /// The file itself (absolute, links resolved), when there is one: importing it is a cycle.
    var file: String?

    /// The place of the notebook at `path` (as given on the command line).
    init(notebookPath path: String, explicitRoot: String?) {
        let absolute = Sandbox.absolute(path, in: Sandbox.currentDirectory())
        let real = Sandbox.realPath(absolute)
        folder = Sandbox.directory(of: real ?? absolute)
        sandbox = Sandbox(notebookPath: path, explicitRoot: explicitRoot)
        file = real
    }

    init(folder: String, sandbox: Sandbox, file: String?) {
        self.folder = folder
        self.sandbox = sandbox
        self.file = file
    }
}

public struct Sandbox: Sendable {
    /// The notebook root, absolute and with links resolved.
    public let root: String

    /// A file by this name declares its folder the top of a collection of notebooks: a
    /// notebook anywhere below it may import the others.
    public static let marker = "chiso.root"

    /// The root for a notebook at `notebookPath`: `explicitRoot` when given, else the
    /// nearest folder holding a `chiso.root` file, from the notebook's own folder up,
    /// else the notebook's own folder. The current folder plays no part.
    public init(notebookPath: String, explicitRoot: String? = nil) {
        let cwd = Sandbox.currentDirectory()
        if let explicitRoot {
            root = Sandbox.realPath(Sandbox.absolute(explicitRoot, in: cwd)) ?? Sandbox.absolute(explicitRoot, in: cwd)
            return
        }
        let notebook = Sandbox.realPath(Sandbox.absolute(notebookPath, in: cwd)) ?? Sandbox.absolute(notebookPath, in: cwd)
        let folder = Sandbox.directory(of: notebook)
        root = Sandbox.markedFolder(from: folder) ?? folder
    }

    /// The nearest folder from `folder` up that holds a `chiso.root` file.
    static func markedFolder(from folder: String) -> String? {
        var folder = folder
        while true {
            var info = stat()
            if stat((folder == "/" ? "" : folder) + "/" + marker, &info) == 0, info.st_mode & S_IFMT == S_IFREG { return folder }
            if folder == "/" { return nil }
            folder = directory(of: folder)
        }
    }

    /// Why `path` cannot be a notebook root (`--root`), or nil when it is a folder.
    public static func problem(withRoot path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "--root: there is no folder '\(path)'" }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "--root takes a folder; '\(path)' is not one" }
        return nil
    }

    /// Why a path is refused.
    struct Refusal: Error {
        var reason: String
        /// Refused by the sandbox (rather than simply missing): the message says what is allowed.
        var bySandbox = true
    }

    /// Where `path`, written in a notebook in `folder`, points, or why it is refused.
    func resolve(_ path: String, from folder: String) -> Result<String, Refusal> {
        guard !path.hasPrefix("/") else {
            return .failure(Refusal(reason: "absolute paths are not allowed: write the path relative to this notebook"))
        }
        guard !path.isEmpty else { return .failure(Refusal(reason: "the path is empty")) }
        let joined = Sandbox.normalize(folder + "/" + path)
        guard Sandbox.isInside(joined, root) else {
            return .failure(Refusal(reason: "'\(path)' leaves the notebook root (\(root))"))
        }
        guard let real = Sandbox.realPath(joined) else {
            return .failure(Refusal(reason: "cannot read '\(path)': no such file", bySandbox: false))
        }
        guard Sandbox.isInside(real, root) else {
            return .failure(Refusal(reason: "'\(path)' is a link that points outside the notebook root (\(root))"))
        }
        return .success(real)
    }

    // MARK: Paths

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        let length = strlen(p)
        return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
    }

    static func absolute(_ path: String, in cwd: String) -> String {
        normalize(path.hasPrefix("/") ? path : cwd + "/" + path)
    }

    /// `/a/b/../c/./d` → `/a/c/d`, without touching the file system.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}

enum Imports {
    /// Reads every notebook `tree` imports, recursively, through the sandbox; `place` is
    /// the file `tree` was read from.
    static func load(
        _ tree: SyntaxTree, file: String, place: ImportPlace,
        sources: inout SourceMap, diagnostics: inout [Diagnostic]
    ) -> LoadedNotebook {
        load(tree, file: file, places: { _ in place }, sources: &sources, diagnostics: &diagnostics)
    }

    /// The same, for statements written in several files (a REPL session): `places(i)` is
    /// where statement `i` was written.
    static func load(
        _ tree: SyntaxTree, file: String, places: (Int) -> ImportPlace,
        sources: inout SourceMap, diagnostics: inout [Diagnostic], checkPins: Bool = true
    ) -> LoadedNotebook {
        var loader = Loader(sources: sources)
        loader.checkPins = checkPins
        let loaded = loader.notebook(tree, file: file, places: places, above: [])
        sources = loader.sources
        diagnostics += loader.diagnostics
        return loaded
    }

    /// One reading of a notebook and everything it imports.
    private struct Loader {
        var sources: SourceMap
        var diagnostics: [Diagnostic] = []
        /// Each file read, by root and path: read and parsed once however often it is imported.
        var read: [String: Outcome] = [:]
        /// Off for `chiso pin`, which reads imports whatever their pins say, to refresh them.
        var checkPins = true

        enum Outcome {
            case notebook(LoadedNotebook)
            /// It does not parse as a notebook: how many syntax errors, where the first is.
            case notANotebook(errors: Int, first: (line: Int, column: Int)?)
        }

        /// `tree` with its data files and imports; `above` holds the files importing it, for cycles.
        mutating func notebook(_ tree: SyntaxTree, file: String, places: (Int) -> ImportPlace, above: [String]) -> LoadedNotebook {
            let loaded = LoadedNotebook(tree: tree, file: file)
            // Data files: read in the notebook's own locale.
            let declared = tree.statements.lazy.compactMap { if case .locale(let l, let span) = $0 { (l, span) } else { nil } }.first
            let locale = declared?.0 ?? .en
            for (index, statement) in tree.statements.enumerated() {
                guard case .table(let table) = statement, let source = table.source else { continue }
                let place = places(index)
                switch place.sandbox.resolve(source.path, from: place.folder) {
                case .failure(let refusal):
                    diagnostics.append(
                        .error(
                            .name, refusal.reason, at: source.span,
                            help: refusal.bySandbox ? "data files must be under the notebook root" : nil))
                case .success(let real):
                    switch NotebookFile.read(real, followingLinks: false) {
                    case .failure(let e):
                        diagnostics.append(.error(.io, "cannot read '\(display(real))': \(e.reason)", at: source.span))
                    case .success(let bytes):
                        if checkPins, let pin = table.sourcePin,
                            let problem = Pins.mismatch(pin, actual: Pins.hash(bytes), file: display(real), importer: file)
                        {
                            diagnostics.append(problem)
                            continue
                        }
                        loaded.dataFiles[index] = bytes
                        if DataFile.isWorkbook(source.path) {
                            let (rows, errors) = DataFile.workbookRows(
                                bytes, file: source.path, sheet: table.sheet?.name, at: source.span, table: table, locale: locale,
                                localeLine: declared?.1)
                            diagnostics += errors
                            loaded.tableRows[table.name.text] = rows
                            continue
                        }
                        if let sheet = table.sheet {
                            diagnostics.append(
                                .error(
                                    .syntax, "'\(source.path)' is not a workbook (.xlsx), so it has no sheets", at: sheet.span,
                                    help: "remove `sheet \"\(sheet.name)\"`: a CSV file has one table"))
                        }
                        switch DataFile.decode(bytes, name: display(real), into: &sources) {
                        case .failure(let refusal):
                            diagnostics.append(refusal)
                        case .success(let id):
                            let (rows, errors) = DataFile.rows(sources[id], id: id, table: table, locale: locale, localeLine: declared?.1)
                            diagnostics += errors
                            loaded.tableRows[table.name.text] = rows
                        }
                    }
                }
            }
            for (index, statement) in tree.statements.enumerated() {
                guard case .use(let use) = statement else { continue }
                // What each replacement names and what it says (a `--set` reaching into the
                // import is written elsewhere, so its target is part of the key).
                let replacements = use.overrides.map { o in
                    o.target.map(\.text).joined(separator: ".") + (o.period.map { "@\($0)" } ?? "") + " = "
                        + sources[o.span.source].text(of: o.span)
                }.joined(separator: "\n")
                var child = imported(use, from: places(index), above: above)
                // A pinned import runs only while its closure hash is the pinned one.
                if checkPins, let pin = use.pin, let notebook = child, let actual = Pins.closure(of: notebook, sources: sources),
                    let problem = Pins.mismatch(
                        pin, actual: actual, file: notebook.file, importer: file,
                        closure: notebook.tree.statements.contains {
                            if case .use = $0 { true } else if case .table(let t) = $0 { t.source != nil } else { false }
                        })
                {
                    diagnostics.append(problem)
                    child = nil
                }
                loaded.imports.append(LoadedNotebook.Import(use: use, notebook: child, replacements: replacements))
            }
            return loaded
        }

        /// The notebook a `use` names, or nil (reported) when it cannot be imported.
        private mutating func imported(_ use: UseDecl, from place: ImportPlace, above: [String]) -> LoadedNotebook? {
            if use.alias == nil, defaultAlias(use.path) == nil {
                diagnostics.append(
                    .error(
                        .name, "'\(use.path)' does not give a name to import it under", at: use.pathSpan,
                        help: "add one: use \"\(use.path)\" as name"))
                return nil
            }
            let real: String
            switch place.sandbox.resolve(use.path, from: place.folder) {
            case .failure(let refusal):
                diagnostics.append(
                    .error(
                        .name, refusal.reason, at: use.pathSpan,
                        help: refusal.bySandbox ? "imports must be notebooks under the notebook root" : nil))
                return nil
            case .success(let r):
                real = r
            }
            let chain = above + (place.file.map { [$0] } ?? [])
            if let start = chain.firstIndex(of: real) {
                let names = (Array(chain[start...]) + [real]).map(display)
                diagnostics.append(
                    .error(
                        .name, "import cycle: \(names.joined(separator: " -> "))", at: use.pathSpan,
                        help: "two notebooks cannot import each other"))
                return nil
            }
            let key = place.sandbox.root + "\u{0}" + real
            let shown = display(real)
            if read[key] == nil {
                switch NotebookFile.read(real, followingLinks: false) {
                case .failure(let e):
                    diagnostics.append(.error(.io, "cannot read '\(shown)': \(e.reason)", at: use.pathSpan))
                    return nil
                case .success(let bytes):
                    let id = sources.add(name: shown, bytes: bytes)
                    let (child, errors) = Parser.parse(sources[id], id: id)
                    // A file that does not parse as a notebook is not imported, and none of its
                    // lines is shown: it may be any file under the root, not a notebook at all.
                    let syntaxErrors = errors.filter { $0.severity == .error }
                    if syntaxErrors.isEmpty {
                        diagnostics += errors
                        let nested = ImportPlace(folder: Sandbox.directory(of: real), sandbox: place.sandbox, file: real)
                        read[key] = .notebook(notebook(child, file: shown, places: { _ in nested }, above: chain))
                    } else {
                        read[key] = .notANotebook(
                            errors: syntaxErrors.count, first: syntaxErrors.first?.span.map { sources[id].location(of: $0.start) })
                    }
                }
            }
            switch read[key]! {
            case .notebook(let loaded):
                return loaded
            case .notANotebook(let count, let first):
                let at = first.map { ", the first at line \($0.line), column \($0.column)" } ?? ""
                diagnostics.append(
                    .error(
                        .syntax, "'\(use.path)' does not parse as a notebook: \(count) syntax error\(count == 1 ? "" : "s")\(at)",
                        at: use.pathSpan,
                        help: "it is not imported, and its lines are not shown here; run `chiso check \(shown)` to see them"))
                return nil
            }
        }
    }

    /// `dan-so.chiso` is imported as `dan_so`; nil when the stem cannot be a name.
    static func defaultAlias(_ path: String) -> String? {
        var stem = path.split(separator: "/").last.map(String.init) ?? path
        if stem.hasSuffix(".chiso") { stem.removeLast(".chiso".count) }
        let name = String(stem.map { $0 == "-" || $0 == " " ? "_" : $0 })
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
            name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || ($0.value >= 48 && $0.value <= 57) }),
            !Parser.reserved.contains(name)
        else { return nil }
        return name
    }

    /// A file as shown in messages: relative to the current folder when it lies under it.
    static func display(_ real: String) -> String {
        let cwd = Sandbox.realPath(Sandbox.currentDirectory()) ?? Sandbox.currentDirectory()
        guard Sandbox.isInside(real, cwd), real != cwd else { return real }
        return String(real.dropFirst(cwd == "/" ? 1 : cwd.count + 1))
    }
}
