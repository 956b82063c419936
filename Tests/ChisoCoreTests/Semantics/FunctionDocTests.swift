// MARK: - Every function is documented, once
//
// Built-ins are described by their entry in `Builtin.spec`; docs/language.md's table of
// built-ins must be those entries, row for row, and each example must print its result.
// Standard-library functions are described by the comment above their definition; the
// reference's stdlib table must list each one.

import ChisoStdlib
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("Function documentation")
struct FunctionDocTests {
    /// The table rows (`| …`, after the header) of the section of docs/language.md
    /// headed `heading`.
    static func tableRows(under heading: String) throws -> [String] {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: heading), "docs/language.md has no '\(heading)'")
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("#") }
        return section.filter { $0.hasPrefix("| `") }
    }

    /// A built-in's row in the reference, as its entry says it.
    static func row(_ doc: FunctionDoc) -> String {
        let example = doc.example!.hasSuffix(" in a row") ? "`\(doc.example!.dropLast(9))` in a row" : "`\(doc.example!)`"
        return "| `\(doc.signature)` | \(doc.summary) | \(example) | \(doc.result!) |"
    }

    @Test("the reference's table of built-ins is their entries, in order")
    func builtinTable() throws {
        let documented = try Self.tableRows(under: "### Built-in functions")
        let expected = FunctionDoc.builtins.map(Self.row)
        #expect(documented == expected, "the table should read:\n\(expected.joined(separator: "\n"))")
    }

    @Test("every built-in has a signature, a line of help and an example", arguments: Builtin.allCases)
    func builtinEntry(_ f: Builtin) throws {
        let doc = try #require(FunctionDoc.named(f.rawValue))
        #expect(doc.signature.hasPrefix("\(f.rawValue)("))
        #expect(!doc.summary.isEmpty && !doc.summary.contains("\n"))
        #expect(f.spec.example.call.contains("\(f.rawValue)("), "the example calls the function")
    }

    @Test("each built-in's example prints its result", arguments: Builtin.allCases)
    func builtinExample(_ f: Builtin) {
        let (call, inRow, result) = f.spec.example
        let table = "table t over 2018Q3..2019Q2 {\n  x = 41, _, 60, 48\n" + (inRow ? "  r = \(call)\n" : "") + "}\n"
        let r = runNotebook(table + (inRow ? "" : "r = \(call)\n"), locale: .en)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        if inRow {
            let row = reportRow(r, "t", "r")
            let printed = row?.values.map { $0.isBlank ? "(blank)" : CellText.format($0, row!.format, .en) }.joined(separator: ", ")
            #expect(printed == result)
        } else {
            #expect(shown(r, "r") == result)
        }
    }

    @Test("every stdlib function has its comment as help")
    func stdlibEntries() throws {
        var sources = SourceMap()
        let trees = Stdlib.files.map { file in
            let id = sources.add(name: file.name, text: file.text)
            return Parser.parse(sources[id], id: id).0
        }
        let empty = sources.add(name: "empty", text: "")
        let (program, _, _) = Resolver.resolve(stdlib: trees, notebook: SyntaxTree(source: empty, statements: []))
        #expect(FunctionDoc.stdlib.map(\.name).sorted() == program.stdlibFunctionByName.keys.sorted())
        for doc in FunctionDoc.stdlib {
            #expect(doc.summary.count > 10, "\(doc.name) has no comment above it in stdlib/")
        }
        #expect(FunctionDoc.named("yoy")?.summary == "Growth on the same period a year before (\"so với cùng kỳ năm trước\").")
        #expect(FunctionDoc.named("share")?.signature == "share(part, whole)")
    }

    @Test("the reference's stdlib table lists every stdlib function, and only those")
    func stdlibTable() throws {
        let documented = try Self.tableRows(under: "### The standard library")
        let signatures = documented.map { String($0.dropFirst(3).prefix { $0 != "`" }) }
        #expect(signatures.sorted() == FunctionDoc.stdlib.map(\.signature).sorted())
    }

    @Test("a function's help is the comment just above it, on one line")
    func commentAbove() {
        let file = SourceFile(
            name: "lib.chiso",
            text: """
                # Ratios.

                # The part's share
                # of the whole.
                fn share(part, whole) = part / whole

                fn bare(x) = x
                ## A heading
                fn after_heading() = 1
                """)
        #expect(
            FunctionDoc.documented(in: file) == [
                FunctionDoc(name: "share", signature: "share(part, whole)", summary: "The part's share of the whole."),
                FunctionDoc(name: "bare", signature: "bare(x)", summary: ""),
                FunctionDoc(name: "after_heading", signature: "after_heading()", summary: ""),
            ])
    }
}
