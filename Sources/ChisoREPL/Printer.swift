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

    /// Cells and tables as `chiso run` draws them.
    func items(_ items: [Report.Item], locale: DisplayLocale) {
        guard !items.isEmpty else { return }
        writeOut(TerminalRenderer.render(Report(locale: locale, items: items)))
    }

    /// Values elsewhere that an input changed, under a `changed:` line.
    func changed(_ items: [Report.Item], locale: DisplayLocale) {
        guard !items.isEmpty else { return }
        let text = TerminalRenderer.render(Report(locale: locale, items: items))
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
