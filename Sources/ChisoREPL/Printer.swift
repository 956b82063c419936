// MARK: - Printing
//
// Values go to stdout, problems to stderr, as with `chiso run`. Colour only on a
// terminal and never with NO_COLOR set: the prompt (painted by the reader), errors
// (the diagnostic renderer's own colours) and changed values.

import ChisoCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct Printer {
    public var writeOut: (String) -> Void
    public var writeErr: (String) -> Void
    /// Colour on stdout (changed values) and on stderr (errors).
    public var colourOut: Bool
    public var colourErr: Bool
    /// The width tables are fitted to (TableFit); nil: every column.
    public var width: () -> Int? = { nil }

    public init(
        writeOut: @escaping (String) -> Void, writeErr: @escaping (String) -> Void, colourOut: Bool = false, colourErr: Bool = false
    ) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.colourOut = colourOut
        self.colourErr = colourErr
    }

    /// The process's stdout and stderr.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> Printer {
        Printer(
            writeOut: { _ = write($0, to: STDOUT_FILENO) },
            writeErr: { _ = write($0, to: STDERR_FILENO) },
            colourOut: colours(STDOUT_FILENO, environment),
            colourErr: colours(STDERR_FILENO, environment))
    }

    /// Writes all of `text` to `fd`; nil when done, else why not (a full disk, a file size
    /// limit). Unlike `FileHandle.write`, a failure is returned, never a crash.
    public static func write(_ text: String, to fd: Int32) -> String? {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno)).lowercased()
            }
            written += n
        }
        return nil
    }

    /// Whether `fd` gets colour: a terminal, and NO_COLOR unset or empty.
    public static func colours(_ fd: Int32, _ environment: [String: String]) -> Bool {
        isatty(fd) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
    }

    // MARK: Values

    /// A line of text (or several), without control characters: it may quote the notebook.
    func line(_ text: String) {
        writeOut(DisplayWidth.sanitized(text, keepingLineBreaks: true) + "\n")
    }

    /// Tables as `chiso run` draws them; a cell as one line, `population "Dân số" = 1.290.000`.
    func items(_ items: [Report.Item], locale: DisplayLocale) {
        var tables: [Report.Item] = []
        func flush() {
            defer { tables = [] }
            guard !tables.isEmpty else { return }
            guard let width = width() else {
                writeOut(TerminalRenderer.render(Report(locale: locale, items: tables)))
                return
            }
            for case .table(let t) in tables {
                let (text, note) = TableFit.render(t, width: width, locale: locale)
                writeOut(text)
                if let note { line(note) }
            }
        }
        for item in items {
            switch item {
            case .scalars(let cells):
                flush()
                line(cells.map { Self.scalarLine($0, locale: locale) }.joined(separator: "\n"))
            case .paragraph, .across, .chart:
                flush()
                writeOut(TerminalRenderer.render(Report(locale: locale, items: [item]), width: width() ?? 80))
            default:
                tables.append(item)
            }
        }
        flush()
    }

    /// Paragraphs whose values an input changed, shown again in full (after the changed
    /// values' lines, or under a `changed:` line of their own when there are none).
    func changedParagraphs(_ items: [Report.Item], locale: DisplayLocale, afterChanges: Bool) {
        let paragraphs = items.filter {
            switch $0 {
            case .paragraph, .chart: true
            default: false
            }
        }
        guard !paragraphs.isEmpty else { return }
        if !afterChanges { writeOut(paint("changed:", "1;33", colourOut) + "\n") }
        writeOut(TerminalRenderer.render(Report(locale: locale, items: paragraphs), width: width() ?? 80))
    }

    /// `name = value`, with the label as written after the name when there is one.
    static func scalarLine(_ s: Report.Scalar, locale: DisplayLocale) -> String {
        let value = CellText.format(s.value, s.format, locale)
        let label = s.label.map { " \"\($0)\"" } ?? ""
        return "\(s.name)\(label) = \(value.isEmpty ? "_" : value)"
    }

    /// How many changed values an input prints before "… and N more".
    static let changeLimit = 10

    /// Values elsewhere that an input changed, one a line, old → new, under a `changed:`
    /// line: at most `changeLimit` lines unless `all`.
    func changes(_ changes: Session.Changes, all: Bool = false) {
        guard !changes.isEmpty else { return }
        // Only the lines printed are written out (Session.Changes makes them when read).
        let shown = Array(all || changes.count <= Self.changeLimit ? changes[...] : changes.prefix(Self.changeLimit - 1))
        let width = shown.map { DisplayWidth.of($0.place) }.max() ?? 0
        var lines = shown.map { c in
            "  " + c.place + String(repeating: " ", count: width - DisplayWidth.of(c.place) + 2) + "\(c.old) → \(c.new)"
        }
        if shown.count < changes.count { lines.append("  … and \(changes.count - shown.count) more; :changes to list them") }
        let text = DisplayWidth.sanitized(lines.joined(separator: "\n"), keepingLineBreaks: true) + "\n"
        writeOut(paint("changed:", "1;33", colourOut) + "\n" + paintLines(text, "33", colourOut))
    }

    // MARK: Problems

    func diagnostics(_ diagnostics: [Diagnostic], sources: SourceMap) {
        guard !diagnostics.isEmpty else { return }
        writeErr(DiagnosticRenderer(sources: sources, colour: colourErr).render(diagnostics))
    }

    /// A problem with no place in a source: `error: message` and a hint.
    func error(_ message: String, help: String? = nil) {
        diagnostics([.error(.usage, message, at: nil, help: help)], sources: SourceMap())
    }

    // MARK: Colour

    private func paint(_ text: String, _ code: String, _ on: Bool) -> String {
        on ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Each line painted on its own, so a reset never spills into the next prompt.
    private func paintLines(_ text: String, _ code: String, _ on: Bool) -> String {
        guard on else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : paint(String($0), code, true) }
            .joined(separator: "\n")
    }
}

/// write(2), under a name that `Printer.write` does not hide.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
