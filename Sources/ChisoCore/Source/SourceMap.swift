// MARK: - Sources and spans
//
// Every token, node and diagnostic points into a source by UTF-8 offsets. A `SourceMap`
// names each source (`notebooks/q1.chiso`, `<stdlib>/change.chiso`, `<command line>`)
// and turns offsets into 1-based lines and columns for humans.

/// Identifies one source text inside a `SourceMap`.
public struct SourceID: Hashable, Sendable {
    public let raw: Int
}

/// A half-open range `start..<end` of UTF-8 offsets in one source.
public struct SourceSpan: Hashable, Sendable {
    public var source: SourceID
    public var start: Int
    public var end: Int

    public init(source: SourceID, start: Int, end: Int) {
        self.source = source
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(source: source, start: min(start, other.start), end: max(end, other.end))
    }
}

/// One source text with its line table.
public struct SourceFile: Sendable {
    public let name: String
    /// The text (invalid UTF-8 shown as U+FFFD), made when asked for: a run reads only the bytes.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The text as UTF-8 bytes (what the lexer reads).
    public let bytes: [UInt8]
    /// The UTF-8 offset at which each line starts.
    let lineStarts: [Int]
    /// Lines before this text in what it was read from (the REPL's standard input), added
    /// to the line numbers diagnostics print.
    public var lineOffset = 0

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// Any bytes: the lexer reports invalid UTF-8; `text` shows it as U+FFFD.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
        }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a UTF-8 offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let prefix = bytes[lineStarts[line]..<min(max(offset, lineStarts[line]), bytes.count)]
        // ASCII is one character a byte (a lone CR too: CR LF never stands inside a line).
        if prefix.allSatisfy({ $0 < 0x80 }) { return (line + 1, prefix.count + 1) }
        return (line + 1, String(decoding: prefix, as: UTF8.self).count + 1)
    }

    /// The text of a 1-based line, without its line ending.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text a span covers.
    public func text(of span: SourceSpan) -> String {
        let s = min(max(0, span.start), bytes.count), e = min(max(s, span.end), bytes.count)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}

/// All sources of one session: the stdlib, notebooks, REPL inputs, command-line values.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    public mutating func add(name: String, text: String) -> SourceID {
        add(name: name, bytes: Array(text.utf8))
    }

    public mutating func add(name: String, bytes: [UInt8]) -> SourceID {
        files.append(SourceFile(name: name, bytes: bytes))
        return SourceID(raw: files.count - 1)
    }

    /// A text that stands `lineOffset` lines into what it was read from.
    public mutating func add(name: String, text: String, lineOffset: Int) -> SourceID {
        var file = SourceFile(name: name, bytes: Array(text.utf8))
        file.lineOffset = lineOffset
        files.append(file)
        return SourceID(raw: files.count - 1)
    }

    public subscript(id: SourceID) -> SourceFile { files[id.raw] }
}
