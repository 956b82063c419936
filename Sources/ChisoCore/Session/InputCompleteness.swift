// MARK: - Is a typed input complete?
//
// The REPL reads an input line by line until nothing is left open: no bracket or brace,
// and no operator or comma at the end of the last line. Strings, comments and headings
// end with their line, so each line is read once, on its own, and only what it leaves
// open is kept: a table of 20,000 rows typed or piped in costs its 20,000 lines, not
// their square.

public struct InputCompleteness: Sendable {
    /// Brackets and braces opened and not yet closed.
    private var depth = 0
    /// Braces opened and not yet closed (a table or a `with` block).
    private var braces = 0
    /// The last token other than a line break.
    private var last: Token.Kind?
    /// A statement too long to keep was read: the input is refused as it is, whatever it
    /// left open (its brackets were not kept to count).
    private var tooLong = false

    public init() {}

    /// Reads one more line (or several).
    public mutating func add(_ text: String) {
        var sources = SourceMap()
        let id = sources.add(name: "<input>", text: text)
        let (tokens, _) = Lexer.tokenize(sources[id], id: id)
        for t in tokens {
            switch t.kind {
            case .lbrace:
                depth += 1
                braces += 1
            case .rbrace:
                depth -= 1
                braces -= 1
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth -= 1
            case .newline, .eof: continue
            case .tooLong: tooLong = true
            default: break
            }
            last = t.kind
        }
    }

    /// Whether a `{ … }` block is open: a blank line inside it does not end the input, as
    /// in a file.
    public var insideBlock: Bool { !tooLong && braces > 0 }

    /// The `}` that would close every open block, when nothing else (a bracket) is open:
    /// Ctrl-D on a continuation line closes the block being typed.
    public var closingBraces: String? {
        guard !tooLong, braces > 0, depth == braces else { return nil }
        return String(repeating: "}", count: braces)
    }

    /// Whether the input read so far needs more lines (the REPL shows a continuation prompt).
    public var needsMore: Bool {
        !tooLong && (depth > 0 || (last?.continuesLine ?? false))
    }
}
