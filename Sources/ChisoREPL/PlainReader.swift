// MARK: - Plain lines
//
// When standard input is not a terminal (`chiso < session.txt`, a pipe, a test) there is
// nobody to prompt and nothing to edit: lines are read one by one, as they arrive, so a
// script can drive the REPL and its output is exactly what the session printed.

public final class PlainReader: LineReader {
    public init() {}

    public var isInteractive: Bool { false }

    public func read(_ prompt: Prompt) -> LineInput {
        // readLine strips "\n" and "\r\n", so scripts saved on Windows work as they are.
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func close() {}
}
