// MARK: - The terminal's size, and the pager
//
// Tables fit the terminal's width, read again before each table (the window may have been
// resized). Long output of a command (`:show`, `:changes`, `:help`, `:list`, `:why`) goes
// through a pager when standard output is a terminal: `$PAGER`, or `less -R`. Never when
// piped.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Terminal {
    /// The columns and rows of the terminal on `fd`, nil when it is not one.
    static func size(_ fd: Int32) -> (columns: Int, rows: Int)? {
        guard isatty(fd) == 1 else { return nil }
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return (80, 24) }
        return (Int(ws.ws_col), Int(max(ws.ws_row, 2)))
    }

    /// The width tables fit: the terminal's on standard output; with output piped, the
    /// environment's COLUMNS when it is set (20 or more); otherwise none (every column).
    static func width(environment: [String: String]) -> () -> Int? {
        if isatty(STDOUT_FILENO) == 1 { return { size(STDOUT_FILENO)?.columns } }
        if let text = environment["COLUMNS"], let n = Int(text), n >= 20 { return { n } }
        return { nil }
    }

    /// Shows `text` through the pager (`$PAGER`, default `less -R`); false when it could
    /// not be started (the caller prints the text itself).
    static func page(_ text: String, environment: [String: String]) -> Bool {
        let pager = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let pipe = Pipe()
        process.standardInput = pipe
        do { try process.run() } catch { return false }
        // A pager that quits early closes the pipe: the rest is not written (SIGPIPE is ignored).
        let previous = signal(SIGPIPE, SIG_IGN)
        _ = Printer.write(text, to: pipe.fileHandleForWriting.fileDescriptor)
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        signal(SIGPIPE, previous)
        return true
    }
}
