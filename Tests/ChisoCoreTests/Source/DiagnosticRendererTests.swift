// MARK: - Rendering diagnostics
//
// How many are shown per source, what a very long line looks like, and that nothing
// from a notebook reaches the terminal as a control character.

import Testing

@testable import ChisoCore

@Suite("Diagnostic renderer")
struct DiagnosticRendererTests {
    /// A source of `text` and diagnostics at the given offsets.
    private func setup(_ text: String, name: String = "t.chiso") -> (SourceMap, SourceID) {
        var sources = SourceMap()
        let id = sources.add(name: name, text: text)
        return (sources, id)
    }

    private func errors(_ count: Int, in id: SourceID, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        (0..<count).map { Diagnostic(severity, .name, "problem \($0)", at: SourceSpan(source: id, start: $0 * 2, end: $0 * 2 + 1)) }
    }

    private func headers(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix("t.chiso:") && $0.contains(": problem ") }
    }

    @Test("past the limit, one line says how many more there were")
    func limit() {
        let (sources, id) = setup(String(repeating: "x\n", count: 300))
        let text = DiagnosticRenderer(sources: sources).render(errors(250, in: id))
        #expect(headers(text).count == Diagnostic.limit)
        #expect(
            text.hasSuffix(
                "t.chiso:101:1: error: 150 more errors not shown, the first at line 101 (only the first 100 of a file are shown)\n  help: fix the ones above and run again\n"
            ))
        let warnings = DiagnosticRenderer(sources: sources).render(errors(102, in: id, severity: .warning))
        #expect(
            warnings.hasSuffix(
                "t.chiso:101:1: warning: 2 more warnings not shown, the first at line 101 (only the first 100 of a file are shown)\n  help: fix the ones above and run again\n"
            ))
    }

    @Test("one more than the limit is shown rather than replaced by a line saying so")
    func oneMore() {
        let (sources, id) = setup(String(repeating: "x\n", count: 300))
        let text = DiagnosticRenderer(sources: sources).render(errors(Diagnostic.limit + 1, in: id))
        #expect(headers(text).count == Diagnostic.limit + 1)
        #expect(!text.contains("not shown"))
    }

    @Test("the limit is per source")
    func perSource() {
        var sources = SourceMap()
        let a = sources.add(name: "a.chiso", text: String(repeating: "x\n", count: 200))
        let b = sources.add(name: "b.chiso", text: String(repeating: "x\n", count: 200))
        let text = DiagnosticRenderer(sources: sources).render(errors(150, in: a) + errors(80, in: b))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("a.chiso:") && $0.contains(": problem ") }.count == 100)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("b.chiso:") && $0.contains(": problem ") }.count == 80)
        #expect(text.contains("a.chiso:101:1: error: 50 more errors not shown, the first at line 101"))
        #expect(!text.contains("not shown, the first at line 81"))
    }

    @Test("a diagnostic on a very long line shows a window, and its column is exact")
    func longLine() {
        // Accented text, then a long run, then places to point at.
        let line = "x = \"Hồ sơ tiếp nhận\" + " + String(repeating: "ab + ", count: 100_000) + "tail"
        let (sources, id) = setup("first\n" + line + "\nlast\n")
        let file = sources[id]
        let offsets = [10, 5_000, 250_000, 499_990, file.bytes.count - 6]
        let diagnostics = offsets.map { Diagnostic.error(.name, "here", at: SourceSpan(source: id, start: $0, end: $0 + 2)) }
        let text = DiagnosticRenderer(sources: sources).render(diagnostics)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3 * offsets.count)
        #expect(lines.allSatisfy { $0.count < 120 })
        for (k, offset) in offsets.enumerated() {
            let (l, c) = file.location(of: offset)
            #expect(lines[3 * k] == "t.chiso:\(l):\(c): error: here")
        }
        // 40 characters before the place, what the span covers, 20 after.
        #expect(lines[1] == "  2 | x = \"Hồ sơ tiếp nhận\" + ab…")
        #expect(lines[2] == "    |     ^^")
        // In the middle (ASCII there): the same window, cut from the bytes around the place.
        for k in 1...3 {
            let o = offsets[k]
            #expect(lines[3 * k + 1] == "  2 | …" + String(decoding: file.bytes[(o - 40)..<(o + 22)], as: UTF8.self) + "…")
            #expect(lines[3 * k + 2] == "    | " + String(repeating: " ", count: 41) + "^^")
        }
        // At the end of the line: the last 40 characters.
        #expect(lines[13] == "  2 | … ab + ab + ab + ab + ab + ab + ab + tail")
        #expect(lines[14] == "    |                                          ^")
    }

    @Test("names, texts, file names, help and notes are shown without control characters")
    func sanitized() {
        let (sources, id) = setup("x = \"\u{1B}[2J\"\n", name: "\u{1B}]0;t\u{07}.chiso")
        let d = Diagnostic.error(
            .name, "unknown name '\u{1B}[31m'", at: SourceSpan(source: id, start: 4, end: 9),
            help: "did you mean '\u{08}'?", notes: [.init(span: SourceSpan(source: id, start: 0, end: 1), message: "\u{1B}[0m here")])
        let spanless = Diagnostic.error(.usage, "bad \u{1B}", at: nil, help: "\u{07}")
        let text = DiagnosticRenderer(sources: sources).render([d, spanless])
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("\u{FFFD}]0;t\u{FFFD}.chiso:1:5: error: unknown name '\u{FFFD}[31m'"))
        #expect(text.contains("did you mean '\u{FFFD}'?"))
        #expect(text.contains("note: \u{FFFD}[0m here"))
        #expect(text.contains("error: bad \u{FFFD}\n  help: \u{FFFD}\n"))
    }

    @Test("bidirectional overrides and isolates in names and texts are not shown")
    func bidiControls() {
        // "Trojan Source": U+202E reverses the text after it on screen.
        let (sources, id) = setup("x = \"a\u{202E}b\u{2066}c\u{2069}\"\n")
        let d = Diagnostic.error(.name, "unknown name 'n\u{202D}m'", at: SourceSpan(source: id, start: 4, end: 15))
        let text = DiagnosticRenderer(sources: sources).render(d)
        for v: UInt32 in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] {
            #expect(!text.unicodeScalars.contains { $0.value == v })
        }
        #expect(text.contains("unknown name 'n\u{FFFD}m'"))
        #expect(text.contains("x = \"a\u{FFFD}b\u{FFFD}c\u{FFFD}\""))
        // Vietnamese text, and marks that only join or separate letters, are kept.
        #expect(DisplayWidth.sanitized("Hồ sơ\u{200D}") == "Hồ sơ\u{200D}")
    }

    @Test("a very long message shows its start and end")
    func longMessage() {
        let (sources, id) = setup("x\n")
        let name = String(repeating: "a", count: 100_000) + "z"
        let text = DiagnosticRenderer(sources: sources).render(
            .error(.name, "unknown name '\(name)'", at: SourceSpan(source: id, start: 0, end: 1)))
        let header = text.split(separator: "\n")[0]
        #expect(header.count < 400)
        #expect(header.hasPrefix("t.chiso:1:1: error: unknown name 'aaaa"))
        #expect(header.hasSuffix("aaaz'"))
        #expect(header.contains("…"))
    }
}
