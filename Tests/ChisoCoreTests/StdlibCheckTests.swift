// The standard library tests itself: every file in stdlib/ is embedded in the binary
// and loads on its own, and the checks in Tests/ChisoCoreTests/stdlib/*.chiso pin
// what each function returns.

import ChisoStdlib
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("Standard library")
struct StdlibCheckTests {
    @Test("every stdlib/*.chiso file is embedded")
    func everyFileIsEmbedded() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Repository.root.appendingPathComponent("stdlib").path)
            .filter { $0.hasSuffix(".chiso") }.sorted()
        #expect(Stdlib.files.map(\.name).sorted() == onDisk)
        for file in Stdlib.files {
            let disk = try String(contentsOf: Repository.root.appendingPathComponent("stdlib/\(file.name)"), encoding: .utf8)
            #expect(file.text == disk, "\(file.name) in the binary differs from the file")
        }
    }

    @Test("each stdlib file parses and resolves on its own", arguments: Stdlib.files.map(\.name))
    func loadsOnItsOwn(_ name: String) throws {
        let text = try #require(Stdlib.files.first { $0.name == name }?.text)
        var sources = SourceMap()
        let id = sources.add(name: name, text: text)
        let (tree, syntax) = Parser.parse(sources[id], id: id)
        #expect(syntax.isEmpty, "\(syntax.map(\.message))")
        let empty = sources.add(name: "empty", text: "")
        let (program, errors, _) = Resolver.resolve(stdlib: [tree], notebook: SyntaxTree(source: empty, statements: []))
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        #expect(!program.functions.isEmpty)
    }

    @Test("the stdlib's checks hold", arguments: Repository.notebooks(in: "Tests/ChisoCoreTests/stdlib"))
    func checksHold(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent(path)))
        let result = Engine.run(name: path, bytes: bytes)
        let rendered = DiagnosticRenderer(sources: result.sources).render(result.diagnostics)
        #expect(result.diagnostics.isEmpty, "\(rendered)")
        #expect(result.checks.count >= 8)
        #expect(result.checks.allSatisfy { $0.holds })
    }
}
