// MARK: - Rendering diagnostics
//
//   notebooks/q1.chiso:7:21: error: unknown name 'recieved'
//     7 |   rate = resolved / recieved
//       |                     ^^^^^^^^ did you mean 'received'?
//
// Everything shown comes from an untrusted notebook (names, texts, file names), so every
// piece is passed through `DisplayWidth.sanitized`: no control character reaches the
// terminal. At most `Diagnostic.limit` diagnostics of one source are shown; a last line
// says how many more there were. A very long line is shown as a window around the caret,
// read from the bytes near it only, so that a diagnostic costs what it shows.

public struct DiagnosticRenderer: Sendable {
    public var sources: SourceMap
    /// Wrap severities and carets in ANSI colours (only for a terminal without NO_COLOR).
    public var colour: Bool

    /// Lines wider than this are shown as a window around the caret.
    static let maxLineWidth = 120
    /// Lines longer than this many bytes are always shown as a window (without measuring them).
    static let maxLineBytes = 1024

    public init(sources: SourceMap, colour: Bool = false) {
        self.sources = sources
        self.colour = colour
    }

    /// The diagnostics in the order given: the first `Diagnostic.limit` of each source,
    /// then, for each source that had more, a line saying how many were not shown. (One
    /// more is shown rather than replaced by that line: it is often the lexer or parser
    /// saying where it stopped reading.)
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var cursor = ColumnCursor()
        var total: [Int: Int] = [:]
        for d in diagnostics { total[d.span?.source.raw ?? -1, default: 0] += 1 }
        var shown: [Int: Int] = [:]
        // Per source (by first hidden diagnostic): how many errors and warnings were not shown.
        var hidden: [(first: SourceSpan?, errors: Int, warnings: Int)] = []
        var hiddenIndex: [Int: Int] = [:]
        for d in diagnostics {
            let key = d.span?.source.raw ?? -1
            let count = shown[key, default: 0]
            if count < Diagnostic.limit || total[key, default: 0] == Diagnostic.limit + 1 {
                shown[key] = count + 1
                out += render(d, &cursor)
                continue
            }
            let i: Int
            if let existing = hiddenIndex[key] {
                i = existing
            } else {
                i = hidden.count
                hiddenIndex[key] = i
                hidden.append((d.span, 0, 0))
            }
            if d.severity == .error { hidden[i].errors += 1 } else { hidden[i].warnings += 1 }
        }
        for h in hidden { out += summary(h.first, errors: h.errors, warnings: h.warnings, &cursor) }
        return out
    }

    public func render(_ d: Diagnostic) -> String {
        var cursor = ColumnCursor()
        return render(d, &cursor)
    }

    private func render(_ d: Diagnostic, _ cursor: inout ColumnCursor) -> String {
        var out = ""
        let label = paint(d.severity.rawValue, d.severity == .error ? "1;31" : "1;33")
        let help = d.help.map(Self.clean)
        guard let span = d.span else {
            out += "\(label): \(Self.clean(d.message))\n"
            if let help { out += "  help: \(help)\n" }
            return out
        }
        let file = sources[span.source]
        let (line, column) = cursor.location(of: span.start, in: file, source: span.source)
        out += "\(Self.clean(file.name)):\(line + file.lineOffset):\(column): \(label): \(Self.clean(d.message))\n"
        out += excerpt(file, span, line: line, marker: help)
        for note in d.notes {
            let nf = sources[note.span.source]
            let (nl, nc) = cursor.location(of: note.span.start, in: nf, source: note.span.source)
            out += "\(Self.clean(nf.name)):\(nl + nf.lineOffset):\(nc): \(paint("note", "1;36")): \(Self.clean(note.message))\n"
            out += excerpt(nf, note.span, line: nl, marker: nil)
        }
        return out
    }

    /// `name:line:col: error: 9900 more errors not shown, the first at line 120 (…)` and
    /// what to do: placed where the first one not shown is.
    private func summary(_ first: SourceSpan?, errors: Int, warnings: Int, _ cursor: inout ColumnCursor) -> String {
        let what: String
        switch (errors, warnings) {
        case (_, 0): what = errors == 1 ? "error" : "errors"
        case (0, _): what = warnings == 1 ? "warning" : "warnings"
        default: what = "errors and warnings"
        }
        let label = errors > 0 ? paint("error", "1;31") : paint("warning", "1;33")
        var place = "", at = ""
        if let first {
            let (line, column) = cursor.location(of: first.start, in: sources[first.source], source: first.source)
            place = "\(Self.clean(sources[first.source].name)):\(line):\(column): "
            at = ", the first at line \(line)"
        }
        return
            "\(place)\(label): \(errors + warnings) more \(what) not shown\(at) (only the first \(Diagnostic.limit) of a file are shown)\n"
            + "  help: fix the ones above and run again\n"
    }

    /// The source line with a gutter, and a caret line under the span.
    private func excerpt(_ file: SourceFile, _ span: SourceSpan, line: Int, marker: String?) -> String {
        let gutter = String(line + file.lineOffset)
        let pad = String(repeating: " ", count: gutter.count)
        let lineStart = file.lineStarts[line - 1]
        var lineEnd = line < file.lineStarts.count ? file.lineStarts[line] - 1 : file.bytes.count
        if lineEnd > lineStart, file.bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let (shown, lead, mark) =
            lineEnd - lineStart > Self.maxLineBytes
            ? window(file, span, lineStart: lineStart, lineEnd: lineEnd)
            : whole(file, span, line: line, lineStart: lineStart, lineEnd: lineEnd)
        let indent = String(repeating: " ", count: DisplayWidth.of(lead))
        let carets = String(repeating: "^", count: max(1, DisplayWidth.of(mark)))
        var out = "  \(gutter) | \(shown)\n"
        out += "  \(pad) | \(indent)\(paint(carets, "1;31"))"
        if let marker { out += " \(marker)" }
        return out + "\n"
    }

    /// A line of ordinary length: shown whole, or cut to a window when it is too wide.
    /// Returns the text shown, the part before the caret and the part under it.
    private func whole(_ file: SourceFile, _ span: SourceSpan, line: Int, lineStart: Int, lineEnd: Int) -> (String, String, String) {
        let text = file.lineText(line)
        let before = String(decoding: file.bytes[lineStart..<min(span.start, file.bytes.count)], as: UTF8.self)
        // `lineEnd` is in the bytes, not taken from `text`, which is decoded (each invalid
        // byte there became U+FFFD, three bytes): a span past the end stays in the file.
        let spanEnd = min(max(span.end, span.start), lineEnd)
        let covered =
            spanEnd > span.start
            ? String(decoding: file.bytes[span.start..<spanEnd], as: UTF8.self) : ""
        var shown = DisplayWidth.sanitized(text), lead = DisplayWidth.sanitized(before), mark = DisplayWidth.sanitized(covered)
        // A very long line is cut to a window around the caret.
        if DisplayWidth.of(shown) > Self.maxLineWidth {
            let keepBefore = Array(lead.suffix(40))
            let cutBefore = keepBefore.count < lead.count
            lead = (cutBefore ? "…" : "") + String(keepBefore)
            mark = String(mark.prefix(40))
            let rest = shown.dropFirst(before.count + covered.count)
            let after = String(rest.prefix(20)) + (rest.count > 20 ? "…" : "")
            shown = DisplayWidth.sanitized(lead + String(covered.prefix(40)) + (covered.count > 40 ? "…" : after))
        }
        return (shown, lead, mark)
    }

    /// The same window as `whole` cuts from a wide line, read only from the bytes around
    /// the caret: 40 characters before it, at most 40 under it, 20 after.
    private func window(_ file: SourceFile, _ span: SourceSpan, lineStart: Int, lineEnd: Int) -> (String, String, String) {
        let bytes = file.bytes
        // Room for the characters wanted, even when each is a long cluster of marks.
        let perCharacter = 32
        func slice(_ from: Int, _ to: Int) -> String {
            var from = from
            while from < to, bytes[from] & 0xC0 == 0x80 { from += 1 }
            return String(decoding: bytes[from..<max(from, to)], as: UTF8.self)
        }
        let start = min(max(span.start, lineStart), lineEnd)
        let spanEnd = min(max(span.end, start), lineEnd)
        let beforeFrom = max(lineStart, start - 41 * perCharacter)
        let lead = DisplayWidth.sanitized(slice(beforeFrom, start))
        let keepBefore = String(lead.suffix(40))
        let shownLead = (beforeFrom > lineStart || keepBefore.count < lead.count ? "…" : "") + keepBefore
        let coveredTo = min(spanEnd, start + 41 * perCharacter)
        let covered = slice(start, coveredTo)
        let longCover = coveredTo < spanEnd || covered.count > 40
        let afterTo = min(lineEnd, spanEnd + 21 * perCharacter)
        let rest = slice(spanEnd, afterTo)
        let after = String(rest.prefix(20)) + (afterTo < lineEnd || rest.count > 20 ? "…" : "")
        let mark = DisplayWidth.sanitized(String(covered.prefix(40)))
        let shown = DisplayWidth.sanitized(shownLead + String(covered.prefix(40)) + (longCover ? "…" : after))
        return (shown, shownLead, mark)
    }

    /// Messages quote what the notebook wrote; past this many bytes, the middle is cut.
    static let maxMessageBytes = 400

    /// Text from a diagnostic, safe for a terminal and of a readable length: a name of a
    /// hundred thousand characters is shown by its start and end.
    static func clean(_ s: String) -> String {
        let safe = DisplayWidth.sanitized(s)
        guard safe.utf8.count > maxMessageBytes else { return safe }
        return String(safe.prefix(200)) + "…" + String(safe.suffix(100))
    }

    private func paint(_ s: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}

/// Lines and columns of successive places, each column counted on from the place before
/// when both are on one line (and the count can be split there), so that many
/// diagnostics on one very long line cost the line once rather than once each.
private struct ColumnCursor {
    private var source: SourceID?
    private var line = 0
    private var offset = 0
    private var column = 0

    mutating func location(of offset: Int, in file: SourceFile, source: SourceID) -> (line: Int, column: Int) {
        let offset = min(offset, file.bytes.count)
        let line = file.lineIndex(of: offset) + 1
        let bytes = file.bytes
        let o = self.offset
        // Between two ASCII characters (other than CR LF) there is always a character boundary.
        let splittable =
            o == file.lineStarts[line - 1]
            || (o > 0 && o < bytes.count && bytes[o - 1] < 0x80 && bytes[o] < 0x80 && bytes[o - 1] != UInt8(ascii: "\r"))
        let result: (line: Int, column: Int)
        if self.source == source, self.line == line, offset >= o, splittable {
            let part = bytes[o..<offset]
            let count = part.allSatisfy { $0 < 0x80 } ? part.count : String(decoding: part, as: UTF8.self).count
            result = (line, column + count)
        } else {
            result = file.location(of: offset)
        }
        (self.source, self.line, self.offset, self.column) = (source, line, offset, result.column)
        return result
    }
}
