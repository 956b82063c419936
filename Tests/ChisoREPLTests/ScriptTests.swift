// `chiso < nb.chiso` accepts every notebook that `chiso run` accepts: a blank line inside a
// `{ … }` block does not end it, and a definition that reads a name defined further down
// waits for it, as in a file.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoREPL

@Suite("Notebooks piped into the REPL")
struct ScriptTests {
    /// Every notebook under notebooks/.
    static let notebooks: [String] = {
        let root = Repository.root.appendingPathComponent("notebooks")
        let all = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".chiso") }.sorted()
    }()

    @Test("every notebook of notebooks/ piped in is accepted", arguments: notebooks)
    func pipedNotebook(_ name: String) throws {
        let file = Repository.root.appendingPathComponent("notebooks/\(name)")
        let folder = file.deletingLastPathComponent()
        let run = try Chiso.run(["run", file.lastPathComponent], in: folder)
        try #require(run.status == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        let piped = try Chiso.run(["repl"], in: folder, input: text)
        #expect(piped.status == 0, "\(name): \(piped.stderr)")
        #expect(!piped.stderr.contains("error"), "\(name): \(piped.stderr)")
        // With a blank line after every line that opens a block, it is still accepted (as
        // `chiso run` accepts it).
        let blank = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("{") ? $0 + "\n" : $0 }.joined(separator: "\n")
        let spaced = try Chiso.run(["repl"], in: folder, input: blank)
        #expect(spaced.status == 0, "\(name) with blank lines in its blocks: \(spaced.stderr)")
    }

    @Test func aBlankLineInsideABlockDoesNotEndIt() {
        let h = Harness("table t over 2019..2020 {\n  a = 1, 2\n\n  # a comment\n  b = a * 2\n}\nt.b")
        #expect(h.run() == 0, "\(h.err)")
        #expect(h.err.isEmpty)
        #expect(h.out.components(separatedBy: "│ b │    2 │    4 │").count == 3, "the table, then the row t.b: \(h.out)")
        #expect(h.reader.prompts == [.primary, .continuation, .continuation, .continuation, .continuation, .continuation, .primary])
    }

    @Test func aBlankLineStillEndsAnOpenBracket() {
        let h = Harness("x = (1 +\n\ny = 2")
        #expect(h.run() == 65)
        #expect(h.out.contains("y = 2"))
    }

    @Test func aDefinitionWaitsForANameDefinedFurtherDown() {
        let h = Harness("y = x + 1\nz = y * 2\nx = 2\nw = nope")
        #expect(h.run() == 65)
        #expect(h.out == "x = 2\ny = 3\nz = 6\n")
        #expect(h.err.contains("unknown name 'nope'"), "a name that never comes is reported at the end")
    }

    /// At a terminal, Ctrl-D on a continuation line closes the open block and goes on.
    @Test func ctrlDOnAContinuationLineEndsTheInputNotTheSession() {
        let h = Harness(
            [.line("table t over 2019..2020 {"), .line("  a = 1, 2"), .endOfInput, .line("x = 5"), .endOfInput],
            interactive: true)
        #expect(h.run() == 0)
        #expect(h.out.contains("│ a │    1 │    2 │"), "the open table was answered: \(h.out) \(h.err)")
        #expect(h.out.contains("x = 5"), "the session went on")
    }
}

@Suite("Help for every function")
struct FunctionHelpTests {
    @Test func everyBuiltInAndStandardLibraryFunctionHasHelp() {
        let h = Harness(FunctionDoc.all.map { ":help \($0.name)" }.joined(separator: "\n"))
        #expect(h.run() == 0, "\(h.err)")
        for doc in FunctionDoc.all {
            #expect(h.out.contains(doc.signature + "\n  " + doc.summary), "\(doc.name)")
        }
        // A built-in has its example, a standard-library function its definition.
        #expect(h.out.contains("example: sum(t.x)  →  149"))
        #expect(h.out.contains("  example: delta(t.y)  →  (blank), 4, -3, 9, 10, -12\n"))
        #expect(h.out.contains("  defined as: fn delta(x) = x - x[-1]\n"))
    }
}
