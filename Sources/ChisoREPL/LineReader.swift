// MARK: - Reading lines
//
// The loop asks for one line at a time and does not care where it comes from: readline
// on a terminal (prompts, editing, history, completion), plain lines from a pipe or a
// file (no prompt, so a session can be scripted), or lines given in advance in tests.

/// What one read brought.
public enum LineInput: Equatable, Sendable {
    /// A line, without its line break.
    case line(String)
    /// Ctrl-C: the current input is abandoned; the session stays as it is.
    case interrupted
    /// Ctrl-D on an empty line, or the end of a piped file.
    case endOfInput
}

/// Which prompt the loop wants shown.
public enum Prompt: Sendable {
    /// `chiso> `: a new input.
    case primary
    /// `  ...> `: the input so far needs more lines (a table block, an open bracket).
    case continuation

    public var text: String {
        switch self {
        case .primary: "chiso> "
        case .continuation: "  ...> "
        }
    }
}

public protocol LineReader: AnyObject {
    /// True when a person is typing: prompts are shown and errors do not change the exit code.
    var isInteractive: Bool { get }
    /// The next line, showing `prompt` when the reader shows prompts.
    func read(_ prompt: Prompt) -> LineInput
    /// Called once when the loop ends (readline keeps its history here).
    func close()
}
