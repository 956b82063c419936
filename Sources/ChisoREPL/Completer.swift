// MARK: - Tab completion
//
// What Tab offers, worked out from the text before the cursor; readline only shows the
// result. Kept free of readline so it can be tested directly.
//
//   dvc.re⇥        → dvc.received          (rows of a table after its name and a dot)
//   per1⇥          → per100, per1000       (cells, tables, functions, stdlib, built-ins)
//   :lo⇥           → :load
//   :load note⇥    → :load notebooks/      (folders and .chiso files)
//   :load Báo c⇥   → :load Báo cáo.chiso   (the argument is the rest of the line, spaces too)
//   use "my fo⇥    → use "my folder/       (inside the quotes of `use` and `from`)
//   :show dvc.ra⇥  → :show dvc.rate

import ChisoCore
import Foundation

public struct Completer {
    /// What replaces the word before the cursor.
    public struct Completion: Equatable, Sendable {
        /// Whole replacements for the word (each starts with it).
        public var candidates: [String]
        /// Whether a single candidate is followed by a space (not after a folder or a name,
        /// where a `/`, a `.` or an operator usually comes next).
        public var appendSpace: Bool
    }

    /// Names the session knows: cells, tables, `table.row`, functions, built-ins.
    public var names: () -> [String]
    /// The entries of a folder, folders marked; empty when it cannot be read.
    public var listFolder: (String) -> [(name: String, isFolder: Bool)]
    /// The table whose `{ … }` block is being typed, if any: its rows complete bare.
    public var openTable: () -> String? = { nil }
    /// The rows typed so far in that block (not yet known to the session).
    public var openRows: () -> [String] = { [] }

    public init(names: @escaping () -> [String], listFolder: @escaping (String) -> [(name: String, isFolder: Bool)] = Completer.listFolder)
    {
        self.names = names
        self.listFolder = listFolder
    }

    /// Words of the language that may start or continue a statement.
    static let keywords = Keyword.allCases.map(\.rawValue)

    /// Characters that end a word in an expression: spaces, brackets, operators, quotes.
    /// `.` is not one, so `dvc.re` is a single word; `_` and letters with diacritics belong
    /// to names.
    public static let expressionBreaks = " \t\n\"'()[]{},+-*/^<>=!;&|%@#"
    /// After a `:` command only spaces end a word, so a path is one word.
    public static let commandBreaks = " \t\n"

    /// The characters that end the word being completed, given the line up to the cursor.
    public static func wordBreaks(forLine line: String) -> String {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix(":") ? commandBreaks : expressionBreaks
    }

    // MARK: Completing

    /// Completions of `word`, the word before the cursor; `before` is the line before it.
    public func complete(before: String, word: String) -> Completion {
        let lead = before.drop { $0 == " " || $0 == "\t" }
        if lead.isEmpty, word.hasPrefix(":") {
            return Completion(candidates: Command.spellings.filter { $0.hasPrefix(word) }.sorted(), appendSpace: true)
        }
        if let path = Self.pathContext(before: String(lead), word: word) {
            return pathCompletion(path, word: word)
        }
        guard lead.hasPrefix(":") else {
            let table = openTable()
            var candidates = nameCandidates(word, table: table ?? Self.rowTable(String(lead)))
            if table != nil, !word.contains(".") { candidates = Array(Set(candidates + openRows().filter { $0.hasPrefix(word) })).sorted() }
            return Completion(candidates: candidates, appendSpace: false)
        }
        let words = lead.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // Only the first argument of a command is completed.
        guard words.count == 1, let name = words.first?.dropFirst() else { return Completion(candidates: [], appendSpace: false) }
        switch name {
        case "show", "deps", "rdeps", "why", "del":
            return Completion(candidates: nameCandidates(word), appendSpace: false)
        case "locale":
            return Completion(candidates: ["en", "vi"].filter { $0.hasPrefix(word) }, appendSpace: false)
        case "help":
            let functions = FunctionDoc.all.map(\.name)
            return Completion(
                candidates: Array(Set(Command.spellings.map { String($0.dropFirst()) } + functions)).sorted().filter { $0.hasPrefix(word) },
                appendSpace: false)
        default:
            return Completion(candidates: [], appendSpace: false)
        }
    }

    /// Names starting with `word`. Rows (`table.row`) only once a dot is typed, so `dv⇥`
    /// completes the table `dvc` instead of listing every row.
    /// Inside a table's block, or in the formula of one of its rows (`table`), its rows
    /// complete bare too (`resol⇥` → `resolved`).
    func nameCandidates(_ word: String, table: String? = nil) -> [String] {
        var all = Set(names() + Self.keywords)
        let wantsRows = word.contains(".")
        if let table, !wantsRows {
            let prefix = table + "."
            for name in names() where name.hasPrefix(prefix) { all.insert(String(name.dropFirst(prefix.count))) }
        }
        return all.filter { $0.hasPrefix(word) && ($0.contains(".") == wantsRows) }.sorted()
    }

    /// The table of a row formula being typed outside its block: `dvc` in `dvc.rate = `.
    static func rowTable(_ line: String) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let head = line[..<equals].drop { $0 == " " || $0 == "\t" }
        guard let dot = head.firstIndex(of: "."), head[..<dot].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let table = String(head[..<dot])
        return table.isEmpty ? nil : table
    }

    /// The row a line of a table's block defines: `received` in `  received "Tiếp nhận" = …`.
    public static func blockRow(_ line: String) -> String? {
        let body = line.drop { $0 == " " || $0 == "\t" }
        let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let rest = body.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard !name.isEmpty, rest.first == "=" || rest.first == "\"" else { return nil }
        return String(name)
    }

    /// The table a block opened by `line` (`table dvc "…" over … {`) belongs to.
    public static func blockTable(_ line: String) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 2, words[0] == "table" else { return nil }
        return String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    /// A path being typed: the argument of `:load` / `:save` (the rest of the line, spaces
    /// and all, with or without quotes, as `Command.parse` reads it), or the inside of the
    /// quotes of `use "…"` (notebooks) or `from "…"` (data files).
    struct PathContext: Equatable {
        /// What was typed of the argument, its opening quote included.
        var typed: String
        /// The endings of the files it may name.
        var extensions: [String]
    }

    static let dataExtensions = [".csv", ".tsv", ".txt", ".xlsx", ".xlsm"]

    /// The path being typed when the word before the cursor is part of one; `lead` is the
    /// line before the word, without its indentation.
    static func pathContext(before lead: String, word: String) -> PathContext? {
        if lead.hasPrefix(":") {
            let name = lead.dropFirst().prefix { $0 != " " && $0 != "\t" }
            let rest = lead.dropFirst(1 + name.count)
            guard name == "load" || name == "save", rest.first == " " || rest.first == "\t" else { return nil }
            return PathContext(typed: String(rest.drop { $0 == " " || $0 == "\t" }) + word, extensions: [".chiso"])
        }
        // Inside a string: an odd number of quotes before the word.
        guard lead.filter({ $0 == "\"" }).count % 2 == 1, let quote = lead.lastIndex(of: "\"") else { return nil }
        let head = lead[..<quote].reversed().drop { $0 == " " || $0 == "\t" }
        let keyword = String(head.prefix { $0.isLetter }.reversed())
        // `use` itself, not the end of a longer name (`reuse`, `t.from`).
        if let before = head.dropFirst(keyword.count).first, before.isNumber || before == "_" || before == "." { return nil }
        switch keyword {
        case "use": return PathContext(typed: String(lead[quote...]) + word, extensions: [".chiso"])
        case "from": return PathContext(typed: String(lead[quote...]) + word, extensions: dataExtensions)
        default: return nil
        }
    }

    /// Completions of a path whose name may have spaces. Readline replaces only the word
    /// (after the last space or quote), so each candidate is the rest of the path from the
    /// word's start; inside quotes a file's name is followed by the closing quote.
    func pathCompletion(_ path: PathContext, word: String) -> Completion {
        let quoted = path.typed.hasPrefix("\"")
        let typed = quoted ? String(path.typed.dropFirst()) : path.typed
        let paths = pathCandidates(typed, extensions: path.extensions)
        let skip = path.typed.count - word.count
        let candidates = paths.map { p in
            String(((quoted ? "\"" : "") + p + (quoted && !p.hasSuffix("/") ? "\"" : "")).dropFirst(skip))
        }
        return Completion(candidates: candidates, appendSpace: !(paths.count == 1 && paths[0].hasSuffix("/")))
    }

    /// Folders and files (ending in one of `extensions`) whose path starts with `word`
    /// (`~/` is the home folder).
    func pathCandidates(_ word: String, extensions: [String] = [".chiso"]) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folder = slash.map { String(word[...$0]) } ?? ""
        let base = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var listed = folder.isEmpty ? "." : folder
        if listed.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            listed = home + listed.dropFirst()
        }
        return listFolder(listed)
            .filter { $0.name.hasPrefix(base) && (base.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .filter { entry in entry.isFolder || extensions.contains { entry.name.lowercased().hasSuffix($0) } }
            .map { folder + $0.name + ($0.isFolder ? "/" : "") }
            .sorted()
    }

    /// The real file system.
    public static func listFolder(_ path: String) -> [(name: String, isFolder: Bool)] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else { return [] }
        return names.map { name in
            var isFolder: ObjCBool = false
            _ = fm.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return (name, isFolder.boolValue)
        }
    }
}
