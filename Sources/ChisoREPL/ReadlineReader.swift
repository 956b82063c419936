// MARK: - Lines from a terminal, with GNU readline
//
// Line editing (cursor keys, Ctrl-A/E/K, …), history (arrows, Ctrl-R, kept across
// sessions) and Tab completion come from readline. Readline is used through its
// callback interface rather than `readline()`: the loop waits in poll(2), so Ctrl-C only
// sets a flag, poll returns, and the current input is abandoned cleanly — the same way
// Python's REPL does it — instead of longjmp-ing out of readline or killing the process.
//
// Readline keeps its state in C globals and calls back through plain C function
// pointers, which cannot capture anything: what the callbacks need lives in
// `ReadlineState`. Everything runs on the one thread of the REPL, which is why the
// globals are `nonisolated(unsafe)` and the import is `@preconcurrency`.

@preconcurrency import CReadline
import Foundation

/// One per process: readline itself is one per process.
public final class ReadlineReader: LineReader {
    private let historyPath: String?
    private let colour: Bool
    /// Where readline writes the prompt and echo: stdout, or stderr when stdout is a pipe,
    /// so `chiso | tee out.txt` keeps prompts on the terminal and values in the file.
    private let echo: UnsafeMutablePointer<FILE>?

    /// `colour` paints the prompt; `historyPath` nil keeps history in memory only.
    public init(completer: Completer, historyPath: String?, colour: Bool) {
        self.historyPath = historyPath
        self.colour = colour
        ReadlineState.completer = completer
        echo = isatty(STDOUT_FILENO) == 1 ? nil : fdopen(dup(STDERR_FILENO), "w")
        if let echo { rl_outstream = echo }

        // `$if chiso` in ~/.inputrc applies to this program.
        rl_readline_name = UnsafePointer(strdup("chiso"))
        // Readline would otherwise export LINES and COLUMNS into our environment.
        rl_change_environment = 0
        rl_attempted_completion_function = ReadlineState.complete
        rl_completion_word_break_hook = ReadlineState.wordBreaks
        rl_completer_word_break_characters = UnsafePointer(ReadlineState.expressionBreaks)

        using_history()
        stifle_history(HistoryFile.limit)
        if let historyPath { _ = read_history(historyPath) }

        // Touch the flags before the handlers can: a signal handler must not be the
        // first to initialise a global.
        ReadlineState.interrupted = 0
        ReadlineState.resized = 0
        signal(SIGINT) { _ in ReadlineState.interrupted = 1 }
        signal(SIGWINCH) { _ in ReadlineState.resized = 1 }
        // A parent may have blocked them (the mask is inherited); Ctrl-C must still work.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        sigaddset(&wanted, SIGINT)
        sigaddset(&wanted, SIGWINCH)
        sigprocmask(SIG_UNBLOCK, &wanted, nil)
    }

    public var isInteractive: Bool { true }

    // MARK: Reading

    public func read(_ prompt: Prompt) -> LineInput {
        ReadlineState.received = nil
        // A Ctrl-C typed while the last input was evaluated has nothing left to abandon.
        ReadlineState.interrupted = 0
        rl_callback_handler_install(promptText(prompt), ReadlineState.lineRead)
        while true {
            if let input = ReadlineState.received {
                switch input {
                case .line(let line): remember(line)
                case .endOfInput:
                    // Leave the shell's prompt on a line of its own. With bracketed paste
                    // on, readline has already ended the line when it restored the terminal.
                    if !bracketedPaste { write("\n") }
                case .interrupted: break
                }
                return input
            }
            if ReadlineState.interrupted != 0 {
                abandonLine()
                return .interrupted
            }
            if ReadlineState.resized != 0 {
                ReadlineState.resized = 0
                rl_resize_terminal()
            }
            var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, -1) < 0 {
                // A signal: the flags above say which. Anything else: no more input.
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .endOfInput
            }
            rl_callback_read_char()
        }
    }

    /// Ctrl-C: `^C` after the text, readline's state for the line dropped, a new line.
    /// The `^C` comes first: restoring the terminal may return the cursor to the start of
    /// the line (after bracketed paste), where it would overwrite the prompt.
    private func abandonLine() {
        rl_point = rl_end
        rl_redisplay()
        write("^C")
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        write("\n")
    }

    /// Whether readline switches the terminal to bracketed paste (off for TERM=dumb).
    private var bracketedPaste: Bool {
        rl_variable_value("enable-bracketed-paste").map { String(cString: $0) == "on" } ?? false
    }

    private func promptText(_ prompt: Prompt) -> String {
        guard colour else { return prompt.text }
        // \u{1} and \u{2} tell readline the escape sequences take no room on the line.
        let code = prompt == .primary ? "1;32" : "2"
        let text = prompt.text.trimmingWhitespace()
        let indent = String(prompt.text.prefix { $0 == " " })
        return "\(indent)\u{1}\u{1B}[\(code)m\u{2}\(text)\u{1}\u{1B}[0m\u{2} "
    }

    private func write(_ text: String) {
        let stream = rl_outstream ?? stdout
        fputs(text, stream)
        fflush(stream)
    }

    // MARK: History

    /// Adds a typed line to the history and to the history file at once, so it survives
    /// a closed terminal. A file that cannot be written is silently left alone.
    private func remember(_ line: String) {
        guard !line.trimmingWhitespace().isEmpty else { return }
        if history_length > 0, let last = history_get(history_base + history_length - 1), let text = last.pointee.line,
            String(cString: text) == line
        {
            return
        }
        add_history(line)
        guard let historyPath else { return }
        if access(historyPath, F_OK) == 0 {
            _ = append_history(1, historyPath)
        } else {
            _ = write_history(historyPath)
        }
    }

    public func close() {
        if let historyPath, access(historyPath, W_OK) == 0 { _ = history_truncate_file(historyPath, HistoryFile.limit) }
        signal(SIGINT, SIG_DFL)
        signal(SIGWINCH, SIG_DFL)
        if let echo { fclose(echo) }
    }
}

/// What readline's C callbacks reach: they cannot capture context.
enum ReadlineState {
    nonisolated(unsafe) static var completer: Completer?
    /// What the line handler received, until `read` takes it.
    nonisolated(unsafe) static var received: LineInput?
    /// Set by the SIGINT and SIGWINCH handlers (only ever written with 1 or read).
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    nonisolated(unsafe) static var resized: sig_atomic_t = 0
    /// The candidates of the completion in progress, handed out one by one.
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0

    /// Word-break sets handed to readline, which keeps the pointers (never freed).
    nonisolated(unsafe) static let expressionBreaks = strdup(Completer.expressionBreaks)
    nonisolated(unsafe) static let commandBreaks = strdup(Completer.commandBreaks)

    /// Readline has a whole line (or Ctrl-D on an empty one: nil).
    static let lineRead: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        // Removed here, not after: otherwise readline prints the prompt again at once.
        rl_callback_handler_remove()
        guard let line else {
            received = .endOfInput
            return
        }
        received = .line(String(cString: line))
        free(line)
    }

    /// Tab: our candidates only (never readline's file names), for the word before the cursor.
    static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
        text, start, end in
        rl_attempted_completion_over = 1
        guard let text, let buffer = rl_line_buffer, let completer, start >= 0, end >= start else { return nil }
        // start and end are byte offsets into the UTF-8 line.
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(end))
        let before = String(decoding: bytes[0..<Int(start)], as: UTF8.self)
        let word = String(decoding: bytes[Int(start)..<Int(end)], as: UTF8.self)
        let completion = completer.complete(before: before, word: word)
        guard !completion.candidates.isEmpty else { return nil }
        if !completion.appendSpace { rl_completion_suppress_append = 1 }
        matches = completion.candidates
        return rl_completion_matches(text, generate)
    }

    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { nextMatch = 0 }
        guard nextMatch < matches.count else { return nil }
        defer { nextMatch += 1 }
        // Readline frees what it is given.
        return strdup(matches[nextMatch])
    }

    /// After a `:` command only spaces end a word (a path is one word); elsewhere operators do.
    static let wordBreaks: @convention(c) () -> UnsafeMutablePointer<CChar>? = {
        guard let buffer = rl_line_buffer else { return expressionBreaks }
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(max(rl_point, 0))), as: UTF8.self)
        return Completer.wordBreaks(forLine: line) == Completer.commandBreaks ? commandBreaks : expressionBreaks
    }
}
