// MARK: - Rendering diagnostics
//
//   notebooks/q1.chiso:7:21: error: unknown name 'recieved'
//     7 |   rate = resolved / recieved
//       |                     ^^^^^^^^ did you mean 'received'?

public struct DiagnosticRenderer: Sendable {
    public var sources: SourceMap
    /// Wrap severities and carets in ANSI colours (only for a terminal without NO_COLOR).
    public var colour: Bool

    /// Lines wider than this are shown as a window around the caret.
    static let maxLineWidth = 120

    public init(sources: SourceMap, colour: Bool = false) {
        self.sources = sources
        self.colour = colour
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let label = paint(d.severity.rawValue, d.severity == .error ? "1;31" : "1;33")
        guard let span = d.span else {
            out += "\(label): \(d.message)\n"
            if let help = d.help { out += "  help: \(help)\n" }
            return out
        }
        let file = sources[span.source]
        let (line, column) = file.location(of: span.start)
        out += "\(file.name):\(line):\(column): \(label): \(DisplayWidth.sanitized(d.message))\n"
        out += excerpt(file, span, line: line, marker: d.help)
        for note in d.notes {
            let nf = sources[note.span.source]
            let (nl, nc) = nf.location(of: note.span.start)
            out += "\(nf.name):\(nl):\(nc): \(paint("note", "1;36")): \(note.message)\n"
            out += excerpt(nf, note.span, line: nl, marker: nil)
        }
        return out
    }

    /// The source line with a gutter, and a caret line under the span.
    private func excerpt(_ file: SourceFile, _ span: SourceSpan, line: Int, marker: String?) -> String {
        let text = file.lineText(line)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let lineStart = file.lineStarts[line - 1]
        let before = String(decoding: file.bytes[lineStart..<min(span.start, file.bytes.count)], as: UTF8.self)
        // Where the line ends in the bytes: not from `text`, which is decoded (each invalid
        // byte there became U+FFFD, three bytes), so a span past the end stays in the file.
        var lineEnd = line < file.lineStarts.count ? file.lineStarts[line] - 1 : file.bytes.count
        if lineEnd > lineStart, file.bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let spanEnd = min(max(span.end, span.start), lineEnd)
        let covered = spanEnd > span.start
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
        let indent = String(repeating: " ", count: DisplayWidth.of(lead))
        let carets = String(repeating: "^", count: max(1, DisplayWidth.of(mark)))
        var out = "  \(gutter) | \(shown)\n"
        out += "  \(pad) | \(indent)\(paint(carets, "1;31"))"
        if let marker { out += " \(marker)" }
        return out + "\n"
    }

    private func paint(_ s: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
