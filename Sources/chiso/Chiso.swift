// The `chiso` command: a thin front end over ChisoCore and ChisoREPL. It reads files,
// prints what the core returns, and turns results into exit codes:
//   0 ok · 1 a check failed · 64 bad command line · 65 the notebook has errors ·
//   66 file not found or unreadable.

import ArgumentParser
import ChisoCore
import ChisoREPL
import Foundation

@main
struct Chiso: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chiso",
        abstract: "Indicator notebooks: tables and formulas, evaluated like a spreadsheet.",
        version: "0.1.0",
        subcommands: [Repl.self, Run.self, Check.self, Fmt.self, Diff.self, Why.self, PinCommand.self],
        // Plain `chiso` (or `chiso FILE`) starts the REPL.
        defaultSubcommand: Repl.self
    )
}

enum Exit {
    static let ok: Int32 = 0
    static let checkFailed: Int32 = 1
    static let usage: Int32 = 64
    static let notebookErrors: Int32 = 65
    static let unreadable: Int32 = 66
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, md, csv, json, html, xlsx
}

enum LocaleOption: String, ExpressibleByArgument, CaseIterable {
    case en, vi
    var locale: DisplayLocale { self == .vi ? .vi : .en }
}

/// `--locale`, for the commands that show a notebook's values.
struct LocaleChoice: ParsableArguments {
    @Option(help: "Show numbers for readers of this locale (overrides the notebook's `locale`).")
    var locale: LocaleOption?

    var chosen: DisplayLocale? { locale?.locale }
}

/// `--root`, for the commands that read a notebook and its imports.
struct RootChoice: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The notebook root imports must stay under (default: the notebook's folder, or the nearest folder above it holding a chiso.root file).",
            valueName: "dir"))
    var root: String?

    func validate() throws {
        if let root, let problem = Sandbox.problem(withRoot: root) { throw ValidationError(problem) }
    }
}

struct NotebookOptions: ParsableArguments {
    @Argument(help: "The notebook (.chiso) to evaluate.")
    var file: String

    @OptionGroup var locale: LocaleChoice

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Replace a definition: name=value, table.row=value or table.row@2019Q1=value.", valueName: "name=value"))
    var assignments: [String] = []

    @OptionGroup var root: RootChoice

    @Option(
        help: ArgumentHelp(
            "Stop evaluating after this many steps (default \(RunOptions.defaultMaxSteps)); a notebook that needs more is stopped with an error.",
            valueName: "n"))
    var maxSteps: Int?

    func validate() throws {
        for a in assignments where Assignment(a) == nil || Assignment(a)!.target.isEmpty {
            throw ValidationError("--set takes name=value, not '\(a)'")
        }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps takes a positive number, not \(maxSteps)") }
    }

    /// Reads and evaluates the notebook, printing diagnostics; exits 66 when it cannot be read.
    /// `keepingWork`: the process exits once it has printed, so what the run worked with
    /// (program, evaluator) is kept to the end (`keepUntilExit`) rather than released
    /// value by value: on the large department workload that release cost 0.1 s of CPU.
    func evaluate(excel: Bool = false, keepingWork: Bool = false) throws -> RunResult {
        try NotebookRequest(
            file: file, locale: locale.chosen, assignments: assignments.compactMap(Assignment.init), root: root.root, maxSteps: maxSteps
        ).evaluate(excel: excel, keepingWork: keepingWork)
    }
}

/// The notebook `run` and `check` evaluate and how, as plain values: from the parsed
/// command line, or from `FastCommand` without parsing it.
struct NotebookRequest {
    var file: String
    var locale: DisplayLocale?
    var assignments: [Assignment] = []
    var root: String?
    var maxSteps: Int?

    /// See `NotebookOptions.evaluate`.
    func evaluate(excel: Bool = false, keepingWork: Bool = false) throws -> RunResult {
        if keepingWork { growHeapInLargePages() }
        let bytes = try Terminal.readNotebook(file)
        var options = RunOptions(locale: locale, assignments: assignments, root: root, maxSteps: maxSteps)
        options.excel = excel
        options.keepsWork = keepingWork
        return Engine.run(name: file, bytes: bytes, options: options)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a notebook and print every heading, table and public cell in source order."
    )

    @OptionGroup var notebook: NotebookOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the output to this file ('-': standard output, not a terminal for xlsx).", valueName: "file"))
    var output: String?

    func validate() throws {
        try Output.validate(format: format, output: output)
    }

    func run() throws {
        let result = try notebook.evaluate(excel: format == .xlsx, keepingWork: true)
        try Run.finish(result, file: notebook.file, format: format, output: output)
    }

    /// Prints what `run` evaluated and throws its exit code.
    static func finish(_ result: RunResult, file: String, format: OutputFormat, output: String?) throws {
        // A --set that does not fit the notebook is a command-line error: print nothing else.
        if result.hasUsageErrors {
            Terminal.diagnostics(result)
            throw ExitCode(Exit.usage)
        }
        // Text formats are rendered into one byte buffer handed on a megabyte at a time.
        let report = result.report
        switch format {
        case .table: Output.stream(to: output) { TerminalRenderer.write(report, width: Terminal.width(), chunk: $0) }
        case .md: Output.stream(to: output) { MarkdownRenderer.write(report, chunk: $0) }
        case .csv: Output.stream(to: output) { CSVRenderer.write(report, chunk: $0) }
        case .json: Output.stream(to: output) { JSONRenderer.write(report, chunk: $0) }
        // The page's title falls back to the notebook's file name when it has no heading.
        case .html:
            let title = URL(fileURLWithPath: file).lastPathComponent
            Output.stream(to: output) { HTMLRenderer.write(report, title: title, chunk: $0) }
        case .xlsx: Output.write(result.excel?.bytes ?? [], to: output)
        }
        Terminal.diagnostics(result)
        keepUntilExit(result)
        throw ExitCode(Exit.code(for: result))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse, resolve and evaluate a notebook and run its checks; print only problems."
    )

    @OptionGroup var notebook: NotebookOptions

    func run() throws {
        try Check.finish(try notebook.evaluate(keepingWork: true))
    }

    /// Prints what `check` found and throws its exit code.
    static func finish(_ result: RunResult) throws {
        Terminal.diagnostics(result)
        keepUntilExit(result)
        throw ExitCode(Exit.code(for: result))
    }
}

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a notebook in its canonical layout (aligned rows); never changes its meaning.",
        discussion: """
            A notebook with syntax errors is not formatted: its errors are reported (exit 65). \
            --write replaces the file (atomically, and only when it changes); --check writes \
            nothing and exits 1, with the first changed lines, when the file is not canonical.
            """
    )

    @Argument(help: "The notebook (.chiso) to format.")
    var file: String

    @Flag(help: "Replace the file with its canonical layout (only when that changes it).")
    var write = false

    @Flag(help: "Print nothing and exit 0 if the file is canonical; else show what would change and exit 1.")
    var check = false

    func validate() throws {
        if write && check { throw ValidationError("--write and --check cannot be used together") }
    }

    func run() throws {
        let bytes = try Terminal.readNotebook(file)
        var sources = SourceMap()
        let id = sources.add(name: file, bytes: bytes)
        let text: String
        switch Formatter.format(sources[id], id: id) {
        case .success(let t): text = t
        case .failure(let errors):
            Terminal.error(DiagnosticRenderer(sources: sources, colour: Terminal.colour(for: STDERR_FILENO)).render(errors.diagnostics))
            throw ExitCode(Exit.notebookErrors)
        }
        let unchanged = Array(text.utf8) == bytes
        if check {
            if unchanged { return }
            Terminal.output(FormatDiff.describe(name: file, original: bytes, formatted: text))
            throw ExitCode(Exit.checkFailed)
        }
        guard write else { return Terminal.output(text) }
        if unchanged { return }
        if case .failure(let e) = NotebookFile.writeAtomically(file, Array(text.utf8)) {
            Terminal.error("error: cannot write '\(e.path)': \(e.reason)\n")
            throw ExitCode(Exit.unreadable)
        }
    }
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Define cells and tables one at a time and see every value that changes.",
        discussion: """
            With standard input a terminal: line editing, history (~/.chiso_history, or \
            CHISO_HISTORY) and Tab completion. Otherwise lines are read without prompts, so a \
            session can be scripted; it then exits 65 if any input was refused. Type :help inside.
            """
    )

    @Argument(help: "A notebook (.chiso) to load first.")
    var file: String?

    @OptionGroup var locale: LocaleChoice

    @OptionGroup var root: RootChoice

    @Flag(help: "Print each line read before its answer (for a scripted session's log).")
    var echo = false

    @Flag(help: "Stop at the first refused input or failed command (exit 65).")
    var bail = false

    /// `chiso frobnicate` reaches here as a file: a missing one that does not look like a
    /// path is more likely a mistyped command, which is a command-line error (64).
    func validate() throws {
        guard let file, !FileManager.default.fileExists(atPath: file), !file.contains("."), !file.contains("/") else { return }
        throw ValidationError("'\(file)' is neither a command (repl, run, check, fmt, diff, why, pin) nor a notebook file")
    }

    func run() throws {
        // A notebook to load: its memory grows as `run`'s does (a load touches as many pages).
        if file != nil { growHeapInLargePages() }
        let code = REPL.main(
            file: file, locale: locale.chosen, version: Chiso.configuration.version, root: root.root, echo: echo, bail: bail)
        if code != Exit.ok { throw ExitCode(code) }
    }
}

extension Exit {
    static func code(for result: RunResult) -> Int32 {
        if result.hasUsageErrors { return usage }
        if result.hasErrors { return notebookErrors }
        if result.failedChecks > 0 { return checkFailed }
        return ok
    }
}

enum Terminal {
    /// A notebook's bytes; when it cannot be read, says why and exits 66.
    static func readNotebook(_ path: String) throws -> [UInt8] {
        switch NotebookFile.read(path) {
        case .success(let bytes): return bytes
        case .failure(let e):
            error("error: \(e.message)\n")
            throw ExitCode(Exit.unreadable)
        }
    }

    /// Writes to stdout; when that fails (a full disk), says so and exits 66.
    static func output(_ text: String) {
        guard let why = Printer.write(text, to: STDOUT_FILENO) else { return }
        error("error: cannot write the output: \(why)\n")
        exit(Exit.unreadable)
    }

    static func error(_ text: String) {
        _ = Printer.write(text, to: STDERR_FILENO)
    }

    /// The width paragraphs are wrapped to: the terminal's, or 80 when stdout is not one.
    static func width() -> Int {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return 80 }
        return Int(size.ws_col)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static func colour(for fd: Int32) -> Bool {
        isatty(fd) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// The run's problems on stderr; with a command-line error, only those (the notebook
    /// was not run as asked, so its own warnings would mislead).
    static func diagnostics(_ result: RunResult) {
        let shown = result.hasUsageErrors ? result.diagnostics.filter { $0.kind == .usage } : result.diagnostics
        guard !shown.isEmpty else { return }
        let renderer = DiagnosticRenderer(sources: result.sources, colour: colour(for: STDERR_FILENO))
        error(renderer.render(shown))
    }
}
