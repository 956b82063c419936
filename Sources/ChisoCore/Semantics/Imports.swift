// MARK: - Imports and the sandbox
//
// `use "path.chiso" [as alias] [with { … }]` reads another department's notebook. This
// stage does the reading (the resolver after it stays pure): it turns every `use` into
// a parsed notebook, recursively, through the sandbox.
//
// The sandbox: a path is relative to the importing file and must stay under the
// notebook root (the current folder when the notebook being run lies under it, else
// that notebook's own folder; `--root DIR` sets it). Absolute paths, `..` past the root
// and links that point outside are refused. Notebooks cannot run programs or reach
// the network; the only files they read are their imports (and, later, data files),
// all through here.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A notebook read and parsed, with the notebooks it imports (nil where one could not be read).
final class LoadedNotebook {
    let tree: SyntaxTree
    /// The file as shown in messages.
    let file: String
    var imports: [(use: UseDecl, notebook: LoadedNotebook?)] = []
    /// Data rows read from CSV files, by table name (`table t … from "data.csv"`).
    var tableRows: [String: [TableDecl.Item]] = [:]

    init(tree: SyntaxTree, file: String) {
        self.tree = tree
        self.file = file
    }
}

public struct Sandbox: Sendable {
    /// The notebook root, absolute and with links resolved.
    public let root: String

    /// The root for a notebook at `notebookPath`: `explicitRoot` when given, else the
    /// current folder when the notebook lies under it, else the notebook's own folder.
    public init(notebookPath: String, explicitRoot: String? = nil) {
        let cwd = Sandbox.currentDirectory()
        if let explicitRoot {
            root = Sandbox.realPath(Sandbox.absolute(explicitRoot, in: cwd)) ?? Sandbox.absolute(explicitRoot, in: cwd)
            return
        }
        let realCwd = Sandbox.realPath(cwd) ?? cwd
        let notebook = Sandbox.realPath(Sandbox.absolute(notebookPath, in: cwd)) ?? Sandbox.absolute(notebookPath, in: cwd)
        let folder = Sandbox.directory(of: notebook)
        root = Sandbox.isInside(notebook, realCwd) ? realCwd : folder
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
    /// Reads every notebook `tree` imports, recursively, through the sandbox. `folder` is
    /// where `tree`'s file lies; `chain` the files being imported above it (for cycles).
    static func load(_ tree: SyntaxTree, file: String, folder: String, sandbox: Sandbox,
                     sources: inout SourceMap, diagnostics: inout [Diagnostic], chain: [String] = []) -> LoadedNotebook {
        let loaded = LoadedNotebook(tree: tree, file: file)
        // Data files: read in the notebook's own locale.
        let locale = tree.statements.lazy.compactMap { if case .locale(let l, _) = $0 { l } else { nil } }.first ?? .en
        for statement in tree.statements {
            guard case .table(let table) = statement, let source = table.source else { continue }
            switch sandbox.resolve(source.path, from: folder) {
            case .failure(let refusal):
                diagnostics.append(.error(.name, refusal.reason, at: source.span, help: refusal.bySandbox ? "data files must be under the notebook root" : nil))
            case .success(let real):
                switch NotebookFile.read(real) {
                case .failure(let e):
                    diagnostics.append(.error(.io, e.message, at: source.span))
                case .success(let bytes):
                    let id = sources.add(name: display(real, sandbox), bytes: bytes)
                    let (rows, errors) = DataFile.rows(sources[id], id: id, table: table, locale: locale)
                    diagnostics += errors
                    loaded.tableRows[table.name.text] = rows
                }
            }
        }
        for statement in tree.statements {
            guard case .use(let use) = statement else { continue }
            if use.alias == nil, defaultAlias(use.path) == nil {
                diagnostics.append(.error(.name, "'\(use.path)' does not give a name to import it under", at: use.pathSpan,
                                          help: "add one: use \"\(use.path)\" as name"))
                loaded.imports.append((use, nil))
                continue
            }
            switch sandbox.resolve(use.path, from: folder) {
            case .failure(let refusal):
                diagnostics.append(.error(.name, refusal.reason, at: use.pathSpan, help: refusal.bySandbox ? "imports must be notebooks under the notebook root" : nil))
                loaded.imports.append((use, nil))
            case .success(let real):
                if let start = chain.firstIndex(of: real) {
                    let names = (Array(chain[start...]) + [real]).map { display($0, sandbox) }
                    diagnostics.append(.error(.name, "import cycle: \(names.joined(separator: " -> "))", at: use.pathSpan,
                                              help: "two notebooks cannot import each other"))
                    loaded.imports.append((use, nil))
                    continue
                }
                switch NotebookFile.read(real) {
                case .failure(let e):
                    diagnostics.append(.error(.io, e.message, at: use.pathSpan))
                    loaded.imports.append((use, nil))
                case .success(let bytes):
                    let shown = display(real, sandbox)
                    let id = sources.add(name: shown, bytes: bytes)
                    let (child, errors) = Parser.parse(sources[id], id: id)
                    diagnostics += errors
                    let nested = load(child, file: shown, folder: Sandbox.directory(of: real), sandbox: sandbox,
                                      sources: &sources, diagnostics: &diagnostics, chain: chain + [real])
                    loaded.imports.append((use, nested))
                }
            }
        }
        return loaded
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
    static func display(_ real: String, _ sandbox: Sandbox) -> String {
        let cwd = Sandbox.realPath(Sandbox.currentDirectory()) ?? Sandbox.currentDirectory()
        if Sandbox.isInside(real, cwd), real != cwd { return String(real.dropFirst(cwd.count + 1)) }
        return real
    }
}
