// MARK: - Running commands
//
// What each `:` command does with the session and prints. A command that fails (an
// unknown name, a file that cannot be read) prints an error and, like a refused input,
// makes a script exit 65; the session never changes on failure.

import ChisoCore
import Foundation

extension REPL {
    /// A `:` line; false when it asks to quit.
    func perform(_ line: String) -> Bool {
        let command: Command
        switch Command.parse(line) {
        case .failure(let problem):
            fail(problem.message, help: problem.help)
            return true
        case .success(let c):
            command = c
        }
        switch command {
        case .quit: return keepsUnsavedWork()
        case .help(let name): paged { name.isEmpty ? help() : help(name) }
        case .list(let word): paged { list(word) }
        case .load(let path): _ = load(path)
        case .save(let path): save(path)
        case .show(let name): paged { show(name) }
        case .deps(let name): dependencies(of: name, reverse: false)
        case .rdeps(let name): dependencies(of: name, reverse: true)
        case .why(let target): paged { why(target) }
        case .delete(let name): delete(name)
        case .undo: undo()
        case .changes:
            if lastChanges.isEmpty { printer.line("the last input changed no other value") }
            paged { printer.changes(lastChanges, all: true) }
        case .locale(let locale):
            session.setLocale(locale)
            printer.line("locale \(locale.rawValue): numbers are shown as \(locale == .vi ? "1.234,5" : "1,234.5")")
        }
        return true
    }

    /// Leaving a terminal session with unsaved changes asks once: true (stay) the first time.
    func keepsUnsavedWork() -> Bool {
        guard reader.isInteractive, session.unsaved, !warnedUnsaved else { return false }
        warnedUnsaved = true
        let file = session.loadedPath.map { " (:save alone writes \($0))" } ?? ""
        printer.line("There are unsaved changes: :save FILE keeps them\(file); leave again (:quit or Ctrl-D) to drop them.")
        return true
    }

    func fail(_ message: String, help: String? = nil) {
        hadErrors = true
        // A script's command is placed at its line of standard input.
        guard !reader.isInteractive, let line = currentLine else {
            printer.error(message, help: help)
            return
        }
        var sources = SourceMap()
        let id = sources.add(name: "<stdin>", text: line.text, lineOffset: line.number - 1)
        let start = line.text.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        let span = SourceSpan(source: id, start: start, end: line.text.utf8.count)
        printer.diagnostics([.error(.usage, message, at: span, help: help)], sources: sources)
    }

    // MARK: Files

    /// `:load FILE` (and FILE on the command line): its definitions join the session. Its
    /// values are not all printed — a notebook can be long — but counted; what changed
    /// elsewhere is shown. False when the file cannot be read.
    @discardableResult
    func load(_ path: String) -> Bool {
        let outcome = session.load(path: Self.expandingHome(path), showing: false)
        guard outcome.accepted else {
            refuse(outcome)
            return false
        }
        // A table counts once, whether written whole or given rows outside its block.
        let defined = outcome.defined
        let tables = Set(defined.tables + defined.rows.map(\.table))
        let counts = [
            Self.count(defined.cells.count, "cell"), Self.count(tables.count, "table"),
            Self.count(defined.functions.count, "function"),
        ].compactMap { $0 }
        printer.line("loaded \(path)" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
        // The first screen names the tables (the first few), and how to see the rest.
        let named = tables.sorted()
        if !named.isEmpty {
            let shown = named.prefix(8).joined(separator: ", ") + (named.count > 8 ? ", … (\(named.count - 8) more)" : "")
            printer.line("tables: \(shown); :show NAME shows one, :list every name")
        }
        if outcome.diagnostics.contains(where: { $0.severity == .error }) { hadErrors = true }
        show(outcome, values: false)
        return true
    }

    /// `~/x.chiso` in the home folder, as completion offers it.
    static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return path }
        return home + path.dropFirst()
    }

    /// "3 cells", or nil for none.
    static func count(_ n: Int, _ noun: String) -> String? {
        n == 0 ? nil : "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// `:save [FILE]`: the session as a notebook, written atomically, keeping the loaded
    /// notebook's text; says what was written.
    func save(_ path: String) {
        guard let file = path.isEmpty ? session.loadedPath : path else {
            fail("no notebook was loaded to save to", help: "type :save FILE")
            return
        }
        switch session.save(to: Self.expandingHome(file)) {
        case .success(let s):
            let counts = [
                s.changed > 0 ? "\(s.changed) changed" : nil, s.added > 0 ? "\(s.added) added" : nil,
                s.removed > 0 ? "\(s.removed) removed" : nil,
                s.paths > 0 ? "\(Self.count(s.paths, "path")!) rewritten for its folder" : nil,
            ].compactMap { $0 }
            // The counts are against the notebook the session was started from, if any.
            let since = session.loadedPath == nil ? "" : " since loaded"
            var line = "saved \(file)" + (counts.isEmpty ? " (no changes\(since))" : " (" + counts.joined(separator: ", ") + "\(since))")
            if s.backup != nil { line += "; the old one is \(file)~" }
            printer.line(line)
        case .failure(let e): fail("cannot save to '\(e.path)': \(e.reason)")
        }
    }

    // MARK: Looking at names

    /// `:show NAME[@P[..Q]]`: the definition as written, then the value; a table's rows
    /// with their names beside their labels; with periods, only those.
    func show(_ target: String) {
        var name = target, periods: (Period, Period)?
        if let at = target.firstIndex(of: "@") {
            name = String(target[..<at])
            let text = String(target[target.index(after: at)...])
            let ends = text.components(separatedBy: "..")
            guard ends.count <= 2, let first = Period.parse(ends[0]), let last = Period.parse(ends.last!) else {
                fail("'\(text)' is not a period or a range of periods", help: "write :show \(name)@2020Q1..2020Q4")
                return
            }
            periods = (first, last)
        }
        guard let (definition, value) = session.show(name) else {
            // A function of the standard library, or a built-in.
            if periods == nil, let text = session.stdlibDefinition(name) {
                printer.line(text)
            } else if periods == nil, session.kind(of: name) == .function, let doc = FunctionDoc.named(name) {
                printer.line("\(doc.signature) is built in: \(doc.summary)")
            } else {
                fail("nothing named '\(name)'", help: nameHelp(name))
            }
            return
        }
        var items = value
        if case .table = session.kind(of: name) { items = items.map(Self.namingRows) }
        if let (first, last) = periods {
            var sliced: [Report.Item] = []
            for item in items {
                guard case .table(let t) = item else { continue }
                guard let s = TableFit.slice(t, from: first, to: last) else {
                    let range = "\(t.periods.first.map(\.description) ?? "")..\(t.periods.last.map(\.description) ?? "")"
                    fail("'\(name)' has no periods \(first)..\(last)", help: "its periods are \(range)")
                    return
                }
                sliced.append(.table(s))
            }
            guard !sliced.isEmpty else {
                fail("'\(name)' has no periods", help: "type :show \(name)")
                return
            }
            items = sliced
        }
        printer.line(definition)
        printer.items(items, locale: session.locale)
    }

    /// Each row's name beside its label: `Hồ sơ tiếp nhận (received)`.
    static func namingRows(_ item: Report.Item) -> Report.Item {
        guard case .table(var t) = item else { return item }
        t.rows = t.rows.map { r in
            var row = r
            if let label = r.label, label != r.name { row.label = "\(label) (\(r.name))" }
            return row
        }
        return .table(t)
    }

    /// `:deps NAME` and `:rdeps NAME`.
    func dependencies(of name: String, reverse: Bool) {
        guard let names = reverse ? session.dependents(of: name) : session.dependencies(of: name) else {
            failNoCell(name)
            return
        }
        let list = names.joined(separator: ", ")
        switch (reverse, names.isEmpty) {
        case (false, true): printer.line("\(name) reads nothing")
        case (false, false): printer.line("\(name) reads \(list)")
        case (true, true): printer.line("nothing reads \(name)")
        case (true, false): printer.line("\(name) is read by \(list)")
        }
    }

    /// `:why NAME[@P]`.
    func why(_ target: String) {
        switch session.why(target) {
        case .explanation(let tree):
            printer.line(tree)
        case .unknownName(let name, _):
            failNoCell(name)
        case .badPeriod(let text):
            fail("'\(text)' is not a period", help: "write a period such as 2019, 2019H1, 2019Q1 or 2019M01")
        case .outsideRange(let period, let range):
            fail("\(period) is outside the periods of that row's table (\(range))", help: "ask for a period in \(range), or @total")
        case .notARow(let name):
            fail("'\(name)' is a cell: it has one value, not one per period", help: "write :why \(name)")
        }
    }

    /// `:del NAME`.
    func delete(_ name: String) {
        let outcome = session.delete(name)
        guard outcome.accepted else {
            refuse(outcome)
            return
        }
        show(outcome)
    }

    /// `:undo`.
    func undo() {
        guard let outcome = session.undo() else {
            fail("nothing to undo", help: "`:undo` takes back a definition, :load or :del typed in this session")
            return
        }
        show(outcome)
    }

    /// A name that is not a cell or a row: a table or a function gets a pointer to what
    /// the command takes; anything else a did-you-mean.
    private func failNoCell(_ name: String) {
        switch session.kind(of: name) {
        case .table(let rows):
            fail(
                "'\(name)' is a table; this command takes a cell or a row",
                help: rows.first.map { "name one of its rows, such as \(name).\($0)" })
        case .function:
            fail("'\(name)' is a function; this command takes a cell or a row")
        case .cell, .row, nil:
            fail("no cell or row named '\(name)'", help: nameHelp(name))
        }
    }

    /// "did you mean …?" for a name: among every name, or among the rows of the tables
    /// when a row was typed without its table (`recieved` → `dvc.received`).
    private func nameHelp(_ name: String) -> String? {
        let names = session.completions
        if let help = Suggest.help(Suggest.closest(to: name, in: names)) { return help }
        guard !name.contains(".") else { return nil }
        let rows = names.filter { $0.contains(".") }
        let byRow = Dictionary(rows.map { (String($0.drop { $0 != "." }.dropFirst()), $0) }, uniquingKeysWith: { first, _ in first })
        return Suggest.closest(to: name, in: Array(byRow.keys).sorted()).flatMap { byRow[$0] }.map { "did you mean '\($0)'?" }
    }

    // MARK: Finding things

    /// `:list [WORD]`.
    func list(_ word: String) {
        let found = session.listing(word.isEmpty ? nil : word)
        guard !found.isEmpty else {
            printer.line(word.isEmpty ? "nothing is defined yet" : "no name or label contains '\(word)'")
            return
        }
        var lines: [String] = []
        // Without a word, a table's rows are counted, not listed.
        let shown = word.isEmpty ? found.filter { $0.kind != .row } : found
        let width = shown.map { DisplayWidth.of($0.name) + ($0.kind == .row ? 2 : 0) }.max() ?? 0
        for kind in [Session.Listed.Kind.table, .cell, .function, .import] {
            let group = shown.filter { $0.kind == kind || (kind == .table && $0.kind == .row) }
            guard !group.isEmpty else { continue }
            var title = ["table": "tables", "cell": "cells", "function": "functions", "import": "imports"][kind.rawValue]!
            if kind == .table, !group.contains(where: { $0.kind == .table }) { title = "rows" }
            lines.append(title + ":")
            for item in group {
                let pad = String(repeating: " ", count: width - DisplayWidth.of(item.name) - (item.kind == .row ? 2 : 0) + 2)
                lines.append((item.kind == .row ? "    " : "  ") + item.name + (item.detail.isEmpty ? "" : pad + item.detail))
            }
        }
        if word.isEmpty, found.contains(where: { $0.kind == .table }) { lines.append(":list WORD lists the rows too") }
        printer.line(lines.joined(separator: "\n"))
    }

    /// `:help NAME`: a built-in or standard-library function (signature, what it does, an
    /// example), one of the notebook's functions, or a command.
    func help(_ name: String) {
        if let spec = Command.specs.first(where: { ":" + $0.name == name || $0.name == name || $0.aliases.contains(name) }),
            name.hasPrefix(":") || FunctionDoc.named(name) == nil
        {
            printer.line(":\(spec.name)\(spec.argument.map { " " + $0 } ?? "")  \(spec.summary)")
            return
        }
        if let text = session.show(name)?.definition, session.kind(of: name) == .function {
            printer.line("\(text)\n(defined in this session)")
            return
        }
        guard let doc = FunctionDoc.named(name) else {
            let functions = FunctionDoc.all.map(\.name)
            fail("no function or command named '\(name)'", help: Suggest.help(Suggest.closest(to: name, in: functions + Command.spellings)))
            return
        }
        var lines = [doc.signature, "  " + doc.summary]
        if let example = doc.example {
            lines.append("  example: \(example)" + (doc.result.map { "  →  \($0)" } ?? ""))
            if example.contains("t.x") { lines.append("  (t.x: the row 41, _, 60, 48 over 2018Q3..2019Q2)") }
        } else if let definition = session.stdlibDefinition(name)?.split(separator: "\n").last {
            if let (call, result) = Self.example(of: doc) {
                lines.append("  example: \(call)  →  \(result)")
                lines.append("  (t.y: the row 40, 44, 41, 50, 60, 48 over 2018Q1..2019Q2)")
            }
            lines.append("  defined as: \(definition)")
        }
        printer.line(lines.joined(separator: "\n"))
    }

    /// A standard-library function of one argument called on an example row `t.y`, and
    /// what it gives, computed in a session of its own.
    static func example(of doc: FunctionDoc) -> (String, String)? {
        guard !doc.signature.contains(",") else { return nil }
        let scratch = Session(locale: .en)
        _ = scratch.submit("table t over 2018Q1..2019Q2 {\n  y = 40, 44, 41, 50, 60, 48\n}")
        let call = "\(doc.name)(t.y)"
        let outcome = scratch.submit(call)
        guard outcome.accepted, outcome.diagnostics.isEmpty else { return nil }
        var values: [String] = []
        for item in outcome.shown {
            switch item {
            case .table(let t): values = t.rows.first?.values.map { CellText.format($0, t.rows[0].format, .en) } ?? []
            case .scalars(let s): values = s.map { CellText.format($0.value, $0.format, .en) }
            case .heading, .paragraph, .across, .chart: break
            }
        }
        guard !values.isEmpty else { return nil }
        return (call, values.map { $0.isEmpty ? "(blank)" : $0 }.joined(separator: ", "))
    }

    // MARK: Help

    func help() {
        let width = Command.specs.map { ":\($0.name)\($0.argument.map { " " + $0 } ?? "")".count }.max() ?? 0
        var lines = [
            "Type a definition to add or replace it, or an expression to see its value:",
            "  x = 12                                a cell: its value, then every value that changed",
            "  table dvc over 2019Q1..2019Q4 {       a table, over several lines up to the closing }",
            "  dvc.rate = resolved / received        a row added to a table",
            "  dvc.received@2019Q2 = 48              one cell of a row",
            "  fn ratio(a, b) = a / b as percent(1)  a function",
            "  so.population = 1_300_000             a cell of an import (use … as so)",
            "  x / 8 + 0.5                           an expression: its value (a row as a table)",
            "",
            "Commands:",
        ]
        for spec in Command.specs {
            let usage = ":\(spec.name)\(spec.argument.map { " " + $0 } ?? "")"
            let aliases = spec.aliases.map { ", :" + $0 }.joined()
            lines.append("  " + (usage + aliases).padding(toLength: max(width + 4, 20), withPad: " ", startingAt: 0) + spec.summary)
        }
        lines += [
            "",
            "Functions: :help NAME (:help delta). `ans` is the last expression's value; `_` is a blank.",
            "",
            "Keys: Tab completes names, table.rows (dvc.⇥), commands and files; Up/Down and Ctrl-R",
            "search the history; Ctrl-C abandons the input being typed; Ctrl-D on an empty line leaves.",
        ]
        printer.line(lines.joined(separator: "\n"))
    }
}
