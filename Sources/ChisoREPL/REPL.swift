// MARK: - The REPL
//
//   chiso> x = 12
//   chiso> y = x * 2
//   chiso> x = 20          ← prints x, then "changed:" and y = 40
//
// The loop reads lines, gathers a multi-line input (a table block, an open bracket)
// until `InputCompleteness` says it is complete, and hands it to the session. A
// refused input prints its diagnostics and changes nothing; nothing ends the session
// but `:quit` or the end of input. What the session says is printed as a spreadsheet
// user expects: the value just defined, then every value elsewhere that changed, and
// only the problems that are new (an unknown name left by `:del` is reported once, not
// after every input).

import ChisoCore
import Foundation

public final class REPL {
    public let session: Session
    let reader: LineReader
    var printer: Printer
    /// The environment the pager is started with; nil: no pager (output not a terminal).
    var pager: [String: String]?
    /// Whether an input was refused or a command failed: a script then exits 65.
    public internal(set) var hadErrors = false
    /// The lines of a multi-line input so far.
    private var pending: [String] = [] {
        didSet {
            if pending.isEmpty { completeness = InputCompleteness() }
            openBlock?.table = pending.first.flatMap(Completer.blockTable)
            openBlock?.rows = openBlock?.table == nil ? [] : pending.dropFirst().compactMap(Completer.blockRow)
        }
    }
    /// Where the table whose block is being typed is told to completion.
    var openBlock: OpenBlock?
    /// What the pending lines leave open (each line is read once).
    private var completeness = InputCompleteness()
    /// Diagnostics of the session as it stands, already printed.
    private var knownDiagnostics: Set<DiagnosticKey> = []
    /// `--echo`: each line read is printed before its answer.
    public var echo = false
    /// `--bail`: the first refused input or failed command ends the session (exit 65).
    public var bail = false
    /// The lines read so far, and the line the pending input started on (for a script's
    /// diagnostics: `<stdin>:12:5`).
    private var linesRead = 0
    /// The line being handled and its number (a command's place in a script).
    var currentLine: (text: String, number: Int)?
    private var pendingStart = 1
    /// The values the last input changed (`:changes`).
    var lastChanges = Session.Changes()
    /// Definitions of a script that read a name not defined yet, waiting for it.
    var deferred: [(text: String, names: Set<String>, line: Int)] = []
    /// Whether leaving with unsaved changes was already warned about.
    var warnedUnsaved = false
    /// Failing checks already reported, by place, with where they fail.
    private var failingChecks: [DiagnosticKey: String] = [:]

    public enum Exit {
        public static let ok: Int32 = 0
        /// Standard input is not a terminal and an input was refused.
        public static let errors: Int32 = 65
        /// The notebook given on the command line cannot be read.
        public static let unreadable: Int32 = 66
    }

    public init(session: Session, reader: LineReader, printer: Printer) {
        self.session = session
        self.reader = reader
        self.printer = printer
    }

    // MARK: Starting

    /// `chiso repl [FILE] [--locale vi|en] [--root DIR]`: readline when standard input is a terminal,
    /// plain lines otherwise. Returns the exit code.
    public static func main(
        file: String?, locale: DisplayLocale?, version: String, root: String? = nil, echo: Bool = false, bail: Bool = false
    ) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        var printer = Printer.standard(environment: environment)
        printer.width = Terminal.width(environment: environment)
        let session = Session(locale: locale, root: root)
        let reader: LineReader
        // Rows complete bare inside their table's block: the loop says which block is open.
        let open = OpenBlock()
        var completer = Completer(names: { session.completions })
        completer.openTable = { open.table }
        completer.openRows = { open.rows }
        if isatty(STDIN_FILENO) == 1 {
            // The prompt goes where readline echoes: stdout, or stderr when stdout is a pipe.
            let promptFD = isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO
            reader = ReadlineReader(
                completer: completer,
                historyPath: HistoryFile.path(environment: environment),
                colour: Printer.colours(promptFD, environment))
        } else {
            reader = PlainReader()
        }
        let repl = REPL(session: session, reader: reader, printer: printer)
        repl.echo = echo
        repl.openBlock = open
        repl.bail = bail
        if reader.isInteractive, isatty(STDOUT_FILENO) == 1 { repl.pager = environment }
        if reader.isInteractive {
            // Beside the prompts: on stderr when stdout goes to a file.
            let banner = "Chiso \(version). Type a definition or an expression; :help, or Ctrl-D to quit.\n"
            isatty(STDOUT_FILENO) == 1 ? printer.writeOut(banner) : printer.writeErr(banner)
        }
        if let file, !repl.load(file) {
            reader.close()
            return Exit.unreadable
        }
        let code = repl.run()
        // The process ends here, and its memory goes back whole: the session is not
        // taken apart a definition at a time (for a long notebook, a fifth of its load).
        _ = Unmanaged.passRetained(repl)
        return code
    }

    // MARK: The loop

    /// Reads and answers inputs until `:quit` or the end of input; returns the exit code.
    public func run() -> Int32 {
        defer { reader.close() }
        loop: while true {
            switch reader.read(pending.isEmpty ? .primary : .continuation) {
            case .endOfInput:
                // An input left open (an unclosed table or bracket) is answered, not dropped;
                // at a terminal, Ctrl-D on a continuation line ends the input, not the session.
                if !pending.isEmpty {
                    if reader.isInteractive, let close = completeness.closingBraces { pending.append(close) }
                    submit(pending.joined(separator: "\n"))
                    pending = []
                    if reader.isInteractive { continue loop }
                }
                if keepsUnsavedWork() { continue loop }
                break loop
            case .interrupted:
                // Ctrl-C drops the input being typed, however many lines it has.
                pending = []
            case .line(let line):
                linesRead += 1
                if pending.isEmpty { pendingStart = linesRead }
                if echo { printer.line(line) }
                currentLine = (line, linesRead)
                if !handle(line) { break loop }
                if bail, hadErrors { break loop }
            }
        }
        reportDeferred()
        return exitCode
    }

    /// 65 when a script had a refused input, else 0. A person at a terminal saw the error.
    public var exitCode: Int32 {
        !reader.isInteractive && hadErrors ? Exit.errors : Exit.ok
    }

    /// One line; false when it asks to quit.
    func handle(_ line: String) -> Bool {
        let trimmed = line.trimmingWhitespace()
        if pending.isEmpty {
            if trimmed.isEmpty { return true }
            if trimmed.hasPrefix(":") { return perform(trimmed) }
            // A comment alone defines nothing (a `##` heading does: it is kept and saved).
            if trimmed.hasPrefix("#"), !trimmed.hasPrefix("##") { return true }
        } else if trimmed.isEmpty, !completeness.insideBlock {
            // An empty line ends a multi-line input as it is, so an unclosed bracket shows
            // its error instead of waiting for ever (and a script does not swallow the rest).
            // Inside a `{ … }` block it is part of the block, as in a file.
            submit(pending.joined(separator: "\n"))
            pending = []
            return true
        }
        pending.append(line)
        completeness.add(line)
        if completeness.needsMore { return true }
        let text = pending.joined(separator: "\n")
        pending = []
        submit(text)
        return true
    }

    /// Runs `body`, its output through the pager when it is longer than the terminal.
    func paged(_ body: () -> Void) {
        guard let environment = pager, let rows = Terminal.size(STDOUT_FILENO)?.rows else {
            body()
            return
        }
        var captured = ""
        let saved = printer
        printer.writeOut = { captured += $0 }
        body()
        printer = saved
        let lines = captured.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        if lines < rows - 1 || !Terminal.page(captured, environment: environment) { printer.writeOut(captured) }
    }

    // MARK: Inputs

    /// A statement, several statements or an expression.
    func submit(_ text: String, line: Int? = nil) {
        let localeBefore = session.locale
        let start = line ?? pendingStart
        // A script's problems are placed at their line of standard input.
        let outcome = reader.isInteractive ? session.submit(text) : session.submit(text, name: "<stdin>", line: start)
        guard outcome.accepted else {
            // A script may define a name after the definition that reads it, as a file
            // may: that definition waits until the name is defined (or the script ends).
            if !reader.isInteractive, !Session.isExpression(text), let names = Self.unknownNames(outcome.diagnostics) {
                deferred.append((text, names, start))
                return
            }
            refuse(outcome)
            return
        }
        show(outcome)
        if session.locale != localeBefore { printer.line("locale \(session.locale.rawValue)") }
        // A check just written that holds says so (one that fails is reported as an error).
        let written = outcome.defined.checks
        if !written.isEmpty, !outcome.failedChecks.contains(where: { written.contains($0.span) }) {
            printer.line("check holds")
        }
        if !deferred.isEmpty { retryDeferred(after: outcome.defined) }
    }

    /// The names a refused input did not know, when they are all its errors.
    static func unknownNames(_ diagnostics: [Diagnostic]) -> Set<String>? {
        let errors = diagnostics.filter { $0.severity == .error }
        var names = Set<String>()
        for e in errors {
            guard e.kind == .name, e.message.hasPrefix("unknown "), let quote = e.message.firstIndex(of: "'") else { return nil }
            names.insert(String(e.message[e.message.index(after: quote)...].prefix { $0 != "'" }))
        }
        return names.isEmpty ? nil : names
    }

    /// Tries again the definitions that waited for a name just defined.
    private func retryDeferred(after defined: Session.Definitions) {
        var names = Set(defined.cells + defined.tables + defined.functions.map(\.name) + defined.imports.map(\.alias))
        names.formUnion(defined.rows.flatMap { [$0.table, "\($0.table).\($0.row)", $0.row] })
        var i = 0
        while i < deferred.count {
            guard !deferred[i].names.isDisjoint(with: names) else {
                i += 1
                continue
            }
            let waiting = deferred.remove(at: i)
            let outcome = session.submit(waiting.text, name: "<stdin>", line: waiting.line)
            if outcome.accepted {
                show(outcome)
                retryDeferred(after: outcome.defined)
                i = 0
            } else if let unknown = Self.unknownNames(outcome.diagnostics) {
                deferred.insert((waiting.text, unknown, waiting.line), at: i)
                i += 1
            } else {
                refuse(outcome)
            }
        }
    }

    /// At the end of a script: the definitions whose names never came are refused.
    func reportDeferred() {
        let waiting = deferred
        deferred = []
        for (text, _, line) in waiting {
            let outcome = session.submit(text, name: "<stdin>", line: line)
            outcome.accepted ? show(outcome) : refuse(outcome)
        }
    }

    /// Prints a refusal: the input's diagnostics, under the input.
    func refuse(_ outcome: Session.Outcome) {
        hadErrors = true
        printer.diagnostics(outcome.diagnostics, sources: session.sources)
    }

    /// Prints what an accepted input did. Unless it was an expression, the outcome
    /// describes the whole session (a definition, `:load`, `:del`), so its diagnostics
    /// and failing checks replace the ones known so far.
    func show(_ outcome: Session.Outcome, values: Bool = true) {
        for note in outcome.notes where values { printer.line(note) }
        if values { printer.items(outcome.shown, locale: session.locale) }
        if !outcome.isExpression { lastChanges = outcome.changes }
        printer.changes(outcome.changes)
        printer.changedParagraphs(outcome.changed, locale: session.locale, afterChanges: !outcome.changes.isEmpty)
        guard !outcome.isExpression else {
            printer.diagnostics(outcome.diagnostics, sources: session.sources)
            return
        }
        printer.diagnostics(outcome.diagnostics.filter { !knownDiagnostics.contains(DiagnosticKey($0)) }, sources: session.sources)
        knownDiagnostics = Set(outcome.diagnostics.map(DiagnosticKey.init))
        reportChecks(outcome.failedChecks)
    }

    /// Checks that fail now (or fail elsewhere than before) as errors; checks that failed
    /// before and hold now, as a line.
    private func reportChecks(_ failed: [CheckOutcome]) {
        var now: [DiagnosticKey: String] = [:]
        var fresh: [Diagnostic] = []
        for check in failed {
            let key = DiagnosticKey(span: check.span)
            let places = check.failures.joined(separator: "; ")
            now[key] = places
            if failingChecks[key] != places { fresh.append(check.diagnostic) }
        }
        let holding = failingChecks.keys.compactMap { now[$0] == nil ? $0.span : nil }
            .sorted { ($0.source.raw, $0.start) < ($1.source.raw, $1.start) }
        for span in holding {
            printer.line("check holds now: \(session.sources[span.source].text(of: span))")
        }
        failingChecks = now
        printer.diagnostics(fresh, sources: session.sources)
    }

    // MARK: Recognising problems already printed

    /// A diagnostic by what it says and where, to recognise one already printed.
    struct DiagnosticKey: Hashable {
        var message: String
        var span: SourceSpan?

        init(_ d: Diagnostic) {
            message = d.message
            span = d.span
        }

        init(span: SourceSpan) {
            message = "check"
            self.span = span
        }
    }
}

/// The table whose `{ … }` block is being typed, shared between the loop and completion.
final class OpenBlock {
    var table: String?
    var rows: [String] = []
}
