// MARK: - One input through every stage
//
// The harness runs one input the way `chiso` would, in this process: as a notebook
// (parse, imports, resolve, evaluate, report; every output format; `fmt`), in the REPL
// (`:load`, and typed line by line), and as the CSV data file of a table (in both
// locales). It returns what broke; the fuzzers decide what to do with it (libFuzzer
// aborts, the deterministic fuzzer saves the input).
//
// The invariants, for any bytes:
// * every error has a place (file:line:col) inside its source, and renders as one;
// * the run ends in one of the documented outcomes: 0 ok, 1 a check failed, 65 errors
//   (64 is only for `--set`, which an input cannot give; 66 only for unreadable files);
// * every output format renders: the JSON parses, the HTML has only its own tags, the
//   terminal, Markdown and HTML outputs hold no control characters;
// * `fmt` either refuses with syntax errors or returns a notebook that formats to
//   itself and evaluates to the same report and the same messages;
// * the REPL's `:load` shows what `chiso run` shows (for a notebook without errors or
//   imports), and a typed script ends with 0 or 65.
// A crash, a hang and a blow-up in memory are caught around it (by libFuzzer, or by the
// deterministic fuzzer's watchdog).

import ChisoCore
import ChisoREPL
import Foundation

/// Lines given in advance, as a script piped into `chiso`.
final class ScriptReader: LineReader {
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines.reversed() }
    var isInteractive: Bool { false }
    func read(_ prompt: Prompt) -> LineInput { lines.popLast().map(LineInput.line) ?? .endOfInput }
    func close() {}
}

final class Harness: Sendable {
    /// A scratch folder of this process: the input is written there as `main.chiso` (so
    /// that imports of it and of `data.csv` resolve) and as `data.csv`.
    let folder: String
    var notebookPath: String { folder + "/main.chiso" }
    var dataPath: String { folder + "/data.csv" }

    /// The step budget of every evaluation (`--max-steps`). Real notebooks need under
    /// 1,500 steps; the default budget (100,000,000) takes about 30 s in a debug build, so a
    /// runaway notebook (a recursive function, a long series) is stopped here much sooner.
    /// Work the budget does not count still shows as a hang. (The default budget's own
    /// behaviour is tested in CostTests and StepBudgetTests.)
    static let maxSteps = 200_000

    /// Every run also writes its report as a workbook (`workbookProblems`).
    var options: RunOptions {
        var o = RunOptions(root: folder, maxSteps: Self.maxSteps)
        o.excel = true
        return o
    }

    /// Notebooks that read `data.csv`: one per locale and kind of period, so that both
    /// number formats and several headers are read.
    static let dataNotebooks: [(name: String, text: String)] = [
        (
            "quarters.chiso",
            """
            table t over 2018Q1..2020Q4 with total from "data.csv" {
              s = a + b
              check s >= 0
            }
            x = sum(t.a) / count(t.b)

            """
        ),
        (
            "months.chiso",
            """
            locale vi
            table t "Dữ liệu" over 2019M01..2019M12 from "data.csv" {
              r = a / b as percent(1)
            }

            """
        ),
        (
            "years.chiso",
            """
            locale vi
            table t over 2010..2025 from "data.csv" {
            }
            table u over 2022H1..2023H2 from "data.csv" {
            }

            """
        ),
    ]

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/chiso-fuzz-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        folder = String(cString: made)
        for notebook in Self.dataNotebooks {
            try Data(notebook.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + notebook.name))
        }
    }

    /// Puts the seed files beside the input under their own names (the first of each name),
    /// so that an input's `use "mau-bao-cao.chiso"` finds a notebook to import.
    func provide(_ files: [(name: String, bytes: [UInt8])]) {
        let fm = FileManager.default
        let reserved = Set(["main.chiso", "data.csv", "stdout", "stderr"] + Self.dataNotebooks.map(\.name))
        for file in files {
            let base = file.name.split(separator: "/").last.map(String.init) ?? file.name
            let path = folder + "/" + base
            guard !reserved.contains(base), !fm.fileExists(atPath: path) else { continue }
            _ = fm.createFile(atPath: path, contents: Data(file.bytes))
        }
    }

    func removeFolder() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes the input where the notebooks read it.
    func place(_ bytes: [UInt8]) {
        for path in [notebookPath, dataPath] where !FileManager.default.createFile(atPath: path, contents: Data(bytes)) {
            // Not the input's fault: stop rather than check stale files.
            say("chiso-fuzz: cannot write \(path)\n", to: .standardError)
            exit(70)
        }
    }

    /// Everything that breaks an invariant for this input (empty: it passed). The input
    /// is read as the data file of one of `dataNotebooks` (chosen by its bytes), or of
    /// each of them with `everyDataNotebook`.
    func check(_ bytes: [UInt8], everyDataNotebook: Bool = false) -> [String] {
        place(bytes)
        var problems: [String] = []
        let result = Engine.run(name: notebookPath, bytes: bytes, options: options)
        problems += Self.placeProblems(result.diagnostics, result.sources, stage: "run")
        if Self.outcome(result) == nil { problems.append("run: --set usage errors without any --set") }
        problems += Self.renderProblems(result.report)
        problems += workbookProblems(result)
        problems += formatProblems(bytes, result)
        problems += sessionProblems(bytes, result)
        for notebook in everyDataNotebook ? Self.dataNotebooks : [Self.dataNotebooks[Self.chosenDataNotebook(bytes)]] {
            let data = Engine.run(name: folder + "/" + notebook.name, bytes: Array(notebook.text.utf8), options: options)
            problems += Self.placeProblems(data.diagnostics, data.sources, stage: "data file (\(notebook.name))")
            problems += Self.renderProblems(data.report).map { "data file (\(notebook.name)): \($0)" }
        }
        return problems
    }

    /// `--format xlsx`: the workbook (with its live formulas) is a zip package, and the
    /// project's own reader, reading it back as a data file, places every problem it has.
    func workbookProblems(_ result: RunResult) -> [String] {
        guard let book = result.excel else {
            return result.hasUsageErrors ? [] : ["--format xlsx: no workbook was written"]
        }
        guard book.bytes.starts(with: [0x50, 0x4B]) else { return ["--format xlsx: the workbook is not a zip package"] }
        let written = folder + "/written.xlsx"
        guard FileManager.default.createFile(atPath: written, contents: Data(book.bytes)) else { return [] }
        defer { try? FileManager.default.removeItem(atPath: written) }
        let back = Engine.run(
            name: folder + "/read-back.chiso", text: "table t over 2019Q1..2019Q4 from \"written.xlsx\" {\n}\n",
            options: RunOptions(root: folder, maxSteps: Self.maxSteps))
        return Self.placeProblems(back.diagnostics, back.sources, stage: "xlsx read back")
    }

    /// The data notebook that reads an input (when not every one does): chosen by its bytes.
    static func chosenDataNotebook(_ bytes: [UInt8]) -> Int {
        Int(bytes.reduce(UInt32(bytes.count)) { $0 &* 31 &+ UInt32($1) } % UInt32(dataNotebooks.count))
    }

    /// The exit code `chiso run` gives this result (the mapping of Sources/chiso/Chiso.swift),
    /// or nil for a `--set` error, which an input alone cannot cause.
    static func outcome(_ result: RunResult) -> Int32? {
        if result.hasUsageErrors { return nil }
        if result.hasErrors { return 65 }
        if result.failedChecks > 0 { return 1 }
        return 0
    }

    // MARK: Invariants

    /// How many diagnostics of one run are rendered to check their first line.
    static let renderedDiagnostics = 20

    /// Every error has a place inside its source, and renders as `file:line:col: error: …`.
    static func placeProblems(_ diagnostics: [Diagnostic], _ sources: SourceMap, stage: String) -> [String] {
        var problems: [String] = []
        let renderer = DiagnosticRenderer(sources: sources)
        func check(_ span: SourceSpan, _ what: String) -> Bool {
            guard span.source.raw >= 0, span.source.raw < sources.files.count else {
                problems.append("\(stage): \(what) points into no source")
                return false
            }
            let file = sources[span.source]
            // The end of the input is a place (the caret after the last character).
            guard span.start >= 0, span.start <= file.bytes.count, span.end >= span.start, span.end <= file.bytes.count + 1 else {
                problems.append("\(stage): \(what) spans \(span.start)..<\(span.end), outside \(file.name) (\(file.bytes.count) bytes)")
                return false
            }
            return true
        }
        for (n, d) in diagnostics.enumerated() {
            let what = "\(d.severity.rawValue) '\(d.message.prefix(120))'"
            guard let span = d.span else {
                if d.severity == .error { problems.append("\(stage): \(what) has no file:line:col") }
                continue
            }
            guard check(span, what) else { continue }
            for note in d.notes where !check(note.span, "note '\(note.message.prefix(80))' of \(what)") {}
            // Rendering costs more than the rest: the first few show whether it is right.
            guard n < renderedDiagnostics else { continue }
            let file = sources[span.source]
            let (line, column) = file.location(of: span.start)
            let text = renderer.render(d)
            let head = "\(file.name):\(line):\(column): \(d.severity.rawValue): "
            if !text.hasPrefix(head) {
                problems.append("\(stage): \(what) renders as '\(text.prefix(200))', not from '\(head)'")
            }
        }
        return problems
    }

    /// Every output format renders; the JSON parses; no control characters reach a
    /// terminal, a Markdown file or a page, and no element of a notebook's text reaches a page.
    static func renderProblems(_ report: Report) -> [String] {
        var problems: [String] = []
        let outputs = [
            ("table", TerminalRenderer.render(report)),
            ("md", MarkdownRenderer.render(report)),
            ("html", HTMLRenderer.render(report, title: "main.chiso")),
        ]
        for (format, text) in outputs {
            if let c = controlCharacter(text) {
                problems.append("--format \(format): writes the control character \(c)")
            }
        }
        if let tag = unexpectedTag(outputs[2].1) {
            problems.append("--format html: the page holds a <\(tag)> (a notebook's text reached it unescaped)")
        }
        _ = CSVRenderer.render(report)
        let json = JSONRenderer.render(report)
        if (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) == nil {
            problems.append("--format json: the output is not JSON: \(json.prefix(200))")
        }
        return problems
    }

    /// How many of the input's lines are typed into the REPL, and the step budget of each:
    /// every input is evaluated on its own with a whole budget, so a script costs up to
    /// `replLines` times what the same notebook costs.
    static let replLines = 50
    static let replMaxSteps = maxSteps / 10

    /// The REPL: `:load` of the input keeps notebook semantics (the same report as `chiso
    /// run` when the input imports nothing and has no error: a name defined twice is an
    /// error there, and replaces the first definition in a session), each problem placed;
    /// the input typed line by line (its first `replLines`, as `chiso < FILE` does) ends
    /// with 0 or 65 and prints no control character. Lines that would read or write other
    /// files (`:load`, `:save`) are left out.
    func sessionProblems(_ bytes: [UInt8], _ original: RunResult) -> [String] {
        var problems: [String] = []
        let session = Session(root: folder, maxSteps: Self.maxSteps)
        let loaded = session.load(path: notebookPath)
        problems += Self.placeProblems(loaded.diagnostics, session.sources, stage: ":load")
        // Only the standard library and the input itself were read: no import, no data file.
        let alone = original.sources.files.filter { !$0.name.hasPrefix("<stdlib>/") }.count == 1
        if alone, !original.hasErrors, JSONRenderer.render(session.report) != JSONRenderer.render(original.report.withoutOrigins) {
            problems.append(":load: the session's report is not the one `chiso run` prints")
        }

        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(Self.replLines)
            .filter { line in
                let command = line.drop { $0 == " " || $0 == "\t" }
                return !(command.hasPrefix(":load") || command.hasPrefix(":save"))
            }
        var printed = ""
        let repl = REPL(
            session: Session(root: folder, maxSteps: Self.replMaxSteps), reader: ScriptReader(lines.map(String.init)),
            printer: Printer(writeOut: { printed += $0 }, writeErr: { printed += $0 }))
        let code = repl.run()
        if code != 0 && code != 65 { problems.append("repl: a script ends with exit code \(code), not 0 or 65") }
        if let c = Self.controlCharacter(printed) {
            problems.append("repl: prints the control character \(c)")
        }
        return problems
    }

    /// The elements HTMLRenderer writes; any other in a page came from a notebook's text.
    static let htmlTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "main", "div",
        "h2", "p", "table", "caption", "thead", "tbody", "tr", "th", "td",
        // The mark on an amended value and the notes under its table.
        "sup", "ul", "li",
        // Charts and trend sparklines: inline SVG.
        "figure", "figcaption", "svg", "line", "polyline", "circle", "rect", "text",
    ]

    /// The first tag of `page` that is not one of `htmlTags`. (Outputs can be megabytes:
    /// these scans read bytes, not characters.)
    static func unexpectedTag(_ page: String) -> String? {
        let bytes = Array(page.utf8)
        var i = 0
        while i < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "<") else { continue }
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "/") { j += 1 }
            let start = j
            while j < bytes.count,
                bytes[j] == UInt8(ascii: "!") || (bytes[j] | 0x20 >= 0x61 && bytes[j] | 0x20 <= 0x7A) || (0x30...0x39).contains(bytes[j])
            { j += 1 }
            let name = String(decoding: bytes[start..<j], as: UTF8.self).lowercased()
            if !name.isEmpty, !htmlTags.contains(name) { return name }
        }
        return nil
    }

    /// The first control character of `text` other than a line break (C0, DEL, C1), as U+XXXX.
    static func controlCharacter(_ text: String) -> String? {
        var previous: UInt8 = 0
        for b in text.utf8 {
            defer { previous = b }
            if (b < 0x20 && b != 0x0A) || b == 0x7F { return "U+" + String(format: "%04X", b) }
            // U+0080…U+009F are C2 80…C2 9F in UTF-8.
            if previous == 0xC2, (0x80...0x9F).contains(b) { return "U+" + String(format: "%04X", b) }
        }
        return nil
    }

    /// `fmt` refuses a notebook with syntax errors (each with a place), or formats it into
    /// a notebook that is its own layout and means the same.
    func formatProblems(_ bytes: [UInt8], _ original: RunResult) -> [String] {
        var sources = SourceMap()
        let id = sources.add(name: notebookPath, bytes: bytes)
        switch Formatter.format(sources[id], id: id) {
        case .failure(let errors):
            var problems = Self.placeProblems(errors.diagnostics, sources, stage: "fmt")
            if errors.diagnostics.isEmpty { problems.append("fmt: refused without an error") }
            return problems
        case .success(let text):
            var problems: [String] = []
            var again = SourceMap()
            let second = again.add(name: notebookPath, text: text)
            switch Formatter.format(again[second], id: second) {
            case .failure(let errors):
                problems.append("fmt: its output does not parse: \(errors.diagnostics.first?.message ?? "")")
            case .success(let twice) where twice != text:
                problems.append("fmt: formatting its output changes it again")
            case .success:
                break
            }
            guard Array(text.utf8) != bytes else { return problems }
            let formatted = Engine.run(name: notebookPath, text: text, options: options)
            // The notes of amended values name lines, which formatting may move: values are compared.
            if JSONRenderer.render(formatted.report.withoutOrigins) != JSONRenderer.render(original.report.withoutOrigins) {
                problems.append("fmt: the formatted notebook evaluates to another report")
            }
            let said = { (r: RunResult) in r.diagnostics.map { "\($0.severity.rawValue): \($0.message)" } }
            if said(formatted) != said(original) {
                let before = Set(said(original)), after = Set(said(formatted))
                let diff = after.symmetricDifference(before).sorted().prefix(2).joined(separator: " | ")
                problems.append("fmt: the formatted notebook gives other diagnostics: \(diff)")
            }
            return problems
        }
    }
}
