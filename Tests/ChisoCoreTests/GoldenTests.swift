// Golden tests: every notebook in `notebooks/` and every fixture in `Fixtures/` sits
// beside the exact output it must print (`.out`) and the diagnostics it must report
// (`.err`, absent when there are none). `RECORD=1 swift test` rewrites them and fails,
// so that every recording is reviewed before it is committed.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

struct GoldenCase: CustomTestStringConvertible, Sendable {
    let path: String
    var testDescription: String { path }

    static let all: [GoldenCase] =
        (Repository.notebooks(in: "notebooks") + Repository.notebooks(in: "Tests/ChisoCoreTests/Fixtures")).map(GoldenCase.init)

    /// What `chiso run PATH` prints on stdout and stderr, run from the package root.
    func render() throws -> (out: String, err: String) {
        let bytes = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent(path)))
        let result = Engine.run(name: path, bytes: bytes)
        let out = TerminalRenderer.render(result.report)
        let err = DiagnosticRenderer(sources: result.sources).render(result.diagnostics)
        return (out, err)
    }
}

@Suite("Golden output")
struct GoldenTests {
    @Test("notebook output and diagnostics match the committed files", arguments: GoldenCase.all)
    func golden(_ c: GoldenCase) throws {
        let (out, err) = try c.render()
        let base = Repository.root.appendingPathComponent(String(c.path.dropLast(".chiso".count)))
        let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
        try Golden.check(
            c.path,
            [
                .required(out, outURL, "stdout of \(c.path) differs from \(outURL.lastPathComponent)"),
                .absentWhenEmpty(err, errURL, "stderr of \(c.path) differs from \(errURL.lastPathComponent)"),
            ])
    }

    @Test("every notebook in notebooks/ has golden output")
    func everyNotebookHasGolden() {
        for path in Repository.notebooks(in: "notebooks") {
            let out = Repository.root.appendingPathComponent(String(path.dropLast(".chiso".count)) + ".out")
            #expect(FileManager.default.fileExists(atPath: out.path), "\(path) has no .out file")
        }
        #expect(Repository.notebooks(in: "notebooks").count >= 9)
    }
}
